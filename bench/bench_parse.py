"""Parse speed: contracts per second and lines per second.

    python bench/bench_parse.py            # 500-line contract, and the contracts/ corpus

Measures `slalang.loads` (decode, parse, lower, validate: everything but lint) after one warm-up
call, so the one-off parser construction is reported separately.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.corpus import contract_of_lines
from slalang import loads
from slalang.syntax.parser import parser


def _time(text: str, repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = loads(text)
        samples.append(time.perf_counter() - start)
        assert result.contract is not None, result.diagnostics
    return statistics.median(samples)


def main() -> None:
    start = time.perf_counter()
    parser()
    print(f"parser construction (once per process): {time.perf_counter() - start:.3f} s")

    text = contract_of_lines(500)
    lines = text.count("\n")
    seconds = _time(text, 20)
    print(
        f"{lines}-line contract: {seconds * 1000:.1f} ms median of 20; {lines / seconds:,.0f} lines/s"
    )

    corpus = [p.read_text() for p in sorted(Path("contracts").rglob("*.sla"))]
    total_lines = sum(t.count("\n") for t in corpus)
    start = time.perf_counter()
    rounds = 10
    for _ in range(rounds):
        for t in corpus:
            loads(t)
    elapsed = time.perf_counter() - start
    count = rounds * len(corpus)
    print(
        f"contracts/ corpus ({len(corpus)} files, {total_lines} lines) x{rounds}: "
        f"{count / elapsed:,.1f} contracts/s, {rounds * total_lines / elapsed:,.0f} lines/s"
    )


if __name__ == "__main__":
    main()
