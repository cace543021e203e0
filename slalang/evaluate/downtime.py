"""Down time of one availability objective in one period: conditions, slices, runs, exclusions.

Pipeline (docs/evaluation.md, "Downtime"): the `down when` condition becomes a weighted timeline
over all records of the objective's services (not only the period, so that a minimum run is tested
on the whole run); slices snap it to the grid; short runs are dropped; the no-data rule applies;
the result is clipped to the period; exclusion clauses take their records' time out.
"""

from __future__ import annotations

import operator
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from slalang.evaluate.inputs import CountSpan, EvaluationError, Inputs, OutageSpan
from slalang.evaluate.intervals import (
    ONE,
    US_PER_MINUTE,
    US_PER_SECOND,
    Intervals,
    Timeline,
    at_least,
    clip,
    covered,
    drop_short_runs,
    from_us,
    intersection,
    layered,
    length,
    merge,
    of_intervals,
    quantise,
    remove,
    restrict,
    subtract,
    timeline,
    to_us,
    union,
    weighted_length,
)
from slalang.evaluate.measure import compare, decimal_text, in_measurement_units, weighted_statistic
from slalang.evaluate.periods import window_containing
from slalang.model import (
    AllOf,
    AnyOf,
    CalendarPeriod,
    CalendarSpan,
    CauseExclusion,
    Condition,
    Contract,
    DowntimeRef,
    Duration,
    Exclusion,
    KOf,
    MaintenanceExclusion,
    MetricCondition,
    Objective,
    OutageCondition,
    Quorum,
    Window,
)

_ANY_OUTAGE = OutageCondition()


@dataclass(frozen=True)
class ExcludedTime:
    """The time an exclusion clause took out of one record (microseconds, in the period)."""

    id: str
    kind: str
    clause: str
    excluded_us: int


@dataclass
class PeriodDowntime:
    """What the objective's period looked like: all in microseconds, clipped to the period (the
    contract's named `downtime` conditions are `model.Downtime`)."""

    gross: Timeline  # down time before exclusions
    down: Timeline  # down time that counts
    excluded: Fraction  # weighted down time taken out by exclusion clauses
    maintenance: Fraction  # ... of which announced maintenance
    no_data: Intervals  # time the no-data rule removed from the measurement (rule `excluded`)
    excluded_records: list[ExcludedTime] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)  # records behind the counted down time
    outages: int = 0  # ... of which outage records (the others are counts intervals)
    notes: list[str] = field(default_factory=list)


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


@dataclass
class _Scene:
    contract: Contract
    objective: Objective
    inputs: Inputs
    origin: int
    scope: str | None
    tz: str  # the zone of calendar windows (a maintenance maximum per month)
    no_data: list[tuple[int, int]] = field(default_factory=list)
    cause_excluded: list[CountSpan] = field(default_factory=list)
    matched_outages: dict[str, OutageSpan] = field(default_factory=dict)
    down_counts: list[tuple[int, int, list[str]]] = field(default_factory=list)
    _ordered: list[OutageSpan] | None = None

    def ordered(self) -> list[OutageSpan]:
        """The outages the conditions matched, by start (then id)."""
        if self._ordered is None:
            self._ordered = sorted(
                self.matched_outages.values(), key=operator.attrgetter("start", "id")
            )
        return self._ordered

    def in_scope(self, service: str, scope: tuple[str, ...], where: str | None) -> bool:
        services = self.objective.services
        if services and service not in services:
            return False
        wanted = where if where is not None else self.scope
        return wanted is None or not scope or wanted in scope


_IMPACTS = ("major_outage", "partial_outage", "degraded_performance", "maintenance", "none")


def _impact_weights(objective: Objective, impacts: tuple[str, ...]) -> dict[str, Fraction | None]:
    """For each impact that counts: its declared weight, or None (the record's impact_fraction,
    else 100%). Impacts that do not count are absent."""
    out: dict[str, Fraction | None] = {
        i: None
        for i in _IMPACTS
        if i == "maintenance" or i in impacts or (not impacts and i != "none")
    }
    out.update({w.impact: w.share.fraction for w in objective.weights})
    return {i: w for i, w in out.items() if w is None or w > 0}


def _line(cond: Condition, scene: _Scene, where: str | None) -> Timeline:
    if isinstance(cond, AllOf):
        return intersection([_line(c, scene, where) for c in cond.conditions])
    if isinstance(cond, AnyOf):
        return union([_line(c, scene, where) for c in cond.conditions])
    if isinstance(cond, KOf):
        return at_least(cond.k, [_line(c, scene, where) for c in cond.conditions])
    if isinstance(cond, Quorum):
        scopes = sorted(_scopes(scene))
        return at_least(cond.k, [_line(cond.condition, scene, s) for s in scopes])
    if isinstance(cond, DowntimeRef):
        named = {d.id: d for d in scene.contract.downtimes}
        return _line(named[cond.name].condition, scene, where)
    if isinstance(cond, OutageCondition):
        return _outage_line(cond, scene, where)
    return _metric_line(cond, scene, where)


def _scopes(scene: _Scene) -> set[str]:
    found: set[str] = set()
    for o in scene.inputs.outages:
        if scene.in_scope(o.service, (), None):
            found.update(o.scope)
    for c in scene.inputs.counts:
        if scene.in_scope(c.service, (), None):
            found.update(c.scope)
    return found


def _outage_line(cond: OutageCondition, scene: _Scene, where: str | None) -> Timeline:
    weights = _impact_weights(scene.objective, cond.impacts)
    services = set(scene.objective.services)
    wanted = where if where is not None else scene.scope
    by_impact: dict[str, list[tuple[int, int]]] = {}  # impacts with one weight for all
    by_weight: dict[
        Fraction, list[tuple[int, int]]
    ] = {}  # spans by weight (impact_fraction or declared)
    matched = scene.matched_outages
    for o in scene.inputs.outages:
        if o.impact not in weights or o.start >= o.end:
            continue
        if (services and o.service not in services) or (
            wanted is not None and o.scope and wanted not in o.scope
        ):
            continue
        if weights[o.impact] is not None or o.fraction is None:
            by_impact.setdefault(o.impact, []).append((o.start, o.end))
        elif o.fraction:
            by_weight.setdefault(o.fraction, []).append((o.start, o.end))
        else:
            continue
        matched[o.id] = o
    for impact, spans in by_impact.items():
        by_weight.setdefault(weights[impact] or ONE, []).extend(spans)
    return layered(by_weight) if by_weight else []


def _excluded_items(c: CountSpan, objective: Objective) -> tuple[int, int]:
    """(good, total) after taking out excluded items as the contract says (docs: Ratios)."""
    assert c.total is not None and c.good is not None
    fields = objective.remove_excluded or ("total",)
    good = c.good - c.excluded if "good" in fields else c.good
    if "failed" in fields:  # excluded failures are not failures: they count as good
        good += c.excluded
    total = c.total - c.excluded if "total" in fields else c.total
    return max(good, 0), total


def slices_of(
    counts: Iterable[CountSpan], origin: int, size: int | None
) -> dict[tuple[int, int], list[CountSpan]]:
    """Counts grouped by slice; an interval that straddles a slice boundary is an error."""
    out: dict[tuple[int, int], list[CountSpan]] = {}
    for c in counts:
        if size is None:
            key = (c.start, c.end)
        else:
            index = (c.start - origin) // size
            key = (origin + index * size, origin + (index + 1) * size)
            if c.end > key[1]:
                raise EvaluationError(
                    f"counts '{c.id}' straddles a slice boundary at {from_us(key[1])}; "
                    "the contract's slice is shorter than the interval"
                )
        out.setdefault(key, []).append(c)
    return out


def slice_size(objective: Objective) -> int | None:
    if isinstance(objective.slice, Duration):
        return int(objective.slice.seconds * US_PER_SECOND)
    return None


def _metric_line(cond: MetricCondition, scene: _Scene, where: str | None) -> Timeline:
    if cond.metric == "latency":
        return _latency_line(cond, scene, where)
    objective = scene.objective
    threshold = in_measurement_units(cond.threshold)
    minimum = objective.minimum_volume.count if objective.minimum_volume else 0
    series = [
        c
        for c in scene.inputs.counts
        if c.operation == cond.operation and scene.in_scope(c.service, c.scope, where)
    ]
    excluded_causes = _excluded_causes(objective)
    down: list[tuple[int, int, Fraction]] = []
    for (start, end), members in sorted(
        slices_of(series, scene.origin, slice_size(objective)).items()
    ):
        kept = [c for c in members if c.cause is None or c.cause not in excluded_causes]
        scene.cause_excluded.extend(c for c in members if c not in kept)
        value, volume = _slice_value(cond.metric, kept, objective)
        if value is None or volume < minimum or volume == 0:
            scene.no_data.append((start, end))
            continue
        if compare(value, cond.comparator, threshold):
            down.append((start, end, ONE))
            scene.down_counts.append((start, end, [c.id for c in kept]))
    return timeline(down)


def _latency_line(cond: MetricCondition, scene: _Scene, where: str | None) -> Timeline:
    """Slices whose latency statistic (weighted by count) passes the bound."""
    objective = scene.objective
    size = slice_size(objective)
    if size is None:
        raise EvaluationError(
            f"objective '{objective.id}': a latency bound inside 'down when' needs a slice length"
        )
    slices: dict[int, dict[Decimal, int]] = {}
    for sample in scene.inputs.samples:
        if sample.operation == cond.operation and scene.in_scope(
            sample.service, sample.scope, where
        ):
            tally = slices.setdefault((sample.at - scene.origin) // size, {})
            tally[sample.latency_ms] = tally.get(sample.latency_ms, 0) + sample.samples
    threshold = in_measurement_units(cond.threshold)
    minimum = objective.minimum_volume.count if objective.minimum_volume else 0
    method = objective.percentile or "nearest_rank"
    down: list[tuple[int, int, Fraction]] = []
    for index, tally in sorted(slices.items()):
        start = scene.origin + index * size
        if sum(tally.values()) < minimum:
            scene.no_data.append((start, start + size))
        elif compare(
            weighted_statistic(tally, cond.statistic or "mean", method),
            cond.comparator,
            threshold,
        ):
            down.append((start, start + size, ONE))
    return timeline(down)


def _slice_value(
    metric: str, members: list[CountSpan], objective: Objective
) -> tuple[Fraction | None, int]:
    if metric == "users_affected":
        users = [c for c in members if c.users_total is not None]
        total = sum(c.users_total or 0 for c in users)
        affected = sum(c.users_affected or 0 for c in users)
        return (Fraction(affected, total) if total else None), total
    pairs = [_excluded_items(c, objective) for c in members if c.total is not None]
    good, total = sum(p[0] for p in pairs), sum(p[1] for p in pairs)
    if not total:
        return None, 0
    rate = Fraction(good, total)
    return (rate if metric == "success_rate" else 1 - rate), total


def _excluded_causes(objective: Objective) -> set[str]:
    return {c for e in objective.exclusions if isinstance(e, CauseExclusion) for c in e.causes}


def derive(
    contract: Contract,
    objective: Objective,
    inputs: Inputs,
    window: tuple[int, int],
    scope: str | None,
    tz: str,
) -> PeriodDowntime:
    """The down time of `objective` within `window` (and `scope`, when evaluated per scope).
    `tz` is the zone of the calendar windows a maintenance maximum is counted in."""
    scene = _Scene(contract, objective, inputs, window[0], scope, tz)
    line = _line(objective.down_when or _ANY_OUTAGE, scene, None)
    size = slice_size(objective)
    if size is not None:
        line = quantise(line, window[0], size, objective.partial_slices or "proportional")
    if objective.minimum_run is not None:
        line = drop_short_runs(line, int(objective.minimum_run.seconds * US_PER_SECOND))
    no_data = merge(
        [*scene.no_data]
        + [(g.start, g.end) for g in inputs.gaps if scene.in_scope(g.service, g.scope, None)]
    )
    rule = objective.missing_data or "up"
    no_data_excluded: Intervals = []
    if rule == "down" and no_data:
        line = union([line, of_intervals(no_data)])
    elif rule == "excluded":
        no_data_excluded = clip(no_data, *window)
        line = remove(line, no_data_excluded)
    gross = restrict(line, [window])
    excluded_records, exclusion_spans, maintenance_spans, notes = _exclusions(
        objective, scene, window
    )
    down = remove(gross, exclusion_spans)
    evidence, outages = _evidence(scene, covered(down))
    excluded = weighted_length(gross) - weighted_length(down)
    maintenance = weighted_length(restrict(gross, maintenance_spans))
    return PeriodDowntime(
        gross=gross,
        down=down,
        excluded=excluded,
        maintenance=maintenance,
        no_data=no_data_excluded,
        excluded_records=excluded_records,
        evidence=evidence,
        outages=outages,
        notes=notes,
    )


def _evidence(scene: _Scene, down: Intervals) -> tuple[list[str], int]:
    """Ids of the records behind the counted down time, outages first, then counts intervals;
    and how many are outages."""
    starts = [start for start, _ in down]

    def meets(start: int, end: int) -> bool:
        index = bisect_left(starts, end) - 1  # the last span starting before `end`
        return index >= 0 and down[index][1] > start

    outages = sorted(o.id for o in scene.matched_outages.values() if meets(o.start, o.end))
    counts = {i for start, end, members in scene.down_counts if meets(start, end) for i in members}
    return [*outages, *sorted(counts - set(outages))], len(outages)


def _exclusions(
    objective: Objective, scene: _Scene, window: tuple[int, int]
) -> tuple[list[ExcludedTime], Intervals, Intervals, list[str]]:
    """Records taken out by the objective's exclusion clauses, the time they take out (in the
    window) and notes on maintenance that did not qualify."""
    records: list[ExcludedTime] = []
    seen: set[str] = set()
    spans: list[tuple[int, int]] = []
    maintenance: list[tuple[int, int]] = []
    notes: list[str] = []
    start, end = window
    for exclusion in objective.exclusions:
        clause = describe_exclusion(exclusion)
        if isinstance(exclusion, MaintenanceExclusion):
            granted, refused = _maintenance(exclusion, scene, window)
            notes.extend(refused)
            for o, pieces in granted:
                inside = clip(pieces, start, end)
                if inside:
                    records.append(ExcludedTime(o.id, "outage", clause, length(inside)))
                    seen.add(o.id)
                    spans.extend(inside)
                    maintenance.extend(inside)
            continue
        for o in _candidates(scene, exclusion):
            inside = clip([(o.start, o.end)], start, end)
            if inside and o.id not in seen:
                records.append(ExcludedTime(o.id, "outage", clause, length(inside)))
                seen.add(o.id)
                spans.extend(inside)
        if isinstance(exclusion, CauseExclusion):
            for c in scene.cause_excluded:
                inside = clip([(c.start, c.end)], start, end)
                if inside and c.id not in seen:
                    records.append(ExcludedTime(c.id, "counts", clause, length(inside)))
                    seen.add(c.id)
                    spans.extend(inside)
    return records, merge(spans), merge(maintenance), notes


def _candidates(scene: _Scene, exclusion: Exclusion) -> Iterator[OutageSpan]:
    test: Callable[[OutageSpan], bool]
    if isinstance(exclusion, CauseExclusion):
        causes = set(exclusion.causes)
        test = lambda o: o.cause in causes  # noqa: E731
    else:
        test = operator.attrgetter("flagged")
    for o in scene.ordered():
        if test(o):
            yield o


def _maintenance(
    exclusion: MaintenanceExclusion, scene: _Scene, window: tuple[int, int]
) -> tuple[list[tuple[OutageSpan, Intervals]], list[str]]:
    """Announced maintenance that qualifies, in time order, with the time it may exclude under the
    maximum; and notes on maintenance that counts as down time."""
    notice = None if exclusion.notice is None else int(exclusion.notice.seconds * US_PER_SECOND)
    maximum = None if exclusion.maximum is None else int(exclusion.maximum.seconds * US_PER_SECOND)
    granted: list[tuple[OutageSpan, Intervals]] = []
    late: list[tuple[str, str]] = []
    over: list[tuple[str, str]] = []
    used: dict[tuple[int, int], int] = {}
    taken: Intervals = []  # merged; a new record can only overlap a suffix of it
    ends: list[int] = []
    budget = _Budget(maximum, exclusion.maximum_per, window, scene.tz) if maximum else None
    for o in scene.ordered():
        if not o.maintenance:
            continue
        if notice is not None:
            ahead = None if o.announced_at is None else o.start - o.announced_at
            if ahead is None or ahead < notice:
                late.append(
                    (o.id, "not announced" if ahead is None else f"announced {_hours(ahead)} ahead")
                )
                continue
        suffix = bisect_right(ends, o.start)
        pieces = subtract([(o.start, o.end)], taken[suffix:])
        if budget is not None:
            pieces, overrun = budget.take(pieces, used)
            if overrun:
                over.append((o.id, f"{_minutes(overrun)} over the maximum"))
        merged = merge([*taken[suffix:], *pieces])
        del taken[suffix:], ends[suffix:]
        taken.extend(merged)
        ends.extend(e for _, e in merged)
        if pieces:
            granted.append((o, pieces))
    return granted, [*_notes(late), *_notes(over)]


def _notes(items: list[tuple[str, str]]) -> list[str]:
    """'maintenance m1 counts as down time: announced 6 h ahead', or a summary of many."""
    if len(items) <= 3:
        return [f"maintenance {id} counts as down time: {why}" for id, why in items]
    ids = ", ".join(id for id, _ in items[:3])
    return [f"{len(items)} maintenance records count as down time ({ids}, ...: {items[0][1]}, ...)"]


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
