"""`slalang lsp` without the `lsp` extra: one line naming the missing package, exit 2."""

from __future__ import annotations

import sys

import pytest
from click.testing import CliRunner

from slalang.cli import main


def test_without_the_extra_the_command_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delitem(sys.modules, "slalang.lsp.server", raising=False)
    monkeypatch.setitem(sys.modules, "pygls", None)  # import pygls now raises ImportError
    monkeypatch.setitem(sys.modules, "lsprotocol", None)
    result = CliRunner().invoke(main, ["lsp"])
    assert result.exit_code == 2
    lines = result.output.strip().split("\n")
    assert len(lines) == 1
    assert "pip install 'slalang[lsp]'" in lines[0] and lines[0].startswith("slalang: error:")
