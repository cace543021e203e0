"""Start-up time of the `slalang` command: the median wall time of N fresh processes.

    python bench/bench_startup.py [--runs 21] [--contract contracts/acme-chat-enterprise.sla]

Runs `slalang --version`, `slalang --help` and `slalang lint CONTRACT` (the console script of the
interpreter running this file, so the venv's) and prints the median and the fastest run of each,
in milliseconds. `python -X importtime -m slalang.cli --version` shows where import time goes.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = Path(sys.executable).with_name("slalang")


def wall_times(command: list[str], runs: int) -> list[float]:
    """Milliseconds of each of `runs` runs of `command` (its exit code is not checked)."""
    out = []
    for _ in range(runs):
        began = time.perf_counter()
        subprocess.run(command, capture_output=True, check=False, cwd=ROOT)
        out.append((time.perf_counter() - began) * 1000)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--contract", default="contracts/acme-chat-enterprise.sla")
    args = parser.parse_args()
    commands = {
        "--version": [str(SCRIPT), "--version"],
        "--help": [str(SCRIPT), "--help"],
        "lint one contract": [str(SCRIPT), "lint", args.contract],
        "python -c pass (floor)": [sys.executable, "-c", "pass"],
    }
    print(f"{'command':<24} {'median ms':>10} {'best ms':>8}")
    for name, command in commands.items():
        times = wall_times(command, args.runs)
        print(f"{name:<24} {statistics.median(times):>10.0f} {min(times):>8.0f}", flush=True)


if __name__ == "__main__":
    main()
