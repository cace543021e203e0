"""The language reference matches the code: its examples parse, and it shows every keyword."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from slalang import loads
from slalang.syntax.parser import keywords

LANGUAGE = Path(__file__).resolve().parents[1] / "docs" / "language.md"
BLOCKS = re.findall(r"```sla\n(.*?)```", LANGUAGE.read_text(encoding="utf-8"), re.DOTALL)


def test_reference_has_examples() -> None:
    assert len(BLOCKS) >= 10


@pytest.mark.parametrize("index", range(len(BLOCKS)))
def test_every_sla_example_parses(index: int) -> None:
    result = loads(BLOCKS[index], path=f"docs/language.md#example{index + 1}")
    assert result.diagnostics == [], BLOCKS[index]


def test_every_keyword_is_documented() -> None:
    documented = set(re.findall(r"[a-z_0-9]+", LANGUAGE.read_text(encoding="utf-8")))
    assert sorted(keywords() - documented) == []
