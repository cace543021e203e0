"""The long fuzz run: the tests/test_fuzz_*.py suite with many random examples per test.

    .venv/bin/python tests/fuzz/run.py                 # 5000 examples per test
    .venv/bin/python tests/fuzz/run.py 20000 -k records  # more, one file; extra args go to pytest

Unlike CI's fixed inputs, each run draws new ones; a failure prints the input and a
`@reproduce_failure` blob. Add each, minimised, to the test file's `test_found_failures` cases.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def main(argv: list[str]) -> int:
    examples = argv[0] if argv and argv[0].isdigit() else "5000"
    extra = argv[1:] if argv and argv[0].isdigit() else argv
    env = {**os.environ, "SLALANG_FUZZ_EXAMPLES": examples}
    tests = sorted(str(path) for path in (ROOT / "tests").glob("test_fuzz_*.py"))
    command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *tests, *extra]
    return subprocess.call(command, cwd=ROOT, env=env)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
