"""Records: JSON Lines and JSON documents, validation messages, locations, duplicates, API."""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import slalang
from slalang.records import RECORD_TYPES, RecordsResult
from slalang.records.model import Counts, Fee, Latency, Outage, Ticket
from slalang.render.diagnostics import render_pretty

from .conftest import ROOT

DATA = ROOT / "tests" / "data" / "records"
OUTAGE = {
    "kind": "outage",
    "id": "o1",
    "service": "im",
    "start": "2026-10-01T09:00:00Z",
    "impact": "major_outage",
}


def write(tmp_path: Path, name: str, data: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def lines(*records: dict[str, object]) -> str:
    return "".join(json.dumps(r) + "\n" for r in records)


def read_one(tmp_path: Path, record: dict[str, object], **options: object) -> RecordsResult:
    return slalang.read_records(write(tmp_path, "r.jsonl", lines(record)), **options)  # type: ignore[arg-type]


def messages(result: RecordsResult) -> list[str]:
    return [f"{d.code} {d.message}" for d in result.diagnostics]


# ---- every kind, valid ---------------------------------------------------------------------


def test_every_kind_reads_from_jsonl() -> None:
    result = slalang.read_records(DATA / "valid.jsonl")
    assert result.ok and result.diagnostics == []
    assert {r.kind for r in result.records} == set(RECORD_TYPES)
    assert (result.counts.read, result.counts.accepted) == (10, 10)
    ticket = next(r for r in result.records if isinstance(r, Ticket))
    assert ticket.pauses[0].end == datetime(2026, 10, 3, 11, 30, tzinfo=UTC)
    assert ticket.severity_history[0].severity == "S2"
    counts = next(r for r in result.records if isinstance(r, Counts) and r.total)
    assert (counts.excluded[0].count, counts.good_count) == (5, 990)
    fee = next(r for r in result.records if isinstance(r, Fee))
    assert (fee.amount.amount, fee.amount.currency) == (Decimal("20000.00"), "CNY")
    assert fee.model_dump(mode="json")["amount"] == "20000.00 CNY"


def test_values_are_exact_never_float(tmp_path: Path) -> None:
    text = (
        '{"kind": "latency", "id": "l", "service": "s", "timestamp": "2026-10-01T00:00:00Z", '
        '"latency_ms": 0.1000000000000000000000000001, "count": 9223372036854775807}\n'
        '{"kind": "latency", "id": "m", "service": "s", "timestamp": "2026-10-01T00:00:00Z", '
        '"latency_ms": 12.5}\n'
        '{"kind": "outage", "id": "o", "service": "s", "start": "2026-10-01T00:00:00Z", '
        '"impact": "none", "impact_fraction": 1e-3}\n'
    )
    result = slalang.read_records(write(tmp_path, "r.jsonl", text))
    first, second, outage = result.records
    assert isinstance(first, Latency) and isinstance(second, Latency)
    assert first.latency_ms == Decimal("0.1000000000000000000000000001")
    assert first.count == 9223372036854775807  # the largest count (64 bits)
    assert second.latency_ms == Decimal("12.5")
    assert isinstance(outage, Outage) and outage.impact_fraction == Decimal("0.001")
    money = '{"kind": "fee", "id": "f", "period": "2026-10", "amount": {"amount": 0.30000000000000001, "currency": "USD"}}\n'
    (fee,) = slalang.read_records(write(tmp_path, "f.jsonl", money)).records
    assert isinstance(fee, Fee) and fee.amount.amount == Decimal("0.30000000000000001")
    for record in result.records:
        assert not any(isinstance(v, float) for v in record.__dict__.values())


def test_huge_and_non_finite_numbers(tmp_path: Path) -> None:
    huge = {**OUTAGE, "kind": "counts", "interval_start": "2026-10-01T00:00:00Z"}
    huge |= {"interval_end": "2026-10-01T00:01:00Z", "total": 2**63 - 1, "failed": 10**18}
    del huge["start"], huge["impact"]
    result = read_one(tmp_path, huge)
    assert result.ok and result.records[0].total == 2**63 - 1  # type: ignore[union-attr]
    result = read_one(tmp_path, huge | {"total": 2**63})
    assert messages(result) == [
        "SLA703 total: must be at most 9223372036854775807, got 9223372036854775808"
    ]
    text = '{"kind": "latency", "id": "l", "service": "s", "timestamp": "2026-10-01T00:00:00Z", "latency_ms": "NaN"}\n'
    bad = slalang.read_records(write(tmp_path, "n.jsonl", text))
    assert messages(bad) == ['SLA703 latency_ms: expected a finite number, got "NaN"']


# ---- every kind, invalid -------------------------------------------------------------------

INVALID = [
    (
        {**OUTAGE, "end": "2026-10-01T08:00:00Z"},
        "SLA703 end: 2026-10-01T08:00:00+00:00 is before start 2026-10-01T09:00:00+00:00",
    ),
    (
        {
            "kind": "ticket",
            "id": "t",
            "severity": "S1",
            "opened": "2026-10-01T09:00:00Z",
            "pauses": [["2026-10-01T11:00:00Z", "2026-10-01T10:00:00Z"]],
        },
        "SLA703 pauses[0].end: 2026-10-01T10:00:00+00:00 is before its start 2026-10-01T11:00:00+00:00",
    ),
    (
        {
            "kind": "ticket",
            "id": "t",
            "severity": "S1",
            "opened": "2026-10-01T09:00:00Z",
            "coverage": "24/7",
        },
        'SLA703 coverage: "24/7" is not one of: 24x7',
    ),
    (
        {
            "kind": "counts",
            "id": "c",
            "service": "s",
            "interval_start": "2026-10-01T00:00:00Z",
            "interval_end": "2026-10-01T00:00:00Z",
            "total": 1,
            "good": 1,
        },
        "SLA703 interval_end: 2026-10-01T00:00:00+00:00 is not after interval_start 2026-10-01T00:00:00+00:00",
    ),
    (
        {
            "kind": "counts",
            "id": "c",
            "service": "s",
            "interval_start": "2026-10-01T00:00:00Z",
            "interval_end": "2026-10-01T00:01:00Z",
            "total": 10,
        },
        "SLA703 good: missing; total needs good or failed",
    ),
    (
        {
            "kind": "counts",
            "id": "c",
            "service": "s",
            "interval_start": "2026-10-01T00:00:00Z",
            "interval_end": "2026-10-01T00:01:00Z",
            "users_total": 10,
            "users_affected": 11,
        },
        "SLA703 users_affected: 11 is larger than users_total 10",
    ),
    (
        {
            "kind": "latency",
            "id": "l",
            "service": "s",
            "timestamp": "2026-10-01T00:00:00Z",
            "latency_ms": "fast",
        },
        'SLA703 latency_ms: expected a number, got "fast"',
    ),
    (
        {"kind": "gap", "id": "g", "service": "s", "start": "2026-10-01T00:00:00Z"},
        "SLA703 end: missing (a required field)",
    ),
    (
        {"kind": "deployment", "id": "d", "service": ["s"], "start": "2026-10-01T00:00:00Z"},
        "SLA703 service: expected a string, got a list",
    ),
    (
        {"kind": "fee", "id": "f", "period": "2026-10", "amount": "12 usd"},
        "SLA703 amount: '12 usd' is not an amount like \"1000.00 USD\"",
    ),
    (
        {"kind": "claim", "id": "k", "period": "2026-10", "filed_at": 1760000000},
        "SLA703 filed_at: 1760000000 is not a time; write it like 2026-10-01T09:00:00Z",
    ),
    ({**OUTAGE, "id": ""}, "SLA703 id: must not be empty"),
    (
        {**OUTAGE, "start": "2026-10-01"},
        'SLA703 start: "2026-10-01" is not a time; write it like 2026-10-01T09:00:00Z',
    ),
    (
        {
            "kind": "ticket",
            "id": "t",
            "severity": "S1",
            "opened": "2026-10-01T09:00:00Z",
            "pauses": ["2026-10-01T10:00:00Z"],
        },
        "SLA703 pauses: item 0 is not a pair [start, end] (or an object)",
    ),
    (
        {
            "kind": "fee",
            "id": "f",
            "period": "2026-10",
            "amount": {"amount": "1", "currency": "usd"},
        },
        'SLA703 amount.currency: "usd" is not a currency code like USD',
    ),
    (
        {"kind": "claim", "id": "k", "period": "2026-13", "filed_at": "2026-10-01T00:00:00Z"},
        "SLA703 period: a period is a month like 2026-10 or a start date like 2026-10-17",
    ),
    ({**OUTAGE, "scope": "eu"}, 'SLA703 scope: expected a list, got "eu"'),
]


@pytest.mark.parametrize(("record", "message"), INVALID)
def test_invalid_records_are_reported_by_field(
    tmp_path: Path, record: dict[str, object], message: str
) -> None:
    result = read_one(tmp_path, record)
    assert result.records == [] and not result.ok
    assert messages(result) == [message]
    assert (result.counts.read, result.counts.rejected) == (1, 1)


def test_unknown_field_suggests_the_right_one(tmp_path: Path) -> None:
    result = read_one(tmp_path, {**OUTAGE, "titel": "x"})
    (d,) = result.diagnostics
    assert (d.code, d.name, d.message) == (
        "SLA704",
        "unknown-field",
        "titel: unknown field of an outage record",
    )
    assert d.hints == ("did you mean 'title'?",)
    assert d.span is not None and (d.span.line, d.span.column) == (1, 108)


def test_unknown_and_missing_kind(tmp_path: Path) -> None:
    result = slalang.read_records(
        write(tmp_path, "r.jsonl", lines({**OUTAGE, "kind": "outages"}, {"id": "x"}))
    )
    unknown, missing = result.diagnostics
    assert unknown.code == missing.code == "SLA702"
    assert unknown.message.startswith(
        'kind: "outages" is not a record kind; expected one of: outage,'
    )
    assert unknown.hints == ("did you mean 'outage'?",)
    assert missing.message.startswith("kind: missing; expected one of:")


def test_all_bad_records_are_listed_not_just_the_first() -> None:
    result = slalang.read_records(DATA / "broken.jsonl")
    assert result.counts.read == 14
    assert result.counts.read == (
        result.counts.accepted + result.counts.duplicates + result.counts.rejected
    )
    assert len({d.span.line for d in result.diagnostics if d.span}) == 13


def test_broken_file_diagnostics_golden(
    golden: Callable[[str, str], None], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    path = "tests/data/records/broken.jsonl"
    result = slalang.read_records(path)
    text = render_pretty(result.diagnostics, {path: Path(path).read_text()}, colour=False)
    golden("records/broken.jsonl.txt", text)


# ---- times ---------------------------------------------------------------------------------


def test_naive_time_is_an_error_without_a_zone(tmp_path: Path) -> None:
    result = read_one(tmp_path, {**OUTAGE, "start": "2026-10-01T09:00:00"})
    (d,) = result.diagnostics
    assert (d.code, d.name) == ("SLA705", "time-without-offset")
    assert d.message.startswith("start: time has no offset")


def test_assume_tz_attaches_the_zone(tmp_path: Path) -> None:
    result = read_one(
        tmp_path, {**OUTAGE, "start": "2026-07-01T09:00:00"}, assume_tz="Europe/Berlin"
    )
    (record,) = result.records
    assert isinstance(record, Outage)
    assert record.start.utcoffset() == timedelta(hours=2)
    assert record.start.tzinfo == ZoneInfo("Europe/Berlin")
    winter = read_one(
        tmp_path, {**OUTAGE, "start": "2026-12-01T09:00:00"}, assume_tz="Europe/Berlin"
    )
    assert winter.records[0].start.utcoffset() == timedelta(hours=1)  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("wall", "words"),
    [
        ("2026-03-29T02:30:00", "does not exist in Europe/Berlin"),  # spring forward: skipped
        ("2026-10-25T02:30:00", "happens twice in Europe/Berlin"),
    ],  # fall back: repeated
)
def test_assume_tz_rejects_dst_gaps_and_overlaps(tmp_path: Path, wall: str, words: str) -> None:
    result = read_one(tmp_path, {**OUTAGE, "start": wall}, assume_tz="Europe/Berlin")
    (d,) = result.diagnostics
    assert d.code == "SLA705" and words in d.message


def test_assume_tz_must_be_a_real_zone(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="not an IANA time zone"):
        slalang.read_records(write(tmp_path, "r.jsonl", ""), assume_tz="Mars/Olympus")


def test_offsets_are_kept(tmp_path: Path) -> None:
    result = read_one(tmp_path, {**OUTAGE, "start": "2026-10-01T09:00:00+08:00"}, assume_tz="UTC")
    assert result.records[0].start.utcoffset() == timedelta(hours=8)  # type: ignore[union-attr]


# ---- duplicates ----------------------------------------------------------------------------


def test_duplicates(tmp_path: Path) -> None:
    same_instant = {**OUTAGE, "start": "2026-10-01T11:00:00+02:00"}
    other = {**OUTAGE, "impact": "none"}
    ticket = {"kind": "ticket", "id": "o1", "severity": "S1", "opened": "2026-10-01T09:00:00Z"}
    result = slalang.read_records(
        write(tmp_path, "r.jsonl", lines(OUTAGE, same_instant, other, ticket))
    )
    assert [r.kind for r in result.records] == ["outage", "ticket"]  # ids are per kind
    assert (result.counts.duplicates, result.counts.rejected) == (1, 1)
    (d,) = result.diagnostics
    assert (d.code, d.span.line if d.span else None) == ("SLA706", 3)
    assert d.related[0].span.line == 1 and d.related[0].message == "first used here"


def test_duplicates_across_files(tmp_path: Path) -> None:
    a = write(tmp_path, "a.jsonl", lines(OUTAGE))
    b = write(tmp_path, "b.jsonl", lines({**OUTAGE, "impact": "none"}))
    (d,) = slalang.read_records([a, b]).diagnostics
    assert d.span is not None and d.span.file == str(b)
    assert d.related[0].span.file == str(a)


# ---- encodings, line endings, empty input ---------------------------------------------------


def test_crlf_bom_and_blank_lines(tmp_path: Path) -> None:
    text = "\ufeff" + lines(OUTAGE, {**OUTAGE, "id": "o2"}).replace("\n", "\r\n") + "\r\n  \n"
    result = slalang.read_records(write(tmp_path, "r.jsonl", text))
    assert result.ok and [r.id for r in result.records] == ["o1", "o2"]


def test_empty_files(tmp_path: Path) -> None:
    for name in ("e.jsonl", "e.csv"):
        result = slalang.read_records(write(tmp_path, name, ""))
        assert result.ok and result.records == [] and result.counts.read == 0
    result = slalang.read_records(write(tmp_path, "e.json", ""))
    assert [d.message for d in result.diagnostics] == [
        'the file is empty; expected a document {"schema": "slalang.records/v1", "records": [...]}'
    ]


def test_invalid_utf8_is_a_located_error(tmp_path: Path) -> None:
    result = slalang.read_records(
        write(tmp_path, "r.jsonl", lines(OUTAGE).encode() + b'{"id": "\xff"}\n')
    )
    assert len(result.records) == 1
    (d,) = result.diagnostics
    assert d.code == "SLA701" and d.span is not None and d.span.line == 2


def test_unreadable_inputs(tmp_path: Path) -> None:
    result = slalang.read_records([tmp_path / "missing.jsonl", write(tmp_path, "r.txt", "")])
    assert [d.code for d in result.diagnostics] == ["SLA700", "SLA700"]
    assert "cannot read" in result.diagnostics[0].message
    assert "cannot tell the format" in result.diagnostics[1].message
    assert result.counts.read == 0


def test_format_override(tmp_path: Path) -> None:
    result = slalang.read_records(write(tmp_path, "r.txt", lines(OUTAGE)), format="jsonl")
    assert result.ok and len(result.records) == 1
    with pytest.raises(ValueError, match="format"):
        slalang.read_records(tmp_path / "r.txt", format="xml")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (lines(OUTAGE), 1),
        (json.dumps({"schema": "slalang.records/v1", "records": [OUTAGE]}, indent=2), 1),
        (json.dumps({"schema": "slalang.records/v1", "records": [OUTAGE]}), 1),
        ("id,kind,service,start,impact\no1,outage,im,2026-10-01T09:00:00Z,none\n", 1),
        ("\n\n", 0),
    ],
)
def test_stdin_in_every_format(monkeypatch: pytest.MonkeyPatch, text: str, expected: int) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
    result = slalang.read_records("-")
    assert result.ok and len(result.records) == expected


def test_stdin_is_named_in_diagnostics(monkeypatch: pytest.MonkeyPatch) -> None:
    data = b'{"id": "1"}\n' + lines(OUTAGE).encode()  # a first line without kind: still JSON Lines
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    result = slalang.read_records("-")
    (d,) = result.diagnostics
    assert d.code == "SLA702" and len(result.records) == 1
    assert d.span is not None and (d.span.file, d.span.line) == ("<stdin>", 1)


# ---- JSON documents ------------------------------------------------------------------------


def test_document_records_are_located_by_line() -> None:
    result = slalang.read_records(DATA / "valid.json")
    assert [r.id for r in result.records] == ["o1", "l1"]
    assert result.records[1].latency_ms == Decimal("0.1000000000000000000000000001")  # type: ignore[union-attr]
    (d,) = result.diagnostics
    assert d.span is not None and (d.span.line, d.span.column) == (18, 7)
    assert d.message.startswith("end: 2026-10-03T00:00:00+00:00 is not after start")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"records": []}', 'no "schema" key'),
        ('{"schema": "v0", "records": []}', "schema 'v0' is not 'slalang.records/v1'"),
        ('{"schema": "slalang.records/v1", "records": [], "extra": 1}', "unknown key 'extra'"),
        ("[]", "expected '{', found '['"),
        (
            '{"schema": "slalang.records/v1", "records": [{"kind": "gap"} {}]}',
            "expected ',' or ']'",
        ),
        (
            '{"schema": "slalang.records/v1", "records": []} []',
            "text after the end of the document",
        ),
        ('{"schema": "slalang.records/v1", "records": [tru]}', "not valid JSON"),
    ],
)
def test_document_shape_errors(tmp_path: Path, text: str, message: str) -> None:
    result = slalang.read_records(write(tmp_path, "r.json", text))
    assert any(d.code == "SLA700" and message in d.message for d in result.diagnostics), messages(
        result
    )


# ---- streaming ------------------------------------------------------------------------------


def test_iter_records_streams_and_counts(tmp_path: Path) -> None:
    path = write(
        tmp_path, "r.jsonl", lines(*({**OUTAGE, "id": f"o{i}"} for i in range(5)), {"id": 1})
    )
    stream = slalang.iter_records(path)
    iterator = iter(stream)
    assert next(iterator).id == "o0" and stream.counts.read == 1
    assert len(list(iterator)) == 4
    assert (stream.counts.read, stream.counts.rejected, len(stream.diagnostics)) == (6, 1, 1)
    with pytest.raises(RuntimeError, match="read once"):
        list(stream)


# ---- never an exception ---------------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.decimals(allow_nan=False) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
record_like = st.fixed_dictionaries(
    {"kind": st.sampled_from([*RECORD_TYPES, "nope"])},
    optional={
        name: json_values
        for name in (
            "id",
            "service",
            "start",
            "end",
            "impact",
            "total",
            "good",
            "scope",
            "pauses",
            "amount",
        )
    },
)


@settings(max_examples=300, deadline=None)
@given(line=st.one_of(record_like.map(lambda d: json.dumps(d, default=str)), st.text(max_size=60)))
def test_any_line_gives_a_record_or_a_diagnostic(
    tmp_path_factory: pytest.TempPathFactory, line: str
) -> None:
    path = tmp_path_factory.mktemp("h") / "r.jsonl"
    path.write_text(
        line.replace("\n", " ").replace("\r", " ") + "\n", encoding="utf-8", errors="surrogatepass"
    )
    result = slalang.read_records(path)
    blank = not line.replace("\n", " ").replace("\r", " ").strip()
    assert len(result.records) + len(result.diagnostics) >= (0 if blank else 1)
    assert result.counts.read == result.counts.accepted + result.counts.rejected


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet='{}[]",: 0123456789abkindrecordsschema/.v\n', max_size=80))
def test_any_document_gives_records_or_diagnostics(
    tmp_path_factory: pytest.TempPathFactory, text: str
) -> None:
    path = tmp_path_factory.mktemp("doc") / "r.json"
    path.write_text(text, encoding="utf-8")
    result = slalang.read_records(path)
    assert result.records or result.diagnostics or result.counts.read == 0
    assert (
        result.counts.read
        == result.counts.accepted + result.counts.rejected + result.counts.duplicates
    )
