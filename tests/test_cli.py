"""The command line: exit codes, stdin, configuration, fmt modes, parse output."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from slalang import __version__
from slalang.cli import Slalang, main
from slalang.diagnostics import Diagnostic, Level
from slalang.outcome import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, Outcome, UsageFailure

ROOT = Path(__file__).resolve().parents[1]
GOOD = ROOT / "contracts" / "acme-chat-enterprise.sla"
BAD = ROOT / "tests" / "data" / "bad" / "several-errors.sla"
UNFORMATTED = 'contract "x" { timezone "UTC" ; currency USD }\n'


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NO_COLOR", raising=False)
    return CliRunner()


def test_version(run: CliRunner) -> None:
    outcome = run.invoke(main, ["--version"])
    assert outcome.exit_code == 0
    assert __version__ in outcome.output


def test_lint_clean_contract_exits_0(run: CliRunner) -> None:
    outcome = run.invoke(main, ["lint", str(GOOD)])
    assert outcome.exit_code == 0, outcome.output


def test_lint_syntax_error_exits_1_with_location_and_code(run: CliRunner) -> None:
    outcome = run.invoke(main, ["lint", "--format", "text", str(BAD)])
    assert outcome.exit_code == 1
    assert f"{BAD}:4:9: SLA001 " in outcome.stdout


def test_lint_missing_file_is_a_one_line_usage_error(run: CliRunner) -> None:
    outcome = run.invoke(main, ["lint", "missing.sla"])
    assert outcome.exit_code == 2
    assert outcome.stderr.strip() == "slalang: error: missing.sla: no such file or directory"


def test_lint_directory_without_contracts_exits_2(run: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    outcome = run.invoke(main, ["lint", "empty"])
    assert outcome.exit_code == 2
    assert "no .sla files" in outcome.stderr


def test_lint_stdin_uses_stdin_filename(run: CliRunner) -> None:
    outcome = run.invoke(
        main,
        ["lint", "--format", "text", "--stdin-filename", "from-editor.sla", "-"],
        input='contract "x" { timezone UTC }',
    )
    assert outcome.exit_code == 1
    assert outcome.stdout.startswith("from-editor.sla:1:25: SLA001")


def test_lint_json_is_one_document(run: CliRunner) -> None:
    outcome = run.invoke(main, ["lint", "--format", "json", str(BAD)])
    document = json.loads(outcome.stdout)
    assert document["version"] == 1
    assert len(document["diagnostics"]) == 3


def test_fmt_check_reports_and_does_not_write(run: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "c.sla"
    path.write_text(UNFORMATTED)
    outcome = run.invoke(main, ["fmt", "--check", str(path)])
    assert outcome.exit_code == 1
    assert path.read_text() == UNFORMATTED
    assert "would reformat" in outcome.stderr


def test_fmt_diff_prints_a_unified_diff(run: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "c.sla"
    path.write_text(UNFORMATTED)
    outcome = run.invoke(main, ["fmt", "--diff", str(path)])
    assert outcome.exit_code == 0
    assert '+    timezone "UTC"' in outcome.stdout
    assert path.read_text() == UNFORMATTED


def test_fmt_rewrites_then_check_passes(run: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "c.sla"
    path.write_text(UNFORMATTED)
    assert run.invoke(main, ["fmt", str(path)]).exit_code == 0
    assert path.read_text() == 'contract "x" {\n    timezone "UTC"\n    currency USD\n}\n'
    assert run.invoke(main, ["fmt", "--check", str(tmp_path)]).exit_code == 0


def test_fmt_stdin_writes_stdout(run: CliRunner) -> None:
    outcome = run.invoke(main, ["fmt", "-"], input=UNFORMATTED)
    assert outcome.exit_code == 0
    assert outcome.stdout == 'contract "x" {\n    timezone "UTC"\n    currency USD\n}\n'


def test_fmt_refuses_a_file_with_errors(run: CliRunner) -> None:
    outcome = run.invoke(main, ["fmt", "--check", str(BAD)])
    assert outcome.exit_code == 1
    assert "SLA001" in outcome.stderr


def test_parse_prints_the_model(run: CliRunner) -> None:
    outcome = run.invoke(main, ["parse", str(GOOD), "--format", "json"])
    assert outcome.exit_code == 0
    model = json.loads(outcome.stdout)
    assert model["objectives"][0]["target"]["value"] == {"type": "percent", "value": "99.9"}


def test_parse_of_a_bad_contract_exits_1(run: CliRunner) -> None:
    outcome = run.invoke(main, ["parse", str(BAD)])
    assert outcome.exit_code == 1
    assert outcome.stdout == ""


def test_config_file_sets_defaults_and_flags_win(run: CliRunner, tmp_path: Path) -> None:
    (tmp_path / ".slalang.toml").write_text('format = "json"\n')
    outcome = run.invoke(main, ["lint", str(BAD)])
    assert json.loads(outcome.stdout)["version"] == 1
    outcome = run.invoke(main, ["lint", "--format", "text", str(BAD)])
    assert outcome.stdout.startswith(str(BAD))


def test_pyproject_section_is_read(run: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.slalang.lint]\nformat = "json"\n')
    outcome = run.invoke(main, ["lint", str(BAD)])
    assert json.loads(outcome.stdout)["summary"]["error"] == 3


def test_unknown_config_key_is_a_usage_error(run: CliRunner, tmp_path: Path) -> None:
    (tmp_path / ".slalang.toml").write_text("colour = true\n")
    outcome = run.invoke(main, ["lint", str(GOOD)])
    assert outcome.exit_code == 2
    assert "unknown option 'colour'" in outcome.stderr


def test_pretty_output_honours_no_color(run: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    outcome = run.invoke(main, ["lint", "--format", "pretty", str(BAD)])
    assert "\x1b[" not in outcome.stdout
    assert "^^^^^^^" in outcome.stdout


def test_fmt_turns_crlf_and_bom_into_canonical_lf(run: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "c.sla"
    path.write_bytes(b'\xef\xbb\xbfcontract "x" {\r\n    timezone "UTC"\r\n}\r\n')
    assert run.invoke(main, ["fmt", "--check", str(path)]).exit_code == 1
    assert run.invoke(main, ["fmt", str(path)]).exit_code == 0
    assert path.read_bytes() == b'contract "x" {\n    timezone "UTC"\n}\n'


def test_importing_slalang_does_not_build_the_parser() -> None:
    import subprocess
    import sys

    code = (
        "import slalang, slalang.cli; from slalang.syntax.parser import parser; "
        "assert parser.cache_info().currsize == 0"
    )
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0


def test_config_list_options_accept_a_comma_separated_string(
    run: CliRunner, tmp_path: Path
) -> None:
    (tmp_path / ".slalang.toml").write_text('ignore = "SLA2,SLA3"\nformat = "json"\n')
    outcome = run.invoke(main, ["lint", str(GOOD)])
    assert outcome.exit_code == 0, outcome.output
    assert json.loads(outcome.stdout)["version"] == 1


def _diagnostic(severity: Level) -> Diagnostic:
    return Diagnostic(code="SLA999", name="probe", severity=severity, message="m")


@pytest.mark.parametrize(
    ("outcome", "code"),
    [
        (Outcome(), EXIT_OK),
        (Outcome([_diagnostic(Level.WARNING)]), EXIT_OK),
        (Outcome([_diagnostic(Level.ERROR)]), EXIT_FINDINGS),
        (Outcome([_diagnostic(Level.WARNING)], threshold=Level.WARNING), EXIT_FINDINGS),
        (Outcome([_diagnostic(Level.INFO)], threshold=Level.WARNING), EXIT_OK),
        (Outcome([_diagnostic(Level.INFO)], threshold=Level.INFO), EXIT_FINDINGS),
        (Outcome(would_reformat=1), EXIT_FINDINGS),
        (Outcome(breached=True), EXIT_FINDINGS),
        (Outcome(failed_examples=2), EXIT_FINDINGS),
        (Outcome(usage_error="bad"), EXIT_USAGE),
        (Outcome([_diagnostic(Level.ERROR)], breached=True, usage_error="bad"), EXIT_USAGE),
    ],
)
def test_outcome_decides_the_exit_code(outcome: Outcome, code: int) -> None:
    assert outcome.exit_code == code


def test_the_group_turns_a_returned_outcome_or_a_usage_failure_into_the_exit_code() -> None:
    @click.group(cls=Slalang)
    def group() -> None:
        pass

    @group.command()
    @click.argument("kind")
    def probe(kind: str) -> Outcome:
        if kind == "usage":
            raise UsageFailure("no good")
        return Outcome(breached=kind == "breach")

    assert CliRunner().invoke(group, ["probe", "fine"]).exit_code == EXIT_OK
    assert CliRunner().invoke(group, ["probe", "breach"]).exit_code == EXIT_FINDINGS
    failed = CliRunner().invoke(group, ["probe", "usage"])
    assert failed.exit_code == EXIT_USAGE
    assert failed.stderr == "slalang: error: no good\n"
    assert failed.stdout == ""
