"""Fuzz: records, drawn from the JSON Schema and mutated from tests/data/records/, read by the
library and evaluated by `slalang evaluate CONTRACT RECORDS --period 2026-10`.

Each input ends within the time budget; reading never raises, evaluating raises at most
`EvaluationError`; on the command line an invalid record is exit 2 (0 with `--skip-invalid`, unless
an input cannot be read at all or the evaluation fails), the library and the command agree, and
JSON output parses.
"""

from __future__ import annotations

import json
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from slalang import EvaluationError, evaluate, load, read_records
from slalang.records import RecordsResult
from slalang.records.errors import UNREADABLE
from tests.fuzz.harness import cli, fuzz_settings, total
from tests.fuzz.mutations import ROOT, mutated_export
from tests.fuzz.schema import records

TARGET = Path(__file__).resolve().parent / "fuzz" / "target.sla"
CONTRACT = load(TARGET).contract
FILES = sorted((ROOT / "tests" / "data" / "records").iterdir())
AS_OF = "2026-11-01T00:00:00Z"
options = st.fixed_dictionaries(
    {
        "format": st.sampled_from(("text", "json", "markdown")),
        "skip_invalid": st.booleans(),
        "as_of": st.booleans(),
    }
)


def _library(path: Path, as_of: bool) -> tuple[RecordsResult, bool]:
    """Read and evaluate `path`: (what was read, whether evaluating its valid records failed)."""
    assert CONTRACT is not None
    contract = CONTRACT
    result = total(lambda: read_records(path, contract=contract), "read_records")
    assert result is not None
    assert result.counts.read == result.counts.accepted + result.counts.duplicates + (
        result.counts.rejected
    )
    moment = {"as_of": datetime.fromisoformat(AS_OF)} if as_of else {}
    report = total(
        lambda: evaluate(contract, result, period="2026-10", fee="1000 USD", **moment),
        "evaluate",
        allowed=(EvaluationError,),
    )
    return result, report is None


def _check(path: Path, option: dict[str, Any]) -> None:
    result, failed = _library(path, option["as_of"])
    args = ["evaluate", str(TARGET), str(path), "--period", "2026-10", "--fee", "1000 USD"]
    args += ["--format", option["format"]]
    args += ["--skip-invalid"] if option["skip_invalid"] else []
    args += ["--as-of", AS_OF] if option["as_of"] else []
    unreadable = any(d.code == UNREADABLE for d in result.diagnostics)
    usable = result.ok or (option["skip_invalid"] and not unreadable)
    outcome = cli(args, codes=(2,) if failed or not usable else (0,))
    if outcome.exit_code == 0 and option["format"] == "json":
        json.loads(outcome.stdout)


@fuzz_settings(ci_examples=100)
@given(st.lists(records(), min_size=1, max_size=6), options)
def test_records_from_the_schema(drawn: list[dict[str, Any]], option: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "records.jsonl"
        path.write_text("".join(json.dumps(record) + "\n" for record in drawn), encoding="utf-8")
        _check(path, option)


@st.composite
def _mutated(draw: st.DrawFn) -> tuple[str, str]:
    path = draw(st.sampled_from(FILES))
    return path.name, draw(mutated_export(path))


@fuzz_settings(ci_examples=150)
@given(_mutated(), options)
def test_mutated_records(mutated: tuple[str, str], option: dict[str, Any]) -> None:
    name, text = mutated
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        _check(path, option)
