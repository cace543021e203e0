"""Exact measurements: ratios, formulas, weighted percentiles, comparisons with thresholds."""

from __future__ import annotations

import math
import operator
from collections.abc import Callable, Mapping
from decimal import Decimal
from fractions import Fraction

from slalang.evaluate.intervals import US_PER_MINUTE
from slalang.model import (
    Comparator,
    Constant,
    Duration,
    Expr,
    Money,
    Number,
    Percent,
    Quantity,
    Variable,
)

_COMPARE: dict[str, Callable[[Fraction, Fraction], bool]] = {
    ">=": operator.ge,
    "<=": operator.le,
    "==": operator.eq,
    ">": operator.gt,
    "<": operator.lt,
}
_OPERATORS: dict[str, Callable[[Fraction, Fraction], Fraction]] = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "/": operator.truediv,
}
DISPLAY_PLACES = 12


class MeasureError(ValueError):
    """A measurement the data or the contract makes impossible (division by zero, no samples)."""


def compare(value: Fraction, comparator: Comparator, threshold: Fraction) -> bool:
    return _COMPARE[comparator](value, threshold)


def in_measurement_units(quantity: Quantity) -> Fraction:
    """A threshold in the units of a measurement: percent as a share (99.9% -> 0.999), durations in milliseconds."""
    if isinstance(quantity, Percent):
        return quantity.fraction
    if isinstance(quantity, Duration):
        return quantity.seconds * 1000
    if isinstance(quantity, Number):
        return Fraction(quantity.value)
    if isinstance(quantity, Money):
        return Fraction(quantity.amount)
    raise MeasureError(f"a {quantity.type} cannot be compared with a measurement")


def scaled_decimal(units: int, places: int) -> Decimal:
    """`units * 10**-places` exactly: built from text, so no decimal context rounds it."""
    return Decimal(f"{units}E-{places}")


def decimal_text(value: Fraction, places: int = 3) -> str:
    """Exact decimal text with at least `places` decimals; a repeating decimal is rounded
    half-even to `DISPLAY_PLACES` decimals. Integer arithmetic only: any number of digits."""
    den = value.denominator
    for prime in (2, 5):
        while den % prime == 0:
            den //= prime
    if den == 1:
        digits = places
        while (value * 10**digits).denominator != 1:
            digits += 1
        units = (value * 10**digits).numerator
    else:
        digits, units = DISPLAY_PLACES, round(value * 10**DISPLAY_PLACES)
    return f"{scaled_decimal(units, digits):f}"


def percent_text(share: Fraction) -> str:
    """A share as a percent: 0.99 -> '99.000%'."""
    return decimal_text(share * 100) + "%"


def minutes(us: Fraction | int) -> str:
    """Microseconds as minutes: 2592000000000 -> '43,200 min'."""
    text = decimal_text(Fraction(us) / US_PER_MINUTE, 0)
    whole, _, rest = text.partition(".")
    return f"{int(whole):,}" + (f".{rest}" if rest else "") + " min"


def ms_text(value: Fraction) -> str:
    return decimal_text(value, 0) + " ms"


def evaluate_formula(expr: Expr, variables: Mapping[str, Fraction]) -> Fraction:
    if isinstance(expr, Constant):
        return Fraction(expr.value)
    if isinstance(expr, Variable):
        return variables[expr.name]
    left = evaluate_formula(expr.left, variables)
    right = evaluate_formula(expr.right, variables)
    if expr.op == "/" and right == 0:
        raise MeasureError("the formula divides by zero")
    return _OPERATORS[expr.op](left, right)


def statistic_share(statistic: str) -> Fraction:
    """'p95' -> 95/100, 'p999' -> 999/1000, 'p50' -> 1/2."""
    digits = statistic[1:]
    return Fraction(int(digits), 10 ** max(2, len(digits)))


def weighted_statistic(
    tallies: Mapping[Decimal, int], statistic: str, method: str = "nearest_rank"
) -> Fraction:
    """`mean`, `max` or a percentile of samples given as {value: count}.

    Nearest rank: the smallest value whose cumulative count reaches ceil(p * N).
    Linear: interpolation between the order statistics at (N - 1) * p (Hyndman-Fan type 7).
    """
    total = sum(tallies.values())
    if total == 0:
        raise MeasureError("no samples")
    if statistic == "max":
        return Fraction(max(tallies))
    if statistic == "mean":
        return sum((Fraction(v) * c for v, c in tallies.items()), Fraction(0)) / total
    share = statistic_share(statistic)
    values = sorted(tallies)
    if method == "linear":
        position = (total - 1) * share
        low = math.floor(position)
        return _order_statistic(values, tallies, low) + (position - low) * (
            _order_statistic(values, tallies, min(low + 1, total - 1))
            - _order_statistic(values, tallies, low)
        )
    rank = max(1, math.ceil(share * total))
    return _order_statistic(values, tallies, rank - 1)


def _order_statistic(values: list[Decimal], tallies: Mapping[Decimal, int], index: int) -> Fraction:
    """The value at 0-based `index` in the sorted expansion of the tallies."""
    seen = 0
    for value in values:
        seen += tallies[value]
        if index < seen:
            return Fraction(value)
    raise MeasureError("rank beyond the samples")  # pragma: no cover - guarded by the callers
