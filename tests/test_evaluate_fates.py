"""Every record an objective read appears in the working with its fate: counted, excluded (with
the minutes it excused, also none) or dropped by the rule that dropped it; maintenance counted as
down time says why."""

from __future__ import annotations

from slalang.records.model import Counts
from tests.evaluate_helpers import contract, objective, outage, run


def availability(extra: str) -> str:
    return f"objective availability up {{\n service api\n {extra}\n target >= 99.9%\n}}"


def test_a_run_shorter_than_the_minimum_is_named_with_its_rule() -> None:
    c = contract(availability("minimum run 5 minutes"))
    records = [
        outage("long", "2026-09-10T10:00:00Z", "2026-09-10T10:30:00Z"),
        outage("short", "2026-09-11T10:00:00Z", "2026-09-11T10:03:00Z"),
    ]
    result = objective(run(c, records))
    assert result.evidence == ["long"]
    assert "short: in a run shorter than the minimum run 5 minutes" in result.explanation
    assert "read 2 record(s): 1 counted, 0 excluded, 1 dropped" in result.explanation


def test_an_impact_the_condition_does_not_name_is_dropped_by_name() -> None:
    c = contract(availability("down when outage impact major_outage"))
    records = [
        outage("major", "2026-09-10T10:00:00Z", "2026-09-10T10:30:00Z"),
        outage("partial", "2026-09-11T10:00:00Z", "2026-09-11T10:30:00Z", "partial_outage"),
    ]
    result = objective(run(c, records))
    assert "partial: impact partial_outage is not in the condition (major_outage)" in (
        result.explanation
    )


def test_a_zero_weight_is_the_rule_named() -> None:
    c = contract(availability("weight maintenance 0%"))
    m = outage("m1", "2026-09-10T10:00:00Z", "2026-09-10T10:30:00Z", "maintenance")
    result = objective(run(c, [m]))
    assert "m1: weight maintenance 0%" in result.explanation


def test_maintenance_counted_as_down_says_why() -> None:
    """A condition naming major outages only still counts maintenance (docs: 'down when')."""
    c = contract(availability("down when outage impact major_outage"))
    m = outage("m1", "2026-09-10T10:00:00Z", "2026-09-10T10:30:00Z", "maintenance")
    result = objective(run(c, [m]))
    assert result.evidence == ["m1"]
    assert (
        "maintenance m1 counted as down time: maintenance is down under any outage condition, "
        "and the objective has no 'exclude maintenance'" in result.explanation
    )


def test_maintenance_over_the_maximum_keeps_its_own_note() -> None:
    c = contract(availability("exclude maintenance at most 10 minutes per month"))
    m = outage("m1", "2026-09-10T10:00:00Z", "2026-09-10T10:30:00Z", "maintenance")
    result = objective(run(c, [m]))
    assert "maintenance m1 counts as down time: 20 min over the maximum" in result.explanation
    assert "counted as down time: maintenance is down" not in result.explanation


def test_counts_of_users_only_are_dropped_from_a_success_rate_by_name() -> None:
    c = contract("objective success_rate ok {\n service api\n target >= 99%\n}")
    records = [
        Counts(
            id="c1",
            service="api",
            interval_start="2026-09-10T10:00:00Z",
            interval_end="2026-09-10T10:05:00Z",
            total=100,
            good=100,
        ),
        Counts(
            id="u1",
            service="api",
            interval_start="2026-09-10T10:05:00Z",
            interval_end="2026-09-10T10:10:00Z",
            users_total=10,
            users_affected=1,
        ),
    ]
    result = objective(run(c, records), "ok")
    assert "read 2 record(s): 1 in the ratio, 0 excluded, 1 dropped (no total: u1)" in (
        result.explanation
    )
    assert result.records_read == 2
