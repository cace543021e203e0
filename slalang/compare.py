"""`compare(a, b, ...)`: contracts side by side, exactly (schema `slalang.compare/v1`).

Allowed downtime per period and per year at each target and tier bound; the credit curve of
each objective as exact pieces over the measured value (`slalang.curves`), caps applied; the
worst-case exposure per period and per year; support deadlines in wall-clock time for tickets
opened at awkward moments (`slalang.moments`); dominance between the curves of matched
objectives; and the terms table (`slalang.terms`), which shows the terms one contract has and
another lacks. Every figure says what it assumes; nothing is sampled.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import date, datetime, time, timedelta
from fractions import Fraction
from typing import Literal

from pydantic import BaseModel, ConfigDict

from slalang import curves, moments, terms, wording
from slalang.evaluate.engine import parse_fee
from slalang.evaluate.inputs import EvaluationError
from slalang.evaluate.measure import in_measurement_units
from slalang.evaluate.periods import (
    PeriodWindow,
    period_timezone,
    period_zone,
    resolve_wall_time,
    window_containing,
)
from slalang.model import Amount, CalendarSpan, Cap, Contract, Objective, Percent, TierCredit

SCHEMA = "slalang.compare/v1"
_US = timedelta(microseconds=1)


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ContractName(_Model):
    name: str
    version: str | None


class DowntimeAllowance(_Model):
    contract: int  # index into `contracts`
    objective: str
    level: str  # "99.9%"
    source: Literal["target", "tier bound"]
    period: str  # the reference period's label
    per_period: str  # "44 minutes 38.4 seconds"
    per_period_minutes: str  # exact
    per_year: str
    per_year_minutes: str


class CurvePiece(_Model):
    """Credit from `credit_from` at `low` to `credit_to` at `high` (linear between; ends open or
    closed). Measured values are shares (0.999 is 99.9%) or milliseconds."""

    low: str
    high: str | None
    low_closed: bool
    high_closed: bool
    credit_from: str
    credit_to: str


class CreditCurve(_Model):
    contract: int
    objective: str
    kind: str
    measured: Literal["share", "milliseconds"]
    unit: str  # "percent of monthly_fee", "CNY", "units"
    pieces: list[CurvePiece] | None  # None: the curve cannot be drawn exactly (see notes)
    maximum: str | None
    caps: list[str]
    notes: list[str]


class Exposure(_Model):
    contract: int
    per_period: dict[str, str]  # unit -> most credit in one period
    per_year: dict[str, str]
    notes: list[str]


class SupportDeadline(_Model):
    contract: int
    severity: str
    target: str  # "respond within 4 business hours on support_hours"
    moment: str
    opened: str
    deadline: str | None
    waits: str | None  # wall-clock time from opening to the deadline
    note: str | None


class DominanceRange(_Model):
    low: str
    high: str | None
    low_closed: bool
    high_closed: bool
    pays_more: int | None  # contract index; None: both pay the same


class Dominance(_Model):
    objective: str  # the kind (and service) the matched objectives share
    first: int
    second: int
    statement: str
    ranges: list[DominanceRange]


class TermRow(_Model):
    term: str
    values: list[str | None]  # one per contract; None: the contract does not state it


class Comparison(_Model):
    contracts: list[ContractName]
    reference: str  # the date whose period curves and downtime refer to
    fee: str | None
    downtime: list[DowntimeAllowance]
    curves: list[CreditCurve]
    exposure: list[Exposure]
    deadlines: list[SupportDeadline]
    dominance: list[Dominance]
    terms: list[TermRow]
    only_in_some: list[str]  # terms some contracts state and others do not
    notes: list[str]

    def to_json(self) -> str:
        data = {"schema": SCHEMA, **self.model_dump(mode="json")}
        return json.dumps(data, indent=2, ensure_ascii=False)


# ---- the reference period -------------------------------------------------------------------------


def _reference(contracts: Sequence[Contract], reference: date | None) -> date:
    """The given date, else the first contract's effective start, else the start of 2026."""
    if reference is not None:
        return reference
    first = contracts[0].effective
    return first.start if first is not None else date(2026, 1, 1)


def _window(contract: Contract, objective: Objective, day: date) -> PeriodWindow | None:
    """The objective's period that holds `day`; None when the contract cannot say (no period,
    no time zone, a rolling length that is not whole days)."""
    period = objective.period or contract.period
    if period is None:
        return None
    try:
        zone = period_zone(period_timezone(period, contract.timezone))
        instant = resolve_wall_time(day, time(0), zone)
        return window_containing(period, contract.timezone, instant, anchor=day)
    except ValueError:
        return None


def _year_us(contract: Contract, objective: Objective, day: date) -> int | None:
    period = objective.period or contract.period
    if period is None:
        return None
    try:
        zone = period_zone(period_timezone(period, contract.timezone))
    except ValueError:
        return None
    start = resolve_wall_time(date(day.year, 1, 1), time(0), zone)
    end = resolve_wall_time(date(day.year + 1, 1, 1), time(0), zone)
    return (end - start) // _US


# ---- downtime ---------------------------------------------------------------------------------


def _levels(objective: Objective) -> list[tuple[Fraction, Literal["target", "tier bound"]]]:
    out: dict[Fraction, Literal["target", "tier bound"]] = {}
    if objective.target is not None and isinstance(objective.target.value, Percent):
        out[in_measurement_units(objective.target.value)] = "target"
    for credit in objective.credits:
        if isinstance(credit, TierCredit):
            for tier in credit.tiers:
                b = tier.bound
                for q in (b.value,) if b.type == "one_sided" else (b.lower, b.upper):
                    if isinstance(q, Percent) and 0 < q.fraction < 1:
                        out.setdefault(q.fraction, "tier bound")
    return sorted(out.items(), reverse=True)


def _downtime(index: int, contract: Contract, day: date) -> list[DowntimeAllowance]:
    out = []
    for o in contract.objectives:
        window, year = _window(contract, o, day), _year_us(contract, o, day)
        if o.kind != "availability" or window is None or year is None:
            continue
        period_us = window.length // _US
        for level, source in _levels(o):
            per_period, per_year = (1 - level) * period_us, (1 - level) * year
            out.append(
                DowntimeAllowance(
                    contract=index,
                    objective=o.id,
                    level=wording.percent(level),
                    source=source,
                    period=window.label,
                    per_period=wording.length(per_period),
                    per_period_minutes=wording.number(per_period / 60_000_000),
                    per_year=wording.length(per_year),
                    per_year_minutes=wording.number(per_year / 60_000_000),
                )
            )
    return out


# ---- curves -----------------------------------------------------------------------------------

Convert = Callable[[Amount], Fraction]


def _converter(contract: Contract, objective: Objective, fee: str | None) -> tuple[str, Convert]:
    """The curve's unit and the conversion of an amount into it; `CurveError` if they mix."""
    if fee is not None:
        base = parse_fee(fee, contract.currency)

        def money(amount: Amount) -> Fraction:
            if isinstance(amount, Percent):
                return amount.fraction * base.amount
            if amount.type == "money":
                return Fraction(amount.amount)
            raise curves.CurveError("service units have no price in money")

        return base.currency, money
    amounts = [a for a in _amounts(objective)]
    units = {_unit_name(contract, objective, a) for a in amounts}
    if len(units) > 1:
        raise curves.CurveError(f"the credits mix {' and '.join(sorted(units))}: pass a fee")
    unit = units.pop() if units else "percent"

    def same(amount: Amount) -> Fraction:
        if _unit_name(contract, objective, amount) != unit:
            raise curves.CurveError(f"a cap in another unit than {unit}: pass a fee")
        return curves.amount_value(amount)

    return unit, same


def _amounts(objective: Objective) -> list[Amount]:
    out: list[Amount] = []
    for credit in objective.credits:
        if isinstance(credit, TierCredit):
            out.extend(t.amount for t in credit.tiers)
        else:
            out.append(credit.amount)
    return out


def _unit_name(contract: Contract, objective: Objective, amount: Amount) -> str:
    if isinstance(amount, Percent):
        bases = {c.base for c in objective.credits if c.base} or {
            f.id for f in contract.fee_bases[:1]
        }
        return "percent of " + (", ".join(sorted(bases)) or "the fee")
    return amount.currency if amount.type == "money" else "units"


def _caps(contract: Contract, objective: Objective) -> list[tuple[Cap, str]]:
    comp = contract.compensation.caps if contract.compensation else ()
    return [*((c, "objective") for c in objective.caps), *((c, "compensation") for c in comp)]


def credit_curve(
    index: int, contract: Contract, o: Objective, day: date, fee: str | None
) -> tuple[CreditCurve, tuple[curves.Piece, ...] | None]:
    """The credit curve of objective `o` of contract number `index`, caps applied, with its
    exact pieces (None where it cannot be drawn; the curve's notes say why)."""
    measured: Literal["share", "milliseconds"] = "milliseconds" if o.kind == "latency" else "share"
    window = _window(contract, o, day)
    period_us = None if window is None else Fraction(window.length // _US)
    notes: list[str] = []
    shown: list[str] = []
    unit = "-"
    pieces: tuple[curves.Piece, ...] | None = None
    try:
        unit, convert = _converter(contract, o, fee)
        pieces = curves.objective_pieces(o, curves.domain_of(o, period_us), convert)
        for cap, where in _caps(contract, o):
            try:
                pieces = curves.capped(pieces, convert(cap.amount))
            except (curves.CurveError, EvaluationError):
                notes.append(
                    f"{where} cap {terms.cap_text(cap)} not applied: another unit; pass a fee"
                )
                continue
            shown.append(f"{where} cap {terms.cap_text(cap)}")
    except (curves.CurveError, EvaluationError) as error:
        notes.append(f"not drawn: {error}")
        pieces = None
    if window is not None and any(c.type == "linear" for c in o.credits):
        notes.append(f"credits per time down are for the period {window.label}")
    if not o.credits:
        notes.append("no credit clause: this objective pays nothing when missed")
    curve = CreditCurve(
        contract=index,
        objective=o.id,
        kind=o.kind,
        measured=measured,
        unit=unit,
        pieces=None if pieces is None else [_piece(p) for p in pieces],
        maximum=None if pieces is None else wording.number(curves.maximum(pieces)),
        caps=shown,
        notes=notes,
    )
    return curve, pieces


def _piece(p: curves.Piece) -> CurvePiece:
    return CurvePiece(
        low=wording.number(p.low),
        high=None if p.high is None else wording.number(p.high),
        low_closed=p.low_closed,
        high_closed=p.high_closed,
        credit_from=wording.number(p.start),
        credit_to=wording.number(p.end),
    )


# ---- exposure ---------------------------------------------------------------------------------


def _periods_per_year(contract: Contract) -> int | None:
    p = contract.period
    if p is None or p.type == "rolling":
        return None
    return {"months": 12, "quarters": 4, "years": 1}[p.unit]


def _cap_periods(cap: Cap, per_year: int) -> int | None:
    """How many of the contract's periods a cap's window spans (None: not a whole number)."""
    if cap.per == "period":
        return 1
    if isinstance(cap.per, CalendarSpan):
        months = cap.per.value * {"months": 1, "quarters": 3, "years": 12}[cap.per.unit]
        spans = Fraction(months * per_year, 12)
        return int(spans) if spans.denominator == 1 else None
    return None


def _exposure(index: int, contract: Contract, drawn: list[CreditCurve]) -> Exposure:
    notes: list[str] = []
    totals: dict[str, Fraction] = {}
    combine = contract.compensation.combine if contract.compensation else None
    for curve in drawn:
        if curve.maximum is None:
            notes.append(f"{curve.objective}: not counted ({'; '.join(curve.notes)})")
            continue
        value = Fraction(curve.maximum)
        old = totals.get(curve.unit, Fraction(0))
        totals[curve.unit] = max(old, value) if combine == "max" else old + value
    support = contract.support
    if support is not None and (support.credits or any(s.credits for s in support.severities)):
        notes.append("support credits not counted: they depend on the number of tickets")
    caps = contract.compensation.caps if contract.compensation else ()
    per_period = dict(totals)
    per_year_count = _periods_per_year(contract)
    per_year = {u: v * per_year_count for u, v in totals.items()} if per_year_count else {}
    if not per_year_count:
        notes.append("per year: the contract's period is not a whole part of a year")
    if len(totals) > 1 and caps:
        notes.append("caps not applied to the total: the credits mix units; pass a fee")
    for cap in caps if len(totals) == 1 else ():
        [(unit, _)] = totals.items()
        limit = _cap_value(contract, cap, unit)
        if limit is None:
            notes.append(f"cap {terms.cap_text(cap)} not applied: in another unit than {unit}")
            continue
        per_period[unit] = min(per_period[unit], limit)
        spans = None if per_year_count is None else _cap_periods(cap, per_year_count)
        if per_year_count and spans:
            per_year[unit] = min(per_year[unit], limit * -(-per_year_count // spans))
    return Exposure(
        contract=index,
        per_period={u: wording.number(v) for u, v in per_period.items()},
        per_year={u: wording.number(v) for u, v in per_year.items()},
        notes=notes,
    )


def _cap_value(contract: Contract, cap: Cap, unit: str) -> Fraction | None:
    amount = cap.amount
    if isinstance(amount, Percent):
        return Fraction(amount.value) if unit.startswith("percent") else None
    if amount.type == "money":
        return Fraction(amount.amount) if unit == amount.currency else None
    return Fraction(amount.value) if unit == "units" else None


# ---- deadlines --------------------------------------------------------------------------------


def _deadlines(
    index: int, contract: Contract, chosen: list[moments.Moment]
) -> list[SupportDeadline]:
    from slalang import fmt

    out = []
    for d in moments.deadlines(contract, chosen):
        clock = "24x7" if d.clock == "24x7" else f"on {d.clock}"
        within = d.target.within
        target = (
            f"{d.target.kind} best effort"
            if within is None
            else f"{d.target.kind} within {fmt.quantity(within)} {clock}"
        )
        out.append(
            SupportDeadline(
                contract=index,
                severity=d.severity.id,
                target=target,
                moment=d.moment.label,
                opened=wording.local(d.moment.at),
                deadline=None if d.deadline is None else wording.local(d.deadline),
                waits=None if d.deadline is None else wording.length(d.deadline - d.moment.at),
                note=d.note,
            )
        )
    return out


# ---- dominance --------------------------------------------------------------------------------


def _dominance(
    names: list[str], drawn: list[tuple[CreditCurve, tuple[curves.Piece, ...] | None]]
) -> list[Dominance]:
    """For every pair of contracts, the first objectives of each kind whose curves share a unit."""
    out = []
    for i in range(len(names)):
        for j in range(i + 1, len(names)):
            for kind in ("availability", "success_rate", "latency"):
                a = next((c for c in drawn if c[0].contract == i and c[0].kind == kind), None)
                b = next((c for c in drawn if c[0].contract == j and c[0].kind == kind), None)
                a, b = a or _nothing(b), b or _nothing(a)
                if a is None or b is None or a[1] is None or b[1] is None:
                    continue
                if a[0].unit != b[0].unit and not _both_percent(a[0].unit, b[0].unit):
                    continue
                out.append(_pair(names, kind, i, j, a[1], b[1]))
    return out


def _nothing(
    other: tuple[CreditCurve, tuple[curves.Piece, ...] | None] | None,
) -> tuple[CreditCurve, tuple[curves.Piece, ...] | None] | None:
    """A contract without an objective of `other`'s kind pays nothing at any level: a zero
    curve over the same measured values."""
    if other is None or other[1] is None:
        return None
    zero = tuple(
        curves.Piece(p.low, p.high, p.low_closed, p.high_closed, Fraction(0), Fraction(0))
        for p in other[1]
    )
    return other[0], curves.merged(zero)


def _both_percent(a: str, b: str) -> bool:
    """Percents of two contracts' fees compare as percents (each of its own fee)."""
    return a.startswith("percent") and b.startswith("percent")


def _pair(
    names: list[str],
    kind: str,
    i: int,
    j: int,
    a: tuple[curves.Piece, ...],
    b: tuple[curves.Piece, ...],
) -> Dominance:
    ranges = curves.difference(a, b)
    relations = {r.relation for r in ranges}
    level = "latency" if kind == "latency" else f"{kind.replace('_', ' ')} level"
    if relations == {"equal"}:
        statement = f"{names[i]} and {names[j]} pay the same at every {level}"
    elif "less" not in relations:
        statement = f"{names[i]} pays at least as much as {names[j]} at every {level}"
    elif "more" not in relations:
        statement = f"{names[j]} pays at least as much as {names[i]} at every {level}"
    else:
        statement = f"neither pays more at every {level}: see the ranges"
    payer = {"more": i, "less": j, "equal": None}
    return Dominance(
        objective=kind,
        first=i,
        second=j,
        statement=statement,
        ranges=[
            DominanceRange(
                low=wording.number(r.low),
                high=None if r.high is None else wording.number(r.high),
                low_closed=r.low_closed,
                high_closed=r.high_closed,
                pays_more=payer[r.relation],
            )
            for r in ranges
        ],
    )


# ---- the comparison ---------------------------------------------------------------------------


def compare(
    *contracts: Contract,
    fee: str | None = None,
    reference: date | None = None,
    opened: Sequence[tuple[str, datetime]] = (),
) -> Comparison:
    """Compare contracts side by side. `fee` ("20000 CNY") turns every credit into money;
    `reference` picks the period for downtime and credits per time down; `opened` adds ticket
    opening moments (label, aware time) to the awkward ones found from the calendars. A fee that
    is not an amount in every contract's currency is a ValueError."""
    if not contracts:
        raise ValueError("compare needs at least one contract")
    if fee is not None:
        for contract in contracts:
            parse_fee(fee, contract.currency)  # an EvaluationError names what is wrong with it
    day = _reference(contracts, reference)
    chosen = moments.awkward_moments(contracts, day.year)
    for label, at in opened:
        if at.tzinfo is None:
            raise ValueError(f"{label}: a ticket's opening time needs an offset")
        chosen.append(moments.Moment(label, at))
    names = [c.name for c in contracts]
    drawn = [credit_curve(i, c, o, day, fee) for i, c in enumerate(contracts) for o in c.objectives]
    table = terms.table(contracts)
    return Comparison(
        contracts=[ContractName(name=c.name, version=c.version) for c in contracts],
        reference=day.isoformat(),
        fee=fee,
        downtime=[a for i, c in enumerate(contracts) for a in _downtime(i, c, day)],
        curves=[curve for curve, _ in drawn],
        exposure=[
            _exposure(i, c, [curve for curve, _ in drawn if curve.contract == i])
            for i, c in enumerate(contracts)
        ],
        deadlines=[d for i, c in enumerate(contracts) for d in _deadlines(i, c, chosen)],
        dominance=_dominance(names, drawn),
        terms=[TermRow(term=name, values=values) for name, values in table],
        only_in_some=[name for name, values in table if None in values and any(values)],
        notes=[
            "allowed downtime assumes the whole period as the denominator; excluded time "
            "(maintenance, causes) comes on top",
            "worst-case exposure: every objective at its worst in the same period",
        ],
    )
