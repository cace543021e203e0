"""Readers compared: the same outages into int64 columns, time and peak memory, 10k to 1M lines.

    python bench/bench_readers.py [--full]      # --full adds 1,000,000 lines (about 150 MiB)

Inputs are `bench/generate_evaluate.py`'s outages (JSON Lines) and the same rows as CSV, written
to a temporary directory. Each reader runs in a fresh process (wall time, VmHWM):

- orjson: `orjson.loads` of every line, nothing kept (the parse floor of issue 11);
- orjson+numpy: the same, then start/end through `timestamps.parse_times` into int64 arrays;
- msgspec: `slalang.records.columns.read_columns` (strict structs per line, numpy times, ids);
- pyarrow json / pyarrow csv: `pyarrow.json.read_json` / `pyarrow.csv.read_csv` with an explicit
  schema (timestamps as timestamp[us, UTC]): whole blocks, no per-line rejection;
- read_records: today's validated records (pydantic per line), kept in a list.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate_evaluate import outages

PEAK = 'int(__import__("re").search(r"VmHWM:\\s+(\\d+)", open("/proc/self/status").read()).group(1)) // 1024'
READERS = {
    "orjson": "import orjson\nwith open(PATH, 'rb') as f:\n    n = sum(1 for line in f if orjson.loads(line))",
    "orjson+numpy": (
        "import orjson\nfrom slalang.records.timestamps import parse_times\n"
        "with open(PATH, 'rb') as f:\n    rows = [orjson.loads(line) for line in f]\n"
        "start, _ = parse_times([r['start'] for r in rows])\nend, _ = parse_times([r.get('end') for r in rows])\n"
        "n = len(rows)"
    ),
    "msgspec (read_columns)": (
        "from slalang.records.columns import read_columns\nc = read_columns(PATH)\nn = c.counts.read"
    ),
    "pyarrow json": (
        "import pyarrow as pa, pyarrow.json as pj\nt = pa.timestamp('us', tz='UTC')\n"
        "schema = pa.schema([('kind', pa.string()), ('id', pa.string()), ('service', pa.string()), "
        "('start', t), ('end', t), ('impact', pa.string()), ('scheduled_maintenance', pa.bool_()), "
        "('announced_at', t), ('cause', pa.string())])\n"
        "table = pj.read_json(PATH, parse_options=pj.ParseOptions(explicit_schema=schema, unexpected_field_behavior='error'))\n"
        "n = table.num_rows"
    ),
    "pyarrow csv": (
        "import pyarrow as pa, pyarrow.csv as pc\nt = pa.timestamp('us', tz='UTC')\n"
        "types = {'id': pa.string(), 'service': pa.dictionary(pa.int32(), pa.string()), 'start': t, 'end': t, "
        "'impact': pa.dictionary(pa.int32(), pa.string())}\n"
        "table = pc.read_csv(PATH.replace('.jsonl', '.csv'), convert_options=pc.ConvertOptions(column_types=types))\n"
        "n = table.num_rows"
    ),
    "read_records (pydantic)": (
        "from slalang.records import read_records\nr = read_records(PATH)\nn = r.counts.read"
    ),
}


def run(code: str, path: Path) -> tuple[float, int, int]:
    script = (
        f"import time\nPATH = {str(path)!r}\nbegan = time.perf_counter()\n{code}\n"
        f"print(time.perf_counter() - began, {PEAK}, n)"
    )
    out = subprocess.run([sys.executable, "-c", script], check=True, capture_output=True, text=True)
    seconds, peak, count = out.stdout.split()
    return float(seconds), int(peak), int(count)


def write(folder: Path, count: int) -> Path:
    import random

    path = folder / f"outages-{count}.jsonl"
    rows = list(outages(random.Random("outages"), count))
    path.write_bytes(b"".join(orjson.dumps(r) + b"\n" for r in rows))
    lines = ["id,service,start,end,impact"] + [
        f"{r['id']},{r['service']},{r['start']},{r['end']},{r['impact']}" for r in rows
    ]
    path.with_suffix(".csv").write_text("\n".join(lines) + "\n")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="also 1,000,000 lines")
    args = parser.parse_args()
    sizes = [10_000, 100_000] + ([1_000_000] if args.full else [])
    print(f"{'reader':<26} {'lines':>10} {'seconds':>8} {'peak MiB':>9}")
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            path = write(Path(folder), size)
            for name, code in READERS.items():
                try:
                    seconds, peak, count = run(code, path)
                except subprocess.CalledProcessError as error:
                    print(f"{name:<26} {size:>10,} failed: {error.stderr.strip().splitlines()[-1]}")
                    continue
                print(f"{name:<26} {count:>10,} {seconds:>8.2f} {peak:>9}", flush=True)


if __name__ == "__main__":
    main()
