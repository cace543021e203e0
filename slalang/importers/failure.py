"""The one error an importer raises: input that cannot be used, naming the file and the record."""

from __future__ import annotations


def place(file: str, record: str | None) -> str:
    """`file: record`, or the file alone."""
    return f"{file}: {record}" if record else file


class ImportFailure(Exception):
    """`file`: `record`: `message`, with hints; the CLI prints it and exits 2."""

    def __init__(
        self, file: str, record: str | None, message: str, hints: tuple[str, ...] = ()
    ) -> None:
        super().__init__(message)
        self.file, self.record, self.message, self.hints = file, record, message, hints

    def __str__(self) -> str:
        return f"{place(self.file, self.record)}: {self.message}"
