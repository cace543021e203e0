"""Per-scope evaluation at fixed records: the time must not grow with the number of scopes.

    python bench/bench_scopes.py [--records 100000] [--scopes 1,100,10000] [--full] [--quorum] [--rates]

Seeded outages of one service in October 2026 (random starts, 1 to 120 minutes, overlapping;
1% customer-caused, 1% flagged), each in one scope of `--scopes` (`c0` ... `cN`), evaluated against
an `evaluated per scope` objective (1-minute slices, partial slices as down, two exclusion
clauses, a fee per period) and, separately, a region objective whose down time is
`at least 2 scopes (outage impact major_outage)` (`--quorum`). `--rates` also times a per-scope
success rate and a per-scope latency objective on as many 1-minute counts and latency samples.
The records are built in memory, once per size, so that the figure is the evaluation alone (`slalang.evaluate`: collect, compute, assemble the report; not the
reader, which is linear and measured by bench_records.py). `--full` adds 100,000 scopes.

`--write DIR` writes the per-scope contract and the records of the last size of the sweep
(`scopes.sla`, `outages.jsonl`) instead, to time the whole command:
`slalang evaluate DIR/scopes.sla DIR/outages.jsonl --period 2026-10 --format json`.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

from slalang import evaluate, loads
from slalang.records.model import Counts, Fee, Latency, Outage

START = datetime(2026, 9, 30, 16, 0, tzinfo=UTC)  # 2026-10-01T00:00+08:00
SECONDS = 31 * 86400

CONTRACT = """
contract "Per-scope bench" version "1" {
    provider "P"
    customer "C"
    timezone "Asia/Shanghai"
    currency USD
    fee fee "The fee"
    period calendar month
    service api "API"
    %s
}
"""

PER_SCOPE = """
    objective availability tenant "Per tenant" {
        service api
        evaluated per scope
        down when outage impact (major_outage, partial_outage)
        slice 1 minute
        partial slices count as down
        target >= 99.9%
        exclude cause customer
        exclude flagged
        credit of fee {
            [99.0%, 99.9%) -> 10%
            [0%, 99.0%) -> 25%
        }
    }
"""

QUORUM = """
    objective availability region "Region" {
        service api
        down when at least 2 scopes (outage impact major_outage)
        slice exact
        target >= 99.9%
        exclude cause customer
        credit of fee {
            [0%, 99.9%) -> 10%
        }
    }
"""


RATES = """
    objective success_rate ok "OK" {
        service api
        evaluated per scope
        target >= 99%
        exclude cause customer
    }
    objective latency fast "Fast" {
        service api
        evaluated per scope
        target p95 <= 300 ms
    }
"""


def rates(count: int, scopes: int) -> list[Counts | Latency]:
    """`count` seeded 1-minute counts and as many latency samples, spread over `scopes` scopes."""
    rng = random.Random(12)
    out: list[Counts | Latency] = []
    for i in range(count):
        start = START + timedelta(minutes=rng.randrange(SECONDS // 60))
        scope = (f"c{rng.randrange(scopes)}",)
        end = start + timedelta(minutes=1)
        good = rng.randrange(95, 101)
        out.append(
            Counts(
                id=f"c{i}",
                service="api",
                interval_start=start,
                interval_end=end,
                total=100,
                good=good,
                scope=scope,
            )
        )
        value = rng.randrange(50, 500)
        out.append(
            Latency(id=f"l{i}", service="api", timestamp=start, latency_ms=value, scope=scope)
        )
    return out


def outages(count: int, scopes: int) -> list[Outage]:
    """`count` seeded outages, spread over `scopes` scopes."""
    rng = random.Random(11)
    out = []
    for i in range(count):
        start = START + timedelta(seconds=rng.randrange(SECONDS))
        out.append(
            Outage(
                id=f"o{i}",
                service="api",
                start=start,
                end=start + timedelta(seconds=rng.randrange(60, 7200)),
                impact="major_outage" if i % 3 else "partial_outage",
                scope=(f"c{rng.randrange(scopes)}",),
                cause="customer" if i % 100 == 2 else None,
                excluded_reason="flagged" if i % 100 == 3 else None,
            )
        )
    return out


def fee() -> Fee:
    return Fee.model_validate({"id": "f1", "period": "2026-10", "amount": "1000.00 USD"})


def run(objective: str, records: Sequence[Outage | Fee | Counts | Latency]) -> tuple[float, int]:
    """Seconds to evaluate October 2026, and the number of objective lines in the report."""
    result = loads(CONTRACT % objective)
    assert result.contract is not None, result.diagnostics
    began = time.perf_counter()
    report = evaluate(result.contract, records, period="2026-10")
    return time.perf_counter() - began, len(report.objectives)


def write(directory: Path, records: list[Outage | Fee]) -> None:
    """The per-scope contract and `records` as files for `slalang evaluate`."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "scopes.sla").write_text(CONTRACT % PER_SCOPE)
    with (directory / "outages.jsonl").open("w") as out:
        for record in records:
            fields = record.model_dump(mode="json", exclude_defaults=True, exclude_none=True)
            out.write(json.dumps({"kind": record.kind, **fields}) + "\n")
    print(f"{directory}: scopes.sla, outages.jsonl ({len(records):,} records)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--scopes", default="1,100,10000")
    parser.add_argument("--full", action="store_true", help="add 100,000 scopes")
    parser.add_argument("--quorum", action="store_true", help="also time the quorum objective")
    parser.add_argument("--rates", action="store_true", help="also time success rate, latency")
    parser.add_argument("--write", type=Path, help="write the inputs of the last size here")
    args = parser.parse_args()
    sweep = [int(s) for s in args.scopes.split(",")] + ([100_000] if args.full else [])
    if args.write:
        write(args.write, [*outages(args.records, sweep[-1]), fee()])
        return
    print(f"{args.records:,} outages")
    print("| scopes | per scope | lines | quorum | rates |")
    print("|---|---|---|---|---|")
    for scopes in sweep:
        records: list[Outage | Fee] = [*outages(args.records, scopes), fee()]
        seconds, lines = run(PER_SCOPE, records)
        quorum = f"{run(QUORUM, records)[0]:.2f} s" if args.quorum else ""
        rated = ""
        if args.rates:
            rated = f"{run(RATES, [*rates(args.records, scopes), fee()])[0]:.2f} s"
        print(f"| {scopes:,} | {seconds:.2f} s | {lines:,} | {quorum} | {rated} |", flush=True)


if __name__ == "__main__":
    main()
