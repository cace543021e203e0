"""What every fuzz test asserts, and its budget.

`SLALANG_FUZZ_EXAMPLES` sets the examples per test (unset: each test's small CI budget, drawn
deterministically so CI sees the same inputs every run); `SLALANG_FUZZ_SECONDS` the time one input
may take (default 5). The time is measured and asserted, not left to hypothesis' `deadline`, and an
alarm turns a hang into a failure instead of a stuck run.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import TypeVar

from click.testing import CliRunner, Result
from hypothesis import HealthCheck, settings

from slalang.cli import main

T = TypeVar("T")
LONG_RUN = "SLALANG_FUZZ_EXAMPLES" in os.environ
SECONDS = float(os.environ.get("SLALANG_FUZZ_SECONDS", "5"))
_HANG = 2 * SECONDS  # the alarm: well beyond the budget, so only a hang trips it


class Hang(Exception):
    """Raised by the alarm (an Exception, so hypothesis shrinks the input; if slalang caught it,
    the measured time still fails the input)."""


def fuzz_settings(ci_examples: int) -> settings:
    """Hypothesis settings: `ci_examples` in CI, `SLALANG_FUZZ_EXAMPLES` in a long run."""
    return settings(
        max_examples=int(os.environ.get("SLALANG_FUZZ_EXAMPLES", ci_examples)),
        derandomize=not LONG_RUN,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        print_blob=True,
    )


def _warm_up() -> None:
    """Build the parser and load the holiday calendars once, outside any input's budget."""
    contracts = Path(__file__).resolve().parents[2] / "contracts"
    CliRunner().invoke(main, ["test", str(contracts / "acme-chat-enterprise.sla")])


_warm_up()


def _on_alarm(signum: int, frame: FrameType | None) -> None:
    raise Hang(f"one input ran for more than {_HANG:.0f} s")


@contextmanager
def bounded(what: str) -> Iterator[None]:
    """Fail unless the body ends within `SECONDS`; interrupt it if it hangs."""
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, _HANG, 1)  # again each second: a gc callback eats one
    started = time.monotonic()
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    elapsed = time.monotonic() - started
    assert elapsed < SECONDS, f"{what} took {elapsed:.1f} s (budget {SECONDS} s)"


def total(call: Callable[[], T], what: str, allowed: tuple[type[Exception], ...] = ()) -> T | None:
    """`call()` within the time budget; None if it raised one of `allowed`, else its result."""
    with bounded(what):
        try:
            return call()
        except allowed:
            return None


def cli(
    args: Sequence[str], stdin: bytes | None = None, codes: Sequence[int] = (0, 1, 2)
) -> Result:
    """`slalang ARGS` in process: within the budget, exit code in `codes`, never a traceback."""
    with bounded(f"slalang {' '.join(args[:2])}"):
        result = CliRunner().invoke(main, list(args), input=stdin)
    shown = f"slalang {list(args)} -> {result.exit_code}\n{result.output[-2000:]}"
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"{type(result.exception).__name__}: {result.exception}\n{shown}"
    )
    assert result.exit_code in codes, shown
    assert "Traceback" not in result.output, shown
    if result.exit_code == 2:  # slalang's one line, or click's usage error for an option
        assert "slalang: error: " in result.stderr or "\nError: " in result.stderr, shown
    return result
