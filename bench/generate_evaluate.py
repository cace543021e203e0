"""Large seeded inputs for bench/bench_evaluate.py, written as JSON Lines for the Acme contract.

    python bench/generate_evaluate.py DIRECTORY [--scale 1.0]

- outages.jsonl: 1,000,000 outages of `im` and `rtc` in October 2026 (random starts, 1 to 120
  minutes, major or partial, many overlapping; 1% announced maintenance, 1% customer-caused);
- latency.jsonl: 10,000,000 RTC latency samples (whole milliseconds, count 1);
- tickets.jsonl: 100,000 support tickets of both severities, some paused, automated or escalated.

`--scale` shrinks every file by the same factor (0.01 for a quick run).
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import orjson

START = datetime(2026, 9, 30, 16, 0, tzinfo=UTC)  # 2026-10-01T00:00+08:00
SECONDS = 31 * 86400
SIZES = {"outages": 1_000_000, "latency": 10_000_000, "tickets": 100_000}


def stamp(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def outages(rng: random.Random, count: int) -> Iterator[dict[str, object]]:
    for i in range(count):
        start = START + timedelta(seconds=rng.randrange(SECONDS))
        record: dict[str, object] = {
            "kind": "outage",
            "id": f"o{i}",
            "service": "im" if i % 4 else "rtc",
            "start": stamp(start),
            "end": stamp(start + timedelta(seconds=rng.randrange(60, 7200))),
            "impact": "major_outage" if i % 3 else "partial_outage",
        }
        if i % 100 == 1:
            record |= {
                "impact": "maintenance",
                "scheduled_maintenance": True,
                "announced_at": stamp(start - timedelta(hours=72)),
            }
        elif i % 100 == 2:
            record["cause"] = "customer"
        yield record


def latency(rng: random.Random, count: int) -> Iterator[dict[str, object]]:
    step = SECONDS / count
    for i in range(count):
        yield {
            "kind": "latency",
            "id": f"l{i}",
            "service": "rtc",
            "timestamp": stamp(START + timedelta(seconds=int(i * step))),
            "latency_ms": int(rng.lognormvariate(5.3, 0.4)),
        }


def tickets(rng: random.Random, count: int) -> Iterator[dict[str, object]]:
    for i in range(count):
        opened = START + timedelta(seconds=rng.randrange(SECONDS - 86400))
        severity = "urgent" if i % 5 == 0 else "normal"
        record: dict[str, object] = {
            "kind": "ticket",
            "id": f"T{i}",
            "severity": severity,
            "opened": stamp(opened),
            "first_response": stamp(opened + timedelta(minutes=rng.randrange(1, 400))),
            "resolved": stamp(opened + timedelta(hours=rng.randrange(1, 60))),
        }
        if i % 10 == 1:
            record["first_response_automated"] = True
        if i % 10 == 2:
            pause = opened + timedelta(minutes=30)
            record["pauses"] = [[stamp(pause), stamp(pause + timedelta(hours=5))]]
        if i % 10 == 3 and severity == "normal":
            record["severity_history"] = [
                [stamp(opened), "normal"],
                [stamp(opened + timedelta(minutes=10)), "urgent"],
            ]
        yield record


KINDS: dict[str, Callable[[random.Random, int], Iterator[dict[str, object]]]] = {
    "outages": outages,
    "latency": latency,
    "tickets": tickets,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    args.directory.mkdir(parents=True, exist_ok=True)
    for name, make in KINDS.items():
        rng = random.Random(name)
        count = max(1, int(SIZES[name] * args.scale))
        path = args.directory / f"{name}.jsonl"
        with path.open("wb") as out:
            for record in make(rng, count):
                out.write(orjson.dumps(record) + b"\n")
        print(f"{path}: {count:,} records")


if __name__ == "__main__":
    main()
