"""Down time of one availability objective in one period: conditions, slices, runs, exclusions.

Pipeline (docs/evaluation.md, "Downtime"): the `down when` condition becomes a weighted timeline
over all records of the objective's services (not only the period, so that a minimum run is tested
on the whole run); slices snap it to the grid; short runs are dropped; the no-data rule applies;
the result is clipped to the period; exclusion clauses take their records' time out.
"""

from __future__ import annotations

import operator
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from slalang.evaluate.exclusions import (
    ExcludedTime,
    Excusal,
    Taken,
    counted_items,
    describe_exclusion,
    excluded_causes,
    objective_excusal,
    refused_notes,
)
from slalang.evaluate.inputs import CountSpan, EvaluationError, Inputs, OutageSpan, Reads
from slalang.evaluate.intervals import (
    ONE,
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
    union,
    weighted_length,
    weighted_overlaps,
)
from slalang.evaluate.measure import compare, in_measurement_units, minutes, weighted_statistic
from slalang.evaluate.reading import kinds
from slalang.fmt import quantity
from slalang.model import (
    AllOf,
    AnyOf,
    CauseExclusion,
    Condition,
    Contract,
    DowntimeRef,
    Duration,
    KOf,
    MaintenanceExclusion,
    MetricCondition,
    Objective,
    OutageCondition,
    Quorum,
)

_ANY_OUTAGE = OutageCondition()


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
    reads: Reads = field(default_factory=Reads)  # every record the objective considered
    missing: int = 0  # time without data in the period (gaps, slices below the minimum volume)
    dropped: list[tuple[str, str]] = field(default_factory=list)  # records read, not counted: why


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
    reads: Reads = field(default_factory=Reads)
    window: tuple[int, int] = (0, 0)
    dropped: dict[str, str] = field(default_factory=dict)  # outages no condition took, and why
    dropped_spans: list[OutageSpan] = field(default_factory=list)  # ... those records
    _ordered: list[OutageSpan] | None = None

    def ordered(self) -> list[OutageSpan]:
        """The outages the conditions matched, by start (then id)."""
        if self._ordered is None:
            self._ordered = sorted(
                self.matched_outages.values(), key=operator.attrgetter("start", "id")
            )
        return self._ordered

    def wanted(self, where: str | None) -> str | None:
        """The scope a condition reads: a quorum's scope, else the evaluated one (or None)."""
        return where if where is not None else self.scope

    def in_scope(self, service: str, scope: tuple[str, ...], where: str | None) -> bool:
        services = self.objective.services
        if services and service not in services:
            return False
        wanted = self.wanted(where)
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
    """The scopes of the outages and counts of the objective's services."""
    services, inputs = scene.objective.services, scene.inputs
    return inputs.scoped_outages.scopes(services) | inputs.scoped_counts.scopes(services)


def _outage_line(cond: OutageCondition, scene: _Scene, where: str | None) -> Timeline:
    weights = _impact_weights(scene.objective, cond.impacts)
    services = set(scene.objective.services)
    wanted = scene.wanted(where)
    by_impact: dict[str, list[tuple[int, int]]] = {}  # impacts with one weight for all
    by_weight: dict[
        Fraction, list[tuple[int, int]]
    ] = {}  # spans by weight (impact_fraction or declared)
    matched = scene.matched_outages
    for o in scene.inputs.scoped_outages.select(wanted):
        if (services and o.service not in services) or (
            wanted is not None and o.scope and wanted not in o.scope
        ):
            continue
        scene.reads.add(o, scene.window)
        if o.impact not in weights or o.start >= o.end:
            scene.dropped[o.id] = _why_not(o, cond, scene.objective)
            scene.dropped_spans.append(o)
            continue
        if weights[o.impact] is not None or o.fraction is None:
            by_impact.setdefault(o.impact, []).append((o.start, o.end))
        elif o.fraction:
            by_weight.setdefault(o.fraction, []).append((o.start, o.end))
        else:
            scene.dropped[o.id] = "impact_fraction 0"
            scene.dropped_spans.append(o)
            continue
        matched[o.id] = o
    for impact, spans in by_impact.items():
        by_weight.setdefault(weights[impact] or ONE, []).extend(spans)
    return layered(by_weight) if by_weight else []


def _why_not(o: OutageSpan, cond: OutageCondition, objective: Objective) -> str:
    """Why an outage record is no down time under `cond`."""
    if o.start >= o.end:
        return "no duration"
    if any(w.impact == o.impact and not w.share.fraction for w in objective.weights):
        return f"weight {o.impact} 0%"
    listed = ", ".join(cond.impacts) if cond.impacts else "every impact but none"
    return f"impact {o.impact} is not in the condition ({listed})"


def _excluded_items(c: CountSpan, objective: Objective) -> tuple[int, int]:
    """(good, total) after taking out excluded items as the contract says (docs: Ratios)."""
    assert c.total is not None and c.good is not None
    fields = objective.remove_excluded or ("total",)
    good, total = counted_items(c, fields, excluded_causes(objective))
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
        for c in scene.inputs.scoped_counts.select(scene.wanted(where))
        if c.operation == cond.operation and scene.in_scope(c.service, c.scope, where)
    ]
    for c in series:
        scene.reads.add(c, scene.window)
    causes = excluded_causes(objective)
    down: list[tuple[int, int, Fraction]] = []
    for (start, end), members in sorted(
        slices_of(series, scene.origin, slice_size(objective)).items()
    ):
        kept = [c for c in members if c.cause is None or c.cause not in causes]
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
    cells = scene.inputs.cells
    wanted = scene.wanted(where)
    scene.reads.latency.update(
        key
        for key in scene.inputs.scoped_tallies.select(wanted)
        if key[2] == cond.operation
        and scene.in_scope(key[1], key[3], where)
        and scene.window[0] <= cells[key[0]]
        and cells[key[0] + 1] <= scene.window[1]
    )
    for sample in scene.inputs.scoped_samples.select(wanted):
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
    scene = _Scene(contract, objective, inputs, window[0], scope, tz, window=window)
    line = _line(objective.down_when or _ANY_OUTAGE, scene, None)
    size = slice_size(objective)
    if size is not None:
        line = quantise(line, window[0], size, objective.partial_slices or "proportional")
    short: Intervals = []  # down time in runs shorter than the minimum run
    if objective.minimum_run is not None:
        before = covered(line)
        line = drop_short_runs(line, int(objective.minimum_run.seconds * US_PER_SECOND))
        short = subtract(before, covered(line))
    gaps = [g for g in inputs.scoped_gaps.select(scope) if scene.in_scope(g.service, g.scope, None)]
    for g in gaps:
        scene.reads.add(g, window)
    no_data = merge([*scene.no_data] + [(g.start, g.end) for g in gaps])
    if not (scene.reads.spans or scene.reads.latency or "outage" in kinds(objective, contract)):
        no_data = [window]  # conditions on metrics only, and not one record: no data at all
    rule = objective.missing_data or "up"
    no_data_excluded: Intervals = []
    if rule == "down" and no_data:
        line = union([line, of_intervals(no_data)])
    elif rule == "excluded":
        no_data_excluded = clip(no_data, *window)
        line = remove(line, no_data_excluded)
    gross = restrict(line, [window])
    excused = objective_excusal(objective, inputs.scoped_outages.select(scope), window, scope, tz)
    scene.reads.spans.update(r.record for r in excused.records)
    excluded_records, exclusion_spans = _excluded(gross, excused, scene, window)
    down = remove(gross, exclusion_spans)
    evidence, outages = _evidence(scene, covered(down))
    excluded = weighted_length(gross) - weighted_length(down)
    maintenance = weighted_length(restrict(gross, excused.maintenance))
    notes = refused_notes(excused.refused, "counts as down time")
    notes.extend(_maintenance_down(scene, evidence[:outages], excused))
    dropped = _dropped(scene, set(evidence), {x.id for x in excluded_records}, short)
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
        reads=scene.reads,
        missing=length(clip(no_data, *window)),
        dropped=dropped,
    )


def _meets(spans: Intervals, starts: list[int], start: int, end: int) -> bool:
    """Whether `[start, end)` meets the sorted, disjoint `spans` (whose starts are `starts`)."""
    index = bisect_left(starts, end) - 1  # the last span starting before `end`
    return index >= 0 and spans[index][1] > start


def _evidence(scene: _Scene, down: Intervals) -> tuple[list[str], int]:
    """Ids of the records behind the counted down time, outages first, then counts intervals;
    and how many are outages."""
    starts = [start for start, _ in down]
    outages = sorted(
        o.id for o in scene.matched_outages.values() if _meets(down, starts, o.start, o.end)
    )
    counts = {
        i
        for start, end, members in scene.down_counts
        if _meets(down, starts, start, end)
        for i in members
    }
    return [*outages, *sorted(counts - set(outages))], len(outages)


def _excluded(
    gross: Timeline, excused: Excusal, scene: _Scene, window: tuple[int, int]
) -> tuple[list[ExcludedTime], Intervals]:
    """Each excluding record with the down time it excused (possibly none), then the counts
    intervals a cause clause took out of the conditions; and all the time excluded."""
    owners = [(r.record.id, "outage", r.clause, r.pieces) for r in excused.records]
    clause = next(
        (
            describe_exclusion(e)
            for e in scene.objective.exclusions
            if isinstance(e, CauseExclusion)
        ),
        "",
    )
    taken = Taken()
    taken.claim(excused.spans)
    seen: set[str] = set()
    for c in scene.cause_excluded:
        if c.id not in seen:
            seen.add(c.id)
            pieces = taken.claim(clip([(c.start, c.end)], *window))
            if pieces:
                owners.append((c.id, "counts", clause, pieces))
    excused_us = weighted_overlaps(
        gross, ((s, e, index) for index, o in enumerate(owners) for s, e in o[3])
    )
    records = []
    for index, (id, kind, by, pieces) in enumerate(owners):
        down = excused_us.get(index, Fraction(0))
        effect = (
            f"excused {minutes(down)} of down time"
            if down
            else f"excused no down time ({minutes(length(pieces))} of its time had none)"
        )
        records.append(ExcludedTime(id, kind, by, down, effect))
    return records, taken.spans


def _dropped(
    scene: _Scene, counted: set[str], excluded: set[str], short: Intervals
) -> list[tuple[str, str]]:
    """The outage records and down counts intervals the objective read in its window that count
    no down time and were not excluded, with the rule that dropped them."""
    window = scene.window
    objective = scene.objective
    out: list[tuple[str, str]] = []
    spans = [(o.id, o.start, o.end) for o in scene.ordered()]
    spans += [(o.id, o.start, o.end) for o in scene.dropped_spans]
    spans += [(i, start, end) for start, end, ids in scene.down_counts for i in ids]
    seen: set[str] = set()
    starts = [s for s, _ in short]
    for id, start, end in sorted(spans, key=lambda s: (s[1], s[0])):
        if id in seen or id in counted or id in excluded:
            continue
        if not ((start < window[1] and window[0] < end) or window[0] <= start < window[1]):
            continue
        seen.add(id)
        if id in scene.dropped and id not in scene.matched_outages:
            out.append((id, scene.dropped[id]))
        elif short and _meets(short, starts, start, max(end, start + 1)):
            assert objective.minimum_run is not None
            out.append(
                (id, f"in a run shorter than the minimum run {quantity(objective.minimum_run)}")
            )
        elif objective.partial_slices == "up":
            out.append((id, "no slice is down all through ('partial slices count as up')"))
        else:
            out.append((id, "no down time of it counts"))
    return out


def _maintenance_down(scene: _Scene, counted: list[str], excused: Excusal) -> list[str]:
    """Why maintenance records counted as down time, when no note on a maintenance exclusion
    already says it."""
    refused = {id for id, _ in excused.refused}
    ids = [id for id in counted if scene.matched_outages[id].maintenance and id not in refused]
    if not ids:
        return []
    has_clause = any(isinstance(e, MaintenanceExclusion) for e in scene.objective.exclusions)
    why = (
        "its time is outside what 'exclude maintenance' excused"
        if has_clause
        else "maintenance is down under any outage condition, and the objective has no "
        "'exclude maintenance' (or 'weight maintenance 0%')"
    )
    shown = ", ".join(ids[:3]) + (f", ... {len(ids) - 3} more" if len(ids) > 3 else "")
    return [f"maintenance {shown} counted as down time: {why}"]
