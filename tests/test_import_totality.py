"""Totality: an export with any one value replaced by any other JSON value imports or fails with
one `ImportFailure` naming the file; never another exception (which would be a traceback)."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from slalang.importers import ImportFailure, import_files, load_mapping
from tests.fuzz.mutations import paths, replaced

UTC = ZoneInfo("UTC")  # ServiceNow's API times have no offset
DATA = Path(__file__).resolve().parent / "data" / "import"
FILES = {
    "statuspage": ["statuspage/incidents.json", "statuspage/scheduled-maintenances.json"],
    "pagerduty": [
        "pagerduty/incidents.json",
        "pagerduty/log_entries.json",
        "pagerduty/analytics.json",
    ],
    "opsgenie": ["opsgenie/alerts.json"],
    "jira": ["jira/search.json"],
    "servicenow": ["servicenow/incidents.json"],
    "zendesk": [
        "zendesk/tickets.json",
        "zendesk/ticket_metrics.json",
        "zendesk/ticket_metric_events.json",
    ],
    "prometheus": ["prometheus/probe.json"],
}
DOCUMENTS = {
    name: [json.loads((DATA / path).read_text(encoding="utf-8")) for path in paths]
    for name, paths in FILES.items()
}
values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**20), 10**20)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=6,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(FILES)), st.data(), values)
def test_any_one_value_changed_imports_or_fails_cleanly(
    name: str, data: st.DataObject, value: Any
) -> None:
    documents = DOCUMENTS[name]
    which = data.draw(st.integers(0, len(documents) - 1))
    path = data.draw(st.sampled_from(paths(documents[which])))
    with tempfile.TemporaryDirectory() as folder:
        inputs = []
        for index, document in enumerate(documents):
            changed = replaced(document, path, value) if index == which else document
            file = Path(folder) / f"{index}.json"
            file.write_text(json.dumps(changed), encoding="utf-8")
            inputs.append(str(file))
        try:
            import_files(name, inputs, load_mapping(str(DATA / name / "map.toml")), UTC)
        except ImportFailure as failure:
            assert failure.file in (*inputs, name)
