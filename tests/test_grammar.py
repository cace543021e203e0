"""The grammar is LALR(1) without conflicts and is loaded from the package, as the CLI does."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from slalang.syntax.parser import GRAMMAR_NAME, build_parser, grammar_text, parser


def test_grammar_builds_in_strict_mode() -> None:
    # strict=True makes Lark fail on any shift/reduce conflict and on terminal collisions.
    build_parser(strict=True)


def test_parser_is_built_once_and_not_at_import() -> None:
    assert parser() is parser()


def test_grammar_text_is_the_file_in_grammar_folder() -> None:
    source = Path(__file__).resolve().parents[1] / "grammar" / GRAMMAR_NAME
    assert grammar_text() == source.read_text(encoding="utf-8")


def test_grammar_is_addressable_as_a_package_resource() -> None:
    # In the wheel the grammar sits at slalang/grammar/slalang.lark; in a checkout the loader
    # falls back to the source tree. tests/test_wheel.py checks the installed layout.
    shipped = resources.files("slalang").joinpath("grammar").joinpath(GRAMMAR_NAME)
    assert shipped.is_file() or grammar_text().startswith("// slalang grammar")
