"""Support clock speed: deadlines and elapsed open time for 100,000 tickets.

    python bench/bench_clock.py

Each ticket (seeded, spread over 2026) asks its clock for a 4-business-hour deadline, a
2-business-day deadline (both with one pause) and the open time until it was resolved, less the
pause. Clocks: business hours in Asia/Shanghai with CN holidays, and 24x7. Median of 3 rounds on
one clock per calendar, as the evaluator uses them; the one-off work is reported separately.
"""

from __future__ import annotations

import random
import statistics
import sys
import time as clock_time
from datetime import UTC, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from slalang.evaluate.clock import AroundTheClock, BusinessClock, Clock, ClockPause
from slalang.model import BusinessDuration, Calendar, DayRange, OpenHours

TICKETS = 100_000
YEAR = datetime(2026, 1, 1, tzinfo=UTC)
RESPOND = BusinessDuration(value=Decimal(4), unit="hours")
RESOLVE = BusinessDuration(value=Decimal(2), unit="days")
CALENDAR = Calendar(
    id="support",
    timezone="Asia/Shanghai",
    holidays="CN",
    open=(
        OpenHours(
            days=(DayRange(first="mon", last="fri"),),
            start=time(9),
            end=time(18),
        ),
    ),
)


def _tickets() -> list[tuple[datetime, list[ClockPause], datetime]]:
    rng = random.Random(1)
    out = []
    for _ in range(TICKETS):
        opened = YEAR + timedelta(seconds=rng.randrange(365 * 86_400))
        paused = opened + timedelta(seconds=rng.randrange(86_400))
        pause: ClockPause = (paused, paused + timedelta(seconds=rng.randrange(3 * 86_400)))
        out.append((opened, [pause], opened + timedelta(seconds=rng.randrange(10 * 86_400))))
    return out


def _round(clock: Clock, tickets: list[tuple[datetime, list[ClockPause], datetime]]) -> float:
    start = clock_time.perf_counter()
    for opened, pauses, resolved in tickets:
        clock.deadline(opened, RESPOND, pauses)
        clock.deadline(opened, RESOLVE, pauses)
        clock.elapsed(opened, resolved, pauses)
    return clock_time.perf_counter() - start


def main() -> None:
    tickets = _tickets()
    start = clock_time.perf_counter()
    business = BusinessClock(CALENDAR, None)
    built = clock_time.perf_counter()
    business.elapsed(YEAR, YEAR + timedelta(days=1))
    first = clock_time.perf_counter()
    print(f"BusinessClock construction (imports holidays): {1000 * (built - start):.1f} ms")
    print(f"first use (builds one local year, CN holidays): {1000 * (first - built):.1f} ms")
    for clock in (business, AroundTheClock()):
        seconds = statistics.median(_round(clock, tickets) for _ in range(3))
        per_call = seconds / (3 * TICKETS) * 1e6
        print(
            f"{type(clock).__name__}: {seconds:.2f} s for {TICKETS:,} tickets, {per_call:.1f} us/call"
        )
    cold = BusinessClock(CALENDAR, None)
    start = clock_time.perf_counter()
    cold.elapsed(datetime(2020, 1, 1, tzinfo=UTC), datetime(2030, 1, 1, tzinfo=UTC))
    middle = clock_time.perf_counter()
    cold.elapsed(datetime(2020, 1, 1, tzinfo=UTC), datetime(2030, 1, 1, tzinfo=UTC))
    end = clock_time.perf_counter()
    print(
        f"elapsed over 10 years: {1000 * (middle - start):.1f} ms cold, {1e6 * (end - middle):.1f} us warm"
    )


if __name__ == "__main__":
    main()
