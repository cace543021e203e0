"""Output that cannot be written is exit 2 with one line; fmt never leaves a broken file (issue 10)."""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from slalang import files
from slalang.cli import main

from .conftest import ROOT

CONTRACT = ROOT / "contracts" / "acme-chat-enterprise.sla"
SLALANG = [sys.executable, "-c", "from slalang.cli import main; main()"]


def _run(args: list[str], **streams: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*SLALANG, *args], capture_output="stdout" not in streams, text=True, timeout=60, **streams
    )  # type: ignore[call-overload]


def _messy(tmp_path: Path) -> Path:
    path = tmp_path / "c.sla"
    path.write_text(CONTRACT.read_text(encoding="utf-8").replace("    ", "  "), encoding="utf-8")
    return path


def test_fmt_keeps_the_file_whole_when_the_write_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _messy(tmp_path)
    before = path.read_bytes()

    def full_disk(_: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    result = CliRunner().invoke(main, ["fmt", str(path)])
    assert result.exit_code == 2
    assert (
        result.stderr
        == f"slalang: error: {path}: cannot write: No space left on device; unchanged\n"
    )
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.sla"]  # no temporary file left


def test_fmt_keeps_the_mode_of_the_file(tmp_path: Path) -> None:
    path = _messy(tmp_path)
    path.chmod(0o640)
    result = CliRunner().invoke(main, ["fmt", str(path)])
    assert result.exit_code == 0, result.stderr
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert path.read_text(encoding="utf-8") == CONTRACT.read_text(encoding="utf-8")


def test_write_atomic_replaces_in_one_step(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("old", encoding="utf-8")
    files.write_atomic(path, "new ✓")
    assert path.read_text(encoding="utf-8") == "new ✓"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
def test_a_full_device_is_exit_2_with_one_line() -> None:
    with open("/dev/full", "w") as full:
        result = _run(["parse", str(CONTRACT)], stdout=full, stderr=subprocess.PIPE)
    assert result.returncode == 2
    assert result.stderr == "slalang: error: cannot write the output: No space left on device\n"


def test_a_closed_standard_output_is_exit_2() -> None:
    records = ROOT / "tests" / "data" / "import" / "samples" / "prometheus"
    sample = next(records.glob("*.json"))
    result = _run(
        ["import", "prometheus", str(sample)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    assert result.returncode == 0  # the control: the same command with an open stdout
    closed = subprocess.run(
        [*SLALANG, "import", "prometheus", str(sample)],
        stdin=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        timeout=60,
        preexec_fn=lambda: os.close(1),
    )
    assert closed.returncode == 2
    assert "cannot write the output: standard output is closed" in closed.stderr
    assert "record(s)" not in closed.stderr


def test_a_closed_standard_input_is_exit_2() -> None:
    result = subprocess.run(
        [*SLALANG, "lint", "-"],
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=lambda: os.close(0),
    )
    assert result.returncode == 2
    assert result.stderr == "slalang: error: -: cannot read: standard input is closed\n"


def test_fmt_through_a_symbolic_link_keeps_the_link(tmp_path: Path) -> None:
    real = _messy(tmp_path)
    link = tmp_path / "link.sla"
    link.symlink_to(real.name)
    result = CliRunner().invoke(main, ["fmt", str(link)])
    assert result.exit_code == 0, result.stderr
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8") == CONTRACT.read_text(encoding="utf-8")


@pytest.mark.parametrize("command", ["evaluate", "import"])
@pytest.mark.parametrize("zone", ["localtime", "Factory", "Europe", "x" * 300])
def test_assume_tz_takes_only_a_place(command: str, zone: str) -> None:
    args = (
        ["evaluate", str(CONTRACT), str(CONTRACT), "--period", "2026-10"]
        if command == "evaluate"
        else ["import", "prometheus", str(CONTRACT)]
    )
    result = CliRunner().invoke(main, [*args, "--assume-tz", zone])
    assert result.exit_code == 2
    assert "not an IANA time zone" in result.stderr
    assert "cannot write" not in result.stderr
