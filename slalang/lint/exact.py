"""Exact reasoning on bounds: ranges of Fractions with open or closed ends, period lengths.

Nothing here uses float: tiers, targets and durations become `Fraction`s, and sets of values
become `Range`s whose ends are inclusive or exclusive exactly as the contract wrote them.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from slalang.model import (
    Bound,
    Duration,
    Interval,
    Money,
    Percent,
    Period,
    RollingPeriod,
    magnitude,
)

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
    if isinstance(a, Money) and isinstance(b, Money):
        return a.currency == b.currency
    return True


def fraction_text(value: Fraction) -> str:
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

    @property
    def start(self) -> tuple[bool, Fraction, bool]:
        """Sort key of the lower end: unbounded first, then by value, closed before open."""
        return (
            self.lo is not None,
            self.lo or Fraction(0),
            self.lo is not None and not self.lo_closed,
        )

    @property
    def stop(self) -> tuple[bool, Fraction, bool]:
        """Sort key of the upper end: by value, open before closed, unbounded last."""
        return (self.hi is None, self.hi or Fraction(0), self.hi is not None and self.hi_closed)

    def reaches(self, later: Range) -> bool:
        """Whether this range and `later` (which starts no earlier) leave no value between them."""
        if self.hi is None or later.lo is None:
            return True
        return self.hi > later.lo or (self.hi == later.lo and (self.hi_closed or later.lo_closed))

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


def overlaps(ranges: Iterable[tuple[int, Range]]) -> Iterator[tuple[int, int]]:
    """Sort and sweep: for each range that shares a value with one that starts no later, the
    pair (the earlier-starting range reaching furthest, the range). O(n log n); every range that
    overlaps another appears in a pair."""
    reach: tuple[int, Range] | None = None
    for index, r in sorted(ranges, key=lambda item: item[1].start):
        if r.empty:
            continue
        if reach is not None and not reach[1].intersect(r).empty:
            yield reach[0], index
        if reach is None or r.stop > reach[1].stop:
            reach = (index, r)


class Cover:
    """The union of ranges added so far, as disjoint ranges sorted by start, none touching."""

    def __init__(self, ranges: Iterable[Range] = ()) -> None:
        self.parts: list[Range] = []
        self._starts: list[tuple[bool, Fraction, bool]] = []
        for r in sorted(ranges, key=lambda r: r.start):
            self.add(r)

    def add(self, r: Range) -> None:
        if r.empty:
            return
        first = bisect_right(self._starts, r.start)
        if first > 0 and self.parts[first - 1].reaches(r):
            first -= 1
        last, merged = first, r
        while last < len(self.parts):
            part = self.parts[last]
            earlier, later = (part, merged) if part.start <= merged.start else (merged, part)
            if not earlier.reaches(later):
                break
            merged, last = _hull(merged, part), last + 1
        self.parts[first:last] = [merged]
        self._starts[first:last] = [merged.start]

    def covers(self, r: Range) -> bool:
        """Whether every value of `r` is in the union (an empty range is covered)."""
        if r.empty:
            return True
        at = bisect_right(self._starts, r.start) - 1
        return at >= 0 and not r.minus(self.parts[at])

    def gaps(self, region: Range) -> list[Range]:
        """The values of `region` outside the union, as disjoint ranges from low to high."""
        holes: list[Range] = []
        lo: Fraction | None = None
        lo_closed = False
        for part in self.parts:
            if part.lo is not None:
                holes.append(Range(lo, lo_closed, part.lo, not part.lo_closed))
            if part.hi is None:
                break
            lo, lo_closed = part.hi, not part.hi_closed
        else:
            holes.append(Range(lo, lo_closed, None, False))
        pieces = (hole.intersect(region) for hole in holes)
        return [piece for piece in pieces if not piece.empty]


def _hull(a: Range, b: Range) -> Range:
    """The smallest range holding both."""
    low = min(a, b, key=lambda r: r.start)
    high = max(a, b, key=lambda r: r.stop)
    return Range(low.lo, low.lo_closed, high.hi, high.hi_closed)


def bound_range(bound: Bound) -> Range | None:
    """The values a tier bound matches, or None when its quantities are not comparable."""
    if isinstance(bound, Interval):
        lo, hi = magnitude(bound.lower), magnitude(bound.upper)
        if lo is None or hi is None:
            return None
        return Range(lo, bound.lower_closed, hi, bound.upper_closed)
    value = magnitude(bound.value)
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
    if isinstance(q, Percent):
        return Range(Fraction(0), True, Fraction(100), True)
    return Range(Fraction(0), True, None, False)


_ABBREVIATIONS = {"milliseconds": "ms"}


def written(value: Fraction, like: object) -> str:
    """A magnitude (see `model.magnitude`) written in the unit of the quantity `like`."""
    if isinstance(like, Percent):
        return f"{fraction_text(value)}%"
    if isinstance(like, Duration):
        unit = like.unit
        per_unit = Duration(value=Decimal(1), unit=unit).seconds
        return f"{fraction_text(value / per_unit)} {_ABBREVIATIONS.get(unit, unit)}"
    if isinstance(like, Money):
        return f"{fraction_text(value)} {like.currency}"
    return fraction_text(value)


def period_days(period: Period) -> tuple[Fraction, Fraction]:
    """Shortest and longest length of one period, in days."""
    if isinstance(period, RollingPeriod):
        days = period.length.seconds / DAY
        return days, days
    low, high = _UNIT_DAYS[period.unit]
    return Fraction(low), Fraction(high)
