"""Contract periods as exact half-open windows of real time, in the period's own time zone.

A window is `[start, end)`: it starts at local midnight of its first day and ends at local
midnight after its last day, so a month across a DST change has its real length (October 2026
in Europe/Berlin is 745 hours). `start` and `end` carry the fixed UTC offset in force at that
instant, so `end - start` is elapsed time. See docs/time.md for the rules.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from slalang.model import AnniversaryPeriod, CalendarPeriod, Effective, Period, RollingPeriod

STEP_MONTHS = {"months": 1, "quarters": 3, "years": 12}
MONTH_LABEL = re.compile(r"(\d{4})-(\d{2})")  # "2026-10", matched whole
_QUARTER = re.compile(r"(\d{4})-Q([1-4])")
_YEAR = re.compile(r"\d{4}")
_ONE_US = timedelta(microseconds=1)
FIRST_DAY, LAST_DAY = date(1000, 1, 1), date(9000, 1, 1)  # the days a window may start or end on
MAX_WINDOWS = 1_200  # windows in one evaluated range: 100 years of months
_BEYOND = f"reaches past the dates slalang can compute ({FIRST_DAY} to {LAST_DAY})"


@dataclass(frozen=True, slots=True)
class PeriodWindow:
    """One period: the half-open interval `[start, end)` of real time."""

    start: datetime
    end: datetime
    label: str  # "2026-10", "2026-Q3", "2026" or "2026-03-17..2026-04-16" (last day inclusive)
    timezone: str

    @property
    def length(self) -> timedelta:
        return self.end - self.start

    def __contains__(self, instant: datetime) -> bool:
        return self.start <= instant < self.end


def record_labels(window: PeriodWindow) -> set[str]:
    """The names a fee or claim record may give the period: its label or its first day."""
    local = window.start
    return {window.label.removesuffix(" (part)"), local.date().isoformat(), local.strftime("%Y-%m")}


def period_zone(name: str) -> ZoneInfo:
    """The IANA zone `name`; an unknown name is a ValueError."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValueError(f"unknown time zone {name!r}") from error


def period_timezone(period: Period, default_tz: str | None) -> str:
    """The zone a period is measured in: its own, else the contract's; one of them is required."""
    name = period.timezone or default_tz
    if name is None:
        raise ValueError("the period has no time zone and the contract names none")
    period_zone(name)
    return name


def resolve_wall_time(day: date, at: time, tz: ZoneInfo) -> datetime:
    """The instant (UTC) of local wall time `at` on `day`.

    A wall time that occurs twice (clocks go back) means its first occurrence; one that does not
    occur (clocks jump forward) means the instant of the jump.
    """
    wall = datetime.combine(_supported(day), at)
    first = wall.replace(tzinfo=tz).astimezone(UTC)
    if first.astimezone(tz).replace(tzinfo=None) == wall:
        return first
    # In a gap, fold=0 applies the offset before the jump (an instant after it) and fold=1 the
    # offset after (an instant before it): bisect for the jump itself.
    low, high = wall.replace(tzinfo=tz, fold=1).astimezone(UTC), first
    before = low.astimezone(tz).utcoffset()
    while high - low > _ONE_US:
        middle = low + (high - low) // 2
        if middle.astimezone(tz).utcoffset() == before:
            low = middle
        else:
            high = middle
    return high


def _midnight(day: date, tz: ZoneInfo) -> datetime:
    """Local midnight of `day` with the fixed offset in force then (arithmetic-safe)."""
    instant = resolve_wall_time(day, time(0), tz).astimezone(tz)
    offset = instant.utcoffset()
    assert offset is not None
    return instant.astimezone(timezone(offset))


def _supported(day: date) -> date:
    """`day`, when windows may start or end on it (far from the ends of Python's calendar)."""
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError(f"{day.isoformat()} {_BEYOND}")
    return day


def _window(first: date, after: date, label: str, name: str) -> PeriodWindow:
    tz = period_zone(name)
    return PeriodWindow(_midnight(first, tz), _midnight(after, tz), label, name)


def _month_start(index: int, day: int = 1) -> date:
    """Day `day` (clamped to the month's end) of month `index` = year * 12 + month - 1."""
    year, month = divmod(index, 12)
    if not FIRST_DAY.year <= year <= LAST_DAY.year:
        raise ValueError(f"year {year:04d} {_BEYOND}")
    return date(year, month + 1, min(day, calendar.monthrange(year, month + 1)[1]))


def _month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


def _first_month(label: str, january: int) -> int | None:
    """The month index of "2026-10", "2026-Q3" (its first month) or "2026" (month `january`)."""
    if (match := MONTH_LABEL.fullmatch(label)) and 1 <= int(match[2]) <= 12:
        return int(match[1]) * 12 + int(match[2]) - 1
    if match := _QUARTER.fullmatch(label):
        return int(match[1]) * 12 + (int(match[2]) - 1) * 3
    if _YEAR.fullmatch(label):
        return int(label) * 12 + january - 1
    return None


def _range_label(first: date, after: date) -> str:
    return f"{first.isoformat()}..{(after - timedelta(days=1)).isoformat()}"


def _calendar_window(period: CalendarPeriod, name: str, index: int) -> PeriodWindow:
    """The calendar month, quarter or year starting at month `index` (aligned)."""
    first, after = _month_start(index), _month_start(index + STEP_MONTHS[period.unit])
    if period.unit == "months":
        label = f"{first.year:04d}-{first.month:02d}"
    elif period.unit == "quarters":
        label = f"{first.year:04d}-Q{(first.month - 1) // 3 + 1}"
    else:
        label = f"{first.year:04d}"
    return _window(first, after, label, name)


def _anniversary_window(period: AnniversaryPeriod, name: str, k: int) -> PeriodWindow:
    """Service period `k` (0 = the one starting on the anchor; negative ones precede it)."""
    step, anchor = STEP_MONTHS[period.unit], period.anchor
    base = _month_index(anchor)
    first = _month_start(base + k * step, anchor.day)
    after = _month_start(base + (k + 1) * step, anchor.day)
    return _window(first, after, _range_label(first, after), name)


def rolling_days(period: RollingPeriod) -> int:
    """The length of a rolling period in local days; it must be a whole number of days."""
    length = period.length
    days = {"days": 1, "weeks": 7}.get(length.unit)
    if days is None or length.value != length.value.to_integral_value() or length.value <= 0:
        raise ValueError("a rolling period is a positive whole number of days or weeks")
    return int(length.value) * days


def _rolling_window(period: RollingPeriod, name: str, first: date) -> PeriodWindow:
    after = first + timedelta(days=rolling_days(period))
    return _window(first, after, _range_label(first, after), name)


def _local_date(instant: datetime, name: str) -> date:
    if instant.tzinfo is None:
        raise ValueError(f"{instant.isoformat()} has no UTC offset")
    try:
        return _supported(instant.astimezone(period_zone(name)).date())
    except OverflowError:
        raise ValueError(f"{instant.isoformat()} {_BEYOND}") from None


def _window_on(
    period: Period, name: str, day: date, anchor: date | None, *, strict: bool
) -> PeriodWindow:
    """The window containing local date `day`; with `strict`, `day` must be its first day."""
    if isinstance(period, CalendarPeriod):
        step = STEP_MONTHS[period.unit]
        window = _calendar_window(period, name, _month_index(day) // step * step)
    elif isinstance(period, AnniversaryPeriod):
        step = STEP_MONTHS[period.unit]
        k = (_month_index(day) - _month_index(period.anchor)) // step
        if day < _month_start(_month_index(period.anchor) + k * step, period.anchor.day):
            k -= 1
        window = _anniversary_window(period, name, k)
    else:
        if anchor is None and not strict:
            raise ValueError("rolling windows need an anchor date (the contract's start)")
        phase, n = day if anchor is None else anchor, rolling_days(period)
        window = _rolling_window(period, name, phase + timedelta((day - phase).days // n * n))
    if strict and window.start.date() != day:
        raise ValueError(f"{day.isoformat()} is not the first day of a period ({window.label})")
    return window


def window_for(
    period: Period, default_tz: str | None, label: str, *, anchor: date | None = None
) -> PeriodWindow:
    """The window named by `label`.

    Accepted: a window's own label ("2026-10", "2026-Q3", "2026", "2026-03-17..2026-04-16"), or
    its first day ("2026-03-17"); for an anniversary period also the month ("2026-03") or, for a
    yearly one, the year ("2026") in which it starts. Rolling windows start on any day unless
    `anchor` fixes their phase.
    """
    name = period_timezone(period, default_tz)
    text = label.strip()
    if ".." in text:
        window = window_for(period, name, text.split("..", 1)[0], anchor=anchor)
        if window.label != text:
            raise ValueError(f"{label!r} is not a period; did you mean {window.label!r}?")
        return window
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return _window_on(period, name, date.fromisoformat(text), anchor, strict=True)
    if isinstance(period, RollingPeriod):
        raise ValueError(f"{label!r} is not a date; a rolling period is named by its first day")
    step = STEP_MONTHS[period.unit]
    if isinstance(period, CalendarPeriod):
        index = _first_month(text, 1)
        if index is not None:
            window = _calendar_window(period, name, index // step * step)
            if window.label == text:
                return window
    else:
        anchor_index = _month_index(period.anchor)
        index = None
        if MONTH_LABEL.fullmatch(text) or (step == 12 and _YEAR.fullmatch(text)):
            index = _first_month(text, period.anchor.month)
        if index is not None and (index - anchor_index) % step == 0:
            return _anniversary_window(period, name, (index - anchor_index) // step)
    raise ValueError(f"{label!r} does not name a period of this contract")


def window_containing(
    period: Period, default_tz: str | None, instant: datetime, *, anchor: date | None = None
) -> PeriodWindow:
    """The window with `start <= instant < end`. Rolling windows need `anchor` (their phase)."""
    name = period_timezone(period, default_tz)
    return _window_on(period, name, _local_date(instant, name), anchor, strict=False)


def windows_between(
    period: Period,
    default_tz: str | None,
    start: datetime,
    end: datetime,
    *,
    anchor: date | None = None,
) -> list[PeriodWindow]:
    """The consecutive windows that meet `[start, end)`, in order: at most `MAX_WINDOWS`, else a
    ValueError.

    The first may begin before `start` and the last end after `end`. Rolling windows are phased
    on `anchor`, else on the local date of `start`.
    """
    name = period_timezone(period, default_tz)
    if end <= start:
        return []
    if isinstance(period, RollingPeriod) and anchor is None:
        anchor = _local_date(start, name)
    windows = [_window_on(period, name, _local_date(start, name), anchor, strict=False)]
    while windows[-1].end < end:
        if len(windows) == MAX_WINDOWS:
            raise ValueError(
                f"the evaluated range holds more than {MAX_WINDOWS:,} periods; "
                f"at most {MAX_WINDOWS:,} at once"
            )
        windows.append(_window_on(period, name, windows[-1].end.date(), anchor, strict=True))
    return windows


def effective_interval(effective: Effective, tz_name: str) -> tuple[datetime, datetime | None]:
    """A contract's effective dates (end inclusive) as instants `[start, end)` in `tz_name`."""
    tz = period_zone(tz_name)
    end = None if effective.end is None else _midnight(effective.end + timedelta(days=1), tz)
    return _midnight(effective.start, tz), end
