"""Reading records from files or standard input: `iter_records` streams, `read_records` collects.

Every input record is accounted for by `slalang.records.intake`. Each input is read once, as a
stream (a pipe or a device works like a file), in lines of bounded length, and hashed as it is read.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import chain
from os import PathLike
from pathlib import Path
from typing import BinaryIO, Literal
from zoneinfo import ZoneInfo

from slalang.diagnostics import Span
from slalang.files import STDIN, STDIN_NAME, standard_input
from slalang.model import Contract
from slalang.records.csvfile import read_csv
from slalang.records.document import read_document
from slalang.records.errors import Entry, file_problem
from slalang.records.intake import Intake, RecordsResult
from slalang.records.jsonl import read_jsonl
from slalang.records.model import AnyRecord
from slalang.records.references import ContractCheck
from slalang.records.validation import Validator
from slalang.zones import iana_zone

Format = Literal["jsonl", "json", "csv"]
FORMATS: dict[str, Format] = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json", ".csv": "csv"}
Reader = Callable[[Iterable[bytes], str, Validator], Iterator[Entry]]
_READERS: dict[Format, Reader] = {"jsonl": read_jsonl, "json": read_document, "csv": read_csv}
_BOM = b"\xef\xbb\xbf"
MAX_LINE = 1 << 20  # bytes of one JSON Lines record or CSV row
MAX_DOCUMENT = 1 << 28  # bytes of a whole JSON document, which is read at once

PathArg = str | PathLike[str]


def assumed_zone(name: str | ZoneInfo | None) -> ZoneInfo | None:
    """The zone for `assume_tz`; raises ValueError for a name that is not an IANA zone."""
    if name is None or isinstance(name, ZoneInfo):
        return name
    zone = iana_zone(name)
    if zone is None:
        raise ValueError(f"assume_tz: {name!r} is not an IANA time zone name")
    return zone


def _line_span(file: str) -> Callable[[int], Span]:
    return lambda line: Span(file=file, line=line, column=1, end_line=line, end_column=1)


class RecordStream:
    """Validated records of the inputs, one at a time, in input order.

    `diagnostics` and `counts` fill in as the stream is consumed; read them after the loop.
    A record with any problem is not yielded: its diagnostics say why.
    """

    readers: dict[Format, Reader] = _READERS  # a subclass may read a format its own way

    def __init__(
        self,
        inputs: PathArg | Sequence[PathArg],
        *,
        assume_tz: str | ZoneInfo | None = None,
        format: Format | None = None,
        contract: Contract | None = None,
    ) -> None:
        if format is not None and format not in _READERS:
            raise ValueError(f"format: {format!r} is not one of: {', '.join(_READERS)}")
        paths = [inputs] if isinstance(inputs, (str, PathLike)) else list(inputs)
        self.inputs = [str(Path(p)) if p != STDIN else STDIN for p in paths]
        self.format = format
        check = ContractCheck(contract) if contract is not None else None
        self._validator = Validator(assumed_zone(assume_tz), check)
        self._started = False
        self._digest = hashlib.sha256()
        self._intake = Intake()
        self.diagnostics = self._intake.diagnostics
        self.counts = self._intake.counts

    def __iter__(self) -> Iterator[AnyRecord]:
        if self._started:
            raise RuntimeError("a record stream can be read once; make a new one")
        self._started = True
        for path in self.inputs:
            name = STDIN_NAME if path == STDIN else path
            source = self._intake.source(_line_span(name))
            yield from self._intake.accept(self._entries(path, name), source)

    @property
    def sha256(self) -> str:
        """The sha256 of every input's bytes, in order, as far as they have been read."""
        return self._digest.hexdigest()

    def _entries(self, path: str, name: str) -> Iterator[Entry]:
        chosen = self.format
        if path != STDIN:
            chosen = chosen or FORMATS.get(Path(path).suffix.lower())
            if chosen is None:
                known = ", ".join(FORMATS)
                yield file_problem(name, f"cannot tell the format from the name; use {known}")
                return
        try:
            with open(path, "rb") if path != STDIN else _unclosed(standard_input()) as handle:
                lines = _Lines(handle, self._digest, chosen)
                stream = _without_bom(lines)
                if chosen is None:
                    chosen, stream = _sniff(stream)
                    lines.limit = _limit(chosen)
                yield from self.readers[chosen](stream, name, self._validator)
        except OSError as error:
            yield file_problem(name, f"cannot read: {error.strerror or error}")
        except _TooLong as error:
            yield file_problem(name, str(error), line=error.line)


class _TooLong(Exception):
    def __init__(self, line: int, limit: int) -> None:
        what = "the document" if limit == MAX_DOCUMENT else f"line {line}"
        super().__init__(f"{what} is longer than {limit >> 20} MiB; input stops here")
        self.line = line


def _limit(format: Format | None) -> int:
    """Bytes read at most at once: a document whole; before sniffing, the first line may be one."""
    return MAX_DOCUMENT if format in ("json", None) else MAX_LINE


class _Lines:
    """The lines of a binary stream, each at most `limit` bytes (a document: in all), hashed."""

    def __init__(self, handle: BinaryIO, digest: hashlib._Hash, format: Format | None) -> None:
        self.handle, self.digest, self.limit = handle, digest, _limit(format)

    def __iter__(self) -> Iterator[bytes]:
        readline, update = self.handle.readline, self.digest.update
        number = total = 0
        while line := readline(self.limit + 1):
            number += 1
            total += len(line)
            update(line)
            if len(line) > self.limit or (self.limit == MAX_DOCUMENT and total > self.limit):
                raise _TooLong(number, self.limit)
            yield line


@contextmanager
def _unclosed(handle: BinaryIO) -> Iterator[BinaryIO]:
    yield handle


def _without_bom(stream: Iterable[bytes]) -> Iterator[bytes]:
    lines = iter(stream)
    first = next(lines, None)
    if first is None:
        return
    yield first.removeprefix(_BOM)
    yield from lines


def _sniff(lines: Iterator[bytes]) -> tuple[Format, Iterator[bytes]]:
    """Standard input's format: JSON Lines if the first non-blank line is a whole object without
    a `"schema"` key; a JSON document if it starts with `{` or `[` otherwise; else CSV."""
    seen: list[bytes] = []
    for line in lines:
        seen.append(line)
        text = line.strip()
        if text:
            break
    else:
        return "jsonl", iter(seen)
    rest = chain(seen, lines)
    if text.startswith(b"{") and text.endswith(b"}") and b'"schema"' not in text:
        return "jsonl", rest
    return ("json" if text[:1] in (b"{", b"[") else "csv"), rest


def iter_records(
    inputs: PathArg | Sequence[PathArg],
    *,
    assume_tz: str | ZoneInfo | None = None,
    format: Format | None = None,
    contract: Contract | None = None,
) -> RecordStream:
    """Stream validated records from files (or `-`, standard input).

    The format comes from the extension (`.jsonl`/`.ndjson`, `.json`, `.csv`) unless `format`
    is given; standard input is recognised from its first line. Naive times take `assume_tz`.
    With `contract`, records naming an unknown service or severity are rejected.
    Raises ValueError only for a bad `assume_tz` or `format`; bad input becomes diagnostics.
    """
    return RecordStream(inputs, assume_tz=assume_tz, format=format, contract=contract)


def read_records(
    inputs: PathArg | Sequence[PathArg],
    *,
    assume_tz: str | ZoneInfo | None = None,
    format: Format | None = None,
    contract: Contract | None = None,
) -> RecordsResult:
    """All validated records of the inputs at once, with diagnostics and counts."""
    stream = iter_records(inputs, assume_tz=assume_tz, format=format, contract=contract)
    records = list(stream)
    return RecordsResult(records, stream.diagnostics, stream.counts)
