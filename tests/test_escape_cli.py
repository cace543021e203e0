"""Hostile names and ids through the command line: no injected line, no raw control (issue 10, class 5)."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from slalang.cli import main

from .conftest import ROOT

THREE = ROOT / "tests" / "goldens" / "lint" / "three-findings.sla"
CONTRACT = ROOT / "contracts" / "acme-chat-enterprise.sla"
MONTH = ROOT / "examples" / "acme-2026-10.jsonl"
STATUSPAGE = ROOT / "tests" / "data" / "import" / "statuspage"
EVIL = "x\n::error::fake\x1b]0;pwned\x07\x1b[2J\u202e"
SHOWN = "x\\n::error::fake\\x1b]0;pwned\\x07\\x1b[2J\\u202e"  # how the renderers show EVIL


def _clean(text: str) -> None:
    """No control or invisible character but the line breaks; no line a workflow command."""
    hidden = {"Cc", "Cf", "Cs", "Zl", "Zp"}
    assert [c for c in text if c != "\n" and unicodedata.category(c) in hidden] == []
    assert not any(line.startswith("::error::") for line in text.split("\n"))


def _run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> Result:
    monkeypatch.chdir(tmp_path)
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def evil_contract(tmp_path: Path) -> Path:
    path = tmp_path / f"{EVIL}.sla"
    path.write_text(THREE.read_text(encoding="utf-8"), encoding="utf-8")
    return path


def test_text_keeps_one_line_per_finding_for_a_hostile_file_name(
    evil_contract: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = _run(evil_contract.parent, monkeypatch, "lint", "--format", "text", evil_contract.name)
    assert result.exit_code == 1
    _clean(result.stdout)
    lines = result.stdout.splitlines()
    assert len(lines) == 3
    assert all(line.startswith(f"{SHOWN}.sla:") for line in lines)


def test_github_annotations_cannot_be_injected_by_a_file_name(
    evil_contract: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = _run(
        evil_contract.parent, monkeypatch, "lint", "--format", "github", evil_contract.name
    )
    _clean(result.stdout)
    lines = result.stdout.splitlines()
    assert len(lines) == 3
    assert all(line.startswith("::error file=x\\n%3A%3Aerror%3A%3Afake\\x1b") for line in lines)


def test_pretty_shows_escape_sequences_in_source_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = THREE.read_text(encoding="utf-8").split("\n")
    lines[7] += " # \x1b]0;pwned\x07\x1b[2J\u202e"  # the line of the SLA202 finding
    (tmp_path / "c.sla").write_text("\n".join(lines), encoding="utf-8")
    result = _run(tmp_path, monkeypatch, "lint", "--format", "pretty", "c.sla")
    _clean(result.stdout)
    assert "8 |     period calendar month # \\x1b]0;pwned\\x07\\x1b[2J\\u202e\n" in result.stdout


def test_usage_errors_quote_a_file_name_on_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = _run(tmp_path, monkeypatch, "lint", EVIL)
    assert result.exit_code == 2
    _clean(result.stderr)
    assert result.stderr == f"slalang: error: {SHOWN}: no such file or directory\n"


def test_fmt_names_a_hostile_file_on_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / f"{EVIL}.sla"
    path.write_text(CONTRACT.read_text(encoding="utf-8").replace("    ", "  "), encoding="utf-8")
    result = _run(tmp_path, monkeypatch, "fmt", "--check", path.name)
    assert result.exit_code == 1
    _clean(result.stderr)
    assert result.stderr.startswith(f"would reformat {SHOWN}.sla\n")


def _statuspage(tmp_path: Path, component: str | None = None) -> Path:
    document = json.loads((STATUSPAGE / "incidents-later.json").read_text(encoding="utf-8"))
    incident = document["incidents"][0]
    incident["id"] = EVIL
    for update in incident["incident_updates"]:
        for affected in update["affected_components"]:
            if component is not None:
                affected["code"] = affected["name"] = component
    path = tmp_path / "incidents.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_import_writes_hostile_ids_escaped_and_exact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _statuspage(tmp_path)
    result = _run(tmp_path, monkeypatch, "import", "statuspage", str(path))
    assert result.exit_code == 0, result.stderr
    _clean(result.stdout + result.stderr)
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["source_id"] for r in records] == [EVIL, EVIL]


def test_import_failures_and_hints_quote_input_on_their_own_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _statuspage(tmp_path, component=EVIL)
    result = _run(
        tmp_path,
        monkeypatch,
        "import",
        "statuspage",
        str(path),
        "--map",
        str(STATUSPAGE / "map.toml"),
    )
    assert result.exit_code == 2
    _clean(result.stderr)
    error, hint = result.stderr.splitlines()
    assert error.startswith(f"slalang: error: {path}: incident {SHOWN} component '")
    assert hint.startswith(f'  hint: add "{SHOWN}" = "<contract service>" under [services]')


def test_invalid_records_are_listed_one_per_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    records = tmp_path / f"{EVIL}.jsonl"
    bad = {"kind": "outage", "id": EVIL, "service": "im", "start": "no", "impact": "major_outage"}
    records.write_text(json.dumps(bad) + "\n", encoding="utf-8")
    result = _run(
        tmp_path, monkeypatch, "evaluate", str(CONTRACT), records.name, "--period", "2026-10"
    )
    assert result.exit_code == 2
    _clean(result.stderr)
    assert len(result.stderr.splitlines()) == 2  # the invalid record, then the usage error


@pytest.mark.parametrize("output", ["text", "markdown", "json"])
def test_evaluate_reports_show_a_hostile_record_id_escaped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, output: str
) -> None:
    lines = MONTH.read_text(encoding="utf-8").splitlines()
    first = json.loads(lines[0])
    first["id"] = EVIL  # an outage that counts as down time: its id is in the working
    records = tmp_path / "month.jsonl"
    records.write_text("\n".join([json.dumps(first), *lines[1:]]) + "\n", encoding="utf-8")
    result = _run(
        tmp_path,
        monkeypatch,
        "evaluate",
        str(CONTRACT),
        str(records),
        "--period",
        "2026-10",
        "--format",
        output,
    )
    assert result.exit_code == 0, result.stderr
    _clean(result.stdout)
