"""Exact range arithmetic behind the credit rules, checked against brute force on a grid."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

import slalang
from slalang.lint.exact import Cover, Range, fraction_text, overlaps

ENDS = st.one_of(st.none(), st.integers(0, 8).map(Fraction))
RANGES = st.builds(Range, ENDS, st.booleans(), ENDS, st.booleans())
# As the rules make them: an unbounded end is never closed.
BOUNDED = RANGES.map(
    lambda r: Range(r.lo, r.lo_closed and r.lo is not None, r.hi, r.hi_closed and r.hi is not None)
)
GRID = [Fraction(n, 2) for n in range(-2, 20)]


def contains(r: Range, x: Fraction) -> bool:
    above = r.lo is None or x > r.lo or (r.lo_closed and x == r.lo)
    below = r.hi is None or x < r.hi or (r.hi_closed and x == r.hi)
    return above and below


@given(RANGES, RANGES)
def test_intersect_matches_membership(a: Range, b: Range) -> None:
    both = a.intersect(b)
    for x in GRID:
        assert contains(both, x) == (contains(a, x) and contains(b, x))


@given(RANGES, RANGES)
def test_minus_matches_membership(a: Range, b: Range) -> None:
    pieces = a.minus(b)
    assert all(not p.empty for p in pieces)
    for x in GRID:
        assert any(contains(p, x) for p in pieces) == (contains(a, x) and not contains(b, x))


@given(RANGES)
def test_empty_means_no_member(r: Range) -> None:
    if r.empty:
        assert not any(contains(r, x) for x in GRID)


def test_show_is_exact_when_the_decimal_terminates() -> None:
    assert fraction_text(Fraction(432, 10)) == "43.2"
    assert fraction_text(Fraction(1, 3)) == "0.3333"
    assert fraction_text(Fraction(100)) == "100"


def _codes(text: str) -> list[str]:
    return [d.code for d in slalang.lint(text)]


def test_exclusion_budget_is_compared_exactly() -> None:
    # 99.9% of 30 days allows 43.2 minutes of downtime: excluded maintenance of 43156.8 minutes
    # or more leaves nothing that could breach the target.
    text = """contract "x" {
        timezone "UTC"
        period rolling 30 days
        objective availability up {
            target >= 99.9%
            exclude maintenance announced at least 2 days ahead at most MAX per period
        }
    }"""
    assert "SLA403" not in _codes(text.replace("MAX", "43156 minutes"))
    assert "SLA403" in _codes(text.replace("MAX", "43157 minutes"))
    finding = next(d for d in slalang.lint(text.replace("MAX", "720 hours")) if d.code == "SLA403")
    assert "the 43.2 minutes that 99.9% of a 30-day period allows" in finding.message


def test_shared_endpoint_overlap_is_found_and_half_open_is_not() -> None:
    table = "objective availability up { target >= 99.9%%; credit { [99%%, 99.9%%) -> 10%%; %s -> 25%% } }"
    assert "SLA101" in _codes('contract "x" { ' + table % "[95%, 99%]" + " }")
    assert "SLA101" not in _codes('contract "x" { ' + table % "[95%, 99%)" + " }")
    assert "SLA102" in _codes('contract "x" { ' + table % "[95%, 98.99%]" + " }")


@given(st.lists(BOUNDED, max_size=6), BOUNDED)
def test_cover_matches_membership(ranges: list[Range], region: Range) -> None:
    """The union built by `Cover` (in any order), its gaps in a region and `covers` agree with
    brute force on the grid."""
    cover = Cover(ranges)
    added = Cover()
    for r in reversed(ranges):
        added.add(r)
    assert added.parts == cover.parts
    gaps = cover.gaps(region)
    for x in GRID:
        inside = any(contains(r, x) for r in ranges)
        assert sum(contains(g, x) for g in gaps) == (contains(region, x) and not inside)
    assert cover.covers(region) == all(
        any(contains(r, x) for r in ranges) for x in GRID if contains(region, x)
    )


@given(st.lists(BOUNDED, max_size=6))
def test_overlaps_names_every_overlapping_range(ranges: list[Range]) -> None:
    pairs = list(overlaps(enumerate(ranges)))
    assert all(not ranges[a].intersect(ranges[b]).empty for a, b in pairs)
    overlapping = {
        i
        for i, a in enumerate(ranges)
        for j, b in enumerate(ranges)
        if i != j and not a.intersect(b).empty
    }
    assert {i for pair in pairs for i in pair} == overlapping
