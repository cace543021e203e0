"""Time zones by IANA name, the same on every machine.

Names are those of the `tzdata` package (a dependency). Names a zone database may carry that are
no place's time are refused: the machine's own zone (`localtime`), a rule file (`posixrules`) and
tzdata's `Factory`; with them a result would depend on the machine it runs on.
"""

from __future__ import annotations

import functools
from importlib import resources
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_NOT_A_PLACE = frozenset({"localtime", "posixrules", "Factory"})


@functools.lru_cache(maxsize=1)
def _names() -> frozenset[str]:
    text = resources.files("tzdata").joinpath("zones").read_text(encoding="utf-8")
    return frozenset(text.split()) - _NOT_A_PLACE


def iana_zone(name: str) -> ZoneInfo | None:
    """The zone called `name`, or None when no IANA zone of a place has that name."""
    if name not in _names():
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None
