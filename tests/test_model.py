"""The model runs the whole-contract checks on every `Contract` validation without importing them."""

from __future__ import annotations

import ast
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from pydantic import ValidationError

import slalang.model
from slalang.loader import loads
from slalang.model import Contract, DateRange, Effective

_TWICE = {"name": "c", "services": [{"id": "api"}, {"id": "api"}]}


def test_validating_a_contract_runs_the_whole_contract_checks() -> None:
    with pytest.raises(ValidationError, match=r"services\.1\.id: service 'api' is defined twice"):
        Contract.model_validate(_TWICE)


def test_the_loader_can_defer_them_to_report_every_problem_with_its_span() -> None:
    contract = Contract.model_validate(_TWICE, context={"defer_checks": True})
    assert [s.id for s in contract.services] == ["api", "api"]


def test_an_interpreter_that_imports_only_the_model_runs_them_too() -> None:
    code = f"from slalang.model import Contract; Contract.model_validate({_TWICE!r})"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert run.returncode == 1
    assert "service 'api' is defined twice" in run.stderr


def test_validation_fails_loudly_when_no_checks_are_registered(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(slalang.model, "_CONTRACT_CHECKS", [])
    with pytest.raises(RuntimeError, match="no whole-contract checks are registered"):
        Contract.model_validate({"name": "c"})


def test_the_model_imports_no_slalang_module() -> None:
    tree = ast.parse(Path(slalang.model.__file__).read_text(encoding="utf-8"))
    modules = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    modules |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    assert {name for name in modules if name and name.split(".")[0] == "slalang"} == set()


@pytest.mark.parametrize(
    ("model", "message"),
    [
        (DateRange, "the range ends before it starts"),
        (Effective, "the effective end date is before the start date"),
    ],
)
def test_a_date_range_ends_on_or_after_its_start(model: type[DateRange], message: str) -> None:
    assert model(start=date(2026, 1, 1), end=date(2026, 1, 1)).end == date(2026, 1, 1)
    assert model(start=date(2026, 1, 1)).end is None
    with pytest.raises(ValidationError, match=message):
        model(start=date(2026, 1, 2), end=date(2026, 1, 1))


_TIER = "credit { [99%, 150%) -> 10% }"
_CREDIT_PLACES = {
    "objective": (f"objective availability up {{ target >= 99.9%; {_TIER} }}", 3),
    "support": (f"support {{ severity S1 {{ respond within 1 hour }}; {_TIER} }}", 3),
    "severity": (f"support {{ severity S1 {{ respond within 1 hour; {_TIER} }} }}", 3),
}


@pytest.mark.parametrize("place", sorted(_CREDIT_PLACES))
def test_every_credit_table_is_validated_like_an_objectives(place: str) -> None:
    """Support and severity credit tiers get the objective's checks (one walk over credits)."""
    block, line = _CREDIT_PLACES[place]
    result = loads(f'contract "Tiers" {{\n    timezone "UTC"\n    {block}\n}}\n', "c.sla")
    assert result.contract is None
    found = [(d.code, d.span and d.span.line, d.message) for d in result.diagnostics]
    assert found == [("SLA013", line, "150% is outside 0%..100%")]
