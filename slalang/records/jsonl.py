"""JSON Lines: one record per line; blank lines are skipped."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import partial

from slalang.records.errors import Entry, reject
from slalang.records.spans import json_field
from slalang.records.validation import Validator


def read_jsonl(lines: Iterable[bytes], file: str, validator: Validator) -> Iterator[Entry]:
    validate = validator.json
    for number, line in enumerate(lines, 1):
        if line.isspace():
            continue
        outcome = validate(line)
        if isinstance(outcome, list):
            text = line.decode("utf-8", "replace")
            yield reject(outcome, partial(json_field, text, file, number, 1))
        else:
            yield outcome, number
