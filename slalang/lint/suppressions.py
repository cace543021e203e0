"""Inline suppressions: `# slalang: disable=CODES -- reason` comments, and rules SLA901/SLA902.

Three forms, each with one or more rule codes or names separated by commas and a required
reason after ` -- `:

    # slalang: disable=SLA102 -- reason            the line the comment is on
    # slalang: disable-next-line=SLA102 -- reason  the next line with a clause
    # slalang: disable-file=SLA102 -- reason       the whole file

A finding is suppressed when its span starts on a covered line.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from slalang.diagnostics import Diagnostic, Level, Span
from slalang.lint.registry import Rule, documented
from slalang.syntax.comments import scan_comments

PREFIX = re.compile(r"#\s*slalang\s*:", re.I)
DIRECTIVE = re.compile(
    r"#\s*slalang\s*:\s*(?P<form>disable|disable-next-line|disable-file)\s*=\s*"
    r"(?P<rules>[A-Za-z0-9_-]+(?:\s*,\s*[A-Za-z0-9_-]+)*)\s*(?:--\s*(?P<reason>.*))?$"
)
MALFORMED, UNUSED = "SLA901", "SLA902"


@dataclass
class Directive:
    span: Span
    form: str
    codes: tuple[str, ...]
    reason: str
    lines: frozenset[int]  # empty for the whole file
    used: set[str] = field(default_factory=set)

    def covers(self, d: Diagnostic) -> bool:
        if d.code not in self.codes or d.span is None:
            return False
        return self.form == "disable-file" or d.span.line in self.lines


def parse_directives(
    text: str, file: str | None, find_rule: Callable[[str], Rule | None]
) -> tuple[list[Directive], list[Diagnostic]]:
    """Every suppression comment in `text`, and a SLA901 diagnostic for each malformed one;
    `find_rule` finds the rule a directive names by code or name."""
    if "slalang" not in text:
        return [], []
    directives: list[Directive] = []
    problems: list[Diagnostic] = []
    next_clause = _next_clause_lines(text.split("\n"))
    for comment in scan_comments(text):
        if not PREFIX.match(comment.text):
            continue
        span = Span(
            file=file,
            line=comment.line,
            column=comment.column,
            end_line=comment.line,
            end_column=comment.column + len(comment.text),
        )
        match = DIRECTIVE.match(comment.text)
        if match is None:
            problems.append(_malformed(span, "this slalang comment is not a suppression"))
            continue
        reason = (match.group("reason") or "").strip()
        if not reason:
            problems.append(_malformed(span, "a suppression needs a reason after ' -- '"))
            continue
        codes: list[str] = []
        for key in match.group("rules").split(","):
            found = find_rule(key)
            if found is None:
                problems.append(_malformed(span, f"'{key.strip()}' is not a rule code or name"))
                break
            codes.append(found.code)
        else:
            form = match.group("form")
            covered = _covered_lines(form, comment.line, next_clause)
            directives.append(Directive(span, form, tuple(codes), reason, covered))
    return directives, problems


def _next_clause_lines(lines: list[str]) -> list[int]:
    """For each line number n (1-based, index n), the first line after it that holds a clause
    (0: none), found in one pass from the end."""
    after = [0] * (len(lines) + 1)
    for number in range(len(lines) - 1, 0, -1):
        stripped = lines[number].strip()
        after[number] = (
            number + 1 if stripped and not stripped.startswith("#") else after[number + 1]
        )
    return after


def _covered_lines(form: str, line: int, next_clause: list[int]) -> frozenset[int]:
    if form == "disable-file":
        return frozenset()
    if form == "disable":
        return frozenset({line})
    following = next_clause[line] if line < len(next_clause) else 0
    return frozenset({following}) if following else frozenset()


def _malformed(span: Span, message: str) -> Diagnostic:
    return Diagnostic(
        code=MALFORMED_RULE.code,
        name=MALFORMED_RULE.name,
        severity=MALFORMED_RULE.severity,
        message=message,
        span=span,
        hints=("write '# slalang: disable=SLA102 -- the reason it does not apply here'",),
    )


class Suppressor:
    """Decides, one diagnostic at a time, which directive suppresses it; directives are
    looked up by line, so the work is linear in diagnostics plus directives."""

    def __init__(self, directives: list[Directive]) -> None:
        self.by_line: dict[int | None, list[Directive]] = {}
        for x in directives:
            for line in x.lines if x.form != "disable-file" else (None,):
                self.by_line.setdefault(line, []).append(x)

    def suppressing(self, d: Diagnostic) -> Directive | None:
        """The first directive in the text that covers `d` (it is then used), or None."""
        candidates = self.by_line.get(d.span.line if d.span else 0, []) + self.by_line.get(None, [])
        covering = min(
            (x for x in candidates if x.covers(d)),
            key=lambda x: (x.span.line, x.span.column),
            default=None,
        )
        if covering is not None:
            covering.used.add(d.code)
        return covering


def unused(directives: list[Directive], active: set[str]) -> list[Diagnostic]:
    """SLA902 for each code a directive names that suppressed nothing (among rules that ran)."""
    out = []
    for x in directives:
        for code in x.codes:
            if code in active and code not in x.used:
                out.append(
                    Diagnostic(
                        code=UNUSED_RULE.code,
                        name=UNUSED_RULE.name,
                        severity=UNUSED_RULE.severity,
                        message=f"this suppression of {code} suppresses nothing",
                        span=x.span,
                        hints=("remove it, or the code from it",),
                    )
                )
    return out


MALFORMED_RULE = documented(
    MALFORMED,
    "malformed-suppression",
    Level.ERROR,
    """A `# slalang:` comment is not a valid suppression.

    A suppression names rule codes or names and gives a reason after ` -- `:
    `# slalang: disable=SLA102 -- the gap is intended, see annex B`. The forms are `disable`
    (this line), `disable-next-line` and `disable-file`. A suppression with no reason, an unknown
    rule, or a misspelt form suppresses nothing and is reported, so that it is fixed rather than
    silently ignored. Suppressions cannot suppress SLA9xx findings.

    Bad:
        # slalang: disable-file=SLA502
        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ SLA901
        contract "No reason" {
            fee monthly "Monthly fee"
        }

    Good:
        # slalang: disable-file=SLA502 -- the fee is invoiced in the customer's currency
        contract "With a reason" {
            fee monthly "Monthly fee"
        }
    """,
)

UNUSED_RULE = documented(
    UNUSED,
    "unused-suppression",
    Level.WARNING,
    """A suppression suppresses nothing.

    When the contract changes, a suppression can outlive the finding it silenced; left in place
    it would hide a future, different problem on that line. Remove it.

    Bad:
        # slalang: disable-file=SLA502 -- invoiced in the customer's currency
        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ SLA902
        contract "Nothing to hide" {
            currency EUR
            fee monthly "Monthly fee"
        }

    Good:
        contract "Nothing to hide" {
            currency EUR
            fee monthly "Monthly fee"
        }
    """,
)

SUPPRESSION_RULES = (MALFORMED_RULE, UNUSED_RULE)
