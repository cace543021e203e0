"""Holiday jurisdictions as the `holidays` package knows them: `CN`, `US-CA`, `DE-BY`."""

from __future__ import annotations

import functools


def country_and_subdivision(code: str) -> tuple[str, str | None]:
    """ "US-CA" -> ("US", "CA"); "CN" -> ("CN", None)."""
    country, _, subdivision = code.strip().upper().partition("-")
    return country, subdivision or None


@functools.lru_cache(maxsize=64)
def problem(code: str) -> str | None:
    """Why `code` names no jurisdiction the holidays package has, or None when it does."""
    if not code.strip():
        return 'an empty holiday jurisdiction (write a code such as "CN" or "US-CA")'
    import holidays  # deferred: importing it costs ~0.3 s, and few contracts name holidays

    country, subdivision = country_and_subdivision(code)
    try:
        holidays.country_holidays(country, subdiv=subdivision, years=[])
    except NotImplementedError as error:
        return f"unknown holiday jurisdiction {code!r}: {error}"
    return None
