"""`slalang.diff` and `slalang diff`: semantic changes, judged for the buyer."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings

import slalang
from slalang.cli import main
from slalang.diff import ContractDiff, diff
from slalang.fmt import dumps, reformat
from slalang.loader import load, loads
from slalang.model import Contract
from tests.strategies import contracts

ROOT = Path(__file__).resolve().parents[1]
CONTRACTS = sorted((ROOT / "contracts").rglob("*.sla"))
PAID = ROOT / "contracts/plans/paid.sla"
PAID_2027 = ROOT / "tests/data/buyers/paid-2027.sla"


def _contract(path: Path) -> Contract:
    result = load(path)
    assert result.contract is not None, result.diagnostics
    return result.contract


def _changes(result: ContractDiff) -> dict[tuple[str, str], str]:
    return {(c.where, c.clause): c.verdict for c in result.changes}


@pytest.mark.parametrize("path", CONTRACTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_a_contract_against_itself_and_its_formatted_copy_has_no_change(path: Path) -> None:
    parsed = load(path)
    assert parsed.contract is not None
    formatted = reformat(parsed.contract, parsed.text, parsed.comments, parsed.normalised)
    copy = loads(formatted.formatted, str(path)).contract
    assert copy is not None
    assert diff(parsed.contract, parsed.contract).changes == []
    assert diff(parsed.contract, copy).changes == []


def test_comments_and_layout_give_no_change() -> None:
    text = PAID.read_text(encoding="utf-8")
    shuffled = "# a new comment\n" + text.replace(
        "    target >= 99.9%", "    target   >=   99.9%  # ok"
    )
    a, b = loads(text).contract, loads(shuffled).contract
    assert a is not None and b is not None
    assert diff(a, b).changes == []


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(contracts(), contracts())
def test_generated_contracts_diff_without_error_and_not_against_themselves(
    a: Contract, b: Contract
) -> None:
    assert diff(a, a).changes == []
    copy = loads(dumps(a)).contract
    assert copy is not None and diff(a, copy).changes == []
    result = diff(a, b)
    assert all(c.verdict in ("better", "worse", "neutral") and c.reason for c in result.changes)
    if a != b:
        assert result.changes, "two different contracts must differ somewhere"


def test_each_change_of_a_worse_version_is_judged() -> None:
    found = _changes(diff(_contract(PAID), _contract(PAID_2027)))
    assert found == {
        ("objective im_availability", "target"): "worse",
        ("objective im_availability", "exclusions"): "worse",
        ("objective im_availability", "credits"): "worse",
        ("objective delivery", "credits"): "better",
        ("support", "severity_assigned_by"): "worse",
        ("support", "channels"): "worse",
        ("support severity urgent", "respond"): "worse",
        ("support severity urgent", "escalations"): "worse",
        ("support severity normal", "respond"): "worse",
        ("compensation", "caps"): "worse",
        ("compensation", "claim"): "worse",
        ("examples", "example"): "neutral",
    }
    back = _changes(diff(_contract(PAID_2027), _contract(PAID)))
    flipped = {"better": "worse", "worse": "better", "neutral": "neutral"}
    assert back == {key: flipped[v] for key, v in found.items()}


def test_a_move_to_business_hours_says_when_a_friday_evening_ticket_is_answered() -> None:
    result = diff(_contract(PAID), _contract(PAID_2027))
    [urgent] = [
        c for c in result.changes if c.where == "support severity urgent" and c.clause == "respond"
    ]
    assert urgent.old == "1 hour 24x7" and urgent.new == "1 business hour on workdays"
    assert (
        "a ticket opened Fri 2026-01-09 18:00 +08:00 (an ordinary Friday 18:00) now waits until "
        "Mon 2026-01-12 10:00 +08:00 (was Fri 2026-01-09 19:00 +08:00)" in urgent.reason
    )
    # before the Spring Festival the business clock stops for a week
    assert "now waits until Tue 2026-02-24 09:30 +08:00" in urgent.reason


def test_objectives_are_matched_by_service_and_kind_when_renamed() -> None:
    text = PAID.read_text(encoding="utf-8")
    renamed = loads(text.replace("im_availability", "im_uptime")).contract
    a = loads(text).contract
    assert a is not None and renamed is not None
    changes = [c for c in diff(a, renamed).changes if c.where != "examples"]  # they name the id
    assert [(c.clause, c.old, c.new, c.verdict) for c in changes] == [
        ("id", "im_availability", "im_uptime", "neutral")
    ]


def test_an_objective_removed_is_worse_and_one_added_better() -> None:
    free, paid = _contract(ROOT / "contracts/plans/free.sla"), _contract(PAID)
    upgrade = _changes(diff(free, paid))
    assert upgrade[("objective im_availability", "objective")] == "better"
    assert upgrade[("support severity urgent", "severity")] == "better"
    downgrade = _changes(diff(paid, free))
    assert downgrade[("objective im_availability", "objective")] == "worse"


def test_the_api_is_exported() -> None:
    a = _contract(PAID)
    assert slalang.diff(a, a) == diff(a, a)


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


@pytest.mark.parametrize("output", ["text", "json", "markdown"])
def test_cli_goldens(output: str, golden: Callable[[str, str], None]) -> None:
    code, out = _run("diff", str(PAID), str(PAID_2027), "--format", output)
    assert code == 0
    golden(f"buyers/diff-paid-2027.{'md' if output == 'markdown' else output}", out)


def test_cli_json_is_the_model() -> None:
    _, out = _run("diff", str(PAID), str(PAID_2027), "--format", "json")
    data = json.loads(out)
    assert data["schema"] == "slalang.diff/v1"
    assert ContractDiff.model_validate({k: v for k, v in data.items() if k != "schema"})


def test_fail_on_worse_exits_1_only_when_something_got_worse() -> None:
    assert _run("diff", str(PAID), str(PAID_2027), "--fail-on", "worse")[0] == 1
    assert _run("diff", str(PAID_2027), str(PAID), "--fail-on", "worse")[0] == 1  # one is worse
    assert _run("diff", str(PAID), str(PAID), "--fail-on", "worse")[0] == 0
    free = str(ROOT / "contracts/plans/free.sla")  # the paid tier adds a cap and a sole remedy
    assert _run("diff", free, str(PAID), "--fail-on", "worse")[0] == 1


def test_unusable_input_is_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.sla"
    bad.write_text('contract "x" {\n    target\n}\n', encoding="utf-8")
    assert _run("diff", str(bad), str(PAID))[0] == 2
    assert _run("diff", str(tmp_path / "missing.sla"), str(PAID))[0] == 2
    assert _run("diff", "-", "-")[0] == 2
