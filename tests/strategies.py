"""Hypothesis strategies for valid contract models, covering every clause of the language."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone
from decimal import Decimal
from typing import Any, get_args

from hypothesis import strategies as st

from slalang import model as m

NAMES = ("alpha", "beta", "gamma", "delta", "eu_west", "S1", "P2", "fee_x")
ZONES = ("UTC", "Asia/Shanghai", "Europe/Berlin", "America/New_York")

names = st.sampled_from(NAMES)
titles = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp")),
    max_size=20,
)
optional_titles = st.none() | titles


def decimals(max_digits: int = 6, places: int = 3, upper: int = 100) -> st.SearchStrategy[Decimal]:
    return st.decimals(min_value=0, max_value=upper, places=places, allow_nan=False).map(
        lambda d: d.normalize() if d == d.to_integral() else d
    )


percents = st.builds(m.Percent, value=decimals())
numbers = st.builds(m.Number, value=decimals(upper=10_000))
durations = st.builds(
    m.Duration, value=decimals(upper=1000), unit=st.sampled_from(get_args(m.DurationUnit))
)
lengths = durations.filter(lambda d: d.value > 0)  # a slice, step or denominator: more than 0
business = st.builds(
    m.BusinessDuration, value=decimals(upper=100), unit=st.sampled_from(get_args(m.BusinessUnit))
)
calendar_spans = st.builds(
    m.CalendarSpan, value=st.integers(1, 24), unit=st.sampled_from(get_args(m.CalendarUnit))
)
money = st.builds(m.Money, amount=decimals(upper=100_000), currency=st.sampled_from(("USD", "CNY")))
units = st.builds(m.Units, value=decimals(upper=100_000))
spans = durations | business | calendar_spans
quantities = percents | numbers | durations | business | calendar_spans | money
dates = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31))
aware = st.datetimes(
    min_value=datetime(2020, 1, 1), max_value=datetime(2030, 12, 31), timezones=st.just(UTC)
) | st.datetimes(
    min_value=datetime(2020, 1, 1),
    max_value=datetime(2030, 12, 31),
    timezones=st.just(timezone(timedelta(hours=8))),
)


def _periods(draw: Any) -> m.Period:
    zone = draw(st.none() | st.sampled_from(ZONES))
    prorated = draw(st.booleans())
    kind = draw(st.sampled_from(("calendar", "anniversary", "rolling")))
    unit = draw(st.sampled_from(get_args(m.CalendarUnit)))
    if kind == "calendar":
        return m.CalendarPeriod(unit=unit, timezone=zone, prorated=prorated)
    if kind == "anniversary":
        return m.AnniversaryPeriod(unit=unit, anchor=draw(dates), timezone=zone, prorated=prorated)
    return m.RollingPeriod(length=draw(lengths), timezone=zone, prorated=prorated)


periods = st.composite(_periods)()


def _conditions(depth: int, downtimes: tuple[str, ...]) -> st.SearchStrategy[m.Condition]:
    leaves: st.SearchStrategy[m.Condition] = st.builds(
        m.OutageCondition,
        impacts=st.lists(st.sampled_from(get_args(m.Impact)), max_size=3).map(tuple),
    ) | st.builds(
        m.MetricCondition,
        operation=st.none() | names,
        metric=st.sampled_from(get_args(m.Metric)),
        statistic=st.none() | st.sampled_from(("p95", "p99", "mean")),
        comparator=st.sampled_from(get_args(m.Comparator)),
        threshold=percents | durations,
    )
    if downtimes:
        leaves = leaves | st.builds(m.DowntimeRef, name=st.sampled_from(downtimes))
    if depth == 0:
        return leaves
    sub = _conditions(depth - 1, downtimes)
    group = st.lists(sub, min_size=1, max_size=3).map(tuple)
    return (
        leaves
        | st.builds(m.AllOf, conditions=group)
        | st.builds(m.AnyOf, conditions=group)
        | group.flatmap(
            lambda cs: st.builds(m.KOf, k=st.integers(1, len(cs)), conditions=st.just(cs))
        )
        | st.builds(m.Quorum, k=st.integers(1, 3), condition=sub)
    )


def _expressions(depth: int) -> st.SearchStrategy[m.Expr]:
    leaves: st.SearchStrategy[m.Expr] = st.builds(m.Constant, value=decimals()) | st.builds(
        m.Variable, name=st.sampled_from(get_args(m.FormulaVariable))
    )
    if depth == 0:
        return leaves
    sub = _expressions(depth - 1)
    return leaves | st.builds(
        m.BinaryOp, op=st.sampled_from(("+", "-", "*", "/")), left=sub, right=sub
    )


def _bounds(draw: Any) -> m.Bound:
    if draw(st.booleans()):
        return m.OneSided(
            comparator=draw(st.sampled_from(get_args(m.Comparator))), value=draw(percents)
        )
    low, high = sorted(draw(st.lists(decimals(), min_size=2, max_size=2)))
    return m.Interval(
        lower=m.Percent(value=low),
        upper=m.Percent(value=high),
        lower_closed=draw(st.booleans()),
        upper_closed=draw(st.booleans()),
    )


amounts = percents | money | units


def _credits(draw: Any, bases: tuple[str, ...]) -> m.Credit:
    base = draw(st.none() | st.sampled_from(bases)) if bases else None
    kind = draw(st.sampled_from(("tiers", "linear", "per_breach")))
    if kind == "tiers":
        tiers = draw(
            st.lists(st.builds(m.Tier, bound=st.composite(_bounds)(), amount=amounts), max_size=4)
        )
        return m.TierCredit(
            base=base,
            tiers=tuple(tiers),
            apply=draw(st.none() | st.sampled_from(("most_severe", "first"))),
        )
    if kind == "linear":
        return m.LinearCredit(
            amount=draw(amounts),
            base=base,
            per=draw(lengths | st.just("period")),
            counting=draw(st.none() | st.sampled_from(("started", "completed"))),
        )
    return m.BreachCredit(amount=draw(amounts), base=base)


def _caps(draw: Any, bases: tuple[str, ...]) -> m.Cap:
    return m.Cap(
        amount=draw(amounts),
        base=draw(st.none() | st.sampled_from(bases)) if bases else None,
        per=draw(st.just("period") | calendar_spans | lengths),
    )


def _exclusions(draw: Any) -> m.Exclusion:
    kind = draw(st.sampled_from(("maintenance", "cause", "flagged")))
    if kind == "cause":
        return m.CauseExclusion(causes=tuple(draw(st.lists(names, min_size=1, max_size=3))))
    if kind == "flagged":
        return m.FlaggedExclusion()
    has_maximum = draw(st.booleans())
    return m.MaintenanceExclusion(
        notice=draw(st.none() | durations),
        maximum=draw(durations) if has_maximum else None,
        maximum_per=draw(st.just("period") | calendar_spans) if has_maximum else None,
    )


def _objectives(
    draw: Any,
    ident: str,
    services: tuple[str, ...],
    bases: tuple[str, ...],
    downtimes: tuple[str, ...],
) -> m.Objective:
    def maybe(strategy: st.SearchStrategy[Any]) -> Any:
        return draw(st.none() | strategy)

    return m.Objective(
        kind=draw(st.sampled_from(get_args(m.ObjectiveKind))),
        id=ident,
        title=draw(optional_titles),
        services=tuple(draw(st.lists(st.sampled_from(services), max_size=2))) if services else (),
        period=maybe(periods),
        per_scope=draw(st.booleans()),
        down_when=maybe(_conditions(2, downtimes)),
        slice=maybe(lengths | st.just("exact")),
        partial_slices=maybe(st.sampled_from(("down", "up", "proportional"))),
        minimum_run=maybe(durations),
        minimum_volume=maybe(
            st.builds(m.MinimumVolume, count=st.integers(0, 10_000), noun=st.none() | names)
        ),
        missing_data=maybe(st.sampled_from(("up", "down", "excluded"))),
        weights=tuple(
            draw(
                st.lists(
                    st.builds(m.Weight, impact=st.sampled_from(get_args(m.Impact)), share=percents),
                    max_size=2,
                )
            )
        ),
        aggregate=maybe(
            st.builds(
                m.Aggregate, method=st.sampled_from(("pooled", "mean")), per=st.none() | lengths
            )
        ),
        formula=maybe(_expressions(2)),
        denominator=maybe(st.sampled_from(("period", "deployed")) | lengths),
        remove_excluded=tuple(
            draw(st.lists(st.sampled_from(("good", "total", "failed")), max_size=2))
        ),
        percentile=maybe(st.sampled_from(("nearest_rank", "linear"))),
        target=maybe(
            st.builds(
                m.Target,
                statistic=st.none() | st.sampled_from(("p95", "p999", "max")),
                comparator=st.sampled_from(get_args(m.Comparator)),
                value=percents | durations,
            )
        ),
        exclusions=tuple(draw(st.lists(st.composite(_exclusions)(), max_size=3))),
        credits=tuple(draw(st.lists(st.composite(_credits)(bases), max_size=2))),
        caps=tuple(draw(st.lists(st.composite(_caps)(bases), max_size=2))),
        quotes=tuple(draw(st.lists(titles, max_size=2))),
    )


def _values(depth: int) -> st.SearchStrategy[m.Value]:
    leaves: st.SearchStrategy[m.Value] = (
        st.builds(m.Text, value=titles)
        | st.builds(m.Word, value=names | st.sampled_from(("true", "false", "null")))
        | numbers
        | percents
        | st.builds(m.DateTimeValue, value=aware)
        | st.builds(m.DateValue, value=dates)
        | durations
        | business
        | calendar_spans
        | money
        | units
        | st.just(m.Word(value="24x7"))
    )
    if depth == 0:
        return leaves
    return leaves | st.builds(
        m.ListValue, items=st.lists(_values(depth - 1), max_size=3).map(tuple)
    )


fields = st.lists(st.builds(m.FieldValue, name=names, value=_values(2)), max_size=4).map(tuple)


def _examples(draw: Any, subjects: tuple[str, ...]) -> m.Example:
    if draw(st.booleans()):
        period = m.ExamplePeriod(month=draw(dates).strftime("%Y-%m"))
    else:
        start = draw(dates)
        period = m.ExamplePeriod(start=start, end=start + timedelta(days=draw(st.integers(1, 90))))
    return m.Example(
        title=draw(titles),
        period=draw(st.none() | st.just(period)),
        as_of=draw(st.none() | aware),
        fee=draw(st.none() | amounts),
        records=tuple(
            draw(
                st.lists(
                    st.builds(m.RecordLiteral, kind=names, id=titles, fields=fields), max_size=2
                )
            )
        ),
        record_files=tuple(draw(st.lists(titles, max_size=1))),
        expectations=tuple(
            draw(
                st.lists(
                    st.builds(m.Expectation, subject=st.sampled_from(subjects), fields=fields),
                    max_size=2,
                )
            )
        ),
    )


def _calendars(draw: Any, ident: str) -> m.Calendar:
    hours = []
    for _ in range(draw(st.integers(0, 2))):
        start = draw(st.integers(0, 22))
        end = draw(st.integers(start + 1, 23))
        days = tuple(
            draw(
                st.lists(
                    st.builds(
                        m.DayRange,
                        first=st.sampled_from(m.WEEKDAYS),
                        last=st.none() | st.sampled_from(m.WEEKDAYS),
                    ),
                    min_size=1,
                    max_size=2,
                )
            )
        )
        closes = draw(st.just("24:00") | st.just(time(end, 30)))
        hours.append(m.OpenHours(days=days, start=time(start, 0), end=closes))
    closed = tuple(
        draw(
            st.lists(
                dates.map(lambda d: m.DateRange(start=d, end=d + timedelta(days=1))), max_size=2
            )
        )
    )
    return m.Calendar(
        id=ident,
        title=draw(optional_titles),
        timezone=draw(st.none() | st.sampled_from(ZONES)),
        open=tuple(hours),
        holidays=draw(st.none() | st.sampled_from(("CN", "US-CA"))),
        closed=closed,
    )


def _support(draw: Any, calendars: tuple[str, ...], bases: tuple[str, ...]) -> m.Support:
    clocks = st.none() | st.just("24x7") | (st.sampled_from(calendars) if calendars else st.none())
    severities = []
    for ident in draw(st.lists(names, unique=True, max_size=3)):
        targets = draw(
            st.lists(
                st.builds(
                    m.SupportTarget,
                    kind=st.sampled_from(("respond", "resolve")),
                    within=spans,
                    clock=clocks,
                    plan=st.none() | titles,
                    share=st.none() | percents,
                ),
                max_size=3,
            )
        )
        severities.append(
            m.Severity(
                id=ident,
                title=draw(optional_titles),
                means=draw(optional_titles),
                targets=tuple(targets),
                coverage_on_request=draw(st.booleans()),
                credits=tuple(draw(st.lists(st.composite(_credits)(bases), max_size=1))),
            )
        )
    return m.Support(
        calendar=draw(st.none() | st.sampled_from(calendars)) if calendars else None,
        severity_assigned_by=draw(st.none() | st.sampled_from(("customer", "provider", "mutual"))),
        severity_taken_as=draw(st.none() | st.sampled_from(("initial", "highest", "final"))),
        automated_responses=draw(st.none() | st.sampled_from(("count", "ignored"))),
        pauses=draw(st.none() | st.sampled_from(("honoured", "ignored"))),
        severities=tuple(severities),
        compliance=draw(st.none() | st.builds(m.Compliance, share=st.none() | percents)),
        credits=tuple(draw(st.lists(st.composite(_credits)(bases), max_size=1))),
        caps=tuple(draw(st.lists(st.composite(_caps)(bases), max_size=1))),
        quotes=tuple(draw(st.lists(titles, max_size=1))),
    )


def _compensation(draw: Any, bases: tuple[str, ...], calendars: tuple[str, ...]) -> m.Compensation:
    offsets = st.builds(m.ClaimOffset, after=st.none() | spans)
    return m.Compensation(
        combine=draw(st.none() | st.sampled_from(("sum", "max"))),
        caps=tuple(draw(st.lists(st.composite(_caps)(bases), max_size=2))),
        minimum_credit=draw(st.none() | amounts),
        rounding=draw(
            st.none()
            | st.builds(
                m.Rounding,
                mode=st.sampled_from(get_args(m.RoundingMode)),
                precision=st.sampled_from((Decimal("0.01"), Decimal("1"), Decimal("0.05"))),
            )
        ),
        form=draw(st.none() | st.sampled_from(get_args(m.CreditForm))),
        claim=draw(
            st.none()
            | st.builds(
                m.ClaimTerms,
                opens=offsets,
                closes=offsets,
                calendar=st.none() | st.sampled_from(calendars) if calendars else st.none(),
                channel=st.none() | titles,
            )
        ),
        remedies=tuple(draw(st.lists(st.sampled_from(("sole", "cumulative")), max_size=2))),
        quotes=tuple(draw(st.lists(titles, max_size=1))),
    )


@st.composite
def contracts(draw: Any) -> m.Contract:
    services = tuple(draw(st.lists(names, unique=True, max_size=3)))
    bases = tuple(draw(st.lists(names, unique=True, max_size=2)))
    calendar_ids = tuple(draw(st.lists(names, unique=True, max_size=2)))
    downtime_ids = tuple(draw(st.lists(names, unique=True, max_size=2)))
    downtimes = tuple(
        # Each definition may refer only to earlier ones, so there is never a cycle.
        m.Downtime(
            id=ident, title=draw(optional_titles), condition=draw(_conditions(1, downtime_ids[:i]))
        )
        for i, ident in enumerate(downtime_ids)
    )
    objective_ids = tuple(draw(st.lists(names, unique=True, max_size=3)))
    start = draw(dates)
    return m.Contract(
        name=draw(titles),
        version=draw(optional_titles),
        provider=draw(optional_titles),
        customer=draw(optional_titles),
        effective=draw(
            st.none()
            | st.just(
                m.Effective(start=start, end=draw(st.none() | st.just(start + timedelta(days=365))))
            )
        ),
        timezone=draw(st.none() | st.sampled_from(ZONES)),
        currency=draw(st.none() | st.sampled_from(("USD", "CNY", "EUR"))),
        fee_bases=tuple(
            m.FeeBase(
                id=b, title=draw(optional_titles), excluding=draw(st.none() | st.just("vouchers"))
            )
            for b in bases
        ),
        period=draw(st.none() | periods),
        calendars=tuple(draw(st.composite(_calendars)(c)) for c in calendar_ids),
        services=tuple(m.Service(id=s, title=draw(optional_titles)) for s in services),
        downtimes=downtimes,
        objectives=tuple(
            draw(st.composite(_objectives)(o, services, bases, downtime_ids)) for o in objective_ids
        ),
        support=draw(st.none() | st.composite(_support)(calendar_ids, bases)),
        compensation=draw(st.none() | st.composite(_compensation)(bases, calendar_ids)),
        examples=tuple(
            draw(
                st.lists(st.composite(_examples)((*objective_ids, "total", "support")), max_size=2)
            )
        ),
        quotes=tuple(draw(st.lists(titles, max_size=2))),
    )
