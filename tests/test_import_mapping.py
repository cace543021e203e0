"""The mapping file: loading, strict lookups, explicit dropping, pass-through without tables."""

from __future__ import annotations

from pathlib import Path

import pytest

from slalang.importers import ImportFailure, import_files, load_mapping

DATA = Path(__file__).resolve().parent / "data" / "import"
STATUSPAGE = str(DATA / "statuspage" / "incidents.json")
OPSGENIE = str(DATA / "opsgenie" / "alerts.json")


def _mapping(tmp_path: Path, text: str) -> str:
    path = tmp_path / "map.toml"
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("[services\n", "not valid TOML"),
        ('[servics]\n"A" = "a"\n', "servics: unknown key"),
        ('[impacts]\nP1 = "down"\n', "impacts.P1: Input should be"),
        ('[prometheus]\nstep = "15 seconds"\n', "prometheus.step: String should match"),
        ('[options]\nunmapped_services = "ignore"\n', "options.unmapped_services"),
        ('[prometheus]\nup_at_least = "high"\n', "prometheus.up_at_least"),
    ],
)
def test_a_bad_mapping_file_is_named_with_the_key(tmp_path: Path, text: str, problem: str) -> None:
    path = _mapping(tmp_path, text)
    with pytest.raises(ImportFailure, match=problem) as caught:
        load_mapping(path)
    assert caught.value.file == path


def test_a_missing_mapping_file(tmp_path: Path) -> None:
    with pytest.raises(ImportFailure, match="cannot read"):
        load_mapping(str(tmp_path / "absent.toml"))


def test_without_tables_names_pass_through() -> None:
    records, _ = import_files("opsgenie", [OPSGENIE])
    assert {r.model_dump()["service"] for r in records} == {"Messaging API", "Voice"}
    assert {r.model_dump()["severity"] for r in records} == {"P1", "P3"}


def test_an_unmapped_component_names_the_record_and_the_missing_entry(tmp_path: Path) -> None:
    mapping = load_mapping(_mapping(tmp_path, '[services]\n"Voice" = "voice"\n'))
    with pytest.raises(ImportFailure) as caught:
        import_files("statuspage", [STATUSPAGE], mapping)
    failure = caught.value
    assert failure.file == STATUSPAGE
    assert failure.record == "incident incb00000001 component 'Dashboard'"
    assert "'Dashboard' has no entry in [services]" in failure.message
    assert any('unmapped_services = "drop"' in hint for hint in failure.hints)


def test_dropping_unmapped_services_is_explicit(tmp_path: Path) -> None:
    text = '[services]\n"Voice" = "voice"\n[options]\nunmapped_services = "drop"\n'
    records, notes = import_files(
        "statuspage", [STATUSPAGE], load_mapping(_mapping(tmp_path, text))
    )
    assert records
    assert {r.model_dump()["service"] for r in records} == {"voice"}
    assert "unmapped services left out: 'Dashboard' (2), 'Messaging API' (2)" in notes[-1]


def test_a_services_entry_may_name_the_component_id(tmp_path: Path) -> None:
    text = '[services]\n"Messaging API" = "im"\n"Voice" = "voice"\ndash00000001 = "console"\n'
    records, _ = import_files("statuspage", [STATUSPAGE], load_mapping(_mapping(tmp_path, text)))
    assert "console" in {r.model_dump()["service"] for r in records}


def test_an_unmapped_priority_is_an_error(tmp_path: Path) -> None:
    mapping = load_mapping(_mapping(tmp_path, '[severities]\nP1 = "S1"\n'))
    with pytest.raises(ImportFailure, match="'P3' has no entry in \\[severities\\]") as caught:
        import_files("opsgenie", [OPSGENIE], mapping)
    assert caught.value.record == "alert 5aa0d3a7-0a0e-4bd4-a8bb-1d6b1c7e1f11"


def test_alerts_as_outages_need_an_impacts_table() -> None:
    with pytest.raises(ImportFailure, match="no \\[impacts\\] table") as caught:
        import_files("opsgenie", [OPSGENIE], as_kind="outage")
    assert caught.value.hints


def test_statuspage_impacts_override_single_statuses(tmp_path: Path) -> None:
    text = '[impacts]\ndegraded_performance = "none"\n'
    records, _ = import_files("statuspage", [STATUSPAGE], load_mapping(_mapping(tmp_path, text)))
    impacts = {r.model_dump()["impact"] for r in records}
    assert "degraded_performance" not in impacts
    assert "major_outage" in impacts
