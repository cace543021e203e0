"""ServiceNow incidents: Table API JSON (`GET /api/now/table/incident`, `{"result": [...]}`),
the list's JSONv2 export (`{"records": [...]}`) and its CSV export.

Opened `opened_at`, resolution `resolved_at` (else `closed_at`), severity `priority` (`1` as a raw
value, `1 - Critical` as a display value: map what the export holds), service the field named by
`[servicenow] service_field` (default `business_service`), first response the field named by
`[servicenow] first_response_field` (none by default: stock incidents have no such field). With
`sysparm_display_value=all` a field is a `{display_value, value}` pair: names come from the display
value, times from the value. The API's time values are UTC without an offset: pass
`--assume-tz UTC` (CSV exports hold display values, in the exporting user's zone).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from slalang.importers.build import ImportContext, Version, latest, text
from slalang.importers.failure import ImportFailure
from slalang.importers.inputs import is_csv, member, objects, read_csv, read_json
from slalang.importers.tickets import RawTicket, records
from slalang.records.model import Record

SOURCE = "servicenow"


def _value(value: Any, key: str) -> Any:
    """A field as text: a reference's or display pair's `display_value` (else `value`), but the
    `value` of a pair of `key` (times: the value is UTC, the display value the user's zone)."""
    if not isinstance(value, dict):
        return value
    return value.get(key) or value.get("value") or value.get("display_value")


def _url(row: dict[str, Any], sys_id: Any) -> str | None:
    """The incident's form, on the instance a reference link names (exports give no host)."""
    for value in row.values():
        link = value.get("link") if isinstance(value, dict) else None
        if isinstance(link, str) and "/api/now/" in link and isinstance(sys_id, str) and sys_id:
            return f"{link.split('/api/now/')[0]}/incident.do?sys_id={sys_id}"
    return None


def _raw(path: str, where: str, row: dict[str, Any], ctx: ImportContext) -> Version:
    def field(name: str | None, key: str = "display_value") -> Any:
        return None if name is None else _value(row.get(name), key)

    def time(name: str | None) -> datetime | None:
        return ctx.optional_time(field(name, "value"), path, label, name or "")

    key = text(field("number"), path, where, "number")
    label = f"incident {key}"
    options = ctx.mapping.file.servicenow
    service = field(options.service_field)
    opened = time("opened_at")
    if opened is None:
        raise ImportFailure(path, label, "opened_at: missing")
    raw = RawTicket(
        source=SOURCE,
        label=label,
        key=key,
        file=path,
        opened=opened,
        priority=text(field("priority"), path, label, "priority"),
        first_response=time(options.first_response_field),
        resolved=time("resolved_at") or time("closed_at"),
        service=(service,) if isinstance(service, str) and service else (),
        title=field("short_description") or None,
        url=_url(row, field("sys_id", "value")),
    )
    return Version(key, time("sys_updated_on"), raw)


def _read(path: str, ctx: ImportContext) -> list[Version]:
    if is_csv(path):
        return [_raw(path, f"line {line}", row, ctx) for line, row in read_csv(path)]
    document = read_json(path)
    rows = member(document, "result", path)
    key = "result"
    if rows is None:
        rows, key = member(document, "records", path), "records"
    if rows is None:
        raise ImportFailure(path, None, "no 'result' or 'records' list: not a ServiceNow export")
    return [
        _raw(path, f"{key}[{index}]", row, ctx)
        for index, row in enumerate(objects(rows, key, path))
    ]


def run(paths: Sequence[str], ctx: ImportContext) -> list[Record]:
    copies = [copy for path in paths for copy in _read(path, ctx)]
    return records(latest(copies, ctx, SOURCE), ctx)
