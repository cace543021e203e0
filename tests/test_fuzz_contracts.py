"""Fuzz: contracts, grammar-generated and mutated, through the library and every command.

Each input ends within the time budget in a result or diagnostics, never an exception; on the
command line the exit code is 0, 1 or 2, a contract with errors is exit 1 (`lint`, `fmt --check`,
`parse`, `test`) or 2 (`evaluate`), and no output holds a traceback. Budget: tests/fuzz/harness.py.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from slalang import dumps, lint, loads
from slalang.diagnostics import has_errors
from slalang.loader import ParseResult, loads_bytes
from slalang.model import Contract
from tests.fuzz.harness import cli, fuzz_settings, total
from tests.fuzz.mutations import ROOT, mutated_contract, varied_copies
from tests.strategies import contracts

RECORDS = ROOT / "tests" / "data" / "records" / "valid.jsonl"
COMMANDS = ("lint-text", "lint-json", "fmt-check", "parse", "test", "evaluate", "evaluate-json")


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with the record files the contracts' examples name (`records/...`)."""
    folder = tmp_path_factory.mktemp("contracts")
    for source in (ROOT / "contracts" / "records", ROOT / "contracts" / "real" / "records"):
        shutil.copytree(source, folder / "records", dirs_exist_ok=True)
    return folder


def _library(data: bytes, name: str) -> ParseResult:
    """Parse, lint and print `data`: never an exception, a printed contract reads back equal."""
    result = total(lambda: loads_bytes(data, name), "loads")
    assert result is not None
    assert result.contract is not None or has_errors(result.diagnostics)
    total(lambda: lint(result), "lint")
    if result.contract is not None and not result.format_problems:
        contract = result.contract
        text = total(lambda: dumps(contract, result.comments), "dumps")
        assert text is not None
        again = total(lambda: loads(text), "loads of dumps")
        assert again is not None and again.contract == contract, text[:2000]
    return result


def _command(command: str, path: Path, errors: bool) -> None:
    """`command` on the contract at `path`; `errors`: the front end reports errors for it."""
    evaluate = ["evaluate", str(path), str(RECORDS), "--period", "2026-10", "--skip-invalid"]
    args = {
        "lint-text": ["lint", "--format", "text", str(path)],
        "lint-json": ["lint", "--format", "json", str(path)],
        "fmt-check": ["fmt", "--check", str(path)],
        "parse": ["parse", str(path)],
        "test": ["test", str(path)],
        "evaluate": [*evaluate, "--fee", "1000 USD"],
        "evaluate-json": [*evaluate, "--format", "json"],
    }[command]
    expected = ((2,) if command.startswith("evaluate") else (1,)) if errors else (0, 1, 2)
    result = cli(args, codes=expected)
    if command.endswith("json") and result.exit_code != 2:
        json.loads(result.stdout)


def _check(data: bytes, name: str, command: str, folder: Path) -> None:
    result = _library(data, name)
    path = folder / name
    path.write_bytes(data)
    _command(command, path, has_errors(result.diagnostics))


@fuzz_settings(ci_examples=25)
@given(contracts(), st.sampled_from(COMMANDS))
def test_generated_contract(workdir: Path, contract: Contract, command: str) -> None:
    text = dumps(contract)
    _check(text.encode("utf-8", "surrogatepass"), "generated.sla", command, workdir)
    cli(["fmt", "--check", str(workdir / "generated.sla")], codes=(0,))


@fuzz_settings(ci_examples=110)
@given(mutated_contract(), st.sampled_from(COMMANDS))
def test_mutated_contract(workdir: Path, mutated: tuple[str, bytes], command: str) -> None:
    name, data = mutated
    _check(data, name, command, workdir)


ACME = ROOT / "contracts" / "acme-chat-enterprise.sla"


@pytest.mark.parametrize(
    ("data", "command"),
    [
        pytest.param(
            varied_copies(ACME, "[99.0%, 99.9%) -> 10%", 600),
            "lint-text",
            id="600-distinct-tiers",
        ),
    ],
)
def test_found_failures(workdir: Path, data: bytes, command: str) -> None:
    """Inputs the fuzz tests found failing, minimised; each flips to a pass when fixed."""
    _check(data, "found.sla", command, workdir)
