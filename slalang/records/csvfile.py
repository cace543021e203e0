"""CSV: a header row of field names, then one record per row.

The kind comes from a `kind` column, or else from the file name (`outages.csv`, `2026-10_tickets.csv`).
An empty cell is an absent field. A list cell is `a;b` or a JSON list (`["a", "b"]`); a list of
pairs (`pauses`, `severity_history`, `excluded`) is `first/second;first/second` or JSON
(`[["2026-10-01T10:00:00Z", "2026-10-01T11:00:00Z"]]`). Errors point at the row and the cell.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from functools import partial
from typing import get_args, get_origin

from pydantic import BaseModel

from slalang.diagnostics import Span
from slalang.records.errors import MALFORMED, Entry, Problem, decode_problem, file_problem, reject
from slalang.records.model import RECORD_TYPES
from slalang.records.spans import region
from slalang.records.validation import Validator, decode_exact


def _shapes() -> dict[str, str]:
    """Field name -> "list" (of strings) or "pairs" (of two-field objects), over all kinds."""
    out: dict[str, str] = {}
    for model in RECORD_TYPES.values():
        for name, info in model.model_fields.items():
            args = get_args(info.annotation)
            if get_origin(info.annotation) is tuple and args:
                item = args[0]
                out[name] = (
                    "pairs" if isinstance(item, type) and issubclass(item, BaseModel) else "list"
                )
    return out


SHAPES = _shapes()
_NAME_PART = re.compile(r"[._\-\s]+")


def _plural(kind: str) -> str:
    return {"counts": "counts", "latency": "latencies"}.get(kind, kind + "s")


def kind_from_name(file: str) -> str | None:
    """`outages.csv`, `outage.csv` or `2026-10_outages.csv` -> "outage"."""
    stem = re.split(r"[\\/]", file)[-1].rsplit(".", 1)[0].lower()
    last = _NAME_PART.split(stem)[-1]
    for kind in RECORD_TYPES:
        if last in (kind, _plural(kind)):
            return kind
    return None


class _Undecodable(Exception):
    def __init__(self, line: int, byte: int) -> None:
        super().__init__(f"line {line} is not UTF-8 (byte {byte + 1} cannot be decoded)")
        self.line = line


def _cell(name: str, text: str) -> object:
    """A cell's value for validation; raises ValueError for a broken JSON list."""
    shape = SHAPES.get(name)
    if shape is None:
        return text
    if text.lstrip().startswith("["):
        return decode_exact(text)
    items = [item.strip() for item in text.split(";")]
    if shape == "list":
        return items
    return [_pair(item) for item in items]


def _pair(item: str) -> object:
    first, slash, second = item.partition("/")
    if not slash:
        return item
    return [first.strip(), second.strip() or None]


def _cell_bounds(raw: str, index: int) -> tuple[int, int]:
    """Start and end offsets of field `index` in the raw text of a row."""
    starts, quoted = [0], False
    for offset, char in enumerate(raw):
        if char == '"':
            quoted = not quoted
        elif char == "," and not quoted:
            starts.append(offset + 1)
    body = len(raw.rstrip("\r\n"))
    if index >= len(starts):
        return body, body
    end = starts[index + 1] - 1 if index + 1 < len(starts) else body
    return starts[index], end


def _place(raw: str, file: str, line: int, header: list[str], field: str | None) -> Span:
    if field is not None and field in header:
        start, end = _cell_bounds(raw, header.index(field))
    else:
        start, end = 0, len(raw.rstrip("\r\n"))
    return region(raw, start, end, file, line, 1)


def read_csv(lines: Iterable[bytes], file: str, validator: Validator) -> Iterator[Entry]:
    raw_lines: list[str] = []

    def decoded() -> Iterator[str]:
        for number, line in enumerate(lines, 1):
            try:
                text = line.decode("utf-8")
            except UnicodeDecodeError as error:
                raise _Undecodable(number, error.start) from None
            raw_lines.append(text)
            yield text

    reader = csv.reader(decoded(), strict=True)
    try:
        yield from _rows(reader, raw_lines, file, validator)
    except _Undecodable as error:
        yield file_problem(file, str(error), error.line)
    except csv.Error as error:
        yield file_problem(file, f"not valid CSV: {error}", reader.line_num)


def _rows(
    reader: Iterator[list[str]], raw_lines: list[str], file: str, validator: Validator
) -> Iterator[Entry]:
    header = [name.strip() for name in next(reader, [])]
    if not header:
        return
    repeated = sorted({name for name in header if header.count(name) > 1})
    if repeated:
        yield file_problem(file, f"the header names {', '.join(repeated)} more than once")
        return
    if "" in header:
        yield file_problem(file, f"column {header.index('') + 1} of the header has no name")
        return
    kind = None if "kind" in header else kind_from_name(file)
    if kind is None and "kind" not in header:
        names = ", ".join(f"{_plural(k)}.csv" for k in RECORD_TYPES)
        yield file_problem(file, f"no 'kind' column, and the name {file!r} is none of: {names}")
        return
    line = len(raw_lines)
    raw_lines.clear()
    for row in reader:  # the reader takes exactly the lines of one row at a time
        raw, start = "".join(raw_lines), line + 1
        line += len(raw_lines)
        raw_lines.clear()
        if not any(cell.strip() for cell in row):
            continue
        place = partial(_place, raw, file, start, header)
        if len(row) != len(header):
            message = f"the row has {len(row)} fields, the header {len(header)}"
            yield reject([Problem(MALFORMED, message)], place)
            continue
        values, broken = _values(header, row)
        if broken:
            yield reject(broken, place)
            continue
        outcome = validator.python(values, kind)
        yield reject(outcome, place) if isinstance(outcome, list) else (outcome, start)


def _values(header: list[str], row: list[str]) -> tuple[dict[str, object], list[Problem]]:
    values: dict[str, object] = {}
    broken: list[Problem] = []
    for name, text in zip(header, row, strict=True):
        if text == "":
            continue
        try:
            values[name] = _cell(name, text)
        except ValueError as error:
            problem = decode_problem(error)
            broken.append(Problem(problem.code, f"{name}: {problem.message}", name))
    return values, broken
