"""The cached Lark parser. It is built on first use, never at import time."""

from __future__ import annotations

import functools
import os
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

from lark import Lark, Token

GRAMMAR_NAME = "slalang.lark"


def grammar_text() -> str:
    """The grammar as shipped inside the package, or from the source tree in a checkout."""
    shipped = resources.files("slalang").joinpath("grammar").joinpath(GRAMMAR_NAME)
    if shipped.is_file():
        return shipped.read_text(encoding="utf-8")
    return (Path(__file__).resolve().parents[2] / "grammar" / GRAMMAR_NAME).read_text(
        encoding="utf-8"
    )


class WholeWords:
    """A no-op post-lexer whose only job is to make every lexer state also try NAME.

    Lark turns a NAME whose text is a keyword into that keyword, so keywords then match whole
    words only: `credits` is the unknown word "credits", not the keyword `credit` and a stray `s`.
    """

    always_accept = ("NAME",)

    def process(self, stream: Iterator[Token]) -> Iterator[Token]:
        return stream


def cache_file() -> str | bool:
    """Where the built parser is kept between runs: the user's cache directory (never a shared
    temporary one, as the file is a pickle), or False when it cannot be made."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = os.path.join(base, "slalang")
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
    except OSError:
        return False
    return os.path.join(folder, "grammar.lark-cache")  # Lark checks grammar and version hashes


def build_parser(strict: bool = False, cache: str | bool = False) -> Lark:
    return Lark(
        grammar_text(),
        parser="lalr",
        lexer="contextual",
        postlex=WholeWords(),
        propagate_positions=True,
        maybe_placeholders=False,
        strict=strict,
        cache=cache,
    )


@functools.cache
def parser() -> Lark:
    return build_parser(cache=cache_file())


@functools.cache
def keywords() -> frozenset[str]:
    """Every keyword of the language (the identifier-like string terminals)."""
    return frozenset(
        t.pattern.value
        for t in parser().terminals
        if isinstance(t.pattern.value, str) and t.pattern.value.isidentifier()
    )
