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
"""

from slalang.diagnostics import Diagnostic, Level, Span
from slalang.evaluate.engine import evaluate
from slalang.evaluate.inputs import EvaluationError
from slalang.evaluate.report import Report
from slalang.fmt import dumps
from slalang.lint import lint
from slalang.loader import ParseResult, load, loads
from slalang.model import Contract, Objective
from slalang.records import RecordCounts, RecordsResult, RecordStream, iter_records, read_records

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
    "dumps",
    "evaluate",
    "iter_records",
    "lint",
    "load",
    "loads",
    "read_records",
]
