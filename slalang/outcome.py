"""What a command found, and the one mapping from it to the exit code (docs: DESIGN §5).

0 success; 1 findings: diagnostics at or above the threshold (syntax errors included), a file
`fmt --check` would reformat, a breach with `--fail-on-breach`, a failing contract example;
2 a usage error or input that cannot be used.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from slalang.diagnostics import Diagnostic, Level

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class UsageFailure(Exception):
    """A usage error or an input that cannot be used: one line for the user, and hints."""

    def __init__(self, message: str, hints: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.hints = tuple(hints)


@dataclass(frozen=True)
class Outcome:
    """What one command found; `exit_code` alone turns it into 0, 1 or 2."""

    diagnostics: Sequence[Diagnostic] = ()
    threshold: Level = Level.ERROR  # the lowest severity that counts as a finding
    would_reformat: int = 0  # files `fmt --check` would change
    breached: bool = False  # an objective missed, when the user asked to fail on it
    failed_examples: int = 0  # contract examples that failed or could not run
    usage_error: str | None = None

    @property
    def exit_code(self) -> int:
        if self.usage_error is not None:
            return EXIT_USAGE
        found = any(d.severity.rank >= self.threshold.rank for d in self.diagnostics)
        if found or self.would_reformat or self.breached or self.failed_examples:
            return EXIT_FINDINGS
        return EXIT_OK
