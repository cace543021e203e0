"""The columnar reader against the records reader: same records, same counts, same diagnostics."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytest.importorskip("msgspec")
pytest.importorskip("numpy")

from slalang.records import read_records
from slalang.records.columns import read_columns

TIMES = st.sampled_from(
    [
        "2026-10-01T09:00:00Z",
        "2026-10-01T09:30:00.25+08:00",
        "2026-10-01T10:00:00.123456-05:30",
        "2026-10-01T09:00:00",  # naive
        "2026-10-01t09:00:00Z",
        "2026-10-01T09:00:00.1234567Z",
        "2026-02-29T00:00:00Z",  # no such day
        "2024-02-29T23:59:59Z",
        "2026-10-01T24:00:00Z",
        "2026-10-01T09:00:00+24:00",
        "2026-10-01T09:00:60Z",
        "0001-01-01T00:00:00Z",
        "9999-12-31T23:59:59-01:00",
        "2026-10-01",
        "2026-10-0\uff11T09:00:00Z",
    ]
)
WORDS = st.sampled_from(["im", "rtc", "eu", "us", "", "é", "x" * 5000])
NUMBERS = st.one_of(
    st.integers(-2, 2**64),
    st.sampled_from([1.5, "7", 0.1000000000000000000000000001, True, None, 1e400]),
)


def _record() -> st.SearchStrategy[dict[str, object]]:
    common = {"id": st.sampled_from(["a", "b", "c", ""]), "service": WORDS}
    kinds = [
        st.fixed_dictionaries(
            {
                "kind": st.just("outage"),
                "start": TIMES,
                "impact": st.sampled_from(["major_outage", "none", "bad"]),
                **common,
            },
            optional={
                "end": st.one_of(st.none(), TIMES),
                "scope": st.lists(WORDS, max_size=3),
                "impact_fraction": NUMBERS,
                "scheduled_maintenance": st.sampled_from([True, "true", 1]),
                "title": WORDS,
                "unknown": st.just(1),
            },
        ),
        st.fixed_dictionaries(
            {"kind": st.just("latency"), "timestamp": TIMES, "latency_ms": NUMBERS, **common},
            optional={"count": NUMBERS, "success": st.sampled_from([True, False, None, "yes"])},
        ),
        st.fixed_dictionaries(
            {"kind": st.just("counts"), "interval_start": TIMES, "interval_end": TIMES, **common},
            optional={
                "total": NUMBERS,
                "good": NUMBERS,
                "failed": NUMBERS,
                "users_total": NUMBERS,
                "users_affected": NUMBERS,
                "excluded": st.just([[1, "customer"]]),
            },
        ),
        st.fixed_dictionaries(
            {
                "kind": st.sampled_from(["gap", "deployment", "ticket", "nope"]),
                "start": TIMES,
                "end": TIMES,
                **common,
            },
            optional={"severity": WORDS, "opened": TIMES},
        ),
    ]
    return st.one_of(kinds)


def _line(record: dict[str, object], raw: str | None) -> str:
    return raw if raw is not None else json.dumps(record, ensure_ascii=False)


LINES = st.lists(
    st.tuples(
        _record(),
        st.one_of(
            st.none(),
            st.none(),
            st.sampled_from(
                ["", "{", "[1]", '{"kind": "outage", "id": "a", "id": "b"}', "   ", "\ufeff{}"]
            ),
        ),
    ),
    max_size=30,
)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(lines=LINES, reuse=st.booleans())
def test_columns_match_the_records_reader(
    tmp_path: Path, lines: list[tuple[dict[str, object], str | None]], reuse: bool
) -> None:
    text = "".join(_line(record, raw) + "\n" for record, raw in lines)
    if reuse and lines:  # the same lines again: harmless duplicates and conflicts
        text += text.splitlines(keepends=True)[0]
    path = tmp_path / "records.jsonl"
    path.write_text(text, encoding="utf-8")
    expected = read_records(path)
    columns = read_columns(path)
    assert list(columns.records()) == expected.records
    assert columns.diagnostics == expected.diagnostics
    assert columns.counts == expected.counts
    assert columns.sha256 == read_records_digest(path)


def read_records_digest(path: Path) -> str:
    from slalang.records import iter_records

    stream = iter_records(path)
    list(stream)
    return stream.sha256


def test_columns_hold_times_codes_and_scopes(tmp_path: Path) -> None:
    path = tmp_path / "o.jsonl"
    lines = [
        {
            "kind": "outage",
            "id": "o1",
            "service": "im",
            "start": "2026-10-01T08:00:00+08:00",
            "end": "2026-10-01T00:30:00Z",
            "impact": "major_outage",
            "scope": ["eu", "us"],
        },
        {
            "kind": "outage",
            "id": "o2",
            "service": "rtc",
            "start": "2026-10-01T00:00:00.5Z",
            "impact": "partial_outage",
        },
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in lines))
    columns = read_columns(path)
    table = columns.tables["outage"]
    assert table.array("start").tolist() == [1790812800000000, 1790812800500000]
    assert table.array("end")[1] == -(2**63)
    assert [columns.words[c] for c in table.array("service")] == ["im", "rtc"]
    assert table.scope_start.tolist() == [0, 2, 2]
    assert [columns.words[c] for c in table.scope_codes] == ["eu", "us"]


def test_csv_and_documents_take_the_per_line_path(tmp_path: Path) -> None:
    path = tmp_path / "outages.csv"
    counts = tmp_path / "c.jsonl"
    line = (
        '{"kind": "counts", "id": "c", "service": "im", "interval_start": "2026-10-01T00:00:00Z", '
    )
    counts.write_text(
        line
        + '"interval_end": "2026-10-01T00:01:00Z", "total": 9, "good": 8, "excluded": [[2, "customer"]]}\n'
    )
    assert list(read_columns(counts).records()) == read_records(counts).records
    path.write_text(
        "id,service,start,end,impact\no1,im,2026-10-01T00:00:00Z,2026-10-01T01:00:00Z,major_outage\no1,im,2026-10-01T00:00:00Z,,none\nbad\n"
    )
    expected = read_records(path)
    columns = read_columns(path)
    assert list(columns.records()) == expected.records
    assert columns.diagnostics == expected.diagnostics
    assert columns.counts == expected.counts and columns.counts.rejected == 2


def test_column_schemas_name_every_field_of_their_models() -> None:
    from slalang.records import columns
    from slalang.records.model import RECORD_TYPES

    for kind, schema in columns.SCHEMAS.items():
        assert set(schema) == set(RECORD_TYPES[kind].model_fields) - {"kind"}, kind
    for struct in (
        columns._Outage,
        columns._Latency,
        columns._Counts,
        columns._Gap,
        columns._Deployment,
    ):
        kind = struct.__struct_config__.tag
        assert set(struct.__struct_fields__) <= set(columns.SCHEMAS[str(kind)]), kind
