"""Run the examples written inside a contract and compare the report with their expectations."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import time
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from pathlib import Path, PurePosixPath

from slalang.diagnostics import Diagnostic, Level
from slalang.evaluate.engine import PeriodSpec, evaluate
from slalang.evaluate.inputs import EvaluationError
from slalang.evaluate.periods import period_timezone, period_zone, resolve_wall_time
from slalang.evaluate.report import ObjectiveResult, Report
from slalang.fmt import quantity
from slalang.loader import ParseResult
from slalang.model import (
    Amount,
    Contract,
    Duration,
    Example,
    Expectation,
    Money,
    Number,
    Percent,
    Value,
    Word,
)
from slalang.records import read_records
from slalang.records.literals import literal_records
from slalang.records.model import AnyRecord

EXAMPLE_INPUT = "SLA800"


@dataclass(frozen=True)
class Difference:
    subject: str
    field: str
    expected: str
    actual: str


@dataclass
class ExampleOutcome:
    file: str | None
    title: str
    differences: list[Difference] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    report: Report | None = None

    @property
    def passed(self) -> bool:
        return not self.differences and not self.diagnostics


def run_examples(parsed: ParseResult) -> list[ExampleOutcome]:
    """Every example of a parsed contract, evaluated and compared."""
    contract = parsed.contract
    assert contract is not None
    return [_run(parsed, contract, index, ex) for index, ex in enumerate(contract.examples)]


def _problem(parsed: ParseResult, path: tuple[str | int, ...], message: str) -> Diagnostic:
    span = parsed.source_map.span(path) if parsed.source_map else None
    return Diagnostic(
        code=EXAMPLE_INPUT,
        name="example-input",
        severity=Level.ERROR,
        message=message,
        span=span,
    )


def _records_path(parsed: ParseResult, relative: str) -> Path | str:
    """The file named by `records "..."`: relative to the contract and, once every link is
    followed, still inside the contract's directory; else why not (naming the path only)."""
    pure = PurePosixPath(relative)
    outside = (
        f"records path {relative!r} must be relative to the contract and stay in its directory"
    )
    if pure.is_absolute() or ".." in pure.parts or "\\" in relative or ":" in relative:
        return outside
    base = Path(parsed.path).parent if parsed.path else Path.cwd()
    found = base / Path(*pure.parts)
    root = os.path.realpath(base)
    if os.path.commonpath([root, os.path.realpath(found)]) != root:
        return outside
    if not found.is_file():
        return f"records file {relative!r} not found next to the contract"
    return found


def _run(parsed: ParseResult, contract: Contract, index: int, ex: Example) -> ExampleOutcome:
    out = ExampleOutcome(parsed.path, ex.title)
    where: tuple[str | int, ...] = ("examples", index)
    literal = literal_records(
        ex.records,
        source_map=parsed.source_map,
        path=(*where, "records"),
        contract=contract,
    )
    out.diagnostics.extend(literal.diagnostics)
    records: list[AnyRecord] = list(literal.records)
    for j, relative in enumerate(ex.record_files):
        found = _records_path(parsed, relative)
        if isinstance(found, str):
            out.diagnostics.append(_problem(parsed, (*where, "record_files", j), found))
            continue
        result = read_records(found, contract=contract)
        out.diagnostics.extend(result.diagnostics)
        records.extend(result.records)
    if out.diagnostics:
        return out
    try:
        out.report = evaluate(
            contract,
            records,
            period=_period(contract, ex),
            as_of=ex.as_of,
            fee=_fee(ex.fee),
        )
    except (EvaluationError, ValueError) as error:
        out.diagnostics.append(_problem(parsed, where, f"the example cannot be evaluated: {error}"))
        return out
    for expectation in ex.expectations:
        out.differences.extend(differences(out.report, expectation))
    return out


def _period(contract: Contract, ex: Example) -> PeriodSpec:
    spec = ex.period
    if spec is None:
        raise EvaluationError("the example names no period")
    if spec.month is not None:
        return spec.month
    assert spec.start is not None and spec.end is not None
    if contract.period is None:
        raise EvaluationError("the contract states no period ('period calendar month')")
    tz = period_zone(period_timezone(contract.period, contract.timezone))
    return resolve_wall_time(spec.start, time(0), tz), resolve_wall_time(spec.end, time(0), tz)


def _fee(amount: Amount | None) -> str | None:
    if amount is None:
        return None
    if not isinstance(amount, Money):
        raise EvaluationError("an example fee is money, e.g. 'fee 20000 CNY'")
    return f"{amount.amount} {amount.currency}"


# ---- comparison --------------------------------------------------------------------------------


def _number(text: str | None) -> Decimal | None:
    if text is None:
        return None
    try:
        return Decimal(text.split()[0].rstrip("%"))
    except (InvalidOperation, IndexError):
        return None


def _equal(expected: Value, actual: object, currency: str | None) -> bool:
    """Exact comparison by meaning: percentages and amounts as numbers (99.0% == 99.000%)."""
    if isinstance(expected, Word):
        return expected.value == _word(actual)
    if isinstance(expected, Percent):
        return (
            isinstance(actual, str) and actual.endswith("%") and _number(actual) == expected.value
        )
    if isinstance(expected, Duration):
        shown = _number(actual) if isinstance(actual, str) and actual.endswith(" ms") else None
        return shown is not None and Fraction(shown) == expected.seconds * 1000
    if isinstance(expected, Money):
        return (
            isinstance(actual, str)
            and _number(actual) == expected.amount
            and (currency is None or currency == expected.currency)
        )
    if isinstance(expected, Number):
        return _number(None if actual is None else str(actual)) == expected.value
    return False


def _word(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "none" if value is None else str(value)


def _objective(report: Report, subject: str, scope: str | None) -> ObjectiveResult | None:
    for item in report.objectives:
        if item.id == subject and (scope is None or item.scope == scope):
            return item
    return None


def differences(report: Report, expectation: Expectation) -> list[Difference]:
    """The fields of `expectation` that the report does not match."""
    subject = expectation.subject
    fields = {f.name: f.value for f in expectation.fields}
    scope_value = fields.pop("scope", None)
    scope = quantity(scope_value) if scope_value is not None else None
    currency = report.credits.currency
    actual: dict[str, object]
    if subject == "total":
        credits = report.credits
        actual = {
            "credit_percent": credits.total_percent,
            "credit_amount": None
            if credits.total_amount is None
            else f"{credits.total_amount} {currency}",
            "capped": credits.capped,
            "claim": credits.claim.status if credits.claim else None,
            "payable_percent": credits.payable.percent,
            "payable_amount": None
            if credits.payable.amount is None
            else f"{credits.payable.amount} {currency}",
        }
    elif subject == "support":
        s = report.support
        if s is None:
            return [Difference(subject, "*", "a support block", "the contract has none")]
        actual = {
            "tickets": str(s.tickets),
            "breached": str(s.breached),
            "compliance": s.compliance,
            "status": s.status,
            "met": s.met,
            "credit_percent": s.credit_percent,
            "credit_amount": None if s.credit_amount is None else f"{s.credit_amount} {currency}",
            "unoffered_channel": str(s.unoffered_channel),
            "escalations_not_assessed": str(s.escalations_not_assessed),
        }
    else:
        item = _objective(report, subject, scope)
        if item is None:
            return [Difference(subject, "*", "an objective of that id", "none in the report")]
        actual = {
            "measured": item.measured,
            "status": item.status,
            "met": item.met,
            "credit_percent": item.credit_percent,
            "credit_amount": None
            if item.credit_amount is None
            else f"{item.credit_amount} {currency}",
            "capped": item.capped,
        }
    out = []
    for name, expected in fields.items():
        if name not in actual:
            known = ", ".join(sorted(actual))
            out.append(
                Difference(subject, name, quantity(expected), f"no such field (known: {known})")
            )
        elif not _equal(expected, actual[name], currency):
            out.append(Difference(subject, name, quantity(expected), _word(actual[name])))
    return out
