"""Which rules run, at what severity, with which options: from flags and `[tool.slalang.rules]`.

The `rules` table maps a rule code or name to a severity (`"error"`, `"warning"`, `"info"`) or
`"off"`, or to a table with an optional `severity` and the rule's options:

    [tool.slalang.rules]
    SLA406 = "off"
    tier-gap = "error"
    SLA401 = { severity = "error", min-notice-hours = 24 }
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from slalang.diagnostics import Level
from slalang.lint.catalogue import RULES, find_rule
from slalang.lint.registry import Rule

OFF = "off"


class SettingsError(ValueError):
    pass


class RulesTableError(SettingsError):
    """A mistake in the `rules` configuration table, rather than in a selector."""


@dataclass(frozen=True)
class Settings:
    rules: tuple[Rule, ...]
    severities: Mapping[str, Level] = field(default_factory=dict)
    options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    def severity(self, rule: Rule) -> Level:
        return self.severities.get(rule.code, rule.severity)

    @property
    def codes(self) -> set[str]:
        return {r.code for r in self.rules}


def _matches(r: Rule, selector: str) -> bool:
    s = selector.strip()
    return s.upper() == "ALL" or r.code.startswith(s.upper()) or r.name == s.lower()


def select_rules(select: Iterable[str] = (), ignore: Iterable[str] = ()) -> list[Rule]:
    """Rules chosen by codes, code prefixes (SLA1, SLA10) or names; `ALL` selects everything."""
    chosen, dropped = list(select) or ["ALL"], list(ignore)
    for selector in (*chosen, *dropped):
        if not any(_matches(r, selector) for r in RULES):
            raise SettingsError(f"'{selector}' matches no rule code, prefix or name")
    return [
        r
        for r in RULES
        if any(_matches(r, s) for s in chosen) and not any(_matches(r, s) for s in dropped)
    ]


def make_settings(
    select: Iterable[str] = (), ignore: Iterable[str] = (), config: Mapping[str, Any] | None = None
) -> Settings:
    """Settings from --select/--ignore selectors and a `rules` configuration table."""
    chosen = select_rules(select, ignore)
    severities: dict[str, Level] = {}
    options: dict[str, dict[str, Any]] = {}
    off: set[str] = set()
    for key, value in (config or {}).items():
        found = find_rule(key)
        if found is None:
            raise RulesTableError(f"rules: '{key}' is not a rule code or name")
        table = value if isinstance(value, Mapping) else {"severity": value}
        for option, setting in table.items():
            name = option.replace("-", "_")
            if name == "severity":
                if setting == OFF:
                    off.add(found.code)
                    continue
                try:
                    severities[found.code] = Level(setting)
                except ValueError:
                    raise RulesTableError(
                        f"rules.{key}: severity is error, warning, info or off, not {setting!r}"
                    ) from None
            elif name in found.options:
                options.setdefault(found.code, dict(found.options))[name] = setting
            else:
                known = ", ".join(o.replace("_", "-") for o in found.options) or "none"
                raise RulesTableError(f"rules.{key}: unknown option '{option}' (options: {known})")
    return Settings(tuple(r for r in chosen if r.code not in off), severities, options)
