"""Diagnostics to text: `text` (path:line:col: CODE message [name]), `pretty` and `json`.

Every field is escaped here (slalang.render.escape): `text` and `pretty` show controls and
invisible characters visibly, so each finding of `text` is exactly one line; `json` escapes them.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence

from slalang.diagnostics import Diagnostic, Level, Span, Suppressed
from slalang.render.escape import json_text, log_line, visible

Paint = Callable[[str, str], str]

JSON_VERSION = 1

_COLOURS = {Level.ERROR: "31", Level.WARNING: "33", Level.INFO: "36"}


def _where(d: Diagnostic, default: str) -> str:
    return visible(default) if d.span is None else _where_span(d.span, default)


def _where_span(span: Span, default: str) -> str:
    return f"{visible(span.file or default)}:{span.line}:{span.column}"


def _line(d: Diagnostic, default_file: str) -> str:
    return f"{_where(d, default_file)}: {visible(d.code)} {visible(d.message)} [{visible(d.name)}]"


def _suppressed_by(x: Suppressed, default_file: str) -> str:
    return f"suppressed by {_where_span(x.by, default_file)}: {visible(x.reason)}"


def render_text(
    diagnostics: Sequence[Diagnostic],
    default_file: str = "<stdin>",
    suppressed: Sequence[Suppressed] = (),
) -> str:
    """One line per diagnostic: `path:line:col: CODE message [name]`; then one per suppressed
    finding, ending `(suppressed by path:line:col: reason)`."""
    lines = [_line(d, default_file) for d in diagnostics]
    lines.extend(
        f"{_line(x.diagnostic, default_file)} ({_suppressed_by(x, default_file)})"
        for x in suppressed
    )
    return "".join(log_line(line) + "\n" for line in lines)


def use_colour(stream_is_tty: bool) -> bool:
    return stream_is_tty and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"


def render_pretty(
    diagnostics: Sequence[Diagnostic],
    sources: dict[str, str],
    colour: bool,
    default_file: str = "<stdin>",
    suppressed: Sequence[Suppressed] = (),
) -> str:
    """Each diagnostic with an excerpt of its source, notes and help; then each suppressed
    finding the same way, with a note saying which suppression hid it and why."""

    def paint(code: str, text: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if colour else text

    shown = [(d, None) for d in diagnostics] + [(x.diagnostic, x) for x in suppressed]
    out: list[str] = []
    for d, hidden in shown:
        out.append(
            f"{paint('1', _where(d, default_file))}: "
            f"{paint(_COLOURS[d.severity], d.severity.value)}[{visible(d.code)}]: "
            f"{visible(d.message)} ({visible(d.name)})"
        )
        if d.span is not None:
            source = sources.get(d.span.file or default_file)
            out.extend(_excerpt(source, d.span, paint, d.severity))
        for related in d.related:
            where = _where_span(related.span, default_file)
            out.append(f"  note: {where}: {visible(related.message)}")
        if hidden is not None:
            out.append(f"  note: {_suppressed_by(hidden, default_file)}")
        out.extend(f"  help: {visible(hint)}" for hint in d.hints)
        out.append("")
    return "\n".join(out) + ("\n" if out else "")


def _excerpt(source: str | None, span: Span, paint: Paint, severity: Level) -> list[str]:
    if source is None:
        return []
    line, column = span.line, span.column
    lines = source.split("\n")
    if not 1 <= line <= len(lines):
        return []
    text = lines[line - 1].replace("\t", " ")
    width = (span.end_column - column) if span.end_line == line else len(text) - column + 1
    # the line is shown escaped, so the marker is measured on the escaped text
    before, marked = text[: column - 1], text[column - 1 : column - 1 + width]
    indent = len(visible(before)) + column - 1 - len(before)
    carets = len(visible(marked)) + width - len(marked)
    gutter = str(line)
    marker = " " * indent + "^" * max(1, carets)
    return [
        f"{' ' * len(gutter)} |",
        f"{gutter} | {visible(text)}",
        f"{' ' * len(gutter)} | {paint(_COLOURS[severity], marker)}",
    ]


def render_json(
    diagnostics: Sequence[Diagnostic], files: int, suppressed: Sequence[Suppressed] = ()
) -> str:
    """The versioned document: the findings, and the suppressed ones with their reasons."""
    counts = {s.value: sum(1 for d in diagnostics if d.severity is s) for s in Level}
    document = {
        "version": JSON_VERSION,
        "files": files,
        "summary": counts,
        "diagnostics": [d.model_dump(mode="json") for d in diagnostics],
        "suppressed": [x.model_dump(mode="json") for x in suppressed],
    }
    return json_text(json.dumps(document, indent=2, ensure_ascii=False)) + "\n"
