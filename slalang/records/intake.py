"""Accounting for input records: every one is accepted, a harmless duplicate, or rejected.

`read = accepted + duplicates + rejected`; rejected records and unreadable inputs leave
diagnostics.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from slalang.diagnostics import Diagnostic, Related, Span, has_errors
from slalang.records.duplicates import DuplicateIds, Seen
from slalang.records.errors import DUPLICATE_ID, Entry, Problem, Rejected, article, diagnostic
from slalang.records.model import AnyRecord


@dataclass(slots=True)
class RecordCounts:
    """How many input records were read, and what became of them."""

    read: int = 0
    accepted: int = 0
    duplicates: int = 0  # the same record again: counted, not yielded twice
    rejected: int = 0


@dataclass(frozen=True, slots=True)
class RecordsResult:
    """Validated records, the diagnostics of the rejected ones, and the counts."""

    records: list[AnyRecord]
    diagnostics: list[Diagnostic]
    counts: RecordCounts

    @property
    def ok(self) -> bool:
        """True when no record was rejected and every input could be read."""
        return not has_errors(self.diagnostics)


@dataclass
class Intake:
    """Counts entries, drops harmless duplicates and collects diagnostics."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    counts: RecordCounts = field(default_factory=RecordCounts)
    places: list[Callable[[int], Span | None]] = field(default_factory=list)
    _ids: DuplicateIds = field(default_factory=DuplicateIds)

    def source(self, place: Callable[[int], Span | None]) -> int:
        """Register an input; `place(line)` is the span of the record at `line`."""
        self.places.append(place)
        return len(self.places) - 1

    def accept(self, entries: Iterable[Entry], source: int) -> Iterator[AnyRecord]:
        """The new, valid records of `entries` from input `source`; the rest is counted and
        reported."""
        counts, check = self.counts, self._ids.check
        for entry in entries:
            if isinstance(entry, Rejected):
                self.diagnostics.extend(entry.diagnostics)
                if entry.is_record:
                    counts.read += 1
                    counts.rejected += 1
                continue
            record, line = entry
            counts.read += 1
            seen = check(record, source, line)
            if seen is None:
                counts.accepted += 1
                yield record
            elif seen.same:
                counts.duplicates += 1
            else:
                counts.rejected += 1
                self._conflict(record, source, line, seen)

    def _conflict(self, record: AnyRecord, source: int, line: int, seen: Seen) -> None:
        kind = article(record.kind)
        message = f"id: {record.id!r} is already used by {kind} record with other content"
        first = self.places[seen.source](seen.line)
        related = (Related(span=first, message="first used here"),) if first else ()
        span = self.places[source](line)
        self.diagnostics.append(diagnostic(Problem(DUPLICATE_ID, message, "id"), span, related))
