"""Reading records from files or standard input: `iter_records` streams, `read_records` collects.

Every input record ends up in exactly one count: accepted (yielded), duplicate (the same record
again, not yielded twice) or rejected (with diagnostics). `read = accepted + duplicates + rejected`.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain
from os import PathLike
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from slalang.diagnostics import Diagnostic, Related, Span, has_errors
from slalang.model import Contract
from slalang.records.csvfile import read_csv
from slalang.records.document import read_document
from slalang.records.duplicates import DuplicateIds
from slalang.records.errors import (
    DUPLICATE_ID,
    Entry,
    Problem,
    Rejected,
    article,
    diagnostic,
    file_problem,
)
from slalang.records.jsonl import read_jsonl
from slalang.records.model import AnyRecord
from slalang.records.references import ContractCheck
from slalang.records.validation import Validator

Format = Literal["jsonl", "json", "csv"]
FORMATS: dict[str, Format] = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json", ".csv": "csv"}
STDIN = "-"
STDIN_NAME = "<stdin>"
Reader = Callable[[Iterable[bytes], str, Validator], Iterator[Entry]]
_READERS: dict[Format, Reader] = {"jsonl": read_jsonl, "json": read_document, "csv": read_csv}
_BOM = b"\xef\xbb\xbf"

PathArg = str | PathLike[str]


@dataclass(slots=True)
class RecordCounts:
    """How many input records were read, and what became of them."""

    read: int = 0
    accepted: int = 0
    duplicates: int = 0  # the same record again: counted, not yielded twice
    rejected: int = 0


@dataclass(frozen=True, slots=True)
class RecordsResult:
    """Validated records, the diagnostics of the rejected ones, and the counts."""

    records: list[AnyRecord]
    diagnostics: list[Diagnostic]
    counts: RecordCounts

    @property
    def ok(self) -> bool:
        """True when no record was rejected and every input could be read."""
        return not has_errors(self.diagnostics)


def zone(name: str | ZoneInfo | None) -> ZoneInfo | None:
    """The zone for `assume_tz`; raises ValueError for a name that is not an IANA zone."""
    if name is None or isinstance(name, ZoneInfo):
        return name
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"assume_tz: {name!r} is not an IANA time zone name") from None


@dataclass
class Intake:
    """Counts entries, drops harmless duplicates and collects diagnostics."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    counts: RecordCounts = field(default_factory=RecordCounts)
    places: list[Callable[[int], Span | None]] = field(default_factory=list)
    _ids: DuplicateIds = field(default_factory=DuplicateIds)

    def source(self, place: Callable[[int], Span | None]) -> int:
        """Register an input; `place(line)` is the span of the record at `line`."""
        self.places.append(place)
        return len(self.places) - 1

    def take(self, entry: Entry, source: int) -> AnyRecord | None:
        """The record of `entry` if it is new and valid."""
        if isinstance(entry, Rejected):
            self.diagnostics.extend(entry.diagnostics)
            if entry.is_record:
                self.counts.read += 1
                self.counts.rejected += 1
            return None
        record, line = entry
        self.counts.read += 1
        seen = self._ids.check(record, source, line)
        if seen is None:
            self.counts.accepted += 1
            return record
        if seen.same:
            self.counts.duplicates += 1
            return None
        self.counts.rejected += 1
        message = (
            f"id: {record.id!r} is already used by {article(record.kind)} record with other content"
        )
        first = self.places[seen.source](seen.line)
        related = (Related(span=first, message="first used here"),) if first else ()
        span = self.places[source](line)
        self.diagnostics.append(diagnostic(Problem(DUPLICATE_ID, message, "id"), span, related))
        return None


def _line_span(file: str) -> Callable[[int], Span]:
    return lambda line: Span(file=file, line=line, column=1, end_line=line, end_column=1)


class RecordStream:
    """Validated records of the inputs, one at a time, in input order.

    `diagnostics` and `counts` fill in as the stream is consumed; read them after the loop.
    A record with any problem is not yielded: its diagnostics say why.
    """

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
        self._validator = Validator(zone(assume_tz), check)
        self._started = False
        self._intake = Intake()
        self.diagnostics = self._intake.diagnostics
        self.counts = self._intake.counts

    def __iter__(self) -> Iterator[AnyRecord]:
        if self._started:
            raise RuntimeError("a record stream can be read once; make a new one")
        self._started = True
        take = self._intake.take
        for path in self.inputs:
            name = STDIN_NAME if path == STDIN else path
            source = self._intake.source(_line_span(name))
            for entry in self._entries(path, name):
                record = take(entry, source)
                if record is not None:
                    yield record

    def _entries(self, path: str, name: str) -> Iterator[Entry]:
        if path == STDIN:
            lines = _without_bom(sys.stdin.buffer)
            chosen = self.format
            if chosen is None:
                chosen, lines = _sniff(lines)
            yield from _READERS[chosen](lines, name, self._validator)
            return
        chosen = self.format or FORMATS.get(Path(path).suffix.lower())
        if chosen is None:
            known = ", ".join(FORMATS)
            yield file_problem(name, f"cannot tell the format from the name; use {known}")
            return
        try:
            with open(path, "rb") as handle:
                yield from _READERS[chosen](_without_bom(handle), name, self._validator)
        except OSError as error:
            yield file_problem(name, f"cannot read: {error.strerror or error}")


def _without_bom(stream: Iterable[bytes]) -> Iterator[bytes]:
    lines = iter(stream)
    first = next(lines, None)
    if first is None:
        return
    yield first.removeprefix(_BOM)
    yield from lines


def _sniff(lines: Iterator[bytes]) -> tuple[Format, Iterator[bytes]]:
    """Standard input's format: JSON Lines if the first non-blank line is an object with a
    `kind`; a JSON document if it starts with `{` or `[` otherwise; else CSV."""
    seen: list[bytes] = []
    for line in lines:
        seen.append(line)
        text = line.strip()
        if text:
            break
    else:
        return "jsonl", iter(seen)
    rest = chain(seen, lines)
    if text.startswith(b"{") and b'"kind"' in text and text.endswith(b"}"):
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
