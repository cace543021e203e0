"""Excluding records: the outage records that qualify under an objective's exclusion clauses, and
the time each takes out of the objective, whatever its kind (docs/evaluation.md, "Exclusions").

An instant is excused once, by the first record (in clause order, then time order) that claims it,
so the time the records take out adds up to the time excluded.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from slalang.evaluate.inputs import CountSpan, OutageSpan, Sample
from slalang.evaluate.intervals import (
    US_PER_MINUTE,
    US_PER_SECOND,
    Intervals,
    clip,
    from_us,
    length,
    merge,
    subtract,
    to_us,
)
from slalang.evaluate.measure import decimal_text
from slalang.evaluate.periods import window_containing
from slalang.model import (
    CalendarPeriod,
    CalendarSpan,
    CauseExclusion,
    Duration,
    Exclusion,
    MaintenanceExclusion,
    Objective,
    Window,
)


@dataclass(frozen=True)
class ExcludedTime:
    """What an exclusion clause took out through one record: for availability the down time it
    excused (weighted, microseconds), else the time of the record (or counts interval) in the
    period; `effect` says it in words."""

    id: str
    kind: str
    clause: str
    excluded_us: Fraction
    effect: str = ""


@dataclass(frozen=True)
class Excusing:
    """One excluding record, the clause it qualified under and its time in the window (disjoint
    from every other record's)."""

    record: OutageSpan
    clause: str
    pieces: Intervals


@dataclass
class Excusal:
    """The excluding records of one objective in one window."""

    records: list[Excusing] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)  # maintenance not excluded: why
    _owners: list[tuple[int, int, int]] = field(default_factory=list)

    @property
    def spans(self) -> Intervals:
        """All excluding time, merged."""
        return merge(p for r in self.records for p in r.pieces)

    @property
    def maintenance(self) -> Intervals:
        return merge(p for r in self.records if r.record.maintenance for p in r.pieces)

    def owner(self, moment: int) -> int | None:
        """The index of the record whose time holds `moment`, if any."""
        if not self._owners:
            self._owners = sorted(
                (start, end, index)
                for index, r in enumerate(self.records)
                for start, end in r.pieces
            )
        index = bisect_right(self._owners, (moment, 1 << 62, 0)) - 1
        if index >= 0 and self._owners[index][0] <= moment < self._owners[index][1]:
            return self._owners[index][2]
        return None


def describe_exclusion(exclusion: Exclusion) -> str:
    """The clause as the contract writes it."""
    if isinstance(exclusion, MaintenanceExclusion):
        text = "exclude maintenance"
        if exclusion.notice:
            text += f" announced at least {_duration(exclusion.notice)} ahead"
        if exclusion.maximum:
            per = exclusion.maximum_per
            window = "period" if per == "period" or per is None else _window(per)
            text += f" at most {_duration(exclusion.maximum)} per {window}"
        return text
    if isinstance(exclusion, CauseExclusion):
        return "exclude cause " + ", ".join(exclusion.causes)
    return "exclude flagged"


def _duration(d: Duration) -> str:
    unit = d.unit[:-1] if d.value == 1 else d.unit
    return f"{d.value} {unit}"


def _window(w: CalendarSpan | Duration) -> str:
    if isinstance(w, Duration):
        return _duration(w)
    unit = w.unit[:-1] if w.value == 1 else w.unit
    return unit if w.value == 1 else f"{w.value} {unit}"


class Taken:
    """Time already excused: merged spans, so that each instant is excused once."""

    def __init__(self) -> None:
        self.spans: Intervals = []
        self.ends: list[int] = []
        self.starts: list[int] = []

    def claim(self, pieces: Intervals) -> Intervals:
        """The parts of `pieces` not yet taken, now taken."""
        out: Intervals = []
        for start, end in pieces:
            low, high = bisect_right(self.ends, start), bisect_left(self.starts, end)
            fresh = subtract([(start, end)], self.spans[low:high])
            if fresh:
                out.extend(fresh)
                joined = merge([*self.spans[low:high], *fresh])
                self.spans[low:high] = joined
                self.starts[low:high] = [s for s, _ in joined]
                self.ends[low:high] = [e for _, e in joined]
        return out


def objective_excusal(
    objective: Objective,
    outages: Iterable[OutageSpan],
    window: tuple[int, int],
    scope: str | None,
    tz: str,
) -> Excusal:
    """`excusal` of the outage records of the objective's services and `scope`."""
    services = set(objective.services)
    return excusal(
        objective,
        (
            o
            for o in outages
            if (not services or o.service in services)
            and (scope is None or not o.scope or scope in o.scope)
        ),
        window,
        tz,
    )


def excusal(
    objective: Objective, outages: Iterable[OutageSpan], window: tuple[int, int], tz: str
) -> Excusal:
    """The records among `outages` (the objective's services and scope, any time) that qualify
    under the objective's exclusion clauses, in the order written, with their time in `window`.
    `tz` is the zone of the calendar windows a maintenance maximum is counted in."""
    ordered = sorted(outages, key=lambda o: (o.start, o.id))
    out = Excusal()
    taken = Taken()
    seen: set[str] = set()
    for exclusion in objective.exclusions:
        clause = describe_exclusion(exclusion)
        if isinstance(exclusion, MaintenanceExclusion):
            granted, refused = _maintenance(exclusion, ordered, taken, seen, window, tz)
            out.refused.extend(refused)
        else:
            granted = [
                (o, taken.claim([(o.start, o.end)]))
                for o in ordered
                if o.id not in seen and _qualifies(exclusion, o)
            ]
        for o, pieces in granted:
            inside = clip(pieces, *window)
            if inside:
                seen.add(o.id)
                out.records.append(Excusing(o, clause, inside))
    return out


def _qualifies(exclusion: CauseExclusion | Exclusion, o: OutageSpan) -> bool:
    if isinstance(exclusion, CauseExclusion):
        return o.cause is not None and o.cause in exclusion.causes
    return o.flagged is not None


def _maintenance(
    exclusion: MaintenanceExclusion,
    ordered: list[OutageSpan],
    taken: Taken,
    seen: set[str],
    window: tuple[int, int],
    tz: str,
) -> tuple[list[tuple[OutageSpan, Intervals]], list[tuple[str, str]]]:
    """Announced maintenance that qualifies, in time order, with the time it may exclude under the
    maximum; and notes on maintenance that counts as down time."""
    notice = None if exclusion.notice is None else int(exclusion.notice.seconds * US_PER_SECOND)
    maximum = None if exclusion.maximum is None else int(exclusion.maximum.seconds * US_PER_SECOND)
    granted: list[tuple[OutageSpan, Intervals]] = []
    late: list[tuple[str, str]] = []
    over: list[tuple[str, str]] = []
    used: dict[tuple[int, int], int] = {}
    budget = _Budget(maximum, exclusion.maximum_per, window, tz) if maximum else None
    for o in ordered:
        if not o.maintenance or o.id in seen:
            continue
        meets = o.start < window[1] and window[0] < o.end
        if notice is not None:
            ahead = None if o.announced_at is None else o.start - o.announced_at
            if ahead is None or ahead < notice:
                if meets:
                    why = "not announced" if ahead is None else f"announced {_hours(ahead)} ahead"
                    late.append((o.id, why))
                continue
        pieces = taken.claim([(o.start, o.end)])
        if budget is not None:
            pieces, overrun = budget.take(pieces, used)
            if overrun and meets:
                over.append((o.id, f"{_minutes(overrun)} over the maximum"))
        granted.append((o, pieces))
    return granted, [*late, *over]


def refused_notes(items: list[tuple[str, str]], fate: str) -> list[str]:
    """'maintenance m1 counts as down time: announced 6 h ahead' (`fate` "counts as down time"),
    or a summary of many."""
    if len(items) <= 3:
        return [f"maintenance {id} {fate}: {why}" for id, why in items]
    ids = ", ".join(id for id, _ in items[:3])
    return [f"{len(items)} maintenance records: {fate} ({ids}, ...: {items[0][1]}, ...)"]


class _Budget:
    """The maximum of excusable maintenance per window (`per`: a calendar unit in zone `tz`, a
    duration counted from the start of `period`, or the period itself), handed out in time order."""

    def __init__(self, maximum: int, per: Window | None, period: tuple[int, int], tz: str) -> None:
        self.maximum = maximum
        self.per = per
        self.period = period
        self.tz = tz
        self.window = (0, 0)

    def _window(self, moment: int) -> tuple[int, int]:
        if not self.window[0] <= moment < self.window[1]:
            self.window = self._containing(moment)
        return self.window

    def _containing(self, moment: int) -> tuple[int, int]:
        """The window of `per` that contains `moment`."""
        per, (start, end) = self.per, self.period
        if per is None or per == "period":
            return start, end
        if isinstance(per, CalendarSpan) and per.value == 1:
            w = window_containing(CalendarPeriod(unit=per.unit), self.tz, from_us(moment))
            return to_us(w.start), to_us(w.end)
        size = int(per.seconds * US_PER_SECOND) if isinstance(per, Duration) else end - start
        index = (moment - start) // size
        return start + index * size, start + (index + 1) * size

    def take(self, pieces: Intervals, used: dict[tuple[int, int], int]) -> tuple[Intervals, int]:
        """The parts of `pieces` still within the maximum, and the overrun."""
        kept: Intervals = []
        overrun = 0
        for start, end in pieces:
            cursor = start
            while cursor < end:
                window = self._window(cursor)
                stop = min(end, window[1])
                room = self.maximum - used.get(window, 0)
                take = max(0, min(room, stop - cursor))
                if take:
                    kept.append((cursor, cursor + take))
                    used[window] = used.get(window, 0) + take
                overrun += stop - cursor - take
                cursor = stop
        return kept, overrun


def _hours(us: int) -> str:
    return decimal_text(Fraction(us, 3600 * US_PER_SECOND), 0) + " h"


def _minutes(us: int) -> str:
    return decimal_text(Fraction(us, US_PER_MINUTE), 0) + " min"


@dataclass
class Removal:
    """What the excluding time of a success rate or latency objective took out."""

    excluded: list[ExcludedTime] = field(default_factory=list)
    steps: list[str] = field(default_factory=list)


def _inside(spans: Intervals, start: int, end: int) -> tuple[bool, bool]:
    """Whether `[start, end)` lies wholly inside the merged `spans`, and whether it meets them."""
    index = bisect_right(spans, (start, 1 << 62)) - 1
    whole = index >= 0 and spans[index][0] <= start and end <= spans[index][1]
    after = bisect_left(spans, (end, end))
    meets = any(s < end and start < e for s, e in spans[max(index, 0) : after])
    return whole, meets


def remove_intervals(excused: Excusal, series: list[CountSpan]) -> tuple[list[CountSpan], Removal]:
    """Counts intervals wholly inside excluding time leave the ratio (their items with them); an
    interval only partly inside stays, and the working names it."""
    spans = excused.spans
    if not spans:
        return series, Removal()
    kept: list[CountSpan] = []
    taken: dict[int, list[CountSpan]] = {}
    partly: list[str] = []
    out = Removal()
    for c in series:
        whole, meets = _inside(spans, c.start, c.end)
        owner = excused.owner(c.start) if meets else None
        if whole and owner is not None:
            taken.setdefault(owner, []).append(c)
            r = excused.records[owner]
            out.excluded.append(
                ExcludedTime(
                    c.id,
                    "counts",
                    r.clause,
                    Fraction(c.end - c.start),
                    f"inside the time of outage {r.record.id}",
                )
            )
            continue
        if meets:
            holder = owner if owner is not None else excused.owner(_first_inside(spans, c))
            name = "" if holder is None else f" by outage {excused.records[holder].record.id}"
            partly.append(f"{c.id} (partly covered{name}: kept)")
        kept.append(c)
    out.excluded[:0] = _records(
        excused, {k: len(v) for k, v in taken.items()}, "counts interval(s)"
    )
    removed = [c for members in taken.values() for c in members]
    if removed:
        items = sum(c.total or 0 for c in removed)
        out.steps.append(
            f"{len(removed):,} counts interval(s) ({items:,} item(s)) wholly inside excluded "
            "time removed"
        )
    if partly:
        more = f", ... {len(partly) - 3} more" if len(partly) > 3 else ""
        out.steps.append("interval(s) " + ", ".join(partly[:3]) + more)
    return kept, out


def _first_inside(spans: Intervals, c: CountSpan) -> int:
    """The first instant of `c` inside the merged `spans` (`c` meets them)."""
    index = max(bisect_right(spans, (c.start, 1 << 62)) - 1, 0)
    if spans[index][1] <= c.start:
        index += 1
    return max(spans[index][0], c.start)


def _records(excused: Excusal, removed: dict[int, int], what: str) -> list[ExcludedTime]:
    """The excluding records, each with its time and what it removed (possibly nothing)."""
    return [
        ExcludedTime(
            r.record.id,
            "outage",
            r.clause,
            Fraction(length(r.pieces)),
            f"removed {removed.get(index, 0):,} {what}",
        )
        for index, r in enumerate(excused.records)
    ]


def remove_samples(
    excused: Excusal, samples: Iterable[Sample]
) -> tuple[dict[Decimal, int], Removal]:
    """Latency samples tallied as `{latency_ms: count}`, without those whose timestamp lies inside
    excluding time."""
    tallies: dict[Decimal, int] = {}
    removed: dict[int, int] = {}
    for s in samples:
        owner = excused.owner(s.at)
        if owner is None:
            tallies[s.latency_ms] = tallies.get(s.latency_ms, 0) + s.samples
        else:
            removed[owner] = removed.get(owner, 0) + s.samples
    out = Removal(excluded=_records(excused, removed, "sample(s)"))
    if removed:
        out.steps.append(f"{sum(removed.values()):,} sample(s) inside excluded time removed")
    return tallies, out


def excluded_causes(objective: Objective) -> frozenset[str]:
    """The causes the objective's `exclude cause` clauses list."""
    return frozenset(
        c for e in objective.exclusions if isinstance(e, CauseExclusion) for c in e.causes
    )


def excluded_items(c: CountSpan, causes: frozenset[str]) -> int:
    """The items of a counts interval excluded for a cause the objective lists; items excluded for
    any other cause stay in the ratio (docs/evaluation.md, "Success rate")."""
    return sum(count for cause, count in c.excluded if cause in causes)


def counted_items(c: CountSpan, fields: tuple[str, ...], causes: frozenset[str]) -> tuple[int, int]:
    """(good, total) of an interval once its excluded items leave the fields `remove excluded
    from ...` names: from `good`, from `total`, or with `failed` counted as good."""
    removed = excluded_items(c, causes)
    good = (c.good or 0) - (removed if "good" in fields else 0)
    good += removed if "failed" in fields else 0
    return good, (c.total or 0) - (removed if "total" in fields else 0)
