"""Diagnostics to text: `text` (path:line:col: CODE message [name]), `pretty` and `json`."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence

from slalang.diagnostics import Diagnostic, Severity, Span

Paint = Callable[[str, str], str]

JSON_VERSION = 1

_COLOURS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}


def _where(d: Diagnostic, default: str) -> str:
    if d.span is None:
        return default
    return f"{d.span.file or default}:{d.span.line}:{d.span.column}"


def render_text(diagnostics: Sequence[Diagnostic], default_file: str = "<stdin>") -> str:
    lines = [f"{_where(d, default_file)}: {d.code} {d.message} [{d.name}]" for d in diagnostics]
    return "".join(line + "\n" for line in lines)


def use_colour(stream_is_tty: bool) -> bool:
    return stream_is_tty and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"


def render_pretty(
    diagnostics: Sequence[Diagnostic],
    sources: dict[str, str],
    colour: bool,
    default_file: str = "<stdin>",
) -> str:
    def paint(code: str, text: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if colour else text

    out: list[str] = []
    for d in diagnostics:
        out.append(
            f"{paint('1', _where(d, default_file))}: "
            f"{paint(_COLOURS[d.severity], d.severity.value)}[{d.code}]: {d.message} ({d.name})"
        )
        if d.span is not None:
            source = sources.get(d.span.file or default_file)
            out.extend(_excerpt(source, d.span, paint, d.severity))
        for related in d.related:
            out.append(f"  note: {_where_span(related.span, default_file)}: {related.message}")
        out.extend(f"  help: {hint}" for hint in d.hints)
        out.append("")
    return "\n".join(out) + ("\n" if out else "")


def _where_span(span: Span, default: str) -> str:
    return f"{span.file or default}:{span.line}:{span.column}"


def _excerpt(source: str | None, span: Span, paint: Paint, severity: Severity) -> list[str]:
    if source is None:
        return []
    line, column = span.line, span.column
    lines = source.split("\n")
    if not 1 <= line <= len(lines):
        return []
    text = lines[line - 1].replace("\t", " ")
    width = (span.end_column - column) if span.end_line == line else len(text) - column + 1
    gutter = str(line)
    marker = " " * (column - 1) + "^" * max(1, width)
    return [
        f"{' ' * len(gutter)} |",
        f"{gutter} | {text}",
        f"{' ' * len(gutter)} | {paint(_COLOURS[severity], marker)}",
    ]


def render_json(diagnostics: Sequence[Diagnostic], files: int) -> str:
    counts = {s.value: sum(1 for d in diagnostics if d.severity is s) for s in Severity}
    document = {
        "version": JSON_VERSION,
        "files": files,
        "summary": counts,
        "diagnostics": [d.model_dump(mode="json") for d in diagnostics],
    }
    return json.dumps(document, indent=2, sort_keys=False) + "\n"
