"""Per-scope evaluation reads only its scope's rows (issue 11), with exactly today's results.

The oracle is the evaluator with every scope view answering "every row" (each measurement then
scans whole stores and filters, as before the index) and with the slice-by-slice reference
versions of the interval operations the sweep replaced. A differential hypothesis test runs both
on generated contracts and records (overlaps, several scopes, records with and without scopes,
a DST month, weights, quorum, partial slices, minimum runs, exclusions, counts and latency) and
requires byte-identical reports, or the same error.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Any, TypeVar
from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from slalang import loads
from slalang.evaluate import downtime, intervals, objectives
from slalang.evaluate.engine import evaluate
from slalang.evaluate.inputs import EvaluationError, ScopeIndex
from slalang.evaluate.intervals import Intervals, Timeline, at_least, combine, of_intervals
from slalang.model import Contract
from slalang.records.model import Counts, Deployment, Fee, Gap, Latency, Outage

T = TypeVar("T")

# ---- the oracle --------------------------------------------------------------------------------


def _every_row(self: ScopeIndex[T], scope: str | None) -> Sequence[T]:
    return self.rows


def _scan_scopes(self: ScopeIndex[T], services: Iterable[str]) -> set[str]:
    wanted = set(services)
    return {
        name
        for row in self.rows
        if not wanted or self.service(row) in wanted
        for name in self.scope(row)
    }


def _at_least(k: int, lines: Sequence[Timeline]) -> Timeline:
    if k > len(lines):
        return []
    return combine(lines, lambda ws: sorted(ws, reverse=True)[k - 1])


def _restrict(line: Timeline, spans: Intervals) -> Timeline:
    return combine([line, of_intervals(spans)], min)


def _remove(line: Timeline, spans: Intervals) -> Timeline:
    if not spans:
        return line
    return combine([line, of_intervals(spans)], lambda ws: ws[0] if ws[1] == 0 else Fraction(0))


def _weighted_length(line: Timeline) -> Fraction:
    return sum((Fraction(e - s) * w for s, e, w in line), Fraction(0))


@contextmanager
def oracle() -> Iterator[None]:
    """The evaluator as it was: whole stores scanned per scope, slice-by-slice interval sweeps."""
    with (
        mock.patch.object(ScopeIndex, "select", _every_row),
        mock.patch.object(ScopeIndex, "scopes", _scan_scopes),
        mock.patch.object(downtime, "at_least", _at_least),
        mock.patch.object(downtime, "restrict", _restrict),
        mock.patch.object(intervals, "restrict", _restrict),
        mock.patch.object(downtime, "remove", _remove),
        mock.patch.object(downtime, "weighted_length", _weighted_length),
        mock.patch.object(objectives, "weighted_length", _weighted_length),
    ):
        yield


# ---- generated contracts -----------------------------------------------------------------------

CONDITIONS = (
    None,
    "outage impact (major_outage, partial_outage)",
    "any of (outage impact major_outage, error_rate > 5%)",
    "at least 2 scopes (outage)",
    "at least 1 scopes (any of (outage impact major_outage, error_rate > 10%))",
    "all of (outage, at least 2 scopes (outage impact (major_outage, maintenance)))",
    "at least 2 of (outage impact major_outage, outage impact partial_outage, error_rate > 1%)",
    "any of (outage impact major_outage, latency p90 > 400 ms)",
)
EXCLUSIONS = (
    "exclude cause customer",
    "exclude flagged",
    "exclude maintenance announced at least 1 day ahead at most 3 hours per month",
    "exclude maintenance",
)


@st.composite
def contracts(draw: Any) -> Contract:
    per_scope = "evaluated per scope" if draw(st.booleans()) else ""
    condition = draw(st.sampled_from(CONDITIONS))
    slicing = draw(st.sampled_from(("", "slice 1 minute", "slice 5 minutes", "slice exact")))
    needs_slice = condition is not None and "latency" in condition
    if needs_slice and slicing in ("", "slice exact"):
        slicing = "slice 1 minute"
    clauses = [
        per_scope,
        f"down when {condition}" if condition else "",
        slicing,
        draw(st.sampled_from(("", *(f"partial slices count as {r}" for r in PARTIAL)))),
        draw(st.sampled_from(("", "minimum run 5 minutes", "minimum run 30 minutes"))),
        draw(st.sampled_from(("", "weight partial_outage 50%", "weight maintenance 0%"))),
        draw(st.sampled_from(("", *(f"missing data counts as {r}" for r in MISSING)))),
        draw(st.sampled_from(("", "denominator deployed"))),
        draw(st.sampled_from(("", "minimum volume 10 requests"))),
        *draw(st.lists(st.sampled_from(EXCLUSIONS), max_size=2, unique=True)),
    ]
    rates = [per_scope, *draw(st.lists(st.sampled_from(EXCLUSIONS[:2]), max_size=2, unique=True))]
    zone = draw(st.sampled_from(("UTC", "Europe/Berlin", "America/New_York")))
    text = f"""contract "Scopes" {{
    timezone "{zone}"
    currency EUR
    fee base_fee
    period calendar month
    service api
    service web
    objective availability up "Up" {{
        service api
        {_lines(clauses)}
        target >= 99.9%
        credit of base_fee {{
            [99.0%, 99.9%) -> 10%
            [0%, 99.0%) -> 50%
        }}
    }}
    objective success_rate ok "OK" {{
        service api
        {_lines(rates)}
        target >= 99%
    }}
    objective latency fast "Fast" {{
        {_lines(rates)}
        target p95 <= 300 ms
    }}
}}
"""
    parsed = loads(text)
    assert parsed.contract is not None, [d.message for d in parsed.diagnostics]
    return parsed.contract


PARTIAL = ("down", "up", "proportional")
MISSING = ("up", "down", "excluded")


def _lines(clauses: list[str]) -> str:
    return "\n        ".join(c for c in clauses if c)


# ---- generated records -------------------------------------------------------------------------

START = datetime(2026, 9, 30, 20, 0, tzinfo=UTC)  # a little before October anywhere drawn
DST = datetime(2026, 10, 25, 0, 0, tzinfo=UTC)  # Berlin leaves summer time at 01:00 UTC
SCOPES = st.lists(st.sampled_from(("a", "b", "c", "")), max_size=3).map(tuple)


def _moment(draw: Any) -> datetime:
    """Mostly near the DST change or the month's ends, where the edges are."""
    base = draw(st.sampled_from((START, DST, datetime(2026, 10, 31, 20, tzinfo=UTC))))
    return base + timedelta(minutes=draw(st.integers(-240, 600)))


@st.composite
def outages(draw: Any, i: int) -> Outage:
    start = _moment(draw)
    maintenance = draw(st.booleans())
    ahead = draw(st.sampled_from((None, 2, 48)))
    return Outage(
        id=f"o{i}",
        service=draw(st.sampled_from(("api", "api", "web"))),
        start=start,
        end=None
        if draw(st.integers(0, 9)) == 0
        else start + timedelta(minutes=draw(st.integers(0, 300))),
        impact=draw(st.sampled_from(("major_outage", "partial_outage", "maintenance", "none"))),
        scope=draw(SCOPES),
        scheduled_maintenance=maintenance,
        announced_at=None if ahead is None else start - timedelta(hours=ahead),
        cause=draw(st.sampled_from((None, None, "customer"))),
        excluded_reason=draw(st.sampled_from((None, None, "flagged"))),
        impact_fraction=draw(st.sampled_from((None, None, Decimal("0.25"), Decimal(0)))),
    )


@st.composite
def counts(draw: Any, i: int) -> Counts:
    start = _moment(draw).replace(second=0)
    start -= timedelta(minutes=start.minute % 5)
    total = draw(st.integers(0, 40))
    return Counts(
        id=f"c{i}",
        service="api",
        interval_start=start,
        interval_end=start + timedelta(minutes=draw(st.sampled_from((1, 5)))),
        total=total,
        good=draw(st.integers(0, total)),
        scope=draw(SCOPES),
        cause=draw(st.sampled_from((None, None, "customer"))),
    )


@st.composite
def others(draw: Any, i: int) -> Latency | Gap | Deployment | Fee:
    kind = draw(st.sampled_from(("latency", "latency", "gap", "deployment", "fee")))
    start, scope = _moment(draw), draw(SCOPES)
    if kind == "latency":
        value = draw(st.integers(50, 900))
        return Latency(id=f"l{i}", service="api", timestamp=start, latency_ms=value, scope=scope)
    end = start + timedelta(minutes=draw(st.integers(1, 600)))
    if kind == "gap":
        return Gap(id=f"g{i}", service="api", start=start, end=end, scope=scope)
    if kind == "deployment":
        return Deployment(id=f"d{i}", service="api", start=start, end=end, scope=scope)
    amount = f"{draw(st.integers(1, 900))}.00 EUR"
    return Fee(id=f"f{i}", period="2026-10", amount=amount, scope=scope)


@st.composite
def records(draw: Any) -> list[Any]:
    sizes = draw(st.tuples(st.integers(0, 14), st.integers(0, 10), st.integers(0, 8)))
    made: list[Any] = [draw(outages(i)) for i in range(sizes[0])]
    made += [draw(counts(i)) for i in range(sizes[1])]
    made += [draw(others(i)) for i in range(sizes[2])]
    return made


PERIODS = st.sampled_from(
    (
        "2026-10",
        (datetime(2026, 10, 20, tzinfo=UTC), datetime(2026, 11, 2, tzinfo=UTC)),
    )
)


def _outcome(contract: Contract, made: list[Any], period: Any) -> str:
    """The report as JSON, or the error."""
    as_of = datetime(2026, 11, 5, tzinfo=UTC)
    try:
        return evaluate(contract, made, period=period, as_of=as_of).model_dump_json()
    except EvaluationError as error:
        return f"error: {error}"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(contracts(), records(), PERIODS)
def test_scope_index_and_sweeps_match_the_oracle(
    contract: Contract, made: list[Any], period: Any
) -> None:
    fast = _outcome(contract, made, period)
    with oracle():
        slow = _outcome(contract, made, period)
    assert fast == slow


# ---- the interval sweeps alone -----------------------------------------------------------------

WEIGHTS = st.sampled_from((Fraction(1), Fraction(1, 2), Fraction(1, 4), Fraction(3, 2)))


@st.composite
def timelines(draw: Any) -> Timeline:
    """A timeline: sorted, disjoint (possibly touching) weighted segments."""
    bounds = sorted(set(draw(st.lists(st.integers(0, 60), max_size=10))))
    return [(s, e, draw(WEIGHTS)) for s, e in itertools.pairwise(bounds) if draw(st.booleans())]


@st.composite
def interval_lists(draw: Any) -> Intervals:
    return intervals.merge(
        (s, s + n) for s, n in draw(st.lists(st.tuples(st.integers(0, 60), st.integers(0, 9))))
    )


@given(st.integers(1, 6), st.lists(timelines(), max_size=6))
def test_at_least_is_the_slice_by_slice_kth_largest(k: int, lines: list[Timeline]) -> None:
    assert at_least(k, lines) == _at_least(k, lines)


@given(timelines(), interval_lists())
def test_restrict_remove_and_weighted_length_match_the_sweep(
    line: Timeline, spans: Intervals
) -> None:
    assert intervals.restrict(line, spans) == _restrict(line, spans)
    assert intervals.remove(line, spans) == _remove(line, spans)
    assert intervals.weighted_length(line) == _weighted_length(line)


def test_a_scope_reads_its_rows_and_the_unscoped_ones_in_store_order() -> None:
    rows = [("x", ("a",)), ("y", ()), ("z", ("b", "a", "a")), ("w", ("b",))]
    index = ScopeIndex(rows, lambda r: r[1], lambda r: r[0])
    assert [r[0] for r in index.select("a")] == ["x", "y", "z"]
    assert [r[0] for r in index.select("b")] == ["y", "z", "w"]
    assert [r[0] for r in index.select("c")] == ["y"]
    assert index.select(None) is rows
    assert index.scopes(()) == {"a", "b"}
    assert index.scopes(("w",)) == {"b"}
