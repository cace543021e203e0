"""`slalang evaluate` and `slalang test`: outputs (golden files), exit codes, bad input."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from slalang import load
from slalang.cli import main

ROOT = Path(__file__).resolve().parents[1]
CONTRACT = str(ROOT / "contracts" / "acme-chat-enterprise.sla")
MONTH = str(ROOT / "examples" / "acme-2026-10.jsonl")


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.chdir(tmp_path)
    return CliRunner()


@pytest.mark.parametrize(
    ("output", "suffix"), [("text", "txt"), ("json", "json"), ("markdown", "md")]
)
def test_the_example_month(
    run: CliRunner, golden: Callable[[str, str], None], output: str, suffix: str
) -> None:
    outcome = run.invoke(
        main, ["evaluate", CONTRACT, MONTH, "--period", "2026-10", "--format", output]
    )
    assert outcome.exit_code == 0, outcome.output
    contract = load(CONTRACT).contract
    assert contract is not None
    digest = hashlib.sha256(contract.model_dump_json().encode()).hexdigest()
    # the contract's own examples change as it grows: its hash is not part of the golden file
    golden(f"evaluate/acme-2026-10.{suffix}", outcome.stdout.replace(digest, "<contract sha256>"))


def test_the_json_report_has_every_field_and_balances(run: CliRunner) -> None:
    outcome = run.invoke(
        main, ["evaluate", CONTRACT, MONTH, "--period", "2026-10", "--format", "json"]
    )
    report = json.loads(outcome.stdout)
    assert list(report) == [
        "version",
        "contract",
        "period",
        "as_of",
        "inputs",
        "objectives",
        "support",
        "credits",
        "warnings",
    ]
    i = report["inputs"]
    assert (
        i["read"]
        == i["used"]
        + i["unread"]
        + i["outside_period"]
        + i["excluded"]
        + i["rejected"]
        + i["duplicates"]
    )
    assert i["unread"] == sum(u["count"] for u in i["unread_records"])
    assert {
        "id",
        "kind",
        "measured",
        "target",
        "status",
        "met",
        "credit_percent",
        "credit_amount",
        "evidence",
        "explanation",
    } <= set(report["objectives"][0])
    assert {"total_percent", "total_amount", "currency", "capped", "claim"} <= set(
        report["credits"]
    )


def test_fail_on_breach_exits_1(run: CliRunner) -> None:
    outcome = run.invoke(
        main, ["evaluate", CONTRACT, MONTH, "--period", "2026-10", "--fail-on-breach"]
    )
    assert outcome.exit_code == 1


def test_invalid_records_exit_2_unless_skipped(run: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        '{"kind":"outage","id":"o1","service":"im","start":"2026-10-02T00:00:00+08:00",'
        '"end":"2026-10-02T01:00:00+08:00","impact":"major_outage"}\n'
        '{"kind":"outage","id":"o2","service":"im","start":"2026-10-03T00:00:00",'
        '"impact":"major_outage"}\n',
        encoding="utf-8",
    )
    outcome = run.invoke(main, ["evaluate", CONTRACT, str(bad), "--period", "2026-10"])
    assert outcome.exit_code == 2
    assert "bad.jsonl:2" in outcome.stderr
    assert outcome.stdout == ""
    outcome = run.invoke(
        main,
        [
            "evaluate",
            CONTRACT,
            str(bad),
            "--period",
            "2026-10",
            "--skip-invalid",
            "--format",
            "json",
        ],
    )
    assert outcome.exit_code == 0, outcome.stderr
    inputs = json.loads(outcome.stdout)["inputs"]
    assert (inputs["read"], inputs["used"], inputs["rejected"]) == (2, 1, 1)
    assert inputs["rejected_records"][0]["line"] == 2


def test_ongoing_outage_without_as_of_exits_2(run: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "ongoing.jsonl"
    path.write_text(
        '{"kind":"outage","id":"o1","service":"im","start":"2026-10-02T00:00:00+08:00",'
        '"impact":"major_outage"}\n',
        encoding="utf-8",
    )
    outcome = run.invoke(main, ["evaluate", CONTRACT, str(path), "--period", "2026-10"])
    assert outcome.exit_code == 2
    assert "--as-of" in outcome.stderr
    outcome = run.invoke(
        main,
        [
            "evaluate",
            CONTRACT,
            str(path),
            "--period",
            "2026-10",
            "--as-of",
            "2026-10-02T07:26:24+08:00",
        ],
    )
    assert outcome.exit_code == 0, outcome.stderr
    assert "447 min down" in outcome.stdout  # 446.4 min; a partial slice counts as down


@pytest.mark.parametrize(
    "args",
    [
        ["--period", "2026-13"],
        [],
        ["--period", "2026-10", "--from", "2026-08"],
        ["--period", "2026-10", "--fee", "lots"],
        ["--period", "2026-10", "--as-of", "2026-10-05T00:00:00"],
    ],
)
def test_usage_errors_exit_2_with_one_line(run: CliRunner, args: list[str]) -> None:
    outcome = run.invoke(main, ["evaluate", CONTRACT, MONTH, *args])
    assert outcome.exit_code == 2
    assert outcome.stderr.startswith("slalang: error:")
    assert "Traceback" not in outcome.output


def test_a_missing_records_file_exits_2_even_when_skipping(run: CliRunner) -> None:
    outcome = run.invoke(
        main, ["evaluate", CONTRACT, "missing.jsonl", "--period", "2026-10", "--skip-invalid"]
    )
    assert outcome.exit_code == 2
    assert "missing.jsonl" in outcome.stderr


def test_unreadable_contract_exits_2(run: CliRunner, tmp_path: Path) -> None:
    broken = tmp_path / "broken.sla"
    broken.write_text('contract "x" {\n', encoding="utf-8")
    outcome = run.invoke(main, ["evaluate", str(broken), MONTH, "--period", "2026-10"])
    assert outcome.exit_code == 2


def test_a_range_of_months(run: CliRunner) -> None:
    outcome = run.invoke(
        main,
        ["evaluate", CONTRACT, MONTH, "--from", "2026-09", "--to", "2026-10", "--format", "json"],
    )
    assert outcome.exit_code == 0, outcome.stderr
    report = json.loads(outcome.stdout)
    assert report["period"]["labels"] == ["2026-09", "2026-10"]
    assert [p["period"] for p in report["credits"]["periods"]] == ["2026-09", "2026-10"]


def test_contract_examples_pass(run: CliRunner) -> None:
    outcome = run.invoke(main, ["test", str(ROOT / "contracts")])
    assert outcome.exit_code == 0, outcome.stdout
    assert "FAIL" not in outcome.stdout


EXAMPLE = """contract "T" {{
    timezone "UTC"
    currency EUR
    period calendar month
    service api
    objective availability up {{ service api; target >= 99.9% }}
    example "{title}" {{
        period 2026-09
        {body}
    }}
}}
"""


def test_a_failing_example_shows_the_difference_and_exits_1(run: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "t.sla"
    body = 'record outage "o" { service api; start 2026-09-10T00:00:00Z; end 2026-09-10T07:12:00Z; impact major_outage }\n        expect up { measured 99.1%; met false }'
    path.write_text(EXAMPLE.format(title="wrong", body=body), encoding="utf-8")
    outcome = run.invoke(main, ["test", str(path)])
    assert outcome.exit_code == 1
    assert "up.measured: expected 99.1%, got 99.000%" in outcome.stdout


@pytest.mark.parametrize("records", ["../outside.jsonl", "/etc/passwd"])
def test_example_records_must_stay_next_to_the_contract(
    run: CliRunner, tmp_path: Path, records: str
) -> None:
    path = tmp_path / "t.sla"
    path.write_text(EXAMPLE.format(title="escape", body=f'records "{records}"'), encoding="utf-8")
    outcome = run.invoke(main, ["test", str(path)])
    assert outcome.exit_code == 1
    assert "must be relative to the contract" in outcome.stdout


@pytest.mark.parametrize("records", ["outages.csv", "linked/outages.csv", "inside/../outages.csv"])
def test_example_records_never_follow_a_link_out_of_the_contract_directory(
    run: CliRunner, tmp_path: Path, records: str
) -> None:
    """Class 8: a link (to a file or a directory) leading outside is refused, naming the path
    only: the foreign file's content never reaches a diagnostic."""
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "outages.csv").write_text("root:x:0:0:secret\nline two\n", encoding="utf-8")
    home = tmp_path / "home"
    home.mkdir()
    (home / "outages.csv").symlink_to(secret / "outages.csv")
    (home / "linked").symlink_to(secret)
    (home / "inside").mkdir()
    path = home / "t.sla"
    path.write_text(EXAMPLE.format(title="escape", body=f'records "{records}"'), encoding="utf-8")
    outcome = run.invoke(main, ["test", str(path)])
    assert outcome.exit_code == 1
    assert "must be relative to the contract and stay in its directory" in outcome.stdout
    assert "secret" not in outcome.output and "root:" not in outcome.output


def test_example_records_may_link_inside_the_contract_directory(
    run: CliRunner, tmp_path: Path
) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "empty.jsonl").write_text("", encoding="utf-8")
    (tmp_path / "link.jsonl").symlink_to(tmp_path / "data" / "empty.jsonl")
    path = tmp_path / "t.sla"
    body = 'records "link.jsonl"\n        expect up { met true }'
    path.write_text(EXAMPLE.format(title="inside", body=body), encoding="utf-8")
    outcome = run.invoke(main, ["test", str(path)])
    assert "must be relative" not in outcome.stdout, outcome.stdout


def test_schema_report(run: CliRunner) -> None:
    outcome = run.invoke(main, ["schema", "report"])
    assert outcome.exit_code == 0
    assert "ObjectiveResult" in json.loads(outcome.stdout)["$defs"]


def test_invalid_records_are_all_listed_even_when_evaluation_stops(run: CliRunner) -> None:
    broken = str(ROOT / "tests" / "data" / "records" / "broken.jsonl")  # also has an ongoing outage
    outcome = run.invoke(main, ["evaluate", CONTRACT, broken, "--period", "2026-10"])
    assert outcome.exit_code == 2
    listed = [line for line in outcome.stderr.splitlines() if line.startswith(broken)]
    assert len(listed) == 17
    assert "13 invalid record(s)" in outcome.stderr
