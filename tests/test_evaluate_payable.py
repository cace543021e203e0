"""Entitled and payable credit: claims decide what is payable (with the reason), a claim's
`objective` field claims that objective's credit, and an amount is null when no fee is known."""

from __future__ import annotations

from typing import Any

import pytest

from slalang.records.model import Claim
from slalang.render.report import render_markdown, render_text
from tests.evaluate_helpers import TIERS, contract, objective, outage, run

WINDOW = '\n    compensation {\n        claim from period end to 30 days after period end via "portal"\n    }'


def two_objectives(compensation: str = WINDOW) -> Any:
    """Two objectives that each owe 10% (of base_fee) for one long outage."""
    return contract(
        f"""
    objective availability up {{
        service api
        target >= 99.9%
        {TIERS}
    }}
    objective availability also {{
        service api
        target >= 99.9%
        {TIERS}
    }}{compensation}"""
    )


DOWN = outage("o1", "2026-09-10T00:00:00Z", "2026-09-10T05:00:00Z")  # 300 min: 99.3%


def claim(filed: str, objective: str | None = None, channel: str = "portal") -> Claim:
    return Claim(id="k1", period="2026-09", filed_at=filed, channel=channel, objective=objective)


ON_TIME = "2026-10-05T00:00:00Z"


def test_a_claimable_claim_makes_the_entitled_credit_payable() -> None:
    report = run(two_objectives(), [DOWN, claim(ON_TIME)], fee="1000 EUR")
    period = report.credits.periods[0]
    assert (period.entitled.percent, period.entitled.amount) == ("20%", "200.00")
    assert (period.payable.percent, period.payable.amount) == ("20%", "200.00")
    assert report.credits.payable.amount == "200.00"


@pytest.mark.parametrize(
    ("filed", "channel", "why"),
    [
        ("2026-09-30T00:00:00Z", "portal", "before the window opens"),
        ("2026-11-05T00:00:00Z", "portal", "after the window closed"),
        (ON_TIME, "email", "not portal"),
    ],
)
def test_a_premature_expired_or_misdirected_claim_makes_nothing_payable(
    filed: str, channel: str, why: str
) -> None:
    report = run(two_objectives(), [DOWN, claim(filed, channel=channel)], fee="1000 EUR")
    period = report.credits.periods[0]
    assert period.entitled.amount == "200.00"  # what the service levels give is unchanged
    assert (period.payable.amount, report.credits.payable.amount) == ("0.00", "0.00")
    assert period.payable.reason.startswith("nothing payable: ") and why in period.payable.reason
    assert "payable: none (nothing payable" in render_text(report)
    assert "**Payable:** none (nothing payable" in render_markdown(report)


def test_without_a_claim_window_the_credit_is_payable_without_a_claim() -> None:
    report = run(two_objectives(""), [DOWN], fee="1000 EUR")
    assert report.credits.payable.amount == "200.00"
    assert "payable without a claim" in report.credits.payable.reason


def test_with_a_window_and_no_claim_nothing_is_payable_yet() -> None:
    report = run(two_objectives(), [DOWN], fee="1000 EUR")
    assert report.credits.payable.amount == "0.00"
    assert report.credits.payable.reason.startswith("no claim filed yet")


def test_a_claim_that_names_an_objective_claims_its_credit_only() -> None:
    report = run(two_objectives(), [DOWN, claim(ON_TIME, objective="up")], fee="1000 EUR")
    period = report.credits.periods[0]
    assert period.entitled.amount == "200.00"
    assert (period.payable.percent, period.payable.amount) == ("10%", "100.00")
    assert period.payable.reason.endswith("it claims up only")


def test_a_claim_that_names_no_objective_of_the_contract_claims_nothing() -> None:
    report = run(two_objectives(), [DOWN, claim(ON_TIME, objective="upp")], fee="1000 EUR")
    payable = report.credits.periods[0].payable
    assert payable.amount == "0.00"
    assert "upp: no objective of the contract" in payable.reason


def test_without_a_fee_an_amount_is_null_also_when_nothing_is_owed() -> None:
    quiet = run(two_objectives(""), [outage("o1", "2026-09-10T00:00:00Z", "2026-09-10T00:01:00Z")])
    assert objective(quiet).credit_amount is None
    assert objective(quiet).credit_percent == "0%"
    assert quiet.credits.total_amount is None
    assert quiet.credits.periods[0].credit_amount is None
    assert quiet.credits.payable.amount is None
    owed = run(two_objectives(""), [DOWN])
    assert (objective(owed).credit_percent, objective(owed).credit_amount) == ("10%", None)


def test_with_a_fee_nothing_owed_is_zero_money() -> None:
    quiet = run(
        two_objectives(""),
        [outage("o1", "2026-09-10T00:00:00Z", "2026-09-10T00:01:00Z")],
        fee="1000 EUR",
    )
    assert (objective(quiet).credit_amount, quiet.credits.total_amount) == ("0.00", "0.00")
