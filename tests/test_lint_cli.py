"""`slalang lint`, `rules` and `explain` on the command line: formats, exit codes, selection."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from slalang.cli import main
from slalang.lint import all_rules

ROOT = Path(__file__).resolve().parents[1]
THREE = "tests/goldens/lint/three-findings.sla"
FORMATS = ["text", "pretty", "json", "sarif", "github"]


@pytest.fixture(autouse=True)
def _in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("NO_COLOR", "1")


def invoke(*args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=stdin)


@pytest.mark.parametrize("output", FORMATS)
def test_three_findings_in_every_format(output: str, golden: Callable[[str, str], None]) -> None:
    result = invoke("lint", THREE, "--format", output)
    assert result.exit_code == 1
    golden(f"lint/three-findings.{output}", result.stdout)
    assert "3 finding(s) (3 error, 0 warning, 0 info), 0 suppressed" in result.stderr


def test_three_findings_are_exactly_these() -> None:
    document = json.loads(invoke("lint", THREE, "--format", "json").stdout)
    found = [(d["code"], d["span"]["line"], d["span"]["column"]) for d in document["diagnostics"]]
    assert found == [("SLA202", 8, 5), ("SLA101", 20, 13), ("SLA301", 30, 13)]
    lines = (ROOT / THREE).read_text(encoding="utf-8").split("\n")
    underlined = [
        lines[d["span"]["line"] - 1][d["span"]["column"] - 1 : d["span"]["end_column"] - 1]
        for d in document["diagnostics"]
    ]
    assert underlined == ["period calendar month", "[95.0%, 99.0%]", "respond within 8 hours 24x7"]
    related = document["diagnostics"][1]["related"][0]["span"]
    assert lines[related["line"] - 1].strip() == "[99.0%, 99.9%) -> 10%"


def test_sarif_shape_for_code_scanning() -> None:
    document = json.loads(invoke("lint", THREE, "--format", "sarif").stdout)
    assert document["version"] == "2.1.0"
    (run,) = document["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [r.code for r in all_rules()]
    for descriptor in rules:
        assert descriptor["help"]["markdown"].startswith(
            f"# {descriptor['id']} {descriptor['name']}"
        )
        assert descriptor["defaultConfiguration"]["level"] in ("error", "warning", "note")
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"] == THREE
        assert set(location["region"]) == {"startLine", "startColumn", "endLine", "endColumn"}


def test_clean_contracts_exit_zero() -> None:
    result = invoke("lint", "contracts")
    assert result.exit_code == 0, result.stdout
    assert result.stdout == ""


def test_fail_on_and_severity_threshold() -> None:
    text = 'contract "x" {\n    fee monthly "Monthly fee"\n}\n'
    assert invoke("lint", "-", "--select", "SLA502", stdin=text).exit_code == 0
    assert (
        invoke("lint", "-", "--select", "SLA502", "--fail-on", "warning", stdin=text).exit_code == 1
    )


def test_select_and_ignore_take_codes_prefixes_and_names() -> None:
    def codes(*args: str) -> list[str]:
        out = invoke("lint", THREE, "--format", "json", *args).stdout
        return [d["code"] for d in json.loads(out)["diagnostics"]]

    assert codes("--select", "SLA1") == ["SLA101"]
    assert codes("--select", "missing-timezone,SLA301") == ["SLA202", "SLA301"]
    assert codes("--ignore", "SLA2", "--ignore", "response-after-resolution") == ["SLA101"]


def test_unknown_selector_is_a_usage_error() -> None:
    result = invoke("lint", THREE, "--select", "SLA777")
    assert result.exit_code == 2
    assert "'SLA777' matches no rule" in result.stderr


def test_rule_severity_and_options_from_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    contract = tmp_path / "c.sla"
    contract.write_text(
        'contract "x" {\n    objective availability up {\n        target >= 99.9%\n'
        "        exclude maintenance announced at least 2 hours ahead at most 4 hours per period\n"
        "    }\n}\n"
    )
    (tmp_path / ".slalang.toml").write_text(
        '[rules]\nSLA401 = { severity = "error", min-notice-hours = 24 }\nno-period = "off"\n'
    )
    monkeypatch.chdir(tmp_path)
    result = invoke("lint", "c.sla", "--format", "json", "--select", "SLA401,SLA201")
    found = [(d["code"], d["severity"]) for d in json.loads(result.stdout)["diagnostics"]]
    assert found == [("SLA401", "error")]
    assert result.exit_code == 1


def test_bad_rule_config_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".slalang.toml").write_text('[rules]\nSLA401 = "loud"\n')
    monkeypatch.chdir(tmp_path)
    result = invoke("lint", str(ROOT / THREE))
    assert result.exit_code == 2
    assert "severity is error, warning, info or off" in result.stderr
    assert result.stderr.startswith(f"slalang: error: {tmp_path / '.slalang.toml'}: rules.SLA401:")
    selector = invoke("lint", str(ROOT / THREE), "--select", "SLA777")
    assert selector.stderr.startswith("slalang: error: 'SLA777' matches no rule")


def test_syntax_errors_are_findings() -> None:
    result = invoke("lint", "-", "--format", "text", stdin='contract "x" {\n  objectiv\n}\n')
    assert result.exit_code == 1
    assert "SLA001" in result.stdout


@pytest.mark.parametrize("output", ["table", "json", "markdown"])
def test_rules_formats(output: str) -> None:
    result = invoke("rules", "--format", output)
    assert result.exit_code == 0
    assert all(r.code in result.stdout for r in all_rules())


def test_explain_by_code_and_name() -> None:
    assert invoke("explain", "SLA101").stdout == invoke("explain", "overlapping-tiers").stdout
    assert invoke("explain", "sla101").stdout.startswith("# SLA101 overlapping-tiers\n")
    missing = invoke("explain", "SLA999")
    assert missing.exit_code == 2


def test_rules_doc_is_up_to_date() -> None:
    expected = invoke("rules", "--format", "markdown").stdout
    actual = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert actual == expected, (
        "docs/rules.md is stale: slalang rules --format markdown > docs/rules.md"
    )


def test_lint_options_from_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.slalang.lint]\nignore = ["SLA2", "response-after-resolution"]\nformat = "json"\n'
    )
    monkeypatch.chdir(tmp_path)
    result = invoke("lint", str(ROOT / THREE))
    assert [d["code"] for d in json.loads(result.stdout)["diagnostics"]] == ["SLA101"]
    explicit = invoke("lint", str(ROOT / THREE), "--ignore", "SLA1", "--format", "text")
    assert "SLA202" in explicit.stdout and "SLA101" not in explicit.stdout


SUPPRESSED = (
    'contract "Hidden" {\n'
    "    # slalang: disable-next-line=SLA202 -- the zone is the customer's, see annex A\n"
    "    period calendar month\n"
    "}\n"
)


def test_json_lists_suppressed_findings_with_their_reasons() -> None:
    result = invoke("lint", "-", "--format", "json", "--stdin-filename", "h.sla", stdin=SUPPRESSED)
    document = json.loads(result.stdout)
    assert document["diagnostics"] == []
    (hidden,) = document["suppressed"]
    assert (hidden["diagnostic"]["code"], hidden["diagnostic"]["span"]["line"]) == ("SLA202", 3)
    assert hidden["reason"] == "the zone is the customer's, see annex A"
    assert (hidden["by"]["line"], hidden["by"]["column"]) == (2, 5)
    assert (
        result.exit_code == 0
        and "0 finding(s)" in result.stderr
        and "1 suppressed" in result.stderr
    )


@pytest.mark.parametrize("output", ["text", "pretty", "sarif"])
def test_show_suppressed_shows_them_in_other_formats(output: str) -> None:
    args = ("lint", "-", "--format", output, "--stdin-filename", "h.sla")
    hidden = invoke(*args, stdin=SUPPRESSED)
    shown = invoke(*args, "--show-suppressed", stdin=SUPPRESSED)
    assert hidden.exit_code == shown.exit_code == 0
    if output == "sarif":
        assert json.loads(hidden.stdout)["runs"][0]["results"] == []
        (result,) = json.loads(shown.stdout)["runs"][0]["results"]
        assert result["ruleId"] == "SLA202"
        assert result["suppressions"][0]["justification"] == (
            "the zone is the customer's, see annex A"
        )
    else:
        assert "SLA202" not in hidden.stdout
    if output == "text":
        assert shown.stdout == (
            "h.sla:3:5: SLA202 'period calendar month' has no time zone: whose midnight starts"
            " the period? [missing-timezone] (suppressed by h.sla:2:5: the zone is the"
            " customer's, see annex A)\n"
        )
    elif output == "pretty":
        assert "note: suppressed by h.sla:2:5: the zone is the customer's" in shown.stdout
