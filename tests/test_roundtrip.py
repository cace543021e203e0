"""Formatting keeps the meaning and is stable: for generated contracts and for contracts/."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from slalang import dumps, load, loads
from slalang.model import Contract
from tests.strategies import contracts

CONTRACTS = sorted((Path(__file__).resolve().parents[1] / "contracts").rglob("*.sla"))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(contracts())
def test_generated_contract_round_trips(contract: Contract) -> None:
    text = dumps(contract)
    result = loads(text)
    assert result.diagnostics == [], text
    assert result.contract == contract
    assert dumps(result.contract, result.comments) == text


def test_contracts_directory_is_not_empty() -> None:
    assert len(CONTRACTS) >= 5, "contracts/ must hold at least five contracts"


@pytest.mark.parametrize("path", CONTRACTS, ids=lambda p: p.name)
def test_contract_parses_round_trips_and_is_formatted(path: Path) -> None:
    result = load(path)
    assert result.diagnostics == []
    assert result.contract is not None
    formatted = dumps(result.contract, result.comments)
    assert formatted == result.text, f"{path} is not in canonical form: run slalang fmt"
    again = loads(formatted)
    assert again.contract == result.contract
