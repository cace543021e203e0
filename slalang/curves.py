"""Credit curves: an objective's credit as exact piecewise-linear data over its measured value.

A curve is built from the credit clauses themselves, never by sampling: the measured value's
domain is cut at every tier bound, target and step of a linear credit into points and open
intervals, on each of which every clause is flat (tiers, per-breach credits, counted steps) or
linear (a linear credit without counting). Each clause is evaluated with the evaluator's own
functions (`matching_tier`, `compare`), so a curve agrees with `slalang.evaluate` by construction
and the tests check that it does. Values are in one unit: percent of the fee base, money or
service units.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

from slalang.evaluate.credits import matching_tier
from slalang.evaluate.measure import compare, in_measurement_units
from slalang.model import (
    Amount,
    BreachCredit,
    Credit,
    LinearCredit,
    Money,
    Objective,
    TierCredit,
)

MAX_STEPS = 5000  # steps of a counted linear credit drawn at most


class CurveError(ValueError):
    """A credit that cannot be drawn exactly as a curve; the message says why."""


@dataclass(frozen=True)
class Piece:
    """The credit on `[low, high]` (ends open or closed; `high` None: unbounded above), going
    linearly from `start` at `low` to `end` at `high` (the limits where an end is open)."""

    low: Fraction
    high: Fraction | None
    low_closed: bool
    high_closed: bool
    start: Fraction
    end: Fraction

    @property
    def point(self) -> bool:
        return self.high == self.low

    def at(self, x: Fraction) -> Fraction:
        if self.high is None or self.high == self.low:
            return self.start
        return self.start + (self.end - self.start) * (x - self.low) / (self.high - self.low)

    def contains(self, x: Fraction) -> bool:
        above = x >= self.low if self.low_closed else x > self.low
        below = self.high is None or (x <= self.high if self.high_closed else x < self.high)
        return above and below


@dataclass(frozen=True)
class Segment:
    """A point (`low == high`) or an open interval between two breakpoints."""

    low: Fraction
    high: Fraction | None

    @property
    def inside(self) -> Fraction:
        """A point strictly inside the segment (the point itself for a point)."""
        if self.high is None:
            return self.low + 1
        return (self.low + self.high) / 2


def segments(breakpoints: set[Fraction], low: Fraction, high: Fraction | None) -> list[Segment]:
    """The domain `[low, high]` cut at `breakpoints` into points and open intervals, in order."""
    cuts = sorted({low, *(b for b in breakpoints if low < b and (high is None or b < high))})
    if high is not None:
        cuts.append(high)
    out: list[Segment] = []
    for i, cut in enumerate(cuts):
        out.append(Segment(cut, cut))
        if i + 1 < len(cuts):
            out.append(Segment(cut, cuts[i + 1]))
    if high is None:
        out.append(Segment(cuts[-1], None))
    return out


def piece(segment: Segment, start: Fraction, end: Fraction) -> Piece:
    point = segment.high == segment.low
    return Piece(segment.low, segment.high, point, point, start, end)


def merged(pieces: Sequence[Piece]) -> tuple[Piece, ...]:
    """Adjacent pieces joined where the credit continues on one line."""
    out: list[Piece] = []
    for q in pieces:
        p = out[-1] if out else None
        if p is not None and p.high is not None and _continues(p, q):
            out[-1] = Piece(p.low, q.high, p.low_closed, q.high_closed, p.start, q.end)
        else:
            out.append(q)
    return tuple(out)


def _slope(p: Piece) -> Fraction | None:
    if p.high is None:
        return Fraction(0)
    return None if p.point else (p.end - p.start) / (p.high - p.low)


def _continues(p: Piece, q: Piece) -> bool:
    if p.end != q.start:
        return False
    sp, sq = _slope(p), _slope(q)
    if q.high is None and sp not in (None, 0):
        return False
    return sp is None or sq is None or sp == sq


# ---- credit clauses ----------------------------------------------------------------------------

Value = Callable[[Amount], Fraction]  # an amount in the curve's unit


@dataclass(frozen=True)
class Domain:
    """What an objective measures: a share in [0, 1] or a latency in milliseconds, from 0 up."""

    low: Fraction
    high: Fraction | None
    period_us: Fraction | None  # the reference period's length, for linear credits


def domain_of(objective: Objective, period_us: Fraction | None) -> Domain:
    if objective.kind == "latency":
        return Domain(Fraction(0), None, None)
    return Domain(Fraction(0), Fraction(1), period_us)


def _met(objective: Objective, x: Fraction) -> bool:
    target = objective.target
    if target is None:
        return True
    return compare(x, target.comparator, in_measurement_units(target.value))


def _target_points(objective: Objective) -> set[Fraction]:
    return set() if objective.target is None else {in_measurement_units(objective.target.value)}


def _tier_points(credit: TierCredit) -> set[Fraction]:
    points: set[Fraction] = set()
    for tier in credit.tiers:
        b = tier.bound
        if b.type == "one_sided":
            points.add(in_measurement_units(b.value))
        else:
            points.update({in_measurement_units(b.lower), in_measurement_units(b.upper)})
    return points


def _linear_steps(objective: Objective, credit: LinearCredit, domain: Domain) -> tuple[int, int]:
    """(microseconds per unit of the credit, period length): the steps of a linear credit."""
    if objective.kind != "availability":
        raise CurveError("a credit per time down is drawn only for availability")
    if domain.period_us is None:
        raise CurveError("a credit per time down needs a period whose length is known")
    if objective.denominator is not None or objective.formula is not None:
        raise CurveError("a credit per time down is drawn only over the whole period")
    period = int(domain.period_us)
    per = period if credit.per == "period" else int(credit.per.seconds * 1_000_000)
    if credit.counting is not None and period // per > MAX_STEPS:
        raise CurveError(f"more than {MAX_STEPS} steps of {credit.per} in the period")
    return per, period


def clause_pieces(
    objective: Objective, credit: Credit, domain: Domain, value: Value
) -> Callable[[Segment], tuple[Fraction, Fraction]]:
    """A function giving the clause's credit at both ends of a segment (flat or linear)."""
    if isinstance(credit, TierCredit):

        def tiers(s: Segment) -> tuple[Fraction, Fraction]:
            tier = matching_tier(credit, s.inside)
            v = Fraction(0) if tier is None else value(tier.amount)
            return v, v

        return tiers
    if isinstance(credit, BreachCredit):

        def breach(s: Segment) -> tuple[Fraction, Fraction]:
            v = Fraction(0) if _met(objective, s.inside) else value(credit.amount)
            return v, v

        return breach
    per, period = _linear_steps(objective, credit, domain)
    amount = value(credit.amount)

    def units(x: Fraction) -> Fraction:
        down = (1 - x) * period / per
        if credit.counting == "started":
            return Fraction(math.ceil(down))
        if credit.counting == "completed":
            return Fraction(math.floor(down))
        return down

    def linear(s: Segment) -> tuple[Fraction, Fraction]:
        if _met(objective, s.inside):
            return Fraction(0), Fraction(0)
        if credit.counting is not None or s.high is None:
            v = units(s.inside) * amount
            return v, v
        return units(s.low) * amount, units(s.high) * amount

    return linear


def clause_points(objective: Objective, credit: Credit, domain: Domain) -> set[Fraction]:
    """The measured values where the clause's credit may change."""
    points = _target_points(objective)
    if isinstance(credit, TierCredit):
        return points | _tier_points(credit)
    if isinstance(credit, LinearCredit):
        per, period = _linear_steps(objective, credit, domain)
        if credit.counting is not None:
            points.update(1 - Fraction(k * per, period) for k in range(period // per + 1))
    return points


def amount_unit(amount: Amount) -> str:
    """'percent', 'money' or 'units'."""
    return "units" if amount.type == "units" else amount.type


def amount_value(amount: Amount) -> Fraction:
    """An amount in its own unit: percent points, money or units."""
    if isinstance(amount, Money):
        return Fraction(amount.amount)
    return Fraction(amount.value)


def objective_pieces(objective: Objective, domain: Domain, value: Value) -> tuple[Piece, ...]:
    """The sum of the objective's credit clauses (as the evaluator combines them), before caps,
    with amounts in the curve's unit through `value`; `CurveError` if a clause cannot be drawn."""
    points: set[Fraction] = set()
    for credit in objective.credits:
        points |= clause_points(objective, credit, domain)
    parts = [clause_pieces(objective, c, domain, value) for c in objective.credits]
    out = []
    for s in segments(points, domain.low, domain.high):
        ends = [part(s) for part in parts]
        start = sum((e[0] for e in ends), Fraction(0))
        out.append(piece(s, start, sum((e[1] for e in ends), Fraction(0))))
    return merged(out)


def capped(pieces: Sequence[Piece], limit: Fraction) -> tuple[Piece, ...]:
    """`min(curve, limit)`: a linear piece that crosses the limit is cut where it does."""
    out: list[Piece] = []
    for p in pieces:
        if p.start <= limit and p.end <= limit:
            out.append(p)
        elif p.start >= limit and p.end >= limit:
            out.append(Piece(p.low, p.high, p.low_closed, p.high_closed, limit, limit))
        else:
            assert p.high is not None
            x = p.low + (limit - p.start) * (p.high - p.low) / (p.end - p.start)
            out.append(Piece(p.low, x, p.low_closed, False, min(p.start, limit), limit))
            out.append(Piece(x, x, True, True, limit, limit))
            out.append(Piece(x, p.high, False, p.high_closed, limit, min(p.end, limit)))
    return merged(out)


def maximum(pieces: Sequence[Piece]) -> Fraction:
    """The most the curve pays anywhere (a supremum where an open end holds it)."""
    return max(max(p.start, p.end) for p in pieces)


def value_at(pieces: Sequence[Piece], x: Fraction) -> Fraction:
    for p in pieces:
        if p.contains(x):
            return p.at(x)
    raise ValueError(f"{x} is outside the curve")


Relation = Literal["more", "equal", "less"]


@dataclass(frozen=True)
class Range:
    """Measured values from `low` to `high` (None: unbounded) where one curve pays `relation`
    than the other."""

    low: Fraction
    high: Fraction | None
    low_closed: bool
    high_closed: bool
    relation: Relation


def difference(a: Sequence[Piece], b: Sequence[Piece]) -> tuple[Range, ...]:
    """Where `a` pays more than, as much as or less than `b`, exactly; both curves cover one
    domain. A linear difference that changes sign is cut where it is zero."""
    points = {p.low for p in (*a, *b)} | {p.high for p in (*a, *b) if p.high is not None}
    high = None if any(p.high is None for p in a) else max(points)
    out: list[Range] = []
    for s in segments(points, min(points), high):
        if s.high is None or s.high == s.low:
            v = value_at(a, s.inside) - value_at(b, s.inside)
            parts = [piece(s, v, v)]
        else:
            start = _limit(a, s, s.low) - _limit(b, s, s.low)
            end = _limit(a, s, s.high) - _limit(b, s, s.high)
            parts = _split_at_zero(piece(s, start, end))
        for p in parts:
            r = Range(p.low, p.high, p.low_closed, p.high_closed, _relation(p))
            if out and out[-1].relation == r.relation:
                last = out[-1]
                r = Range(last.low, r.high, last.low_closed, r.high_closed, r.relation)
                out[-1] = r
            else:
                out.append(r)
    return tuple(out)


def _limit(pieces: Sequence[Piece], s: Segment, x: Fraction) -> Fraction:
    """The limit at `x` (an end of `s`) of the piece that holds the inside of `s`."""
    inside = s.inside
    for p in pieces:
        if p.contains(inside):
            return p.at(x)
    raise ValueError(f"{inside} is outside the curve")


def _split_at_zero(p: Piece) -> list[Piece]:
    if p.start * p.end >= 0:
        return [p]
    assert p.high is not None
    x = p.low + (-p.start) * (p.high - p.low) / (p.end - p.start)
    zero = Fraction(0)
    return [
        Piece(p.low, x, p.low_closed, False, p.start, zero),
        Piece(x, x, True, True, zero, zero),
        Piece(x, p.high, False, p.high_closed, zero, p.end),
    ]


def _relation(p: Piece) -> Relation:
    if p.start == 0 and p.end == 0:
        return "equal"
    return "more" if p.start >= 0 and p.end >= 0 else "less"
