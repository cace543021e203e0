"""Diagnostics as GitHub Actions workflow commands (`::error file=...::message`)."""

from __future__ import annotations

from collections.abc import Sequence

from slalang.diagnostics import Diagnostic, Severity

_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(diagnostics: Sequence[Diagnostic], default_file: str = "<stdin>") -> str:
    lines = []
    for d in diagnostics:
        props = []
        if d.span is not None:
            props += [
                f"file={_property(d.span.file or default_file)}",
                f"line={d.span.line}",
                f"col={d.span.column}",
                f"endLine={d.span.end_line}",
                f"endColumn={d.span.end_column}",
            ]
        props.append(f"title={_property(f'{d.code} {d.name}')}")
        message = d.message + "".join(f"\nhelp: {hint}" for hint in d.hints)
        lines.append(f"::{_LEVELS[d.severity]} {','.join(props)}::{_data(message)}")
    return "".join(line + "\n" for line in lines)
