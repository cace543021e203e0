"""Support deadlines in wall-clock time for tickets opened at awkward moments.

The moments are found from the contracts' own calendars and zones: an ordinary Tuesday 10:00
and Friday 18:00, the Friday 17:30 before a public holiday (the first Friday of the year whose
next Monday the calendar keeps closed), and 01:30 on the night each zone changes its clocks. Deadlines come from
the evaluator's clocks (`slalang.evaluate.clock`, through `support.Clocks`), so they are the
deadlines an evaluation would judge a ticket by.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

from slalang.evaluate.clock import BusinessClock
from slalang.evaluate.periods import period_zone, resolve_wall_time
from slalang.evaluate.support import AROUND_THE_CLOCK, Clocks
from slalang.model import Calendar, Contract, Severity, SupportTarget


@dataclass(frozen=True)
class Moment:
    label: str
    at: datetime


@dataclass(frozen=True)
class Deadline:
    """One target of one severity for a ticket opened at `moment`."""

    severity: Severity
    target: SupportTarget
    clock: str
    moment: Moment
    deadline: datetime | None  # None: the target is not a fixed length (stated in `note`)
    note: str | None


def _zones(contract: Contract) -> Iterator[str]:
    if contract.timezone:
        yield contract.timezone
    for calendar in contract.calendars:
        if calendar.timezone:
            yield calendar.timezone


def _holiday_calendars(contracts: Sequence[Contract]) -> Iterator[tuple[Calendar, str | None]]:
    """Calendars with public holidays and a zone, the support calendars first."""
    for contract in contracts:
        chosen = contract.support.calendar if contract.support else None
        for calendar in sorted(contract.calendars, key=lambda c: c.id != chosen):
            if calendar.holidays and (calendar.timezone or contract.timezone):
                yield calendar, contract.timezone


def _fridays(year: int) -> Iterator[date]:
    day = date(year, 1, 1)
    day += timedelta(days=(4 - day.weekday()) % 7)
    while day.year == year:
        yield day
        day += timedelta(days=7)


def before_holiday(contracts: Sequence[Contract], year: int) -> Moment | None:
    """Friday 17:30 before the year's first Monday that the contracts' holiday calendar keeps
    closed (a public holiday), in that calendar's zone."""
    for calendar, default_tz in _holiday_calendars(contracts):
        try:
            zone = period_zone(calendar.timezone or default_tz or "UTC")
            moment = _before_holiday(BusinessClock(calendar, default_tz), zone, year)
        except ValueError:  # a calendar that is never open, or whose holidays are unknown
            continue
        if moment is not None:
            return moment
    return None


def _before_holiday(clock: BusinessClock, zone: ZoneInfo, year: int) -> Moment | None:
    calendar = clock.calendar
    for friday in _fridays(year):
        monday = friday + timedelta(days=3)
        start = resolve_wall_time(monday, time(0), zone)
        end = resolve_wall_time(monday + timedelta(days=1), time(0), zone)
        if next(clock.open_intervals(start, end), None) is None:
            at = resolve_wall_time(friday, time(17, 30), zone).astimezone(zone)
            label = f"Friday 17:30 before the {monday.isoformat()} holiday ({calendar.holidays})"
            return Moment(label, at)
    return None


def ordinary_friday(contracts: Sequence[Contract], year: int) -> Moment:
    """18:00 on the year's second Friday, in the first contract's zone (UTC if it names none)."""
    zone = period_zone(next(_zones(contracts[0]), "UTC"))
    friday = list(_fridays(year))[1]
    return Moment(
        "an ordinary Friday 18:00", resolve_wall_time(friday, time(18), zone).astimezone(zone)
    )


def ordinary_weekday(contracts: Sequence[Contract], year: int) -> Moment:
    """10:00 on the year's second Tuesday, in the first contract's zone: office hours."""
    zone = period_zone(next(_zones(contracts[0]), "UTC"))
    tuesday = list(_fridays(year))[1] - timedelta(days=3)
    at = resolve_wall_time(tuesday, time(10), zone).astimezone(zone)
    return Moment("an ordinary Tuesday 10:00", at)


def dst_nights(contracts: Sequence[Contract], year: int) -> list[Moment]:
    """01:30 local on the first night of the year each zone of the contracts changes its clocks."""
    out = []
    for name in sorted({z for c in contracts for z in _zones(c)}):
        zone = period_zone(name)
        day = date(year, 1, 1)
        noon = datetime.combine(day, time(12), zone).utcoffset()
        while day.year == year:
            following = datetime.combine(day + timedelta(days=1), time(12), zone).utcoffset()
            if following != noon:
                changed = day + timedelta(days=1)
                at = resolve_wall_time(changed, time(1, 30), zone).astimezone(zone)
                out.append(Moment(f"01:30 on the night clocks change in {name}", at))
                break
            day += timedelta(days=1)
    return out


def awkward_moments(contracts: Sequence[Contract], year: int) -> list[Moment]:
    """The default moments for `year`, in time order."""
    moments = [
        ordinary_weekday(contracts, year),
        ordinary_friday(contracts, year),
        *dst_nights(contracts, year),
    ]
    holiday = before_holiday(contracts, year)
    if holiday is not None:
        moments.append(holiday)
    return sorted(moments, key=lambda m: m.at.astimezone(UTC))


def clock_name(contract: Contract, target: SupportTarget) -> str:
    """The clock a target counts on: its own, else the support calendar, else 24x7."""
    support = contract.support
    return target.clock or (support.calendar if support else None) or AROUND_THE_CLOCK


def due(contract: Contract, target: SupportTarget, at: datetime) -> datetime | None:
    """The deadline of `target` for a ticket opened at `at`, in the clock's zone; None for a
    calendar length, which no clock counts, and for best effort, which has no deadline."""
    if target.within is None or target.within.type == "calendar_span":
        return None
    name = clock_name(contract, target)
    deadline = Clocks(contract).get(name).deadline(at, target.within)
    zone = at.tzinfo if name == AROUND_THE_CLOCK else _clock_zone(contract, name)
    return None if deadline is None else deadline.astimezone(zone)


def deadlines(contract: Contract, moments: Sequence[Moment]) -> list[Deadline]:
    """Every severity's targets, for a ticket opened at each moment (severities in contract order)."""
    support = contract.support
    if support is None:
        return []
    out = []
    for severity in support.severities:
        for target in severity.targets:
            name = clock_name(contract, target)
            for moment in moments:
                try:
                    deadline, note = due(contract, target, moment.at), None
                except ValueError as error:
                    deadline, note = None, str(error)
                if target.within is None:
                    note = "best effort: no deadline"
                elif target.within.type == "calendar_span":
                    note = "a calendar length: no clock counts it"
                out.append(Deadline(severity, target, name, moment, deadline, note))
    return out


def _clock_zone(contract: Contract, name: str) -> tzinfo:
    calendar = next(c for c in contract.calendars if c.id == name)
    return period_zone(calendar.timezone or contract.timezone or "UTC")
