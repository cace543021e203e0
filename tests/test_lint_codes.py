"""The table of every diagnostic code: complete, each example produces its code, and `explain`,
`rules --all` and SARIF know every code."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from slalang.cli import main
from slalang.codes import CODES, Code
from slalang.diagnostics import Diagnostic
from slalang.evaluate.examples import run_examples
from slalang.lint import all_rules, code_table
from slalang.loader import load
from slalang.records import read_records

PACKAGE = Path(__file__).resolve().parents[1] / "slalang"
CODE = re.compile(r"SLA\d{3}")
# loader.py reports SLA005 as input-too-large or, for deep brackets, as nesting-too-deep.
SECOND_NAMES = {"SLA005": "nesting-too-deep"}


def _literals() -> set[tuple[str, str]]:
    found = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            text = node.value if isinstance(node, ast.Constant) else None
            if isinstance(text, str) and CODE.fullmatch(text):
                found.add((str(path.relative_to(PACKAGE.parent)), text))
    return found


def test_every_code_in_the_source_is_in_the_table() -> None:
    literals = _literals()
    assert {"SLA001", "SLA014", "SLA700", "SLA800"} <= {code for _, code in literals}
    assert sorted(x for x in literals if x[1] not in code_table()) == []


def test_the_rules_entries_come_from_the_rules() -> None:
    table = code_table()
    assert list(table) == sorted(table)
    assert set(table) == set(CODES) | {r.code for r in all_rules()}
    assert all(table[r.code] == r.entry for r in all_rules())
    assert not set(CODES) & {r.code for r in all_rules()}


def _produced(code: Code, tmp_path: Path) -> list[Diagnostic]:
    """The diagnostics of the example, read as its file by the loader, then `slalang test`
    (for a contract) or by the records reader."""
    path = tmp_path / code.example_file
    path.write_text(code.example, encoding="utf-8")
    if path.suffix != ".sla":
        return list(read_records(path).diagnostics)
    parsed = load(path)
    if parsed.contract is None:
        return list(parsed.diagnostics)
    return [*parsed.format_problems, *(d for o in run_examples(parsed) for d in o.diagnostics)]


@pytest.mark.parametrize("code", CODES.values(), ids=lambda c: c.code)
def test_each_example_produces_exactly_its_code(code: Code, tmp_path: Path) -> None:
    produced = _produced(code, tmp_path)
    assert produced and {d.code for d in produced} == {code.code}, produced
    assert {d.name for d in produced} <= {code.name, SECOND_NAMES.get(code.code)}
    assert {d.severity for d in produced} == {code.severity}


@pytest.mark.parametrize("code", CODES.values(), ids=lambda c: c.code)
def test_each_entry_is_documented(code: Code) -> None:
    assert code.summary.endswith(".") and "\n" not in code.summary
    assert code.name == code.name.lower() and " " not in code.name


def invoke(*args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=stdin)


def test_explain_knows_every_code() -> None:
    page = invoke("explain", "sla014")
    assert page.exit_code == 0
    assert page.stdout.startswith("# SLA014 unknown-reference\n\nA name that is not defined")
    assert '```sla\ncontract "Who" {\n' in page.stdout
    assert 'contract "Binary" {\u2400}' in invoke("explain", "SLA004").stdout
    for code in code_table():
        assert invoke("explain", code).stdout.startswith(f"# {code} ")
    missing = invoke("explain", "SLA009")
    assert missing.exit_code == 2 and "'SLA009' is not a code" in missing.stderr


def test_rules_lists_the_other_codes_with_all() -> None:
    lint_only = invoke("rules").stdout
    every = invoke("rules", "--all").stdout
    assert "SLA014" not in lint_only and every.startswith(lint_only)
    assert [line.split()[0] for line in every.splitlines()] == [
        *(r.code for r in all_rules()),
        *CODES,
    ]
    document = json.loads(invoke("rules", "--format", "json", "--all").stdout)
    assert [c["code"] for c in document["codes"]] == list(CODES)
    assert "codes" not in json.loads(invoke("rules", "--format", "json").stdout)


def test_the_rules_page_documents_every_code() -> None:
    page = invoke("rules", "--format", "markdown").stdout
    assert "## Other codes" in page
    for code in code_table().values():
        assert f"### {code.code} {code.name}\n" in page
        assert f"(#{code.anchor})" in page


def test_sarif_describes_the_codes_that_are_not_rules() -> None:
    text = 'contract "x" {\n    objective availability up {\n        service chat\n    }\n}\n'
    document = json.loads(invoke("lint", "-", "--format", "sarif", stdin=text).stdout)
    (run,) = document["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [*(r.code for r in all_rules()), "SLA014"]
    descriptor = rules[-1]
    assert descriptor["name"] == "unknown-reference"
    assert descriptor["shortDescription"]["text"] == CODES["SLA014"].summary
    assert descriptor["help"]["markdown"].startswith("# SLA014 unknown-reference\n")
    assert descriptor["defaultConfiguration"] == {"level": "error"}
    assert descriptor["properties"] == {"tags": ["Front end"]}
    assert [r["ruleIndex"] for r in run["results"]] == [len(rules) - 1]
