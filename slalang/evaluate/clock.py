"""Support clocks: how much of a stretch of real time counts towards a support target.

A clock maps every instant to a *position*: the open time, in integer microseconds, since a
fixed origin. Open time between two instants is the difference of their positions, and a deadline
is the earliest instant whose position is far enough along, so `elapsed` and `deadline` are
inverse to each other, exact, and cost a binary search rather than a walk over the days.
`AroundTheClock` is always open; `BusinessClock` is open during a calendar's weekly hours, in its
time zone, except on public holidays and closed dates. See docs/time.md for the rules.
"""

from __future__ import annotations

import functools
from abc import ABC, abstractmethod
from bisect import bisect_left, bisect_right
from calendar import isleap
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from fractions import Fraction
from zoneinfo import ZoneInfo

from slalang import jurisdictions
from slalang.evaluate.periods import period_zone, resolve_wall_time
from slalang.model import WEEKDAYS, BusinessDuration, Calendar, Duration

ClockPause = tuple[datetime, datetime | None]  # a stop of the clock; an end of None: still stopped

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_ONE_US = timedelta(microseconds=1)
_FOREVER = 2**63  # microseconds beyond any datetime: the end of a pause that has not ended
_US_PER_UNIT = {
    "milliseconds": 1_000,
    "seconds": 1_000_000,
    "minutes": 60_000_000,
    "hours": 3_600_000_000,
    "days": 86_400_000_000,
    "weeks": 604_800_000_000,
}


def _us(instant: datetime) -> int:
    if instant.tzinfo is None:
        raise ValueError(f"{instant.isoformat()} has no UTC offset")
    return (instant - _EPOCH) // _ONE_US


def _instant(us: int) -> datetime:
    return _EPOCH + timedelta(microseconds=us)


@functools.lru_cache(maxsize=1024)
def _microseconds(value: Decimal, per_unit: int) -> int:
    """`value` units of `per_unit` microseconds, exactly."""
    us = Fraction(value) * per_unit
    if us.denominator != 1 or us < 0:
        raise ValueError(f"{value} is not a whole, non-negative number of microseconds")
    return int(us)


def _merged(pauses: Iterable[ClockPause], start: int, end: int) -> list[tuple[int, int]]:
    """Pauses as sorted, disjoint microsecond spans clipped to `[start, end)`."""
    spans: list[tuple[int, int]] = []
    for pause_start, pause_end in pauses:
        low, high = _us(pause_start), _FOREVER if pause_end is None else _us(pause_end)
        if high < low:
            raise ValueError(f"a pause ends before it starts ({pause_start.isoformat()})")
        low, high = max(low, start), min(high, end)
        if low < high:
            spans.append((low, high))
    spans.sort()
    out: list[tuple[int, int]] = []
    for low, high in spans:
        if out and low <= out[-1][1]:
            out[-1] = (out[-1][0], max(high, out[-1][1]))
        else:
            out.append((low, high))
    return out


class Clock(ABC):
    """Counts open time. Instants must be aware; results are in UTC."""

    @abstractmethod
    def open_intervals(self, start: datetime, end: datetime) -> Iterator[tuple[datetime, datetime]]:
        """The open intervals within `[start, end)`: disjoint, ordered, clipped to the bounds."""

    @abstractmethod
    def _position(self, us: int) -> int:
        """Open microseconds from the clock's origin up to instant `us`."""

    @abstractmethod
    def _earliest(self, position: int) -> int:
        """The earliest instant at `position`, which lies past an instant already looked up."""

    @property
    @abstractmethod
    def business_day(self) -> timedelta:
        """The open time that one business day stands for on this clock."""

    def _budget(self, within: Duration | BusinessDuration) -> int:
        """`within` as open microseconds on this clock."""
        if isinstance(within, Duration) or within.unit == "hours":
            return _microseconds(within.value, _US_PER_UNIT[within.unit])
        return _microseconds(within.value, self.business_day // _ONE_US)

    def elapsed(
        self, start: datetime, end: datetime, pauses: Iterable[ClockPause] = ()
    ) -> timedelta:
        """Open time in `[start, end)` minus the open time in the (merged) pauses; zero when
        `end <= start`."""
        low, high = _us(start), _us(end)
        if high <= low:
            return timedelta(0)
        total = self._position(high) - self._position(low)
        for pause_low, pause_high in _merged(pauses, low, high):
            total -= self._position(pause_high) - self._position(pause_low)
        return timedelta(microseconds=total)

    def deadline(
        self,
        start: datetime,
        within: Duration | BusinessDuration,
        pauses: Iterable[ClockPause] = (),
    ) -> datetime | None:
        """The earliest instant by which `within` of unpaused open time has elapsed since `start`.

        None when a pause without an end stops the clock first.
        """
        now, left = _us(start), self._budget(within)
        for pause_low, pause_high in _merged(pauses, now, _FOREVER):
            available = self._position(pause_low) - self._position(now)
            if available >= left:
                break
            if pause_high == _FOREVER:
                return None
            left -= available
            now = pause_high
        if left == 0:
            return _instant(now)
        return _instant(self._earliest(self._position(now) + left))


class AroundTheClock(Clock):
    """24x7: every instant is open; a day is 24 hours of elapsed time, whatever the wall clock."""

    def open_intervals(self, start: datetime, end: datetime) -> Iterator[tuple[datetime, datetime]]:
        if _us(start) < _us(end):
            yield start.astimezone(UTC), end.astimezone(UTC)

    def _position(self, us: int) -> int:
        return us

    def _earliest(self, position: int) -> int:
        return position

    @property
    def business_day(self) -> timedelta:
        """24 hours of elapsed time: 24x7 coverage turns business time into all time."""
        return timedelta(hours=24)


class BusinessClock(Clock):
    """Open during `calendar`'s weekly hours (local wall times), less holidays and closed dates.

    Open intervals are built a local year at a time, on first use, into sorted arrays with the
    running open time, so a position or a deadline is a binary search.
    """

    def __init__(self, calendar: Calendar, default_tz: str | None) -> None:
        name = calendar.timezone or default_tz
        if name is None:
            raise ValueError(
                f"calendar {calendar.id!r} has no time zone and the contract names none"
            )
        self.calendar = calendar
        self._zone = period_zone(name)
        self._weekly = _weekly_hours(calendar)
        if not any(self._weekly):
            raise ValueError(f"calendar {calendar.id!r} has no open hours")
        self._jurisdiction = _jurisdiction(calendar.holidays) if calendar.holidays else None
        # Built local years [_first, _last]; interval k is [_starts[k], _ends[k]) in UTC
        # microseconds and _before[k] is the position at its start. Positions are 0 at the start
        # of the first year built; years built later before it get negative positions.
        self._first: int | None = None
        self._last = 0
        self._low = self._high = 0  # positions at the start and the end of the built years
        self._span = (0, 0)  # the built years as UTC microseconds [first January 1, after last)
        self._starts: list[int] = []
        self._ends: list[int] = []
        self._before: list[int] = []
        self._after: list[int] = []  # position at the end of interval k

    @functools.cached_property
    def business_day(self) -> timedelta:
        """The open time of one business day: the same on every open weekday, or an error."""
        lengths = {
            sum((closes - opens for opens, closes in day), timedelta(0))
            for day in self._weekly
            if day
        }
        if len(lengths) != 1:
            raise ValueError(
                f"calendar {self.calendar.id!r} has business days of different lengths; "
                "state the target in business hours"
            )
        return lengths.pop()

    def open_intervals(self, start: datetime, end: datetime) -> Iterator[tuple[datetime, datetime]]:
        low, high = _us(start), _us(end)
        if high <= low:
            return
        self._cover(self._year(low))
        self._cover(self._year(high))
        k = bisect_right(self._ends, low)
        while k < len(self._starts) and self._starts[k] < high:
            yield _instant(max(self._starts[k], low)), _instant(min(self._ends[k], high))
            k += 1

    def _year(self, us: int) -> int:
        return _instant(us).astimezone(self._zone).year

    def _position(self, us: int) -> int:
        if not self._span[0] <= us < self._span[1]:
            self._cover(self._year(us))
        k = bisect_right(self._starts, us) - 1
        if k < 0:
            return self._low
        return min(self._before[k] + us - self._starts[k], self._after[k])

    def _earliest(self, position: int) -> int:
        while self._high < position:
            if self._last >= 9998:
                raise ValueError(f"calendar {self.calendar.id!r} is never open again")
            self._cover(self._last + 1)
        k = bisect_left(self._after, position)
        return self._starts[k] + position - self._before[k]

    def _cover(self, year: int) -> None:
        """Build the local years between those built and `year`."""
        if self._first is None:
            self._first = self._last = year
            self._append(year)
        elif self._first <= year <= self._last:
            return
        while year > self._last:
            self._last += 1
            self._append(self._last)
        while year < self._first:
            self._first -= 1
            self._prepend(self._first)
        self._span = (self._new_year(self._first), self._new_year(self._last + 1))

    def _new_year(self, year: int) -> int:
        return _us(resolve_wall_time(date(year, 1, 1), time(0), self._zone))

    def _year_intervals(self, year: int) -> list[tuple[int, int]]:
        closed = self._closed_dates(year)
        out: list[tuple[int, int]] = []
        day = date(year, 1, 1)
        for _ in range(366 if isleap(year) else 365):
            if day not in closed:
                for opens, closes in self._weekly[day.weekday()]:
                    low = _us(_wall_time(day, opens, self._zone))
                    high = _us(_wall_time(day, closes, self._zone))
                    if low < high:
                        out.append((low, high))
            day += timedelta(days=1)
        return out

    def _closed_dates(self, year: int) -> set[date]:
        closed: set[date] = set()
        if self._jurisdiction is not None:
            closed.update(_public_holidays(*self._jurisdiction, year))
        first, last = date(year, 1, 1), date(year, 12, 31)
        for span in self.calendar.closed:
            low, high = max(span.start, first), min(span.end or span.start, last)
            closed.update(low + timedelta(days=i) for i in range((high - low).days + 1))
        return closed

    def _append(self, year: int) -> None:
        position = self._high
        for low, high in self._year_intervals(year):
            self._starts.append(low)
            self._ends.append(high)
            self._before.append(position)
            position += high - low
            self._after.append(position)
        self._high = position

    def _prepend(self, year: int) -> None:
        intervals = self._year_intervals(year)
        position = self._low - sum(high - low for low, high in intervals)
        self._low = position
        before: list[int] = []
        after: list[int] = []
        for low, high in intervals:
            before.append(position)
            position += high - low
            after.append(position)
        self._starts[:0] = [low for low, _ in intervals]
        self._ends[:0] = [high for _, high in intervals]
        self._before[:0] = before
        self._after[:0] = after


def _since_midnight(moment: time | str) -> timedelta:
    """A local time of day as the time since midnight; "24:00" is the midnight ending the day."""
    if isinstance(moment, str):
        return timedelta(days=1)
    return datetime.combine(date.min, moment) - datetime.min


def _wall_time(day: date, offset: timedelta, period_zone: ZoneInfo) -> datetime:
    """The instant `offset` of local wall time after the midnight that starts `day`."""
    moment = datetime.min + offset
    return resolve_wall_time(day + timedelta(days=moment.day - 1), moment.time(), period_zone)


def _weekly_hours(calendar: Calendar) -> tuple[tuple[tuple[timedelta, timedelta], ...], ...]:
    """Per weekday (Monday first), the merged local opening hours as offsets from midnight."""
    days: list[list[tuple[timedelta, timedelta]]] = [[] for _ in WEEKDAYS]
    for hours in calendar.open:
        for span in hours.days:
            first = WEEKDAYS.index(span.first)
            last = WEEKDAYS.index(span.last or span.first)
            for i in range((last - first) % 7 + 1):  # "fri..mon" wraps over the weekend
                days[(first + i) % 7].append(
                    (_since_midnight(hours.start), _since_midnight(hours.end))
                )
    weekly: list[tuple[tuple[timedelta, timedelta], ...]] = []
    for spans in days:
        merged: list[tuple[timedelta, timedelta]] = []
        for opens, closes in sorted(spans):
            if merged and opens <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(closes, merged[-1][1]))
            else:
                merged.append((opens, closes))
        weekly.append(tuple(merged))
    return tuple(weekly)


def _jurisdiction(code: str) -> tuple[str, str | None]:
    """ "CN", "US-CA", "DE-BY" as (country, subdivision); an unknown one is a ValueError."""
    problem = jurisdictions.problem(code)
    if problem is not None:
        raise ValueError(problem)
    return jurisdictions.country_and_subdivision(code)


@functools.lru_cache(maxsize=256)
def _public_holidays(country: str, subdivision: str | None, year: int | None) -> frozenset[date]:
    import holidays  # deferred: importing it costs ~60 ms

    years = [] if year is None else [year]
    return frozenset(holidays.country_holidays(country, subdiv=subdivision, years=years))
