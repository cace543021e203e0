"""Find comments and attach each to a clause, so that the formatter can keep all of them.

A comment on the line where a clause ends trails that clause; one on the line of a block's opening
brace stays there; a comment on a line of its own leads
the next clause of its block, or sits before the block's closing brace. A comment inside a
one-line clause that spans several lines has no such home: it is reported, never dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from slalang.diagnostics import Diagnostic, Level, Span
from slalang.source import ModelPath, SourceMap

_STRING_OR_COMMENT = re.compile(r'"(?:[^"\\\n]|\\.)*"|#[^\n]*')
END_OF_FILE: ModelPath = ("<end>",)


@dataclass(frozen=True)
class Comment:
    line: int
    column: int
    text: str  # with the leading '#'


@dataclass
class Comments:
    leading: dict[ModelPath, list[str]] = field(default_factory=dict)
    trailing: dict[ModelPath, str] = field(default_factory=dict)
    closing: dict[ModelPath, list[str]] = field(default_factory=dict)  # before a block's "}"
    header: dict[ModelPath, str] = field(default_factory=dict)  # after a block's "{"

    def __bool__(self) -> bool:
        return bool(self.leading or self.trailing or self.closing or self.header)


def scan_comments(text: str) -> list[Comment]:
    comments = []
    line_starts = [0]
    line_starts.extend(i + 1 for i, char in enumerate(text) if char == "\n")
    line = 0
    for match in _STRING_OR_COMMENT.finditer(text):
        if match.group().startswith("#"):
            while line + 1 < len(line_starts) and line_starts[line + 1] <= match.start():
                line += 1
            comments.append(
                Comment(line + 1, match.start() - line_starts[line] + 1, match.group().rstrip())
            )
    return comments


def _key(line: int, column: int) -> tuple[int, int]:
    return (line, column)


def attach_comments(
    comments: list[Comment], source_map: SourceMap
) -> tuple[Comments, list[Diagnostic]]:
    out = Comments()
    problems: list[Diagnostic] = []
    statements = [(path, source_map.spans[path]) for path in [(), *source_map.statements]]
    starts = sorted(
        ((_key(s.line, s.column), len(p), p) for p, s in statements), key=lambda t: (t[0], t[1])
    )
    closes = sorted((_key(s.line, s.column), p) for p, s in source_map.blocks.items())
    blocks = set(source_map.blocks)
    for comment in comments:
        at = _key(comment.line, comment.column)
        ending_here = [
            (_key(s.end_line, s.end_column), len(p), p)
            for p, s in statements
            if s.end_line == comment.line and _key(s.end_line, s.end_column) <= at
        ]
        if ending_here:
            path = max(ending_here, key=lambda t: (t[0], -t[1]))[2]
            if path in out.trailing:
                out.trailing[path] += " " + comment.text
            else:
                out.trailing[path] = comment.text
            continue
        opening_here = [
            (s.column, len(p), p)
            for p, s in statements
            if p in blocks and s.line == comment.line and _key(s.line, s.column) < at
        ]
        if opening_here:
            out.header[max(opening_here, key=lambda t: t[:2])[2]] = comment.text
            continue
        inside = [
            p
            for p, s in statements
            if p not in blocks and _key(s.line, s.column) < at < _key(s.end_line, s.end_column)
        ]
        if inside:
            span = source_map.spans[inside[0]]
            problems.append(
                Diagnostic(
                    code="SLA020",
                    name="misplaced-comment",
                    severity=Level.ERROR,
                    message="this comment sits inside a clause; the formatter will not move or drop it",
                    span=Span(
                        file=source_map.file,
                        line=comment.line,
                        column=comment.column,
                        end_line=comment.line,
                        end_column=comment.column + len(comment.text),
                    ),
                    hints=(f"move it above the clause that starts on line {span.line}",),
                )
            )
            continue
        next_start = next((t for t in starts if t[0] > at), None)
        next_close = next((t for t in closes if t[0] > at), None)
        if next_start and (next_close is None or next_start[0] < next_close[0]):
            # The outermost clause starting there leads: "objective ... {" rather than its parts.
            out.leading.setdefault(next_start[2], []).append(comment.text)
        elif next_close is not None:
            out.closing.setdefault(next_close[1], []).append(comment.text)
        else:
            out.closing.setdefault(END_OF_FILE, []).append(comment.text)
    return out, problems
