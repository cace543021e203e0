"""Evaluation speed and memory against the parse-only floor.

    python bench/generate_evaluate.py /tmp/slalang-bench          # once: about 1.2 GB
    python bench/bench_evaluate.py /tmp/slalang-bench [--runs 1]

For each input (1,000,000 outages; 10,000,000 latency samples; 100,000 tickets) it runs, each in
a fresh process: the parse-only floor (orjson.loads of every line, the fastest JSON parser
available), the records reader alone (`slalang.iter_records` with the contract: decode, validate,
duplicate ids, references) and the whole evaluation as `slalang evaluate` does it (read, evaluate
October 2026, render the JSON report). It prints wall time and peak resident memory (VmHWM) of
each, and the ratio of the evaluation to the floor.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONTRACT = ROOT / "contracts" / "acme-chat-enterprise.sla"
INPUTS = ("outages", "latency", "tickets")

FLOOR = """
import re, sys, time, orjson
began = time.perf_counter()
count = 0
with open(sys.argv[1], "rb") as handle:
    for line in handle:
        orjson.loads(line)
        count += 1
elapsed = time.perf_counter() - began
peak = int(re.search(r"VmHWM:\\s+(\\d+)", open("/proc/self/status").read()).group(1)) // 1024
print(elapsed, peak, count)
"""

READ = """
import re, sys, time
began = time.perf_counter()
import slalang
contract = slalang.load(sys.argv[2]).contract
stream = slalang.iter_records(sys.argv[1], contract=contract)
count = sum(1 for _ in stream)
elapsed = time.perf_counter() - began
peak = int(re.search(r"VmHWM:\\s+(\\d+)", open("/proc/self/status").read()).group(1)) // 1024
print(elapsed, peak, stream.counts.read)
"""

EVALUATE = """
import re, sys, time
began = time.perf_counter()
import slalang
contract = slalang.load(sys.argv[2]).contract
stream = slalang.iter_records(sys.argv[1], contract=contract)
report = slalang.evaluate(contract, stream, period="2026-10")
text = report.to_json()
elapsed = time.perf_counter() - began
assert not stream.diagnostics, stream.diagnostics[:3]
peak = int(re.search(r"VmHWM:\\s+(\\d+)", open("/proc/self/status").read()).group(1)) // 1024
print(elapsed, peak, report.inputs.read)
"""


def measure(script: str, *args: str) -> tuple[float, int, int]:
    out = subprocess.run(
        [sys.executable, "-c", script, *args], check=True, capture_output=True, text=True
    ).stdout.split()
    return float(out[0]), int(out[1]), int(out[2])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--runs", type=int, default=1, help="best of N runs")
    parser.add_argument("--only", choices=INPUTS, action="append", help="measure these inputs")
    args = parser.parse_args()
    print(
        f"{'input':<10} {'records':>12} {'floor s':>8} {'floor MB':>9} {'read s':>8} "
        f"{'read MB':>8} {'eval s':>8} {'eval MB':>8} {'ratio':>6}"
    )
    for name in args.only or INPUTS:
        path = str(args.directory / f"{name}.jsonl")
        floor = min((measure(FLOOR, path) for _ in range(args.runs)), key=lambda m: m[0])
        read = min(
            (measure(READ, path, str(CONTRACT)) for _ in range(args.runs)), key=lambda m: m[0]
        )
        full = min(
            (measure(EVALUATE, path, str(CONTRACT)) for _ in range(args.runs)), key=lambda m: m[0]
        )
        assert floor[2] == read[2] == full[2], (floor, read, full)
        print(
            f"{name:<10} {floor[2]:>12,} {floor[0]:>8.1f} {floor[1]:>9} {read[0]:>8.1f} "
            f"{read[1]:>8} {full[0]:>8.1f} {full[1]:>8} {full[0] / floor[0]:>6.1f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
