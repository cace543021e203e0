"""Numbers with huge exponents or digit counts end in a located message, fast (issue 10, class 2).

Before the bounds of `slalang.numbers`, each of these inputs hung for minutes in Decimal, Fraction
or int conversion. Every case here must finish well inside the per-test time guard.
"""

from __future__ import annotations

import json
import time
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

import slalang
from slalang.cli import main
from slalang.importers.times import TimeError, parse_time
from slalang.numbers import MAX_DIGITS, NumberError, bound_problem, parse_decimal
from slalang.records.validation import decode_exact

from .conftest import ROOT

CONTRACT = str(ROOT / "contracts" / "acme-chat-enterprise.sla")
LATENCY = {"kind": "latency", "id": "l1", "service": "im", "timestamp": "2026-10-01T00:00:00Z"}
OUTAGE = {
    "kind": "outage",
    "id": "o1",
    "service": "im",
    "start": "2026-10-01T00:00:00Z",
    "end": "2026-10-01T01:00:00Z",
    "impact": "major_outage",
}


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        (Decimal("1e999999999"), "more than 40 digits before the decimal point"),
        (Decimal("1e-999999999"), "more than 40 digits after the decimal point"),
        (Decimal("0e-999999999"), "more than 40 digits after the decimal point"),
        (Decimal("1" * 41), "more than 40 significant digits"),
        (Decimal("NaN"), "not a finite number"),
        (Decimal("-Infinity"), "not a finite number"),
    ],
)
def test_bounds(value: Decimal, problem: str) -> None:
    assert problem in (bound_problem(value) or "")


@pytest.mark.parametrize(
    "text",
    [
        "0",
        "-12.5",
        "1" * MAX_DIGITS,
        f"0.{'0' * 39}1",
        "1.50000000000000000000000000000000000000000",
    ],
)
def test_numbers_within_bounds(text: str) -> None:
    assert bound_problem(Decimal(text)) is None


@pytest.mark.parametrize("text", ["1e999999999", "9" * 5000, "1e", "0x10", "1_000", "١٢"])
def test_parse_decimal_refuses_without_echoing(text: str) -> None:
    with pytest.raises(NumberError) as caught:
        parse_decimal(text)
    assert len(str(caught.value)) < 80


def test_json_numbers_are_bounded_where_they_are_decoded() -> None:
    with pytest.raises(ValueError, match="more than 40 digits"):
        decode_exact('{"a": 1e-999999999}')
    with pytest.raises(ValueError, match="more than 40 digits"):
        decode_exact('{"a": ' + "9" * 5000 + "}")
    with pytest.raises(ValueError, match="nested too deeply"):
        decode_exact("[" * 100_000 + "]" * 100_000)


@pytest.mark.parametrize(
    ("record", "message"),
    [
        (
            LATENCY | {"latency_ms": "1e999999999"},
            "latency_ms: 1E+999999999 has more than 40 digits before the decimal point",
        ),
        (
            OUTAGE | {"impact_fraction": "1e-999999999"},
            "impact_fraction: 1E-999999999 has more than 40 digits after the decimal point",
        ),
        (LATENCY | {"latency_ms": "1" * 200}, "latency_ms: a number of more than 100 characters"),
    ],
)
def test_record_fields_are_bounded(tmp_path: Path, record: dict[str, object], message: str) -> None:
    path = tmp_path / "r.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    started = time.monotonic()
    result = slalang.read_records(path)
    assert time.monotonic() - started < 5
    assert [d.message for d in result.diagnostics] == [message]
    assert result.diagnostics[0].span is not None


def test_a_csv_cell_is_bounded(tmp_path: Path) -> None:
    path = tmp_path / "latency.csv"
    path.write_text(
        "kind,id,service,timestamp,latency_ms\nlatency,l1,im,2026-10-01T00:00:00Z,1e999999999\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["evaluate", CONTRACT, str(path), "--period", "2026-10"])
    assert result.exit_code == 2
    assert (
        "latency.csv:2:36: SLA703 latency_ms: 1E+999999999 has more than 40 digits" in result.stderr
    )


COUNTS_HEAD = '{"kind":"counts","id":"c1","service":"im","interval_start":"2026-10-01T00:00:00Z",'


@pytest.mark.parametrize("digits", [41, 1000, 5000, 100_000])
def test_a_long_json_integer_is_named_at_its_field(tmp_path: Path, digits: int) -> None:
    """pydantic stops inside such a number ("number out of range", a column within it) or
    prints it whole; the message names the field, the limit, and a short form of the number."""
    path = tmp_path / "r.jsonl"
    line = COUNTS_HEAD + '"interval_end":"2026-10-01T00:01:00Z","total":' + "9" * digits + "}"
    path.write_text(line + "\n", encoding="utf-8")
    result = slalang.read_records(path)
    [diagnostic] = result.diagnostics
    assert diagnostic.message == "total: 99999999999999999999... has more than 40 digits"
    assert diagnostic.span is not None
    assert diagnostic.span.column == line.index('"total"') + 1


def test_a_long_csv_count_names_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "counts.csv"
    path.write_text(
        "kind,id,service,interval_start,interval_end,total\n"
        f"counts,c1,im,2026-10-01T00:00:00Z,2026-10-01T00:01:00Z,{'9' * 5000}\n",
        encoding="utf-8",
    )
    [diagnostic] = slalang.read_records(path).diagnostics
    assert diagnostic.message == (
        "total: 99999999999999999999... has more than 40 digits"
        " (a count is at most 9223372036854775807)"
    )


def test_digits_inside_strings_are_not_numbers(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    record = OUTAGE | {"title": "9" * 60, "impact": "nope"}
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    [diagnostic] = slalang.read_records(path).diagnostics
    assert diagnostic.message.startswith("impact:")


@pytest.mark.parametrize("text", ["1e999999", "1e-999999", "9" * 5000])
def test_an_importer_time_is_bounded(text: str) -> None:
    with pytest.raises(TimeError, match="out of range for a time"):
        parse_time(text, None)


def _prometheus(tmp_path: Path, values: list[list[object]]) -> str:
    document = {
        "status": "success",
        "data": {"resultType": "matrix", "result": [{"metric": {"job": "sms"}, "values": values}]},
    }
    path = tmp_path / "p.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(
    ("values", "mapping", "problem"),
    [
        ([["1e999999", "1"], [1791677400, "0"]], "", "has more than 40 digits"),
        ([[1791677100, "1e999999"], [1791677400, "0"]], "", "has more than 40 digits"),
        ([["NaN", "1"], [1791677400, "0"]], "", "NaN is not a number"),
        ([[1791677100, "1"], [1791677400, "0"]], '[prometheus]\nstep = "0s"\n', "step"),
    ],
)
def test_prometheus_numbers_and_step(
    tmp_path: Path, values: list[list[object]], mapping: str, problem: str
) -> None:
    args = ["import", "prometheus", _prometheus(tmp_path, values)]
    if mapping:
        (tmp_path / "map.toml").write_text(mapping, encoding="utf-8")
        args.append(f"--map={tmp_path / 'map.toml'}")
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert problem in result.stderr
    assert result.stdout == ""


def test_prometheus_stale_samples_are_still_gaps(tmp_path: Path) -> None:
    path = _prometheus(tmp_path, [[1791677100, "1"], [1791677115, "NaN"], [1791677130, "+Inf"]])
    result = CliRunner().invoke(main, ["import", "prometheus", path])
    assert result.exit_code == 0, result.stderr
    assert [json.loads(line)["kind"] for line in result.stdout.splitlines()] == ["gap"]
