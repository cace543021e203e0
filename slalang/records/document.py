"""A JSON document `{"schema": "slalang.records/v1", "records": [...]}`.

The document is read whole (use JSON Lines for inputs too large for memory); each element of
`records` is decoded on its own, with `Decimal` fractions, and located by its line and column.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from functools import partial

from slalang.records.errors import Entry, Rejected, decode_problem, file_problem, reject
from slalang.records.model import SCHEMA
from slalang.records.spans import json_field, position
from slalang.records.validation import DECODER, Validator

SHAPE = f'expected a document {{"schema": "{SCHEMA}", "records": [...]}}'
_SPACE = " \t\r\n"


class _Malformed(Exception):
    """The document's structure is broken at `offset`."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.offset = offset


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def skip(self) -> str:
        """Skip white space; the next character, or '' at the end."""
        text, pos = self.text, self.pos
        while pos < len(text) and text[pos] in _SPACE:
            pos += 1
        self.pos = pos
        return text[pos : pos + 1]

    def expect(self, chars: str, what: str) -> str:
        char = self.skip()
        if not char or char not in chars:
            found = repr(char) if char else "the end"
            raise _Malformed(f"expected {what}, found {found}", self.pos)
        self.pos += 1
        return char

    def value(self) -> object:
        self.skip()
        try:
            value, self.pos = DECODER.raw_decode(self.text, self.pos)
        except json.JSONDecodeError as error:
            raise _Malformed(decode_problem(error).message, error.pos) from None
        except (ValueError, RecursionError) as error:
            message = "nested too deeply" if isinstance(error, RecursionError) else str(error)
            raise _Malformed(f"not valid JSON: {message}", self.pos) from None
        return value

    def key(self) -> str:
        if self.skip() != '"':
            raise _Malformed("expected a key in quotes", self.pos)
        key = str(self.value())
        self.expect(":", "':'")
        return key


def read_document(lines: Iterable[bytes], file: str, validator: Validator) -> Iterator[Entry]:
    data = b"".join(lines)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        yield file_problem(file, f"not UTF-8: byte {error.start} cannot be decoded; {SHAPE}")
        return
    scanner = _Scanner(text)
    schema_seen = False
    try:
        if not scanner.skip():
            yield file_problem(file, f"the file is empty; {SHAPE}")
            return
        scanner.expect("{", "'{'")
        if scanner.skip() == "}":
            scanner.pos += 1
        else:
            while True:
                scanner.skip()
                start = scanner.pos
                key = scanner.key()
                if key == "records":
                    yield from _records(scanner, file, validator)
                elif key == "schema":
                    schema_seen = True
                    schema = scanner.value()
                    if schema != SCHEMA:
                        yield _problem(text, file, start, f"schema {schema!r} is not {SCHEMA!r}")
                else:
                    scanner.value()
                    yield _problem(text, file, start, f"unknown key {key!r}; {SHAPE}")
                if scanner.expect(",}", "',' or '}'") == "}":
                    break
        if scanner.skip():
            raise _Malformed("text after the end of the document", scanner.pos)
    except _Malformed as broken:
        yield _problem(text, file, broken.offset, f"{broken}; {SHAPE}")
        return
    if not schema_seen:
        yield file_problem(file, f'no "schema" key; {SHAPE}')


def _problem(text: str, file: str, offset: int, message: str) -> Rejected:
    line, column = position(text, offset, 1, 1)
    return file_problem(file, message, line, column)


def _records(scanner: _Scanner, file: str, validator: Validator) -> Iterator[Entry]:
    text = scanner.text
    scanner.expect("[", "'[' (the list of records)")
    if scanner.skip() == "]":
        scanner.pos += 1
        return
    line, counted = 1, 0
    while True:
        start = scanner.pos
        line += text.count("\n", counted, start)
        counted = start
        value = scanner.value()
        outcome = validator.python(value)
        if isinstance(outcome, list):
            column = start - text.rfind("\n", 0, start)
            element = text[start : scanner.pos]
            yield reject(outcome, partial(json_field, element, file, line, column))
        else:
            yield outcome, line
        if scanner.expect(",]", "',' or ']'") == "]":
            return
