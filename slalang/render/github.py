"""Diagnostics as GitHub Actions workflow commands (`::error file=...::message`).

Every field is escaped here (slalang.render.escape): each diagnostic is one command line, and no
text from input can end it or start another command.
"""

from __future__ import annotations

from collections.abc import Sequence

from slalang.diagnostics import Diagnostic, Level
from slalang.render.escape import github_data, github_property

_LEVELS = {Level.ERROR: "error", Level.WARNING: "warning", Level.INFO: "notice"}


def render_github(diagnostics: Sequence[Diagnostic], default_file: str = "<stdin>") -> str:
    lines = []
    for d in diagnostics:
        props = []
        if d.span is not None:
            props += [
                f"file={github_property(d.span.file or default_file)}",
                f"line={d.span.line}",
                f"col={d.span.column}",
                f"endLine={d.span.end_line}",
                f"endColumn={d.span.end_column}",
            ]
        props.append(f"title={github_property(f'{d.code} {d.name}')}")
        parts = [d.message, *(f"help: {hint}" for hint in d.hints)]
        message = "%0A".join(github_data(part) for part in parts)  # the renderer's own line breaks
        lines.append(f"::{_LEVELS[d.severity]} {','.join(props)}::{message}")
    return "".join(line + "\n" for line in lines)
