"""`slalang import` on the command line: stdout holds only records, exit 2 names file and record,
and the walkthrough of docs/importers/README.md (export -> import -> evaluate) runs as written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from slalang.cli import main
from slalang.importers import load_mapping

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "import"


def _run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


@pytest.fixture(autouse=True)
def _in_repository(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def test_records_on_stdout_notes_and_summary_on_stderr() -> None:
    result = _run(
        "import", "statuspage", "tests/data/import/statuspage/scheduled-maintenances.json"
    )
    assert result.exit_code == 0
    assert all(json.loads(line)["kind"] == "outage" for line in result.stdout.splitlines())
    assert "slalang: note: " in result.stderr
    assert result.stderr.endswith("2 record(s) from 1 input(s)\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["statuspage", "absent.json"], "absent.json: cannot read"),
        (["statuspage", "README.md"], "README.md: not valid JSON"),
        (
            ["statuspage", "tests/data/import/opsgenie/alerts.json"],
            "no 'incidents' or 'scheduled_maintenances' list",
        ),
        (["jira", "tests/data/import/zendesk/tickets.json"], "no 'issues' list"),
        (
            ["statuspage", "tests/data/import/statuspage/incidents.json", "--as=outage"],
            "--as applies to opsgenie and pagerduty only",
        ),
        (
            ["zendesk", "tests/data/import/zendesk/tickets.json", "--assume-tz=Mars/Base"],
            "'Mars/Base' is not an IANA time zone",
        ),
        (
            ["opsgenie", "tests/data/import/opsgenie/alerts.json", "--map=absent.toml"],
            "absent.toml: cannot read",
        ),
    ],
)
def test_unusable_input_exits_2_with_one_message(args: list[str], message: str) -> None:
    result = _run("import", *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("slalang: error: ")
    assert message in result.stderr


def test_an_unmapped_name_shows_the_fix(tmp_path: Path) -> None:
    mapping = tmp_path / "map.toml"
    mapping.write_text('[services]\n"Voice" = "voice"\n', encoding="utf-8")
    result = _run(
        "import", "opsgenie", "tests/data/import/opsgenie/alerts.json", f"--map={mapping}"
    )
    assert result.exit_code == 2
    first, hint = result.stderr.splitlines()
    assert first == (
        "slalang: error: tests/data/import/opsgenie/alerts.json: alert "
        f"70413a06-38d6-4c85-92b8-5ebc900d42e2: 'Messaging API' has no entry in [services] of {mapping}"
    )
    assert hint.startswith('  hint: add "Messaging API" = "<contract service>" under [services]')


def test_walkthrough_import_then_evaluate(tmp_path: Path) -> None:
    """The commands of docs/importers/README.md, with the contract of contracts/."""
    outages, tickets = tmp_path / "outages.jsonl", tmp_path / "tickets.jsonl"
    status = _run(
        "import",
        "statuspage",
        "tests/data/import/statuspage/incidents.json",
        "tests/data/import/statuspage/incidents-later.json",
        "tests/data/import/statuspage/scheduled-maintenances.json",
        "--map=tests/data/import/walkthrough/statuspage-map.toml",
    )
    jira = _run(
        "import",
        "jira",
        "tests/data/import/jira/search.json",
        "--map=tests/data/import/walkthrough/jira-map.toml",
    )
    assert status.exit_code == jira.exit_code == 0
    outages.write_text(status.stdout, encoding="utf-8")
    tickets.write_text(jira.stdout, encoding="utf-8")
    report = _run(
        "evaluate",
        "contracts/acme-chat-enterprise.sla",
        str(outages),
        str(tickets),
        "--period=2026-10",
        "--as-of=2026-11-01T00:00:00+08:00",
        "--fee=20000 CNY",
        "--format=json",
    )
    assert report.exit_code == 0, report.stderr
    document = json.loads(report.stdout)
    availability = next(o for o in document["objectives"] if o["id"] == "im_availability")
    assert availability["met"] is False
    assert "statuspage:inca00000001:msgapi000001:1" in availability["evidence"]
    assert document["inputs"]["rejected"] == 0


def test_the_documented_mapping_file_is_valid(tmp_path: Path) -> None:
    text = (ROOT / "docs" / "importers" / "README.md").read_text(encoding="utf-8")
    block = text.split("```toml\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "map.toml"
    path.write_text(block, encoding="utf-8")
    mapping = load_mapping(str(path))
    assert mapping.file.jira.pause_statuses == ("Waiting for customer",)
    assert mapping.file.prometheus.scope_labels == ("region",)


def test_dash_reads_standard_input() -> None:
    export = (DATA / "zendesk" / "tickets.json").read_text(encoding="utf-8")
    result = CliRunner().invoke(main, ["import", "zendesk", "-"], input=export)
    assert result.exit_code == 0
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == [
        "zendesk:35436",
        "zendesk:35440",
    ]
