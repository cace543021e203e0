"""Small builders for evaluator tests: a contract from text, records from keyword arguments."""

from __future__ import annotations

from typing import Any

from slalang import loads
from slalang.evaluate.engine import PeriodSpec, evaluate
from slalang.evaluate.report import ObjectiveResult, Report
from slalang.model import Contract
from slalang.records.model import Outage

HEAD = """contract "Test" {
    timezone "UTC"
    currency EUR
    fee base_fee
    period calendar month
    service api
"""


def contract(body: str, head: str = HEAD) -> Contract:
    parsed = loads(head + body + "\n}\n")
    assert parsed.contract is not None, [d.message for d in parsed.diagnostics]
    return parsed.contract


def availability(extra: str = "", credit: str = "", target: str = ">= 99.9%") -> Contract:
    return contract(
        f"""
    objective availability up "Up" {{
        service api
        {extra}
        target {target}
        {credit}
    }}"""
    )


TIERS = """credit of base_fee {
            [99.0%, 99.9%) -> 10%
            [95.0%, 99.0%) -> 25%
            [0%, 95.0%) -> 50%
        }"""


def outage(
    id: str, start: str, end: str | None, impact: str = "major_outage", **extra: Any
) -> Outage:
    return Outage(id=id, service="api", start=start, end=end, impact=impact, **extra)


def run(c: Contract, records: list[Any], period: PeriodSpec = "2026-09", **options: Any) -> Report:
    return evaluate(c, records, period=period, **options)


def objective(report: Report, id: str = "up") -> ObjectiveResult:
    return next(o for o in report.objectives if o.id == id)
