"""Jira Service Management: REST search results (`GET /rest/api/2/search?expand=changelog`,
`{"issues": [...]}`) and the issue navigator's CSV export.

From JSON: opened `created`, resolution `resolutiondate`, first response the stop time of the first
completed cycle of the SLA field named `[jira] first_response_sla` (default "Time to first
response"), priority changes from the changelog (the first change's `fromString` is the priority
at opening), pauses while the status is one of `[jira] pause_statuses` (default "Waiting for
customer"), service the first component. From CSV (columns `Issue key`, `Created`, `Resolved`,
`Priority`, `Component/s`, `Updated`): no first response, history or pauses (CSV has none).
Jira writes `+0000` offsets; CSV dates follow the user's format: set `date_format` in [options].
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from slalang.importers.build import ImportContext, Version, latest, obj, objs, text
from slalang.importers.failure import ImportFailure
from slalang.importers.inputs import is_csv, member, objects, read_csv, read_json
from slalang.importers.tickets import RawTicket, pause_spans, records
from slalang.records.model import Record

SOURCE = "jira"


def _changes(
    issue: dict[str, Any], name: str, ctx: ImportContext, path: str, label: str
) -> list[tuple[datetime, str | None, str | None]]:
    """(time, from, to) of each change of the field `name`, in time order."""
    changelog = obj(issue.get("changelog"), path, label, "changelog")
    out = []
    for history in objs(changelog.get("histories"), path, label, "changelog.histories"):
        for item in objs(history.get("items"), path, label, "changelog.histories.items"):
            if item.get("field") == name:
                at = ctx.time(history.get("created"), path, label, "changelog.created")
                ends = (item.get("fromString"), item.get("toString"))
                if not all(end is None or isinstance(end, str) for end in ends):
                    raise ImportFailure(path, label, f"changelog: a {name} change is not text")
                out.append((at, *ends))
    return sorted(out, key=lambda change: change[0])


def _first_response(
    fields: dict[str, Any], ctx: ImportContext, path: str, label: str
) -> datetime | None:
    wanted = ctx.mapping.file.jira.first_response_sla
    for value in fields.values():
        if isinstance(value, dict) and value.get("name") == wanted:
            cycles = objs(value.get("completedCycles"), path, label, f"{wanted}.completedCycles")
            if not cycles:
                return None
            stop = obj(cycles[0].get("stopTime"), path, label, f"{wanted}.stopTime")
            moment = stop.get("iso8601") or stop.get("epochMillis")
            return ctx.time(moment, path, label, f"{wanted}.completedCycles[0].stopTime")
    return None


def _pauses(
    issue: dict[str, Any], opened: datetime, ctx: ImportContext, path: str, label: str
) -> list[tuple[datetime, datetime | None]]:
    """The spans in a waiting status, from the status changes (and the status at opening)."""
    waiting = ctx.mapping.file.jira.pause_statuses
    changes = _changes(issue, "status", ctx, path, label)
    at_opening = [(opened, True)] if changes and changes[0][1] in waiting else []
    return pause_spans([*at_opening, *((at, to in waiting) for at, _, to in changes)])


def _browse(issue: dict[str, Any], key: str) -> str | None:
    link = issue.get("self")
    if not isinstance(link, str):
        return None
    parts = urlsplit(link)
    return f"{parts.scheme}://{parts.netloc}/browse/{key}"


def _from_json(path: str, issue: dict[str, Any], ctx: ImportContext) -> RawTicket:
    key = text(issue.get("key"), path, "an issue", "key")
    label = f"issue {key}"
    fields = obj(issue.get("fields"), path, label, "fields")
    opened = ctx.time(fields.get("created"), path, label, "fields.created")
    priority = obj(fields.get("priority"), path, label, "fields.priority")
    changes = _changes(issue, "priority", ctx, path, label)
    components = [c.get("name") for c in objs(fields.get("components"), path, label, "components")]
    return RawTicket(
        source=SOURCE,
        label=label,
        key=key,
        file=path,
        opened=opened,
        priority=text(priority.get("name"), path, label, "fields.priority.name"),
        priority_changes=[(at, to) for at, _, to in changes if to],
        initial_priority=changes[0][1] if changes else None,
        first_response=_first_response(fields, ctx, path, label),
        resolved=ctx.optional_time(
            fields.get("resolutiondate"), path, label, "fields.resolutiondate"
        ),
        pauses=_pauses(issue, opened, ctx, path, label),
        service=tuple(name for name in components[:1] if isinstance(name, str)),
        url=_browse(issue, key),
        title=fields.get("summary"),
    )


def _from_row(path: str, line: int, row: dict[str, str], ctx: ImportContext) -> RawTicket:
    key = text(row.get("Issue key"), path, f"line {line}", "Issue key")
    label = f"issue {key} (line {line})"
    component = row.get("Component/s", "").strip()
    return RawTicket(
        source=SOURCE,
        label=label,
        key=key,
        file=path,
        opened=ctx.time(row.get("Created"), path, label, "Created"),
        priority=text(row.get("Priority"), path, label, "Priority"),
        resolved=ctx.optional_time(row.get("Resolved"), path, label, "Resolved"),
        service=(component,) if component else (),
        title=row.get("Summary") or None,
    )


def _read(path: str, ctx: ImportContext) -> list[Version]:
    if is_csv(path):
        out = []
        for line, row in read_csv(path):
            raw = _from_row(path, line, row, ctx)
            updated = ctx.optional_time(row.get("Updated"), path, raw.label, "Updated")
            out.append(Version(raw.key, updated, raw))
        return out
    document = read_json(path)
    issues = member(document, "issues", path)
    if issues is None:
        raise ImportFailure(path, None, "no 'issues' list: not a Jira search result")
    found = []
    for issue in objects(issues, "issues", path):
        raw = _from_json(path, issue, ctx)
        updated = ctx.optional_time(
            obj(issue.get("fields"), path, raw.label, "fields").get("updated"),
            path,
            raw.label,
            "fields.updated",
        )
        found.append(Version(raw.key, updated, raw))
    return found


def run(paths: Sequence[str], ctx: ImportContext) -> list[Record]:
    copies = [copy for path in paths for copy in _read(path, ctx)]
    return records(latest(copies, ctx, SOURCE), ctx)
