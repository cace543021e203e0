"""Period windows: zones, DST, anniversary clamping, quarters, years, rolling windows, proration."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from fractions import Fraction
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from slalang.evaluate.periods import (
    PeriodWindow,
    effective_interval,
    resolve_wall_time,
    window_containing,
    window_for,
    windows_between,
)
from slalang.model import (
    AnniversaryPeriod,
    CalendarPeriod,
    Duration,
    Effective,
    Period,
    RollingPeriod,
)

MONTH = CalendarPeriod(unit="months")
QUARTER = CalendarPeriod(unit="quarters")
YEAR = CalendarPeriod(unit="years")
BERLIN = ZoneInfo("Europe/Berlin")


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def hours(window: PeriodWindow) -> Fraction:
    return Fraction(window.length // timedelta(microseconds=1), 3_600_000_000)


# ---- calendar months in several zones --------------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "label", "start_utc", "length_hours"),
    [
        ("UTC", "2026-10", utc(2026, 10, 1), 744),
        ("Asia/Shanghai", "2026-10", utc(2026, 9, 30, 16), 744),
        ("Asia/Kolkata", "2026-02", utc(2026, 1, 31, 18, 30), 672),
        ("Europe/Berlin", "2026-10", utc(2026, 9, 30, 22), 745),  # fall back: one hour more
        ("Europe/Berlin", "2026-03", utc(2026, 2, 28, 23), 743),  # spring forward: one hour less
        ("America/New_York", "2026-11", utc(2026, 11, 1, 4), 721),
        ("America/New_York", "2026-03", utc(2026, 3, 1, 5), 743),
        ("Australia/Sydney", "2026-04", utc(2026, 3, 31, 13), 721),  # southern autumn
        ("Australia/Sydney", "2026-10", utc(2026, 9, 30, 14), 743),
        ("Pacific/Chatham", "2026-01", utc(2025, 12, 31, 10, 15), 744),
    ],
)
def test_calendar_month(zone: str, label: str, start_utc: datetime, length_hours: int) -> None:
    window = window_for(MONTH, zone, label)
    assert window.label == label
    assert window.timezone == zone
    assert window.start == start_utc
    assert hours(window) == length_hours
    assert window.start.astimezone(ZoneInfo(zone)).time() == time(0)
    assert window.end.astimezone(ZoneInfo(zone)).time() == time(0)


def test_window_bounds_carry_the_local_offset() -> None:
    window = window_for(MONTH, "Europe/Berlin", "2026-10")
    assert window.start.isoformat() == "2026-10-01T00:00:00+02:00"
    assert window.end.isoformat() == "2026-11-01T00:00:00+01:00"
    assert window.length == timedelta(days=31, hours=1)


def test_period_zone_wins_over_the_contract_default() -> None:
    period = CalendarPeriod(unit="months", timezone="Asia/Shanghai")
    assert window_for(period, "UTC", "2026-10").start == utc(2026, 9, 30, 16)


def test_a_zone_is_required() -> None:
    with pytest.raises(ValueError, match="no time zone"):
        window_for(MONTH, None, "2026-10")
    with pytest.raises(ValueError, match="unknown time zone"):
        window_for(MONTH, "Mars/Olympus", "2026-10")


def test_midnight_that_does_not_exist_starts_the_day_at_the_jump() -> None:
    # Chile moves from 24:00 to 01:00 on 2026-09-06: that day starts at 01:00 local.
    santiago = ZoneInfo("America/Santiago")
    assert resolve_wall_time(date(2026, 9, 6), time(0), santiago) == utc(2026, 9, 6, 4)
    window = window_for(
        RollingPeriod(length=Duration(value=1, unit="days")), "America/Santiago", "2026-09-06"
    )
    assert window.length == timedelta(hours=23)


def test_wall_time_rules() -> None:
    # A skipped wall time is the instant of the jump; a repeated one is its first occurrence.
    assert resolve_wall_time(date(2026, 3, 29), time(2, 30), BERLIN) == utc(2026, 3, 29, 1)
    assert resolve_wall_time(date(2026, 10, 25), time(2, 30), BERLIN) == utc(2026, 10, 25, 0, 30)


# ---- quarters and years ----------------------------------------------------------------------


def test_quarters_and_years() -> None:
    q3 = window_for(QUARTER, "UTC", "2026-Q3")
    assert (q3.start, q3.end, q3.label) == (utc(2026, 7, 1), utc(2026, 10, 1), "2026-Q3")
    assert window_for(QUARTER, "UTC", "2026-07-01") == q3
    q4 = window_for(QUARTER, "Europe/Berlin", "2026-Q4")
    assert hours(q4) == 92 * 24 + 1
    year = window_for(YEAR, "Europe/Berlin", "2026")
    assert (year.start, year.end) == (utc(2025, 12, 31, 23), utc(2026, 12, 31, 23))
    assert year.length == timedelta(days=365)  # the spring and autumn hours cancel out
    assert window_for(YEAR, "UTC", "2028").length == timedelta(days=366)


@pytest.mark.parametrize(
    ("period", "label"),
    [
        (MONTH, "2026-13"),
        (MONTH, "2026-Q1"),
        (MONTH, "2026-10-02"),  # not the first day of a month
        (MONTH, "2026-02-30"),  # not a date
        (QUARTER, "2026-Q5"),
        (QUARTER, "2026-08"),
        (QUARTER, "2026-08-01"),
        (YEAR, "2026-01"),
        (YEAR, "26"),
        (MONTH, "2026-10-01..2026-10-30"),
        (RollingPeriod(length=Duration(value=30, unit="days")), "2026-10"),
    ],
)
def test_bad_labels(period: Period, label: str) -> None:
    with pytest.raises(ValueError):
        window_for(period, "UTC", label)


def test_window_containing_calendar_periods() -> None:
    # 2026-09-30T16:00Z is already October in Shanghai.
    assert window_containing(MONTH, "Asia/Shanghai", utc(2026, 9, 30, 16)).label == "2026-10"
    assert window_containing(MONTH, "Asia/Shanghai", utc(2026, 9, 30, 15, 59)).label == "2026-09"
    assert window_containing(QUARTER, "America/New_York", utc(2026, 10, 1, 3)).label == "2026-Q3"
    assert window_containing(YEAR, "UTC", utc(2026, 12, 31, 23, 59)).label == "2026"
    with pytest.raises(ValueError, match="no UTC offset"):
        window_containing(MONTH, "UTC", datetime(2026, 10, 1))


# ---- anniversary service months --------------------------------------------------------------


def anniversary(anchor: date, unit: str = "months") -> AnniversaryPeriod:
    return AnniversaryPeriod(unit=unit, anchor=anchor)


def test_service_month_from_the_17th() -> None:
    period = anniversary(date(2026, 2, 17))
    window = window_for(period, "Asia/Shanghai", "2026-03-17")
    assert window.label == "2026-03-17..2026-04-16"
    assert window.start == utc(2026, 3, 16, 16)
    assert window.end == utc(2026, 4, 16, 16)
    assert window_for(period, "Asia/Shanghai", "2026-03") == window
    assert window_for(period, "Asia/Shanghai", "2026-03-17..2026-04-16") == window
    with pytest.raises(ValueError, match=r"did you mean '2026-03-17\.\.2026-04-16'"):
        window_for(period, "Asia/Shanghai", "2026-03-17..2026-04-17")
    with pytest.raises(ValueError, match="not the first day"):
        window_for(period, "Asia/Shanghai", "2026-03-18")


def test_anchor_on_the_31st_clamps_to_the_month_end() -> None:
    # Each start is the anchor day in its month, clamped; computed from the anchor, so it never
    # drifts: after February the 28th comes March the 31st again.
    period = anniversary(date(2026, 1, 31))
    labels = [w.label for w in windows_between(period, "UTC", utc(2026, 1, 31), utc(2026, 6, 1))]
    assert labels == [
        "2026-01-31..2026-02-27",
        "2026-02-28..2026-03-30",
        "2026-03-31..2026-04-29",
        "2026-04-30..2026-05-30",
        "2026-05-31..2026-06-29",
    ]
    assert window_for(period, "UTC", "2028-02").label == "2028-02-29..2028-03-30"  # leap year


def test_anniversary_instant_lookup_and_earlier_windows() -> None:
    period = anniversary(date(2026, 1, 31))
    assert window_containing(period, "UTC", utc(2026, 2, 27, 23)).label == "2026-01-31..2026-02-27"
    assert window_containing(period, "UTC", utc(2026, 2, 28)).label == "2026-02-28..2026-03-30"
    assert window_containing(period, "UTC", utc(2026, 1, 15)).label == "2025-12-31..2026-01-30"


def test_anniversary_quarters_and_years() -> None:
    quarterly = anniversary(date(2026, 2, 17), "quarters")
    assert window_for(quarterly, "UTC", "2026-05").label == "2026-05-17..2026-08-16"
    with pytest.raises(ValueError):
        window_for(quarterly, "UTC", "2026-04")
    yearly = anniversary(date(2024, 2, 29), "years")
    assert window_for(yearly, "UTC", "2026").label == "2026-02-28..2027-02-27"
    assert window_for(yearly, "UTC", "2028").label == "2028-02-29..2029-02-27"
    assert window_for(yearly, "UTC", "2027-02").label == "2027-02-28..2028-02-28"
    with pytest.raises(ValueError, match="does not name a period"):
        window_for(yearly, "UTC", "2027-Q1")


# ---- rolling windows -------------------------------------------------------------------------


def test_rolling_windows() -> None:
    period = RollingPeriod(length=Duration(value=30, unit="days"))
    window = window_for(period, "Europe/Berlin", "2026-10-10")
    assert window.label == "2026-10-10..2026-11-08"
    assert window.length == timedelta(days=30, hours=1)  # 30 local days across the fall back
    windows = windows_between(period, "UTC", utc(2026, 1, 5, 12), utc(2026, 3, 10))
    assert [w.label for w in windows] == [
        "2026-01-05..2026-02-03",
        "2026-02-04..2026-03-05",
        "2026-03-06..2026-04-04",
    ]
    anchored = window_containing(period, "UTC", utc(2026, 3, 1), anchor=date(2026, 1, 1))
    assert anchored.label == "2026-01-31..2026-03-01"
    with pytest.raises(ValueError, match="anchor"):
        window_containing(period, "UTC", utc(2026, 3, 1))
    with pytest.raises(ValueError, match="not the first day"):
        window_for(period, "UTC", "2026-01-02", anchor=date(2026, 1, 1))
    weekly = RollingPeriod(length=Duration(value=2, unit="weeks"))
    assert window_for(weekly, "UTC", "2026-01-01").length == timedelta(days=14)


@pytest.mark.parametrize(
    "length", [Duration(value=720, unit="hours"), Duration(value=1.5, unit="days")]
)
def test_rolling_periods_are_whole_days(length: Duration) -> None:
    with pytest.raises(ValueError, match="whole number of days"):
        window_for(RollingPeriod(length=length), "UTC", "2026-01-01")


# ---- ranges of windows -----------------------------------------------------------------------


def test_windows_between_covers_the_range() -> None:
    windows = windows_between(MONTH, "Asia/Shanghai", utc(2026, 9, 30, 15), utc(2026, 11, 30, 16))
    assert [w.label for w in windows] == ["2026-09", "2026-10", "2026-11"]
    assert windows_between(MONTH, "UTC", utc(2026, 10, 1), utc(2026, 11, 1))[-1].label == "2026-10"
    assert windows_between(MONTH, "UTC", utc(2026, 10, 1), utc(2026, 10, 1)) == []


PERIODS = st.sampled_from(
    [
        MONTH,
        QUARTER,
        YEAR,
        anniversary(date(2026, 1, 31)),
        anniversary(date(2025, 8, 30), "quarters"),
        RollingPeriod(length=Duration(value=7, unit="days")),
    ]
)
ZONES = st.sampled_from(["UTC", "Europe/Berlin", "America/Santiago", "Australia/Lord_Howe"])
INSTANTS = st.integers(min_value=0, max_value=4 * 366 * 86400).map(
    lambda s: utc(2024, 1, 1) + timedelta(seconds=s)
)


@given(PERIODS, ZONES, INSTANTS, st.integers(min_value=1, max_value=200 * 86400))
def test_windows_tile_the_range(period: Period, zone: str, start: datetime, span: int) -> None:
    end = start + timedelta(seconds=span)
    windows = windows_between(period, zone, start, end, anchor=date(2024, 1, 1))
    assert windows[0].start <= start < windows[0].end
    assert windows[-1].start < end <= windows[-1].end
    for earlier, later in pairwise(windows):
        assert earlier.end == later.start
    for window in windows:
        assert window_for(period, zone, window.label, anchor=date(2024, 1, 1)) == window
        assert window_containing(period, zone, window.start, anchor=date(2024, 1, 1)) == window


# ---- proration -------------------------------------------------------------------------------


def test_effective_dates_clip_a_window_exactly() -> None:
    window = window_for(MONTH, "Europe/Berlin", "2026-10")
    start, end = effective_interval(Effective(start=date(2026, 10, 16)), "Europe/Berlin")
    assert end is None
    # 16 days of 31, the last of them (the 25th) 25 hours long: 16 * 24 + 1 of 745 hours
    assert (window.end - start, window.length) == (timedelta(hours=385), timedelta(hours=745))
    start, end = effective_interval(
        Effective(start=date(2025, 1, 1), end=date(2026, 10, 1)), "Europe/Berlin"
    )
    assert end is not None and end - window.start == timedelta(hours=24)  # the end date counts
