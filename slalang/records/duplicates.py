"""Duplicate ids: the same record twice is harmless, one id with two contents is an error.

Memory stays small: per (kind, id) one int packing a 64-bit hash of the record's content with the
place it was first seen (source number and line). Content is compared by that hash, which agrees
with record equality (an instant written in two offsets is the same instant).

Python hashes numbers without a key (`hash(5) == hash(5 + 2**61 - 1)`), so two different records
could be made to collide and one would be dropped unseen. Numbers therefore enter the hash as exact
text (`n/d` for a Decimal, digits for an int), and text is hashed with the interpreter's random key
(as are times): a collision then happens by chance alone, about once in 2^64 repeated ids.
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

from pydantic import BaseModel

from slalang.records.model import RECORD_TYPES, AnyRecord

_HASH_BITS, _SOURCE_BITS = 64, 24
_HASH_MASK, _SOURCE_MASK = (1 << _HASH_BITS) - 1, (1 << _SOURCE_BITS) - 1
_LINE_SHIFT = _HASH_BITS + _SOURCE_BITS


_NUMERIC: dict[str, tuple[str, ...]] = {  # the fields of each kind that hold numbers
    "outage": ("impact_fraction",),
    "counts": ("total", "good", "failed", "users_total", "users_affected", "excluded"),
    "latency": ("latency_ms", "count"),
    "fee": ("amount", "voucher_paid", "unit_price"),
    "claim": ("amount",),
}


def _exact_text(value: object) -> object:
    """Numbers (also inside parts and lists) as exact text; anything else as it is."""
    if isinstance(value, Decimal):
        numerator, denominator = value.as_integer_ratio()
        return f"{numerator}/{denominator}"
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, BaseModel):
        return tuple(_exact_text(item) for item in value.__dict__.values())
    if isinstance(value, tuple):
        return tuple(_exact_text(item) for item in value)
    return value


def content_hash(record: AnyRecord) -> int:
    """A hash that agrees with record equality and cannot be made to collide by numbers."""
    numbers = tuple(_exact_text(getattr(record, name)) for name in _NUMERIC.get(record.kind, ()))
    return hash((tuple(record.__dict__.values()), numbers))


class Seen(NamedTuple):
    """An id already taken: whether the content is the same, and where it was first seen."""

    same: bool
    source: int
    line: int


class DuplicateIds:
    __slots__ = ("_seen",)

    def __init__(self) -> None:
        self._seen: dict[str, dict[str, int]] = {kind: {} for kind in RECORD_TYPES}

    def check(self, record: AnyRecord, source: int, line: int) -> Seen | None:
        """None for a new id (now remembered); else how it was seen before."""
        digest = content_hash(record) & _HASH_MASK
        seen = self._seen[record.kind]
        packed = seen.get(record.id)
        if packed is None:
            seen[record.id] = digest | (source & _SOURCE_MASK) << _HASH_BITS | line << _LINE_SHIFT
            return None
        return Seen(
            same=(packed & _HASH_MASK) == digest,
            source=(packed >> _HASH_BITS) & _SOURCE_MASK,
            line=packed >> _LINE_SHIFT,
        )
