"""Bounds on numbers read from text: contracts, records, exports, mapping files, options.

A number is exact (`Decimal`), and written out in full it has at most `MAX_DIGITS` digits before
the point and at most `MAX_DIGITS` after it, with at most `MAX_DIGITS` significant digits. That
admits every figure an SLA or an incident export carries and keeps arithmetic on it fast: a
`Decimal('1e-999999999')` or a 5,000-digit integer, turned into a `Fraction` or an `int`, would
take minutes. Text is checked before it is converted, so the check itself is linear in its length.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

MAX_DIGITS = 40  # a contract literal has at most 28; unit conversions add digits
MAX_COUNT = 2**63 - 1  # a count of items: what a 64-bit column holds
MAX_TEXT = 100  # characters of a number's text, sign, point and exponent included
_NUMBER = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]{1,9})?")


class NumberError(ValueError):
    """A number that is not usable; the message says why, without echoing a long text."""


def bound_problem(value: Decimal) -> str | None:
    """Why `value` is outside the bounds, or None when it is within them."""
    if not value.is_finite():
        return "is not a finite number"
    _, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)  # finite
    significant = len(digits)
    while significant > 1 and digits[significant - 1] == 0:
        significant -= 1
        exponent += 1
    if significant > MAX_DIGITS:
        return f"has more than {MAX_DIGITS} significant digits"
    if significant + exponent > MAX_DIGITS:
        return f"has more than {MAX_DIGITS} digits before the decimal point"
    if exponent < -MAX_DIGITS:
        return f"has more than {MAX_DIGITS} digits after the decimal point"
    return None


def check_decimal(value: Decimal) -> Decimal:
    """`value` itself when it is within the bounds; else `NumberError`."""
    problem = bound_problem(value)
    if problem is not None:
        raise NumberError(f"{shown(str(value))} {problem}")
    return value


def parse_decimal(text: str) -> Decimal:
    """The number `text` writes (digits, an optional point and exponent), within the bounds."""
    stripped = text.strip()
    if len(stripped) > MAX_TEXT:
        raise NumberError(f"{shown(stripped)} is longer than {MAX_TEXT} characters")
    if not _NUMBER.fullmatch(stripped):
        raise NumberError(f"{shown(stripped)} is not a number")
    try:
        return check_decimal(Decimal(stripped))
    except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
        raise NumberError(f"{shown(stripped)} is not a number") from None


def is_number(text: str) -> bool:
    """Whether `text` is written as a number (in bounds or not)."""
    return _NUMBER.fullmatch(text.strip()) is not None


def parse_int(text: str) -> int:
    """A whole number written in digits, within the bounds (for JSON's integer literals)."""
    if len(text.lstrip("+-")) > MAX_DIGITS:
        raise NumberError(f"{shown(text)} has more than {MAX_DIGITS} digits")
    return int(text)


def shown(text: str) -> str:
    """`text` cut to a readable length for a message."""
    return text if len(text) <= 24 else f"{text[:20]}..."
