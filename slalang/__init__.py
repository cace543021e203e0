"""slalang: SLA contracts as code.

The public API, json-style::

    result = slalang.load("contract.sla")      # or slalang.loads(text, path=None)
    if result.contract is not None:
        text = slalang.dumps(result.contract)  # canonical text
    for d in result.diagnostics: ...
    findings = slalang.lint(result, select=["SLA1"], ignore=["no-cap"])  # or lint(text)

    records = slalang.read_records(["october.jsonl"], assume_tz=None)  # records, diagnostics, counts
    for record in (stream := slalang.iter_records("big.jsonl")): ...  # then stream.diagnostics

    report = slalang.evaluate(result.contract, records, period="2026-10", fee="20000 CNY")
    print(report.to_json())                     # a slalang.Report, versioned and exact

For buyers (imported on first use)::

    changes = slalang.diff(old, new)            # ContractDiff: each change better/worse/neutral
    table = slalang.compare(a, b, fee=None)     # Comparison: downtime, curves, deadlines, dominance
    doc = slalang.render(result, format="html", lang="zh")  # Document; doc.text is the page
"""

import sys
import types
from typing import TYPE_CHECKING, Any

from slalang.diagnostics import Diagnostic, Level, Span
from slalang.evaluate.engine import evaluate
from slalang.evaluate.inputs import EvaluationError
from slalang.evaluate.report import Report
from slalang.fmt import dumps
from slalang.lint import lint
from slalang.loader import ParseResult, load, loads
from slalang.model import Contract, Objective
from slalang.records import RecordCounts, RecordsResult, RecordStream, iter_records, read_records

if TYPE_CHECKING:
    from slalang.compare import compare
    from slalang.diff import diff
    from slalang.document import render

__version__ = "0.1.0"


class _Package(types.ModuleType):
    """The package's module type: `diff`, `compare` and `render` are imported on first use.

    Properties, not a module `__getattr__`: importing the submodule `slalang.diff` makes the
    import system bind it as the package's attribute `diff`; the setter ignores that, so the
    name stays the function.
    """

    @property
    def diff(self) -> Any:
        from slalang.diff import diff

        return diff

    @diff.setter
    def diff(self, submodule: Any) -> None:
        pass

    @property
    def compare(self) -> Any:
        from slalang.compare import compare

        return compare

    @compare.setter
    def compare(self, submodule: Any) -> None:
        pass

    @property
    def render(self) -> Any:
        from slalang.document import render

        return render


sys.modules[__name__].__class__ = _Package

__all__ = [
    "Contract",
    "Diagnostic",
    "EvaluationError",
    "Level",
    "Objective",
    "ParseResult",
    "RecordCounts",
    "RecordStream",
    "RecordsResult",
    "Report",
    "Span",
    "__version__",
    "compare",
    "diff",
    "dumps",
    "evaluate",
    "iter_records",
    "lint",
    "load",
    "loads",
    "read_records",
    "render",
]
