"""The contract linter: rules that find ambiguity and inconsistency in a contract.

import slalang
for d in slalang.lint(slalang.load("contract.sla"), ignore=["SLA406"]):
    print(d.code, d.message)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from slalang.diagnostics import Diagnostic
from slalang.lint.catalogue import all_rules, code_table, find_rule
from slalang.lint.registry import Rule
from slalang.lint.runner import LintResult, run
from slalang.lint.settings import Settings, SettingsError, make_settings
from slalang.loader import ParseResult, loads


def lint(
    source: ParseResult | str,
    *,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    rules: Mapping[str, Any] | None = None,
    path: str | None = None,
) -> list[Diagnostic]:
    """Lint a parse result or contract text: front-end errors, or the findings of the rules.

    `select`/`ignore` take codes, code prefixes and rule names; `rules` is a configuration table
    as in `[tool.slalang.rules]`. Raises `SettingsError` for an unknown selector or setting.
    """
    result = loads(source, path) if isinstance(source, str) else source
    return run(result, make_settings(select, ignore, rules)).diagnostics


__all__ = [
    "LintResult",
    "Rule",
    "Settings",
    "SettingsError",
    "all_rules",
    "code_table",
    "find_rule",
    "lint",
    "make_settings",
    "run",
]
