"""Records from CSV: kind by column or file name, list cells, empty cells, row/column locations."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import slalang
from slalang.records.csvfile import kind_from_name
from slalang.records.model import Outage, Ticket

from .test_records import DATA, write


def test_one_file_per_kind_with_lists_and_empty_cells() -> None:
    result = slalang.read_records(DATA / "outages.csv")
    first, second = result.records
    assert isinstance(first, Outage) and isinstance(second, Outage)
    assert first.scope == ("eu-west", "eu-central")
    assert first.impact_fraction is None and first.scheduled_maintenance is False
    assert second.scope == ("us-east",) and second.end is None
    assert second.impact_fraction == Decimal("0.3")


def test_errors_point_at_row_and_cell() -> None:
    result = slalang.read_records(DATA / "outages.csv")
    located = [(d.span.line, d.span.column, d.code) for d in result.diagnostics if d.span]
    assert located == [(4, 7, "SLA705"), (4, 62, "SLA703"), (5, 46, "SLA703")]
    assert result.diagnostics[1].message == (
        'scheduled_maintenance: expected true or false, got "maybe"'
    )
    assert (result.counts.read, result.counts.rejected) == (4, 2)


def test_kind_column_with_pairs_in_both_notations() -> None:
    result = slalang.read_records(DATA / "mixed.csv")
    tickets = [r for r in result.records if isinstance(r, Ticket)]
    assert [t.id for t in tickets] == ["t1", "t2"]
    assert len(tickets[0].pauses) == 2 and tickets[0].pauses[1].end is None
    assert tickets[0].pauses[0].end == datetime(2026, 10, 3, 11, 30, tzinfo=UTC)
    assert tickets[1].pauses[0].end is None
    (d,) = result.diagnostics
    assert d.message == "severity: unknown field of an outage record"
    assert d.span is not None and (d.span.line, d.span.column, d.span.end_column) == (4, 14, 16)


def test_quoted_cells_across_lines_keep_row_numbers(tmp_path: Path) -> None:
    text = (
        "id,service,start,impact,title\r\n"
        'o1,im,2026-10-01T09:00:00Z,none,"two\r\nlines, with a comma"\r\n'
        "o2,im,2026-10-01T09:00:00Z,worst,plain\r\n"
    )
    result = slalang.read_records(write(tmp_path, "outages.csv", "\ufeff" + text))
    assert [r.title for r in result.records] == ["two\r\nlines, with a comma"]  # type: ignore[union-attr]
    (d,) = result.diagnostics
    assert d.span is not None and (d.span.line, d.span.column) == (4, 28)


def test_pairs_for_excluded_and_history(tmp_path: Path) -> None:
    counts = (
        "kind,id,service,interval_start,interval_end,total,failed,excluded\n"
        "counts,c1,im,2026-10-01T00:00:00Z,2026-10-01T00:05:00Z,100,10,3/customer;2/beta\n"
    )
    (record,) = slalang.read_records(write(tmp_path, "c.csv", counts)).records
    assert [(e.count, e.cause) for e in record.excluded] == [(3, "customer"), (2, "beta")]  # type: ignore[union-attr]
    tickets = (
        "id,severity,opened,severity_history\nt1,S2,2026-10-01T00:00:00Z,2026-10-01T01:00:00Z/S1\n"
    )
    (ticket,) = slalang.read_records(write(tmp_path, "tickets.csv", tickets)).records
    assert isinstance(ticket, Ticket) and ticket.severity_history[0].severity == "S1"


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("records.csv", "id,service\n", "no 'kind' column, and the name"),
        ("gaps.csv", "id,id\n", "the header names id more than once"),
        ("gaps.csv", "id,service,\n", "column 3 of the header has no name"),
        ("gaps.csv", 'id,service\n"g1,im\n', "not valid CSV"),
        ("gaps.csv", b"id,service\ng1,\xff\n", "line 2 is not UTF-8"),
    ],
)
def test_file_level_errors(tmp_path: Path, name: str, text: str | bytes, message: str) -> None:
    result = slalang.read_records(write(tmp_path, name, text))
    assert [d.code for d in result.diagnostics] == ["SLA700"]
    assert message in result.diagnostics[0].message


def test_row_problems(tmp_path: Path) -> None:
    text = (
        "kind,id,service,start,end,impact,scope\n"
        "gap,g1,im,2026-10-01T00:00:00Z,2026-10-01T01:00:00Z\n"
        "outage,o1,im,2026-10-01T00:00:00Z,,none,[broken\n"
        ",,,,,,\n"
        ",o2,im,2026-10-01T00:00:00Z,,none,\n"
    )
    result = slalang.read_records(write(tmp_path, "mixed.csv", text))
    assert [d.message for d in result.diagnostics] == [
        "the row has 5 fields, the header 7",
        "scope: not valid JSON: Expecting value (column 2)",
        "kind: missing; expected one of: outage, ticket, counts, latency, gap, deployment, fee, claim",
    ]
    assert result.counts.read == 3  # the blank row is not a record


@pytest.mark.parametrize(
    ("file", "kind"),
    [
        ("outages.csv", "outage"),
        ("dir/2026-10_tickets.csv", "ticket"),
        ("counts.csv", "counts"),
        ("Latency.CSV", "latency"),
        ("latencies.csv", "latency"),
        ("notes.csv", None),
    ],
)
def test_kind_from_file_name(file: str, kind: str | None) -> None:
    assert kind_from_name(file) == kind


@settings(max_examples=200, deadline=None)
@given(
    rows=st.lists(
        st.lists(
            st.sampled_from(["", "g1", "im", "2026-10-01T00:00:00Z", '"a,b"', "x;y", "[1", "1/2"]),
            max_size=6,
        ),
        max_size=4,
    ),
    header=st.lists(
        st.sampled_from(["kind", "id", "service", "start", "end", "scope", "bogus"]), max_size=6
    ),
)
def test_any_csv_gives_records_or_diagnostics(
    tmp_path_factory: pytest.TempPathFactory, rows: list[list[str]], header: list[str]
) -> None:
    text = "\n".join(",".join(cells) for cells in [header, *rows]) + "\n"
    path = tmp_path_factory.mktemp("csv") / "gaps.csv"
    path.write_text(text, encoding="utf-8")
    result = slalang.read_records(path)
    counts = result.counts
    assert counts.read == counts.accepted + counts.duplicates + counts.rejected
    assert counts.rejected <= len(result.diagnostics)
