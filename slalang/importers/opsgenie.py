"""Opsgenie Alert API v2: `GET /v2/alerts` (`{"data": [...]}`) and `GET /v2/alerts/{id}`
(`{"data": {...}}`).

`report.ackTime` and `report.closeTime` are milliseconds after `createdAt`: the first response and
the resolution. The severity is `priority` (P1-P5); the service is the alert field named by
`[opsgenie] service_field` (default `entity`). Copies of one alert merge by `id` (the latest
`updatedAt` wins).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from slalang.importers.build import ImportContext, Version, later, latest, obj, text
from slalang.importers.failure import ImportFailure
from slalang.importers.inputs import objects, read_json
from slalang.importers.tickets import RawTicket, records
from slalang.records.model import Record

SOURCE = "opsgenie"


def _read(path: str, ctx: ImportContext) -> list[Version]:
    document = read_json(path)
    data = document.get("data") if isinstance(document, dict) else None
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        raise ImportFailure(path, None, "no 'data' list or object: not an Opsgenie alert export")
    out = []
    for index, alert in enumerate(objects(data, "data", path)):
        ident = text(alert.get("id"), path, f"data[{index}]", "id")
        updated = ctx.optional_time(alert.get("updatedAt"), path, f"alert {ident}", "updatedAt")
        out.append(Version(ident, updated, (path, alert)))
    return out


MILLISECOND = Decimal("0.001")


def _after(
    opened: datetime, report: dict[str, Any], key: str, path: str, label: str
) -> datetime | None:
    """`opened` plus the report's milliseconds `key` (None: not yet)."""
    value = report.get(key)
    return (
        None if value is None else later(opened, value, MILLISECOND, path, label, f"report.{key}")
    )


def _raw(path: str, alert: dict[str, Any], ctx: ImportContext) -> RawTicket:
    ident = str(alert["id"])
    label = f"alert {ident}"
    opened = ctx.time(alert.get("createdAt"), path, label, "createdAt")
    report = obj(alert.get("report"), path, label, "report")
    service = alert.get(ctx.mapping.file.opsgenie.service_field)
    return RawTicket(
        source=SOURCE,
        label=label,
        key=ident,
        file=path,
        opened=opened,
        priority=text(alert.get("priority"), path, label, "priority"),
        first_response=_after(opened, report, "ackTime", path, label),
        resolved=_after(opened, report, "closeTime", path, label),
        service=(service,) if isinstance(service, str) and service else (),
        title=alert.get("message"),
    )


def run(paths: Sequence[str], ctx: ImportContext) -> list[Record]:
    copies = [copy for path in paths for copy in _read(path, ctx)]
    return records([_raw(path, alert, ctx) for path, alert in latest(copies, ctx, SOURCE)], ctx)
