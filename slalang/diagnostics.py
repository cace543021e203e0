"""One diagnostic type for every stage: syntax, validation, lint, records."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict


class Level(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"info": 0, "warning": 1, "error": 2}[self.value]


class Span(BaseModel):
    """A region of a file: 1-based line and column; `end_column` points just past the region."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    file: str | None = None
    line: int
    column: int
    end_line: int
    end_column: int


class Related(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    span: Span
    message: str


class Diagnostic(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str
    name: str
    severity: Level
    message: str
    span: Span | None = None
    related: tuple[Related, ...] = ()
    hints: tuple[str, ...] = ()

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        s = self.span
        return (s.file or "", s.line, s.column, self.code) if s else ("", 0, 0, self.code)


class Suppressed(BaseModel):
    """A finding that an inline suppression hid: the finding, the suppression's reason, and
    where the suppression is."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    diagnostic: Diagnostic
    reason: str
    by: Span


def has_errors(diagnostics: list[Diagnostic] | tuple[Diagnostic, ...]) -> bool:
    return any(d.severity is Level.ERROR for d in diagnostics)
