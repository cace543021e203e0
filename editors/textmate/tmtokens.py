"""A small TextMate tokenizer in Python, enough for sla.tmLanguage.json: `match` rules with
`captures`, `begin`/`end` rules with inner patterns (which may span lines), `include` of the
repository. Used by the tests (tests/test_textmate.py) and to render the screenshot.

    python editors/textmate/tmtokens.py contracts/acme-chat-enterprise.sla
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

GRAMMAR = Path(__file__).with_name("sla.tmLanguage.json")


@dataclass(frozen=True)
class Token:
    line: int  # 0-based
    start: int
    end: int
    scopes: tuple[str, ...]  # outermost first, without the grammar's scope name
    text: str


class Tokenizer:
    def __init__(self, grammar: dict[str, Any]) -> None:
        self.grammar = grammar
        self.compiled: dict[str, re.Pattern[str]] = {}

    def regex(self, source: str) -> re.Pattern[str]:
        if source not in self.compiled:
            self.compiled[source] = re.compile(source)
        return self.compiled[source]

    def rules(self, patterns: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Patterns with every `include` replaced by the repository's rules, in order."""
        out: list[dict[str, Any]] = []
        for p in patterns:
            if "include" in p:
                entry = self.grammar["repository"][p["include"].lstrip("#")]
                out.extend(
                    self.rules(entry["patterns"])
                    if "patterns" in entry and "begin" not in entry
                    else [entry]
                )
            else:
                out.append(p)
        return out

    def tokenize(self, text: str) -> list[Token]:
        tokens: list[Token] = []
        stack: list[dict[str, Any]] = []  # open begin/end rules
        for number, line in enumerate(text.split("\n")):
            position = 0
            while position <= len(line):
                rule = stack[-1] if stack else None
                patterns = self.rules(
                    rule.get("patterns", []) if rule else self.grammar["patterns"]
                )
                outer = tuple(r["name"] for r in stack if "name" in r)
                best = self._earliest(patterns, line, position)
                end = self.regex(rule["end"]).search(line, position) if rule else None
                if end is not None and (best is None or end.start() <= best[1].start()):
                    self._emit(tokens, number, line, position, end.start(), outer)
                    self._captures(tokens, number, end, rule.get("endCaptures", {}), outer)
                    stack.pop()
                    if end.start() == end.end() == len(line):
                        break  # `$`: the rule ends with its line
                    position = end.end()
                    continue
                if best is None:
                    self._emit(tokens, number, line, position, len(line), outer)
                    break
                found, match = best
                self._emit(tokens, number, line, position, match.start(), outer)
                scopes = (*outer, found["name"]) if "name" in found else outer
                if "begin" in found:
                    self._captures(tokens, number, match, found.get("beginCaptures", {}), scopes)
                    stack.append(found)
                else:
                    self._emit(tokens, number, line, match.start(), match.end(), scopes)
                    self._captures(tokens, number, match, found.get("captures", {}), scopes)
                position = match.end() if match.end() > position else position + 1
        return sorted(tokens, key=lambda t: (t.line, t.start, -t.end))

    def _earliest(
        self, patterns: list[dict[str, Any]], line: str, position: int
    ) -> tuple[dict[str, Any], re.Match[str]] | None:
        best: tuple[dict[str, Any], re.Match[str]] | None = None
        for p in patterns:
            match = self.regex(p.get("match") or p["begin"]).search(line, position)
            if match is not None and (best is None or match.start() < best[1].start()):
                best = (p, match)
        return best

    @staticmethod
    def _emit(
        tokens: list[Token], line: int, text: str, start: int, end: int, scopes: tuple[str, ...]
    ) -> None:
        if end > start and scopes:
            tokens.append(Token(line, start, end, scopes, text[start:end]))

    @staticmethod
    def _captures(
        tokens: list[Token],
        line: int,
        match: re.Match[str],
        captures: dict[str, Any],
        scopes: tuple[str, ...],
    ) -> None:
        for group, capture in captures.items():
            start, end = match.span(int(group))
            if end > start:
                tokens.append(
                    Token(line, start, end, (*scopes, capture["name"]), match.group(int(group)))
                )


def load() -> Tokenizer:
    return Tokenizer(json.loads(GRAMMAR.read_text(encoding="utf-8")))


def scope_at(tokens: list[Token], line: int, column: int) -> tuple[str, ...]:
    """The innermost scopes at 0-based `line` and `column` (the narrowest token covering it)."""
    covering = [t for t in tokens if t.line == line and t.start <= column < t.end]
    return min(covering, key=lambda t: (t.end - t.start, -len(t.scopes))).scopes if covering else ()


if __name__ == "__main__":
    for token in load().tokenize(Path(sys.argv[1]).read_text(encoding="utf-8")):
        print(token.line + 1, token.start + 1, " ".join(token.scopes), repr(token.text))
