"""Caps across evaluated periods: a cap per quarter or per 12 months counts earlier grants."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from fractions import Fraction

from slalang.evaluate.credits import (
    ComputedCredit,
    PeriodFee,
    apply_cap,
    cap_limit,
    combine_credits,
)
from slalang.evaluate.intervals import US_PER_SECOND
from slalang.evaluate.periods import STEP_MONTHS, PeriodWindow
from slalang.model import Cap, Duration, Window

_NOTHING = ComputedCredit(Fraction(0), Fraction(0), "")


class CapLedger:
    """What each cap has granted so far, period by period, in evaluation order."""

    def __init__(self) -> None:
        self._granted: dict[tuple[str, ...], list[tuple[datetime, ComputedCredit]]] = {}

    def apply(
        self,
        key: tuple[str, ...],
        caps: Sequence[Cap],
        credit: ComputedCredit,
        window: PeriodWindow,
        fee: PeriodFee | None,
    ) -> tuple[ComputedCredit, bool]:
        """`credit` of `window` under `caps` (of the objective, support or total named by `key`),
        and whether a cap cut it; the grant is recorded for the later periods."""
        capped = False
        for index, cap in enumerate(caps):
            history = self._granted.get((*key, str(index)), [])
            earlier = [c for start, c in history if _in_cap_window(cap.per, start, window)]
            already = combine_credits(earlier, "sum") if earlier else _NOTHING
            credit, bit = apply_cap(credit, cap_limit(cap, fee), already)
            capped = capped or bit
        for index, _ in enumerate(caps):
            self._granted.setdefault((*key, str(index)), []).append((window.start, credit))
        return credit, capped


def _in_cap_window(per: Window, earlier: datetime, window: PeriodWindow) -> bool:
    """Whether a grant of the period starting at `earlier` counts under a cap `per` that window,
    for the evaluated `window`."""
    if per == "period":
        return False
    if isinstance(per, Duration):
        return window.end - timedelta(microseconds=int(per.seconds * US_PER_SECOND)) <= earlier
    months = per.value * STEP_MONTHS[per.unit]
    local = window.end.astimezone(window.start.tzinfo)
    index = local.year * 12 + local.month - 1 - months
    return earlier >= local.replace(year=index // 12, month=index % 12 + 1, day=1)
