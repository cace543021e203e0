"""slalang: SLA contracts as code.

The public API, json-style::

    result = slalang.load("contract.sla")      # or slalang.loads(text, path=None)
    if result.contract is not None:
        text = slalang.dumps(result.contract)  # canonical text
    for d in result.diagnostics: ...
    findings = slalang.lint(result, select=["SLA1"], ignore=["no-cap"])  # or lint(text)

    records = slalang.read_records(["october.jsonl"], assume_tz=None)  # records, diagnostics, counts
    for record in (stream := slalang.iter_records("big.jsonl")): ...  # then stream.diagnostics
"""

from slalang.diagnostics import Diagnostic, Severity, Span
from slalang.fmt import dumps
from slalang.lint import lint
from slalang.loader import ParseResult, load, loads
from slalang.model import Contract, Objective
from slalang.records import RecordCounts, RecordsResult, RecordStream, iter_records, read_records

__version__ = "0.1.0"

__all__ = [
    "Contract",
    "Diagnostic",
    "Objective",
    "ParseResult",
    "RecordCounts",
    "RecordStream",
    "RecordsResult",
    "Severity",
    "Span",
    "__version__",
    "dumps",
    "iter_records",
    "lint",
    "load",
    "loads",
    "read_records",
]
