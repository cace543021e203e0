"""Zendesk Support API: tickets (`GET /api/v2/tickets`, incremental exports, `{"ticket": {...}}`),
ticket metrics (`{"ticket_metrics": [...]}` or side-loaded `{"metric_sets": [...]}`) and ticket
metric events (`GET /api/v2/incremental/ticket_metric_events`), joined by ticket id.

Opened `created_at`; first response the first `fulfill` event of `reply_time`, else `created_at`
plus the metrics' `reply_time_in_minutes.calendar` (whole minutes); resolution the metrics'
`solved_at`; pauses the `requester_wait_time` metric's `pause`..`activate` spans (the ticket was
pending: waiting on the customer); severity `priority`, and `none` where the ticket has none.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from slalang.importers.build import ImportContext, Version, later, latest, obj, text
from slalang.importers.failure import ImportFailure
from slalang.importers.inputs import member, member_or_one, objects, read_json
from slalang.importers.tickets import RawTicket, pause_spans, records
from slalang.records.model import Record

SOURCE = "zendesk"
NO_PRIORITY = "none"
MINUTE = Decimal(60)


@dataclass
class Found:
    tickets: list[Version] = field(default_factory=list)
    metrics: dict[str, tuple[str, dict[str, Any]]] = field(default_factory=dict)
    events: dict[str, list[tuple[str, dict[str, Any]]]] = field(default_factory=dict)


def _ticket_id(item: dict[str, Any], key: str, path: str, where: str) -> str:
    return text(item.get(key), path, where, key)


def _read(path: str, found: Found, ctx: ImportContext) -> None:
    document = read_json(path)
    tickets = member_or_one(document, "tickets", "ticket", path)
    metrics = (member(document, "ticket_metrics", path) or []) + (
        member(document, "metric_sets", path) or []
    )
    events = member(document, "ticket_metric_events", path)
    if tickets is None and not metrics and events is None:
        raise ImportFailure(path, None, "no 'tickets', 'ticket_metrics' or 'ticket_metric_events'")
    for index, ticket in enumerate(objects(tickets or [], "tickets", path)):
        ident = _ticket_id(ticket, "id", path, f"tickets[{index}]")
        updated = ctx.optional_time(ticket.get("updated_at"), path, f"ticket {ident}", "updated_at")
        found.tickets.append(Version(ident, updated, (path, ticket)))
    for index, metric in enumerate(objects(metrics, "ticket_metrics", path)):
        found.metrics[_ticket_id(metric, "ticket_id", path, f"ticket_metrics[{index}]")] = (
            path,
            metric,
        )
    for index, event in enumerate(objects(events or [], "ticket_metric_events", path)):
        ident = _ticket_id(event, "ticket_id", path, f"ticket_metric_events[{index}]")
        found.events.setdefault(ident, []).append((path, event))


def _events(
    events: list[tuple[str, dict[str, Any]]], metric: str, ctx: ImportContext, label: str
) -> list[tuple[datetime, str]]:
    out = [
        (ctx.time(event.get("time"), path, label, f"{metric} event time"), str(event.get("type")))
        for path, event in events
        if event.get("metric") == metric
    ]
    return sorted(out, key=lambda pair: pair[0])


_PAUSES = {"pause": True, "activate": False, "fulfill": False}  # event type -> paused after it


def _pauses(events: list[tuple[datetime, str]]) -> list[tuple[datetime, datetime | None]]:
    return pause_spans((at, _PAUSES.get(kind)) for at, kind in events)


def _url(ticket: dict[str, Any], ident: str) -> str | None:
    link = ticket.get("url")
    if not isinstance(link, str) or "/api/v2/" not in link:
        return None
    return f"{link.split('/api/v2/')[0]}/agent/tickets/{ident}"


def _raw(path: str, ticket: dict[str, Any], found: Found, ctx: ImportContext) -> RawTicket:
    ident = str(ticket["id"])
    label = f"ticket {ident}"
    opened = ctx.time(ticket.get("created_at"), path, label, "created_at")
    metric_path, metric = found.metrics.get(ident, (path, {}))
    events = found.events.get(ident, [])
    replies = [at for at, kind in _events(events, "reply_time", ctx, label) if kind == "fulfill"]
    first = replies[0] if replies else None
    reply = obj(metric.get("reply_time_in_minutes"), metric_path, label, "reply_time_in_minutes")
    if first is None and reply.get("calendar") is not None:
        name = "reply_time_in_minutes.calendar"
        first = later(opened, reply["calendar"], MINUTE, metric_path, label, name)
    priority = ticket.get("priority")
    return RawTicket(
        source=SOURCE,
        label=label,
        key=ident,
        file=path,
        opened=opened,
        priority=priority if isinstance(priority, str) and priority else NO_PRIORITY,
        first_response=first,
        resolved=ctx.optional_time(metric.get("solved_at"), metric_path, label, "solved_at"),
        pauses=_pauses(_events(events, "requester_wait_time", ctx, label)),
        url=_url(ticket, ident),
        title=ticket.get("subject"),
    )


def run(paths: Sequence[str], ctx: ImportContext) -> list[Record]:
    found = Found()
    for path in paths:
        _read(path, found, ctx)
    tickets = latest(found.tickets, ctx, SOURCE)
    known = {str(ticket["id"]) for _, ticket in tickets}
    for ident in sorted(set(found.metrics) - known):
        ctx.note(
            found.metrics[ident][0],
            f"ticket {ident}",
            "metrics of a ticket in no tickets export; left out",
        )
    return records([_raw(path, ticket, found, ctx) for path, ticket in tickets], ctx)
