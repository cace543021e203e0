"""Fuzz: command-line option values and TOML files (configuration, importer mappings).

Every option that takes text gets values of its own forms, out of range and hostile; every TOML
file slalang reads is mutated (bytes, tokens, numbers, nesting, size). Each run ends within the
time budget with exit 0, 1 or 2 and never a traceback (`tests.fuzz.harness.cli`).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from tests.fuzz.harness import cli, fuzz_settings
from tests.fuzz.mutations import HOSTILE_OPTIONS, ROOT, mutated_toml
from tests.test_fuzz_imports import DATA, RUNS, split_argument

CONTRACT = str(ROOT / "contracts" / "acme-chat-enterprise.sla")
RECORDS = str(ROOT / "examples" / "acme-2026-10.jsonl")
values = st.sampled_from(HOSTILE_OPTIONS) | st.text(max_size=40)
EVALUATE = ("--period", "--from", "--to", "--as-of", "--fee", "--assume-tz")
LINT = ("--select", "--ignore", "--stdin-filename", "--fail-on", "--format")


def _arguments(draw: st.DrawFn, options: tuple[str, ...]) -> list[str]:
    chosen = draw(st.lists(st.sampled_from(options), unique=True, min_size=1))
    return [part for option in chosen for part in (option, draw(values))]


@fuzz_settings(ci_examples=120)
@given(st.data())
def test_evaluate_options(data: st.DataObject) -> None:
    arguments = _arguments(data.draw, EVALUATE)
    if "--period" not in arguments and "--from" not in arguments:
        arguments += ["--period", "2026-10"]
    result = cli(["evaluate", CONTRACT, RECORDS, *arguments])
    assert "\x1b" not in result.output and "\n::error" not in result.output


@fuzz_settings(ci_examples=80)
@given(st.data())
def test_lint_options(data: st.DataObject) -> None:
    arguments = _arguments(data.draw, LINT)
    result = cli(["lint", "-", *arguments], stdin=Path(CONTRACT).read_bytes())
    assert "\x1b" not in result.output


@contextmanager
def _inside(folder: str) -> Iterator[None]:
    """The working directory, where slalang looks for `.slalang.toml`, for the body."""
    previous = os.getcwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(previous)


CONFIG = b"""fail-on = "warning"
[lint]
format = "text"
select = ["SLA1", "SLA2"]
[rules]
SLA204 = "info"
"""


@fuzz_settings(ci_examples=80)
@given(st.data())
def test_mutated_configuration(data: st.DataObject) -> None:
    with tempfile.TemporaryDirectory() as folder:
        seed = Path(folder) / "seed.toml"
        seed.write_bytes(CONFIG)
        (Path(folder) / ".slalang.toml").write_bytes(data.draw(mutated_toml(seed)))
        with _inside(folder):
            cli(["lint", CONTRACT])
            cli(["evaluate", CONTRACT, RECORDS, "--period", "2026-10"])


@fuzz_settings(ci_examples=80)
@given(st.sampled_from(sorted(RUNS)), st.data())
def test_mutated_mapping(name: str, data: st.DataObject) -> None:
    inputs, options = RUNS[name]
    where = options.index("--map") + 1
    with tempfile.TemporaryDirectory() as folder:
        mapping = Path(folder) / "map.toml"
        mapping.write_bytes(data.draw(mutated_toml(DATA / options[where])))
        changed = [*options[:where], str(mapping), *options[where + 1 :]]
        paths = [prefix + str(DATA / path) for prefix, path in map(split_argument, inputs)]
        cli(["import", name, *paths, *changed])
