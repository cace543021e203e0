"""The TextMate grammar (editors/textmate/sla.tmLanguage.json) against the Lark grammar: the same
keywords, and on every contract in contracts/ each token the parser reads gets the scope of its
kind (keywords, strings, numbers, units, currencies) and every comment a comment scope."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest
from lark import Token

from slalang.syntax.comments import scan_comments
from slalang.syntax.parser import keywords, parser

ROOT = Path(__file__).resolve().parents[1]
CONTRACTS = sorted((ROOT / "contracts").rglob("*.sla"))
KEYWORD_SCOPES = ("storage.type.sla", "keyword.operator.word.sla", "keyword.other.sla")
SCOPES = {
    "STRING": "string.quoted.double.sla",
    "PERCENT": "constant.numeric.percent.sla",
    "NUMBER": "constant.numeric",
    "INTEGER": "constant.numeric",
    "DATE": "constant.numeric.date.sla",
    "DATETIME": "constant.numeric.datetime.sla",
    "MONTH": "constant.numeric.month.sla",
    "TIME": "constant.numeric.time.sla",
    "CURRENCY": "support.constant.currency.sla",
    "DURATION_UNIT": "keyword.other.unit.sla",
    "BUSINESS_UNIT": "keyword.other.unit.sla",
    "CALENDAR_UNIT": "keyword.other.unit.sla",
    "AROUND_THE_CLOCK": "constant.language.around-the-clock.sla",
}


def _module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("tmtokens", ROOT / "editors/textmate/tmtokens.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["tmtokens"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


TM = _module()


def grammar_keywords() -> set[str]:
    """The words of the TextMate grammar's keyword rules."""
    rules = TM.load().grammar["repository"]["keyword"]["patterns"]
    assert [r["name"] for r in rules] == list(KEYWORD_SCOPES)
    return {
        w for r in rules for w in r["match"].removeprefix(r"\b(?:").removesuffix(r")\b").split("|")
    }


def test_every_keyword_of_the_grammar_has_a_scope() -> None:
    assert grammar_keywords() == set(keywords())


def test_every_rule_compiles_with_python_re() -> None:
    tokenizer = TM.load()
    sources = re.findall(r'"(?:match|begin|end)": "((?:[^"\\]|\\.)*)"', TM.GRAMMAR.read_text())
    assert len(sources) >= 20
    for rule in tokenizer.rules(tokenizer.grammar["patterns"]):
        for key in ("match", "begin", "end"):
            if key in rule:
                re.compile(rule[key])


def _lark_tokens(text: str) -> list[Token]:
    return list(parser().parse_interactive(text).iter_parse())


@pytest.mark.parametrize("path", CONTRACTS, ids=lambda p: p.name)
def test_contract_tokens_get_their_scopes(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    tokens = TM.load().tokenize(text)
    checked = 0
    for token in _lark_tokens(text):
        if token.type == "$END":
            continue
        scopes = TM.scope_at(tokens, token.line - 1, token.column - 1)
        value = str(token.value)
        if value in keywords() and token.type != "NAME":
            assert scopes and scopes[-1] in KEYWORD_SCOPES, (token, scopes)
        elif token.type in SCOPES:
            assert scopes and scopes[0].startswith(SCOPES[token.type]), (token, scopes)
        elif token.type == "NAME":
            assert not any(s.startswith(("string", "comment", "constant.numeric")) for s in scopes)
        checked += 1
    for comment in scan_comments(text):
        scopes = TM.scope_at(tokens, comment.line - 1, comment.column - 1)
        assert scopes and scopes[0].startswith("comment.line"), (comment, scopes)
    assert checked > 50


def test_a_suppression_names_its_rule_codes() -> None:
    tokens = TM.load().tokenize(
        "    # slalang: disable-next-line=SLA102, tier-gap -- agreed in annex B\n"
    )
    scoped = {t.text: t.scopes[-1] for t in tokens}
    assert scoped["SLA102, tier-gap"] == "constant.other.rule-code.sla"
    assert scoped["agreed in annex B"] == "comment.line.reason.sla"
    assert scoped["disable-next-line"] == "keyword.other.directive.sla"


def test_the_vscode_extension_ships_the_grammar_and_starts_the_server() -> None:
    vscode = ROOT / "editors" / "vscode"
    manifest = json.loads((vscode / "package.json").read_text(encoding="utf-8"))
    grammar = manifest["contributes"]["grammars"][0]
    assert (vscode / grammar["path"]).read_bytes() == TM.GRAMMAR.read_bytes()
    assert grammar["scopeName"] == TM.load().grammar["scopeName"]
    language = manifest["contributes"]["languages"][0]
    assert language["extensions"] == [".sla"]
    configuration = json.loads((vscode / language["configuration"]).read_text(encoding="utf-8"))
    assert configuration["comments"]["lineComment"] == "#"
    assert manifest["contributes"]["configuration"]["properties"]["slalang.command"]["default"] == [
        "slalang",
        "lsp",
    ]
