"""Timestamps as the tools write them, read into aware datetimes.

Text is ISO 8601 / RFC 3339: `Z`, `+00:00`, `+0000` and `+00` offsets, `T` or a space between date
and time. Text without an offset is read in the `--assume-tz` zone, and is an error without one (as
is a wall time that the zone skips or repeats). Numbers are Unix epoch times whose unit is told by
magnitude: below 10^11 seconds (up to the year 5138), below 10^14 milliseconds, below 10^17
microseconds, else nanoseconds. Digits past the microsecond are truncated (datetime keeps no more).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from slalang.numbers import NumberError, bound_problem, is_number, parse_decimal, shown

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_UNITS = ((Decimal(10) ** 11, 0), (Decimal(10) ** 14, 3), (Decimal(10) ** 17, 6))  # (below, 10^k)
_NANOSECONDS = 9


class TimeError(ValueError):
    """A value that is not a usable point in time; the message says why."""


def epoch_unit_digits(value: Decimal) -> int:
    """How many decimal digits below the second the epoch number `value` carries (0, 3, 6, 9)."""
    magnitude = abs(value)
    return next((digits for below, digits in _UNITS if magnitude < below), _NANOSECONDS)


def from_epoch(value: Decimal | int, digits: int | None = None) -> datetime:
    """An epoch number as a UTC datetime; its unit is 10^-`digits` s, else told by magnitude."""
    number = Decimal(value)
    if not number.is_finite():
        raise TimeError(f"{value} is not a time")
    if bound_problem(number) is not None:
        raise TimeError(f"{shown(str(value))} is out of range for a time")
    seconds = number.scaleb(-(epoch_unit_digits(number) if digits is None else digits))
    micros = int(seconds.scaleb(6).to_integral_value(rounding="ROUND_FLOOR"))
    try:
        return EPOCH + timedelta(microseconds=micros)
    except OverflowError:
        raise TimeError(f"{value} is out of range for a time") from None


def in_zone(value: datetime, zone: ZoneInfo) -> datetime:
    """A naive wall time in `zone`; a time the clocks skip or repeat there is an error."""
    early, late = value.replace(tzinfo=zone, fold=0), value.replace(tzinfo=zone, fold=1)
    if early.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != value:
        raise TimeError(f"{value.isoformat()} does not exist in {zone.key} (the clocks skip it)")
    if early.utcoffset() != late.utcoffset():
        raise TimeError(f"{value.isoformat()} happens twice in {zone.key} (the clocks go back)")
    return early


def parse_time(value: object, assume_tz: ZoneInfo | None) -> datetime:
    """`value` (ISO text, or an epoch number as int, Decimal or digit text) as an aware datetime."""
    if isinstance(value, bool):
        raise TimeError(f"{value!r} is not a time")
    if isinstance(value, (int, Decimal)):
        return from_epoch(value)
    if not isinstance(value, str):
        raise TimeError(f"expected a time, got {type(value).__name__}")
    text = value.strip()
    if is_number(text):
        try:
            return from_epoch(parse_decimal(text))
        except NumberError:
            raise TimeError(f"{shown(text)} is out of range for a time") from None
    if len(text) <= len("2026-10-01"):
        raise TimeError(f"{value!r} is not a time with a time of day")
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise TimeError(f"{value!r} is not an ISO 8601 time") from None
    return _aware(parsed, value, assume_tz)


def parse_layout(value: str, layout: str, assume_tz: ZoneInfo | None) -> datetime:
    """`value` read with the strptime `layout` (for exports that write times their own way)."""
    try:
        parsed = datetime.strptime(value.strip(), layout)
    except ValueError:
        raise TimeError(f"{value!r} is neither ISO 8601 nor in the format {layout!r}") from None
    return _aware(parsed, value, assume_tz)


def _aware(parsed: datetime, value: str, assume_tz: ZoneInfo | None) -> datetime:
    """`parsed` (read from the text `value`) as it is if it has an offset, else in `assume_tz`."""
    if parsed.tzinfo is not None:
        return parsed
    if assume_tz is None:
        raise TimeError(f"{value!r} has no offset; name its zone with --assume-tz")
    return in_zone(parsed, assume_tz)
