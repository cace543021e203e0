"""Inputs that are not regular files, or never end, are read once and within bounds (issue 10)."""

from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path

import pytest

import slalang
from slalang.records import reader

GAP = b'{"kind": "gap", "id": "g1", "service": "im", "start": "2026-10-01T00:00:00Z", "end": "2026-10-01T00:01:00Z"}\n'


def _read(path: Path | str) -> tuple[int, list[str], str]:
    stream = slalang.iter_records(path)
    count = sum(1 for _ in stream)
    return count, [d.message for d in stream.diagnostics], stream.sha256


def test_the_inputs_are_hashed_as_they_are_read(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + GAP + GAP.replace(b"g1", b"g2"))
    count, problems, digest = _read(path)
    assert (count, problems) == (2, [])
    assert digest == hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_is_read_once_as_a_stream(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.jsonl"
    os.mkfifo(fifo)
    writer = threading.Thread(target=fifo.write_bytes, args=(GAP,))
    writer.start()
    count, problems, digest = _read(fifo)
    writer.join(timeout=5)
    assert (count, problems, digest) == (1, [], hashlib.sha256(GAP).hexdigest())


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
@pytest.mark.parametrize(
    ("suffix", "problem"),
    [
        (".jsonl", "line 1 is longer than 1 MiB; input stops here"),
        (".csv", "line 1 is longer than 1 MiB; input stops here"),
    ],
)
def test_an_endless_device_stops_at_the_line_bound(
    tmp_path: Path, suffix: str, problem: str
) -> None:
    link = tmp_path / f"zero{suffix}"
    link.symlink_to("/dev/zero")
    count, problems, _ = _read(link)
    assert (count, problems) == (0, [problem])


def test_a_document_is_bounded_in_all(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader, "MAX_DOCUMENT", 1 << 20)
    path = tmp_path / "big.json"
    path.write_bytes(b'{"schema": "slalang.records/v1", "records": [\n' + b" \n" * (1 << 20))
    count, problems, _ = _read(path)
    assert (count, problems) == (0, ["the document is longer than 1 MiB; input stops here"])


def test_a_long_line_is_located_and_stops_the_input(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    path.write_bytes(GAP + b" " * (reader.MAX_LINE + 1) + b"\n" + GAP)
    stream = slalang.iter_records(path)
    assert [r.id for r in stream] == ["g1"]
    [problem] = stream.diagnostics
    assert (problem.code, problem.span and problem.span.line) == ("SLA700", 2)


def test_different_records_whose_numbers_python_hashes_alike_are_a_conflict(tmp_path: Path) -> None:
    base = '{"kind": "latency", "id": "l1", "service": "im", "timestamp": "2026-10-01T00:00:00Z", "latency_ms": '
    assert hash(1) == hash(2**61)  # numbers hash without a key in Python
    path = tmp_path / "r.jsonl"
    path.write_text(f"{base}1}}\n{base}{2**61}}}\n{base}1.0}}\n", encoding="utf-8")
    stream = slalang.iter_records(path)
    assert [r.latency_ms for r in stream] == [1]  # type: ignore[attr-defined]
    assert [(d.code, d.span and d.span.line) for d in stream.diagnostics] == [("SLA706", 2)]
    assert (stream.counts.duplicates, stream.counts.rejected) == (1, 1)  # 1.0 == 1: harmless


@pytest.mark.parametrize("name", [".slalang.toml", "map.toml"])
def test_deeply_nested_or_huge_toml_is_a_one_line_error(tmp_path: Path, name: str) -> None:
    from slalang.config import MAX_CONFIG, read_toml

    path = tmp_path / name
    path.write_text("x = " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="nested too deeply"):
        read_toml(path)
    path.write_text("# " + "x" * MAX_CONFIG + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="larger than 1 MiB"):
        read_toml(path)


def test_record_text_fields_are_bounded_and_import_never_writes_an_unreadable_line(
    tmp_path: Path,
) -> None:
    from slalang.importers import ImportFailure, to_json_line
    from slalang.records.model import MAX_STRING, Outage

    path = tmp_path / "r.jsonl"
    path.write_bytes(GAP.replace(b'"g1"', b'"' + b"g" * (MAX_STRING + 1) + b'"'))
    count, problems, _ = _read(path)
    assert (count, problems) == (0, [f"id: string should have at most {MAX_STRING} characters"])
    wide = Outage(
        id="o1",
        service="im",
        start="2026-10-01T00:00:00Z",  # type: ignore[arg-type]
        impact="major_outage",
        scope=tuple(f"{i:04}" + "x" * (MAX_STRING - 4) for i in range(300)),
    )
    with pytest.raises(ImportFailure, match="longer than 1 MiB as a line"):
        to_json_line(wide)
