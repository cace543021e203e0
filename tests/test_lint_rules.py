"""Every rule's documented examples: each Bad one fires the rule, each Good one does not."""

from __future__ import annotations

import pytest

from slalang.lint import Rule, all_rules, lint
from slalang.loader import loads

RULES = all_rules()
BAD = [pytest.param(r, text, id=f"{r.code}-bad{i}") for r in RULES for i, text in enumerate(r.bad)]
GOOD = [
    pytest.param(r, text, id=f"{r.code}-good{i}") for r in RULES for i, text in enumerate(r.good)
]


def _codes(text: str) -> list[str]:
    result = loads(text, "example.sla")
    assert result.contract is not None, result.diagnostics
    return [d.code for d in lint(result)]


@pytest.mark.parametrize(("rule", "text"), BAD)
def test_bad_example_fires(rule: Rule, text: str) -> None:
    assert rule.code in _codes(text)


@pytest.mark.parametrize(("rule", "text"), GOOD)
def test_good_example_is_silent(rule: Rule, text: str) -> None:
    assert rule.code not in _codes(text)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_is_documented(rule: Rule) -> None:
    assert rule.bad and rule.good, "a rule needs Bad and Good examples"
    assert rule.summary.endswith(".") and rule.rationale
    assert rule.name == rule.name.lower() and " " not in rule.name


def test_catalogue_size_and_families() -> None:
    assert len(RULES) >= 30
    assert {r.code[:4] for r in RULES} == {"SLA1", "SLA2", "SLA3", "SLA4", "SLA5", "SLA6", "SLA9"}
    assert len({r.name for r in RULES}) == len(RULES)
