"""`slalang.compare` and `slalang compare`: exact curves checked against `slalang.evaluate`."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import slalang
from slalang import curves
from slalang.cli import main
from slalang.compare import Comparison, DominanceRange, compare, credit_curve
from slalang.evaluate.measure import decimal_text
from slalang.loader import load
from slalang.model import Contract
from tests.evaluate_helpers import TIERS, availability, objective, outage, run
from tests.strategies import contracts

ROOT = Path(__file__).resolve().parents[1]
FREE = ROOT / "contracts/plans/free.sla"
PAID = ROOT / "contracts/plans/paid.sla"
SEPTEMBER = datetime(2026, 9, 1, tzinfo=UTC)
SECONDS = 30 * 86_400  # September
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))

# Availability measured exactly (no slices), so an outage of s seconds gives (SECONDS - s) / SECONDS.
CREDITS = {
    "tiers": availability("slice exact", TIERS),
    "tiers capped": availability("slice exact", TIERS + "\n        cap 20% of base_fee per period"),
    "per hour started": availability(
        "slice exact", "credit 5% of base_fee per 1 hour down started\n        cap 25% per period"
    ),
    "per half hour completed": availability(
        "slice exact", "credit 1% of base_fee per 30 minutes down completed"
    ),
    "pro rata": availability("slice exact", "credit 1000% of base_fee per period down"),
    "per breach": availability("slice exact", "credit 7% of base_fee per breach"),
    "tiers and breach": availability(
        "slice exact", TIERS + "\n        credit 3% of base_fee per breach"
    ),
}


CREDITS = {name: c.model_copy(update={"name": name}) for name, c in CREDITS.items()}


def _contract(path: Path) -> Contract:
    result = load(path)
    assert result.contract is not None
    return result.contract


def _curve(c: Contract) -> tuple[curves.Piece, ...]:
    _, pieces = credit_curve(0, c, c.objectives[0], date(2026, 9, 1), None)
    assert pieces is not None
    return pieces


def _evaluated_credit(c: Contract, seconds: int) -> Fraction:
    """The objective's credit in percent of the fee when `seconds` of September are down, as the
    report gives it (a repeating decimal rounded to 12 places)."""
    records = []
    if seconds:
        end = SEPTEMBER + timedelta(seconds=seconds)
        records = [outage("o1", SEPTEMBER.isoformat(), end.isoformat())]
    report = run(c, records, fee="10000 EUR")
    found = objective(report)
    assert found.credit_percent is not None
    return Fraction(found.credit_percent.rstrip("%"))


def _shown(value: Fraction) -> Fraction:
    """The exact curve value as the report writes it."""
    return Fraction(decimal_text(value, 0))


def _bounds(c: Contract) -> list[int]:
    """Outage lengths in whole seconds that land on each bound of the curve, and one either side."""
    out = {0, SECONDS}
    for p in _curve(c):
        for x in (p.low, p.high):
            if x is not None:
                s = (1 - x) * SECONDS
                if s.denominator == 1:
                    out.update({int(s) - 1, int(s), int(s) + 1})
    return sorted(s for s in out if 0 <= s <= SECONDS)


@pytest.mark.parametrize("name", sorted(CREDITS))
def test_the_curve_agrees_with_evaluation_at_every_bound(name: str) -> None:
    c = CREDITS[name]
    pieces = _curve(c)
    for seconds in _bounds(c):
        measured = Fraction(SECONDS - seconds, SECONDS)
        assert _shown(curves.value_at(pieces, measured)) == _evaluated_credit(c, seconds), seconds


@SETTINGS
@given(st.sampled_from(sorted(CREDITS)), st.integers(0, SECONDS))
def test_the_curve_agrees_with_evaluation_at_random_points(name: str, seconds: int) -> None:
    c = CREDITS[name]
    measured = Fraction(SECONDS - seconds, SECONDS)
    assert _shown(curves.value_at(_curve(c), measured)) == _evaluated_credit(c, seconds)


@SETTINGS
@given(
    st.sampled_from(sorted(CREDITS)),
    st.sampled_from(sorted(CREDITS)),
    st.integers(0, SECONDS),
)
def test_dominance_agrees_with_evaluation_on_generated_downtime(
    a: str, b: str, seconds: int
) -> None:
    """Where the comparison says A pays more (less, the same), evaluating both says so too."""
    result = compare(CREDITS[a], CREDITS[b], reference=date(2026, 9, 1))
    [dominance] = result.dominance
    measured = Fraction(SECONDS - seconds, SECONDS)
    [where] = [r for r in dominance.ranges if _holds(r, measured)]
    got = _evaluated_credit(CREDITS[a], seconds) - _evaluated_credit(CREDITS[b], seconds)
    assert where.pays_more == (0 if got > 0 else 1 if got < 0 else None)
    if dominance.statement == f"{a} pays at least as much as {b} at every availability level":
        assert all(r.pays_more != 1 for r in dominance.ranges)
    if dominance.statement == f"{b} pays at least as much as {a} at every availability level":
        assert all(r.pays_more != 0 for r in dominance.ranges)


def _holds(r: DominanceRange, x: Fraction) -> bool:
    low, high = Fraction(r.low), None if r.high is None else Fraction(r.high)
    above = x >= low if r.low_closed else x > low
    return above and (high is None or (x <= high if r.high_closed else x < high))


def test_paid_pays_at_least_as_much_as_free_at_every_level() -> None:
    result = compare(_contract(FREE), _contract(PAID))
    statements = {d.objective: d.statement for d in result.dominance}
    assert statements["availability"] == (
        "IM/RTC vendor: paid tier pays at least as much as IM/RTC vendor: free tier at every "
        "availability level"
    )
    assert all(r.pays_more in (1, None) for d in result.dominance for r in d.ranges)


def test_allowed_downtime_is_exact() -> None:
    result = compare(_contract(PAID), reference=date(2026, 9, 1))
    target = next(a for a in result.downtime if a.source == "target")
    assert (target.period, target.per_period_minutes, target.per_period) == (
        "2026-09",
        "43.2",
        "43 minutes 12 seconds",
    )
    assert target.per_year_minutes == "525.6"


def test_deadlines_use_the_business_clock_and_its_holidays() -> None:
    result = compare(_contract(PAID))
    normal = {
        d.moment: d.deadline
        for d in result.deadlines
        if d.severity == "normal" and d.target.startswith("respond")
    }
    assert normal["an ordinary Friday 18:00"] == "Mon 2026-01-12 13:00 +08:00"
    assert (
        normal["Friday 17:30 before the 2026-02-16 holiday (CN)"] == "Tue 2026-02-24 12:30 +08:00"
    )


def test_a_dst_night_is_one_of_the_moments_where_a_zone_changes_clocks() -> None:
    result = compare(availability(), reference=date(2026, 1, 1))  # UTC: no change
    assert not any("clocks change" in d.moment for d in result.deadlines)
    helix = _contract(ROOT / "contracts/helix-support-policy.sla")
    moments = {d.moment: d for d in compare(helix).deadlines}
    night = [m for m in moments if "clocks change" in m]
    assert night, sorted(moments)
    assert "01:30" in moments[night[0]].opened


def test_opened_moments_are_added() -> None:
    at = datetime(2026, 3, 6, 23, 0, tzinfo=UTC)
    result = compare(_contract(PAID), opened=[("late", at)])
    assert any(d.moment == "late" for d in result.deadlines)
    with pytest.raises(ValueError, match="offset"):
        compare(_contract(PAID), opened=[("naive", datetime(2026, 3, 6))])


def test_terms_stated_in_one_contract_only() -> None:
    result = compare(_contract(FREE), _contract(PAID))
    assert "availability" in result.only_in_some and "respond: urgent" in result.only_in_some
    rows = {t.term: t.values for t in result.terms}
    assert rows["respond: normal"] == ["48 hours 24x7", "4 business hours on workdays"]
    assert rows["channels"][0] == "ticket_queue (Online ticket queue) (support calendar)"
    assert rows["channels"][1] is not None
    assert rows["channels"][1].startswith(
        "hotline (7x24 emergency line) 24x7 for severity urgent, incident;"
    )
    assert rows["escalation"] == [
        None,
        "urgent: to senior_engineer within 30 minutes 24x7, to engineering within 2 hours 24x7",
    ]
    assert rows["resolve: normal"] == ["best effort", "3 business days on workdays"]


def test_a_fee_turns_every_credit_into_money_and_caps_the_total() -> None:
    acme = _contract(ROOT / "contracts/acme-chat-enterprise.sla")
    without = compare(acme)
    assert set(without.exposure[0].per_period) == {"percent of monthly_fee", "CNY"}
    money = compare(acme, fee="20000 CNY")
    assert money.exposure[0].per_period == {"CNY": "12000"}  # 50% + 5% of 20000 + 1000
    assert money.exposure[0].per_year == {"CNY": "144000"}


@SETTINGS
@given(contracts(), contracts())
def test_generated_contracts_compare_without_error(a: Contract, b: Contract) -> None:
    result = compare(a, b)
    assert len(result.contracts) == 2
    for curve in result.curves:
        assert (curve.pieces is None) == (curve.maximum is None)


def test_the_api_is_exported() -> None:
    paid = _contract(PAID)
    assert slalang.compare(paid) == compare(paid)


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


@pytest.mark.parametrize("output", ["text", "json", "markdown"])
def test_cli_goldens(output: str, golden: Callable[[str, str], None]) -> None:
    code, out = _run("compare", str(FREE), str(PAID), "--format", output)
    assert code == 0, out
    golden(f"buyers/compare-plans.{'md' if output == 'markdown' else output}", out)


def test_cli_golden_of_three_contracts(golden: Callable[[str, str], None]) -> None:
    names = ["acme-chat-enterprise.sla", "stratus-object-storage.sla", "helix-support-policy.sla"]
    code, out = _run("compare", *(str(ROOT / "contracts" / n) for n in names))
    assert code == 0, out
    golden("buyers/compare-three.txt", out)


def test_cli_json_is_the_model() -> None:
    _, out = _run("compare", str(FREE), str(PAID), "--format", "json")
    data = json.loads(out)
    assert data.pop("schema") == "slalang.compare/v1"
    assert Comparison.model_validate(data).contracts[1].name == "IM/RTC vendor: paid tier"


@pytest.mark.parametrize(
    "args",
    [
        ["--fee", "lots"],
        ["--fee", "100 USD"],
        ["--fee", "-5 CNY"],
        ["--reference", "2026-13-01"],
        ["--opened", "yesterday"],
    ],
)
def test_bad_options_are_exit_2(args: list[str]) -> None:
    code, _ = _run("compare", str(PAID), *args)
    assert code == 2
