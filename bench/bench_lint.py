"""Lint speed next to parse speed, on a generated corpus.

    python bench/bench_lint.py                 # 1,000 generated contracts
    python bench/bench_lint.py --count 200 --write /tmp/corpus   # also write them as files

Parse = `slalang.loads` (decode, parse, lower, validate). Lint = running every rule and the
suppression pass on the parse results (`slalang.lint.run`). Both after a warm-up; best of 3.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.lint_corpus import lint_corpus
from slalang.lint import make_settings, run
from slalang.loader import loads

T = TypeVar("T")


def _best(repeat: int, work: Callable[[], T]) -> tuple[float, T]:
    """The fastest of `repeat` runs, and the last run's value."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        value = work()
        times.append(time.perf_counter() - start)
    return min(times), value


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__)
    options.add_argument("--count", type=int, default=1000)
    options.add_argument("--repeat", type=int, default=3)
    options.add_argument("--write", type=Path, help="also write the corpus to this directory")
    args = options.parse_args()

    texts = lint_corpus(args.count)
    if args.write:
        args.write.mkdir(parents=True, exist_ok=True)
        for i, text in enumerate(texts):
            (args.write / f"c{i:04}.sla").write_text(text, encoding="utf-8")
    lines = sum(t.count("\n") for t in texts)
    settings = make_settings()
    loads(texts[0])

    parse_s, results = _best(args.repeat, lambda: [loads(t) for t in texts])
    assert all(r.contract is not None for r in results)
    lint_s, reports = _best(args.repeat, lambda: [run(r, settings) for r in results])
    codes = Counter(d.code for report in reports for d in report.diagnostics)

    print(f"corpus: {len(texts)} contracts, {lines:,} lines; {len(settings.rules)} rules")
    print(f"parse alone:  {parse_s:6.2f} s  {lines / parse_s:>9,.0f} lines/s")
    print(f"lint alone:   {lint_s:6.2f} s  {lines / lint_s:>9,.0f} lines/s")
    total = parse_s + lint_s
    print(f"parse + lint: {total:6.2f} s  {lines / total:>9,.0f} lines/s")
    print(f"lint / parse: {lint_s / parse_s:.2f}")
    print("findings:", ", ".join(f"{code} {n}" for code, n in sorted(codes.items())))


if __name__ == "__main__":
    main()
