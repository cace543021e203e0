"""Records read once into columns: the input of evaluation at data speed (issue 11).

`read_columns(inputs, ...)` reads the same inputs as `read_records` and accounts for every record
the same way (`counts`, `diagnostics`, `sha256`), but keeps the records of the high-volume kinds
(outage, latency, counts, gap, deployment) as one `Table` per kind:

- times: int64 microseconds since 1970 UTC (`NO_TIME` for an absent one); the written offset is
  not kept (records compare by instant, as today);
- `impact`: small integer codes into `IMPACTS`; `service`, `operation`, `cause` and every scope
  name: int32 codes into the one dictionary `Columns.words` (-1 for absent); `scope`: codes in
  `scope_codes`, row `i`'s at `scope_codes[scope_start[i]:scope_start[i + 1]]`;
- counts: int64 (-1 for absent); `latency_ms`: int64 thousandths of a millisecond, exact, with the
  rare value that does not fit kept as a `Decimal` in `Table.exact`; `impact_fraction`: a list
  of `Decimal | None` (rare, and always exact), as are a counts record's `excluded` parts;
- other text (`id`, `title`, provenance): Python lists.

Tickets, fees and claims stay validated records (`Columns.others`): they are few.

JSON Lines files take the fast path: msgspec decodes each line into a strict struct of its kind
(types, unknown fields, text lengths, the kind tag), numpy reads the times of a chunk at once
(`timestamps.py`). A line the fast path does not take for certain (any doubt: a naive time, a
fraction in a decimal field, a service the contract does not define, a record-level rule) is
validated by the per-line reader, so its record or its diagnostics are exactly today's. Other
formats (CSV, a JSON document, standard input) are read by today's readers and their records
put into the columns.

Duplicate ids are found after reading, per kind, in input order: a 64-bit keyed hash per row
(the interpreter's string hash) sorted with numpy; rows whose hashes are equal are compared by
their ids, and only a repeated id has its content compared (the two records, rebuilt). A hash
alone never decides. Memory per row: the columns plus 16 bytes while the duplicates are found.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from operator import attrgetter
from os import PathLike
from typing import Annotated, Any, Literal, cast
from zoneinfo import ZoneInfo

import msgspec
import numpy as np

from slalang.diagnostics import Diagnostic, Related, Span
from slalang.files import STDIN, STDIN_NAME
from slalang.model import Contract, Impact, words
from slalang.numbers import MAX_COUNT
from slalang.records.errors import DUPLICATE_ID, Entry, Problem, Rejected, article, diagnostic
from slalang.records.intake import RecordCounts
from slalang.records.jsonl import jsonl_entry
from slalang.records.model import MAX_STRING, RECORD_TYPES, AnyRecord
from slalang.records.reader import _READERS, Format, PathArg, Reader, RecordStream
from slalang.records.timestamps import parse_times
from slalang.records.validation import Validator

NO_TIME = np.iinfo(np.int64).min
IMPACTS: tuple[str, ...] = words(Impact)
CHUNK = 1 << 16  # lines decoded before their times are read at once
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)
_LAST_ZONE, _FIRST_ZONE = timezone(timedelta(minutes=-1439)), timezone(timedelta(minutes=1439))

Text = Annotated[str, msgspec.Meta(max_length=MAX_STRING)]
Name = Annotated[str, msgspec.Meta(min_length=1, max_length=MAX_STRING)]
Count = Annotated[int, msgspec.Meta(ge=0, le=MAX_COUNT)]


class _Provenance(msgspec.Struct, tag_field="kind", forbid_unknown_fields=True, kw_only=True):
    id: Name
    source: Text | None = None
    source_id: Text | None = None
    source_url: Text | None = None


class _Outage(_Provenance, tag="outage"):
    service: Text
    start: Text
    impact: Impact
    end: Text | None = None
    operation: Text | None = None
    scope: tuple[Text, ...] = ()
    scheduled_maintenance: bool = False
    announced_at: Text | None = None
    cause: Text | None = None
    excluded_reason: Text | None = None
    severity_raw: Text | None = None
    title: Text | None = None


class _Latency(_Provenance, tag="latency"):
    service: Text
    timestamp: Text
    latency_ms: Count
    count: Annotated[int, msgspec.Meta(ge=1, le=MAX_COUNT)] = 1
    success: bool | None = None
    operation: Text | None = None
    scope: tuple[Text, ...] = ()


class _Counts(_Provenance, tag="counts"):
    service: Text
    interval_start: Text
    interval_end: Text
    total: Count | None = None
    good: Count | None = None
    failed: Count | None = None
    users_total: Count | None = None
    users_affected: Count | None = None
    operation: Text | None = None
    scope: tuple[Text, ...] = ()
    cause: Text | None = None


class _Gap(_Provenance, tag="gap"):
    service: Text
    start: Text
    end: Text
    scope: tuple[Text, ...] = ()
    operation: Text | None = None


class _Deployment(_Provenance, tag="deployment"):
    service: Text
    start: Text
    end: Text | None = None
    scope: tuple[Text, ...] = ()


_FAST = _Outage | _Latency | _Counts | _Gap | _Deployment
_DECODER = msgspec.json.Decoder(_FAST)
ColumnType = Literal["time", "word", "enum", "count", "bool", "text", "scope", "milli", "exact"]
_PROVENANCE: dict[str, ColumnType] = {
    "id": "text",
    "source": "text",
    "source_id": "text",
    "source_url": "text",
}
SCHEMAS: dict[str, dict[str, ColumnType]] = {
    "outage": {
        **_PROVENANCE,
        "service": "word",
        "start": "time",
        "end": "time",
        "impact": "enum",
        "operation": "word",
        "scope": "scope",
        "scheduled_maintenance": "bool",
        "announced_at": "time",
        "cause": "word",
        "excluded_reason": "text",
        "impact_fraction": "exact",
        "severity_raw": "text",
        "title": "text",
    },
    "latency": {
        **_PROVENANCE,
        "service": "word",
        "timestamp": "time",
        "latency_ms": "milli",
        "count": "count",
        "success": "bool",
        "operation": "word",
        "scope": "scope",
    },
    "counts": {
        **_PROVENANCE,
        "service": "word",
        "interval_start": "time",
        "interval_end": "time",
        "total": "count",
        "good": "count",
        "failed": "count",
        "users_total": "count",
        "users_affected": "count",
        "operation": "word",
        "scope": "scope",
        "excluded": "exact",
        "cause": "word",
    },
    "gap": {
        **_PROVENANCE,
        "service": "word",
        "start": "time",
        "end": "time",
        "scope": "scope",
        "operation": "word",
    },
    "deployment": {
        **_PROVENANCE,
        "service": "word",
        "start": "time",
        "end": "time",
        "scope": "scope",
    },
}
_ARRAY_CODES = {"time": "q", "word": "i", "enum": "b", "count": "q", "bool": "b", "milli": "q"}
_NO_BOOL = -1  # `success` is true, false or absent


def _micros(moment: datetime) -> int:
    return (moment - _EPOCH) // _MICROSECOND


def _time(micros: int) -> datetime:
    """The instant as a UTC datetime; near year 1 or 9999, at the offset that holds it."""
    try:
        return _EPOCH + micros * _MICROSECOND
    except OverflowError:
        zone = _LAST_ZONE if micros > 0 else _FIRST_ZONE
        return (_EPOCH.astimezone(zone) + micros * _MICROSECOND).astimezone(zone)


@dataclass
class Table:
    """The records of one kind, a column per field (see the module's docstring)."""

    kind: str
    source: array[int] = field(default_factory=lambda: array("i"))
    line: array[int] = field(default_factory=lambda: array("q"))
    columns: dict[str, Any] = field(default_factory=dict)
    scope_start: array[int] = field(default_factory=lambda: array("q", [0]))
    scope_codes: array[int] = field(default_factory=lambda: array("i"))
    exact: dict[tuple[str, int], Decimal] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name, kind in SCHEMAS[self.kind].items():
            if kind != "scope":
                self.columns[name] = array(_ARRAY_CODES[kind]) if kind in _ARRAY_CODES else []

    def __len__(self) -> int:
        return len(self.line)

    def array(self, name: str) -> np.ndarray[Any, Any]:
        """Column `name` as a numpy array (a view of the column's memory, not a copy)."""
        column = self.columns[name]
        return np.frombuffer(column, dtype=column.typecode) if len(column) else np.array([])


@dataclass
class Columns:
    """Every record of the inputs: tables of the fast kinds, other records, and the accounting."""

    tables: dict[str, Table]
    others: list[tuple[int, int, AnyRecord]]  # (input, line, record) of the other kinds
    words: list[str]  # the dictionary of service, operation, cause and scope names
    used: dict[str, np.ndarray[Any, Any]]  # per kind: rows that count (not a repeated id)
    others_used: list[bool]
    diagnostics: list[Diagnostic]
    counts: RecordCounts
    sha256: str
    inputs: list[str]

    def records(self) -> Iterator[AnyRecord]:
        """The accepted records rebuilt from the columns, in input order (for tests and tools)."""
        rows = [o for o, keep in zip(self.others, self.others_used, strict=True) if keep]
        for kind, table in self.tables.items():
            for row in np.flatnonzero(self.used[kind]).tolist():
                rows.append((table.source[row], table.line[row], _record(table, row, self.words)))
        rows.sort(key=lambda item: (item[0], item[1]))
        return (record for _, _, record in rows)


class _Builder:
    """Fills the tables: fast rows (msgspec structs with time text) and validated records."""

    def __init__(self, check: frozenset[str] | None) -> None:
        self.tables = {kind: Table(kind) for kind in SCHEMAS}
        self.others: list[tuple[int, int, AnyRecord]] = []
        self.words: list[str] = []
        self._codes: dict[str, int] = {}
        self.services = check
        self.source = 0

    def code(self, word: str | None) -> int:
        if word is None:
            return -1
        found = self._codes.get(word)
        if found is None:
            found = self._codes[word] = len(self.words)
            self.words.append(word)
        return found

    def add(
        self, kind: str, rows: Sequence[Any], lines: Sequence[int], times: dict[str, list[int]]
    ) -> None:
        """Rows of `kind` (structs or records); `times` holds their time columns in µs."""
        table = self.tables[kind]
        table.source.extend([self.source] * len(rows))
        table.line.extend(lines)
        for name, kind_of in SCHEMAS[kind].items():
            if kind_of == "time":
                table.columns[name].extend(times[name])
            elif kind_of == "scope":
                for row in rows:
                    table.scope_codes.extend([self.code(w) for w in row.scope])
                    table.scope_start.append(len(table.scope_codes))
            else:
                self._plain(table, name, kind_of, [getattr(r, name, None) for r in rows])

    def _plain(self, table: Table, name: str, kind_of: ColumnType, values: list[Any]) -> None:
        column = table.columns[name]
        if kind_of == "word":
            column.extend([self.code(v) for v in values])
        elif kind_of == "enum":
            column.extend([IMPACTS.index(v) for v in values])
        elif kind_of == "count":
            column.extend([-1 if v is None else v for v in values])
        elif kind_of == "bool":
            column.extend([_NO_BOOL if v is None else int(v) for v in values])
        elif kind_of == "milli":
            start = len(column)
            for offset, value in enumerate(values):
                scaled = value * 1000
                if scaled == int(scaled) and abs(scaled) <= MAX_COUNT:
                    column.append(int(scaled))
                else:
                    column.append(0)
                    table.exact[(name, start + offset)] = value
        else:  # text, exact
            column.extend(values)

    def add_record(self, record: AnyRecord, line: int) -> None:
        """A record validated by the per-line path."""
        if record.kind not in self.tables:
            self.others.append((self.source, line, record))
            return
        times = {
            name: [NO_TIME if getattr(record, name) is None else _micros(getattr(record, name))]
            for name, kind_of in SCHEMAS[record.kind].items()
            if kind_of == "time"
        }
        self.add(record.kind, [record], [line], times)


def _record(table: Table, row: int, words: list[str]) -> AnyRecord:
    """Row `row` of `table` as its validated record again."""
    values: dict[str, object] = {"kind": table.kind}
    for name, kind_of in SCHEMAS[table.kind].items():
        if kind_of == "scope":
            codes = table.scope_codes[table.scope_start[row] : table.scope_start[row + 1]]
            values[name] = tuple(words[c] for c in codes)
            continue
        value = table.columns[name][row]
        if kind_of == "time":
            values[name] = None if value == NO_TIME else _time(value)
        elif kind_of == "word":
            values[name] = None if value < 0 else words[value]
        elif kind_of == "enum":
            values[name] = IMPACTS[value]
        elif kind_of == "count":
            values[name] = None if value < 0 else value
        elif kind_of == "bool":
            values[name] = None if value == _NO_BOOL else bool(value)
        elif kind_of == "milli":
            values[name] = table.exact.get((name, row), Decimal(value) / 1000)
        elif isinstance(value, tuple):  # parts (`excluded`), validated again from their fields
            values[name] = [part.model_dump() for part in value]
        else:
            values[name] = value
    values = {k: v for k, v in values.items() if v is not None}
    return cast(AnyRecord, RECORD_TYPES[table.kind].model_validate(values))


def _counts_consistent(row: _Counts) -> bool:
    """The rules of `Counts` on a fast row (no `excluded`): True when they all hold."""
    total, good, failed = row.total, row.good, row.failed
    if total is None:
        return row.users_total is not None and good is None and failed is None and _users(row)
    if good is None and failed is None:
        return False
    if (good is not None and good > total) or (failed is not None and failed > total):
        return False
    if good is not None and failed is not None and good + failed != total:
        return False
    return (row.users_total is None and row.users_affected is None) or _users(row)


def _users(row: _Counts) -> bool:
    return (
        row.users_total is not None
        and row.users_affected is not None
        and row.users_affected <= row.users_total
    )


def _ordered(kind: str, times: dict[str, np.ndarray[Any, Any]]) -> np.ndarray[Any, Any]:
    """Rows whose times are in the order their model requires."""
    if kind in ("outage", "deployment"):
        end = times["end"]
        ordered: np.ndarray[Any, Any] = (end == NO_TIME) | (end >= times["start"])
        return ordered
    if kind == "gap":
        return times["end"] > times["start"]
    if kind == "counts":
        return times["interval_end"] > times["interval_start"]
    return np.ones(len(next(iter(times.values()))), dtype=bool)


class _ColumnStream(RecordStream):
    """Today's stream of inputs (files, sniffing, bounded lines, hashing) feeding a `_Builder`."""

    def __init__(self, builder: _Builder, inputs: Sequence[PathArg], **options: Any) -> None:
        super().__init__(inputs, **options)
        self.builder = builder
        self.readers = {**_READERS, "jsonl": cast(Reader, self._fast_jsonl)}

    def entries(self) -> Iterator[tuple[int, str, Entry]]:
        """Every entry of the per-line path with its input; fast rows go to the builder."""
        for source, path in enumerate(self.inputs):
            self.builder.source = source
            name = STDIN_NAME if path == STDIN else path
            for entry in self._entries(path, name):
                yield source, name, entry

    def _fast_jsonl(
        self, lines: Iterable[bytes], file: str, validator: Validator
    ) -> Iterator[Entry]:
        chunk: list[tuple[int, bytes]] = []
        for number, line in enumerate(lines, 1):
            if not line.isspace():
                chunk.append((number, line))
            if len(chunk) == CHUNK:
                yield from self._chunk(chunk, file, validator)
                chunk = []
        yield from self._chunk(chunk, file, validator)

    def _chunk(
        self, chunk: list[tuple[int, bytes]], file: str, validator: Validator
    ) -> Iterator[Entry]:
        slow: list[tuple[int, bytes]] = []
        fast: dict[str, list[tuple[int, bytes, Any]]] = {kind: [] for kind in SCHEMAS}
        decode, services = _DECODER.decode, self.builder.services
        for number, line in chunk:
            try:
                row = decode(line)
            except (msgspec.ValidationError, msgspec.DecodeError):
                slow.append((number, line))
                continue
            kind = str(row.__struct_config__.tag)
            if services is None or row.service in services:
                fast[kind].append((number, line, row))
            else:
                slow.append((number, line))
        for kind, found in fast.items():
            if found:
                slow += self._take(kind, found)
        slow.sort()
        for number, line in slow:
            yield jsonl_entry(line, number, file, validator)

    def _take(self, kind: str, found: list[tuple[int, bytes, Any]]) -> list[tuple[int, bytes]]:
        """Put the rows whose times and rules hold in the table; the others back to the slow path."""
        rows = [row for _, _, row in found]
        ok = np.ones(len(rows), dtype=bool)
        times: dict[str, np.ndarray[Any, Any]] = {}
        for name, kind_of in SCHEMAS[kind].items():
            if kind_of == "time":
                texts = list(map(attrgetter(name), rows))
                micros, read = parse_times(texts)
                absent = np.fromiter((t is None for t in texts), bool, len(texts))
                ok &= read | absent
                times[name] = np.where(absent, NO_TIME, micros)
        ok &= _ordered(kind, times)
        if kind == "counts":
            ok &= np.fromiter(map(_counts_consistent, rows), bool, len(rows))
        keep = np.flatnonzero(ok).tolist()
        self.builder.add(
            kind,
            [rows[i] for i in keep],
            [found[i][0] for i in keep],
            {name: column[ok].tolist() for name, column in times.items()},
        )
        return [found[i][:2] for i in np.flatnonzero(~ok).tolist()]


def read_columns(
    inputs: PathArg | Sequence[PathArg],
    *,
    assume_tz: str | ZoneInfo | None = None,
    format: Format | None = None,
    contract: Contract | None = None,
) -> Columns:
    """Every record of `inputs` in columns, with the diagnostics and counts `read_records` gives.

    Takes what `read_records` takes; raises ValueError only for a bad `assume_tz` or `format`.
    """
    services = None
    if contract is not None and contract.services:
        services = frozenset(service.id for service in contract.services)
    builder = _Builder(services)
    stream = _ColumnStream(
        builder,
        [inputs] if isinstance(inputs, (str, PathLike)) else inputs,
        assume_tz=assume_tz,
        format=format,
        contract=contract,
    )
    found: list[tuple[int, int, int, Diagnostic]] = []  # (input, line, order, diagnostic)
    counts = RecordCounts()
    for source, _, entry in stream.entries():
        if isinstance(entry, Rejected):
            counts.read += entry.is_record
            counts.rejected += entry.is_record
            found += [(source, _line(d), len(found), d) for d in entry.diagnostics]
        else:
            builder.add_record(*entry)
    places = [_line_place(name) for name in stream.inputs]
    used = {}
    for kind, table in builder.tables.items():
        rebuild = lambda row, t=table: _record(t, row, builder.words)  # noqa: E731
        used[kind] = _first_ids(
            table.columns["id"], table.source, table.line, rebuild, places, counts, found
        )
    others = builder.others
    others_used = _first_ids(
        [r.id for _, _, r in others],
        [s for s, _, _ in others],
        [n for _, n, _ in others],
        lambda row: others[row][2],
        places,
        counts,
        found,
        kinds=[r.kind for _, _, r in others],
    )
    found.sort(key=lambda item: item[:3])
    return Columns(
        tables=builder.tables,
        others=others,
        words=builder.words,
        used=used,
        others_used=others_used.tolist(),
        diagnostics=[d for *_, d in found],
        counts=counts,
        sha256=stream.sha256,
        inputs=stream.inputs,
    )


def _line(diagnostic: Diagnostic) -> int:
    return diagnostic.span.line if diagnostic.span is not None else 0


def _line_place(name: str) -> Callable[[int], Span]:
    file = STDIN_NAME if name == STDIN else name
    return lambda line: Span(file=file, line=line, column=1, end_line=line, end_column=1)


def _first_ids(
    ids: Sequence[str],
    sources: Sequence[int],
    lines: Sequence[int],
    rebuild: Callable[[int], AnyRecord],
    places: list[Callable[[int], Span]],
    counts: RecordCounts,
    found: list[tuple[int, int, int, Diagnostic]],
    kinds: Sequence[str] | None = None,
) -> np.ndarray[Any, Any]:
    """Which rows count: the first of each id (per kind) in input order; a repeat with the same
    content is a harmless duplicate, with other content a rejected record (SLA706)."""
    size = len(ids)
    keys = [(k, i) for k, i in zip(kinds, ids, strict=True)] if kinds is not None else ids
    hashes = np.fromiter(map(hash, keys), np.int64, size)
    order = np.lexsort((np.asarray(lines, dtype=np.int64), np.asarray(sources, dtype=np.int64)))
    rank = np.empty(size, dtype=np.int64)
    rank[order] = np.arange(size)
    by_hash = np.lexsort((rank, hashes))
    sorted_hashes = hashes[by_hash]
    shared = np.flatnonzero(sorted_hashes[1:] == sorted_hashes[:-1])  # row shares the one before
    used = np.ones(size, dtype=bool)
    counts.read += size
    firsts: dict[object, int] = {}
    for position in np.unique(np.concatenate([shared, shared + 1])).tolist():
        row = int(by_hash[position])
        first = firsts.setdefault((int(sorted_hashes[position]), keys[row]), row)
        if first == row:
            continue
        used[row] = False
        record, earlier = rebuild(row), rebuild(first)
        if record == earlier:
            counts.duplicates += 1
            continue
        counts.rejected += 1
        message = (
            f"id: {record.id!r} is already used by {article(record.kind)} record with other content"
        )
        where = places[sources[first]](lines[first])
        span = places[sources[row]](lines[row])
        problem = Problem(DUPLICATE_ID, message, "id")
        related = (Related(span=where, message="first used here"),)
        found.append((sources[row], lines[row], len(found), diagnostic(problem, span, related)))
    counts.accepted += int(used.sum())
    return used
