"""Invariants of the evaluation, checked with generated outages."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from slalang import loads
from slalang.evaluate.engine import evaluate
from slalang.model import AnyOf, Condition, Contract, MetricCondition, OutageCondition
from slalang.records.model import Counts, Latency, Outage
from tests.evaluate_helpers import TIERS, availability, objective
from tests.strategies import evaluated_contracts, evaluated_records

CONTRACT = availability("weight partial_outage 30%\n        exclude cause customer", TIERS)
SLICED = availability(
    "slice 5 minutes\n        partial slices count as down\n        minimum run 10 minutes\n"
    "        weight partial_outage 30%",
    TIERS,
)
SEPTEMBER = datetime(2026, 9, 1, tzinfo=UTC)
MINUTES = 30 * 24 * 60


def _outage(index: int, start: int, length: int, impact: str, cause: str | None) -> Outage:
    return Outage(
        id=f"o{index}",
        service="api",
        start=SEPTEMBER + timedelta(minutes=start),
        end=SEPTEMBER + timedelta(minutes=start + length),
        impact=impact,
        cause=cause,
    )


pieces = st.tuples(
    st.integers(-2000, MINUTES + 2000),
    st.integers(1, 3000),
    st.sampled_from(["major_outage", "partial_outage", "degraded_performance"]),
    st.sampled_from([None, None, "customer"]),
)
outages = st.lists(pieces, max_size=8).map(
    lambda items: [_outage(i, *item) for i, item in enumerate(items)]
)


def _share(records: list[Outage], contract: Contract = CONTRACT) -> Decimal:
    """The measured availability; with no record read it is not assessed, and counts as the
    upper bound 100% in these comparisons."""
    result = objective(evaluate(contract, records, period="2026-09"))
    if not records:
        assert (result.measured, result.status) == (None, "not_assessed")
        return Decimal(100)
    assert result.measured is not None
    return Decimal(result.measured.rstrip("%"))


def _credit(records: list[Outage], contract: Contract = CONTRACT) -> Decimal:
    report = evaluate(contract, records, period="2026-09", fee="1000 EUR")
    return Decimal(report.credits.total_amount or "0")


@settings(max_examples=60, deadline=None)
@given(outages)
def test_availability_is_within_0_and_100_percent(records: list[Outage]) -> None:
    assert 0 <= _share(records) <= 100


@settings(max_examples=60, deadline=None)
@given(outages, pieces)
def test_more_downtime_never_raises_availability_or_lowers_credit(
    records: list[Outage], extra: tuple[int, int, str, str | None]
) -> None:
    start, length, impact, _ = extra  # downtime: an outage no clause excludes
    more = [*records, _outage(99, start, length, impact, None)]
    for contract in (CONTRACT, SLICED):
        assert _share(more, contract) <= _share(records, contract)
        assert _credit(more, contract) >= _credit(records, contract)


@settings(max_examples=60, deadline=None)
@given(outages, st.data())
def test_splitting_an_outage_in_two_adjacent_parts_changes_nothing(
    records: list[Outage], data: st.DataObject
) -> None:
    if not records:
        return
    first = records[0]
    assert first.end is not None
    cut = data.draw(st.integers(1, int((first.end - first.start).total_seconds() // 60)))
    middle = first.start + timedelta(minutes=cut)
    split = [
        first.model_copy(update={"end": middle}),
        first.model_copy(update={"id": "o-second", "start": middle}),
        *records[1:],
    ]
    assert _share(split) == _share(records)
    assert _share(split, SLICED) == _share(records, SLICED)


@settings(max_examples=60, deadline=None)
@given(outages)
def test_duplicated_overlapping_outages_are_not_double_counted(records: list[Outage]) -> None:
    copies = [o.model_copy(update={"id": o.id + "-copy"}) for o in records]
    assert _share(records + copies) == _share(records)
    assert _share(records + copies, SLICED) == _share(records, SLICED)


@settings(max_examples=60, deadline=None)
@given(outages, st.lists(st.tuples(st.integers(1, 5000), st.integers(1, 3000)), max_size=4))
def test_records_outside_the_period_change_nothing(
    records: list[Outage], far: list[tuple[int, int]]
) -> None:
    outside = [
        _outage(200 + i, -start - length - 1, length, "major_outage", None)
        for i, (start, length) in enumerate(far)
    ]
    with_outside = evaluate(CONTRACT, records + outside, period="2026-09")
    alone = evaluate(CONTRACT, records, period="2026-09")
    if records or not outside:
        assert with_outside.objectives == alone.objectives
    else:  # reading nothing at all is not the same as reading nothing inside the period
        assert [o.status for o in alone.objectives] == ["not_assessed"]
        assert [o.measured for o in with_outside.objectives] == ["100.000%"]
    assert with_outside.inputs.outside_period >= len(outside)


@settings(max_examples=30, deadline=None)
@given(outages)
def test_same_inputs_give_byte_identical_json(records: list[Outage]) -> None:
    first = evaluate(CONTRACT, records, period="2026-09", fee="1000 EUR").to_json()
    assert evaluate(CONTRACT, records, period="2026-09", fee="1000 EUR").to_json() == first


RECORD_KINDS: dict[str, type[Outage | Counts | Latency]] = {
    "outage": Outage,
    "counts": Counts,
    "latency": Latency,
}
OCTOBER = datetime(2026, 10, 1, tzinfo=UTC)


def _measured_kinds(cond: Condition | None) -> set[str]:
    """The record kinds an objective's condition measures (the spec, written independently)."""
    if cond is None or isinstance(cond, OutageCondition):
        return {"outage"}
    if isinstance(cond, MetricCondition):
        return {"latency" if cond.metric == "latency" else "counts"}
    assert isinstance(cond, AnyOf)
    return set().union(*(_measured_kinds(c) for c in cond.conditions))


def _in_september(record: Outage | Counts | Latency) -> bool:
    if isinstance(record, Latency):
        return SEPTEMBER <= record.timestamp < OCTOBER
    start, end = (
        (record.start, record.end)
        if isinstance(record, Outage)
        else (record.interval_start, record.interval_end)
    )
    assert end is not None
    return start < OCTOBER and end > SEPTEMBER


@settings(max_examples=150, deadline=None)
@given(evaluated_contracts(), evaluated_records())
def test_no_objective_is_met_while_reading_none_of_its_services_records(
    text: str, data: list[dict[str, object]]
) -> None:
    parsed = loads(text)
    assert parsed.contract is not None, [d.message for d in parsed.diagnostics]
    contract = parsed.contract
    records = [RECORD_KINDS[str(d["kind"])].model_validate(d) for d in data]
    report = evaluate(contract, records, period="2026-09")
    i = report.inputs
    assert i.read == i.used + i.unread + i.outside_period + i.excluded + i.rejected + i.duplicates
    for result in report.objectives:
        objective = next(o for o in contract.objectives if o.id == result.id)
        if objective.kind == "availability":
            kinds = _measured_kinds(objective.down_when)
        else:
            kinds = {"counts"} if objective.kind == "success_rate" else {"latency"}
        services = set(objective.services) or {s.id for s in contract.services}
        present = [
            r for r in records if r.service in services and r.kind in kinds and _in_september(r)
        ]
        if present and result.records_read == 0:
            assert result.status == "not_assessed", (result.id, result.explanation)
            assert result.reason and "read none" in result.reason
