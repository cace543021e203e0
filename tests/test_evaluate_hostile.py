"""Issue 10, the evaluator: invalid fees and dates, expired contracts, odd periods and ranges, long
numbers and empty inputs end in a clear diagnostic or a visible answer, never a traceback, a hang
or a silently wrong figure."""

from __future__ import annotations

import json
import time
from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner

from slalang.cli import main
from slalang.evaluate.credits import round_money
from slalang.evaluate.measure import decimal_text

CONTRACT = """contract "T" {{
    {effective}
    timezone "{zone}"
    currency EUR
    fee fee "Fee"
    period calendar month
    service api
    objective availability up {{
        service api
        target >= {target}
        credit 5% of fee per 1 hour down started
    }}
}}
"""
OUTAGE = {
    "kind": "outage",
    "id": "o1",
    "service": "api",
    "start": "2026-09-03T00:00:00Z",
    "end": "2026-09-03T12:00:00Z",
    "impact": "major_outage",
}


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.chdir(tmp_path)
    return CliRunner()


def _files(
    tmp_path: Path,
    records: list[dict[str, str]],
    *,
    effective: str = "",
    zone: str = "UTC",
    target: str = "99.9%",
) -> list[str]:
    contract = tmp_path / "c.sla"
    contract.write_text(
        CONTRACT.format(effective=effective, zone=zone, target=target), encoding="utf-8"
    )
    data = tmp_path / "r.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return [str(contract), str(data)]


def _evaluate(run: CliRunner, files: list[str], *options: str) -> tuple[int, str, str]:
    started = time.monotonic()
    outcome = run.invoke(main, ["evaluate", *files, *options])
    assert time.monotonic() - started < 20
    assert outcome.exception is None or isinstance(outcome.exception, SystemExit), outcome.output
    return outcome.exit_code, outcome.stdout, outcome.stderr


# ---- class 6: fees, effective dates, --as-of -----------------------------------------------------


@pytest.mark.parametrize(
    ("fee", "why"),
    [
        ("-100 EUR", "--fee '-100 EUR' is not more than 0"),
        ("0 EUR", "is not more than 0"),
        ("1e999999999 EUR", "digits before the decimal point"),
        ("NaN EUR", "is not a number"),
        ("", "is not an amount"),
    ],
)
def test_a_fee_that_is_not_a_positive_amount_is_a_usage_error(
    run: CliRunner, tmp_path: Path, fee: str, why: str
) -> None:
    code, out, err = _evaluate(run, _files(tmp_path, [OUTAGE]), "--period", "2026-09", "--fee", fee)
    assert (code, out) == (2, "")
    assert why in err


def test_a_negative_fee_record_stops_the_evaluation_naming_it(
    run: CliRunner, tmp_path: Path
) -> None:
    fee = {"kind": "fee", "id": "f-neg", "period": "2026-09", "amount": "-100 EUR"}
    code, out, err = _evaluate(run, _files(tmp_path, [OUTAGE, fee]), "--period", "2026-09")
    assert (code, out) == (2, "")
    assert "fee record 'f-neg': amount -100 EUR is below zero" in err


def test_vouchers_above_the_fee_stop_the_evaluation(run: CliRunner, tmp_path: Path) -> None:
    fee = {
        "kind": "fee",
        "id": "f1",
        "period": "2026-09",
        "amount": "100 EUR",
        "voucher_paid": "150 EUR",
    }
    code, _, err = _evaluate(run, _files(tmp_path, [OUTAGE, fee]), "--period", "2026-09")
    assert code == 2
    assert "fee record 'f1': voucher_paid 150 EUR exceeds the fee" in err


def test_an_expired_contract_earns_no_credit(run: CliRunner, tmp_path: Path) -> None:
    files = _files(tmp_path, [OUTAGE], effective="effective from 2026-01-01 through 2026-06-30")
    code, out, err = _evaluate(run, files, "--period", "2026-09", "--fee", "100 EUR")
    assert (code, out) == (2, "")
    assert "outside the contract's effective dates" in err


def test_periods_outside_the_effective_dates_are_left_out_visibly(
    run: CliRunner, tmp_path: Path
) -> None:
    files = _files(tmp_path, [OUTAGE], effective="effective from 2026-01-01 through 2026-07-15")
    options = ["--from", "2026-06", "--to", "2026-09", "--fee", "100 EUR", "--format", "json"]
    code, out, _ = _evaluate(run, files, *options)
    assert code == 0
    report = json.loads(out)
    assert report["period"]["labels"] == ["2026-06", "2026-07"]  # July is partly covered: whole
    assert report["credits"]["total_amount"] == "0.00"  # the September outage is not paid for
    assert report["warnings"] == [
        "2 period(s) outside the contract's effective dates not evaluated: 2026-08, 2026-09"
    ]


@pytest.mark.parametrize(
    ("as_of", "why"),
    [
        ("2026-08-31", "--as-of 2026-08-30T15:00:00+00:00 is before the evaluated period starts"),
        ("9999-12-31T23:59:59-12:00", "is past the dates slalang can compute"),
    ],
)
def test_as_of_outside_the_usable_times_is_a_usage_error(
    run: CliRunner, tmp_path: Path, as_of: str, why: str
) -> None:
    files = _files(tmp_path, [OUTAGE], zone="Asia/Tokyo")
    code, out, err = _evaluate(run, files, "--period", "2026-09", "--as-of", as_of)
    assert (code, out) == (2, "")
    assert why in err


# ---- tracebacks: odd periods and ranges, long numbers ---------------------------------------------


@pytest.mark.parametrize(
    ("options", "why"),
    [
        (["--period", "0001-01"], "year 0001 reaches past the dates slalang can compute"),
        (["--period", "9999-12"], "year 9999 reaches past the dates slalang can compute"),
        (["--from", "0001-01", "--to", "0001-03"], "reaches past the dates slalang can compute"),
        (["--from", "9999-11", "--to", "9999-12"], "reaches past the dates slalang can compute"),
        (
            ["--from", "0001-01-01", "--to", "9999-12-31"],
            "reaches past the dates slalang can compute",
        ),
        (
            ["--from", "0001-01-01T00:00:00+14:00", "--to", "2026-10"],
            "reaches past the dates slalang can compute",
        ),
        (["--from", "1000-01", "--to", "8999-12"], "at most 1,200 at once"),
    ],
)
def test_periods_at_the_ends_of_the_calendar_are_usage_errors(
    run: CliRunner, tmp_path: Path, options: list[str], why: str
) -> None:
    code, out, err = _evaluate(run, _files(tmp_path, [OUTAGE], zone="Asia/Tokyo"), *options)
    assert (code, out) == (2, "")
    assert why in err


def test_an_example_range_in_a_contract_without_a_period_is_a_diagnostic(
    run: CliRunner, tmp_path: Path
) -> None:
    path = tmp_path / "t.sla"
    path.write_text(
        'contract "T" {\n    timezone "UTC"\n    service api\n'
        "    objective availability up { service api; target >= 99.9% }\n"
        '    example "range" {\n        period 2026-09-01 to 2026-09-15\n'
        "        expect up { met true }\n    }\n}\n",
        encoding="utf-8",
    )
    outcome = run.invoke(main, ["test", str(path)])
    assert outcome.exception is None or isinstance(outcome.exception, SystemExit)
    assert outcome.exit_code == 1
    assert "the contract states no period" in outcome.stdout


def test_targets_of_28_digits_are_compared_and_shown_exactly(
    run: CliRunner, tmp_path: Path
) -> None:
    target = "99.91234567890123456789012345%"
    files = _files(tmp_path, [OUTAGE], target=target)
    code, out, _ = _evaluate(run, files, "--period", "2026-09", "--format", "json")
    assert code == 0
    assert json.loads(out)["objectives"][0]["target"] == f">= {target}"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Fraction(10**30 + 1, 3), "333333333333333333333333333333.666666666667"),
        (Fraction(99123456789012345678901234567, 10**29), "0.99123456789012345678901234567"),
        (Fraction(2), "2.000"),
    ],
)
def test_decimal_text_needs_no_decimal_context(value: Fraction, text: str) -> None:
    assert decimal_text(value) == text


def test_money_of_many_digits_is_rounded_once_exactly() -> None:
    assert (
        str(round_money(Fraction(10**35 + 1, 7), None)) == "14285714285714285714285714285714285.86"
    )


# ---- empty inputs ---------------------------------------------------------------------------------


@pytest.mark.parametrize("output", ["text", "markdown", "json"])
def test_an_empty_records_file_is_said_and_assesses_nothing(
    run: CliRunner, tmp_path: Path, output: str
) -> None:
    code, out, _ = _evaluate(
        run, _files(tmp_path, []), "--period", "2026-09", "--format", output, "--fail-on-breach"
    )
    assert code == 0
    if output == "json":
        report = json.loads(out)
        assert report["warnings"] == ["no records were read: no objective is assessed"]
        (up,) = report["objectives"]
        assert (up["status"], up["met"], up["measured"]) == ("not_assessed", False, None)
    else:
        assert "no records were read: no objective is assessed" in out
        (row,) = [line for line in out.splitlines() if "99.9%" in line and "2026-09" in line]
        assert "yes" not in row and "n/a" in row
