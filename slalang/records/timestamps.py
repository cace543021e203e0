"""RFC 3339 times to int64 microseconds since 1970 UTC, a whole column at once (numpy).

Only the canonical form is read here: `YYYY-MM-DDTHH:MM:SS`, an optional fraction of one to six
digits, and `Z` or an offset `+HH:MM`/`-HH:MM`; years 0002 to 9998 (so that the instant stays
within what a Python datetime holds in any zone). Anything else (a naive time, a lower-case `t`,
a leap second, nanoseconds, an impossible date) is reported as not read, and the record takes the
per-line path, whose error messages are the records reader's.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

_WIDTH = 32
_LENGTHS = frozenset({20, 25, *range(22, 28), *range(27, 33)})
_PLACEHOLDER = "2000-01-01T00:00:00Z"
_DIGITS_AT = (0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18)
_SEPARATORS = ((4, b"-"), (7, b"-"), (10, b"T"), (13, b":"), (16, b":"))
_MONTH_DAYS = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=np.int64)

Int64s = npt.NDArray[np.int64]
Flags = npt.NDArray[np.bool_]


def _number(codes: npt.NDArray[np.int64], start: int, width: int) -> Int64s:
    value = np.zeros(len(codes), dtype=np.int64)
    for offset in range(start, start + width):
        value = value * 10 + codes[:, offset]
    return value


def _days_from_civil(year: Int64s, month: Int64s, day: Int64s) -> Int64s:
    """Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm)."""
    year = year - (month <= 2)
    era = year // 400
    year_of_era = year - era * 400
    day_of_year = (153 * (month + np.where(month > 2, -3, 9)) + 2) // 5 + day - 1
    day_of_era = year_of_era * 365 + year_of_era // 4 - year_of_era // 100 + day_of_year
    result: Int64s = era * 146097 + day_of_era - 719468
    return result


def parse_times(texts: Sequence[str | None]) -> tuple[Int64s, Flags]:
    """Microseconds since the epoch of each text, and whether it was read (None is not read)."""
    count = len(texts)
    usable = np.fromiter(
        (t is not None and len(t) in _LENGTHS and t.isascii() for t in texts), bool, count
    )
    cleaned = [t if ok else _PLACEHOLDER for t, ok in zip(texts, usable.tolist(), strict=True)]
    raw = np.array(cleaned, dtype=f"S{_WIDTH}").view(np.uint8).reshape(count, _WIDTH)
    codes = raw.astype(np.int64) - 48  # a digit's value; other bytes are out of 0..9
    length = np.count_nonzero(raw, axis=1)
    rows = np.arange(count)
    ok = usable & np.all((codes[:, _DIGITS_AT] >= 0) & (codes[:, _DIGITS_AT] <= 9), axis=1)
    for where, char in _SEPARATORS:
        ok &= raw[:, where] == ord(char)
    zulu = raw[rows, length - 1] == ord("Z")
    zone_width = np.where(zulu, 1, 6)
    sign_at = np.maximum(length - 6, 0)
    sign = raw[rows, sign_at]
    ok &= zulu | (((sign == ord("+")) | (sign == ord("-"))) & (raw[rows, length - 3] == ord(":")))
    offset_hours = codes[rows, sign_at + 1] * 10 + codes[rows, sign_at + 2]
    offset_minutes = codes[rows, length - 2] * 10 + codes[rows, length - 1]
    offset_digits = np.stack([codes[rows, sign_at + i] for i in (1, 2, 4, 5)], axis=1)
    ok &= zulu | (np.all((offset_digits >= 0) & (offset_digits <= 9), axis=1))
    ok &= zulu | ((offset_hours <= 23) & (offset_minutes <= 59))
    offset = np.where(
        zulu, 0, np.where(sign == ord("-"), -1, 1) * (offset_hours * 60 + offset_minutes)
    )
    fraction_width = length - zone_width - 19  # the point and its digits
    ok &= (fraction_width == 0) | (
        (fraction_width >= 2) & (fraction_width <= 7) & (raw[:, 19] == ord("."))
    )
    micro = np.zeros(count, dtype=np.int64)
    for place in range(6):
        present = place < fraction_width - 1
        digit = codes[:, 20 + place]
        ok &= ~present | ((digit >= 0) & (digit <= 9))
        micro = micro * 10 + np.where(present, digit, 0)
    year, month, day = _number(codes, 0, 4), _number(codes, 5, 2), _number(codes, 8, 2)
    hour, minute, second = _number(codes, 11, 2), _number(codes, 14, 2), _number(codes, 17, 2)
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    month_days = _MONTH_DAYS[np.clip(month, 0, 12)] + (leap & (month == 2))
    ok &= (year >= 2) & (year <= 9998) & (month >= 1) & (month <= 12)
    ok &= (day >= 1) & (day <= month_days) & (hour <= 23) & (minute <= 59) & (second <= 59)
    seconds = _days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second
    result: Int64s = (seconds - offset * 60) * 1_000_000 + micro
    return np.where(ok, result, 0), ok
