"""Records written inside contracts (`record outage "o1" { ... }`) as validated records.

Typed values become record data: text and words as strings (`true`, `false`, `null` as such),
numbers as `Decimal`, percentages as fractions (`30%` -> 0.3), durations as milliseconds, money
as `"1000.00 USD"`, dates as ISO text, lists as lists (pairs as `[a, b]`). Errors point at the
field's value through the contract's SourceMap.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from decimal import MAX_PREC, Context
from functools import partial

from slalang.diagnostics import Span
from slalang.model import (
    MILLISECONDS_PER_UNIT,
    BusinessDuration,
    Contract,
    DateTimeValue,
    DateValue,
    Duration,
    ListValue,
    Money,
    Number,
    Percent,
    RecordLiteral,
    Text,
    Value,
    Word,
)
from slalang.records.errors import INVALID_FIELD, Entry, Problem, reject
from slalang.records.intake import Intake, RecordsResult
from slalang.records.references import ContractCheck
from slalang.records.validation import Validator
from slalang.source import ModelPath, SourceMap

_EXACT = Context(prec=MAX_PREC)  # no rounding: results have as many digits as they need
_WORDS: dict[str, object] = {"true": True, "false": False, "null": None}


class _NotARecordValue(Exception):
    pass


def _plain(value: Value) -> object:
    if isinstance(value, (Text, DateTimeValue)):
        return value.value
    if isinstance(value, Word):
        return _WORDS.get(value.value, value.value)
    if isinstance(value, Number):
        return value.value
    if isinstance(value, Percent):
        return _EXACT.scaleb(value.value, -2)
    if isinstance(value, Duration):
        return _EXACT.multiply(value.value, MILLISECONDS_PER_UNIT[value.unit])
    if isinstance(value, Money):
        return f"{value.amount} {value.currency}"
    if isinstance(value, DateValue):
        return value.value.isoformat()
    if isinstance(value, ListValue):
        return [_plain(item) for item in value.items]
    if isinstance(value, BusinessDuration):
        raise _NotARecordValue("a business-hours duration is not a record value")
    raise _NotARecordValue("a calendar span (months, quarters, years) is not a record value")


def _data(literal: RecordLiteral) -> tuple[dict[str, object], list[Problem]]:
    data: dict[str, object] = {"kind": literal.kind, "id": literal.id}
    found: list[Problem] = []
    for item in literal.fields:
        if item.name in data:
            where = "the record's header" if item.name in ("kind", "id") else "an earlier line"
            found.append(
                Problem(INVALID_FIELD, f"{item.name}: already given in {where}", item.name)
            )
            continue
        try:
            data[item.name] = _plain(item.value)
        except _NotARecordValue as error:
            found.append(Problem(INVALID_FIELD, f"{item.name}: {error}", item.name))
    return data, found


def literal_records(
    literals: Sequence[RecordLiteral],
    *,
    source_map: SourceMap | None = None,
    path: ModelPath = (),
    contract: Contract | None = None,
) -> RecordsResult:
    """Validate records written in a contract; `path` is where `literals` sit in the contract
    model, e.g. `("examples", 0, "records")`, so that errors point into the source."""

    def place(index: int, field: str | None = None) -> Span | None:
        if source_map is None:
            return None
        record: ModelPath = (*path, index)
        names = [item.name for item in literals[index].fields]
        if field in names:
            return source_map.span((*record, "fields", names.index(field), "value"))
        return source_map.span(record)

    validator = Validator(None, ContractCheck(contract) if contract is not None else None)

    def entries() -> Iterator[Entry]:
        for index, literal in enumerate(literals):
            data, found = _data(literal)
            outcome = found or validator.python(data)
            if isinstance(outcome, list):
                yield reject(outcome, partial(place, index))
            else:
                yield outcome, index

    intake = Intake()
    records = list(intake.accept(entries(), intake.source(place)))
    return RecordsResult(records, intake.diagnostics, intake.counts)
