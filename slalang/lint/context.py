"""What a rule sees (`Context`) and what it returns (`Finding`)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from slalang.diagnostics import Level
from slalang.model import Contract
from slalang.source import ModelPath, SourceMap


@dataclass(frozen=True)
class Finding:
    """A problem at a model path; the runner turns it into a `Diagnostic` with spans. `level`
    lowers this finding below its rule's severity (never raises it): a lesser case of the rule."""

    path: ModelPath
    message: str
    hints: tuple[str, ...] = ()
    related: tuple[tuple[ModelPath, str], ...] = ()
    level: Level | None = None


@dataclass(frozen=True)
class Context:
    contract: Contract
    source_map: SourceMap
    text: str
    options: Mapping[str, Any] = field(default_factory=dict)

    @cached_property
    def lines(self) -> list[str]:
        """The text's lines, split once for every `words` call."""
        return self.text.split("\n")

    def words(self, path: ModelPath) -> str:
        """The contract's own words at `path` (the first line of its span)."""
        span = self.source_map.span(path)
        if span is None:
            return ""
        line = self.lines[span.line - 1] if span.line <= len(self.lines) else ""
        end = span.end_column - 1 if span.end_line == span.line else len(line)
        return line[span.column - 1 : end].strip()
