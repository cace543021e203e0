"""Percentiles (nearest rank and linear), exact decimal text, formulas."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from slalang.evaluate.measure import (
    MeasureError,
    decimal_text,
    percent_text,
    statistic_share,
    weighted_statistic,
)


def test_statistic_names() -> None:
    assert statistic_share("p95") == Fraction(95, 100)
    assert statistic_share("p999") == Fraction(999, 1000)
    assert statistic_share("p50") == Fraction(1, 2)


def test_nearest_rank_is_weighted_by_count() -> None:
    tallies = {Decimal(100): 95, Decimal(500): 5}
    assert weighted_statistic(tallies, "p95") == 100  # rank ceil(0.95 * 100) = 95
    tallies[Decimal(500)] = 6
    assert weighted_statistic(tallies, "p95") == 500  # rank ceil(0.95 * 101) = 96


def test_linear_interpolates_between_order_statistics() -> None:
    tallies = {Decimal(v): 1 for v in (10, 20, 30, 40)}
    assert weighted_statistic(tallies, "p50", "linear") == 25
    assert weighted_statistic(tallies, "p75", "linear") == Fraction(65, 2)


def test_mean_and_max() -> None:
    tallies = {Decimal("1.5"): 2, Decimal(3): 1}
    assert weighted_statistic(tallies, "mean") == 2
    assert weighted_statistic(tallies, "max") == 3


def test_no_samples_is_an_error() -> None:
    with pytest.raises(MeasureError):
        weighted_statistic({}, "p95")


def test_decimal_text_is_exact_when_it_can_be() -> None:
    assert percent_text(Fraction(99, 100)) == "99.000%"
    assert percent_text(Fraction(1 - Fraction(63, 40320))) == "99.84375%"
    assert decimal_text(Fraction(2, 3), 0) == "0.666666666667"
