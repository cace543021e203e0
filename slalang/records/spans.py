"""Where in a text a record, or one of its fields, is: for diagnostics that point at the field."""

from __future__ import annotations

import re

from slalang.diagnostics import Span


def position(text: str, offset: int, line: int, column: int) -> tuple[int, int]:
    """The (line, column) of `offset` in `text`, which starts at (`line`, `column`)."""
    newlines = text.count("\n", 0, offset)
    if newlines == 0:
        return line, column + offset
    return line + newlines, offset - text.rfind("\n", 0, offset)


def region(text: str, start: int, end: int, file: str | None, line: int, column: int) -> Span:
    """The span of `text[start:end]`."""
    first_line, first_column = position(text, start, line, column)
    last_line, last_column = position(text, end, line, column)
    return Span(
        file=file,
        line=first_line,
        column=first_column,
        end_line=last_line,
        end_column=last_column,
    )


def json_field(text: str, file: str | None, line: int, column: int, field: str | None) -> Span:
    """The span of the key `"field"` in the JSON object `text`, or of the whole object."""
    if field is not None:
        found = re.search(rf'"{re.escape(field)}"\s*:', text)
        if found is not None:
            return region(text, found.start(), found.start() + len(field) + 2, file, line, column)
    body = text.rstrip("\r\n")
    return region(text, len(body) - len(body.lstrip()), len(body), file, line, column)
