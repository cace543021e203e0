"""Timestamps of exports: offset forms, naive times, epoch seconds vs milliseconds (properties)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from slalang.importers.times import TimeError, epoch_unit_digits, parse_layout, parse_time

BERLIN = ZoneInfo("Europe/Berlin")
offsets = st.integers(min_value=-14 * 60, max_value=14 * 60).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)
aware = st.datetimes(
    min_value=datetime(1900, 1, 2), max_value=datetime(9998, 12, 30), timezones=offsets
)
# 10^8 s is 1973-03-03: from then on a time in milliseconds is >= 10^11 and told apart
instants = st.datetimes(min_value=datetime(1973, 3, 4), max_value=datetime(5000, 1, 1)).map(
    lambda value: value.replace(tzinfo=UTC)
)


def _compact(value: datetime) -> str:
    """`+0200` without a colon, as Jira writes it."""
    text = value.isoformat()
    return text[:-3] + text[-2:]


@given(aware, st.sampled_from(["iso", "compact", "space", "zulu"]))
def test_offset_forms_round_trip(value: datetime, form: str) -> None:
    text = {
        "iso": value.isoformat(),
        "compact": _compact(value),
        "space": value.isoformat(sep=" "),
        "zulu": value.astimezone(UTC).isoformat().replace("+00:00", "Z"),
    }[form]
    parsed = parse_time(text, None)
    assert parsed == value
    if form != "zulu":
        assert parsed.utcoffset() == value.utcoffset()


@given(instants)
def test_epoch_seconds_milliseconds_microseconds_round_trip(value: datetime) -> None:
    micros = (value - datetime(1970, 1, 1, tzinfo=UTC)) // timedelta(microseconds=1)
    assert parse_time(micros, None) == value
    assert parse_time(micros // 1000, None) == value.replace(
        microsecond=value.microsecond // 1000 * 1000
    )
    assert parse_time(micros // 1_000_000, None) == value.replace(microsecond=0)
    assert parse_time(Decimal(micros).scaleb(-6), None) == value
    assert parse_time(str(micros // 1000), None) == parse_time(micros // 1000, None)


@pytest.mark.parametrize(
    ("number", "digits"),
    [(0, 0), (99_999_999_999, 0), (10**11, 3), (10**14 - 1, 3), (10**14, 6), (10**17, 9)],
)
def test_epoch_unit_is_told_by_magnitude(number: int, digits: int) -> None:
    assert epoch_unit_digits(Decimal(number)) == digits


def test_prometheus_fractional_seconds_are_exact() -> None:
    assert parse_time(Decimal("1435781430.781"), None) == datetime(
        2015, 7, 1, 20, 10, 30, 781000, tzinfo=UTC
    )


def test_digits_past_the_microsecond_are_truncated() -> None:
    assert parse_time("2026-10-01T09:00:00.123456789Z", None).microsecond == 123456


def test_naive_time_needs_a_zone() -> None:
    with pytest.raises(TimeError, match="no offset; name its zone with --assume-tz"):
        parse_time("2026-10-01 09:00:00", None)
    assert parse_time("2026-10-01 09:00:00", BERLIN) == datetime(2026, 10, 1, 7, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("2026-03-29T02:30:00", "does not exist in Europe/Berlin"),
        ("2026-10-25T02:30:00", "happens twice in Europe/Berlin"),
    ],
)
def test_wall_times_the_zone_skips_or_repeats_are_errors(text: str, problem: str) -> None:
    with pytest.raises(TimeError, match=problem):
        parse_time(text, BERLIN)


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("2026-10-01", "not a time with a time of day"),
        ("yesterday noon", "not an ISO 8601 time"),
        (True, "not a time"),
        (None, "expected a time, got NoneType"),
        ("NaN", "is not a time"),
        (10**30, "out of range"),
    ],
)
def test_values_that_are_not_times(value: object, problem: str) -> None:
    with pytest.raises(TimeError, match=problem):
        parse_time(value, None)


def test_layout_for_exports_with_their_own_format() -> None:
    layout = "%d/%b/%y %I:%M %p"
    assert parse_layout("06/Oct/26 9:15 AM", layout, BERLIN) == datetime(
        2026, 10, 6, 7, 15, tzinfo=UTC
    )
    with pytest.raises(TimeError, match="no offset"):
        parse_layout("06/Oct/26 9:15 AM", layout, None)
    with pytest.raises(TimeError, match="neither ISO 8601 nor in the format"):
        parse_layout("6 October", layout, BERLIN)
