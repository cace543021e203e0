"""PagerDuty REST API v2: incidents (`GET /incidents`, `GET /incidents/{id}`), their log entries
(`GET /log_entries`, `GET /incidents/{id}/log_entries`) and raw incident analytics
(`POST /analytics/raw/incidents`), in any mix of files; records are joined by incident id.

First response: the first acknowledgement by a user in the log entries; else `created_at` plus the
analytics' `seconds_to_first_ack`; else the first acknowledgement by anything else (integrations,
automation), marked `first_response_automated`. Resolution: the first `resolve_log_entry`, else
`resolved_at`. Severity: the priority's name, else the urgency.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from slalang.importers.build import ImportContext, Version, later, latest
from slalang.importers.failure import ImportFailure
from slalang.importers.inputs import member, member_or_one, objects, read_json
from slalang.importers.tickets import RawTicket, records
from slalang.records.model import Record

SOURCE = "pagerduty"
HUMAN = "user_reference"
SECOND = Decimal(1)


@dataclass
class Found:
    incidents: list[Version] = field(default_factory=list)
    analytics: list[Version] = field(default_factory=list)
    entries: dict[str, list[tuple[str, dict[str, Any]]]] = field(default_factory=dict)


def _read(path: str, found: Found, ctx: ImportContext) -> None:
    document = read_json(path)
    incidents = member_or_one(document, "incidents", "incident", path)
    entries = member(document, "log_entries", path)
    analytics = member(document, "data", path)
    if incidents is None and entries is None and analytics is None:
        raise ImportFailure(path, None, "no 'incidents', 'incident', 'log_entries' or 'data' list")
    for key, items, into in (
        ("incidents", incidents, found.incidents),
        ("data", analytics, found.analytics),
    ):
        for index, item in enumerate(objects(items or [], key, path)):
            ident = item.get("id")
            if not isinstance(ident, str) or not ident:
                raise ImportFailure(path, f"{key}[{index}]", "id: missing")
            updated = item.get("updated_at") or item.get("last_status_change_at")
            when = ctx.optional_time(updated, path, f"incident {ident}", "updated_at")
            into.append(Version(ident, when, (path, item)))
    for index, entry in enumerate(objects(entries or [], "log_entries", path)):
        incident = entry.get("incident")
        if not isinstance(incident, dict) or not isinstance(incident.get("id"), str):
            raise ImportFailure(path, f"log_entries[{index}]", "incident.id: missing")
        found.entries.setdefault(incident["id"], []).append((path, entry))


def _entry_times(
    entries: list[tuple[str, dict[str, Any]]], kind: str, ctx: ImportContext, label: str
) -> list[tuple[datetime, bool]]:
    """Times of the log entries of `kind`, each with whether a user did it, in time order."""
    out = []
    for path, entry in entries:
        if entry.get("type") == kind:
            at = ctx.time(entry.get("created_at"), path, label, f"{kind}.created_at")
            agent = entry.get("agent")
            by_user = isinstance(agent, dict) and agent.get("type") == HUMAN
            out.append((at, by_user))
    return sorted(out)


def _raw(
    ident: str,
    primary: tuple[str, dict[str, Any]],
    stats: dict[str, Any],
    entries: list[tuple[str, dict[str, Any]]],
    ctx: ImportContext,
) -> RawTicket:
    """One incident from its REST object (else its analytics row), analytics and log entries."""
    path, item = primary
    label = f"incident {ident}"
    opened = ctx.time(item.get("created_at"), path, label, "created_at")
    priority = item.get("priority")
    severity = (
        priority.get("summary") or priority.get("name")
        if isinstance(priority, dict)
        else item.get("priority_name") or stats.get("priority_name")
    ) or item.get("urgency")
    if not isinstance(severity, str):
        raise ImportFailure(path, label, "neither a priority nor an urgency")
    acks = _entry_times(entries, "acknowledge_log_entry", ctx, label)
    first_ack = next((at for at, by_user in acks if by_user), None)
    automated = False
    seconds = stats.get("seconds_to_first_ack")
    if first_ack is None and seconds is not None:
        first_ack = later(opened, seconds, SECOND, path, label, "seconds_to_first_ack")
    if first_ack is None and acks:
        first_ack, automated = acks[0][0], True
    resolves = _entry_times(entries, "resolve_log_entry", ctx, label)
    resolved = resolves[0][0] if resolves else None
    if resolved is None:
        end = item.get("resolved_at") or stats.get("resolved_at")
        resolved = ctx.optional_time(end, path, label, "resolved_at")
    if resolved is None and item.get("status") == "resolved":
        raise ImportFailure(path, label, "status resolved, but no resolution time in the exports")
    service = item.get("service")
    names = (
        (service.get("summary"), service.get("id"))
        if isinstance(service, dict)
        else (item.get("service_name"), item.get("service_id"))
    )
    return RawTicket(
        source=SOURCE,
        label=label,
        key=ident,
        file=path,
        opened=opened,
        priority=severity,
        first_response=first_ack,
        first_response_automated=automated,
        resolved=resolved,
        service=tuple(str(name) for name in names if name),
        url=item.get("html_url"),
        title=item.get("title") or item.get("description"),
    )


def run(paths: Sequence[str], ctx: ImportContext) -> list[Record]:
    found = Found()
    for path in paths:
        _read(path, found, ctx)
    incidents = {item[1]["id"]: item for item in latest(found.incidents, ctx, SOURCE)}
    analytics = {item[1]["id"]: item for item in latest(found.analytics, ctx, SOURCE)}
    for ident in sorted(set(found.entries) - set(incidents) - set(analytics)):
        ctx.note(
            found.entries[ident][0][0],
            f"incident {ident}",
            "log entries of an incident in no incidents or analytics export; left out",
        )
    raws = [
        _raw(
            ident,
            incidents.get(ident) or analytics[ident],
            analytics[ident][1] if ident in analytics else {},
            found.entries.get(ident, []),
            ctx,
        )
        for ident in sorted(set(incidents) | set(analytics))
    ]
    return records(raws, ctx)
