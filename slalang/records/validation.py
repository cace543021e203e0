"""Validation of one record from JSON text or from Python data, exactly and without exceptions.

JSON goes through pydantic's Rust-side `validate_json`, which reads fractions as binary floats. When
a decimal field received one and the text holds a number a float could round (16 or more digits,
or an exponent), the text is read again by the standard library with `Decimal` numbers, so
`0.1000000000000000000000000001` stays what it says.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any, NoReturn, cast
from zoneinfo import ZoneInfo

from pydantic import TypeAdapter, ValidationError

from slalang.numbers import MAX_DIGITS, parse_decimal, parse_int, shown
from slalang.records.errors import INVALID_FIELD, Problem, decode_problem, problems
from slalang.records.model import FLOAT_SEEN, RECORD_TYPES, AnyRecord

RecordCheck = Callable[
    [AnyRecord], list[Problem]
]  # more problems of a valid record (contract checks)
_ANY: TypeAdapter[AnyRecord] = TypeAdapter(AnyRecord)
# a number that is an object's value (every decimal field is) with 16+ digits or an exponent
_ROUNDABLE = re.compile(rb":[ \t\r\n]*-?[0-9](?:[0-9.]{15}|[0-9.]*[eE])")


def _no_constants(name: str) -> NoReturn:
    raise ValueError(f"{name} is not a JSON number")


DECODER = json.JSONDecoder(
    parse_float=parse_decimal, parse_int=parse_int, parse_constant=_no_constants
)


def decode_exact(data: bytes | str) -> Any:
    """JSON with every fraction as a `Decimal`, numbers within `slalang.numbers`' bounds.

    Raises ValueError on invalid JSON, a number out of bounds, or nesting too deep to decode.
    """
    text = data.decode("utf-8") if isinstance(data, bytes) else data
    try:
        return DECODER.decode(text)
    except RecursionError:
        raise ValueError("nested too deeply") from None


# a JSON string (skipped whole) or a run of more digits than any number in bounds has
_LONG_DIGITS = re.compile(rb'"(?:[^"\\]|\\.)*"|-?[0-9]{%d,}' % (MAX_DIGITS + 1))
_KEY_BEFORE = re.compile(rb'"([^"\\]{1,64})"\s*:[\s\[{]*\Z')


def long_number(data: bytes) -> list[Problem]:
    """The problem of the first number with more digits than the bounds allow, named by its key.

    pydantic's reader stops at such a number with a column inside it ("number out of range");
    this names the field and the limit instead.
    """
    for found in _LONG_DIGITS.finditer(data):
        if found.group().startswith(b'"'):
            continue
        key = _KEY_BEFORE.search(data, max(0, found.start() - 80), found.start())
        field = key.group(1).decode("utf-8", "replace") if key else None
        digits = found.group().decode("ascii")
        message = f"{shown(digits)} has more than {MAX_DIGITS} digits"
        return [Problem(INVALID_FIELD, f"{field}: {message}" if field else message, field)]
    return []


class Validator:
    """Validates records, attaching `assume_tz` to times written without an offset."""

    __slots__ = ("check", "context")

    def __init__(self, assume_tz: ZoneInfo | None, check: RecordCheck | None = None) -> None:
        self.context: dict[str, object] = {"assume_tz": assume_tz, FLOAT_SEEN: False}
        self.check = check

    def json(self, data: bytes) -> AnyRecord | list[Problem]:
        """A record from one JSON object."""
        context = self.context
        context[FLOAT_SEEN] = False
        outcome: AnyRecord | ValidationError
        try:
            outcome = _ANY.validate_json(data, context=context)
        except ValidationError as error:
            outcome = error
        if not (context[FLOAT_SEEN] and _ROUNDABLE.search(data)):
            if isinstance(outcome, ValidationError):
                return long_number(data) or problems(outcome, None, tagged=True)
            return self._checked(outcome)
        try:
            value = decode_exact(data)
        except ValueError as error:
            return [decode_problem(error)]
        return self.python(value)

    def python(self, value: object, kind: str | None = None) -> AnyRecord | list[Problem]:
        """A record from decoded data; with `kind`, validated as that kind (no `kind` key needed)."""
        try:
            if kind is None:
                record = _ANY.validate_python(value, context=self.context)
            else:
                model = RECORD_TYPES[kind]
                record = cast(AnyRecord, model.model_validate(value, context=self.context))
        except ValidationError as error:
            return problems(error, kind, tagged=kind is None)
        return self._checked(record)

    def _checked(self, record: AnyRecord) -> AnyRecord | list[Problem]:
        if self.check is None:
            return record
        return self.check(record) or record
