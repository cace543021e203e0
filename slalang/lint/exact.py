"""Exact reasoning on bounds: ranges of Fractions with open or closed ends, period lengths.

Nothing here uses float: tiers, targets and durations become `Fraction`s, and sets of values
become `Range`s whose ends are inclusive or exclusive exactly as the contract wrote them.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from slalang import model as m

DAY = Fraction(86400)
HOUR = Fraction(3600)

# Shortest and longest length of one calendar unit, in days.
_UNIT_DAYS: dict[str, tuple[int, int]] = {
    "months": (28, 31),
    "quarters": (89, 92),
    "years": (365, 366),
}


def same_kind(a: object, b: object) -> bool:
    """Whether two amounts can be compared (same type, same currency)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, m.Money) and isinstance(b, m.Money):
        return a.currency == b.currency
    return True


def show(value: Fraction) -> str:
    """A Fraction as a decimal: exact when it terminates, else rounded to 4 places."""
    d = value.denominator
    for p in (2, 5):
        while d % p == 0:
            d //= p
    if d == 1:
        text = format(Decimal(value.numerator) / Decimal(value.denominator), "f")
    else:
        text = format(round(Decimal(value.numerator) / Decimal(value.denominator), 4), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


@dataclass(frozen=True)
class Range:
    """The values x with lo <(=) x <(=) hi; None is unbounded on that side."""

    lo: Fraction | None
    lo_closed: bool
    hi: Fraction | None
    hi_closed: bool

    @property
    def empty(self) -> bool:
        if self.lo is None or self.hi is None:
            return False
        return self.lo > self.hi or (self.lo == self.hi and not (self.lo_closed and self.hi_closed))

    def intersect(self, other: Range) -> Range:
        lo, lo_closed = _tighter(self.lo, self.lo_closed, other.lo, other.lo_closed, low=True)
        hi, hi_closed = _tighter(self.hi, self.hi_closed, other.hi, other.hi_closed, low=False)
        return Range(lo, lo_closed, hi, hi_closed)

    def minus(self, other: Range) -> list[Range]:
        """What remains of this range outside `other` (at most two pieces, none empty)."""
        if self.empty:
            return []
        if self.intersect(other).empty:
            return [self]
        pieces = []
        if other.lo is not None:
            pieces.append(self.intersect(Range(None, False, other.lo, not other.lo_closed)))
        if other.hi is not None:
            pieces.append(self.intersect(Range(other.hi, not other.hi_closed, None, False)))
        return [p for p in pieces if not p.empty]

    def text(self, like: object) -> str:
        """The range as the contract would write it, in the unit of the quantity `like`."""
        lo = "" if self.lo is None else written(self.lo, like)
        hi = "" if self.hi is None else written(self.hi, like)
        if self.lo is not None and self.lo == self.hi:
            return lo
        return f"{'[' if self.lo_closed else '('}{lo}, {hi}{']' if self.hi_closed else ')'}"


def _tighter(
    a: Fraction | None, a_closed: bool, b: Fraction | None, b_closed: bool, *, low: bool
) -> tuple[Fraction | None, bool]:
    if a is None:
        return b, b_closed
    if b is None or a == b:
        return a, a_closed and (b_closed if b is not None else True)
    if (a > b) == low:
        return a, a_closed
    return b, b_closed


def bound_range(bound: m.Bound) -> Range | None:
    """The values a tier bound matches, or None when its quantities are not comparable."""
    if isinstance(bound, m.Interval):
        lo, hi = m.magnitude(bound.lower), m.magnitude(bound.upper)
        if lo is None or hi is None:
            return None
        return Range(lo, bound.lower_closed, hi, bound.upper_closed)
    value = m.magnitude(bound.value)
    return None if value is None else comparison_range(bound.comparator, value)


def comparison_range(comparator: str, value: Fraction) -> Range:
    return {
        ">=": Range(value, True, None, False),
        ">": Range(value, False, None, False),
        "<=": Range(None, False, value, True),
        "<": Range(None, False, value, False),
        "==": Range(value, True, value, True),
    }[comparator]


def domain(q: object) -> Range:
    """Values a measure can take: 0..100 for percentages, zero or more otherwise."""
    if isinstance(q, m.Percent):
        return Range(Fraction(0), True, Fraction(100), True)
    return Range(Fraction(0), True, None, False)


_ABBREVIATIONS = {"milliseconds": "ms"}


def written(value: Fraction, like: object) -> str:
    """A magnitude (see `model.magnitude`) written in the unit of the quantity `like`."""
    if isinstance(like, m.Percent):
        return f"{show(value)}%"
    if isinstance(like, m.Duration):
        unit = like.unit
        per_unit = m.Duration(value=Decimal(1), unit=unit).seconds
        return f"{show(value / per_unit)} {_ABBREVIATIONS.get(unit, unit)}"
    if isinstance(like, m.Money):
        return f"{show(value)} {like.currency}"
    return show(value)


def period_days(period: m.Period) -> tuple[Fraction, Fraction]:
    """Shortest and longest length of one period, in days."""
    if isinstance(period, m.RollingPeriod):
        days = period.length.seconds / DAY
        return days, days
    low, high = _UNIT_DAYS[period.unit]
    return Fraction(low), Fraction(high)
