"""What objectives read: an objective that reads none of its services' records is not assessed,
records nothing read are named, the no-data rule is shown, and the accounting balances."""

from __future__ import annotations

from typing import Any

from slalang.evaluate.report import Report
from slalang.records.model import Counts, Latency, Ticket
from slalang.render.report import render_markdown, render_text
from slalang.schema import report_schema
from tests.evaluate_helpers import contract, objective, outage, run


def counts(index: int, operation: str | None = None, good: int = 99) -> Counts:
    minute = f"2026-09-10T10:{index:02d}:00Z"
    end = f"2026-09-10T10:{index + 1:02d}:00Z"
    return Counts(
        id=f"c{index}",
        service="api",
        interval_start=minute,
        interval_end=end,
        total=100,
        good=good,
        operation=operation,
    )


SENDS = [counts(i, "send") for i in range(50)]


def balanced(report: Report) -> None:
    i = report.inputs
    assert i.read == i.used + i.unread + i.outside_period + i.excluded + i.rejected + i.duplicates
    assert i.unread == sum(u.count for u in i.unread_records)


def test_a_success_rate_that_reads_none_of_its_records_is_not_assessed_and_says_why() -> None:
    c = contract("objective success_rate delivery {\n service api\n target >= 99%\n}")
    report = run(c, SENDS)
    result = objective(report, "delivery")
    assert (result.status, result.met, result.measured, result.records_read) == (
        "not_assessed",
        False,
        None,
        0,
    )
    assert result.reason is not None
    assert "read none of the 50 record(s) of its services" in result.reason
    assert "50 counts record(s) of service 'api' operation 'send'" in result.reason
    assert report.inputs.used == 0 and report.inputs.unread == 50
    assert [(u.kind, u.operation, u.count) for u in report.inputs.unread_records] == [
        ("counts", "send", 50)
    ]
    assert any("operation 'send'" in w for w in report.warnings)
    balanced(report)


def test_the_operation_clause_reads_them() -> None:
    c = contract(
        "objective success_rate delivery {\n service api\n operation send\n target >= 99%\n}"
    )
    report = run(c, SENDS)
    result = objective(report, "delivery")
    assert (result.status, result.records_read, report.inputs.unread) == ("met", 50, 0)
    balanced(report)


def test_a_latency_objective_of_another_operation_is_not_assessed() -> None:
    c = contract("objective latency join {\n service api\n target p95 <= 400 ms\n}")
    samples = [
        Latency(
            id=f"l{i}",
            service="api",
            timestamp="2026-09-10T10:00:00Z",
            latency_ms="100",
            operation="send",
        )
        for i in range(3)
    ]
    report = run(c, samples)
    result = objective(report, "join")
    assert result.status == "not_assessed"
    assert result.reason is not None and "3 latency record(s)" in result.reason
    assert report.inputs.unread == 3
    balanced(report)


def test_an_availability_condition_on_another_operation_is_not_assessed() -> None:
    c = contract(
        "objective availability up {\n service api\n down when login.success_rate < 99%\n"
        " slice 1 minute\n target >= 99.9%\n}"
    )
    result = objective(run(c, SENDS))
    assert result.status == "not_assessed"
    assert result.reason is not None and "operation 'send'" in result.reason


def test_metric_conditions_without_any_data_follow_only_a_stated_no_data_rule() -> None:
    body = (
        "objective availability up {{\n service api\n down when login.success_rate < 99%\n"
        " slice 1 minute\n {rule}\n target >= 99.9%\n}}"
    )
    other = [outage("o1", "2026-09-10T10:00:00Z", "2026-09-10T10:10:00Z")]
    other = [o.model_copy(update={"service": "web"}) for o in other]
    head = 'contract "T" {\n timezone "UTC"\n period calendar month\n service api\n service web\n'
    unstated = objective(run(contract(body.format(rule=""), head), other))
    assert unstated.status == "not_assessed"
    assert unstated.reason is not None and "no no-data rule" in unstated.reason
    stated = objective(run(contract(body.format(rule="missing data counts as down"), head), other))
    assert (stated.status, stated.measured) == ("missed", "0.000%")
    assert "without data count as down (the contract's rule" in stated.explanation


def test_an_outage_condition_in_a_quiet_month_is_met() -> None:
    """No outage is information: the objective read the outage records (there were none)."""
    c = contract(
        "objective availability up {\n service api\n target >= 99.9%\n}\n"
        "objective success_rate ok {\n service api\n operation send\n target >= 99%\n}"
    )
    report = run(c, SENDS)
    assert objective(report, "up").status == "met"
    assert report.inputs.unread == 0


def test_the_default_no_data_rule_is_shown_when_it_applies() -> None:
    c = contract(
        "objective availability up {\n service api\n down when send.success_rate < 99%\n"
        " minimum volume 1000 requests\n slice 1 minute\n target >= 99.9%\n}"
    )
    result = objective(run(c, SENDS))
    assert "50 min without data count as up (the default rule 'missing data counts as up')" in (
        result.explanation
    )


def test_tickets_without_a_support_block_are_unread() -> None:
    c = contract("objective availability up {\n service api\n target >= 99.9%\n}")
    ticket = Ticket(id="t1", severity="S1", opened="2026-09-10T10:00:00Z")
    report = run(c, [ticket])
    assert [(u.kind, u.count, u.reason) for u in report.inputs.unread_records] == [
        ("ticket", 1, "the contract has no support block")
    ]
    balanced(report)


def test_every_format_shows_the_status_and_the_reason() -> None:
    c = contract("objective success_rate delivery {\n service api\n target >= 99%\n}")
    report = run(c, SENDS)
    text, markdown = render_text(report), render_markdown(report)
    assert "not assessed" in text.split("\n\n")[1]  # the table
    assert "read none of the 50 record(s)" in text
    assert "| not assessed |" in markdown
    assert "50 unread" in text and "50 unread" in markdown


def test_the_report_schema_describes_the_new_fields() -> None:
    schema: dict[str, Any] = report_schema()
    definitions = schema["$defs"]
    objective_fields = definitions["ObjectiveResult"]["properties"]
    assert "description" in objective_fields["reason"]
    assert "description" in objective_fields["records_read"]
    assert "unread_records" in definitions["InputsInfo"]["properties"]
    assert "description" in definitions["ExcludedRecord"]["properties"]["effect"]


def test_an_objective_without_service_measures_every_service_and_says_so() -> None:
    head = (
        'contract "T" {\n timezone "UTC"\n period calendar month\n'
        " service api\n service web\n service db\n"
    )
    c = contract("objective availability up {\n target >= 99.9%\n}", head)
    web = outage("o1", "2026-09-10T10:00:00Z", "2026-09-10T11:00:00Z")
    web = web.model_copy(update={"service": "web"})
    result = objective(run(c, [web]))
    assert result.explanation.startswith("all 3 service(s) of the contract (api, web, db); ")
    assert result.evidence == ["o1"]
    assert result.status == "missed"
