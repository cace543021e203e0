"""One document, analysed: the loader's result and the linter's diagnostics under the settings
of the nearest `[tool.slalang]` / `.slalang.toml`, exactly as `slalang lint` would report them.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from slalang.config import ConfigError, find_config
from slalang.diagnostics import Diagnostic
from slalang.lint import SettingsError, make_settings
from slalang.lint import run as run_lint
from slalang.lint.settings import Settings
from slalang.loader import ParseResult, loads
from slalang.lsp.positions import Lines
from slalang.lsp.symbols import Index, build_index


class Analysis:
    """A snapshot of one version of a document; the symbol index is built on first use."""

    def __init__(self, text: str, path: str | None, version: int | None) -> None:
        self.version = version
        self.path = path
        self.lines = Lines(text)
        self.result: ParseResult = loads(text, path)
        self.settings, self.config_problem = settings_for(path)
        self.diagnostics: list[Diagnostic] = run_lint(self.result, self.settings).diagnostics

    @functools.cached_property
    def index(self) -> Index:
        return build_index(self.result, self.lines)


def _selectors(value: Any) -> list[str]:
    """`select`/`ignore` as the configuration writes them: a list, or one comma-separated string."""
    items = [value] if isinstance(value, str) else list(value or ())
    return [part.strip() for item in items for part in str(item).split(",") if part.strip()]


def settings_for(path: str | None) -> tuple[Settings, str | None]:
    """The lint settings of the configuration nearest to `path` (the defaults, and the reason,
    when that configuration cannot be used)."""
    if path is None:
        return make_settings(), None
    try:
        found = find_config(Path(path).resolve().parent)
    except ConfigError as exc:
        return make_settings(), str(exc)
    if found is None:
        return make_settings(), None
    source, section = found
    lint_table: Mapping[str, Any] = section.get("lint", {})
    select = lint_table.get("select", section.get("select"))
    ignore = lint_table.get("ignore", section.get("ignore"))
    try:
        return make_settings(_selectors(select), _selectors(ignore), section.get("rules")), None
    except SettingsError as exc:
        return make_settings(), f"{source}: {exc}"
