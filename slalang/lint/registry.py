"""The rule registry: every lint rule, its code, name, default severity and documentation.

A rule is a function decorated with `@rule(code, name, severity)`. Its docstring is the rule's
documentation: a one-line summary, a rationale, then `Bad:` and `Good:` sections, each holding a
complete small contract indented by four spaces. The examples are run as tests and rendered into
`docs/rules.md`.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from slalang.diagnostics import Severity
from slalang.lint.context import Context, Finding

Check = Callable[[Context], Iterator[Finding]]

FAMILIES: dict[str, str] = {
    "SLA1": "Credits",
    "SLA2": "Measurement",
    "SLA3": "Support",
    "SLA4": "Exclusions, claims and remedies",
    "SLA5": "Numbers and text",
    "SLA6": "Structure",
    "SLA9": "Tool",
}


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    summary: str
    rationale: str
    bad: tuple[str, ...]
    good: tuple[str, ...]
    check: Check | None  # None for rules the runner applies itself (suppressions)
    options: Mapping[str, Any] = field(default_factory=dict)

    @property
    def family(self) -> str:
        return FAMILIES[self.code[:4]]

    @property
    def anchor(self) -> str:
        return f"{self.code.lower()}-{self.name}"


RULES: dict[str, Rule] = {}


def parse_doc(doc: str) -> tuple[str, str, tuple[str, ...], tuple[str, ...]]:
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
    examples: dict[str, list[str]] = {"Bad": [], "Good": []}
    for kind, body in sections:
        examples[kind].append(inspect.cleandoc("\n".join(body)) + "\n")
    return summary, "\n".join(prose).strip(), tuple(examples["Bad"]), tuple(examples["Good"])


def rule(code: str, name: str, severity: Severity, **options: Any) -> Callable[[Check], Check]:
    """Register a rule; `options` are its configurable settings with their defaults."""

    def register(check: Check) -> Check:
        add(code, name, severity, check.__doc__ or "", check, options)
        return check

    return register


def add(
    code: str,
    name: str,
    severity: Severity,
    doc: str,
    check: Check | None,
    options: Mapping[str, Any] | None = None,
) -> None:
    if code in RULES or any(r.name == name for r in RULES.values()):
        raise ValueError(f"rule {code} {name} is registered twice")
    summary, rationale, bad, good = parse_doc(doc)
    RULES[code] = Rule(code, name, severity, summary, rationale, bad, good, check, options or {})


def all_rules() -> list[Rule]:
    """Every rule, sorted by code (importing the rule modules registers them)."""
    import slalang.lint.rules  # noqa: F401

    return sorted(RULES.values(), key=lambda r: r.code)


def find_rule(key: str) -> Rule | None:
    """A rule by code (any case) or by name."""
    wanted = key.strip()
    for r in all_rules():
        if r.code == wanted.upper() or r.name == wanted.lower():
            return r
    return None


class UnknownSelector(ValueError):
    pass


def matches(r: Rule, selector: str) -> bool:
    s = selector.strip()
    return s.upper() == "ALL" or r.code.startswith(s.upper()) or r.name == s.lower()


def select_rules(select: Iterable[str] = (), ignore: Iterable[str] = ()) -> list[Rule]:
    """Rules chosen by codes, code prefixes (SLA1, SLA10) or names; `ALL` selects everything."""
    rules = all_rules()
    chosen, dropped = list(select) or ["ALL"], list(ignore)
    for selector in (*chosen, *dropped):
        if not any(matches(r, selector) for r in rules):
            raise UnknownSelector(f"'{selector}' matches no rule code, prefix or name")
    return [
        r
        for r in rules
        if any(matches(r, s) for s in chosen) and not any(matches(r, s) for s in dropped)
    ]
