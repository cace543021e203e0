"""What a lint rule is: its code, name, default severity and documentation. Imports no rules.

A rule is a function decorated with `@rule(code, name, severity)`, which turns it into a `Rule`;
the catalogue lists the rule families. The docstring is the rule's documentation: a one-line
summary, a rationale, then `Bad:` and `Good:` sections, each holding a complete small contract
indented by four spaces. A Bad example marks where each finding is reported with a line of
carets under the offending text and the code, underlining the finding's span on its first line:

    Bad:
        contract "Tiers" {
            period calendar month
            ^^^^^^^^^^^^^^^^^^^^^ SLA202
        }

The examples are run as tests and rendered into `docs/rules.md` without the marks.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from slalang.codes import Code
from slalang.diagnostics import Level
from slalang.lint.context import Context, Finding

Check = Callable[[Context], Iterator[Finding]]

MARK = re.compile(r"(?P<indent> *)(?P<carets>\^+) (?P<code>SLA\d{3})")


@dataclass(frozen=True)
class Mark:
    """Where an example expects a finding: 1-based line and column, and the underline's width."""

    code: str
    line: int
    column: int
    width: int


@dataclass(frozen=True)
class RuleExample:
    text: str
    marks: tuple[Mark, ...] = ()


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Level
    summary: str
    rationale: str
    bad: tuple[RuleExample, ...]
    good: tuple[RuleExample, ...]
    check: Check | None  # None for rules the runner applies itself (suppressions)
    options: Mapping[str, Any] = field(default_factory=dict)

    @property
    def entry(self) -> Code:
        """The rule's row in the table of every diagnostic code."""
        return Code(self.code, self.name, self.severity, self.summary, self.bad[0].text)

    @property
    def family(self) -> str:
        return self.entry.family

    @property
    def anchor(self) -> str:
        return self.entry.anchor


def parse_example(body: list[str]) -> RuleExample:
    """An example's text without its caret lines, and the marks they make."""
    lines: list[str] = []
    marks: list[Mark] = []
    for line in inspect.cleandoc("\n".join(body)).splitlines():
        found = MARK.fullmatch(line.rstrip())
        if found is None:
            lines.append(line)
            continue
        column = len(found.group("indent")) + 1
        marks.append(Mark(found.group("code"), len(lines), column, len(found.group("carets"))))
    return RuleExample("\n".join(lines) + "\n", tuple(marks))


def parse_doc(doc: str) -> tuple[str, str, tuple[RuleExample, ...], tuple[RuleExample, ...]]:
    """Summary, rationale, Bad examples and Good examples of a rule docstring."""
    lines = inspect.cleandoc(doc).splitlines()
    summary = lines[0].strip()
    prose: list[str] = []
    sections: list[tuple[str, list[str]]] = []
    for line in lines[1:]:
        if line in ("Bad:", "Good:"):
            sections.append((line[:-1], []))
        elif sections:
            sections[-1][1].append(line)
        else:
            prose.append(line)
    examples: dict[str, list[RuleExample]] = {"Bad": [], "Good": []}
    for kind, body in sections:
        examples[kind].append(parse_example(body))
    return summary, "\n".join(prose).strip(), tuple(examples["Bad"]), tuple(examples["Good"])


def documented(
    code: str,
    name: str,
    severity: Level,
    doc: str,
    check: Check | None = None,
    options: Mapping[str, Any] | None = None,
) -> Rule:
    """A rule whose documentation is `doc`."""
    summary, rationale, bad, good = parse_doc(doc)
    return Rule(code, name, severity, summary, rationale, bad, good, check, options or {})


def rule(code: str, name: str, severity: Level, **options: Any) -> Callable[[Check], Rule]:
    """Make a check a rule; `options` are its configurable settings with their defaults."""

    def make(check: Check) -> Rule:
        return documented(code, name, severity, check.__doc__ or "", check, options)

    return make
