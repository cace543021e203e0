"""Record reading speed: validated records per second from JSON Lines and CSV.

    python bench/bench_records.py [--records 1000000]

Writes seeded inputs to a temporary directory: N outage lines (JSONL), N latency samples with
fractional milliseconds (JSONL) and N/10 outage rows (CSV). For each it times a plain
`json.loads` of every line (the parse-only floor, standard library) and `slalang.iter_records`
(decode, validate, duplicate check, exact decimals), best of 3 in CPU time of the process (steadier
than wall time on a machine shared with other jobs), and the peak resident memory of a
separate process that streams the outage file (VmHWM, which a new program starts afresh).
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import slalang

START = datetime(2026, 10, 1, tzinfo=UTC)
PEAK = """
import re, sys, slalang
stream = slalang.iter_records(sys.argv[1])
count = sum(1 for _ in stream)
assert count == stream.counts.read
status = open("/proc/self/status").read()
print(int(re.search(r"VmHWM:\\s+(\\d+)", status).group(1)) // 1024)
"""


def stamp(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def outages(rng: random.Random, count: int) -> list[dict[str, object]]:
    out = []
    for i in range(count):
        start = START + timedelta(seconds=rng.randrange(30 * 86400))
        out.append(
            {
                "kind": "outage",
                "id": f"o{i}",
                "service": rng.choice(["im", "rtc", "push"]),
                "start": stamp(start),
                "end": stamp(start + timedelta(seconds=rng.randrange(60, 7200))),
                "impact": rng.choice(["major_outage", "partial_outage"]),
                "scope": [rng.choice(["eu", "us", "cn"])],
            }
        )
    return out


def latencies(rng: random.Random, count: int) -> list[dict[str, object]]:
    return [
        {
            "kind": "latency",
            "id": f"l{i}",
            "service": "rtc",
            "timestamp": stamp(START + timedelta(seconds=i)),
            "latency_ms": rng.randrange(1, 500_000) / 1000,
            "count": rng.randrange(1, 50),
        }
        for i in range(count)
    ]


def best_of_3(run: Callable[[], int]) -> tuple[float, int]:
    times, count = [], 0
    for _ in range(3):
        began = time.process_time()
        count = run()
        times.append(time.process_time() - began)
    return min(times), count


def floor(path: Path) -> int:
    with open(path, "rb") as handle:
        return sum(1 for line in handle if json.loads(line))


def validated(path: Path) -> int:
    stream = slalang.iter_records(path)
    count = sum(1 for _ in stream)
    assert stream.counts.rejected == 0, stream.diagnostics[:3]
    return count


def report(name: str, path: Path, with_floor: bool) -> None:
    seconds, count = best_of_3(lambda: validated(path))
    line = f"{name}: {count:,} records in {seconds:.2f} s = {count / seconds:,.0f} records/s"
    if with_floor:
        parse, _ = best_of_3(lambda: floor(path))
        line += f"; json.loads alone {parse:.2f} s ({seconds / parse:.1f}x)"
    print(line, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1_000_000)
    count = parser.parse_args().records
    rng = random.Random(20261001)
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        outage_path, latency_path = base / "outages.jsonl", base / "latency.jsonl"
        outage_rows = outages(rng, count)
        outage_path.write_text("".join(json.dumps(r) + "\n" for r in outage_rows))
        latency_path.write_text("".join(json.dumps(r) + "\n" for r in latencies(rng, count)))
        csv_path = base / "outages.csv"
        csv_lines = (
            ["id,service,start,end,impact,scope"]
            + [
                f"{r['id']},{r['service']},{r['start']},{r['end']},{r['impact']},{r['scope'][0]}"  # type: ignore[index]
                for r in outage_rows[: count // 10]
            ]
        )
        csv_path.write_text("\n".join(csv_lines) + "\n")
        size = outage_path.stat().st_size / 2**20
        print(f"outage file: {size:.0f} MiB", flush=True)
        report("outages.jsonl", outage_path, with_floor=True)
        report("latency.jsonl", latency_path, with_floor=True)
        report("outages.csv", csv_path, with_floor=False)
        peak = subprocess.run(
            [sys.executable, "-c", PEAK, str(outage_path)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
        print(f"peak RSS streaming outages.jsonl: {peak} MiB")


if __name__ == "__main__":
    main()
