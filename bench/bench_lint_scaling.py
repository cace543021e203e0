"""How lint time grows with contract size: tiers in one credit table, objectives in one contract.

    python bench/bench_lint_scaling.py                       # 10, 100, 1,000, 2,000 of each
    python bench/bench_lint_scaling.py --sizes 10 100 300    # other sizes

The tier table is the worst case for the credit rules: every row `< x% -> y%` overlaps every
other row, shrinks the credit as service worsens, and leaves nothing between the rows and the
target. Each objective lacks a minimum volume. Lint = the rules
and the suppression pass on an already parsed contract (`slalang.lint.run`), best of 3. The
growth ratio is (time ratio) / (size ratio) between consecutive sizes: about 1 when lint is
linear, about the size ratio when it is quadratic.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from slalang.lint import make_settings, run
from slalang.loader import ParseResult, loads

HEADER = 'contract "Scaling" {\n    timezone "UTC"\n    period calendar month\n'


def tiers(n: int) -> str:
    """One objective whose credit table has `n` rows that all overlap."""
    rows = "".join(
        f"            < {99.9 - i * 0.01:.2f}% -> {max(1, 50 - i % 50)}%\n" for i in range(n)
    )
    return (
        f"{HEADER}    objective availability up {{\n        slice exact\n"
        f"        target >= 99.9%\n        credit {{\n{rows}        }}\n    }}\n}}\n"
    )


def objectives(n: int) -> str:
    """`n` one-line objectives, each with a finding (no minimum volume)."""
    body = "".join(
        f"    objective success_rate o{i} {{ slice 1 minute; target >= 99.{i % 10}% }}\n"
        for i in range(n)
    )
    return f"{HEADER}{body}}}\n"


def _lint(result: ParseResult, repeat: int) -> tuple[float, int, int]:
    """Best time of `repeat` runs, the number of diagnostics and the bytes they print."""
    settings = make_settings()
    best, shown = float("inf"), []
    for _ in range(repeat):
        start = time.perf_counter()
        shown = run(result, settings).diagnostics
        best = min(best, time.perf_counter() - start)
    size = sum(len(d.message) + sum(len(r.message) for r in d.related) for d in shown)
    return best, len(shown), size


def sweep(name: str, make: Callable[[int], str], sizes: list[int], repeat: int) -> None:
    print(f"{name}:")
    print(f"  {'size':>6} {'bytes':>9} {'lint s':>8} {'findings':>8} {'text':>9}  growth")
    previous: tuple[int, float] | None = None
    for n in sizes:
        text = make(n)
        result = loads(text)
        if result.contract is None:
            codes = sorted({d.code for d in result.diagnostics})
            print(f"  {n:>6} {len(text):>9}  not loaded: {', '.join(codes)}")
            continue
        seconds, count, size = _lint(result, repeat)
        growth = ""
        if previous is not None and previous[1] > 0:
            growth = f"{(seconds / previous[1]) / (n / previous[0]):.2f}"
        print(f"  {n:>6} {len(text):>9} {seconds:>8.3f} {count:>8} {size:>9}  {growth}")
        previous = (n, seconds)


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__)
    options.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000, 2000])
    options.add_argument("--repeat", type=int, default=3)
    args = options.parse_args()
    loads(HEADER + "}\n")  # build the parser before timing
    sweep("tiers in one credit table", tiers, args.sizes, args.repeat)
    sweep("objectives", objectives, args.sizes, args.repeat)


if __name__ == "__main__":
    main()
