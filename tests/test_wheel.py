"""Build the wheel, install it outside the checkout, and run the installed CLI on a contract."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("slalang-*.whl")
    return built


def test_wheel_ships_the_grammar_and_the_console_script(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        assert "slalang/grammar/slalang.lark" in names
        entry_points = next(n for n in names if n.endswith("entry_points.txt"))
        assert "slalang = slalang.cli:main" in archive.read(entry_points).decode()


def test_installed_cli_parses_a_contract(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "--quiet",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
    )
    script = (
        "import sys; sys.path.insert(0, sys.argv[1]); "
        "import slalang, importlib.resources as r; "
        "assert slalang.__file__.startswith(sys.argv[1]), slalang.__file__; "
        "assert r.files('slalang').joinpath('grammar').joinpath('slalang.lark').is_file(); "
        "from slalang.cli import main; sys.argv = ['slalang', 'parse', sys.argv[2]]; main()"
    )
    contract = ROOT / "contracts" / "acme-chat-enterprise.sla"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run(
        [sys.executable, "-c", script, str(target), str(contract)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert '"name": "Acme Chat Enterprise SLA"' in done.stdout
