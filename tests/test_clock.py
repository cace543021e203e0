"""Support clocks: business hours, holidays, closed dates, pauses, DST, and 24x7."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from slalang.evaluate.clock import AroundTheClock, BusinessClock, Clock, ClockPause
from slalang.model import BusinessDuration, Calendar, DateRange, DayRange, Duration, OpenHours

SHANGHAI = ZoneInfo("Asia/Shanghai")
BERLIN = ZoneInfo("Europe/Berlin")


def hours(days: str, start: str, end: str) -> OpenHours:
    first, _, last = days.partition("..")
    return OpenHours(
        days=(DayRange(first=first, last=last or None),),
        start=time.fromisoformat(start),
        end=time.fromisoformat(end),
    )


def office(**fields: object) -> Calendar:
    """Mon..fri 09:00-18:00, unless `open` says otherwise."""
    fields.setdefault("open", (hours("mon..fri", "09:00", "18:00"),))
    return Calendar(id="office", **fields)


def local(
    tz: ZoneInfo, year: int, month: int, day: int, hour: int = 0, minute: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=tz)


def business_hours(n: int | str) -> BusinessDuration:
    return BusinessDuration(value=Decimal(n), unit="hours")


def business_days(n: int | str) -> BusinessDuration:
    return BusinessDuration(value=Decimal(n), unit="days")


def minutes(n: int | str) -> Duration:
    return Duration(value=Decimal(n), unit="minutes")


SUPPORT = BusinessClock(office(holidays="CN"), "Asia/Shanghai")


# ---- business hours --------------------------------------------------------------------------


def test_friday_evening_ticket_is_due_on_monday() -> None:
    opened = local(SHANGHAI, 2026, 11, 27, 17, 30)  # a Friday
    due = SUPPORT.deadline(opened, business_hours(4))
    assert due == local(SHANGHAI, 2026, 11, 30, 12, 30)
    assert due is not None and due.tzinfo is UTC
    assert SUPPORT.elapsed(opened, due) == timedelta(hours=4)
    # A plain duration on a business calendar counts open time too.
    assert SUPPORT.deadline(opened, minutes(240)) == due


def test_deadline_at_closing_time_is_closing_time() -> None:
    opened = local(SHANGHAI, 2026, 11, 27, 17, 30)
    assert SUPPORT.deadline(opened, minutes(30)) == local(SHANGHAI, 2026, 11, 27, 18)


def test_ticket_opened_outside_hours_starts_at_the_next_opening() -> None:
    evening = local(SHANGHAI, 2026, 11, 24, 20)
    assert SUPPORT.deadline(evening, business_hours(1)) == local(SHANGHAI, 2026, 11, 25, 10)
    morning = local(SHANGHAI, 2026, 11, 24, 7)
    assert SUPPORT.deadline(morning, business_hours(1)) == local(SHANGHAI, 2026, 11, 24, 10)
    saturday = local(SHANGHAI, 2026, 11, 28, 11)
    assert SUPPORT.deadline(saturday, minutes(1)) == local(SHANGHAI, 2026, 11, 30, 9, 1)
    assert SUPPORT.elapsed(saturday, local(SHANGHAI, 2026, 11, 30, 9)) == timedelta(0)


def test_ticket_opened_on_a_public_holiday() -> None:
    # China's National Day holiday of 2026 runs from Thursday 1 to Wednesday 7 October.
    opened = local(SHANGHAI, 2026, 10, 1, 10)
    assert SUPPORT.deadline(opened, business_hours(2)) == local(SHANGHAI, 2026, 10, 8, 11)
    assert SUPPORT.elapsed(opened, local(SHANGHAI, 2026, 10, 8, 9)) == timedelta(0)


def test_zero_target_is_due_at_once() -> None:
    saturday = local(SHANGHAI, 2026, 11, 28, 11)
    assert SUPPORT.deadline(saturday, minutes(0)) == saturday


def test_elapsed_over_a_month_with_holidays() -> None:
    # October 2026 in China: 22 weekdays, 5 of them National Day holidays.
    start, end = local(SHANGHAI, 2026, 10, 1), local(SHANGHAI, 2026, 11, 1)
    assert SUPPORT.elapsed(start, end) == timedelta(hours=17 * 9)
    assert SUPPORT.elapsed(end, start) == timedelta(0)


def test_closed_date_ranges_are_inclusive() -> None:
    clock = BusinessClock(
        office(
            closed=(
                DateRange(start=date(2026, 12, 24), end=date(2026, 12, 28)),
                DateRange(start=date(2026, 12, 31)),
            )
        ),
        "Europe/Berlin",
    )
    opened = local(BERLIN, 2026, 12, 23, 17)
    assert clock.deadline(opened, business_hours(2)) == local(BERLIN, 2026, 12, 29, 10)
    week = clock.elapsed(local(BERLIN, 2026, 12, 28), local(BERLIN, 2027, 1, 2))
    assert week == timedelta(hours=27)  # 29, 30 December and 1 January (no holidays named)


def test_split_and_overlapping_hours() -> None:
    calendar = office(
        open=(
            hours("mon..fri", "09:00", "12:00"),
            hours("mon..fri", "11:00", "13:00"),
            hours("mon..fri", "14:00", "18:00"),
            hours("sat", "10:00", "12:00"),
            hours("sun..mon", "20:00", "22:00"),  # wraps nothing: sun, mon
        )
    )
    clock = BusinessClock(calendar, "UTC")
    monday = datetime(2026, 11, 30, tzinfo=UTC)
    assert [
        (a.hour, b.hour) for a, b in clock.open_intervals(monday, monday + timedelta(days=1))
    ] == [
        (9, 13),
        (14, 18),
        (20, 22),
    ]
    assert clock.elapsed(monday, monday + timedelta(days=7)) == timedelta(hours=5 * 8 + 2 + 2 * 2)


def test_weekday_ranges_wrap_over_the_weekend() -> None:
    clock = BusinessClock(office(open=(hours("fri..mon", "10:00", "11:00"),)), "UTC")
    monday = datetime(2026, 11, 30, tzinfo=UTC)
    opened = [a.strftime("%a") for a, _ in clock.open_intervals(monday, monday + timedelta(days=7))]
    assert opened == ["Mon", "Fri", "Sat", "Sun"]


# ---- business days ---------------------------------------------------------------------------


def test_business_days_are_whole_days_of_open_time() -> None:
    friday = local(SHANGHAI, 2026, 11, 27, 17, 30)
    assert SUPPORT.business_day == timedelta(hours=9)
    assert SUPPORT.deadline(friday, business_days(1)) == local(SHANGHAI, 2026, 11, 30, 17, 30)
    assert SUPPORT.deadline(friday, business_days(2)) == local(SHANGHAI, 2026, 12, 1, 17, 30)
    assert SUPPORT.deadline(friday, business_days("0.5")) == local(SHANGHAI, 2026, 11, 30, 13)
    # Opened on Saturday: the whole of Monday is the first business day.
    saturday = local(SHANGHAI, 2026, 11, 28, 11)
    assert SUPPORT.deadline(saturday, business_days(1)) == local(SHANGHAI, 2026, 11, 30, 18)


def test_business_days_need_days_of_one_length() -> None:
    calendar = office(open=(hours("mon..fri", "09:00", "18:00"), hours("sat", "09:00", "13:00")))
    clock = BusinessClock(calendar, "UTC")
    with pytest.raises(ValueError, match="different lengths"):
        clock.deadline(datetime(2026, 11, 27, tzinfo=UTC), business_days(1))
    assert clock.deadline(datetime(2026, 11, 28, 12, tzinfo=UTC), business_hours(2)) == datetime(
        2026, 11, 30, 10, tzinfo=UTC
    )


# ---- pauses ----------------------------------------------------------------------------------


def test_pause_spanning_closed_time_counts_only_its_open_part() -> None:
    opened = local(SHANGHAI, 2026, 11, 27, 15)
    pause: ClockPause = (local(SHANGHAI, 2026, 11, 27, 17), local(SHANGHAI, 2026, 11, 30, 10))
    # Friday 15-17 and Monday 10-12 count; Friday 17-18 and Monday 9-10 are paused.
    assert SUPPORT.elapsed(opened, local(SHANGHAI, 2026, 11, 30, 12), [pause]) == timedelta(hours=4)
    assert SUPPORT.deadline(opened, business_hours(4), [pause]) == local(SHANGHAI, 2026, 11, 30, 12)


def test_overlapping_pauses_are_merged() -> None:
    opened = local(SHANGHAI, 2026, 11, 30, 9)
    first: ClockPause = (local(SHANGHAI, 2026, 11, 30, 10), local(SHANGHAI, 2026, 11, 30, 12))
    second: ClockPause = (local(SHANGHAI, 2026, 11, 30, 11), local(SHANGHAI, 2026, 11, 30, 13))
    before: ClockPause = (local(SHANGHAI, 2026, 11, 30, 7), local(SHANGHAI, 2026, 11, 30, 9, 30))
    end = local(SHANGHAI, 2026, 11, 30, 18)
    assert SUPPORT.elapsed(opened, end, [second, first]) == timedelta(hours=6)
    assert SUPPORT.elapsed(opened, end, [first, second, before]) == timedelta(hours=5, minutes=30)
    assert SUPPORT.deadline(opened, business_hours(2), [second, first]) == local(
        SHANGHAI, 2026, 11, 30, 14
    )


def test_open_ended_pause() -> None:
    opened = local(SHANGHAI, 2026, 11, 30, 9)
    waiting: ClockPause = (local(SHANGHAI, 2026, 11, 30, 10), None)
    assert SUPPORT.deadline(opened, business_hours(2), [waiting]) is None
    assert SUPPORT.deadline(opened, business_hours(1), [waiting]) == local(
        SHANGHAI, 2026, 11, 30, 10
    )
    as_of = local(SHANGHAI, 2026, 12, 1, 18)
    assert SUPPORT.elapsed(opened, as_of, [waiting]) == timedelta(hours=1)


def test_pause_ending_before_it_starts_is_an_error() -> None:
    backwards: ClockPause = (local(SHANGHAI, 2026, 11, 30, 10), local(SHANGHAI, 2026, 11, 30, 9))
    with pytest.raises(ValueError, match="ends before it starts"):
        SUPPORT.elapsed(
            local(SHANGHAI, 2026, 11, 30, 8), local(SHANGHAI, 2026, 11, 30, 18), [backwards]
        )


# ---- DST -------------------------------------------------------------------------------------


def test_opening_hours_follow_the_wall_clock_across_a_dst_week() -> None:
    clock = BusinessClock(office(holidays="DE-BY"), "Europe/Berlin")
    friday, monday = local(BERLIN, 2026, 3, 27, 17), local(BERLIN, 2026, 3, 30, 9)
    assert clock.deadline(friday, business_hours(2)) == local(BERLIN, 2026, 3, 30, 10)
    assert local(BERLIN, 2026, 3, 30, 10).utcoffset() == timedelta(hours=2)
    assert clock.elapsed(friday, monday) == timedelta(hours=1)
    assert clock.elapsed(local(BERLIN, 2026, 3, 23), local(BERLIN, 2026, 3, 30)) == timedelta(
        hours=45
    )


def test_night_opening_across_the_gap_and_the_repeated_hour() -> None:
    clock = BusinessClock(
        office(timezone="Europe/Berlin", open=(hours("sun", "01:00", "04:00"),)), None
    )
    spring = local(BERLIN, 2026, 3, 29)
    assert clock.elapsed(spring, spring + timedelta(days=1)) == timedelta(hours=2)
    autumn = local(BERLIN, 2026, 10, 25)
    assert clock.elapsed(autumn, autumn + timedelta(days=1)) == timedelta(hours=4)
    assert clock.deadline(autumn, business_hours(3)) == datetime(2026, 10, 25, 2, tzinfo=UTC)


def test_opening_inside_the_gap_starts_at_the_jump() -> None:
    clock = BusinessClock(office(open=(hours("sun", "02:30", "05:00"),)), "Europe/Berlin")
    spring = local(BERLIN, 2026, 3, 29)
    intervals = list(clock.open_intervals(spring, spring + timedelta(days=1)))
    assert intervals == [
        (datetime(2026, 3, 29, 1, tzinfo=UTC), datetime(2026, 3, 29, 3, tzinfo=UTC))
    ]


def test_around_the_clock_counts_elapsed_time_across_dst() -> None:
    clock = AroundTheClock()
    night = local(BERLIN, 2026, 10, 25)
    assert clock.elapsed(night, night + timedelta(days=1)) == timedelta(hours=25)
    saturday = local(BERLIN, 2026, 10, 24, 12)
    assert clock.deadline(saturday, Duration(value=Decimal(1), unit="days")) == local(
        BERLIN, 2026, 10, 25, 11
    )
    assert clock.deadline(saturday, business_days(1)) == local(BERLIN, 2026, 10, 25, 11)
    assert clock.deadline(saturday, business_hours(4)) == local(BERLIN, 2026, 10, 24, 16)
    paused: ClockPause = (local(BERLIN, 2026, 10, 24, 13), local(BERLIN, 2026, 10, 24, 14))
    assert clock.deadline(saturday, minutes(90), [paused]) == local(BERLIN, 2026, 10, 24, 14, 30)
    assert list(clock.open_intervals(night, night)) == []


# ---- errors ----------------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["XX", "US-ZZ", "Germany"])
def test_unknown_jurisdiction(code: str) -> None:
    with pytest.raises(ValueError, match="unknown holiday jurisdiction"):
        BusinessClock(office(holidays=code), "UTC")


def test_jurisdiction_codes() -> None:
    california = BusinessClock(office(holidays="us-ca"), "America/Los_Angeles")
    cesar_chavez = local(ZoneInfo("America/Los_Angeles"), 2026, 3, 31, 9)
    assert california.elapsed(cesar_chavez, cesar_chavez + timedelta(hours=9)) == timedelta(0)
    bavaria = BusinessClock(office(holidays="DE-BY"), "Europe/Berlin")
    epiphany = local(BERLIN, 2026, 1, 6, 9)
    assert bavaria.elapsed(epiphany, epiphany + timedelta(hours=9)) == timedelta(0)
    observed = BusinessClock(office(holidays="US"), "America/New_York")
    monday = local(ZoneInfo("America/New_York"), 2023, 1, 2, 9)  # New Year's Day was a Sunday
    assert observed.elapsed(monday, monday + timedelta(hours=9)) == timedelta(0)
    berlin = BusinessClock(office(holidays="DE-BE"), "Europe/Berlin")
    assert berlin.elapsed(epiphany, epiphany + timedelta(hours=9)) == timedelta(hours=9)


def test_configuration_errors() -> None:
    with pytest.raises(ValueError, match="no time zone"):
        BusinessClock(office(), None)
    with pytest.raises(ValueError, match="no open hours"):
        BusinessClock(office(open=()), "UTC")
    with pytest.raises(ValueError, match="unknown time zone"):
        BusinessClock(office(), "Nowhere/Land")
    with pytest.raises(ValueError, match="no UTC offset"):
        SUPPORT.elapsed(datetime(2026, 1, 1), datetime(2026, 1, 2))
    with pytest.raises(ValueError, match="no UTC offset"):
        SUPPORT.elapsed(
            local(SHANGHAI, 2026, 1, 5), local(SHANGHAI, 2026, 1, 6), [(datetime(2026, 1, 5), None)]
        )
    with pytest.raises(ValueError, match="microseconds"):
        SUPPORT.deadline(
            local(SHANGHAI, 2026, 1, 5), Duration(value=Decimal("0.0000001"), unit="seconds")
        )


def test_results_do_not_depend_on_the_order_of_queries() -> None:
    fresh = BusinessClock(office(holidays="CN"), "Asia/Shanghai")
    later, earlier = local(SHANGHAI, 2027, 6, 1), local(SHANGHAI, 2025, 6, 1)
    assert fresh.elapsed(later, later + timedelta(days=30)) == SUPPORT.elapsed(
        later, later + timedelta(days=30)
    )
    assert fresh.elapsed(earlier, later) == SUPPORT.elapsed(earlier, later)
    assert fresh.deadline(earlier, business_hours(1000)) == SUPPORT.deadline(
        earlier, business_hours(1000)
    )


# ---- properties ------------------------------------------------------------------------------

TRICKY = BusinessClock(
    office(
        timezone="Europe/Berlin",
        holidays="DE-BY",
        open=(
            hours("mon..fri", "09:00", "12:30"),
            hours("mon..fri", "13:15", "18:00"),
            hours("sat", "10:00", "14:00"),
            hours("sun", "01:30", "03:30"),  # crosses the DST gap and the repeated hour
        ),
        closed=(DateRange(start=date(2026, 12, 24), end=date(2027, 1, 1)),),
    ),
    None,
)
CLOCKS = st.sampled_from([TRICKY, SUPPORT, AroundTheClock()])
INSTANTS = st.integers(min_value=0, max_value=3 * 366 * 86_400_000_000).map(
    lambda us: datetime(2025, 6, 1, tzinfo=UTC) + timedelta(microseconds=us)
)
SPANS = st.integers(min_value=0, max_value=30 * 86_400_000_000).map(
    lambda us: timedelta(microseconds=us)
)


@st.composite
def pauses(draw: st.DrawFn, start: datetime) -> list[ClockPause]:
    out: list[ClockPause] = []
    for offset, length in draw(st.lists(st.tuples(SPANS, st.none() | SPANS), max_size=4)):
        begin = start + offset - timedelta(days=2)
        out.append((begin, None if length is None else begin + length))
    return out


@settings(max_examples=300, deadline=None)
@given(CLOCKS, INSTANTS, st.integers(min_value=0, max_value=200 * 3_600_000_000), st.data())
def test_deadline_inverts_elapsed(
    clock: Clock, start: datetime, us: int, data: st.DataObject
) -> None:
    paused = data.draw(pauses(start))
    within = Duration(value=Decimal(us) / 1_000_000, unit="seconds")
    due = clock.deadline(start, within, paused)
    if due is None:
        assert any(end is None for _, end in paused)
        return
    assert clock.elapsed(start, due, paused) == timedelta(microseconds=us)
    if us:  # and it is the earliest such instant
        assert clock.elapsed(start, due - timedelta(microseconds=1), paused) < timedelta(
            microseconds=us
        )


@settings(max_examples=300, deadline=None)
@given(CLOCKS, INSTANTS, SPANS, SPANS, st.data())
def test_elapsed_is_additive(
    clock: Clock, start: datetime, a: timedelta, b: timedelta, data: st.DataObject
) -> None:
    paused = data.draw(pauses(start))
    middle, end = start + a, start + a + b
    whole = clock.elapsed(start, end, paused)
    assert whole == clock.elapsed(start, middle, paused) + clock.elapsed(middle, end, paused)
    assert timedelta(0) <= whole <= clock.elapsed(start, end) <= end - start


@settings(max_examples=200, deadline=None)
@given(CLOCKS, INSTANTS, SPANS)
def test_open_intervals_are_disjoint_ordered_and_inside(
    clock: Clock, start: datetime, span: timedelta
) -> None:
    end = start + span
    intervals = list(clock.open_intervals(start, end))
    previous_end = start
    for low, high in intervals:
        assert previous_end <= low < high <= end
        previous_end = high
    assert sum((high - low for low, high in intervals), timedelta(0)) == clock.elapsed(start, end)


OFFICES = {
    "Asia/Shanghai": SUPPORT,
    "Europe/Berlin": BusinessClock(office(holidays="DE-BY"), "Europe/Berlin"),
}


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(sorted(OFFICES)),
    st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 12, 31)),
    st.integers(min_value=1, max_value=9 * 3600 - 1),
    st.integers(min_value=1, max_value=15),
)
def test_business_days_land_on_the_same_time_of_day(
    name: str, day: date, second: int, n: int
) -> None:
    """Opened during hours, N business days later is the same local time on the Nth next
    business day, across DST changes too: the rule that docs/time.md says the open-time
    definition agrees with."""
    clock, tz = OFFICES[name], ZoneInfo(name)
    opened = datetime.combine(day, time(9), tz) + timedelta(seconds=second)
    if clock.elapsed(opened, opened + timedelta(seconds=1)) == timedelta(0):
        return  # not a business day
    expected, count = day, 0
    while count < n:
        expected += timedelta(days=1)
        midnight = datetime.combine(expected, time(0), tz)
        count += clock.elapsed(midnight, midnight + timedelta(days=1)) > timedelta(0)
    due = clock.deadline(opened, business_days(n))
    assert due == datetime.combine(expected, opened.time(), tz)


def test_opening_until_24_00_runs_to_the_next_midnight() -> None:
    from slalang import loads
    from slalang.evaluate.clock import BusinessClock

    result = loads(
        'contract "x" { calendar c { timezone "Europe/Berlin"; open mon..sun 00:00 to 24:00 } }'
    )
    assert result.contract is not None
    clock = BusinessClock(result.contract.calendars[0], "UTC")
    start = datetime(2026, 10, 24, 22, 0, tzinfo=UTC)  # Sunday 25th 00:00 Berlin, DST ends
    assert clock.elapsed(start, start + timedelta(days=2)) == timedelta(days=2)
