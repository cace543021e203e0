"""The contract budget (slalang/syntax/budget.py): clauses, tiers per table, formula terms and
downtime definitions past their limits end in one located SLA005 diagnostic, quickly, never in a
traceback (issue 10, class 1)."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

import slalang
from slalang.lint import limits
from slalang.syntax import budget
from slalang.syntax.errors import parse_with_recovery
from slalang.syntax.lower import lower_contract
from slalang.syntax.parser import parser
from slalang.validate import check_contract

HEADER = 'contract "Big" {\n    timezone "UTC"\n    period calendar month\n'


def _too_large(text: str) -> slalang.Diagnostic:
    result = slalang.loads(text)
    assert result.contract is None
    [d] = result.diagnostics
    assert (d.code, d.name) == ("SLA005", "input-too-large")
    return d


def _formula(terms: int) -> str:
    formula = " + ".join(["period"] * (terms - 1))
    return f"{HEADER}    objective availability up {{\n        formula ({formula}) / period\n        target >= 99.9%\n    }}\n}}\n"


def _chain(length: int) -> str:
    lines = "".join(f"    downtime d{i} when d{i - 1}\n" for i in range(1, length))
    return (
        f"{HEADER}    downtime d0 when outage impact major_outage\n{lines}"
        f"    objective availability up {{ down when d{length - 1}; target >= 99.9% }}\n}}\n"
    )


def test_a_formula_of_a_thousand_terms_is_refused_not_a_recursion_error() -> None:
    d = _too_large(_formula(1000))
    assert d.message == "this formula has 1,000 terms; the limit is 100"
    assert d.span is not None and d.span.line == 5
    assert slalang.loads(_formula(budget.MAX_FORMULA_TERMS)).contract is not None


def test_a_chain_of_three_thousand_downtimes_is_refused() -> None:
    d = _too_large(_chain(3000))
    assert d.message == "more than 100 downtime definitions, the limit"
    assert d.span is not None and d.span.line == 4 + budget.MAX_DOWNTIMES
    assert slalang.loads(_chain(budget.MAX_DOWNTIMES)).contract is not None


def test_tiers_per_credit_table() -> None:
    def table(rows: int) -> str:
        body = "".join(f"            < {99.9 - i * 0.001:.3f}% -> 1%\n" for i in range(rows))
        return f"{HEADER}    objective availability up {{\n        target >= 99.9%\n        credit {{\n{body}        }}\n    }}\n}}\n"

    d = _too_large(table(budget.MAX_TIERS + 1))
    assert d.message == "this credit table has 5,001 tiers; the limit is 5,000"
    assert d.span is not None and d.span.line == 7 + budget.MAX_TIERS


def test_clauses_per_contract(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(budget, "MAX_CLAUSES", 6)
    text = HEADER + "".join(f"    service s{i}\n" for i in range(5)) + "}\n"
    d = _too_large(text)
    assert d.message == "the contract has more than 6 clauses, the limit"
    assert d.span is not None and d.span.line == 8  # timezone, period and 4 services fit


def test_twenty_thousand_objectives_are_refused_after_a_linear_parse() -> None:
    text = HEADER + "".join(f"    objective latency o{i} {{}}\n" for i in range(20_000)) + "}\n"
    start = time.perf_counter()
    d = _too_large(text)
    assert time.perf_counter() - start < 60
    assert d.span is not None and d.span.line == 3 + budget.MAX_CLAUSES - 1


def _lowered(text: str) -> dict[str, object]:
    tree, problems = parse_with_recovery(text, None, parser())
    assert tree is not None and not problems
    data, _, problems = lower_contract(tree, None, text)
    assert not problems
    return data


def test_downtime_cycle_check_is_linear() -> None:
    data = _lowered(_chain(3000))
    contract = slalang.Contract.model_validate(data, context={"defer_checks": True})
    start = time.perf_counter()
    assert check_contract(contract) == []
    assert time.perf_counter() - start < 1.0


def test_unknown_reference_messages_are_bounded() -> None:
    services = "".join(f"    service s{i}\n" for i in range(1000))
    objectives = "".join(
        f"    objective latency o{i} {{ service x{i}; target p95 <= 1 ms }}\n" for i in range(1000)
    )
    result = slalang.loads(HEADER + services + objectives + "}\n")
    assert sum(len(d.message) for d in result.diagnostics) < 1_000_000


def test_the_language_reference_states_the_limits() -> None:
    page = (Path(__file__).resolve().parents[1] / "docs" / "language.md").read_text("utf-8")
    table = page[page.index("## Limits") : page.index("## Diagnostics of the front end")]
    for what, limit in [
        ("clauses", budget.MAX_CLAUSES),
        ("tiers of one credit table", budget.MAX_TIERS),
        ("terms (numbers and variables) of one formula", budget.MAX_FORMULA_TERMS),
        ("downtime definitions", budget.MAX_DOWNTIMES),
        ("lint findings per file", limits.MAX_FINDINGS),
    ]:
        assert re.search(rf"\| {re.escape(what)}.* \| {limit:,}\b", table), what
