"""What every importer shares: reading fields, validating records, deduplicating, writing JSONL."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import ROUND_FLOOR, Decimal
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import ValidationError

from slalang.importers.failure import ImportFailure, place
from slalang.importers.mapping import Mapping
from slalang.importers.times import TimeError, parse_layout, parse_time
from slalang.records.errors import problems
from slalang.records.model import RECORD_TYPES, Record
from slalang.records.reader import MAX_LINE
from slalang.render.escape import json_text


@dataclass
class ImportContext:
    """The options of one import run, and the notes it collects for standard error."""

    mapping: Mapping = field(default_factory=Mapping)
    assume_tz: ZoneInfo | None = None
    as_kind: str | None = None  # "ticket" or "outage", for alert tools
    notes: list[str] = field(default_factory=list)
    dropped: Counter[str] = field(default_factory=Counter)  # unmapped service names left out

    def service(self, names: tuple[str, ...], record: str, file: str) -> str | None:
        """The contract service of a source service (None: dropped, and counted)."""
        service = self.mapping.service(names, record, file)
        if service is None:
            self.dropped[names[0]] += 1
        return service

    def note(self, file: str, record: str | None, message: str) -> None:
        self.notes.append(f"{place(file, record)}: {message}")

    def time(self, value: object, file: str, record: str, name: str) -> datetime:
        """The required time `value` of field `name`."""
        if value is None or value == "":
            raise ImportFailure(file, record, f"{name}: missing")
        try:
            return parse_time(value, self.assume_tz)
        except TimeError as exc:
            layout = self.mapping.options.date_format
            if layout is None or not isinstance(value, str):
                raise ImportFailure(file, record, f"{name}: {exc}") from None
            try:
                return parse_layout(value, layout, self.assume_tz)
            except TimeError as again:
                raise ImportFailure(file, record, f"{name}: {again}") from None

    def optional_time(self, value: object, file: str, record: str, name: str) -> datetime | None:
        """The time `value` of field `name`, or None when it is null or empty (not yet)."""
        return None if value is None or value == "" else self.time(value, file, record, name)


def text(value: object, file: str, record: str, name: str) -> str:
    """A required text field (numbers are accepted and written as they were)."""
    if isinstance(value, str) and value.strip():
        return value.strip()
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise ImportFailure(
        file, record, f"{name}: expected text, got {json.dumps(value, default=str)}"
    )


def obj(value: object, file: str, record: str, name: str) -> dict[str, Any]:
    """An object field; null or absent reads as empty."""
    if value is None:
        return {}
    if isinstance(value, dict):
        return value
    raise ImportFailure(file, record, f"{name}: expected an object")


def objs(value: object, file: str, record: str, name: str) -> list[dict[str, Any]]:
    """A list-of-objects field; null or absent reads as empty."""
    if value is None:
        return []
    if isinstance(value, list) and all(isinstance(item, dict) for item in value):
        return value
    raise ImportFailure(file, record, f"{name}: expected a list of objects")


def later(
    start: datetime, amount: object, unit: Decimal, file: str, record: str, name: str
) -> datetime:
    """`start` plus `amount` (a number >= 0) times `unit` seconds, exact to the microsecond."""
    number = Decimal(amount) if isinstance(amount, (int, Decimal)) else Decimal("NaN")
    if isinstance(amount, bool) or not number.is_finite() or number < 0:
        raise ImportFailure(file, record, f"{name}: {amount!r} is not a duration")
    micros = int((number * unit).scaleb(6).to_integral_value(rounding=ROUND_FLOOR))
    try:
        return start + timedelta(microseconds=micros)
    except OverflowError:
        raise ImportFailure(file, record, f"{name}: {amount} is out of range") from None


def make(kind: str, data: dict[str, Any], file: str, record: str) -> Record:
    """A canonical record of `kind`, validated by its model: an importer never emits an invalid one."""
    fields = {key: value for key, value in data.items() if value is not None}
    try:
        return RECORD_TYPES[kind].model_validate(fields)
    except ValidationError as exc:
        found = problems(exc, kind, tagged=False)
        raise ImportFailure(file, record, "; ".join(p.message for p in found)) from None


@dataclass(frozen=True)
class Version:
    """One copy of a source object: its key, when it was last updated, and the object."""

    key: str
    updated: datetime | None
    item: Any


def latest(copies: Iterable[Version], ctx: ImportContext, source: str) -> list[Any]:
    """One object per key: the latest `updated` wins; on a tie (or none) the later input wins."""
    chosen: dict[str, tuple[int, Version]] = {}
    duplicates = 0
    for order, copy in enumerate(copies):
        if copy.key in chosen:
            duplicates += 1
            _, kept = chosen[copy.key]
            if kept.updated is not None and (copy.updated is None or copy.updated < kept.updated):
                continue
        chosen[copy.key] = (order, copy)
    if duplicates:
        ctx.notes.append(
            f"{source}: {duplicates} duplicate(s) by source id merged (the latest update wins)"
        )
    return [copy.item for _, copy in sorted(chosen.values(), key=lambda pair: pair[0])]


def to_json_line(record: Record) -> str:
    """One record as a JSON line: `kind` and `id` first, then fields in model order, defaults left out.

    UTF-8, with every control or invisible character of the input written as a `\\u` escape.
    A record longer than the records reader's line limit is an `ImportFailure`.
    """
    data = record.model_dump(mode="json", exclude_defaults=True)
    head = {"kind": type(record).model_fields["kind"].default, "id": record.id}
    line = json_text(json.dumps({**head, **data}, ensure_ascii=False, separators=(",", ":")))
    if len(line.encode("utf-8")) > MAX_LINE:  # never write what the records reader refuses
        raise ImportFailure("output", record.id[:40], f"longer than {MAX_LINE >> 20} MiB as a line")
    return line
