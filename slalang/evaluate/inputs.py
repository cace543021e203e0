"""One pass over the records: compact, exact per-kind stores plus the bookkeeping of every record.

Records arrive as an iterable (possibly a stream of millions); each is reduced to a small tuple in
integer microseconds, or, for latency samples, to a `{latency_ms: count}` tally per period, so
that memory does not grow with the number of identical samples.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from fractions import Fraction
from functools import cached_property
from heapq import merge as merge_sorted
from sys import intern
from typing import Generic, NamedTuple, TypeVar

from slalang.evaluate.intervals import to_us
from slalang.records.model import (
    Claim,
    Counts,
    Deployment,
    Fee,
    Gap,
    Latency,
    Outage,
    Record,
    Ticket,
)


class EvaluationError(ValueError):
    """Input the evaluation cannot use (an ongoing outage without --as-of, a straddling interval)."""


class OutageSpan(NamedTuple):
    id: str
    service: str
    start: int
    end: int  # clipped at as_of when the outage is ongoing
    impact: str
    scope: tuple[str, ...]
    maintenance: bool  # impact `maintenance` or scheduled_maintenance
    announced_at: int | None
    cause: str | None
    flagged: str | None  # excluded_reason
    fraction: Fraction | None


@dataclass(frozen=True, slots=True)
class PlainSpan:
    """A gap or a deployment: a service (and scope) over [start, end)."""

    id: str
    service: str
    operation: str | None
    scope: tuple[str, ...]
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class CountSpan(PlainSpan):
    """A counts interval: a span with its items and users."""

    total: int | None
    good: int | None
    users_total: int | None
    users_affected: int | None
    excluded: tuple[tuple[str, int], ...]  # (cause, items) of the record's `excluded` pairs
    cause: str | None


class Sample(NamedTuple):
    """A latency sample kept whole, for latency bounds inside `down when` (per slice)."""

    at: int
    service: str
    operation: str | None
    scope: tuple[str, ...]
    latency_ms: Decimal
    samples: int


TallyKey = tuple[int, str, str | None, tuple[str, ...]]  # cell index, service, operation, scope

T = TypeVar("T")


class ScopeIndex(Generic[T]):
    """The rows of one store grouped by scope, in one pass, so that a per-scope measurement reads
    only its scope's rows: those that name the scope and those that name none (a record without a
    scope belongs to every scope), in store order."""

    def __init__(
        self,
        rows: Sequence[T],
        scopes: Callable[[T], tuple[str, ...]],
        service: Callable[[T], str | None],
    ) -> None:
        self.rows = rows
        self.scope = scopes
        self.service = service
        self.unscoped: list[int] = []
        self.named: dict[str, list[int]] = {}
        self._found: dict[frozenset[str], set[str]] = {}
        for index, row in enumerate(rows):
            names = scopes(row)
            if not names:
                self.unscoped.append(index)
            for name in names:
                indices = self.named.setdefault(name, [])
                if not indices or indices[-1] != index:  # a scope listed twice is one row
                    indices.append(index)

    def select(self, scope: str | None) -> Sequence[T]:
        """The rows that apply to `scope` (every row when it is None), in store order."""
        if scope is None:
            return self.rows
        named, rows = self.named.get(scope, []), self.rows
        if not self.unscoped:
            return [rows[i] for i in named]
        return [rows[i] for i in merge_sorted(named, self.unscoped)]

    def scopes(self, services: Iterable[str]) -> set[str]:
        """The scopes named by rows of `services` (of every service when none is given)."""
        wanted = frozenset(services)
        found = self._found.get(wanted)
        if found is None:
            rows, service = self.rows, self.service
            found = self._found[wanted] = {
                name
                for name, indices in self.named.items()
                if not wanted or any(service(rows[i]) in wanted for i in indices)
            }
        return found


def _key_scope(key: TallyKey) -> tuple[str, ...]:
    return key[3]


def _key_service(key: TallyKey) -> str:
    return key[1]


def _scope_of(row: OutageSpan | PlainSpan | Sample | Fee) -> tuple[str, ...]:
    return row.scope


def _service_of(row: OutageSpan | PlainSpan | Sample | Fee) -> str | None:
    return row.service


@dataclass
class Inputs:
    """Everything the evaluation needs, and how each record was accounted for."""

    outages: list[OutageSpan] = field(default_factory=list)
    counts: list[CountSpan] = field(default_factory=list)
    gaps: list[PlainSpan] = field(default_factory=list)
    deployments: list[PlainSpan] = field(default_factory=list)
    tickets: list[Ticket] = field(default_factory=list)
    fees: list[Fee] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    latency: dict[TallyKey, dict[Decimal, int]] = field(default_factory=dict)
    latency_records: dict[TallyKey, int] = field(default_factory=dict)  # records per tally
    samples: list[Sample] = field(default_factory=list)
    cells: list[int] = field(default_factory=list)  # cell i is [cells[i], cells[i + 1])
    read: int = 0
    outside: int = 0
    inside: int = 0  # records in an evaluated period (used, or excluded by a clause)

    # Each store by scope, built on the first per-scope question (after `collect`, never before):
    # an evaluation without scopes pays nothing for them.

    @cached_property
    def scoped_outages(self) -> ScopeIndex[OutageSpan]:
        return ScopeIndex(self.outages, _scope_of, _service_of)

    @cached_property
    def scoped_counts(self) -> ScopeIndex[CountSpan]:
        return ScopeIndex(self.counts, _scope_of, _service_of)

    @cached_property
    def scoped_gaps(self) -> ScopeIndex[PlainSpan]:
        return ScopeIndex(self.gaps, _scope_of, _service_of)

    @cached_property
    def scoped_deployments(self) -> ScopeIndex[PlainSpan]:
        return ScopeIndex(self.deployments, _scope_of, _service_of)

    @cached_property
    def scoped_samples(self) -> ScopeIndex[Sample]:
        return ScopeIndex(self.samples, _scope_of, _service_of)

    @cached_property
    def scoped_fees(self) -> ScopeIndex[Fee]:
        return ScopeIndex(self.fees, _scope_of, _service_of)

    @cached_property
    def scoped_tallies(self) -> ScopeIndex[TallyKey]:
        """The keys of the latency tallies (and of `latency_records`) by scope."""
        return ScopeIndex(list(self.latency), _key_scope, _key_service)


Span = OutageSpan | CountSpan | PlainSpan


@dataclass
class Reads:
    """The records one measurement read (considered, whatever their fate): spans, and latency
    tallies by key."""

    spans: set[Span] = field(default_factory=set)
    latency: set[TallyKey] = field(default_factory=set)

    def add(self, span: Span, window: tuple[int, int]) -> None:
        """Mark `span` read when it meets `window`."""
        if (span.start < window[1] and window[0] < span.end) or window[0] <= span.start < window[1]:
            self.spans.add(span)

    def update(self, other: Reads) -> None:
        self.spans |= other.spans
        self.latency |= other.latency

    def count(self, inputs: Inputs) -> int:
        return len(self.spans) + sum(inputs.latency_records[k] for k in self.latency)


def _scope(scope: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted(set(scope))) if len(scope) > 1 else scope


def collect(
    records: Iterable[Record],
    cells: Sequence[int],
    labels: Iterable[str],
    as_of: datetime | None,
    sampled: set[str] | None = None,
) -> Inputs:
    """Reduce the records to the stores of `Inputs`.

    `cells` are the sorted boundaries of every evaluated window (microseconds): latency samples are
    tallied per cell, and a record is inside the evaluation when it meets `[cells[0], cells[-1])`.
    `labels` are the names a fee or claim record may give an evaluated period (2026-10,
    2026-10-01). Latency samples of the services in `sampled` are also kept whole.
    """
    out = Inputs(cells=list(cells))
    tally = _LatencyTally(out, sampled or set()).add  # bound once: the loop is hot
    store = _Stores(out, None if as_of is None else to_us(as_of), set(labels)).add
    latency = Latency
    read = outside = inside = 0
    for record in records:
        read += 1
        if tally(record) if isinstance(record, latency) else store(record):
            inside += 1
        else:
            outside += 1
    out.read, out.outside, out.inside = read, outside, inside
    return out


class _LatencyTally:
    """Latency samples tallied per cell as `{latency_ms: count}`; some also kept whole."""

    def __init__(self, out: Inputs, sampled: set[str]) -> None:
        self.cells = out.cells
        self.first, self.last = out.cells[0], out.cells[-1]
        self.tallies = out.latency
        self.records = out.latency_records
        self.samples = out.samples
        self.sampled = sampled
        self.cell = (0, 0, 0)  # the last cell used: index, start, end (samples come in time order)

    def add(self, record: Latency) -> bool:
        """Tally the sample; whether it is inside the evaluation."""
        moment = to_us(record.timestamp)
        if not self.first <= moment < self.last:
            return False
        cell = self.cell
        if not cell[1] <= moment < cell[2]:
            cells = self.cells
            index = bisect_right(cells, moment) - 1
            cell = self.cell = (index, cells[index], cells[index + 1])
        scope = record.scope if len(record.scope) < 2 else _scope(record.scope)
        if record.service in self.sampled:
            self.samples.append(
                Sample(
                    moment, record.service, record.operation, scope, record.latency_ms, record.count
                )
            )
        key = (cell[0], record.service, record.operation, scope)
        tally = self.tallies.get(key)
        if tally is None:
            tally = self.tallies[key] = {}
            self.records[key] = 0
        self.records[key] += 1
        value = record.latency_ms
        tally[value] = tally.get(value, 0) + record.count
        return True


def _usable_fee(record: Fee) -> Fee:
    """`record` when its amounts can be a fee base: none below zero, vouchers within the fee."""
    for name in ("amount", "voucher_paid", "unit_price"):
        money = getattr(record, name)
        if money is not None and money.amount < 0:
            raise EvaluationError(f"fee record '{record.id}': {name} {money} is below zero")
    paid = record.voucher_paid
    if paid is not None and paid.amount > record.amount.amount:
        raise EvaluationError(f"fee record '{record.id}': voucher_paid {paid} exceeds the fee")
    return record


class _Stores:
    """The stores of every record kind but latency samples."""

    def __init__(self, out: Inputs, as_of_us: int | None, names: set[str]) -> None:
        self.out = out
        self.first, self.last = out.cells[0], out.cells[-1]
        self.as_of_us = as_of_us
        self.names = names

    def add(self, record: Record) -> bool:
        """Store the record; whether it is inside the evaluation."""
        out = self.out
        if isinstance(record, Outage):
            return self._overlaps(self._outage(record))
        if isinstance(record, Counts):
            return self._overlaps(self._counts(record))
        if isinstance(record, (Gap, Deployment)):
            return self._overlaps(self._plain(record))
        if isinstance(record, Ticket):
            out.tickets.append(record)
            return self.first <= to_us(record.opened) < self.last
        if isinstance(record, Fee):
            out.fees.append(_usable_fee(record))
            return record.period in self.names
        if isinstance(record, Claim):
            out.claims.append(record)
            return record.period in self.names
        raise EvaluationError(f"unknown record kind of '{record.id}'")  # pragma: no cover

    def _overlaps(self, span: OutageSpan | CountSpan | PlainSpan) -> bool:
        start, end = span.start, span.end
        first, last = self.first, self.last
        return (start < last and first < end) or (start == end and first <= start < last)

    def _outage(self, record: Outage) -> OutageSpan:
        start = to_us(record.start)
        if record.end is not None:
            end = to_us(record.end)
        elif start >= self.last:
            end = start
        elif self.as_of_us is None:
            raise EvaluationError(
                f"outage '{record.id}' has no end (ongoing): pass --as-of to clip it"
            )
        else:
            end = max(start, self.as_of_us)
        span = OutageSpan(
            record.id,
            intern(record.service),
            start,
            end,
            intern(record.impact),
            _scope(record.scope),
            record.impact == "maintenance" or record.scheduled_maintenance,
            None if record.announced_at is None else to_us(record.announced_at),
            record.cause,
            record.excluded_reason,
            None if record.impact_fraction is None else Fraction(record.impact_fraction),
        )
        self.out.outages.append(span)
        return span

    def _counts(self, record: Counts) -> CountSpan:
        span = CountSpan(
            record.id,
            record.service,
            record.operation,
            _scope(record.scope),
            to_us(record.interval_start),
            to_us(record.interval_end),
            record.total,
            None if record.total is None else record.good_count,
            record.users_total,
            record.users_affected,
            tuple((e.cause, e.count) for e in record.excluded),
            record.cause,
        )
        self.out.counts.append(span)
        return span

    def _plain(self, record: Gap | Deployment) -> PlainSpan:
        start = to_us(record.start)
        end = (
            to_us(record.end) if record.end is not None else max(start, self.as_of_us or self.last)
        )
        span = PlainSpan(
            record.id,
            record.service,
            getattr(record, "operation", None),
            _scope(record.scope),
            start,
            end,
        )
        (self.out.gaps if isinstance(record, Gap) else self.out.deployments).append(span)
        return span
