"""`slalang.lint` from Python: text or a parse result in, diagnostics out."""

from __future__ import annotations

from pathlib import Path

import pytest

import slalang
from slalang.lint import SettingsError

THREE = Path(__file__).parent / "goldens" / "lint" / "three-findings.sla"


def test_lint_accepts_text_and_parse_results() -> None:
    text = THREE.read_text(encoding="utf-8")
    from_text = slalang.lint(text, path="three.sla")
    from_result = slalang.lint(slalang.loads(text, "three.sla"))
    assert [d.code for d in from_text] == ["SLA202", "SLA101", "SLA301"]
    assert from_text == from_result


def test_selection_and_rule_settings() -> None:
    text = THREE.read_text(encoding="utf-8")
    assert [d.code for d in slalang.lint(text, select=["SLA3"])] == ["SLA301"]
    assert [d.code for d in slalang.lint(text, ignore=["SLA1", "SLA3"])] == ["SLA202"]
    (found,) = slalang.lint(text, select=["tier-gap", "SLA101"], rules={"SLA101": "info"})
    assert found.severity is slalang.Level.INFO


def test_front_end_errors_come_back_as_they_are() -> None:
    (error,) = slalang.lint('contract "x" {')
    assert error.code == "SLA003"


@pytest.mark.parametrize(
    ("select", "rules"),
    [
        (["SLA7"], None),
        ([], {"SLA101": "fatal"}),
        ([], {"SLA101": {"limit": 3}}),
        ([], {"nope": "off"}),
    ],
)
def test_bad_settings_raise(select: list[str], rules: dict[str, object] | None) -> None:
    with pytest.raises(SettingsError):
        slalang.lint('contract "x" {}', select=select, rules=rules)
