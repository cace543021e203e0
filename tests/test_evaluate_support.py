"""Support targets: clocks, holidays, automated responses, pauses, severity rules, compliance."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from slalang.records.model import Ticket
from tests.evaluate_helpers import contract, run

HEAD = """contract "Support" {
    timezone "Asia/Shanghai"
    currency CNY
    period calendar month
    calendar office { open mon..fri 09:00 to 18:00; holidays "CN" }
    service im
"""


def support(rules: str = "", compliance: str = "compliance 95% of tickets") -> Any:
    return contract(
        f"""
    support {{
        calendar office
        {rules}
        severity urgent {{ respond within 1 hour 24x7; resolve within 8 hours 24x7 }}
        severity normal {{ respond within 4 business hours on office; coverage 24x7 on request }}
        {compliance}
        credit 100 CNY per breach
    }}""",
        HEAD,
    )


def ticket(
    id: str, severity: str, opened: str, response: str | None = None, **extra: Any
) -> Ticket:
    return Ticket(id=id, severity=severity, opened=opened, first_response=response, **extra)


def status(report: Any, id: str) -> str:
    return next(t.status for t in report.support.details if t.id == id)


def test_24x7_response_on_the_deadline_is_met() -> None:
    done = "2026-10-03T22:00:00+08:00"
    t = ticket(
        "t", "urgent", "2026-10-03T14:00:00+08:00", "2026-10-03T15:00:00+08:00", resolved=done
    )
    assert status(run(support(), [t], "2026-10"), "t") == "met"
    t2 = ticket(
        "t", "urgent", "2026-10-03T14:00:00+08:00", "2026-10-03T15:00:01+08:00", resolved=done
    )
    assert status(run(support(), [t2], "2026-10"), "t") == "breached"


def test_business_hours_skip_the_national_day_holiday() -> None:
    # opened on the holiday: the clock starts on Thursday 2026-10-08 09:00
    t = ticket("t", "normal", "2026-10-04T10:00:00+08:00", "2026-10-08T13:00:00+08:00")
    report = run(support(), [t], "2026-10")
    details = report.support.details[0]
    assert details.targets[0].deadline == "2026-10-08T13:00:00+08:00"
    assert details.status == "met"


def test_automated_acknowledgement_is_not_a_response_unless_the_contract_says_so() -> None:
    t = ticket(
        "t",
        "normal",
        "2026-10-13T09:30:00+08:00",
        "2026-10-13T09:31:00+08:00",
        first_response_automated=True,
    )
    report = run(support(), [t], "2026-10")
    assert status(report, "t") == "breached"  # no human response by the end of the period
    assert run(support("automated responses count"), [t], "2026-10").support.breached == 0


def test_pauses_stop_the_clock_when_honoured() -> None:
    t = ticket(
        "t",
        "normal",
        "2026-10-13T10:00:00+08:00",
        "2026-10-14T10:00:00+08:00",
        pauses=[["2026-10-13T11:00:00+08:00", "2026-10-14T09:30:00+08:00"]],
    )
    assert status(run(support("pauses honoured"), [t], "2026-10"), "t") == "met"
    assert status(run(support("pauses ignored"), [t], "2026-10"), "t") == "breached"


def test_coverage_on_request_switches_to_24x7() -> None:
    t = ticket(
        "t", "normal", "2026-10-17T10:00:00+08:00", "2026-10-17T13:59:00+08:00", coverage="24x7"
    )
    details = run(support(), [t], "2026-10").support.details[0]
    assert details.targets[0].clock == "24x7" and details.status == "met"


@pytest.mark.parametrize(
    ("rule", "severity"), [("initial", "normal"), ("highest", "urgent"), ("final", "normal")]
)
def test_severity_taken_as(rule: str, severity: str) -> None:
    t = ticket(
        "t",
        "normal",
        "2026-10-16T08:05:00+08:00",
        "2026-10-16T08:50:00+08:00",
        severity_history=[
            ["2026-10-16T08:05:00+08:00", "normal"],
            ["2026-10-16T08:20:00+08:00", "urgent"],
            ["2026-10-16T09:00:00+08:00", "normal"],
        ],
    )
    report = run(support(f"severity taken as {rule}"), [t], "2026-10")
    assert report.support.details[0].severity == severity


def test_open_ticket_past_its_deadline_at_as_of_is_breached() -> None:
    t = ticket("t", "urgent", "2026-10-30T10:00:00+08:00")
    as_of = datetime.fromisoformat("2026-10-30T10:59:00+08:00")
    assert status(run(support(), [t], "2026-10", as_of=as_of), "t") == "pending"
    as_of = datetime.fromisoformat("2026-10-30T11:00:01+08:00")
    assert status(run(support(), [t], "2026-10", as_of=as_of), "t") == "breached"


def test_compliance_share_and_per_breach_credit() -> None:
    ok = [
        ticket(
            f"t{i}",
            "urgent",
            f"2026-10-{i + 1:02d}T10:00:00+08:00",
            f"2026-10-{i + 1:02d}T10:10:00+08:00",
            resolved=f"2026-10-{i + 1:02d}T11:00:00+08:00",
        )
        for i in range(19)
    ]
    late = ticket(
        "late",
        "urgent",
        "2026-10-25T10:00:00+08:00",
        "2026-10-25T12:00:00+08:00",
        resolved="2026-10-25T13:00:00+08:00",
    )
    report = run(support(), [*ok, late], "2026-10", fee="1000 CNY")
    s = report.support
    assert (s.tickets, s.breached, s.compliance, s.met) == (20, 1, "95.000%", True)
    assert s.credit_amount == "100.00"
    report = run(support(compliance="compliance per ticket"), [*ok, late], "2026-10")
    assert not report.support.met


def test_a_period_without_tickets_is_not_assessed() -> None:
    """0 of 0 tickets is no evidence that the targets were kept: never 'met' at 100%."""
    from tests.evaluate_helpers import outage

    quiet = run(support(), [outage("o", "2026-10-05T00:00:00Z", "2026-10-05T01:00:00Z")], "2026-10")
    assert quiet.support is not None
    assert (quiet.support.status, quiet.support.met) == ("not_assessed", False)
    assert quiet.support.compliance is None
    assert quiet.support.explanation.startswith("no ticket was opened in the period")
    busy = ticket(
        "t",
        "urgent",
        "2026-10-03T14:00:00+08:00",
        "2026-10-03T14:30:00+08:00",
        resolved="2026-10-03T16:00:00+08:00",
    )
    assert run(support(), [busy], "2026-10").support.status == "met"  # type: ignore[union-attr]
