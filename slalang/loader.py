"""Text to a validated `Contract`, with every problem reported as a diagnostic.

Stages: decode (BOM, UTF-8, NUL bytes, line endings) -> limits -> parse with recovery -> the
contract budget (`syntax.budget`) -> lower -> pydantic validation -> whole-contract checks. Each
stage runs only when the one before it found no error, so one mistake is reported once, at its
root.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from slalang.diagnostics import Diagnostic, Level, Span, has_errors
from slalang.files import read_bounded
from slalang.model import Contract
from slalang.source import SourceMap
from slalang.syntax.budget import check_budget
from slalang.syntax.comments import Comments, attach_comments, scan_comments
from slalang.syntax.errors import parse_with_recovery
from slalang.syntax.lower import lower_contract
from slalang.syntax.parser import parser
from slalang.validate import check_contract

MAX_BYTES = 2 * 1024 * 1024
MAX_NESTING = 48


@dataclass
class ParseResult:
    """What `loads` returns: the contract (None when it has errors) and all diagnostics."""

    contract: Contract | None
    diagnostics: list[Diagnostic]
    path: str | None = None
    text: str = ""
    source_map: SourceMap | None = None
    comments: Comments = field(default_factory=Comments)
    normalised: bool = False  # the input had a BOM or CR line endings that `text` no longer has
    format_problems: list[Diagnostic] = field(default_factory=list)  # comments fmt cannot place

    @property
    def ok(self) -> bool:
        return self.contract is not None and not has_errors(self.diagnostics)


def _error(
    code: str, name: str, message: str, file: str | None, line: int = 1, column: int = 1
) -> Diagnostic:
    return Diagnostic(
        code=code,
        name=name,
        severity=Level.ERROR,
        message=message,
        span=Span(file=file, line=line, column=column, end_line=line, end_column=column + 1),
    )


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def decode(data: bytes, file: str | None) -> tuple[str | None, list[Diagnostic]]:
    """Bytes to text: UTF-8 with an optional BOM; NUL bytes and other encodings are errors."""
    if len(data) > MAX_BYTES:
        return None, [
            _error(
                "SLA005",
                "input-too-large",
                f"the file is larger than the limit of {MAX_BYTES} bytes",
                file,
            )
        ]
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        good = data[: exc.start].decode("utf-8")
        line, column = _position(good, len(good))
        return None, [
            _error(
                "SLA004",
                "invalid-encoding",
                f"byte 0x{data[exc.start]:02x} is not UTF-8; save the file as UTF-8",
                file,
                line,
                column,
            )
        ]
    return normalise(text, file)


def normalise(text: str, file: str | None) -> tuple[str | None, list[Diagnostic]]:
    """Drop a BOM and turn CRLF/CR into LF; check NUL bytes, size, nesting and emptiness."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    nul = text.find("\x00")
    if nul >= 0:
        line, column = _position(text, nul)
        return None, [
            _error("SLA004", "invalid-encoding", "the file contains a NUL byte", file, line, column)
        ]
    if len(text) > MAX_BYTES:
        return None, [
            _error("SLA005", "input-too-large", f"the text is over {MAX_BYTES} characters", file)
        ]
    depth = 0
    for offset, char in enumerate(text):
        if char in "([{":
            depth += 1
            if depth > MAX_NESTING:
                line, column = _position(text, offset)
                return None, [
                    _error(
                        "SLA005",
                        "nesting-too-deep",
                        f"brackets nest deeper than {MAX_NESTING} levels",
                        file,
                        line,
                        column,
                    )
                ]
        elif char in ")]}":
            depth = max(0, depth - 1)
    if not text.strip():
        return None, [
            _error(
                "SLA003",
                "unexpected-end",
                "the file is empty; expected 'contract \"name\" { ... }'",
                file,
            )
        ]
    return text, []


def _validation_diagnostics(error: ValidationError, source_map: SourceMap) -> list[Diagnostic]:
    out = []
    for item in error.errors(include_url=False):
        loc = tuple(
            part for part in item["loc"] if not (isinstance(part, str) and part[:1].isupper())
        )
        message = item["msg"].removeprefix("Value error, ")
        out.append(
            Diagnostic(
                code="SLA013",
                name="invalid-value",
                severity=Level.ERROR,
                message=message,
                span=source_map.span(loc),
            )
        )
    return _dedupe(out)


def _dedupe(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    seen: set[tuple[object, ...]] = set()
    out = []
    for d in diagnostics:
        key = (d.code, d.message, d.span)
        if key not in seen:
            seen.add(key)
            out.append(d)
    return out


def loads(text: str, path: str | None = None) -> ParseResult:
    """Parse and validate contract text. Never raises for bad input: see `.diagnostics`."""
    normalised, problems = normalise(text, path)
    if normalised is None:
        return ParseResult(None, problems, path, text)
    result = _load_text(normalised, path)
    result.normalised = normalised != text
    return result


def load(path: str | Path) -> ParseResult:
    """Read and parse a contract file. Raises `OSError` only when the file cannot be read."""
    return loads_bytes(read_bounded(path, MAX_BYTES), str(path))


def loads_bytes(data: bytes, path: str | None = None) -> ParseResult:
    text, problems = decode(data, path)
    if text is None:
        return ParseResult(None, problems, path)
    result = _load_text(text, path)
    result.normalised = text.encode("utf-8") != data
    return result


def _load_text(text: str, path: str | None) -> ParseResult:
    tree, diagnostics = parse_with_recovery(text, path, parser())
    if tree is None:
        return ParseResult(None, diagnostics, path, text)
    too_large = check_budget(tree, path)
    if too_large:
        return ParseResult(None, too_large, path, text)
    data, source_map, diagnostics = lower_contract(tree, path, text)
    if diagnostics:
        return ParseResult(None, diagnostics, path, text, source_map)
    try:
        contract = Contract.model_validate(data, context={"defer_checks": True})
    except ValidationError as error:
        return ParseResult(None, _validation_diagnostics(error, source_map), path, text, source_map)
    problems = [
        Diagnostic(
            code=p.code,
            name=p.name,
            severity=Level.ERROR,
            message=p.message,
            span=source_map.span(p.path),
            hints=(p.hint,) if p.hint else (),
        )
        for p in check_contract(contract)
    ]
    comments, misplaced = attach_comments(scan_comments(text), source_map)
    if problems:
        return ParseResult(None, problems, path, text, source_map, comments)
    return ParseResult(contract, [], path, text, source_map, comments, format_problems=misplaced)
