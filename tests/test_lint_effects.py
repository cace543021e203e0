"""SLA606's table held to the evaluator: each clause it lists leaves the result of its objective
kind unchanged, on records that every clause could act on; and the linter reports it there."""

from __future__ import annotations

from typing import Any

import pytest

from slalang.lint import lint
from slalang.lint.rules.structure import NO_EFFECT, NoEffect
from slalang.loader import loads
from slalang.records.model import Counts, Latency, Outage
from tests.evaluate_helpers import HEAD, contract, objective, run

CLAUSES = {
    "operations": "operation send",
    "down_when": "down when error_rate > 5%",
    "slice": "slice 5 minutes",
    "partial_slices": "partial slices count as down",
    "minimum_run": "minimum run 5 minutes",
    "weights": "weight major_outage 30%",
    "denominator": "denominator 31 days",
    "aggregate": "aggregate mean per 5 minutes",
    "remove_excluded": "remove excluded from good and total",
    "percentile": "percentile linear",
    "minimum_volume": "minimum volume 1000 requests",
}
# Where a clause acts only together with another (partial slices need a slice).
TOGETHER = {
    "slice": "slice 5 minutes; partial slices count as down",
    "partial_slices": "slice 5 minutes; partial slices count as down",
}
# What both runs state, so that the clause alone differs (excluded items leave only for a cause
# the objective excludes).
BASES = {"remove_excluded": "exclude cause customer; "}
TARGETS = {"availability": ">= 99.99%", "success_rate": ">= 99%", "latency": "p80 <= 400 ms"}


def _records() -> list[Any]:
    """Outages, counts and latency samples, with and without an operation, that each clause of
    the table acts on for some kind: partial minutes, a short run, excluded items, few items."""
    day = "2026-09-02T10:"
    records: list[Any] = [
        Outage(
            id="o1", service="api", start=f"{day}00:30Z", end=f"{day}03:10Z", impact="major_outage"
        ),
        Outage(
            id="o2", service="api", start=f"{day}30:00Z", end=f"{day}40:00Z", impact="major_outage"
        ),
    ]
    for n, (good, excluded, operation) in enumerate(
        [(90, 5, None), (100, 0, None), (40, 0, "send"), (99, 1, None)]
    ):
        counts = {"total": 100, "good": good, "operation": operation}
        if excluded:
            counts |= {"excluded": [[excluded, "customer"]]}
        records.append(
            Counts.model_validate(
                {
                    "id": f"c{n}",
                    "service": "api",
                    "interval_start": f"2026-09-03T0{n}:00:00Z",
                    "interval_end": f"2026-09-03T0{n}:05:00Z",
                    **counts,
                }
            )
        )
    for n, (ms, count, operation) in enumerate(
        [(100, 5, None), (300, 3, None), (700, 2, None), (900, 4, "send")]
    ):
        records.append(
            Latency(
                id=f"l{n}",
                service="api",
                timestamp=f"2026-09-04T00:0{n}:00Z",
                latency_ms=ms,
                count=count,
                operation=operation,
            )
        )
    return records


def _objective(row: NoEffect, with_clause: bool) -> str:
    clause = CLAUSES[row.field] + ";" if with_clause else ""
    return f"objective {row.kind} up {{ service api; {clause} target {TARGETS[row.kind]} }}"


@pytest.mark.parametrize("row", NO_EFFECT, ids=lambda r: f"{r.field}-{r.kind}")
def test_the_clause_changes_nothing_for_the_kind(row: NoEffect) -> None:
    results = []
    for with_clause in (False, True):
        report = run(contract(_objective(row, with_clause)), _records())
        result = objective(report)
        results.append((result.measured, result.met))
    assert results[0][0] is not None, "the records must be measured"
    assert results[1] == results[0]


@pytest.mark.parametrize("row", NO_EFFECT, ids=lambda r: f"{r.field}-{r.kind}")
def test_the_linter_reports_the_clause(row: NoEffect) -> None:
    text = HEAD + _objective(row, True) + "\n}\n"
    found = [d for d in lint(loads(text, "c.sla")) if d.code == "SLA606"]
    assert [d.span and d.span.line for d in found] == [len(HEAD.split("\n"))]
    assert f"on {row.kind} objective 'up'" in found[0].message


def test_each_clause_acts_on_a_kind_the_table_does_not_list() -> None:
    """The fixture is not vacuous: each clause changes the result of a kind it is not listed for."""
    listed = {(x.field, x.kind) for x in NO_EFFECT}
    acting = set()
    for field, clause in CLAUSES.items():
        for kind, target in TARGETS.items():
            if (field, kind) not in listed:
                base = f"service api; {BASES.get(field, '')}"
                body = f"{base}{TOGETHER.get(field, clause)}; target {target}"
                plain = f"{base}target {target}"
                with_it = objective(run(contract(f"objective {kind} up {{ {body} }}"), _records()))
                without = objective(run(contract(f"objective {kind} up {{ {plain} }}"), _records()))
                if with_it.measured != without.measured:
                    acting.add(field)
    assert acting == set(CLAUSES)
