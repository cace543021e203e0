"""Plain English for buyers' outputs (diff, compare): exact numbers, lengths and local times."""

from __future__ import annotations

from datetime import datetime, timedelta
from fractions import Fraction

from slalang.evaluate.measure import decimal_text

_UNITS = (("day", 86_400_000_000), ("hour", 3_600_000_000), ("minute", 60_000_000))


def number(value: Fraction) -> str:
    """Exact text: a decimal without trailing zeros where one exists (0.999, 10), else the
    fraction in lowest terms ('2671/2678')."""
    den = value.denominator
    for prime in (2, 5):
        while den % prime == 0:
            den //= prime
    if den != 1:
        return f"{value.numerator}/{value.denominator}"
    text = decimal_text(value, 0)
    return text.rstrip("0").rstrip(".") if "." in text else text


def percent(share: Fraction) -> str:
    """A share as a percent: 999/1000 -> '99.9%'; a repeating one exact with a rounded reading,
    '9275/93% (~99.7312%)'."""
    exact = number(share * 100)
    if "/" not in exact:
        return exact + "%"
    rounded = round(share * 100 * 10_000)
    return f"{exact}% (~{number(Fraction(rounded, 10_000))}%)"


def length(us: Fraction | int | timedelta) -> str:
    """A length of time in days, hours, minutes and exact seconds: '2 days 16 hours'."""
    if isinstance(us, timedelta):
        us = us // timedelta(microseconds=1)
    left = Fraction(us)
    if left == 0:
        return "0 minutes"
    parts = []
    for name, size in _UNITS:
        whole = int(left // size)
        if whole:
            parts.append(f"{whole} {name}{'' if whole == 1 else 's'}")
            left -= whole * size
    if left:
        seconds = left / 1_000_000
        parts.append(f"{number(seconds)} second{'' if seconds == 1 else 's'}")
    return " ".join(parts)


def local(instant: datetime) -> str:
    """'Mon 2026-10-05 10:00 +08:00': the weekday and the local wall time with its offset."""
    offset = instant.strftime("%z")
    return f"{instant:%a %Y-%m-%d %H:%M} {offset[:3]}:{offset[3:]}"
