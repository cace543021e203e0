"""The catalogue: every lint rule, listed from the rule families and the suppressions, and the
table of every diagnostic code (the front end's, the records', the examples' and the rules')."""

from __future__ import annotations

from types import ModuleType

from slalang.codes import CODES, Code
from slalang.lint.registry import Rule
from slalang.lint.rules import credits, measurement, remedies, structure, support, text
from slalang.lint.suppressions import SUPPRESSION_RULES

FAMILY_MODULES: tuple[ModuleType, ...] = (credits, measurement, support, remedies, text, structure)


def rules_of(modules: tuple[ModuleType, ...], tool: tuple[Rule, ...]) -> tuple[Rule, ...]:
    """The rules defined in `modules`, and `tool`, sorted by code; each code and name once."""
    rules = [
        value for module in modules for value in vars(module).values() if isinstance(value, Rule)
    ]
    rules.extend(tool)
    for attribute in ("code", "name"):
        seen = [getattr(r, attribute) for r in rules]
        twice = sorted({value for value in seen if seen.count(value) > 1})
        if twice:
            raise ValueError(f"two rules share the {attribute} {', '.join(twice)}")
    return tuple(sorted(rules, key=lambda r: r.code))


RULES = rules_of(FAMILY_MODULES, SUPPRESSION_RULES)


def all_rules() -> list[Rule]:
    """Every rule, sorted by code."""
    return list(RULES)


def find_rule(key: str) -> Rule | None:
    """A rule by code (any case) or by name."""
    wanted = key.strip()
    for r in RULES:
        if r.code == wanted.upper() or r.name == wanted.lower():
            return r
    return None


def code_table() -> dict[str, Code]:
    """Every diagnostic code, sorted: the rules' entries come from the rules themselves."""
    table = {**CODES, **{r.code: r.entry for r in RULES}}
    return dict(sorted(table.items()))
