"""slalang: SLA contracts as code.

The public API, json-style::

    result = slalang.load("contract.sla")      # or slalang.loads(text, path=None)
    if result.contract is not None:
        text = slalang.dumps(result.contract)  # canonical text
    for d in result.diagnostics: ...
"""

from slalang.diagnostics import Diagnostic, Severity, Span
from slalang.fmt import dumps
from slalang.loader import ParseResult, load, loads
from slalang.model import Contract, Objective

__version__ = "0.1.0"

__all__ = [
    "Contract",
    "Diagnostic",
    "Objective",
    "ParseResult",
    "Severity",
    "Span",
    "__version__",
    "dumps",
    "load",
    "loads",
]
