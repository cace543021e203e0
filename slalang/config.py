"""Option defaults from `[tool.slalang]` in pyproject.toml or from `.slalang.toml`.

The nearest file above the working directory wins. Top-level keys apply to every command that
has the option; a `[tool.slalang.lint]` (or `[lint]`) table applies to one command. Explicit
command-line flags always beat the file (the file only feeds click's `default_map`).
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from slalang.files import read_bounded

RULES_TABLE = "rules"  # [tool.slalang.rules]: per-rule severity and options, not CLI options
CONFIG_NAMES = (".slalang.toml", "pyproject.toml")
MAX_CONFIG = 1 << 20  # bytes of a configuration or mapping file


class ConfigError(Exception):
    pass


def read_toml(path: str | Path) -> dict[str, Any]:
    """A TOML file of at most `MAX_CONFIG` bytes; ValueError says what is wrong with it.

    Raises OSError when the file cannot be read.
    """
    data = read_bounded(path, MAX_CONFIG)
    if len(data) > MAX_CONFIG:
        raise ValueError(f"larger than {MAX_CONFIG >> 20} MiB")
    try:
        return tomllib.loads(data.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ValueError(f"not valid TOML: {exc}") from None
    except RecursionError:
        raise ValueError("not valid TOML: nested too deeply") from None


def find_config(start: Path) -> tuple[Path, dict[str, Any]] | None:
    for folder in (start, *start.parents):
        for name in CONFIG_NAMES:
            candidate = folder / name
            if not candidate.is_file():
                continue
            try:
                document = read_toml(candidate)
            except ValueError as exc:
                raise ConfigError(f"{candidate}: {exc}") from None
            if name == "pyproject.toml":
                section = document.get("tool", {}).get("slalang")
                if section is None:
                    continue
                return candidate, section
            return candidate, document
    return None


def default_map(
    section: dict[str, Any], commands: dict[str, dict[str, str]], source: Path
) -> dict[str, dict[str, Any]]:
    """click `default_map` for each command, from one config section.

    `commands` maps a command name to {option name as written on the command line, without
    dashes in front (e.g. "fail-on"): click parameter name}. Keys may use "-" or "_".
    """
    known = {key for options in commands.values() for key in options}
    out: dict[str, dict[str, Any]] = {name: {} for name in commands}
    for raw_key, value in section.items():
        key = raw_key.replace("_", "-")
        if raw_key == RULES_TABLE:
            continue  # rule severities and options: read by `slalang.lint.settings`
        if isinstance(value, dict) and raw_key in commands:
            for raw_sub_key, sub_value in value.items():
                sub_key = raw_sub_key.replace("_", "-")
                if sub_key not in commands[raw_key]:
                    raise ConfigError(
                        f"{source}: unknown option '{raw_sub_key}' for 'slalang {raw_key}'"
                    )
                out[raw_key][commands[raw_key][sub_key]] = sub_value
            continue
        if key not in known:
            raise ConfigError(f"{source}: unknown option '{raw_key}' in the slalang configuration")
        for command, options in commands.items():
            if key in options:
                out[command].setdefault(options[key], value)
    return out
