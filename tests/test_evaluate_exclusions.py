"""Exclusions act on every objective kind, as the table "Exclusions by objective kind" of
docs/evaluation.md says: the table is read here and every cell is checked against the evaluator."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from slalang.evaluate.report import Report
from slalang.records.model import Counts, Latency, Outage
from tests.evaluate_helpers import contract, objective, outage, run

DOC = Path(__file__).parent.parent / "docs" / "evaluation.md"
KINDS = ("availability", "success_rate", "latency")
CLAUSES = {
    "exclude maintenance": "exclude maintenance announced at least 1 hour ahead",
    "exclude cause": "exclude cause customer",
    "exclude flagged": "exclude flagged",
}
START, END = "2026-09-10T10:00:00Z", "2026-09-10T10:05:00Z"


def table() -> dict[tuple[str, str], list[str]]:
    """The cells of the table under "Exclusions by objective kind": (clause, kind) -> phrases."""
    text = DOC.read_text(encoding="utf-8").split("## Exclusions by objective kind", 1)[1]
    rows = [line for line in text.splitlines() if line.startswith("| `exclude")]
    header = next(line for line in text.splitlines() if line.startswith("| clause"))
    kinds = [cell.strip() for cell in header.strip("|").split("|")][1:]
    out = {}
    for row in rows:
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        clause = cells[0].strip("`")
        for kind, cell in zip(kinds, cells[1:], strict=True):
            out[clause, kind] = cell.split("; ")
    return out


def excluding(clause: str) -> Outage:
    """An outage record that qualifies under `clause`, over the incident's five minutes."""
    if clause == "exclude maintenance":
        return outage("x", START, END, "maintenance", announced_at="2026-09-08T00:00:00Z")
    if clause == "exclude cause":
        return outage("x", START, END, cause="customer")
    return outage("x", START, END, excluded_reason="customer test")


def counts(id: str, start: str, end: str, good: int, **extra: Any) -> Counts:
    return Counts(
        id=id, service="api", interval_start=start, interval_end=end, total=100, good=good, **extra
    )


FAILING = counts("c1", START, END, 0)
FINE = counts("c2", END, "2026-09-10T10:10:00Z", 100)


def objective_text(kind: str, exclusion: str) -> str:
    if kind == "availability":
        body = "down when call.success_rate < 99%\n slice 5 minutes\n target >= 99.999%"
    elif kind == "success_rate":
        body = "target >= 99%"
    else:
        body = "target max <= 500 ms"
    return f"objective {kind} o {{\n service api\n {body}\n {exclusion}\n}}"


def evaluate_both(kind: str, clause: str, records: list[Any]) -> tuple[Report, Report]:
    """The report without the exclusion clause, and with it."""
    without = run(contract(objective_text(kind, "")), records)
    with_clause = run(contract(objective_text(kind, CLAUSES[clause])), records)
    return without, with_clause


def _down_time_excused(clause: str) -> None:
    records = [
        excluding(clause),
        counts("c1", START, END, 0, operation="call"),
        counts("c2", END, "2026-09-10T10:10:00Z", 100, operation="call"),
    ]
    without, with_clause = evaluate_both("availability", clause, records)
    assert objective(without, "o").status == "missed"
    assert objective(with_clause, "o").measured == "100.000%"
    listed = {(x.id, x.excluded_minutes) for x in with_clause.inputs.excluded_records}
    assert ("x", "5") in listed


def _cause_counts_leave_conditions(clause: str) -> None:
    records = [
        counts("c1", START, END, 0, operation="call", cause="customer"),
        counts("c2", END, "2026-09-10T10:10:00Z", 100, operation="call"),
    ]
    without, with_clause = evaluate_both("availability", clause, records)
    assert objective(without, "o").status == "missed"
    assert objective(with_clause, "o").measured == "100.000%"
    assert [x.id for x in with_clause.inputs.excluded_records] == ["c1"]


def _intervals_removed(clause: str) -> None:
    without, with_clause = evaluate_both("success_rate", clause, [excluding(clause), FAILING, FINE])
    assert objective(without, "o").measured == "50.000%"
    assert objective(with_clause, "o").measured == "100.000%"
    listed = {(x.kind, x.id) for x in with_clause.inputs.excluded_records}
    assert listed == {("outage", "x"), ("counts", "c1")}


def _cause_counts_removed(clause: str) -> None:
    records = [counts("c1", START, END, 0, cause="customer"), FINE]
    without, with_clause = evaluate_both("success_rate", clause, records)
    assert objective(without, "o").measured == "50.000%"
    assert objective(with_clause, "o").measured == "100.000%"


def _samples_removed(clause: str) -> None:
    records = [
        excluding(clause),
        Latency(id="l1", service="api", timestamp="2026-09-10T10:02:00Z", latency_ms="900"),
        Latency(id="l2", service="api", timestamp="2026-09-10T11:00:00Z", latency_ms="100"),
    ]
    without, with_clause = evaluate_both("latency", clause, records)
    assert (objective(without, "o").measured, objective(without, "o").status) == (
        "900 ms",
        "missed",
    )
    assert (objective(with_clause, "o").measured, objective(with_clause, "o").status) == (
        "100 ms",
        "met",
    )
    assert "1 sample(s) inside excluded time removed" in objective(with_clause, "o").explanation


CHECKS: dict[tuple[str, str], Callable[[str], None]] = {
    ("availability", "down time inside the record's time is excused"): _down_time_excused,
    (
        "availability",
        "counts records with a listed cause leave the conditions",
    ): _cause_counts_leave_conditions,
    (
        "success_rate",
        "counts intervals wholly inside the record's time are removed",
    ): _intervals_removed,
    ("success_rate", "counts records with a listed cause are removed"): _cause_counts_removed,
    ("latency", "samples inside the record's time are removed"): _samples_removed,
}


def test_the_table_covers_every_clause_and_kind() -> None:
    assert set(table()) == {(c, k) for c in CLAUSES for k in KINDS}


@pytest.mark.parametrize(("clause", "kind"), [(c, k) for c in CLAUSES for k in KINDS])
def test_every_cell_of_the_table_holds(clause: str, kind: str) -> None:
    phrases = table()[clause, kind]
    assert phrases
    for phrase in phrases:
        assert (kind, phrase) in CHECKS, f"no check for {phrase!r} ({kind})"
        CHECKS[kind, phrase](clause)


def test_outage_and_counts_derivations_of_one_incident_give_the_same_result() -> None:
    """One maintenance incident, once as outage down time and once as failing counts."""
    clause = "exclude maintenance announced at least 1 hour ahead"
    maintenance = excluding("exclude maintenance")
    as_outage = contract(
        f"objective availability o {{\n service api\n target >= 99.9%\n {clause}\n}}"
    )
    as_counts = contract(objective_text("availability", clause))
    failing = [
        counts("c1", START, END, 0, operation="call"),
        counts("c2", END, "2026-09-10T10:10:00Z", 100, operation="call"),
    ]
    by_outage = objective(run(as_outage, [maintenance]), "o")
    by_counts = objective(run(as_counts, [maintenance, *failing]), "o")
    assert by_outage.measured == by_counts.measured == "100.000%"
    assert by_outage.status == by_counts.status == "met"


def test_an_interval_partly_inside_excluding_time_stays_and_is_named() -> None:
    c = contract(objective_text("success_rate", CLAUSES["exclude flagged"]))
    straddling = counts("c3", "2026-09-10T10:03:00Z", "2026-09-10T10:08:00Z", 0)
    result = objective(run(c, [excluding("exclude flagged"), straddling, FINE]), "o")
    assert result.measured == "50.000%"
    assert "c3 (partly covered by outage x: kept)" in result.explanation


def test_each_instant_is_excused_once_and_the_records_add_up() -> None:
    """Two overlapping excluding records: the second excuses only what the first left."""
    c = contract(
        "objective availability o {\n service api\n target >= 99.9%\n"
        " exclude cause customer\n exclude flagged\n}"
    )
    records = [
        outage("a", "2026-09-10T10:00:00Z", "2026-09-10T10:30:00Z", cause="customer"),
        outage("b", "2026-09-10T10:20:00Z", "2026-09-10T10:50:00Z", excluded_reason="test"),
    ]
    report = run(c, records)
    minutes = {x.id: x.excluded_minutes for x in report.inputs.excluded_records}
    assert minutes == {"a": "30", "b": "20"}
    assert objective(report, "o").measured == "100.000%"


def test_an_exclusion_that_excuses_no_down_time_says_so() -> None:
    """Maintenance with weight 0% is not down; the exclusion matches it and excuses nothing."""
    c = contract(
        "objective availability o {\n service api\n weight maintenance 0%\n target >= 99.9%\n"
        f" {CLAUSES['exclude maintenance']}\n}}"
    )
    report = run(c, [excluding("exclude maintenance")])
    assert [(x.id, x.excluded_minutes) for x in report.inputs.excluded_records] == [("x", "0")]
    assert re.search(r"x: excused no down time", objective(report, "o").explanation)
