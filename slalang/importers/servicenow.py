"""ServiceNow incidents: Table API JSON (`GET /api/now/table/incident`, `{"result": [...]}`),
the list's JSONv2 export (`{"records": [...]}`) and its CSV export.

Opened `opened_at`, resolution `resolved_at` (else `closed_at`), severity `priority` (`1` as a raw
value, `1 - Critical` as a display value: map what the export holds), service the field named by
`[servicenow] service_field` (default `business_service`; a reference's `display_value`, else its
`value`), first response the field named by `[servicenow] first_response_field` (none by default:
stock incidents have no such field). The Table API writes times in UTC without an offset, so
pass `--assume-tz UTC` for it (and the user's zone for display values and CSV).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from slalang.importers.build import Context, Version, latest, text
from slalang.importers.failure import ImportFailure
from slalang.importers.inputs import is_csv, member, objects, read_csv, read_json
from slalang.importers.tickets import RawTicket, records
from slalang.records.model import Record

SOURCE = "servicenow"


def _value(value: Any) -> Any:
    """A field's value; references and display-value pairs are objects."""
    if isinstance(value, dict):
        return value.get("display_value") or value.get("value")
    return value


def _raw(path: str, where: str, row: dict[str, Any], ctx: Context) -> Version:
    fields = {key: _value(value) for key, value in row.items()}
    key = text(fields.get("number"), path, where, "number")
    label = f"incident {key}"
    options = ctx.mapping.file.servicenow
    service = fields.get(options.service_field)
    first = fields.get(options.first_response_field) if options.first_response_field else None
    raw = RawTicket(
        source=SOURCE,
        key=key,
        file=path,
        opened=ctx.time(fields.get("opened_at"), path, label, "opened_at"),
        priority=text(fields.get("priority"), path, label, "priority"),
        first_response=ctx.optional_time(first, path, label, options.first_response_field or ""),
        resolved=ctx.optional_time(
            fields.get("resolved_at") or fields.get("closed_at"), path, label, "resolved_at"
        ),
        service=(service,) if isinstance(service, str) and service else (),
        title=fields.get("short_description") or None,
    )
    updated = ctx.optional_time(fields.get("sys_updated_on"), path, label, "sys_updated_on")
    return Version(key, updated, raw)


def _read(path: str, ctx: Context) -> list[Version]:
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


def run(paths: Sequence[str], ctx: Context) -> list[Record]:
    copies = [copy for path in paths for copy in _read(path, ctx)]
    return records(latest(copies, ctx, SOURCE), ctx)
