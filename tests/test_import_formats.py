"""Each importer on fixtures shaped like its tool's documented export and on the real samples:
golden JSON Lines, the output read back by the records reader, and the known traps."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from slalang.cli import main
from slalang.records import read_records

DATA = Path(__file__).resolve().parent / "data" / "import"

RUNS: dict[str, list[str]] = {
    "statuspage": [
        "statuspage",
        "statuspage/incidents.json",
        "statuspage/incidents-later.json",
        "statuspage/scheduled-maintenances.json",
        "--map=statuspage/map.toml",
    ],
    "statuspage-github-sample": [
        "statuspage",
        "samples/statuspage/githubstatus-summary-2022-11-25-ongoing-incident.json",
        "--map=samples/github-map.toml",
    ],
    "prometheus": [
        "prometheus",
        "prometheus/probe.json",
        "total=prometheus/sent.json",
        "good=prometheus/delivered.json",
        "--map=prometheus/map.toml",
    ],
    "prometheus-api-sample": ["prometheus", "samples/prometheus/query_range-up-matrix.json"],
    "pagerduty": [
        "pagerduty",
        "pagerduty/incidents.json",
        "pagerduty/log_entries.json",
        "pagerduty/analytics.json",
        "--map=pagerduty/map.toml",
    ],
    "pagerduty-outages": [
        "pagerduty",
        "pagerduty/incidents.json",
        "pagerduty/log_entries.json",
        "pagerduty/analytics.json",
        "--map=pagerduty/map.toml",
        "--as=outage",
    ],
    "opsgenie": [
        "opsgenie",
        "opsgenie/alerts.json",
        "opsgenie/alert-later.json",
        "--map=opsgenie/map.toml",
    ],
    "opsgenie-outages": [
        "opsgenie",
        "opsgenie/alerts.json",
        "opsgenie/alert-later.json",
        "--map=opsgenie/map.toml",
        "--as=outage",
    ],
    "jira": [
        "jira",
        "jira/search.json",
        "jira/export.csv",
        "--map=jira/map.toml",
        "--assume-tz=Europe/Berlin",
    ],
    "servicenow": [
        "servicenow",
        "servicenow/incidents.json",
        "servicenow/export.csv",
        "--map=servicenow/map.toml",
        "--assume-tz=UTC",
    ],
    "zendesk": [
        "zendesk",
        "zendesk/tickets.json",
        "zendesk/ticket_metrics.json",
        "zendesk/ticket_metric_events.json",
        "--map=zendesk/map.toml",
    ],
}


@pytest.fixture
def slalang_import(monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    """Runs `slalang import ARGS...` in the fixtures folder (so messages name relative paths)."""
    monkeypatch.chdir(DATA)

    def run(*args: str) -> Result:
        return CliRunner().invoke(main, ["import", *args])

    return run


def _lines(result: Result) -> list[dict[str, Any]]:
    return [json.loads(line) for line in result.stdout.splitlines()]


def _by_id(result: Result) -> dict[str, dict[str, Any]]:
    return {line["id"]: line for line in _lines(result)}


@pytest.mark.parametrize("name", sorted(RUNS))
def test_golden_output(
    name: str,
    slalang_import: Callable[..., Result],
    golden: Callable[[str, str], None],
    tmp_path: Path,
) -> None:
    result = slalang_import(*RUNS[name])
    assert result.exit_code == 0, result.stderr
    golden(f"import/{name}.jsonl", result.stdout)
    for line in _lines(result):
        assert list(line)[:2] == ["kind", "id"]
    written = tmp_path / "records.jsonl"
    written.write_text(result.stdout, encoding="utf-8")
    read = read_records(str(written))
    assert read.ok, read.diagnostics
    assert len(read.records) == len(result.stdout.splitlines()) > 0


def test_output_does_not_depend_on_input_order(slalang_import: Callable[..., Result]) -> None:
    forward = slalang_import(*RUNS["statuspage"])
    files = RUNS["statuspage"][1:4]
    backward = slalang_import("statuspage", *reversed(files), RUNS["statuspage"][4])
    assert forward.stdout == backward.stdout


# Statuspage


def test_statuspage_runs_per_component_and_status(slalang_import: Callable[..., Result]) -> None:
    records = _by_id(slalang_import(*RUNS["statuspage"]))
    first, second = (records[f"statuspage:inca00000001:msgapi000001:{n}"] for n in (1, 2))
    assert (first["impact"], first["start"], first["end"]) == (
        "major_outage",
        "2026-10-03T08:05:00Z",
        "2026-10-03T08:40:00Z",
    )
    assert (second["impact"], second["start"], second["end"]) == (
        "partial_outage",
        "2026-10-03T08:40:00Z",
        "2026-10-03T09:30:00Z",
    )
    voice = records["statuspage:inca00000001:voice0000001:1"]
    assert voice["end"] == "2026-10-03T09:30:00Z"  # never set back: the resolution ends it
    assert voice["severity_raw"] == "major"


def test_statuspage_duplicates_keep_the_latest_update(
    slalang_import: Callable[..., Result],
) -> None:
    result = slalang_import(*RUNS["statuspage"])
    runs = [r for r in _lines(result) if r["source_id"] == "incc00000001"]
    assert [(r["impact"], r.get("end")) for r in runs] == [
        ("partial_outage", "2026-10-10T10:20:00Z"),
        ("major_outage", "2026-10-10T11:00:00Z"),
    ]
    assert "1 duplicate(s) by source id merged" in result.stderr


def test_statuspage_ongoing_incident_has_no_end(slalang_import: Callable[..., Result]) -> None:
    records = _by_id(slalang_import(*RUNS["statuspage"]))
    last = records["statuspage:incb00000001:dash00000001:2"]
    assert "end" not in last
    assert last["start"] == "2026-10-20T10:30:00Z"  # the component's current status, since then
    assert records["statuspage:incb00000001:dash00000001:1"]["start"] == "2026-10-20T12:00:00+02:00"


def test_statuspage_maintenance_windows(slalang_import: Callable[..., Result]) -> None:
    result = slalang_import(*RUNS["statuspage"])
    records = _by_id(result)
    overran = records["statuspage:mnt100000001:msgapi000001"]
    assert overran["impact"] == "maintenance"
    assert overran["scheduled_maintenance"] is True
    assert overran["announced_at"] == "2026-10-01T12:00:00Z"
    assert (overran["start"], overran["end"]) == ("2026-10-05T01:00:00Z", "2026-10-05T02:45:00Z")
    assert "overran its schedule" in result.stderr
    running = records["statuspage:mnt200000001:voice0000001"]
    assert running["start"] == "2026-10-25T22:01:00Z"
    assert "end" not in running
    assert not any(key.startswith("statuspage:mnt300000001") for key in records)
    assert "mnt300000001: not started yet" in result.stderr
    assert "incd00000001: names no component" in result.stderr


def test_github_sample_ongoing_incident(slalang_import: Callable[..., Result]) -> None:
    lines = _lines(slalang_import(*RUNS["statuspage-github-sample"]))
    packages = [r for r in lines if r["service"] == "packages"]
    assert [r["impact"] for r in packages] == ["partial_outage", "major_outage", "partial_outage"]
    assert "end" not in packages[-1]
    assert all(
        r["source_url"] == "https://www.githubstatus.com/incidents/ljwdk6qml8z8" for r in lines
    )


def test_statuspage_rejects_an_unknown_component_status(
    slalang_import: Callable[..., Result], tmp_path: Path
) -> None:
    text = (DATA / "statuspage" / "incidents.json").read_text(encoding="utf-8")
    broken = tmp_path / "incidents.json"
    broken.write_text(text.replace('"new_status": "major_outage"', '"new_status": "down"', 1))
    result = slalang_import("statuspage", str(broken))
    assert result.exit_code == 2
    assert "incident incb00000001: 'down' is not a component status" in result.stderr
    assert result.stdout == ""


# Prometheus


def test_prometheus_runs_gaps_and_counts(slalang_import: Callable[..., Result]) -> None:
    lines = _lines(slalang_import(*RUNS["prometheus"]))
    spans = [
        (r["kind"], r["start"][11:19], r["end"][11:19]) for r in lines if r["kind"] != "counts"
    ]
    assert spans == [
        ("outage", "00:02:00", "00:04:00"),
        ("gap", "00:05:00", "00:08:00"),
        ("outage", "00:09:00", "00:10:00"),
    ]
    counts = [
        (r["interval_start"][11:16], r["total"], r["good"]) for r in lines if r["kind"] == "counts"
    ]
    assert counts == [("00:00", 1200, 1199), ("00:05", 1310, 1180), ("00:10", 990, 990)]
    assert all(r["scope"] == ["eu"] for r in lines if r["kind"] == "counts")


def test_prometheus_step_from_the_mapping(
    slalang_import: Callable[..., Result], tmp_path: Path
) -> None:
    mapping = tmp_path / "map.toml"
    mapping.write_text('[prometheus]\nstep = "15s"\n', encoding="utf-8")
    lines = _lines(
        slalang_import(
            "prometheus", "samples/prometheus/query_range-up-matrix.json", f"--map={mapping}"
        )
    )
    assert [(r["start"], r["end"]) for r in lines] == [
        ("2015-07-01T20:10:30.781000Z", "2015-07-01T20:11:00.781000Z")
    ]


def _matrix(tmp_path: Path, name: str, values: list[list[Any]], status: str = "success") -> str:
    document = {
        "status": status,
        "error": "bad_data: parse error",
        "data": {"resultType": "matrix", "result": [{"metric": {"job": "sms"}, "values": values}]},
    }
    path = tmp_path / name
    path.write_text(json.dumps(document), encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        (
            lambda p: [
                f"total={_matrix(p, 't.json', [[1791677100, '12.5'], [1791677400, '3']])}",
                f"good={_matrix(p, 'g.json', [[1791677100, '12'], [1791677400, '3']])}",
            ],
            "12.5 is not a whole count",
        ),
        (
            lambda p: [f"good={_matrix(p, 'g.json', [[1791677100, '12']])}"],
            "good/failed series need total=PATH",
        ),
        (lambda p: [_matrix(p, "one.json", [[1791677100, "0"]])], "cannot tell the step"),
        (lambda p: [_matrix(p, "failed.json", [], status="error")], "the query failed: bad_data"),
        (
            lambda p: [
                f"total={_matrix(p, 't.json', [[1791677100, '12'], [1791677400, '3']])}",
                f"failed={_matrix(p, 'f.json', [[1791677100, '1']])}",
            ],
            "no failed sample at this time",
        ),
    ],
)
def test_prometheus_unusable_input(
    slalang_import: Callable[..., Result],
    tmp_path: Path,
    args: Callable[[Path], list[str]],
    problem: str,
) -> None:
    result = slalang_import("prometheus", *args(tmp_path))
    assert result.exit_code == 2
    assert problem in result.stderr
    assert result.stdout == ""


# PagerDuty and Opsgenie


def test_pagerduty_first_response_is_the_first_human_acknowledgement(
    slalang_import: Callable[..., Result],
) -> None:
    records = _by_id(slalang_import(*RUNS["pagerduty"]))
    logged = records["pagerduty:PT4KHLK"]
    assert logged["first_response"] == "2026-10-07T02:12:00Z"  # not the 02:00:30 event rule
    assert "first_response_automated" not in logged
    automated = records["pagerduty:PQ8ZT21"]
    assert automated["first_response_automated"] is True
    assert automated["severity_raw"] == "high"  # no priority: the urgency
    assert "resolved" not in automated
    analytics = records["pagerduty:PX3AMPL"]
    assert analytics["first_response"] == "2026-10-22T09:37:00Z"  # created + seconds_to_first_ack


def test_pagerduty_resolved_without_a_time_is_an_error(
    slalang_import: Callable[..., Result], tmp_path: Path
) -> None:
    document = json.loads((DATA / "pagerduty" / "incidents.json").read_text(encoding="utf-8"))
    document["incidents"][1]["status"] = "resolved"
    path = tmp_path / "incidents.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    result = slalang_import("pagerduty", str(path))
    assert result.exit_code == 2
    assert f"{path}: incident PQ8ZT21: status resolved, but no resolution time" in result.stderr


def test_opsgenie_report_times_are_millisecond_offsets(
    slalang_import: Callable[..., Result],
) -> None:
    alert = _by_id(slalang_import(*RUNS["opsgenie"]))[
        "opsgenie:70413a06-38d6-4c85-92b8-5ebc900d42e2"
    ]
    assert alert["opened"] == "2026-10-08T06:35:58.123000Z"
    assert alert["first_response"] == "2026-10-08T06:36:13.825000Z"  # + 15702 ms
    assert alert["resolved"] == "2026-10-08T07:36:01.226000Z"  # + 3603103 ms


def test_opsgenie_latest_copy_wins_in_either_order(slalang_import: Callable[..., Result]) -> None:
    key = "opsgenie:5aa0d3a7-0a0e-4bd4-a8bb-1d6b1c7e1f11"
    for files in (
        ["opsgenie/alerts.json", "opsgenie/alert-later.json"],
        ["opsgenie/alert-later.json", "opsgenie/alerts.json"],
    ):
        alert = _by_id(slalang_import("opsgenie", *files))[key]
        assert alert["resolved"] == "2026-10-19T00:02:30.500000Z"


# Ticket exports


def test_jira_history_pauses_and_offsets_without_colon(
    slalang_import: Callable[..., Result],
) -> None:
    records = _by_id(slalang_import(*RUNS["jira"]))
    ticket = records["jira:SUP-101"]
    assert ticket["opened"] == "2026-10-06T09:15:00+02:00"
    assert ticket["severity"] == "S2"
    assert ticket["severity_raw"] == "Major"
    # Medium -> High -> Major (a rename): the history keeps the real change only
    assert ticket["severity_history"] == [
        {"at": "2026-10-06T09:15:00+02:00", "severity": "S3"},
        {"at": "2026-10-06T10:00:00+02:00", "severity": "S2"},
    ]
    assert ticket["pauses"] == [
        {"start": "2026-10-06T10:30:00+02:00", "end": "2026-10-06T12:00:00+02:00"}
    ]
    assert ticket["first_response"] == "2026-10-06T09:45:00+02:00"
    open_pause = records["jira:SUP-102"]
    assert open_pause["pauses"] == [{"start": "2026-10-29T08:00:00Z"}]
    assert "first_response" not in open_pause  # the SLA cycle has not completed


def test_jira_csv_without_a_zone_names_file_and_record(
    slalang_import: Callable[..., Result],
) -> None:
    result = slalang_import("jira", "jira/export.csv", "--map=jira/map.toml")
    assert result.exit_code == 2
    assert (
        "jira/export.csv: issue SUP-101 (line 2): Created: '06/Oct/26 9:15 AM' has no offset"
        in result.stderr
    )


def test_servicenow_naive_api_times_need_a_zone(slalang_import: Callable[..., Result]) -> None:
    result = slalang_import("servicenow", "servicenow/incidents.json", "--map=servicenow/map.toml")
    assert result.exit_code == 2
    assert "incident INC0010042: opened_at: '2026-10-09 07:30:00' has no offset" in result.stderr


def test_servicenow_reads_values_for_times_and_display_values_for_names(
    slalang_import: Callable[..., Result],
) -> None:
    ticket = _by_id(slalang_import(*RUNS["servicenow"]))["servicenow:INC0010042"]
    assert ticket["opened"] == "2026-10-09T07:30:00Z"
    assert ticket["resolved"] == "2026-10-09T11:05:00Z"  # the JSON copy is the later update
    assert ticket["service"] == "im"
    assert ticket["severity_raw"] == "1 - Critical"


def test_zendesk_events_and_metrics(slalang_import: Callable[..., Result]) -> None:
    records = _by_id(slalang_import(*RUNS["zendesk"]))
    urgent = records["zendesk:35436"]
    assert urgent["first_response"] == "2026-10-13T06:18:41Z"  # the exact event, not 9 minutes
    assert urgent["pauses"] == [{"start": "2026-10-13T06:30:00Z", "end": "2026-10-13T07:10:00Z"}]
    unprioritised = records["zendesk:35440"]
    assert unprioritised["severity_raw"] == "none"
    assert unprioritised["first_response"] == "2026-10-27T15:30:00Z"  # created + 30 minutes


def test_a_record_the_models_reject_is_an_error_naming_it(
    slalang_import: Callable[..., Result], tmp_path: Path
) -> None:
    text = (DATA / "jira" / "search.json").read_text(encoding="utf-8")
    path = tmp_path / "search.json"
    path.write_text(
        text.replace(
            '"resolutiondate": "2026-10-07T16:00:00.000+0200"',
            '"resolutiondate": "2026-10-01T16:00:00.000+0200"',
        )
    )
    result = slalang_import("jira", str(path))
    assert result.exit_code == 2
    assert "issue SUP-101: resolved: 2026-10-01T16:00:00+02:00 is before opened" in result.stderr


def test_statuspage_resolved_without_a_time_is_an_error(
    slalang_import: Callable[..., Result], tmp_path: Path
) -> None:
    document = json.loads((DATA / "statuspage" / "incidents.json").read_text(encoding="utf-8"))
    document["incidents"][0]["status"] = "resolved"
    path = tmp_path / "incidents.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    result = slalang_import("statuspage", str(path))
    assert result.exit_code == 2
    assert "incident incb00000001: resolved, but no resolved_at" in result.stderr


def test_epoch_milliseconds_where_a_tool_gives_only_those(
    slalang_import: Callable[..., Result], tmp_path: Path
) -> None:
    document = json.loads((DATA / "jira" / "search.json").read_text(encoding="utf-8"))
    stop = document["issues"][0]["fields"]["customfield_10030"]["completedCycles"][0]["stopTime"]
    del stop["iso8601"]
    path = tmp_path / "search.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    ticket = _by_id(slalang_import("jira", str(path)))["jira:SUP-101"]
    assert ticket["first_response"] == "2026-10-06T07:45:00Z"  # epochMillis 1791272700000
