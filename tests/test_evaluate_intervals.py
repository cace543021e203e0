"""Interval algebra: merging, set operations, k-of-n, slices and minimum runs at their bounds."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from slalang.evaluate.intervals import (
    SliceRule,
    at_least,
    drop_short_runs,
    intersect,
    length,
    merge,
    of_intervals,
    quantise,
    subtract,
    timeline,
    weighted_length,
)

ONE, HALF = Fraction(1), Fraction(1, 2)


def test_merge_joins_overlapping_and_touching_spans_and_drops_empty_ones() -> None:
    assert merge([(5, 7), (0, 2), (2, 3), (6, 9), (4, 4)]) == [(0, 3), (5, 9)]


def test_intersect_and_subtract() -> None:
    a, b = [(0, 10), (20, 30)], [(5, 25)]
    assert intersect(a, b) == [(5, 10), (20, 25)]
    assert subtract(a, b) == [(0, 5), (25, 30)]
    assert subtract([(0, 10)], [(0, 10)]) == []


def test_timeline_takes_the_largest_weight_where_pieces_overlap() -> None:
    line = timeline([(0, 10, HALF), (5, 15, ONE), (12, 20, HALF)])
    assert line == [(0, 5, HALF), (5, 15, ONE), (15, 20, HALF)]
    assert weighted_length(line) == Fraction(5, 2) + 10 + Fraction(5, 2)


def test_at_least_k_of_n_takes_the_kth_largest_weight() -> None:
    a = [(0, 10, ONE)]
    b = [(5, 15, HALF)]
    c = [(8, 20, ONE)]
    assert at_least(2, [a, b, c]) == [(5, 8, HALF), (8, 10, ONE), (10, 15, HALF)]
    assert at_least(3, [a, b, c]) == [(8, 10, HALF)]
    assert at_least(4, [a, b, c]) == []


def test_quantise_down_makes_every_touched_slice_down() -> None:
    line = [(65, 130, ONE)]
    assert quantise(line, 0, 60, "down") == [(60, 180, ONE)]


def test_quantise_up_keeps_only_slices_down_all_through() -> None:
    assert quantise([(65, 130, ONE)], 0, 60, "up") == []
    assert quantise([(60, 120, ONE)], 0, 60, "up") == [(60, 120, ONE)]
    # two touching pieces cover the slice together: down, at the smaller weight
    assert quantise([(0, 30, ONE), (30, 60, HALF)], 0, 60, "up") == [(0, 60, HALF)]


def test_quantise_proportional_changes_nothing() -> None:
    assert quantise([(65, 130, ONE)], 0, 60, "proportional") == [(65, 130, ONE)]


def test_minimum_run_keeps_runs_of_exactly_the_minimum() -> None:
    line = [(0, 299, ONE), (1000, 1300, ONE), (2000, 2100, ONE), (2100, 2300, HALF)]
    assert drop_short_runs(line, 300) == [
        (1000, 1300, ONE),
        (2000, 2100, ONE),
        (2100, 2300, HALF),
    ]


spans = st.lists(
    st.tuples(st.integers(0, 200), st.integers(1, 50)).map(lambda t: (t[0], t[0] + t[1])),
    max_size=12,
)


@given(spans, spans)
def test_set_operations_agree_with_point_sets(
    a: list[tuple[int, int]], b: list[tuple[int, int]]
) -> None:
    def points(s: list[tuple[int, int]]) -> set[int]:
        return {p for x, y in s for p in range(x, y)}

    ma, mb = merge(a), merge(b)
    assert points(intersect(ma, mb)) == points(a) & points(b)
    assert points(subtract(ma, mb)) == points(a) - points(b)
    assert length(ma) == len(points(a))


@given(spans)
def test_duplicated_pieces_are_not_double_counted(a: list[tuple[int, int]]) -> None:
    once = timeline([(x, y, ONE) for x, y in a])
    twice = timeline([(x, y, ONE) for x, y in a + a])
    assert once == twice


@given(spans, st.integers(1, 30), st.sampled_from(["down", "up"]))
def test_quantise_agrees_with_slice_by_slice_judgement(
    a: list[tuple[int, int]], size: int, rule: SliceRule
) -> None:
    line = of_intervals(merge(a))
    down = {p for s, e, _ in line for p in range(s, e)}
    expected = set()
    for index in range(-1, 300 // size + 2):
        cells = set(range(index * size, (index + 1) * size))
        if (rule == "down" and cells & down) or (rule == "up" and cells <= down):
            expected |= cells
    got = {p for s, e, _ in quantise(line, 0, size, rule) for p in range(s, e)}
    assert got == expected
