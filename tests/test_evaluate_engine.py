"""The evaluator's semantics, each at its boundaries."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from slalang import iter_records, load, read_records
from slalang.evaluate.engine import evaluate
from slalang.evaluate.inputs import EvaluationError
from slalang.records import AnyRecord
from slalang.records.model import Claim, Counts, Fee, Gap, Latency, Outage
from tests.evaluate_helpers import TIERS, availability, contract, objective, outage, run

D = datetime.fromisoformat


# ---- exactness --------------------------------------------------------------------------------


def test_432_minutes_in_a_30_day_month_is_exactly_99_percent_in_the_10_percent_tier() -> None:
    c = availability(credit=TIERS)
    report = run(c, [outage("o1", "2026-09-10T00:00:00Z", "2026-09-10T07:12:00Z")], fee="20000 EUR")
    o = objective(report)
    assert o.measured == "99.000%"
    assert not o.met
    assert o.credit_percent == "10%"  # [99.0%, 99.9%) includes its lower bound
    assert o.credit_amount == "2000.00"
    assert "43,200 min in period; 432 min down" in o.explanation


def test_one_more_second_down_leaves_the_tier() -> None:
    c = availability(credit=TIERS)
    report = run(c, [outage("o1", "2026-09-10T00:00:00Z", "2026-09-10T07:12:01Z")], fee="20000 EUR")
    assert objective(report).credit_percent == "25%"


def test_money_has_no_float_artefacts() -> None:
    c = availability(credit=TIERS)
    report = run(c, [outage("o1", "2026-09-10T00:00:00Z", "2026-09-10T07:12:00Z")], fee="0.30 EUR")
    assert objective(report).credit_amount == "0.03"
    report = run(
        c, [outage("o1", "2026-09-10T00:00:00Z", "2026-09-10T07:12:00Z")], fee="1234.55 EUR"
    )
    assert objective(report).credit_amount == "123.46"  # 123.455 half_even -> 123.46
    assert report.credits.total_amount == "123.46"


def test_target_met_exactly_at_the_bound() -> None:
    c = availability(credit=TIERS)
    report = run(c, [outage("o1", "2026-09-10T00:00:00Z", "2026-09-10T00:43:12Z")])
    o = objective(report)
    assert (o.measured, o.met, o.credit_percent) == ("99.900%", True, "0%")


# ---- downtime -------------------------------------------------------------------------------


def test_overlapping_outages_are_merged() -> None:
    c = availability()
    records = [
        outage("a", "2026-09-10T00:00:00Z", "2026-09-10T04:00:00Z"),
        outage("b", "2026-09-10T02:00:00Z", "2026-09-10T07:12:00Z"),
        outage("c", "2026-09-10T03:00:00Z", "2026-09-10T03:30:00Z"),
    ]
    o = objective(run(c, records))
    assert o.measured == "99.000%"
    assert o.evidence == ["a", "b", "c"]


def test_an_outage_across_the_period_end_is_split() -> None:
    c = availability()
    record = outage("o", "2026-09-30T16:48:00Z", "2026-10-01T07:26:24Z")
    assert objective(run(c, [record], "2026-09")).measured == "99.000%"  # 432 of 43200 min
    assert objective(run(c, [record], "2026-10")).measured == "99.000%"  # 446.4 of 44640 min


def test_an_ongoing_outage_needs_as_of_and_is_clipped_there() -> None:
    c = availability()
    record = outage("o", "2026-09-30T12:00:00Z", None)
    with pytest.raises(EvaluationError, match="as-of"):
        run(c, [record])
    report = run(c, [record], as_of=D("2026-09-30T19:12:00+00:00"))
    assert objective(report).measured == "99.000%"


def test_weights_count_partial_outages_at_their_share() -> None:
    c = availability("down when outage impact major_outage\n        weight partial_outage 30%")
    report = run(c, [outage("p", "2026-09-10T00:00:00Z", "2026-09-11T00:00:00Z", "partial_outage")])
    assert objective(report).measured == "99.000%"  # 1440 min x 30% = 432 min


def test_impacts_not_named_do_not_count() -> None:
    c = availability("down when outage impact major_outage")
    report = run(
        c, [outage("d", "2026-09-10T00:00:00Z", "2026-09-11T00:00:00Z", "degraded_performance")]
    )
    assert objective(report).measured == "100.000%"


def test_minimum_run_is_tested_on_the_whole_run_before_the_split() -> None:
    c = availability("minimum run 5 minutes")
    # 2 minutes in September, 3 in October: one 5-minute run, so it counts in both months
    record = outage("o", "2026-09-30T23:58:00Z", "2026-10-01T00:03:00Z")
    assert objective(run(c, [record], "2026-09")).measured != "100.000%"
    short = outage("s", "2026-09-10T00:00:00Z", "2026-09-10T00:04:59Z")
    assert objective(run(c, [short])).measured == "100.000%"


def test_slices_with_partial_slices_counting_as_down() -> None:
    c = availability("slice 5 minutes\n        partial slices count as down")
    report = run(c, [outage("o", "2026-09-10T00:01:00Z", "2026-09-10T00:02:00Z")])
    assert "5 min down" in objective(report).explanation


def test_counts_conditions_with_minimum_volume() -> None:
    c = availability(
        "down when send.success_rate < 50%\n        slice 1 minute\n        minimum volume 10 requests"
    )

    def counts(id: str, minute: int, total: int, good: int) -> Counts:
        return Counts(
            id=id,
            service="api",
            operation="send",
            total=total,
            good=good,
            interval_start=f"2026-09-10T00:{minute:02d}:00Z",
            interval_end=f"2026-09-10T00:{minute + 1:02d}:00Z",
        )

    records = [counts("a", 0, 100, 10), counts("b", 1, 9, 0), counts("c", 2, 100, 50)]
    o = objective(run(c, records))
    assert "1 min down" in o.explanation  # b is below the volume, c is exactly 50% (not < 50%)
    assert o.evidence == ["a"]


def test_counts_straddling_a_slice_boundary_are_an_error() -> None:
    c = availability("down when send.success_rate < 50%\n        slice 1 minute")
    record = Counts(
        id="x",
        service="api",
        operation="send",
        total=10,
        good=0,
        interval_start="2026-09-10T00:00:30Z",
        interval_end="2026-09-10T00:01:30Z",
    )
    with pytest.raises(EvaluationError, match="straddles"):
        run(c, [record])


def test_all_of_is_an_intersection_and_quorum_counts_scopes() -> None:
    c = availability("down when at least 2 scopes (outage)")
    records = [
        outage("a", "2026-09-10T00:00:00Z", "2026-09-10T10:00:00Z", scope=["z1"]),
        outage("b", "2026-09-10T02:48:00Z", "2026-09-10T12:00:00Z", scope=["z2"]),
    ]
    assert objective(run(c, records)).measured == "99.000%"


def test_missing_data_counts_as_down() -> None:
    c = availability("missing data counts as down")
    gap = Gap(id="g", service="api", start="2026-09-10T00:00:00Z", end="2026-09-10T07:12:00Z")
    assert objective(run(c, [gap])).measured == "99.000%"


def test_missing_data_excluded_leaves_the_time_out_of_the_denominator() -> None:
    c = availability("missing data counts as excluded")
    gap = Gap(id="g", service="api", start="2026-09-01T00:00:00Z", end="2026-09-16T00:00:00Z")
    down = outage("o", "2026-09-20T00:00:00Z", "2026-09-20T03:36:00Z")
    assert objective(run(c, [gap, down])).measured == "99.000%"  # 216 of 21600 min


# ---- exclusions -------------------------------------------------------------------------------

MAINT = "exclude maintenance announced at least 48 hours ahead at most 2 hours per month"


def maintenance(id: str, start: str, end: str, announced: str) -> Outage:
    return outage(id, start, end, "maintenance", scheduled_maintenance=True, announced_at=announced)


def test_maintenance_announced_exactly_the_notice_ahead_is_excluded() -> None:
    c = availability(MAINT)
    m1 = maintenance("m1", "2026-09-10T00:00:00Z", "2026-09-10T01:00:00Z", "2026-09-08T00:00:00Z")
    report = run(c, [m1])
    assert objective(report).measured == "100.000%"
    assert [(x.id, x.clause) for x in report.inputs.excluded_records] == [("m1", MAINT)]
    assert report.inputs.excluded == 1 and report.inputs.used == 0


def test_maintenance_announced_too_late_counts_as_down() -> None:
    c = availability(MAINT)
    m1 = maintenance("m1", "2026-09-10T00:00:00Z", "2026-09-10T01:00:00Z", "2026-09-08T00:00:01Z")
    o = objective(run(c, [m1]))
    assert "60 min down" in o.explanation
    assert "m1 counts as down time" in o.explanation


def test_maintenance_over_the_monthly_maximum_counts_as_down() -> None:
    c = availability(MAINT)
    m1 = maintenance("m1", "2026-09-10T00:00:00Z", "2026-09-10T01:30:00Z", "2026-09-01T00:00:00Z")
    m2 = maintenance("m2", "2026-09-20T00:00:00Z", "2026-09-20T01:00:00Z", "2026-09-01T00:00:00Z")
    o = objective(run(c, [m1, m2]))
    assert "30 min down" in o.explanation
    assert "m2 counts as down time: 30 min over the maximum" in o.explanation


def test_cause_and_flag_exclusions() -> None:
    c = availability("exclude cause customer\n        exclude flagged")
    records = [
        outage("a", "2026-09-10T00:00:00Z", "2026-09-10T01:00:00Z", cause="customer"),
        outage("b", "2026-09-11T00:00:00Z", "2026-09-11T01:00:00Z", excluded_reason="beta"),
        outage("c", "2026-09-12T00:00:00Z", "2026-09-12T01:00:00Z", cause="provider"),
    ]
    report = run(c, records)
    assert "60 min down" in objective(report).explanation
    assert sorted(x.id for x in report.inputs.excluded_records) == ["a", "b"]


def test_formula_adds_excluded_minutes_back_once() -> None:
    c = availability("formula (period - down + excluded) / period\n        exclude cause customer")
    records = [
        outage("a", "2026-09-10T00:00:00Z", "2026-09-10T07:12:00Z"),
        outage("b", "2026-09-10T07:12:00Z", "2026-09-10T09:00:00Z", cause="customer"),
    ]
    assert objective(run(c, records)).measured == "99.000%"


# ---- success rate and latency -----------------------------------------------------------------


def rate_contract(extra: str) -> object:
    return contract(
        f"""
    objective success_rate ok "Delivery" {{
        service api
        {extra}
        target >= 99%
        credit of base_fee {{ < 99% -> 5%; apply most_severe }}
    }}"""
    )


def test_pooled_success_rate_removes_excluded_items_as_stated() -> None:
    c = rate_contract(
        "aggregate pooled\n        remove excluded from good and total\n"
        "        exclude cause customer"
    )
    record = Counts(
        id="c",
        service="api",
        total=1100,
        good=1089,
        excluded=[[100, "customer"]],
        interval_start="2026-09-10T00:00:00Z",
        interval_end="2026-09-10T00:05:00Z",
    )
    o = objective(run(c, [record]), "ok")
    assert o.measured == "98.900%"  # (1089 - 100) / (1100 - 100)
    assert o.credit_percent == "5%"


def test_excluded_items_leave_the_ratio_only_for_the_causes_the_objective_lists() -> None:
    """docs/language.md: `exclude cause` takes out the `excluded` items with those causes."""
    record = Counts(
        id="c",
        service="api",
        total=1100,
        good=1089,
        excluded=[[100, "customer"], [50, "carrier"]],
        interval_start="2026-09-10T00:00:00Z",
        interval_end="2026-09-10T00:05:00Z",
    )
    stated = "aggregate pooled\n        remove excluded from good and total"
    unlisted = objective(run(rate_contract(stated), [record]), "ok")
    assert unlisted.measured == "99.000%"  # 1089 / 1100: no cause is excluded
    listed = rate_contract(stated + "\n        exclude cause customer")
    assert objective(run(listed, [record]), "ok").measured == "98.900%"  # only customer's 100


def test_success_rate_below_the_minimum_volume_is_not_assessed() -> None:
    c = rate_contract("minimum volume 1000 messages")
    record = Counts(
        id="c",
        service="api",
        total=999,
        good=0,
        interval_start="2026-09-10T00:00:00Z",
        interval_end="2026-09-10T00:05:00Z",
    )
    o = objective(run(c, [record]), "ok")
    assert (o.measured, o.status, o.met) == (None, "not_assessed", False)


def latency_contract(method: str) -> object:
    return contract(
        f"""
    objective latency lat "Latency" {{
        service api
        percentile {method}
        target p95 <= 400 ms
        credit 100 EUR per breach
    }}"""
    )


def samples(*pairs: tuple[str, int]) -> list[Latency]:
    return [
        Latency(id=f"l{i}", service="api", timestamp="2026-09-10T00:00:00Z", latency_ms=v, count=n)
        for i, (v, n) in enumerate(pairs)
    ]


def test_latency_nearest_rank_weighted_by_count() -> None:
    c = latency_contract("nearest_rank")
    o = objective(run(c, samples(("400", 95), ("900", 5))), "lat")
    # no fee is known: nothing owed has no amount (a money credit owed has one)
    assert (o.measured, o.met, o.credit_amount) == ("400 ms", True, None)
    o = objective(run(c, samples(("400", 94), ("900", 6))), "lat")
    assert (o.measured, o.met, o.credit_amount) == ("900 ms", False, "100.00")


def test_latency_linear_interpolates() -> None:
    c = latency_contract("linear")
    o = objective(run(c, samples(("100", 1), ("500", 1))), "lat")
    assert o.measured == "480 ms"  # 100 + 0.95 x 400


# ---- credits, caps, combination ---------------------------------------------------------------


def test_caps_per_period_and_overall() -> None:
    c = contract(
        f"""
    objective availability up "Up" {{
        service api
        target >= 99.9%
        {TIERS}
        cap 20% of base_fee per period
    }}
    compensation {{ cap 15% of base_fee per period }}"""
    )
    report = run(c, [outage("o", "2026-09-10T00:00:00Z", "2026-09-13T00:00:00Z")], fee="1000 EUR")
    o = objective(report)
    assert (o.credit_percent, o.capped) == ("20%", True)
    assert (report.credits.total_percent, report.credits.total_amount) == ("15%", "150.00")
    assert report.credits.capped


def test_a_cap_across_periods_counts_earlier_periods() -> None:
    c = contract(
        f"""
    objective availability up "Up" {{
        service api
        target >= 99.9%
        {TIERS}
    }}
    compensation {{ cap 60% of base_fee per 12 months }}"""
    )
    records = [
        outage("a", "2026-08-10T00:00:00Z", "2026-08-13T00:00:00Z"),
        outage("b", "2026-09-10T00:00:00Z", "2026-09-13T00:00:00Z"),
    ]
    report = run(
        c, records, (D("2026-08-01T00:00:00+00:00"), D("2026-10-01T00:00:00+00:00")), fee="1000 EUR"
    )
    assert [p.credit_amount for p in report.credits.periods] == ["500.00", "100.00"]
    assert report.credits.total_amount == "600.00"


def test_combine_max_and_minimum_credit() -> None:
    c = contract(
        f"""
    objective availability up "Up" {{
        service api
        target >= 99.9%
        {TIERS}
    }}
    objective availability up2 "Up again" {{
        service api
        target >= 99.9%
        credit 1 EUR per breach
    }}
    compensation {{ combine max; minimum credit 150 EUR }}"""
    )
    report = run(c, [outage("o", "2026-09-10T00:00:00Z", "2026-09-10T07:12:00Z")], fee="1000 EUR")
    assert report.credits.total_amount == "0.00"  # max is 100 EUR, below the minimum
    assert report.credits.claim is not None and report.credits.claim.status == "below_minimum"


def test_fee_records_less_vouchers_when_the_base_excludes_them() -> None:
    head = HEAD_VOUCHERS
    c = contract(
        f'objective availability up "Up" {{ service api; target >= 99.9%; {TIERS} }}', head
    )
    fee = Fee(id="f", period="2026-09", amount="1000.00 EUR", voucher_paid="200.00 EUR")
    report = run(c, [fee, outage("o", "2026-09-10T00:00:00Z", "2026-09-10T07:12:00Z")])
    assert objective(report).credit_amount == "80.00"


HEAD_VOUCHERS = """contract "Test" {
    timezone "UTC"
    currency EUR
    fee base_fee excluding vouchers
    period calendar month
    service api
"""


# ---- claims ---------------------------------------------------------------------------------

CLAIMS = f"""
    objective availability up "Up" {{ service api; target >= 99.9%; {TIERS} }}
    compensation {{ claim from 2 days after period end to 30 days after period end via "portal" }}"""


@pytest.mark.parametrize(
    ("filed", "channel", "status"),
    [
        ("2026-10-02T23:59:59Z", "portal", "premature"),
        ("2026-10-03T00:00:00Z", "portal", "claimable"),
        ("2026-10-30T23:59:59Z", "Portal", "claimable"),
        ("2026-10-31T00:00:00Z", "portal", "expired"),
        ("2026-10-10T00:00:00Z", "email", "wrong_channel"),
    ],
)
def test_claim_window_is_half_open(filed: str, channel: str, status: str) -> None:
    claim = Claim(id="c", period="2026-09", filed_at=filed, channel=channel)
    report = run(
        contract(CLAIMS), [claim, outage("o", "2026-09-10T00:00:00Z", "2026-09-10T07:12:00Z")]
    )
    assert report.credits.claim is not None and report.credits.claim.status == status


def test_no_claim_filed() -> None:
    report = run(contract(CLAIMS), [])
    assert report.credits.claim is not None and report.credits.claim.status == "none"


# ---- accounting and determinism ---------------------------------------------------------------


def test_every_record_is_accounted_for() -> None:
    c = availability("exclude cause customer")
    records = [
        outage("in", "2026-09-10T00:00:00Z", "2026-09-10T01:00:00Z"),
        outage("out", "2026-08-10T00:00:00Z", "2026-08-10T01:00:00Z"),
        outage("x", "2026-09-11T00:00:00Z", "2026-09-11T01:00:00Z", cause="customer"),
        Fee(id="f-aug", period="2026-08", amount="1 EUR"),
    ]
    i = run(c, records).inputs
    assert (i.read, i.used, i.outside_period, i.excluded, i.rejected) == (4, 1, 2, 1, 0)
    assert i.read == i.used + i.outside_period + i.excluded + i.rejected + i.duplicates


def test_same_inputs_give_a_byte_identical_report() -> None:
    c = availability(credit=TIERS)
    records = [outage("o", "2026-09-10T00:00:00Z", "2026-09-10T07:12:00Z")]
    first = evaluate(c, records, period="2026-09", fee=Decimal("20000")).to_json()
    second = evaluate(c, list(reversed(records)), period="2026-09", fee=Decimal("20000")).to_json()
    assert first == second


def test_unknown_period_label_is_an_evaluation_error() -> None:
    with pytest.raises(EvaluationError):
        run(availability(), [], "2026-13")


def test_a_latency_bound_in_down_when_is_judged_per_slice() -> None:
    c = availability(
        "down when latency p99 > 500 ms\n        slice 1 minute\n        minimum volume 2 requests"
    )

    def sample(id: str, at: str, ms: int, count: int = 1) -> Latency:
        return Latency(id=id, service="api", timestamp=at, latency_ms=ms, count=count)

    records = [
        sample("a", "2026-09-10T00:00:10Z", 100, 98),
        sample("b", "2026-09-10T00:00:20Z", 900, 2),  # p99 of minute 0 is 900 ms: down
        sample("c", "2026-09-10T00:01:10Z", 900, 1),  # one sample: below the volume, no data
        sample("d", "2026-09-10T00:02:10Z", 500, 5),  # exactly 500 ms: not above the bound
    ]
    assert "1 min down" in objective(run(c, records)).explanation


def test_an_objective_evaluated_per_scope_reports_each_scope() -> None:
    c = availability("evaluated per scope", TIERS)
    records = [
        outage("a", "2026-09-10T00:00:00Z", "2026-09-10T07:12:00Z", scope=["eu"]),
        outage("b", "2026-09-11T00:00:00Z", "2026-09-11T00:10:00Z", scope=["us"]),
    ]
    report = run(c, records, fee="1000 EUR")
    rows = [(o.scope, o.measured, o.credit_amount) for o in report.objectives]
    assert rows == [("eu", "99.000%", "100.00"), ("us", "99.976851851852%", "0.00")]
    assert report.credits.total_amount == "100.00"


ROOT = Path(__file__).resolve().parents[1]
ACME = ROOT / "contracts" / "acme-chat-enterprise.sla"
BROKEN = ROOT / "tests" / "data" / "records" / "broken.jsonl"  # also has an ongoing outage
MONTH = ROOT / "examples" / "acme-2026-10.jsonl"


def test_the_readers_result_brings_its_rejected_records_into_the_report() -> None:
    acme = load(ACME).contract
    assert acme is not None
    result = read_records(BROKEN, contract=acme)
    report = evaluate(
        acme, result, period="2026-10", as_of=datetime.fromisoformat("2026-11-01T00:00:00+08:00")
    )
    assert report.inputs.rejected == result.counts.rejected == 13
    assert len(report.inputs.rejected_records) == len(result.diagnostics) == 17  # some have two
    assert report.inputs.read == len(result.records) + 13 + result.counts.duplicates


def test_a_stream_is_read_to_its_end_when_the_evaluation_fails() -> None:
    acme = load(ACME).contract
    assert acme is not None
    stream = iter_records(BROKEN, contract=acme)
    with pytest.raises(EvaluationError, match="no end"):
        evaluate(acme, stream, period="2026-10")  # the ongoing outage needs --as-of
    assert stream.counts.rejected == 13


def test_progress_sees_every_record_and_changes_nothing() -> None:
    acme = load(ACME).contract
    assert acme is not None
    seen: list[str] = []

    def progress(records: Iterator[AnyRecord]) -> Iterator[AnyRecord]:
        for record in records:
            seen.append(record.id)
            yield record

    stream = iter_records(MONTH, contract=acme)
    watched = evaluate(acme, stream, period="2026-10", progress=progress)
    plain = evaluate(acme, iter_records(MONTH, contract=acme), period="2026-10")
    assert watched.to_json() == plain.to_json()
    assert len(seen) == stream.counts.read - stream.counts.duplicates


def _send_counts(id: str, operation: str | None, good: int) -> Counts:
    return Counts(
        id=id,
        service="api",
        operation=operation,
        total=100,
        good=good,
        interval_start="2026-09-10T00:00:00Z",
        interval_end="2026-09-10T00:01:00Z",
    )


def test_operation_clause_names_the_records_a_ratio_reads() -> None:
    records = [_send_counts("a", "send", 90), _send_counts("b", "recall", 50)]
    records.append(_send_counts("c", None, 0))
    implicit = contract("objective success_rate send {\n service api\n target >= 99%\n}")
    assert objective(run(implicit, records), "send").measured == "45.000%"  # a and c
    explicit = contract(
        "objective success_rate delivery {\n service api\n operation send, recall\n"
        " target >= 99%\n}"
    )
    assert objective(run(explicit, records), "delivery").measured == "70.000%"  # a and b


def test_operation_clause_filters_latency_samples() -> None:
    c = contract(
        "objective latency fast {\n service api\n operation send\n target p50 <= 100 ms\n}"
    )
    samples = [
        Latency(
            id="s",
            service="api",
            operation="send",
            timestamp="2026-09-10T00:00:00Z",
            latency_ms="50",
        ),
        Latency(
            id="r",
            service="api",
            operation="recall",
            timestamp="2026-09-10T00:00:00Z",
            latency_ms="900",
            count=5,
        ),
    ]
    assert objective(run(c, samples), "fast").measured == "50 ms"
