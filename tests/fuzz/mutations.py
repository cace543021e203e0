"""Hostile changes to valid inputs: contract text (bytes, tokens, numbers, nesting, repetition)
and JSON or CSV exports (one value at a time replaced by a hostile one)."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[2]
CONTRACTS = sorted((ROOT / "contracts").glob("*.sla")) + sorted(
    (ROOT / "contracts" / "real").glob("*.sla")
)
_TOKEN = re.compile(r'"(?:[^"\\\n]|\\.)*"|\d+(?:\.\d+)?%?|\w+|\s+|.', re.DOTALL)
_NUMBER = re.compile(r"\d+(?:\.\d+)?")

HOSTILE_NUMBERS = (
    "1e999999",
    "1e-999999999",
    "9" * 5000,
    "0." + "0" * 5000 + "1",
    "9" * 29,
    "0",
    "-1",
    "00000000000000000000000000000001",
    "NaN",
    "Infinity",
)


def _flip(data: bytes, draw: st.DrawFn) -> bytes:
    """Up to 8 bytes replaced by any byte (bit flips, NUL, bad UTF-8)."""
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 8))):
        out[draw(st.integers(0, len(out) - 1))] = draw(st.integers(0, 255))
    return bytes(out)


def _tokens(text: str, draw: st.DrawFn) -> str:
    """A run of tokens deleted or duplicated."""
    tokens = _TOKEN.findall(text)
    start = draw(st.integers(0, len(tokens) - 1))
    end = draw(st.integers(start + 1, min(len(tokens), start + 12)))
    run = tokens[start:end] * draw(st.sampled_from((0, 2, 3, 50)))
    return "".join(tokens[:start] + run + tokens[end:])


def _inflate(text: str, draw: st.DrawFn) -> str:
    """One number literal replaced by a huge, tiny or non-finite one."""
    numbers = list(_NUMBER.finditer(text))
    found = numbers[draw(st.integers(0, len(numbers) - 1))]
    return text[: found.start()] + draw(st.sampled_from(HOSTILE_NUMBERS)) + text[found.end() :]


def _nest(text: str, draw: st.DrawFn) -> str:
    """Brackets or nested clauses opened `depth` times around a number literal."""
    numbers = list(_NUMBER.finditer(text))
    found = numbers[draw(st.integers(0, len(numbers) - 1))]
    depth = draw(st.sampled_from((30, 49, 200, 5000)))
    opener, closer = draw(st.sampled_from((("(", ")"), ("all of (", ")"), ("[", "]"), ("{", "}"))))
    nested = opener * depth + found.group() + closer * draw(st.sampled_from((depth, 0)))
    return text[: found.start()] + nested + text[found.end() :]


def _varied(line: str, copy: int) -> str:
    """`line` with each number made distinct for copy `copy`: 99.9 -> 99.90007, 10 -> 10.0007."""
    return _NUMBER.sub(
        lambda found: found.group() + (f"{copy:04d}" if "." in found.group() else f".{copy:04d}"),
        line,
    )


def _repeat(text: str, draw: st.DrawFn) -> str:
    """One line (a clause, a tier) repeated up to thousands of times, the same or each distinct."""
    lines = text.splitlines(keepends=True)
    index = draw(st.integers(0, len(lines) - 1))
    count = draw(st.sampled_from((2, 20, 500, 3000)))
    if draw(st.booleans()):
        copies = [_varied(lines[index], copy) for copy in range(count)]
    else:
        copies = [lines[index]] * count
    return "".join(lines[:index] + copies + lines[index:])


def varied_copies(path: Path, line: str, count: int) -> bytes:
    """The contract at `path` with the line holding `line` repeated `count` times, each distinct."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    index = next(i for i, text in enumerate(lines) if line in text)
    copies = [_varied(lines[index], copy) for copy in range(count)]
    return "".join(lines[:index] + copies + lines[index + 1 :]).encode()


@st.composite
def mutated_contract(draw: st.DrawFn) -> tuple[str, bytes]:
    """(the name of a contract in contracts/, its text with one hostile change, as bytes)."""
    path = draw(st.sampled_from(CONTRACTS))
    text = path.read_text(encoding="utf-8")
    how = draw(st.sampled_from(("flip", "tokens", "inflate", "nest", "repeat")))
    if how == "flip":
        return path.name, _flip(text.encode(), draw)
    change = {"tokens": _tokens, "inflate": _inflate, "nest": _nest, "repeat": _repeat}[how]
    return path.name, change(text, draw).encode("utf-8", "surrogatepass")


class Raw(str):
    """JSON text written as is: a number token JSON cannot otherwise say, or a nesting bomb."""


HOSTILE_VALUES: tuple[Any, ...] = (
    Raw("1e999999999"),
    Raw("1e-999999999"),
    Raw("9" * 5000),
    Raw("-" + "9" * 5000 + ".5"),
    Raw("NaN"),
    Raw("-Infinity"),
    Raw("[" * 100_000 + "]" * 100_000),
    Raw('{"a":' * 5000 + "1" + "}" * 5000),
    "1e999999999",
    "9" * 5000,
    "NaN",
    "",
    " ",
    "\x00",
    "o1\n::error::injected",
    "\x1b]0;title\x07\x1b[2J",
    "\ud800",
    "a" * 1_000_000,
    "2026-10-01T09:00:00",
    "0001-01-01T00:00:00Z",
    "9999-12-31T23:59:59-23:59",
    "2026-03-29T02:30:00[Europe/Berlin]",
    -1,
    0,
    10**30,
    1.5e308,
    True,
    None,
    [],
    {},
    [[[]]],
    {"kind": "outage"},
)


def hostile_json(value: Any) -> str:
    """`value` as JSON text, with `Raw` parts written as they are."""
    raws: list[str] = []

    def mark(item: Any) -> Any:
        if isinstance(item, Raw):
            raws.append(str(item))
            return f"\x00raw{len(raws) - 1}\x00"
        if isinstance(item, dict):
            return {key: mark(inner) for key, inner in item.items()}
        if isinstance(item, list):
            return [mark(inner) for inner in item]
        return item

    text = json.dumps(mark(value), ensure_ascii=False)
    for index, raw in enumerate(raws):
        text = text.replace(json.dumps(f"\x00raw{index}\x00"), raw, 1)
    return text


def paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in a JSON document: the keys and indexes leading to it."""
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found.extend(paths(item, (*prefix, key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.extend(paths(item, (*prefix, index)))
    return found


def replaced(document: Any, path: tuple[Any, ...], value: Any) -> Any:
    """A copy of `document` with the value at `path` replaced by `value`."""
    if not path:
        return value
    copy = json.loads(json.dumps(document))
    target = copy
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return copy


def _csv(text: str, value: Any, draw: st.DrawFn) -> str:
    rows = list(csv.reader(io.StringIO(text)))
    row = draw(st.integers(0, len(rows) - 1))
    rows[row][draw(st.integers(0, len(rows[row]) - 1))] = (
        value if isinstance(value, str) else hostile_json(value)
    )
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


@st.composite
def mutated_export(draw: st.DrawFn, path: Path) -> str:
    """The text of a JSON, JSON Lines or CSV file with one value replaced by a hostile one."""
    text = path.read_text(encoding="utf-8")
    value = draw(st.sampled_from(HOSTILE_VALUES))
    if path.suffix == ".csv":
        return _csv(text, value, draw)
    if path.suffix == ".jsonl":
        lines = text.splitlines()
        row = draw(st.integers(0, len(lines) - 1))
        try:
            document = json.loads(lines[row])
        except ValueError:  # a line the fixture breaks on purpose: replaced whole
            document = None
        lines[row] = hostile_json(replaced(document, draw(st.sampled_from(paths(document))), value))
        return "\n".join(lines) + "\n"
    document = json.loads(text)
    return hostile_json(replaced(document, draw(st.sampled_from(paths(document))), value))


# Values for command-line options: forms each option takes, out of range, and hostile text.
HOSTILE_OPTIONS = (
    "2026-10",
    "2026-10-17",
    "0001-01",
    "9999-12",
    "2026-13",
    "2026-10-01T00:00:00Z",
    "0001-01-01T00:00:00+14:00",
    "9999-12-31T23:59:59-23:59",
    "2026-10-01T09:00:00",
    "1000 USD",
    "-100 EUR",
    "0 EUR",
    "1e999999999 EUR",
    "9" * 5000 + " EUR",
    "NaN USD",
    "50000 units",
    "UTC",
    "Europe/Berlin",
    "localtime",
    "posixrules",
    "../../etc/passwd",
    "Factory",
    "SLA1",
    "SLA101,SLA2",
    "SLA999",
    "",
    " ",
    "-",
    "--help",
    "\x00",
    "o1\n::error::injected",
    "\x1b]0;title\x07\x1b[2J",
    "\u202e",
    "a" * 100_000,
)


def _deep(text: str, draw: st.DrawFn) -> str:
    """A key whose value is an array or inline table nested thousands deep."""
    depth = draw(st.sampled_from((100, 5000, 100_000)))
    opener, closer = draw(st.sampled_from((("[", "]"), ("{a = ", "}"))))
    return f"{text}\ndeep = {opener * depth}1{closer * depth}\n"


@st.composite
def mutated_toml(draw: st.DrawFn, path: Path) -> bytes:
    """The TOML file at `path` with one hostile change: bytes, tokens, numbers, nesting, size."""
    text = path.read_text(encoding="utf-8")
    how = draw(st.sampled_from(("flip", "tokens", "inflate", "deep", "value", "huge")))
    if how == "flip":
        return _flip(text.encode(), draw)
    if how == "huge":
        return text.encode() + b"#" * (1 << 20)
    if how == "value":
        key = draw(st.sampled_from(("format", "fail-on", "select", "assume-tz", "x", "rules")))
        value = draw(st.sampled_from(HOSTILE_OPTIONS)).replace("\\", "\\\\").replace('"', '\\"')
        return f'{text}\n{key} = "{value}"\n'.encode("utf-8", "surrogatepass")
    change = {"tokens": _tokens, "inflate": _inflate, "deep": _deep}[how]
    if how == "inflate" and not _NUMBER.search(text):
        text += "\nn = 1\n"
    return change(text, draw).encode("utf-8", "surrogatepass")
