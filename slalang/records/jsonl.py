"""JSON Lines: one record per line; blank lines are skipped."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import partial

from slalang.records.errors import Entry, reject
from slalang.records.spans import json_field
from slalang.records.validation import Validator


def read_jsonl(lines: Iterable[bytes], file: str, validator: Validator) -> Iterator[Entry]:
    for number, line in enumerate(lines, 1):
        if not line.isspace():
            yield jsonl_entry(line, number, file, validator)


def jsonl_entry(line: bytes, number: int, file: str, validator: Validator) -> Entry:
    """The record of one line, or its located rejection."""
    outcome = validator.json(line)
    if isinstance(outcome, list):
        text = line.decode("utf-8", "replace")
        return reject(outcome, partial(json_field, text, file, number, 1))
    return outcome, number
