"""Diagnostics latency of `slalang lsp` after an edit, on a 500-line contract, over stdio.

    python bench/bench_lsp.py                  # 30 edits, the server's default debounce
    python bench/bench_lsp.py --debounce-ms 0  # the analysis alone

An edit changes a target in the middle of the file, after a pause (`--pause-ms`, as when a
person types a word and looks); the time is from sending the change to receiving the
diagnostics of that version, the debounce included. Median and slowest. With `--pause-ms 0`
the edits come back to back and each waits for the end of its debounce window.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from slalang.lsp.server import DEBOUNCE_SECONDS
from tests.lsp_client import Editor

OBJECTIVE = """
    objective availability avail_{n} "Availability {n}" {{
        service im
        slice 1 minute
        partial slices count as down
        minimum run 5 minutes
        missing data counts as up
        target >= 99.{d}%
        exclude maintenance announced at least 48 hours ahead at most 8 hours per month
        credit of monthly_fee {{
            [99.0%, 99.{d}%) -> 10%
            [95.0%, 99.0%) -> 25%
            [0%, 95.0%) -> 50%
        }}
    }}
"""
HEADER = """contract "Bench" version "1" {
    provider "Acme"
    customer "Example"
    timezone "Europe/Berlin"
    currency EUR
    fee monthly_fee "Monthly fee"
    period calendar month
    service im "Messaging"
    compensation {
        combine max
        cap 100% of monthly_fee per period
        rounding half_even 0.01
        form invoice_credit
        claim from period end to 30 days after period end
    }
"""


def contract(lines: int, edit: int = 0) -> str:
    """A valid contract of at least `lines` lines; `edit` changes one target near the middle."""
    parts, n = [HEADER], 1
    while sum(p.count("\n") for p in parts) < lines - 1:
        parts.append(OBJECTIVE.format(n=n, d=n % 9 + 1))
        n += 1
    middle = parts[len(parts) // 2]
    parts[len(parts) // 2] = re.sub(r"target >= [\d.]+%", f"target >= 99.{edit % 9 + 1}%", middle)
    return "".join(parts) + "}\n"


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    options.add_argument("--edits", type=int, default=30)
    options.add_argument("--lines", type=int, default=500)
    options.add_argument("--debounce-ms", type=float, default=DEBOUNCE_SECONDS * 1000)
    options.add_argument("--pause-ms", type=float, default=300)
    args = options.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        editor = Editor(root, {"debounceMs": args.debounce_ms})
        uri = (root / "bench.sla").as_uri()
        text = contract(args.lines)
        editor.open(uri, text)
        editor.diagnostics(uri)
        times = []
        for edit in range(1, args.edits + 1):
            time.sleep(args.pause_ms / 1000)
            start = time.perf_counter()
            editor.change(uri, contract(args.lines, edit))
            editor.diagnostics(uri)
            times.append((time.perf_counter() - start) * 1000)
        editor.close()
    lines = text.count("\n")
    print(
        f"{lines} lines, {args.edits} edits {args.pause_ms:.0f} ms apart, "
        f"debounce {args.debounce_ms:.0f} ms: "
        f"median {statistics.median(times):.0f} ms, slowest {max(times):.0f} ms"
    )


if __name__ == "__main__":
    main()
