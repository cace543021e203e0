"""SLA2xx: periods, time zones, slices, volumes, units and formulas."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from slalang.diagnostics import Level
from slalang.lint.context import Context, Finding
from slalang.lint.registry import rule
from slalang.model import (
    AnniversaryPeriod,
    BinaryOp,
    CalendarPeriod,
    CalendarSpan,
    Contract,
    Expr,
    Interval,
    MaintenanceExclusion,
    MetricCondition,
    Number,
    Objective,
    Percent,
    Period,
    TierCredit,
)
from slalang.source import ModelPath
from slalang.walk import (
    Leaf,
    all_conditions,
    caps,
    credit_clauses,
    objective_leaves,
    objective_period,
)

RATES = ("error_rate", "success_rate")  # ratios of requests; users_affected is a share of users
DST_DAYS = 3653  # SLA210 looks this many days past the effective start, ten years


@rule("SLA201", "no-period", Level.ERROR)
def no_period(c: Context) -> Iterator[Finding]:
    """An objective has no measurement period.

    "99.9% availability" over a day, a month or a year are very different promises. Give the
    contract a `period` (or the objective its own).

    Bad:
        contract "When" {
            timezone "UTC"
            objective availability up { target >= 99.9% }
                                   ^^ SLA201
        }

    Good:
        contract "Monthly" {
            timezone "UTC"
            period calendar month
            objective availability up { target >= 99.9% }
        }
    """
    for i, o in enumerate(c.contract.objectives):
        if objective_period(c.contract, o) is None:
            yield Finding(
                ("objectives", i, "id"),
                f"objective '{o.id}' has no period: over what time is '{c.words(('objectives', i, 'target'))}' measured?",
                ("add 'period calendar month' to the contract or to the objective",),
            )


@rule("SLA202", "missing-timezone", Level.ERROR)
def missing_timezone(c: Context) -> Iterator[Finding]:
    """A period or a calendar has no time zone.

    A month that starts at midnight in Shanghai ends eight hours before one that starts at
    midnight UTC; business hours are local hours. Name the zone on the contract (`timezone`),
    the period (`in "Europe/Berlin"`) or the calendar.

    Bad:
        contract "Whose midnight" {
            period calendar month
            ^^^^^^^^^^^^^^^^^^^^^ SLA202
        }

    Good:
        contract "Beijing midnight" {
            period calendar month in "Asia/Shanghai"
        }
    """
    contract = c.contract
    if contract.timezone is not None:
        return
    periods: list[tuple[ModelPath, Period]] = []
    if contract.period is not None:
        periods.append((("period",), contract.period))
    periods.extend(
        (("objectives", i, "period"), o.period)
        for i, o in enumerate(contract.objectives)
        if o.period is not None
    )
    for path, period in periods:
        if period.timezone is None:
            yield Finding(
                path,
                f"'{c.words(path)}' has no time zone: whose midnight starts the period?",
                (
                    f"write '{c.words(path)} in \"UTC\"' (or the zone meant), or add 'timezone \"UTC\"'",
                ),
            )
    for i, cal in enumerate(contract.calendars):
        if cal.timezone is None:
            yield Finding(
                ("calendars", i),
                f"calendar '{cal.id}' has no time zone: whose office hours are these?",
                ("add 'timezone \"Europe/Berlin\"' (or the zone meant) to the calendar",),
            )


@rule("SLA203", "ambiguous-month", Level.WARNING)
def ambiguous_month(c: Context) -> Iterator[Finding]:
    """ "Per month" is used where the service period is not a calendar month.

    With an anniversary or rolling service period, a cap or a maintenance allowance "per month"
    could mean the calendar month or the service period. Write `per period` for the service
    period, or make the period a calendar month.

    Bad:
        contract "Which month" {
            timezone "UTC"
            period service month from 2026-02-17
            compensation { cap 100% per month }
                           ^^^^^^^^^^^^^^^^^^ SLA203
        }

    Good:
        contract "The service month" {
            timezone "UTC"
            period service month from 2026-02-17
            compensation { cap 100% per period }
        }
    """
    contract = c.contract
    windows: list[tuple[ModelPath, object, Period | None]] = [
        (path, cap.per, _owner_period(contract, path)) for path, cap in caps(contract)
    ]
    for i, o in enumerate(contract.objectives):
        for j, ex in enumerate(o.exclusions):
            if isinstance(ex, MaintenanceExclusion):
                where: ModelPath = ("objectives", i, "exclusions", j, "maximum_per")
                windows.append((where, ex.maximum_per, objective_period(contract, o)))
    for path, window, period in windows:
        if (
            isinstance(window, CalendarSpan)
            and period is not None
            and not isinstance(period, CalendarPeriod)
        ):
            kind = "anniversary" if isinstance(period, AnniversaryPeriod) else "rolling"
            if window.value == 1:
                question = f"a calendar {window.unit[:-1]} or the {kind} service period?"
                hint = "write 'per period' for the service period"
            else:
                question = f"{window.value} calendar {window.unit} or {window.value} {kind} service periods?"
                hint = "say which: make the period a calendar month, or count service periods"
            yield Finding(path, f"'{c.words(path)}': {question}", (hint,))


def _owner_period(contract: Contract, path: ModelPath) -> Period | None:
    if path[0] == "objectives":
        index = path[1]
        assert isinstance(index, int)
        return objective_period(contract, contract.objectives[index])
    return contract.period


@rule("SLA204", "no-slice-rule", Level.WARNING)
def no_slice_rule(c: Context) -> Iterator[Finding]:
    """An availability objective does not say how time is sliced, or how partial slices count.

    Downtime measured per minute, per five minutes or to the second gives different results;
    a slice that is only partly down may count as down, up or in proportion. Say
    `slice 1 minute` and `partial slices count as down` (or `slice exact`). Only availability
    has slices, and not when its condition reads only `counts` rates: each counts interval (or
    slice of them) is then wholly down or up, so neither rule changes the result.

    Bad:
        contract "Sliced how" {
            objective availability up {
                slice 5 minutes
                ^^^^^^^^^^^^^^^ SLA204
                target >= 99.9%
            }
        }

    Good:
        contract "Sliced so" {
            objective availability up {
                slice 5 minutes
                partial slices count as proportional
                target >= 99.9%
            }
        }
    """
    contract = c.contract
    for i, (o, leaves) in enumerate(
        zip(contract.objectives, objective_leaves(contract), strict=True)
    ):
        if o.kind != "availability" or counts_only(o, leaves):
            continue  # counts intervals are whole slices: slicing changes nothing
        if o.slice is None:
            yield Finding(
                ("objectives", i, "id"),
                f"objective '{o.id}' does not say how downtime is sliced",
                ("add 'slice 1 minute' with 'partial slices count as down', or 'slice exact'",),
            )
        elif o.slice != "exact" and o.partial_slices is None:
            yield Finding(
                ("objectives", i, "slice"),
                f"'{c.words(('objectives', i, 'slice'))}': how does a partly-down slice count?",
                ("add 'partial slices count as down' (or up, or proportional)",),
            )


def _metrics(c: Contract) -> list[frozenset[str]]:
    """For each objective, the metrics its `down when` compares (through downtime references);
    none for a success_rate or latency objective, which has no down time to derive."""
    return [
        frozenset(x.metric for x in leaves if isinstance(x, MetricCondition))
        if o.kind == "availability"
        else frozenset()
        for o, leaves in zip(c.objectives, objective_leaves(c), strict=True)
    ]


def counts_only(o: Objective, leaves: tuple[Leaf, ...]) -> bool:
    """Whether the objective's down time comes from counts alone: every condition it reads
    compares a rate of `counts` records (no outage records, no latency samples)."""
    return (
        o.down_when is not None
        and bool(leaves)
        and all(isinstance(x, MetricCondition) and x.metric != "latency" for x in leaves)
    )


@rule("SLA205", "no-minimum-volume", Level.WARNING)
def no_minimum_volume(c: Context) -> Iterator[Finding]:
    """A ratio is measured with no minimum volume.

    One failed request out of two is a 50% error rate. Without a minimum number of requests per
    interval (or per period), a quiet night decides the month. Say `minimum volume 100 requests`.

    Bad:
        contract "One of two" {
            objective success_rate delivered { target >= 99.5% }
                                   ^^^^^^^^^ SLA205
        }

    Good:
        contract "At least a thousand" {
            objective success_rate delivered {
                minimum volume 1000 messages
                target >= 99.5%
            }
        }
    """
    contract = c.contract
    for i, (o, metrics) in enumerate(zip(contract.objectives, _metrics(contract), strict=True)):
        uses_rate = o.kind == "success_rate" or any(metric in RATES for metric in metrics)
        if uses_rate and o.minimum_volume is None:
            yield Finding(
                ("objectives", i, "id"),
                f"objective '{o.id}' is a ratio with no minimum volume",
                ("add 'minimum volume 100 requests' (or the volume meant)",),
            )


@rule("SLA206", "no-missing-data-rule", Level.WARNING)
def no_missing_data_rule(c: Context) -> Iterator[Finding]:
    """Downtime is derived from monitoring data, and nothing says what a gap in the data means.

    When the provider's monitoring is itself down, is the service up, down or excluded? Say
    `missing data counts as up` (or down, or excluded). Reported for availability objectives,
    the kind whose `down when` the evaluator reads.

    Bad:
        contract "Blind spot" {
            objective availability up {
                down when error_rate > 5%
                ^^^^^^^^^^^^^^^^^^^^^^^^^ SLA206
                target >= 99.9%
            }
        }

    Good:
        contract "Gaps count as down" {
            objective availability up {
                down when error_rate > 5%
                missing data counts as down
                target >= 99.9%
            }
        }
    """
    contract = c.contract
    for i, (o, metrics) in enumerate(zip(contract.objectives, _metrics(contract), strict=True)):
        if o.missing_data is None and metrics:
            yield Finding(
                ("objectives", i, "down_when"),
                f"objective '{o.id}' is measured from monitoring data but has no rule for gaps",
                ("add 'missing data counts as up' (or down, or excluded)",),
            )


def _targets_and_bounds(c: Contract) -> Iterator[tuple[ModelPath, object, Objective | None]]:
    """Targets and the bounds of every credit table (support's too, with no objective)."""
    for i, o in enumerate(c.objectives):
        if o.target is not None:
            yield ("objectives", i, "target", "value"), o.target.value, o
    for path, credit, objective in credit_clauses(c):
        if isinstance(credit, TierCredit):
            for k, tier in enumerate(credit.tiers):
                where: ModelPath = (*path, "tiers", k, "bound")
                if isinstance(tier.bound, Interval):
                    yield (*where, "lower"), tier.bound.lower, objective
                    yield (*where, "upper"), tier.bound.upper, objective
                else:
                    yield (*where, "value"), tier.bound.value, objective


def _looks_like_fraction(value: object, o: Objective | None) -> bool:
    if (o is not None and o.kind == "latency") or not isinstance(value, (Number, Percent)):
        return False
    if isinstance(value, Number):
        return 0 < value.value <= 1
    comparator = o.target.comparator if o is not None and o.target else None
    return comparator in (">=", ">") and 0 < value.value < 1


@rule("SLA207", "fraction-as-percent", Level.ERROR)
def fraction_as_percent(c: Context) -> Iterator[Finding]:
    """A target or tier bound is written as a fraction where a percentage is meant.

    `target >= 0.999` and `target >= 0.999%` both look like 99.9%, but one is a bare number
    and the other is less than one percent. Write the percentage: `99.9%`.

    Bad:
        contract "Fraction" {
            objective availability up { target >= 0.999 }
                                                  ^^^^^ SLA207
        }

    Bad:
        contract "Tiny percent" {
            objective availability up { target >= 0.999% }
                                                  ^^^^^^ SLA207
        }

    Good:
        contract "Percent" {
            objective availability up { target >= 99.9% }
        }
    """
    for path, value, o in _targets_and_bounds(c.contract):
        if _looks_like_fraction(value, o):
            assert isinstance(value, (Number, Percent))
            meant = (value.value * 100).normalize()
            yield Finding(
                path,
                f"'{c.words(path)}' reads as a fraction; availability and success rates are "
                "percentages",
                (f"did you mean {meant:f}%?",),
            )


@rule("SLA208", "bare-number", Level.WARNING)
def bare_number(c: Context) -> Iterator[Finding]:
    """A threshold is a bare number with no unit.

    `target <= 400` is 400 milliseconds or 400 seconds? `error_rate > 5` is 5% or 5 errors?
    Every number that is compared needs its unit.

    Bad:
        contract "No unit" {
            objective latency fast { target p95 <= 400 }
                                                   ^^^ SLA208
        }

    Good:
        contract "Milliseconds" {
            objective latency fast { target p95 <= 400 ms }
        }
    """
    contract = c.contract
    found: list[tuple[ModelPath, object]] = [
        (path, value)
        for path, value, o in _targets_and_bounds(contract)
        if not _looks_like_fraction(value, o)
    ]
    found.extend(
        ((*path, "threshold"), cond.threshold)
        for path, cond in all_conditions(contract)
        if isinstance(cond, MetricCondition)
    )
    for path, value in found:
        if isinstance(value, Number):
            yield Finding(
                path,
                f"'{c.words(path)}' has no unit",
                ("write the unit: '99.9%', '400 ms', '5 minutes'",),
            )


@rule("SLA209", "latency-without-statistic", Level.WARNING)
def latency_without_statistic(c: Context) -> Iterator[Finding]:
    """A latency bound does not say which statistic it bounds.

    "Latency under 400 ms": the mean, the 95th percentile, or every single request? Write
    `target p95 <= 400 ms` (or `mean`, `max`).

    Bad:
        contract "Which latency" {
            objective latency fast { target <= 400 ms }
                                     ^^^^^^^^^^^^^^^^ SLA209
        }

    Good:
        contract "p95 latency" {
            objective latency fast { target p95 <= 400 ms }
        }
    """
    contract = c.contract
    for i, o in enumerate(contract.objectives):
        if o.kind == "latency" and o.target is not None and o.target.statistic is None:
            path: ModelPath = ("objectives", i, "target")
            yield Finding(
                path,
                f"'{c.words(path)}': the mean, a percentile or every request?",
                ("name the statistic: 'target p95 <= 400 ms'",),
            )
    for path, cond in all_conditions(contract):
        if (
            isinstance(cond, MetricCondition)
            and cond.metric == "latency"
            and cond.statistic is None
        ):
            yield Finding(
                path,
                f"'{c.words(path)}': the mean, a percentile or every request?",
                ("name the statistic: 'latency p95 > 400 ms'",),
            )


@rule("SLA210", "dst-local-time", Level.WARNING)
def dst_local_time(c: Context) -> Iterator[Finding]:
    """Business hours open or close at a local time that a daylight-saving change skips or repeats.

    In a zone with daylight saving, 02:30 does not exist on the spring-forward night and happens
    twice in autumn. A calendar whose hours start or end then has no exact reading on those days.
    Checked over the contract's effective dates, at most their first ten years (daylight-saving
    rules repeat from year to year).

    Bad:
        contract "Night shift" {
            effective from 2026-01-01 through 2026-12-31
            calendar night {
                timezone "Europe/Berlin"
                open sun 02:30 to 06:00
                ^^^^^^^^^^^^^^^^^^^^^^^ SLA210
            }
        }

    Good:
        contract "Day shift" {
            effective from 2026-01-01 through 2026-12-31
            calendar day {
                timezone "Europe/Berlin"
                open mon..fri 09:00 to 18:00
            }
        }
    """
    contract = c.contract
    if contract.effective is None:
        return
    start = contract.effective.start
    end = contract.effective.end
    span = 366 if end is None else (end - start).days
    days = min(span, DST_DAYS, (date.max - start).days)
    for i, cal in enumerate(contract.calendars):
        zone = cal.timezone or contract.timezone
        if zone is None:
            continue
        for j, hours in enumerate(cal.open):
            for moment in (hours.start, time(0) if hours.end == "24:00" else hours.end):
                day = _shifted_day(zone, moment, start, days)
                if day is not None:
                    path: ModelPath = ("calendars", i, "open", j)
                    yield Finding(
                        path,
                        f"'{c.words(path)}': {moment:%H:%M} on {day} is skipped or repeated "
                        f"by a daylight-saving change in {zone}",
                        ("move the opening hours away from the change (usually 01:00 to 03:00)",),
                    )
                    break


def _shifted_day(zone: str, moment: time, start: date, days: int) -> date | None:
    """The first day of the `days` + 1 from `start` on which `moment` is skipped or repeated."""
    tz = ZoneInfo(zone)
    for day in _offset_changes(zone, start, days):
        for candidate in (day, day + timedelta(days=1)):
            local = datetime.combine(candidate, moment, tz)
            if local.utcoffset() != local.replace(fold=1).utcoffset():
                return candidate
    return None


@lru_cache(maxsize=1024)
def _offset_changes(zone: str, start: date, days: int) -> tuple[date, ...]:
    """The days among the `days` + 1 from `start` whose noon offset differs from the next
    day's: once per zone, however many opening hours use it."""
    tz = ZoneInfo(zone)
    changes = []
    noon = datetime.combine(start, time(12), tz).utcoffset()
    for offset in range(days + 1):
        day = start + timedelta(days=offset)
        if day == date.max:
            break
        next_noon = datetime.combine(day + timedelta(days=1), time(12), tz).utcoffset()
        if next_noon != noon:
            changes.append(day)
        noon = next_noon
    return tuple(changes)


@rule("SLA211", "ratio-of-itself", Level.ERROR)
def ratio_of_itself(c: Context) -> Iterator[Finding]:
    """A formula divides a quantity by itself.

    `(period - down) / (period - down)` is always 100%: the objective can never be missed. The
    numerator must differ from the denominator.

    Bad:
        contract "Always 100%" {
            objective availability up {
                formula (period - down) / (period - down)
                ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ SLA211
                target >= 99.9%
            }
        }

    Good:
        contract "Uptime share" {
            objective availability up {
                formula (period - down) / period
                target >= 99.9%
            }
        }
    """
    for i, o in enumerate(c.contract.objectives):
        if o.formula is None:
            continue
        pending: list[Expr] = [o.formula]
        while pending:
            expr = pending.pop()
            if isinstance(expr, BinaryOp):
                if expr.op == "/" and expr.left == expr.right:
                    path: ModelPath = ("objectives", i, "formula")
                    yield Finding(
                        path,
                        f"'{c.words(path)}' divides a quantity by itself, so it is always 100%",
                        ("divide by the period, or by the total",),
                    )
                    break
                pending.extend((expr.left, expr.right))


@rule("SLA212", "no-percentile-method", Level.INFO)
def no_percentile_method(c: Context) -> Iterator[Finding]:
    """A percentile target does not say how the percentile is computed.

    With few samples, nearest-rank and linear interpolation give different p95 values. Say
    `percentile nearest_rank` or `percentile linear`.

    Bad:
        contract "Some p95" {
            objective latency fast { target p95 <= 400 ms }
                                     ^^^^^^^^^^^^^^^^^^^^ SLA212
        }

    Good:
        contract "Nearest-rank p95" {
            objective latency fast {
                percentile nearest_rank
                target p95 <= 400 ms
            }
        }
    """
    for i, o in enumerate(c.contract.objectives):
        statistic = o.target.statistic if o.target else None
        if statistic is not None and statistic.startswith("p") and o.percentile is None:
            path: ModelPath = ("objectives", i, "target")
            yield Finding(
                path,
                f"'{c.words(path)}': which percentile method?",
                ("add 'percentile nearest_rank' (or linear)",),
            )
