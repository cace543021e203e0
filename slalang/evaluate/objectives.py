"""Measure one objective in one period (and scope): availability, success rate or latency."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from slalang.evaluate.downtime import PeriodDowntime, slices_of
from slalang.evaluate.exclusions import (
    ExcludedTime,
    Excusal,
    counted_items,
    describe_exclusion,
    excluded_causes,
    excluded_items,
    refused_notes,
    remove_intervals,
    remove_samples,
)
from slalang.evaluate.inputs import CountSpan, Inputs, Reads
from slalang.evaluate.intervals import (
    US_PER_MINUTE,
    US_PER_SECOND,
    clip,
    length,
    merge,
    weighted_length,
)
from slalang.evaluate.measure import (
    compare,
    evaluate_formula,
    in_measurement_units,
    minutes,
    ms_text,
    percent_text,
    weighted_statistic,
)
from slalang.fmt import quantity
from slalang.model import CauseExclusion, Duration, Objective


@dataclass
class Measurement:
    measured: Fraction | None  # a share for rates, milliseconds for latency; None: not assessed
    display: str | None
    met: bool
    down_us: Fraction = Fraction(0)  # counted down time, for linear credits
    evidence: list[str] = field(default_factory=list)
    excluded: list[ExcludedTime] = field(default_factory=list)
    steps: list[str] = field(default_factory=list)  # the explanation, before the credit
    reads: Reads = field(default_factory=Reads)  # the records it considered

    @property
    def reason(self) -> str | None:
        """Why the objective is not assessed (the step that says so); None when it is."""
        if self.measured is not None:
            return None
        return next(
            (
                s.removesuffix(NOT_ASSESSED)
                for s in reversed(self.steps)
                if s.endswith(NOT_ASSESSED)
            ),
            "nothing to measure",
        )


NOT_ASSESSED = ": not assessed"


def target_text(objective: Objective) -> str:
    target = objective.target
    if target is None:
        return "none"
    statistic = f"{target.statistic} " if target.statistic else ""
    return f"{statistic}{target.comparator} {quantity(target.value)}"


def _judge(objective: Objective, measured: Fraction, display: str, steps: list[str]) -> bool:
    target = objective.target
    if target is None:
        steps.append(f"{display}; no target")
        return True
    met = compare(measured, target.comparator, in_measurement_units(target.value))
    steps.append(
        f"{display} against target {target_text(objective)}: {'met' if met else 'not met'}"
    )
    return met


def _ids(ids: list[str], limit: int = 10) -> str:
    shown = ", ".join(ids[:limit])
    return shown + (f", ... {len(ids) - limit} more" if len(ids) > limit else "")


def availability(
    objective: Objective,
    d: PeriodDowntime,
    inputs: Inputs,
    window: tuple[int, int],
    scope: str | None,
) -> Measurement:
    """Availability over `window` (and `scope`) from its down time `d` (see `derive`)."""
    period_us = window[1] - window[0]
    steps: list[str] = []
    if isinstance(objective.denominator, Duration):
        denominator = Fraction(objective.denominator.seconds * US_PER_SECOND)
        steps.append(f"{minutes(denominator)} (fixed denominator)")
    elif objective.denominator == "deployed":
        spans = [
            s
            for s in inputs.scoped_deployments.select(scope)
            if (not objective.services or s.service in objective.services)
            and (scope is None or not s.scope or scope in s.scope)
        ]
        for span in spans:
            d.reads.add(span, window)
        deployed = merge((s.start, s.end) for s in spans)
        denominator = Fraction(length(clip(deployed, *window)))
        steps.append(f"{minutes(denominator)} deployed in period")
    else:
        denominator = Fraction(period_us)
        steps.append(f"{minutes(period_us)} in period")
    no_data = length(d.no_data)
    if no_data:
        denominator -= no_data
    if d.missing:
        steps.append(_missing_data(objective, d.missing))
    gross = weighted_length(d.gross)
    counted = weighted_length(d.down)
    sources = []
    if d.outages:
        sources.append(f"{d.outages} outage(s) ({_ids(d.evidence[: d.outages])})")
    if len(d.evidence) > d.outages:
        intervals = d.evidence[d.outages :]
        sources.append(f"{len(intervals)} counts interval(s) ({_ids(intervals, 3)})")
    steps.append(f"{minutes(counted)} down" + (" from " + " and ".join(sources) if sources else ""))
    steps.extend(_exclusion_steps(d.excluded_records))
    steps.extend(d.notes)
    steps.append(_fates(d, inputs))
    per_minute = Fraction(US_PER_MINUTE)
    variables = {
        "period": denominator / per_minute,
        "deployed": denominator / per_minute,
        "down": gross / per_minute,
        "excluded": (gross - counted) / per_minute,
        "maintenance": d.maintenance / per_minute,
        "good": Fraction(0),
        "failed": Fraction(0),
        "total": Fraction(0),
    }
    if denominator <= 0:
        steps.append("no time to measure" + NOT_ASSESSED)
        return Measurement(
            None, None, True, counted, d.evidence, d.excluded_records, steps, d.reads
        )
    if objective.formula is not None:
        measured = evaluate_formula(objective.formula, variables)
    else:
        measured = (denominator - counted) / denominator
    met = _judge(objective, measured, percent_text(measured), steps)
    return Measurement(
        measured,
        percent_text(measured),
        met,
        counted,
        d.evidence,
        d.excluded_records,
        steps,
        d.reads,
    )


def _exclusion_steps(excluded: list[ExcludedTime]) -> list[str]:
    """'1 excluded by 'exclude flagged' (o1: excused 5 min of down time)', per clause."""
    by_clause: dict[str, list[str]] = {}
    for x in excluded:
        by_clause.setdefault(x.clause, []).append(f"{x.id}: {x.effect}")
    return [f"{len(ids)} excluded by '{clause}' ({_ids(ids)})" for clause, ids in by_clause.items()]


def _fates(d: PeriodDowntime, inputs: Inputs) -> str:
    """Every record read, by fate: 'read 40 record(s): 6 counted, 2 excluded, 1 dropped (o9:
    impact none is not in the condition), 31 with no down time'."""
    counted, excluded = set(d.evidence), {x.id for x in d.excluded_records}
    dropped = [f"{id}: {why}" for id, why in d.dropped]
    read = d.reads.count(inputs)
    rest = max(0, read - len(counted | excluded) - len(dropped))
    text = (
        f"read {read:,} record(s): {len(counted):,} counted, {len(excluded - counted):,} excluded"
    )
    if dropped:
        text += f", {len(dropped):,} dropped ({_ids(dropped, 5)})"
    return text + f", {rest:,} with no down time"


def _missing_data(objective: Objective, missing: int) -> str:
    """The no-data rule as applied: '5 min without data count as up (the default rule)'."""
    rule = objective.missing_data or "up"
    whose = "the contract's rule" if objective.missing_data else "the default rule"
    fate = "left out" if rule == "excluded" else f"count as {rule}"
    return f"{minutes(missing)} without data {fate} ({whose} 'missing data counts as {rule}')"


def _own_series(objective: Objective, operation: str | None) -> bool:
    """Whether a record of this operation is the objective's: its `operation` clause, else
    the records without an operation and those named like the objective."""
    if objective.operations:
        return operation in objective.operations
    return operation is None or operation == objective.id


def _series(
    objective: Objective, inputs: Inputs, window: tuple[int, int], scope: str | None
) -> tuple[list[CountSpan], list[ExcludedTime], set[CountSpan], list[str]]:
    """The objective's counts in `window`: those in the ratio, those an `exclude cause` clause
    takes out, every one read, and the ids of those without items (users only)."""
    causes = excluded_causes(objective)
    clause = next(
        (describe_exclusion(e) for e in objective.exclusions if isinstance(e, CauseExclusion)),
        "",
    )
    series: list[CountSpan] = []
    excluded: list[ExcludedTime] = []
    read: set[CountSpan] = set()
    dropped: list[str] = []  # counts of users only: no items for a rate
    for c in inputs.scoped_counts.select(scope or None):  # `_ours`: no scope "" of its own
        if not (window[0] <= c.start < window[1]):
            continue
        if not _ours(objective, c.service, c.operation, c.scope, scope):
            continue
        read.add(c)
        if c.total is None:
            dropped.append(c.id)
        elif c.cause is not None and c.cause in causes:
            length = Fraction(c.end - c.start)
            excluded.append(ExcludedTime(c.id, "counts", clause, length, f"cause {c.cause}"))
        else:
            series.append(c)
    return series, excluded, read, dropped


def success_rate(
    objective: Objective,
    inputs: Inputs,
    window: tuple[int, int],
    scope: str | None,
    excused: Excusal,
) -> Measurement:
    series, excluded, read, dropped = _series(objective, inputs, window, scope)
    reads = Reads(spans={r.record for r in excused.records} | read)
    cause_excluded = len(excluded)
    series, removal = remove_intervals(excused, series)
    fields, causes = objective.remove_excluded or ("total",), excluded_causes(objective)
    removed = sum(excluded_items(c, causes) for c in series)
    figures = [counted_items(c, fields, causes) for c in series]
    good, total = sum(g for g, _ in figures), sum(t for _, t in figures)
    steps = [f"{total:,} item(s) in {len(series):,} interval(s)"]
    if removed:
        steps.append(f"{removed:,} excluded item(s) removed from {' and '.join(fields)}")
    if cause_excluded:
        steps.extend(_exclusion_steps(excluded))
    steps.extend(removal.steps)
    steps.extend(refused_notes(excused.refused, "is not excluded"))
    excluded = [*removal.excluded, *excluded]
    steps.append(
        f"read {len(reads.spans):,} record(s): {len(series):,} in the ratio, "
        f"{len({x.id for x in excluded}):,} excluded"
        + (f", {len(dropped):,} dropped (no total: {_ids(dropped, 3)})" if dropped else "")
    )
    minimum = objective.minimum_volume.count if objective.minimum_volume else 0
    evidence = sorted(c.id for c in series) if len(series) <= 1000 else []
    aggregate = objective.aggregate.method if objective.aggregate else "pooled"
    if aggregate == "mean":
        measured = _mean_of_slices(objective, series, (fields, causes), minimum, window, steps)
    elif total == 0:
        measured = None
        steps.append("no items in the period" + NOT_ASSESSED)
    elif total < minimum:
        measured = None
        steps.append(f"volume {total:,} below the minimum {minimum:,}" + NOT_ASSESSED)
    elif objective.formula is not None:
        values = {
            "good": Fraction(good),
            "total": Fraction(total),
            "failed": Fraction(total - good),
        }
        measured = evaluate_formula(objective.formula, values)
    else:
        measured = Fraction(good, total)
        steps.append(f"{good:,} good / {total:,} = {percent_text(measured)}")
    if measured is None:
        return Measurement(
            None, None, True, evidence=evidence, excluded=excluded, steps=steps, reads=reads
        )
    met = _judge(objective, measured, percent_text(measured), steps)
    return Measurement(
        measured,
        percent_text(measured),
        met,
        evidence=evidence,
        excluded=excluded,
        steps=steps,
        reads=reads,
    )


def _mean_of_slices(
    objective: Objective,
    series: list[CountSpan],
    removal: tuple[tuple[str, ...], frozenset[str]],
    minimum: int,
    window: tuple[int, int],
    steps: list[str],
) -> Fraction | None:
    """The mean of per-slice success rates. With `per`, every slice of the period counts, and a
    slice without data (or below the minimum volume) follows the missing-data rule: up = 100%,
    down = 0%, excluded = left out. Without `per`, each counts interval is a slice."""
    per = objective.aggregate.per if objective.aggregate else None
    size = None if per is None else int(per.seconds * US_PER_SECOND)
    rates: dict[tuple[int, int], Fraction] = {}
    for key, members in slices_of(series, window[0], size).items():
        figures = [counted_items(c, *removal) for c in members]
        good, total = sum(g for g, _ in figures), sum(t for _, t in figures)
        if total and total >= minimum:
            rates[key] = Fraction(good, total)
    rule = objective.missing_data or "up"
    count = len(rates)
    if size is not None:
        count = -((window[0] - window[1]) // size)
    filled = count - len(rates)
    if filled and rule != "excluded":
        steps.append(f"{filled:,} slice(s) without enough data count as {rule}")
    elif filled:
        steps.append(f"{filled:,} slice(s) without enough data left out")
        count = len(rates)
    if count == 0:
        steps.append("no slice to average" + NOT_ASSESSED)
        return None
    missing_value = Fraction(1) if rule == "up" else Fraction(0)
    total_rate = sum(rates.values(), Fraction(0)) + (
        missing_value * filled if rule != "excluded" else 0
    )
    mean = total_rate / count
    steps.append(f"mean of {count:,} slice rate(s) = {percent_text(mean)}")
    return mean


def _ours(
    objective: Objective,
    service: str,
    operation: str | None,
    scopes: tuple[str, ...],
    scope: str | None,
) -> bool:
    """Whether a record of this service, operation and scope belongs to the objective's series."""
    if objective.services and service not in objective.services:
        return False
    return _own_series(objective, operation) and not (scope and scopes and scope not in scopes)


def _tallies(
    objective: Objective,
    inputs: Inputs,
    window: tuple[int, int],
    scope: str | None,
    excused: Excusal,
) -> tuple[dict[Decimal, int], list[ExcludedTime], list[str]]:
    """The objective's samples in `window` as `{latency_ms: count}`. With exclusion clauses the
    samples are kept whole (see `engine`), and those inside excluding time are removed."""
    if objective.exclusions:
        tallies, removal = remove_samples(
            excused,
            (
                s
                for s in inputs.scoped_samples.select(scope or None)
                if window[0] <= s.at < window[1]
                and _ours(objective, s.service, s.operation, s.scope, scope)
            ),
        )
        notes = refused_notes(excused.refused, "is not excluded")
        return tallies, removal.excluded, [*removal.steps, *notes]
    tallies = {}
    cells = inputs.cells
    for key in inputs.scoped_tallies.select(scope or None):
        index, service, operation, scopes = key
        tally = inputs.latency[key]
        if not (window[0] <= cells[index] and cells[index + 1] <= window[1]):
            continue
        if _ours(objective, service, operation, scopes, scope):
            for value, count in tally.items():
                tallies[value] = tallies.get(value, 0) + count
    return tallies, [], []


def latency(
    objective: Objective,
    inputs: Inputs,
    window: tuple[int, int],
    scope: str | None,
    excused: Excusal,
) -> Measurement:
    tallies, excluded, notes = _tallies(objective, inputs, window, scope, excused)
    cells = inputs.cells
    reads = Reads(
        spans={r.record for r in excused.records},
        latency={
            key
            for key in inputs.scoped_tallies.select(scope or None)
            if window[0] <= cells[key[0]]
            and cells[key[0] + 1] <= window[1]
            and _ours(objective, key[1], key[2], key[3], scope)
        },
    )
    samples = sum(tallies.values())
    method = objective.percentile or "nearest_rank"
    statistic = (objective.target.statistic if objective.target else None) or "mean"
    minimum = objective.minimum_volume.count if objective.minimum_volume else 0
    steps = [f"{samples:,} sample(s)", *notes]
    if samples == 0 or samples < minimum:
        steps.append(
            (f"below the minimum of {minimum:,} sample(s)" if samples else "no samples")
            + NOT_ASSESSED
        )
        return Measurement(None, None, True, excluded=excluded, steps=steps, reads=reads)
    measured = weighted_statistic(tallies, statistic, method)
    how = f" ({method.replace('_', '-')})" if statistic.startswith("p") else ""
    steps.append(f"{statistic}{how} = {ms_text(measured)}")
    met = _judge(objective, measured, ms_text(measured), steps)
    return Measurement(
        measured, ms_text(measured), met, excluded=excluded, steps=steps, reads=reads
    )
