"""Records written in contracts, and checks of records against a contract."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import slalang
from slalang.model import (
    BusinessDuration,
    DateTimeValue,
    DateValue,
    Duration,
    FieldValue,
    ListValue,
    Money,
    Number,
    Percent,
    RecordLiteral,
    Text,
    Value,
    Word,
)
from slalang.records.literals import literal_records
from slalang.records.model import Claim, Fee, Latency, Outage, Ticket

from .conftest import ROOT
from .test_records import lines, write

ACME = ROOT / "contracts" / "acme-chat-enterprise.sla"
T0 = datetime(2026, 10, 1, 9, tzinfo=UTC)


def literal(kind: str, id: str, /, **fields: Value) -> RecordLiteral:
    return RecordLiteral(
        kind=kind, id=id, fields=tuple(FieldValue(name=n, value=v) for n, v in fields.items())
    )


def at(hour: int) -> DateTimeValue:
    return DateTimeValue(value=T0.replace(hour=hour))


def test_every_value_type_converts() -> None:
    outage = literal(
        "outage",
        "o1",
        service=Text(value="im"),
        start=at(9),
        end=Word(value="null"),
        impact=Word(value="partial_outage"),
        scheduled_maintenance=Word(value="true"),
        impact_fraction=Percent(value=Decimal("30")),
        scope=ListValue(items=(Word(value="eu"), Text(value="us east"))),
    )
    latency = literal(
        "latency",
        "l1",
        service=Word(value="rtc"),
        timestamp=at(9),
        latency_ms=Duration(value=Decimal("1.5"), unit="seconds"),
        count=Number(value=Decimal("3")),
    )
    ticket = literal(
        "ticket",
        "t1",
        severity=Word(value="urgent"),
        opened=at(9),
        pauses=ListValue(items=(ListValue(items=(at(10), at(11))),)),
        first_response_automated=Word(value="false"),
    )
    fee = literal(
        "fee",
        "f1",
        period=DateValue(value=date(2026, 10, 17)),
        amount=Money(amount=Decimal("1000.00"), currency="CNY"),
    )
    claim = literal("claim", "k1", period=Text(value="2026-10"), filed_at=at(12))
    result = literal_records([outage, latency, ticket, fee, claim])
    assert result.ok, result.diagnostics
    o, lat, t, f, k = result.records
    assert isinstance(o, Outage) and o.impact_fraction == Decimal("0.3") and o.end is None
    assert o.scheduled_maintenance is True and o.scope == ("eu", "us east")
    assert isinstance(lat, Latency) and (lat.latency_ms, lat.count) == (Decimal("1500.0"), 3)
    assert isinstance(t, Ticket) and t.pauses[0].end == T0.replace(hour=11)
    assert isinstance(f, Fee) and str(f.amount) == "1000.00 CNY" and f.period == "2026-10-17"
    assert isinstance(k, Claim) and k.period == "2026-10"


def test_conversion_is_exact_for_long_numbers() -> None:
    digits = Decimal("1234567890123456789012345678")  # 28 digits, the lowering's limit
    result = literal_records(
        [
            literal(
                "latency",
                "l1",
                service=Word(value="s"),
                timestamp=at(9),
                latency_ms=Duration(value=digits, unit="weeks"),
            ),
            literal(
                "outage",
                "o1",
                service=Word(value="s"),
                start=at(9),
                impact=Word(value="none"),
                impact_fraction=Percent(value=Decimal("12.34567890123456789012345678")),
            ),
        ]
    )
    latency, outage = result.records
    assert isinstance(latency, Latency)
    assert latency.latency_ms == int(digits) * 604_800_000  # the default context would round
    assert isinstance(outage, Outage)
    assert outage.impact_fraction == Decimal("0.1234567890123456789012345678")


def test_duplicate_literals() -> None:
    first = literal("gap", "g1", service=Word(value="s"), start=at(9), end=at(10))
    same = literal("gap", "g1", service=Word(value="s"), start=at(9), end=at(10))
    other = literal("gap", "g1", service=Word(value="s"), start=at(9), end=at(11))
    result = literal_records([first, same, other])
    assert len(result.records) == 1 and result.counts.duplicates == 1
    assert [d.code for d in result.diagnostics] == ["SLA706"]


def test_conversion_problems() -> None:
    result = literal_records(
        [
            literal("outage", "o1", id=Text(value="x"), service=Word(value="im")),
            literal("gap", "g1", start=BusinessDuration(value=Decimal(1), unit="hours")),
            literal("latency", "l1", count=Number(value=Decimal("1.5"))),
            literal("incident", "i1"),
        ]
    )
    messages = [d.message for d in result.diagnostics]
    assert messages[0] == "id: already given in the record's header"
    assert messages[1] == "start: a business-hours duration is not a record value"
    assert "count: expected a whole number, got 1.5" in messages
    assert messages[-1].startswith('kind: "incident" is not a record kind')
    assert all(d.span is None for d in result.diagnostics)  # no source map given
    assert result.counts.rejected == 4


EXAMPLE = """
    example "literal records" {
        period 2026-10
        record outage "o1" {
            service im
            start 2026-10-01T10:00:00+08:00
            end 2026-10-01T09:00:00+08:00
            impact major_outage
        }
        record outage "o2" {
            service chat
            start 2026-10-01T10:00:00+08:00
            impact major_outage
        }
        record ticket "t1" {
            severity urgnt
            opened 2026-10-01T10:00:00+08:00
        }
    }
}
"""


def test_errors_point_into_the_contract() -> None:
    text = ACME.read_text(encoding="utf-8").rstrip().removesuffix("}") + EXAMPLE
    parsed = slalang.loads(text, path="acme.sla")
    assert parsed.contract is not None, parsed.diagnostics
    index = len(parsed.contract.examples) - 1
    result = literal_records(
        parsed.contract.examples[index].records,
        source_map=parsed.source_map,
        path=("examples", index, "records"),
        contract=parsed.contract,
    )
    found = {d.code: d for d in result.diagnostics}
    assert set(found) == {"SLA703", "SLA707", "SLA708"}
    text_lines = text.splitlines()

    def line_of(code: str) -> str:
        span = found[code].span
        assert span is not None and span.file == "acme.sla"
        return text_lines[span.line - 1].strip()

    assert line_of("SLA703") == "end 2026-10-01T09:00:00+08:00"
    assert line_of("SLA707") == "service chat"
    assert line_of("SLA708") == "severity urgnt"
    assert (
        found["SLA707"].message
        == "service: 'chat' is not a service of the contract; it defines: im, rtc"
    )
    assert found["SLA708"].hints == ("did you mean 'urgent'?",)


def test_read_records_checks_against_a_contract(tmp_path: Path) -> None:
    contract = slalang.load(ACME).contract
    assert contract is not None
    records = lines(
        {
            "kind": "outage",
            "id": "o1",
            "service": "sms",
            "start": "2026-10-01T00:00:00Z",
            "impact": "none",
        },
        {
            "kind": "ticket",
            "id": "t1",
            "severity": "normal",
            "opened": "2026-10-01T00:00:00Z",
            "severity_history": [["2026-10-01T01:00:00Z", "critical"]],
        },
        {"kind": "fee", "id": "f1", "period": "2026-10", "amount": "1.00 CNY", "service": "im"},
    )
    result = slalang.read_records(write(tmp_path, "r.jsonl", records), contract=contract)
    assert [r.id for r in result.records] == ["f1"]
    assert [(d.code, d.name) for d in result.diagnostics] == [
        ("SLA707", "unknown-service"),
        ("SLA708", "unknown-severity"),
    ]
    assert result.diagnostics[1].message == (
        "severity_history[0].severity: 'critical' is not a severity of the contract; "
        "it defines: urgent, normal"
    )


def test_contract_without_names_checks_nothing(tmp_path: Path) -> None:
    contract = slalang.loads('contract "Bare" { }').contract
    assert contract is not None
    record = {
        "kind": "ticket",
        "id": "t",
        "severity": "S9",
        "opened": "2026-10-01T00:00:00Z",
        "service": "anything",
    }
    result = slalang.read_records(write(tmp_path, "r.jsonl", lines(record)), contract=contract)
    assert result.ok and len(result.records) == 1
