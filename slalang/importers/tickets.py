"""Tool-neutral tickets and alerts, and how they become canonical `ticket` or `outage` records.

Each ticket importer reads its tool's export into `RawTicket`s; this module maps priorities and
services, turns priority changes into `severity_history` (consecutive equal severities, such as a
renamed priority, collapse) and validates the record.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from slalang.importers.build import ImportContext, make
from slalang.importers.failure import ImportFailure
from slalang.records.model import Record


@dataclass
class RawTicket:
    source: str
    key: str  # the tool's id of the ticket or incident
    file: str
    opened: datetime
    priority: str  # the current (final) priority as the tool names it
    priority_changes: list[tuple[datetime, str]] = field(default_factory=list)  # after opening
    initial_priority: str | None = None  # when the changes say what it was at first
    first_response: datetime | None = None
    first_response_automated: bool = False
    resolved: datetime | None = None
    pauses: list[tuple[datetime, datetime | None]] = field(default_factory=list)
    service: tuple[str, ...] = ()  # the service's names in the tool, most specific first
    url: str | None = None
    title: str | None = None
    label: str = ""  # how errors name it, e.g. "issue SUP-12"; default "SOURCE KEY"

    def __post_init__(self) -> None:
        self.label = self.label or f"{self.source} {self.key}"

    @property
    def record_id(self) -> str:
        return f"{self.source}:{self.key}"


def pause_spans(
    marks: Iterable[tuple[datetime, bool | None]],
) -> list[tuple[datetime, datetime | None]]:
    """The pauses that time-ordered marks describe: True pauses, False resumes, None neither.

    A pause while paused and a resume while running change nothing; a pause never resumed has no
    end.
    """
    pauses: list[tuple[datetime, datetime | None]] = []
    start: datetime | None = None
    for at, paused in marks:
        if paused is True and start is None:
            start = at
        elif paused is False and start is not None:
            pauses.append((start, at))
            start = None
    if start is not None:
        pauses.append((start, None))
    return pauses


def _history(raw: RawTicket, ctx: ImportContext) -> list[tuple[datetime, str]]:
    """The mapped severity at opening and at each change; consecutive repeats collapse."""
    first = raw.initial_priority or raw.priority
    steps = [(raw.opened, first), *sorted(raw.priority_changes, key=lambda step: step[0])]
    out: list[tuple[datetime, str]] = []
    for at, priority in steps:
        severity = ctx.mapping.severity(priority, raw.label, raw.file)
        if not out or out[-1][1] != severity:
            out.append((at, severity))
    return out


def ticket_record(raw: RawTicket, ctx: ImportContext) -> Record | None:
    """The canonical ticket, or None when its service is unmapped and the mapping drops those."""
    service = None
    if raw.service:
        service = ctx.service(raw.service, raw.label, raw.file)
        if service is None:
            return None
    history = _history(raw, ctx)
    final = ctx.mapping.severity(raw.priority, raw.label, raw.file)
    data = {
        "id": raw.record_id,
        "source": raw.source,
        "source_id": raw.key,
        "source_url": raw.url,
        "severity": final,
        "opened": raw.opened,
        "first_response": raw.first_response,
        "first_response_automated": raw.first_response_automated,
        "resolved": raw.resolved,
        "pauses": [list(pause) for pause in raw.pauses],
        "severity_history": [list(step) for step in history] if len(history) > 1 else None,
        "service": service,
        "severity_raw": raw.priority,
    }
    return make("ticket", data, raw.file, raw.label)


def outage_record(raw: RawTicket, ctx: ImportContext) -> Record | None:
    """The alert or incident as an outage from opening to resolution (None: service dropped)."""
    if not raw.service:
        raise ImportFailure(raw.file, raw.label, "no service: an outage needs one")
    service = ctx.service(raw.service, raw.label, raw.file)
    if service is None:
        return None
    data = {
        "id": raw.record_id,
        "source": raw.source,
        "source_id": raw.key,
        "source_url": raw.url,
        "service": service,
        "start": raw.opened,
        "end": raw.resolved,
        "impact": ctx.mapping.impact(raw.priority, raw.label, raw.file),
        "severity_raw": raw.priority,
        "title": raw.title,
    }
    return make("outage", data, raw.file, raw.label)


def records(raws: list[RawTicket], ctx: ImportContext) -> list[Record]:
    """Every raw ticket as a ticket (the default) or as an outage (`--as outage`)."""
    convert = outage_record if ctx.as_kind == "outage" else ticket_record
    return [record for raw in raws if (record := convert(raw, ctx)) is not None]
