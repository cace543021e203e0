"""Record diagnostics: the SLA7xx codes, and pydantic errors turned into `field: what is wrong`."""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from slalang.codes import CODES
from slalang.diagnostics import Diagnostic, Level, Related, Span
from slalang.numbers import shown
from slalang.records.model import NAIVE_TIME, RECORD_TYPES, AnyRecord

UNREADABLE = "SLA700"
MALFORMED = "SLA701"
UNKNOWN_KIND = "SLA702"
INVALID_FIELD = "SLA703"
UNKNOWN_FIELD = "SLA704"
NAIVE = "SLA705"
DUPLICATE_ID = "SLA706"
UNKNOWN_SERVICE = "SLA707"
UNKNOWN_SEVERITY = "SLA708"

KINDS = tuple(RECORD_TYPES)


class Problem(NamedTuple):
    """What is wrong with one record, before it is placed in a file."""

    code: str
    message: str
    field: str | None = None  # the top-level field it is about, to point at it
    hints: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Rejected:
    """A reader's verdict on input that yields no record."""

    diagnostics: tuple[Diagnostic, ...]
    is_record: bool = True  # False: a problem with the whole input, not with one record


def diagnostic(
    problem: Problem, span: Span | None, related: tuple[Related, ...] = ()
) -> Diagnostic:
    return Diagnostic(
        code=problem.code,
        name=CODES[problem.code].name,
        severity=Level.ERROR,
        message=problem.message,
        span=span,
        related=related,
        hints=problem.hints,
    )


Entry = tuple[AnyRecord, int] | Rejected  # what readers yield: a record and its line, or why not


def reject(found: list[Problem], place: Callable[[str | None], Span | None]) -> Rejected:
    """The diagnostics of a rejected record; `place` finds the span of a field."""
    return Rejected(tuple(diagnostic(p, place(p.field)) for p in found))


def file_problem(file: str, message: str, line: int = 1, column: int = 1) -> Rejected:
    """Input that cannot be read (any further), at `line` and `column`."""
    span = Span(file=file, line=line, column=column, end_line=line, end_column=column)
    return Rejected((diagnostic(Problem(UNREADABLE, message), span),), is_record=False)


def suggest(word: str, choices: Sequence[str]) -> tuple[str, ...]:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return (f"did you mean '{close[0]}'?",) if close else ()


def article(kind: str) -> str:
    """`outage` -> `an outage`."""
    return f"{'an' if kind[:1] in 'aeiou' else 'a'} {kind}"


def shown_value(value: object) -> str:
    """An input value as the user wrote it, shortened."""
    if isinstance(value, str):
        return json.dumps(value if len(value) <= 40 else value[:37] + "...", ensure_ascii=False)
    if value is None or isinstance(value, bool):
        return json.dumps(value)
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return shown(str(value))


def location(loc: Sequence[int | str]) -> str:
    """`('pauses', 0, 'start')` -> `pauses[0].start`."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


_EXPECTING = {
    "string_type": "expected a string",
    "int_type": "expected a whole number",
    "int_parsing": "expected a whole number",
    "int_from_float": "expected a whole number",
    "decimal_type": "expected a number",
    "decimal_parsing": "expected a number",
    "finite_number": "expected a finite number",
    "bool_type": "expected true or false",
    "bool_parsing": "expected true or false",
    "tuple_type": "expected a list",
    "list_type": "expected a list",
    "dict_type": "expected an object",
    "model_type": "expected an object",
    "model_attributes_type": "expected an object",
}
_BOUNDS = {
    "greater_than_equal": ("ge", "at least"),
    "greater_than": ("gt", "more than"),
    "less_than_equal": ("le", "at most"),
    "less_than": ("lt", "less than"),
}
_PATTERNS = {"^[A-Z]{3}$": "a currency code like USD"}
_QUOTED = re.compile(r"'([^']*)'")
_LEADING_FIELD = re.compile(r"^([a-z_]+)[\[.:]")


def _describe(error: ErrorDetails) -> tuple[str, tuple[str, ...]]:
    kind, value, ctx = error["type"], error["input"], error.get("ctx", {})
    if kind in _EXPECTING:
        return f"{_EXPECTING[kind]}, got {shown_value(value)}", ()
    if kind in _BOUNDS:
        key, words = _BOUNDS[kind]
        return f"must be {words} {ctx[key]}, got {shown_value(value)}", ()
    if kind == "datetime_type":
        return f"{shown_value(value)} is not a time; write it like 2026-10-01T09:00:00Z", ()
    if kind in ("datetime_parsing", "datetime_from_date_parsing"):
        return f"{shown_value(value)} is not an RFC 3339 time ({ctx.get('error', 'invalid')})", ()
    if kind == "literal_error":
        choices = _QUOTED.findall(str(ctx.get("expected", "")))
        hints = suggest(value, choices) if isinstance(value, str) else ()
        return f"{shown_value(value)} is not one of: {', '.join(choices)}", hints
    if kind == "missing":
        return "missing (a required field)", ()
    if kind == "string_too_short":
        return "must not be empty", ()
    if kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern"))
        return f"{shown_value(value)} is not {_PATTERNS.get(pattern, f'matched by {pattern}')}", ()
    message = error["msg"].removeprefix("Value error, ")
    return message[:1].lower() + message[1:], ()


def problems(error: ValidationError, kind: str | None, tagged: bool) -> list[Problem]:
    """One problem per pydantic error; `tagged` when the union's tag leads every location."""
    return [_problem(item, kind, tagged) for item in error.errors(include_url=False)]


def _problem(item: ErrorDetails, kind: str | None, tagged: bool) -> Problem:
    error_type, loc = item["type"], tuple(item["loc"])
    if error_type in ("union_tag_invalid", "union_tag_not_found"):
        tag = item.get("ctx", {}).get("tag")
        what = f"{shown_value(tag)} is not a record kind" if tag is not None else "missing"
        hints = suggest(tag, KINDS) if isinstance(tag, str) else ()
        return Problem(
            UNKNOWN_KIND, f"kind: {what}; expected one of: {', '.join(KINDS)}", "kind", hints
        )
    if error_type == "json_invalid":
        return Problem(MALFORMED, _json_error(str(item.get("ctx", {}).get("error"))))
    if tagged and loc:
        kind, loc = str(loc[0]), loc[1:]
    if not loc and error_type in ("dict_type", "model_type", "model_attributes_type"):
        return Problem(MALFORMED, f"a record is a JSON object, not {shown_value(item['input'])}")
    field, where = (str(loc[0]) if loc else None), location(loc)
    if error_type == "extra_forbidden":
        model = RECORD_TYPES.get(kind or "")
        top = kind is not None and model is not None and len(loc) == 1
        hints = suggest(str(loc[-1]), list(model.model_fields)) if top and model else ()
        owner = f" of {article(kind)} record" if top and kind else ""
        return Problem(UNKNOWN_FIELD, f"{where}: unknown field{owner}", field, hints)
    if error_type == NAIVE_TIME:
        return Problem(NAIVE, f"{where}: {item['msg']}", field)
    text, hints = _describe(item)
    if not loc:  # a whole-record check; its message starts with the field
        match = _LEADING_FIELD.match(text)
        return Problem(INVALID_FIELD, text, match.group(1) if match else None, hints)
    return Problem(INVALID_FIELD, f"{where}: {text}", field, hints)


_AT = re.compile(r" at line (\d+) column (\d+)$")


def _json_error(message: str) -> str:
    """pydantic's JSON error, placed within the line: `... (column 12)` or `... (at the end)`."""
    found = _AT.search(message)
    if found is None:
        return f"not valid JSON: {message}"
    where = f"column {found.group(2)}" if found.group(1) == "1" else "at the end"
    return f"not valid JSON: {message[: found.start()]} ({where})"


def decode_problem(exc: ValueError) -> Problem:
    """A JSON syntax error from the standard library's decoder."""
    message = getattr(exc, "msg", str(exc))
    column = getattr(exc, "colno", None)
    where = f" (column {column})" if column else ""
    return Problem(MALFORMED, f"not valid JSON: {message}{where}")
