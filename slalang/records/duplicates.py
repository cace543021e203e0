"""Duplicate ids: the same record twice is harmless, one id with two contents is an error.

Memory stays small: per (kind, id) one int packing a 64-bit hash of the record's content with the
place it was first seen (source number and line). Content is compared by that hash, which agrees
with record equality (an instant written in two offsets is the same instant).
"""

from __future__ import annotations

from typing import NamedTuple

from slalang.records.model import RECORD_TYPES, AnyRecord

_HASH_BITS, _SOURCE_BITS = 64, 24
_HASH_MASK, _SOURCE_MASK = (1 << _HASH_BITS) - 1, (1 << _SOURCE_BITS) - 1
_LINE_SHIFT = _HASH_BITS + _SOURCE_BITS


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
        digest = hash(tuple(record.__dict__.values())) & _HASH_MASK
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
