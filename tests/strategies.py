"""Hypothesis strategies for valid contract models, covering every clause of the language."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone
from decimal import Decimal
from typing import Any, get_args

from hypothesis import strategies as st

from slalang.model import (
    WEEKDAYS,
    Aggregate,
    AllOf,
    AnniversaryPeriod,
    AnyOf,
    BinaryOp,
    Bound,
    BreachCredit,
    BusinessDuration,
    BusinessUnit,
    Calendar,
    CalendarPeriod,
    CalendarSpan,
    CalendarUnit,
    Cap,
    CauseExclusion,
    Channel,
    ChannelKind,
    ClaimOffset,
    ClaimTerms,
    Comparator,
    Compensation,
    Compliance,
    Condition,
    Constant,
    Contract,
    Credit,
    CreditForm,
    DateRange,
    DateTimeValue,
    DateValue,
    DayRange,
    Downtime,
    DowntimeRef,
    Duration,
    DurationUnit,
    Effective,
    Escalation,
    EscalationTier,
    Example,
    ExamplePeriod,
    Exclusion,
    Expectation,
    Expr,
    FeeBase,
    FieldValue,
    FlaggedExclusion,
    FormulaVariable,
    Impact,
    Interval,
    KOf,
    LinearCredit,
    ListValue,
    MaintenanceExclusion,
    Metric,
    MetricCondition,
    MinimumVolume,
    Money,
    Number,
    Objective,
    ObjectiveKind,
    OneSided,
    OpenHours,
    OutageCondition,
    Percent,
    Period,
    Quorum,
    RecordLiteral,
    RollingPeriod,
    Rounding,
    RoundingMode,
    Service,
    Severity,
    Support,
    SupportTarget,
    Target,
    Text,
    Tier,
    TierCredit,
    Units,
    Value,
    Variable,
    Weight,
    Word,
    words,
)

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


percents = st.builds(Percent, value=decimals())
numbers = st.builds(Number, value=decimals(upper=10_000))
durations = st.builds(
    Duration, value=decimals(upper=1000), unit=st.sampled_from(get_args(DurationUnit))
)
lengths = durations.filter(lambda d: d.value > 0)  # a slice, step or denominator: more than 0
slices = lengths.filter(lambda d: d.seconds <= 86400)  # no longer than any period drawn here
period_lengths = lengths.filter(lambda d: d.seconds >= 86400)  # a rolling period: at least a day
business = st.builds(
    BusinessDuration, value=decimals(upper=100), unit=st.sampled_from(get_args(BusinessUnit))
)
calendar_spans = st.builds(
    CalendarSpan, value=st.integers(1, 24), unit=st.sampled_from(get_args(CalendarUnit))
)
money = st.builds(Money, amount=decimals(upper=100_000), currency=st.sampled_from(("USD", "CNY")))
units = st.builds(Units, value=decimals(upper=100_000))
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


def _periods(draw: Any) -> Period:
    zone = draw(st.none() | st.sampled_from(ZONES))
    prorated = draw(st.booleans())
    kind = draw(st.sampled_from(("calendar", "anniversary", "rolling")))
    unit = draw(st.sampled_from(get_args(CalendarUnit)))
    if kind == "calendar":
        return CalendarPeriod(unit=unit, timezone=zone, prorated=prorated)
    if kind == "anniversary":
        return AnniversaryPeriod(unit=unit, anchor=draw(dates), timezone=zone, prorated=prorated)
    return RollingPeriod(length=draw(period_lengths), timezone=zone, prorated=prorated)


periods = st.composite(_periods)()


def _conditions(depth: int, downtimes: tuple[str, ...]) -> st.SearchStrategy[Condition]:
    leaves: st.SearchStrategy[Condition] = st.builds(
        OutageCondition,
        impacts=st.lists(st.sampled_from(get_args(Impact)), max_size=3).map(tuple),
    ) | st.builds(
        MetricCondition,
        operation=st.none() | names,
        metric=st.sampled_from(get_args(Metric)),
        statistic=st.none() | st.sampled_from(("p95", "p99", "mean")),
        comparator=st.sampled_from(get_args(Comparator)),
        threshold=percents | durations,
    )
    if downtimes:
        leaves = leaves | st.builds(DowntimeRef, name=st.sampled_from(downtimes))
    if depth == 0:
        return leaves
    sub = _conditions(depth - 1, downtimes)
    group = st.lists(sub, min_size=1, max_size=3).map(tuple)
    return (
        leaves
        | st.builds(AllOf, conditions=group)
        | st.builds(AnyOf, conditions=group)
        | group.flatmap(
            lambda cs: st.builds(KOf, k=st.integers(1, len(cs)), conditions=st.just(cs))
        )
        | st.builds(Quorum, k=st.integers(1, 3), condition=sub)
    )


def _expressions(depth: int) -> st.SearchStrategy[Expr]:
    leaves: st.SearchStrategy[Expr] = st.builds(Constant, value=decimals()) | st.builds(
        Variable, name=st.sampled_from(get_args(FormulaVariable))
    )
    if depth == 0:
        return leaves
    sub = _expressions(depth - 1)
    return leaves | st.builds(
        BinaryOp, op=st.sampled_from(("+", "-", "*", "/")), left=sub, right=sub
    )


def _bounds(draw: Any) -> Bound:
    if draw(st.booleans()):
        return OneSided(
            comparator=draw(st.sampled_from(get_args(Comparator))), value=draw(percents)
        )
    low, high = sorted(draw(st.lists(decimals(), min_size=2, max_size=2)))
    return Interval(
        lower=Percent(value=low),
        upper=Percent(value=high),
        lower_closed=draw(st.booleans()),
        upper_closed=draw(st.booleans()),
    )


amounts = percents | money | units


def _credits(draw: Any, bases: tuple[str, ...]) -> Credit:
    base = draw(st.none() | st.sampled_from(bases)) if bases else None
    kind = draw(st.sampled_from(("tiers", "linear", "per_breach")))
    if kind == "tiers":
        tiers = draw(
            st.lists(st.builds(Tier, bound=st.composite(_bounds)(), amount=amounts), max_size=4)
        )
        return TierCredit(
            base=base,
            tiers=tuple(tiers),
            apply=draw(st.none() | st.sampled_from(("most_severe", "first"))),
        )
    if kind == "linear":
        return LinearCredit(
            amount=draw(amounts),
            base=base,
            per=draw(lengths | st.just("period")),
            counting=draw(st.none() | st.sampled_from(("started", "completed"))),
        )
    return BreachCredit(amount=draw(amounts), base=base)


def _caps(draw: Any, bases: tuple[str, ...]) -> Cap:
    return Cap(
        amount=draw(amounts),
        base=draw(st.none() | st.sampled_from(bases)) if bases else None,
        per=draw(st.just("period") | calendar_spans | lengths),
    )


def _exclusions(draw: Any) -> Exclusion:
    kind = draw(st.sampled_from(("maintenance", "cause", "flagged")))
    if kind == "cause":
        return CauseExclusion(causes=tuple(draw(st.lists(names, min_size=1, max_size=3))))
    if kind == "flagged":
        return FlaggedExclusion()
    has_maximum = draw(st.booleans())
    return MaintenanceExclusion(
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
) -> Objective:
    def maybe(strategy: st.SearchStrategy[Any]) -> Any:
        return draw(st.none() | strategy)

    return Objective(
        kind=draw(st.sampled_from(get_args(ObjectiveKind))),
        id=ident,
        title=draw(optional_titles),
        services=tuple(draw(st.lists(st.sampled_from(services), max_size=2))) if services else (),
        operations=tuple(draw(st.lists(names, max_size=2))),
        period=maybe(periods),
        per_scope=draw(st.booleans()),
        down_when=maybe(_conditions(2, downtimes)),
        slice=maybe(slices | st.just("exact")),
        partial_slices=maybe(st.sampled_from(("down", "up", "proportional"))),
        minimum_run=maybe(durations),
        minimum_volume=maybe(
            st.builds(MinimumVolume, count=st.integers(0, 10_000), noun=st.none() | names)
        ),
        missing_data=maybe(st.sampled_from(("up", "down", "excluded"))),
        weights=tuple(
            draw(
                st.lists(
                    st.builds(Weight, impact=st.sampled_from(get_args(Impact)), share=percents),
                    max_size=2,
                )
            )
        ),
        aggregate=maybe(
            st.builds(
                Aggregate, method=st.sampled_from(("pooled", "mean")), per=st.none() | lengths
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
                Target,
                statistic=st.none() | st.sampled_from(("p95", "p999", "max")),
                comparator=st.sampled_from(get_args(Comparator)),
                value=percents | durations,
            )
        ),
        exclusions=tuple(draw(st.lists(st.composite(_exclusions)(), max_size=3))),
        credits=tuple(draw(st.lists(st.composite(_credits)(bases), max_size=2))),
        caps=tuple(draw(st.lists(st.composite(_caps)(bases), max_size=2))),
        quotes=tuple(draw(st.lists(titles, max_size=2))),
    )


def _values(depth: int) -> st.SearchStrategy[Value]:
    leaves: st.SearchStrategy[Value] = (
        st.builds(Text, value=titles)
        | st.builds(Word, value=names | st.sampled_from(("true", "false", "null")))
        | numbers
        | percents
        | st.builds(DateTimeValue, value=aware)
        | st.builds(DateValue, value=dates)
        | durations
        | business
        | calendar_spans
        | money
        | units
        | st.just(Word(value="24x7"))
    )
    if depth == 0:
        return leaves
    return leaves | st.builds(ListValue, items=st.lists(_values(depth - 1), max_size=3).map(tuple))


fields = st.lists(st.builds(FieldValue, name=names, value=_values(2)), max_size=4).map(tuple)


def _examples(draw: Any, subjects: tuple[str, ...]) -> Example:
    if draw(st.booleans()):
        period = ExamplePeriod(month=draw(dates).strftime("%Y-%m"))
    else:
        start = draw(dates)
        period = ExamplePeriod(start=start, end=start + timedelta(days=draw(st.integers(1, 90))))
    return Example(
        title=draw(titles),
        period=draw(st.none() | st.just(period)),
        as_of=draw(st.none() | aware),
        fee=draw(st.none() | amounts),
        records=tuple(
            draw(
                st.lists(st.builds(RecordLiteral, kind=names, id=titles, fields=fields), max_size=2)
            )
        ),
        record_files=tuple(draw(st.lists(titles, max_size=1))),
        expectations=tuple(
            draw(
                st.lists(
                    st.builds(Expectation, subject=st.sampled_from(subjects), fields=fields),
                    max_size=2,
                )
            )
        ),
    )


def _calendars(draw: Any, ident: str) -> Calendar:
    hours = []
    for _ in range(draw(st.integers(0, 2))):
        start = draw(st.integers(0, 22))
        end = draw(st.integers(start + 1, 23))
        days = tuple(
            draw(
                st.lists(
                    st.builds(
                        DayRange,
                        first=st.sampled_from(WEEKDAYS),
                        last=st.none() | st.sampled_from(WEEKDAYS),
                    ),
                    min_size=1,
                    max_size=2,
                )
            )
        )
        closes = draw(st.just("24:00") | st.just(time(end, 30)))
        hours.append(OpenHours(days=days, start=time(start, 0), end=closes))
    closed = tuple(
        draw(
            st.lists(dates.map(lambda d: DateRange(start=d, end=d + timedelta(days=1))), max_size=2)
        )
    )
    return Calendar(
        id=ident,
        title=draw(optional_titles),
        timezone=draw(st.none() | st.sampled_from(ZONES)),
        open=tuple(hours),
        holidays=draw(st.none() | st.sampled_from(("CN", "US-CA"))),
        closed=closed,
    )


def _support(draw: Any, calendars: tuple[str, ...], bases: tuple[str, ...]) -> Support:
    clocks = st.none() | st.just("24x7") | (st.sampled_from(calendars) if calendars else st.none())
    plans = st.none() | titles
    kinds = st.sampled_from(("respond", "resolve"))
    best_effort = st.builds(SupportTarget, kind=kinds, within=st.none(), plan=plans)
    severities = []
    ids = draw(st.lists(names, unique=True, max_size=3))
    for ident in ids:
        targets = draw(
            st.lists(
                st.builds(
                    SupportTarget,
                    kind=kinds,
                    within=spans,
                    clock=clocks,
                    plan=plans,
                    share=st.none() | percents,
                )
                | best_effort,
                max_size=3,
            )
        )
        escalations = st.builds(
            Escalation,
            tier=st.sampled_from(words(EscalationTier)),
            within=spans,
            clock=clocks,
            plan=plans,
        )
        severities.append(
            Severity(
                id=ident,
                title=draw(optional_titles),
                means=draw(optional_titles),
                targets=tuple(targets),
                escalations=tuple(
                    draw(st.lists(escalations, max_size=2, unique_by=lambda e: (e.tier, e.plan)))
                ),
                coverage_on_request=draw(st.booleans()),
                credits=tuple(draw(st.lists(st.composite(_credits)(bases), max_size=1))),
            )
        )
    return Support(
        calendar=draw(st.none() | st.sampled_from(calendars)) if calendars else None,
        severity_assigned_by=draw(st.none() | st.sampled_from(("customer", "provider", "mutual"))),
        severity_taken_as=draw(st.none() | st.sampled_from(("initial", "highest", "final"))),
        automated_responses=draw(st.none() | st.sampled_from(("count", "ignored"))),
        pauses=draw(st.none() | st.sampled_from(("honoured", "ignored"))),
        channels=tuple(
            draw(
                st.lists(
                    st.builds(
                        Channel,
                        kind=st.sampled_from(words(ChannelKind)),
                        title=optional_titles,
                        clock=clocks,
                        severities=st.lists(st.sampled_from(ids), unique=True, max_size=2).map(
                            tuple
                        )
                        if ids
                        else st.just(()),
                        plan=plans,
                    ),
                    max_size=3,
                    unique_by=lambda c: (c.kind, c.plan),
                )
            )
        ),
        severities=tuple(severities),
        compliance=draw(st.none() | st.builds(Compliance, share=st.none() | percents)),
        credits=tuple(draw(st.lists(st.composite(_credits)(bases), max_size=1))),
        caps=tuple(draw(st.lists(st.composite(_caps)(bases), max_size=1))),
        quotes=tuple(draw(st.lists(titles, max_size=1))),
    )


def _compensation(draw: Any, bases: tuple[str, ...], calendars: tuple[str, ...]) -> Compensation:
    offsets = st.builds(ClaimOffset, after=st.none() | spans)
    return Compensation(
        combine=draw(st.none() | st.sampled_from(("sum", "max"))),
        caps=tuple(draw(st.lists(st.composite(_caps)(bases), max_size=2))),
        minimum_credit=draw(st.none() | amounts),
        rounding=draw(
            st.none()
            | st.builds(
                Rounding,
                mode=st.sampled_from(get_args(RoundingMode)),
                precision=st.sampled_from((Decimal("0.01"), Decimal("1"), Decimal("0.05"))),
            )
        ),
        form=draw(st.none() | st.sampled_from(get_args(CreditForm))),
        claim=draw(
            st.none()
            | st.builds(
                ClaimTerms,
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
def contracts(draw: Any) -> Contract:
    services = tuple(draw(st.lists(names, unique=True, max_size=3)))
    bases = tuple(draw(st.lists(names, unique=True, max_size=2)))
    calendar_ids = tuple(draw(st.lists(names, unique=True, max_size=2)))
    downtime_ids = tuple(draw(st.lists(names, unique=True, max_size=2)))
    downtimes = tuple(
        # Each definition may refer only to earlier ones, so there is never a cycle.
        Downtime(
            id=ident, title=draw(optional_titles), condition=draw(_conditions(1, downtime_ids[:i]))
        )
        for i, ident in enumerate(downtime_ids)
    )
    objective_ids = tuple(draw(st.lists(names, unique=True, max_size=3)))
    start = draw(dates)
    return Contract(
        name=draw(titles),
        version=draw(optional_titles),
        provider=draw(optional_titles),
        customer=draw(optional_titles),
        effective=draw(
            st.none()
            | st.just(
                Effective(start=start, end=draw(st.none() | st.just(start + timedelta(days=365))))
            )
        ),
        timezone=draw(st.none() | st.sampled_from(ZONES)),
        currency=draw(st.none() | st.sampled_from(("USD", "CNY", "EUR"))),
        fee_bases=tuple(
            FeeBase(
                id=b, title=draw(optional_titles), excluding=draw(st.none() | st.just("vouchers"))
            )
            for b in bases
        ),
        period=draw(st.none() | periods),
        calendars=tuple(draw(st.composite(_calendars)(c)) for c in calendar_ids),
        services=tuple(Service(id=s, title=draw(optional_titles)) for s in services),
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


# ---- evaluations: small contracts as text, and incident records for one month ----------------

EVALUATED_SERVICES = ("api", "web", "db")
OPERATIONS = (None, "send", "login", "ok")
SEPTEMBER_2026 = datetime(2026, 9, 1, tzinfo=UTC)


@st.composite
def _evaluated_objective(draw: Any, ident: str) -> str:
    """One objective as text: any kind, with or without `service` and `operation`, a condition
    on outages or on the counts or latency of an operation, and exclusion clauses."""
    kind = draw(st.sampled_from(("availability", "success_rate", "latency")))
    lines = []
    services = draw(st.lists(st.sampled_from(EVALUATED_SERVICES), unique=True, max_size=2))
    if services:
        lines.append("service " + ", ".join(services))
    operations = [o for o in OPERATIONS if o]
    if kind == "availability":
        condition = draw(
            st.sampled_from(
                (
                    None,
                    "outage",
                    "outage impact major_outage",
                    *(f"{o}.success_rate < 99%" for o in operations),
                    *(f"any of (outage, {o}.error_rate > 5%)" for o in operations),
                    *(f"{o}.latency p95 > 500 ms" for o in operations),
                )
            )
        )
        if condition is not None:
            lines.append(f"down when {condition}")
        lines.append("slice 5 minutes")
        lines.append(draw(st.sampled_from(("", "missing data counts as up"))))
        lines.append("target >= 99.9%")
    else:
        if draw(st.booleans()):
            lines.append("operation " + draw(st.sampled_from(operations)))
        lines.append("target >= 99%" if kind == "success_rate" else "target p95 <= 400 ms")
    lines.extend(
        draw(
            st.lists(
                st.sampled_from(
                    ("exclude maintenance", "exclude cause customer", "exclude flagged")
                ),
                unique=True,
                max_size=2,
            )
        )
    )
    body = "\n        ".join(line for line in lines if line)
    return f"    objective {kind} {ident} {{\n        {body}\n    }}\n"


@st.composite
def evaluated_contracts(draw: Any) -> str:
    """The text of a contract of one to three objectives over the services api, web and db."""
    idents = draw(
        st.lists(
            st.sampled_from(("send", "login", "ok", "up", "rate")),
            unique=True,
            min_size=1,
            max_size=3,
        )
    )
    objectives = "".join(draw(_evaluated_objective(i)) for i in idents)
    services = "".join(f"    service {s}\n" for s in EVALUATED_SERVICES)
    return (
        'contract "Generated" {\n    timezone "UTC"\n    period calendar month\n'
        f"{services}{objectives}}}\n"
    )


@st.composite
def _incident(draw: Any, index: int) -> dict[str, Any]:
    """One outage, counts or latency record (as JSON-style data) in or near September 2026."""
    kind = draw(st.sampled_from(("outage", "counts", "latency")))
    start = SEPTEMBER_2026 + timedelta(minutes=5 * draw(st.integers(-300, 8900)))
    record: dict[str, Any] = {
        "kind": kind,
        "id": f"r{index}",
        "service": draw(st.sampled_from(EVALUATED_SERVICES)),
    }
    operation = draw(st.sampled_from(OPERATIONS))
    if kind == "outage":
        record |= {
            "start": start.isoformat(),
            "end": (start + timedelta(minutes=5 * draw(st.integers(1, 60)))).isoformat(),
            "impact": draw(st.sampled_from(("major_outage", "partial_outage", "maintenance"))),
            "cause": draw(st.sampled_from((None, "customer"))),
        }
    elif kind == "counts":
        total = draw(st.integers(0, 200))
        record |= {
            "interval_start": start.isoformat(),
            "interval_end": (start + timedelta(minutes=5)).isoformat(),
            "total": total,
            "good": draw(st.integers(0, total)),
            "operation": operation,
        }
    else:
        record |= {
            "timestamp": start.isoformat(),
            "latency_ms": str(draw(st.integers(1, 1000))),
            "operation": operation,
        }
    return record


@st.composite
def evaluated_records(draw: Any) -> list[dict[str, Any]]:
    """Up to 12 incident records of the services api, web and db."""
    count = draw(st.integers(0, 12))
    return [draw(_incident(i)) for i in range(count)]
