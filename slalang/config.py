"""Option defaults from `[tool.slalang]` in pyproject.toml or from `.slalang.toml`.

The nearest file above the working directory wins. Top-level keys apply to every command that
has the option; a `[tool.slalang.lint]` (or `[lint]`) table applies to one command. Explicit
command-line flags always beat the file (the file only feeds click's `default_map`).
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

CONFIG_NAMES = (".slalang.toml", "pyproject.toml")


class ConfigError(Exception):
    pass


def find_config(start: Path) -> tuple[Path, dict[str, Any]] | None:
    for folder in (start, *start.parents):
        for name in CONFIG_NAMES:
            candidate = folder / name
            if not candidate.is_file():
                continue
            try:
                document = tomllib.loads(candidate.read_text(encoding="utf-8"))
            except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
                raise ConfigError(f"{candidate}: not valid TOML: {exc}") from exc
            if name == "pyproject.toml":
                section = document.get("tool", {}).get("slalang")
                if section is None:
                    continue
                return candidate, section
            return candidate, document
    return None


def default_map(
    section: dict[str, Any], commands: dict[str, set[str]], source: Path
) -> dict[str, dict[str, Any]]:
    """click `default_map` for each command, from one config section."""
    known = set().union(*commands.values()) | set(commands)
    out: dict[str, dict[str, Any]] = {name: {} for name in commands}
    for key, value in section.items():
        option = key.replace("-", "_")
        if isinstance(value, dict) and key in commands:
            for sub_key, sub_value in value.items():
                sub_option = sub_key.replace("-", "_")
                if sub_option not in commands[key]:
                    raise ConfigError(f"{source}: unknown option '{sub_key}' for 'slalang {key}'")
                out[key][sub_option] = sub_value
            continue
        if option not in known:
            raise ConfigError(f"{source}: unknown option '{key}' in the slalang configuration")
        for command, options in commands.items():
            if option in options:
                out[command].setdefault(option, value)
    return out
