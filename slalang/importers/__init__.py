"""Importers: exports of the tools people use, turned into canonical records (`slalang.records/v1`).

    records, notes = import_files("statuspage", ["incidents.json"], mapping=load_mapping("map.toml"))

Each format is one module with `run(inputs, context) -> records`; every record is validated by the
canonical models before it is returned, and the output is ordered by time, then id.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from slalang.importers import (
    jira,
    opsgenie,
    pagerduty,
    prometheus,
    servicenow,
    statuspage,
    zendesk,
)
from slalang.importers.build import ImportContext, to_json_line
from slalang.importers.failure import ImportFailure
from slalang.importers.mapping import Mapping, load_mapping
from slalang.records.model import Record

Importer = Callable[[Sequence[str], ImportContext], list[Record]]
IMPORTERS: dict[str, Importer] = {
    "jira": jira.run,
    "opsgenie": opsgenie.run,
    "pagerduty": pagerduty.run,
    "prometheus": prometheus.run,
    "servicenow": servicenow.run,
    "statuspage": statuspage.run,
    "zendesk": zendesk.run,
}
ALERT_FORMATS = frozenset({"pagerduty", "opsgenie"})  # the formats `as_kind` applies to
_TIME_FIELDS = ("start", "opened", "interval_start")


def _order(record: Record) -> tuple[datetime, str]:
    when = next(getattr(record, name) for name in _TIME_FIELDS if hasattr(record, name))
    return when, record.id


def import_files(
    format: str,
    inputs: Sequence[str],
    mapping: Mapping | None = None,
    assume_tz: ZoneInfo | None = None,
    as_kind: str | None = None,
) -> tuple[list[Record], list[str]]:
    """The records of `inputs` read as `format`, in time order, and notes for the user.

    Raises `ImportFailure` (naming the file and the record) for input that cannot be used.
    """
    if as_kind is not None and format not in ALERT_FORMATS:
        raise ImportFailure(
            format, None, f"--as applies to {' and '.join(sorted(ALERT_FORMATS))} only"
        )
    context = ImportContext(mapping or Mapping(), assume_tz, as_kind)
    records = IMPORTERS[format](inputs, context)
    if context.dropped:
        names = ", ".join(f"{name!r} ({count})" for name, count in sorted(context.dropped.items()))
        context.notes.append(f"{format}: records of unmapped services left out: {names}")
    return sorted(records, key=_order), context.notes


__all__ = ["IMPORTERS", "ImportFailure", "import_files", "load_mapping", "to_json_line"]
