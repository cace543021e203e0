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

from __future__ import annotations

import sys
from collections.abc import Sequence
from importlib import import_module
from importlib.abc import Loader, MetaPathFinder
from importlib.machinery import ModuleSpec, PathFinder
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from slalang.compare import compare
    from slalang.diagnostics import Diagnostic, Level, Span
    from slalang.diff import diff
    from slalang.document import render
    from slalang.evaluate.engine import evaluate
    from slalang.evaluate.inputs import EvaluationError
    from slalang.evaluate.report import Report
    from slalang.fmt import dumps
    from slalang.lint import lint
    from slalang.loader import ParseResult, load, loads
    from slalang.model import Contract, Objective
    from slalang.records import (
        RecordCounts,
        RecordsResult,
        RecordStream,
        iter_records,
        read_records,
    )

# Each name of the API and its module, imported on first use: `slalang --version` and the
# commands that need neither the evaluator nor pydantic's models start without them.
_HOMES = {
    "compare": "slalang.compare",
    "diff": "slalang.diff",
    "render": "slalang.document",
    "Diagnostic": "slalang.diagnostics",
    "Level": "slalang.diagnostics",
    "Span": "slalang.diagnostics",
    "evaluate": "slalang.evaluate.engine",
    "EvaluationError": "slalang.evaluate.inputs",
    "Report": "slalang.evaluate.report",
    "dumps": "slalang.fmt",
    "lint": "slalang.lint",
    "ParseResult": "slalang.loader",
    "load": "slalang.loader",
    "loads": "slalang.loader",
    "Contract": "slalang.model",
    "Objective": "slalang.model",
    "RecordCounts": "slalang.records",
    "RecordsResult": "slalang.records",
    "RecordStream": "slalang.records",
    "iter_records": "slalang.records",
    "read_records": "slalang.records",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'slalang' has no attribute {name!r}")
    value = getattr(import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_HOMES])


_FUNCTIONS = frozenset({"lint", "evaluate", "diff", "compare", "render"})  # named like modules


class _Api(ModuleType):
    """The package, where `slalang.lint`, `evaluate`, `diff`, `compare` and `render` stay the
    functions.

    Importing a submodule binds it on its package, so importing `slalang.lint.runner` would
    otherwise turn `slalang.lint` into the package `slalang.lint` (an eager
    `from slalang.lint import lint` used to bind the function over it).
    """

    def __setattr__(self, name: str, value: object) -> None:
        if name in _FUNCTIONS and isinstance(value, ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Api


class _ChecksWithTheModel(MetaPathFinder, Loader):
    """Imports `slalang.validate` right after `slalang.model`, whoever imports the model.

    The model runs the whole-contract checks that `slalang.validate` registers when imported;
    an eager package imported it through the loader. Lazily, the first import of the model
    does it, so that a `Contract` validated anywhere is checked, and `slalang --version` stays
    without pydantic.
    """

    def __init__(self) -> None:
        self._model: Loader | None = None

    def find_spec(
        self, name: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if name != "slalang.model":
            return None
        sys.meta_path.remove(self)
        spec = PathFinder.find_spec(name, path)
        if spec is not None and spec.loader is not None:
            self._model, spec.loader = spec.loader, self
        return spec

    def create_module(self, spec: ModuleSpec) -> ModuleType | None:
        assert self._model is not None
        return self._model.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        assert self._model is not None
        self._model.exec_module(module)
        import slalang.validate  # noqa: F401  (registers the checks)


if "slalang.model" not in sys.modules:
    sys.meta_path.insert(0, _ChecksWithTheModel())

__version__ = "0.1.0"

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
