"""Positions between slalang and LSP: 1-based character columns against 0-based UTF-16 ones.

A `Span` counts lines and columns from 1 in characters; LSP counts from 0 in UTF-16 code units
(its default position encoding), so a column after an emoji differs between the two.
"""

from __future__ import annotations

import bisect

from lsprotocol import types

from slalang.diagnostics import Span


class Lines:
    """The lines of one text, for converting positions both ways."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = text.split("\n")
        self.starts = [0]
        for line in self.lines[:-1]:
            self.starts.append(self.starts[-1] + len(line) + 1)

    def line(self, index: int) -> str:
        return self.lines[index] if 0 <= index < len(self.lines) else ""

    def position(self, line: int, column: int) -> types.Position:
        """The LSP position of 1-based `line` and character `column`."""
        text = self.line(line - 1)
        prefix = text[: max(0, column - 1)]
        return types.Position(line=max(0, line - 1), character=_utf16_length(prefix))

    def range(self, span: Span) -> types.Range:
        return types.Range(
            start=self.position(span.line, span.column),
            end=self.position(span.end_line, span.end_column),
        )

    def column(self, position: types.Position) -> int:
        """The 0-based character index in its line of an LSP position."""
        text = self.line(position.line)
        units = 0
        for index, char in enumerate(text):
            if units >= position.character:
                return index
            units += 2 if ord(char) > 0xFFFF else 1
        return len(text)

    def offset(self, position: types.Position) -> int:
        """The character offset in the whole text of an LSP position (clamped to the text)."""
        if position.line >= len(self.lines):
            return len(self.text)
        return self.starts[position.line] + self.column(position)

    def offset_range(self, start: int, end: int) -> types.Range:
        """The LSP range of the characters `start:end` of the text."""
        return types.Range(start=self.at(start), end=self.at(end))

    def at(self, offset: int) -> types.Position:
        line = bisect.bisect_right(self.starts, offset) - 1
        return self.position(line + 1, offset - self.starts[line] + 1)

    def char_offset(self, line: int, column: int) -> int:
        """The offset in the whole text of 1-based `line` and character `column`."""
        index = min(max(0, line - 1), len(self.starts) - 1)
        return min(len(self.text), self.starts[index] + max(0, column - 1))

    def span_text(self, span: Span) -> tuple[int, str]:
        """Where `span` starts in the text, and its text."""
        start = self.char_offset(span.line, span.column)
        return start, self.text[start : self.char_offset(span.end_line, span.end_column)]


def _utf16_length(text: str) -> int:
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)


def contains(span: Span, line: int, column: int) -> bool:
    """Whether the 1-based `line` and `column` fall inside `span` (its end included)."""
    if (line, column) < (span.line, span.column):
        return False
    return (line, column) <= (span.end_line, span.end_column)
