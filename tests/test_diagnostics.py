"""Diagnostics for bad contracts: golden text per file in tests/data/bad/, and renderer shapes."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from slalang.loader import load
from slalang.render.diagnostics import render_json, render_pretty, render_text

BAD = Path(__file__).resolve().parent / "data" / "bad"
CASES = sorted(BAD.glob("*.sla"))


def _relative(path: Path) -> str:
    return str(path.relative_to(Path(__file__).resolve().parents[1]))


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_bad_contract_diagnostics(path: Path, golden: Callable[[str, str], None]) -> None:
    result = load(_relative(path))
    assert result.contract is None
    assert result.diagnostics
    golden(f"diagnostics/{path.stem}.txt", render_text(result.diagnostics))


def test_several_independent_errors_are_all_reported() -> None:
    result = load(_relative(BAD / "several-errors.sla"))
    lines = [d.span.line for d in result.diagnostics if d.span]
    assert lines == [4, 5, 6]


def test_misspelt_words_get_a_suggestion() -> None:
    messages = [d.message for d in load(_relative(BAD / "misspelt-clause.sla")).diagnostics]
    assert any("did you mean 'credit'?" in m for m in messages)
    assert any("did you mean 'timezone'?" in m for m in messages)


def test_no_lark_terminal_names_leak() -> None:
    for path in CASES:
        for d in load(_relative(path)).diagnostics:
            for leaked in ("NAME", "PERCENT", "RBRACE", "__ANON", "$END", "Token("):
                assert leaked not in d.message, (path.name, d.message)


def test_pretty_rendering_underlines_the_span(golden: Callable[[str, str], None]) -> None:
    path = _relative(BAD / "several-errors.sla")
    result = load(path)
    text = render_pretty(result.diagnostics, {path: result.text}, colour=False)
    golden("diagnostics/several-errors.pretty.txt", text)
    coloured = render_pretty(result.diagnostics, {path: result.text}, colour=True)
    assert "\x1b[31m" in coloured


def test_json_rendering_is_versioned() -> None:
    result = load(_relative(BAD / "invalid-values.sla"))
    document = json.loads(render_json(result.diagnostics, files=1))
    assert document["version"] == 1
    assert document["summary"]["error"] == len(result.diagnostics)
    first = document["diagnostics"][0]
    assert {"code", "name", "severity", "message", "span", "related", "hints"} <= set(first)
    assert first["span"]["line"] >= 1
