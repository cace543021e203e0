"""Formatter: golden input/output pairs; comments kept; meaning kept; output stable."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from slalang import dumps, loads
from slalang.loader import load

FMT = Path(__file__).resolve().parent / "data" / "fmt"
CASES = sorted(FMT.glob("*.sla"))


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_formatting_matches_golden(path: Path, golden: Callable[[str, str], None]) -> None:
    result = load(path)
    assert result.contract is not None, result.diagnostics
    assert result.format_problems == []
    formatted = dumps(result.contract, result.comments)
    golden(f"fmt/{path.name}", formatted)
    again = loads(formatted)
    assert again.contract == result.contract
    assert dumps(again.contract, again.comments) == formatted


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_every_comment_is_kept(path: Path) -> None:
    result = load(path)
    assert result.contract is not None
    formatted = dumps(result.contract, result.comments)
    original = [line.split("#", 1)[1].strip() for line in result.text.splitlines() if "#" in line]
    kept = [line.split("#", 1)[1].strip() for line in formatted.splitlines() if "#" in line]
    assert sorted(original) == sorted(kept)


def test_comment_inside_a_clause_is_reported_not_dropped() -> None:
    text = 'contract "x" {\n    downtime d when any of (\n        # why\n        outage)\n}\n'
    result = loads(text)
    assert result.contract is not None
    [problem] = result.format_problems
    assert problem.code == "SLA020"
    assert (problem.span.line, problem.span.column) == (3, 9) if problem.span else False


def test_units_are_canonical() -> None:
    result = loads('contract "x" { objective latency l { target p95 <= 1 minutes } }')
    assert result.contract is not None
    assert "target p95 <= 1 minute\n" in dumps(result.contract)
