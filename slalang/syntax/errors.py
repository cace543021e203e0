"""Parse with error recovery and turn Lark's exceptions into human diagnostics.

Users never see Lark's terminal names: each terminal has a description ("a percentage like
99.9%"), a misspelt keyword gets a "did you mean", and after an error the parser resynchronises at
the next clause keyword or closing brace so that independent errors are all reported.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Iterable

from lark import Lark, Token, Tree
from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken

from slalang.diagnostics import Diagnostic, Level, Span
from slalang.syntax.parser import keywords

MAX_SYNTAX_ERRORS = 25

DESCRIPTIONS: dict[str, str] = {
    "STRING": 'a quoted string like "Acme"',
    "NAME": "a name like im_availability",
    "PERCENT": "a percentage like 99.9%",
    "NUMBER": "a number like 15",
    "INTEGER": "a whole number like 2",
    "DATE": "a date like 2026-01-31",
    "DATETIME": "a time with an offset like 2026-10-01T09:00:00+08:00",
    "MONTH": "a month like 2026-09",
    "TIME": "a time of day like 09:00",
    "DURATION_UNIT": "a unit of time (ms, seconds, minutes, hours, days, weeks)",
    "BUSINESS_UNIT": "'hours' or 'days'",
    "CALENDAR_UNIT": "'month', 'quarter' or 'year'",
    "CURRENCY": "a currency code like USD",
    "COMPARATOR": "a comparison (>=, <=, ==, >, <)",
    "AROUND_THE_CLOCK": "'24x7'",
    "$END": "the end of the file",
}

_BRACES = re.compile(r'"(?:[^"\\\n]|\\.)*"|#[^\n]*|[{}]')
_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"')

# Frequent mistakes, recognised by the parser state they leave (Lark's match_examples).
_EXAMPLES: dict[str, list[str]] = {
    "a decimal comma: write numbers with a point, e.g. 99.9%": [
        'contract "x" { objective availability a { target >= 99,9% } }',
        'contract "x" { objective availability a { target >= 99,',
    ],
    "a tier needs explicit bounds, e.g. [99%, 99.9%) -> 10%": [
        'contract "x" { objective availability a { credit { 99% -',
        'contract "x" { objective availability a { credit { 99% ->',
    ],
    "a percentage needs its % sign, e.g. 99.9%": [
        'contract "x" { objective availability a { credit { [99, 99.9) -> 10 } } }',
    ],
}


def _describe(name: str, parser: Lark) -> str:
    if name in DESCRIPTIONS:
        return DESCRIPTIONS[name]
    terminal = parser.get_terminal(name)
    return f"'{terminal.pattern.value}'"


def _expected_text(names: Iterable[str], parser: Lark) -> str:
    wanted = set(names)
    if len(wanted) > 1:
        wanted.discard("SEMICOLON")  # an optional separator, never what is missing
    described = sorted({_describe(n, parser) for n in wanted})
    if len(described) == 1:
        return described[0]
    if len(described) > 8:
        return "one of " + ", ".join(described[:8]) + ", ..."
    return "one of " + ", ".join(described)


def _keywords(names: Iterable[str], parser: Lark) -> list[str]:
    words = []
    for name in names:
        if name in DESCRIPTIONS:
            continue
        value = parser.get_terminal(name).pattern.value
        if isinstance(value, str) and value.isidentifier():
            words.append(value)
    return words


def _token_text(token: Token) -> str:
    return "end of file" if token.type == "$END" else f"'{token.value}'"


class SyntaxErrorCollector:
    """An `on_error` handler for Lark that records diagnostics and resynchronises.

    Recovery: drop back to the innermost open block (a parser state that accepts "}"), then skip
    the rest of the broken clause: to the end of its line, never past an unmatched "}", and on to
    the matching "}" of any "{" it opens. A token that starts a line and fits the block is kept,
    so a clause left unfinished on the line before costs one error, not two.
    """

    def __init__(self, text: str, file: str | None, parser: Lark) -> None:
        self.text = text
        self.file = file
        self.parser = parser
        self.diagnostics: list[Diagnostic] = []
        self._error_line = 0

    def __call__(self, error: UnexpectedInput) -> bool:
        if isinstance(error, UnexpectedToken):
            return self._on_token(error)
        if isinstance(error, UnexpectedCharacters):
            return self._on_character(error)
        return False

    # ---- reporting ----------------------------------------------------------------------

    def _span(self, line: int, column: int, length: int) -> Span:
        return Span(
            file=self.file, line=line, column=column, end_line=line, end_column=column + length
        )

    def _context(self, line: int, column: int) -> str:
        lines = self.text.split("\n")
        before = lines[line - 1][: column - 1] if line - 1 < len(lines) else ""
        before = before.split("#")[0].strip()
        if len(before) > 30:
            before = "..." + before[-27:]
        return f" after '{before}'" if before else ""

    def _label(self, error: UnexpectedInput) -> str | None:
        try:
            label = error.match_examples(self.parser.parse, _EXAMPLES, use_accepts=True)
        except Exception:  # noqa: BLE001 - a failed heuristic must never hide the real error
            return None
        return label if isinstance(label, str) else None

    def _record(self, line: int, diagnostic: Diagnostic) -> None:
        if line != self._error_line and len(self.diagnostics) < MAX_SYNTAX_ERRORS:
            self.diagnostics.append(diagnostic)
        self._error_line = line

    def _message(
        self, token: Token, expected: set[str], line: int, column: int
    ) -> tuple[str, str, str]:
        expected_words = _keywords(expected, self.parser)
        if token.type == "$END":
            opened = _unclosed_brace_line(self.text)
            if opened is not None:
                return (
                    "SLA003",
                    "unexpected-end",
                    (f"the file ended inside the block opened on line {opened}; expected '}}'"),
                )
            return (
                "SLA003",
                "unexpected-end",
                (f"the file ended too early; expected {_expected_text(expected, self.parser)}"),
            )
        if token.type == "NAME" or token.value in keywords():
            close = difflib.get_close_matches(str(token.value), expected_words, n=1, cutoff=0.6)
            if close and close[0] != token.value:
                return (
                    "SLA001",
                    "syntax-error",
                    (
                        f"unknown word {_token_text(token)}{self._context(line, column)}; did you mean '{close[0]}'?"
                    ),
                )
            if len(expected_words) >= 3 and "NAME" not in expected:
                return (
                    "SLA001",
                    "syntax-error",
                    (
                        f"unknown clause {_token_text(token)} here; expected {_expected_text(expected, self.parser)}"
                    ),
                )
        return (
            "SLA001",
            "syntax-error",
            (
                f"unexpected {_token_text(token)}{self._context(line, column)}; "
                f"expected {_expected_text(expected, self.parser)}"
            ),
        )

    # ---- recovery -----------------------------------------------------------------------

    def _first_on_line(self, offset: int) -> bool:
        line_start = self.text.rfind("\n", 0, offset) + 1
        return not self.text[line_start:offset].strip()

    def _skip_clause(self, offset: int) -> int:
        """Where the broken clause that reaches `offset` ends (see the class docstring)."""
        depth, position, text = 0, offset, self.text
        while position < len(text):
            char = text[position]
            if char == '"':
                end = _STRING.match(text, position)
                position = end.end() if end else position + 1
                continue
            if char == "#":
                newline = text.find("\n", position)
                position = len(text) if newline < 0 else newline
                continue
            if char == "{":
                depth += 1
            elif char == "}":
                if depth == 0:
                    return position
                depth -= 1
            elif char == "\n" and depth == 0:
                return position
            position += 1
        return position

    def _pop_to(self, error: UnexpectedInput, accepts: str) -> bool:
        """Pop parser states until one accepts the token type `accepts`."""
        interactive = error.interactive_parser
        if interactive is None:
            return False
        state = interactive.parser_state
        states = state.parse_conf.states
        depth = len(state.state_stack)
        while depth > 1 and accepts not in states[state.state_stack[depth - 1]]:
            depth -= 1
        if accepts not in states[state.state_stack[depth - 1]]:
            return False
        del state.state_stack[depth:]
        del state.value_stack[depth - 1 :]
        return True

    def _advance(self, error: UnexpectedInput, start: int) -> None:
        lexer_state = error.interactive_parser.lexer_thread.state
        assert lexer_state is not None
        end = self._skip_clause(start)
        if end > lexer_state.line_ctr.char_pos:
            lexer_state.line_ctr.feed(self.text[lexer_state.line_ctr.char_pos : end])

    def _as_name(self, error: UnexpectedToken, token: Token) -> bool:
        """Take a keyword as a plain name where only a name fits (e.g. a field called `claim`).

        LALR merges look-aheads, so after a value such as `500 EUR` the lexer may offer a keyword
        where the parser, once it has reduced, wants a name: that is not an error.
        """
        if token.type == "NAME" or "NAME" not in error.expected or token.value not in keywords():
            return False
        if error.interactive_parser is None:
            return False
        try:
            error.interactive_parser.feed_token(Token.new_borrow_pos("NAME", token.value, token))
        except UnexpectedInput:
            return False
        return True

    def _on_character(self, error: UnexpectedCharacters) -> bool:
        char = error.char
        shown = repr(char) if not char.isprintable() or char.isspace() else f"'{char}'"
        allowed = error.allowed or set()
        expected = (
            f"; expected {_expected_text(allowed, self.parser)}" if 0 < len(allowed) <= 4 else ""
        )
        hint = self._label(error)
        self._record(
            error.line,
            Diagnostic(
                code="SLA002",
                name="unexpected-character",
                severity=Level.ERROR,
                message=f"unexpected character {shown}{self._context(error.line, error.column)}{expected}",
                span=self._span(error.line, error.column, 1),
                hints=(hint,) if hint else (),
            ),
        )
        if self._pop_to(error, "RBRACE"):
            self._advance(error, error.pos_in_stream or 0)
        return len(self.diagnostics) < MAX_SYNTAX_ERRORS

    def _on_token(self, error: UnexpectedToken) -> bool:
        token = error.token
        if self._as_name(error, token):
            return True
        is_end = token.type == "$END"
        line = error.line if error.line > 0 else self.text.count("\n") + 1
        column = error.column if error.column > 0 else len(self.text.rsplit("\n", 1)[-1]) + 1
        expected = set(error.expected)
        label = None if is_end else self._label(error)
        resumed = False
        starts_clause = token.type in _statement_starts(self.parser)
        if not is_end and (token.type == "RBRACE" or self._first_on_line(token.start_pos or 0)):
            if starts_clause and self._pop_to(error, token.type):
                assert error.interactive_parser is not None
                try:
                    error.interactive_parser.feed_token(token)
                    resumed = True
                except UnexpectedInput:
                    resumed = False
            elif self._pop_to(error, "RBRACE"):
                assert error.interactive_parser is not None
                states = error.interactive_parser.parser_state.parse_conf.states
                expected = {
                    s for s in states[error.interactive_parser.parser_state.position] if s.isupper()
                }
        elif not is_end:
            self._pop_to(error, "RBRACE")
        code, name, message = self._message(token, expected, line, column)
        if label:
            message = f"unexpected {_token_text(token)}: {label}"
        length = 1 if is_end else max(1, len(str(token.value)))
        self._record(
            line,
            Diagnostic(
                code=code,
                name=name,
                severity=Level.ERROR,
                message=message,
                span=self._span(line, column, length),
            ),
        )
        if is_end or len(self.diagnostics) >= MAX_SYNTAX_ERRORS:
            return False
        if not resumed:
            self._advance(error, token.end_pos or 0)
        return True


def _unclosed_brace_line(text: str) -> int | None:
    """The line of the innermost "{" that is never closed, if any."""
    stack: list[int] = []
    for match in _BRACES.finditer(text):
        token = match.group()
        if token == "{":
            stack.append(text.count("\n", 0, match.start()) + 1)
        elif token == "}" and stack:
            stack.pop()
    return stack[-1] if stack else None


@functools.cache
def _statement_starts(parser: Lark) -> frozenset[str]:
    """Token types at which recovery may resume: keywords and the closing brace."""
    names = {
        t.name
        for t in parser.terminals
        if isinstance(t.pattern.value, str) and t.pattern.value.isidentifier()
    }
    return frozenset(names | {"RBRACE"})


def parse_with_recovery(
    text: str, file: str | None, parser: Lark
) -> tuple[Tree[Token] | None, list[Diagnostic]]:
    collector = SyntaxErrorCollector(text, file, parser)
    try:
        tree = parser.parse(text, on_error=collector)
    except UnexpectedInput as error:
        if not collector.diagnostics or isinstance(error, UnexpectedCharacters):
            collector(error)
        return None, collector.diagnostics
    if collector.diagnostics:
        return None, collector.diagnostics
    return tree, []
