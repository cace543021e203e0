"""Fuzz: importer exports (tests/data/import/) with one value changed to a hostile one, through
`import_files` and `slalang import FORMAT INPUT... --map MAP` for every format.

Each input ends within the time budget; the library raises at most `ImportFailure`; the command
exits 0 exactly when the library succeeds (else 2 with one message), and every record it writes
reads back as a valid record.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from slalang import read_records
from slalang.importers import ImportFailure, import_files, load_mapping
from tests.fuzz.harness import cli, fuzz_settings, total
from tests.fuzz.mutations import ROOT, mutated_export

DATA = ROOT / "tests" / "data" / "import"
# format -> (inputs, options): the fixture invocations of docs/importers/.
RUNS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "statuspage": (
        (
            "statuspage/incidents.json",
            "statuspage/incidents-later.json",
            "statuspage/scheduled-maintenances.json",
        ),
        ("--map", "statuspage/map.toml"),
    ),
    "prometheus": (
        ("prometheus/probe.json", "total=prometheus/sent.json", "good=prometheus/delivered.json"),
        ("--map", "prometheus/map.toml"),
    ),
    "pagerduty": (
        ("pagerduty/incidents.json", "pagerduty/log_entries.json", "pagerduty/analytics.json"),
        ("--map", "pagerduty/map.toml", "--as", "outage"),
    ),
    "opsgenie": (
        ("opsgenie/alerts.json", "opsgenie/alert-later.json"),
        ("--map", "opsgenie/map.toml"),
    ),
    "jira": (
        ("jira/search.json", "jira/export.csv"),
        ("--map", "jira/map.toml", "--assume-tz", "Europe/Berlin"),
    ),
    "servicenow": (
        ("servicenow/incidents.json", "servicenow/export.csv"),
        ("--map", "servicenow/map.toml", "--assume-tz", "UTC"),
    ),
    "zendesk": (
        (
            "zendesk/tickets.json",
            "zendesk/ticket_metrics.json",
            "zendesk/ticket_metric_events.json",
        ),
        ("--map", "zendesk/map.toml"),
    ),
}


def split_argument(argument: str) -> tuple[str, str]:
    """'total=prometheus/sent.json' -> ('total=', 'prometheus/sent.json')."""
    prefix, _, path = argument.rpartition("=")
    return (prefix + "=" if prefix else ""), path


@st.composite
def mutated_run(draw: st.DrawFn) -> tuple[str, int, str]:
    """(format, which input changed, its new text)."""
    name = draw(st.sampled_from(sorted(RUNS)))
    which = draw(st.integers(0, len(RUNS[name][0]) - 1))
    return name, which, draw(mutated_export(DATA / split_argument(RUNS[name][0][which])[1]))


def _import(name: str, inputs: list[str], options: tuple[str, ...]) -> bool:
    """`import_files` on `inputs` as the command would call it: True when it succeeds."""
    given_options = dict(zip(options[::2], options[1::2], strict=True))
    mapping = load_mapping(str(DATA / given_options["--map"]))
    zone = ZoneInfo(given_options["--assume-tz"]) if "--assume-tz" in given_options else None
    call = lambda: import_files(name, inputs, mapping, zone, given_options.get("--as"))  # noqa: E731
    return total(call, f"import_files {name}", allowed=(ImportFailure,)) is not None


def _check(name: str, which: int, text: str) -> None:
    """`slalang import` with input `which` of the fixture run of `name` replaced by `text`."""
    paths, options = RUNS[name]
    with tempfile.TemporaryDirectory() as folder:
        inputs = []
        for index, argument in enumerate(paths):
            prefix, path = split_argument(argument)
            if index == which:
                changed = Path(folder) / Path(path).name
                changed.write_text(text, encoding="utf-8", errors="surrogatepass")
                inputs.append(prefix + str(changed))
            else:
                inputs.append(prefix + str(DATA / path))
        imported = _import(name, inputs, options)
        mapped = [str(DATA / o) if o.endswith(".toml") else o for o in options]
        result = cli(["import", name, *inputs, *mapped], codes=(0,) if imported else (2,))
        if result.exit_code == 0:
            output = Path(folder) / "imported.jsonl"
            output.write_text(result.stdout, encoding="utf-8")
            read = read_records(output)
            assert read.ok, [d.message for d in read.diagnostics]


@fuzz_settings(ci_examples=150)
@given(mutated_run())
def test_mutated_export(run: tuple[str, int, str]) -> None:
    _check(*run)


def _servicenow_number(number: str) -> str:
    document = json.loads((DATA / "servicenow" / "incidents.json").read_text(encoding="utf-8"))
    document["result"][0]["number"] = number
    return json.dumps(document)


@pytest.mark.parametrize(
    ("name", "which", "text"),
    [
        pytest.param(
            "servicenow",
            0,
            _servicenow_number("a" * (1 << 20)),
            id="servicenow-1MiB-number",
        ),
    ],
)
def test_found_failures(name: str, which: int, text: str) -> None:
    """Inputs the fuzz tests found failing, minimised; each flips to a pass when fixed."""
    _check(name, which, text)
