"""Atlassian Statuspage: `incidents.json`, `summary.json`, `scheduled-maintenances.json` (public
API, also their `unresolved`/`upcoming`/`active` variants) and the manage API's incident list.

Incidents become one outage per component and run of one status: each update's
`affected_components` sets a component's status from the update's time (`display_at`, else
`created_at`); a change of status ends the run and starts the next; resolution ends them all; an
unresolved incident leaves its last run open (`end` null), and the current status of its components
(at their `updated_at`) is its last step. Maintenances become one outage per component with impact
`maintenance`, from the first `in_progress` update to the resolution (the actual end counts, also
past `scheduled_until`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from slalang.importers.build import ImportContext, Version, latest, make, objs, text
from slalang.importers.failure import ImportFailure
from slalang.importers.inputs import member, objects, read_json
from slalang.model import Impact
from slalang.records.model import Record

SOURCE = "statuspage"
STATUS_IMPACTS: dict[str, Impact] = {
    "operational": "none",
    "degraded_performance": "degraded_performance",
    "partial_outage": "partial_outage",
    "major_outage": "major_outage",
    "under_maintenance": "maintenance",
}
MAINTENANCE_STATES = ("scheduled", "in_progress", "verifying", "completed")
StatusRun = tuple[datetime, datetime | None, Impact]


@dataclass(frozen=True)
class Incident:
    data: dict[str, Any]
    file: str
    page_url: str | None
    maintenance: bool

    @property
    def key(self) -> str:
        return str(self.data["id"])

    @property
    def label(self) -> str:
        return f"{'maintenance' if self.maintenance else 'incident'} {self.key}"

    @property
    def url(self) -> str | None:
        if self.page_url:
            return f"{self.page_url.rstrip('/')}/incidents/{self.key}"
        link = self.data.get("shortlink")
        return link if isinstance(link, str) else None

    def time(self, ctx: ImportContext, name: str) -> datetime:
        return ctx.time(self.data.get(name), self.file, self.label, name)

    def optional_time(self, ctx: ImportContext, name: str) -> datetime | None:
        return ctx.optional_time(self.data.get(name), self.file, self.label, name)

    def updates(self, ctx: ImportContext) -> list[tuple[datetime, dict[str, Any]]]:
        """The updates in time order, each with its time."""
        updates = self.data.get("incident_updates") or []
        if not isinstance(updates, list) or not all(isinstance(u, dict) for u in updates):
            raise ImportFailure(self.file, self.label, "incident_updates: not a list of objects")
        timed = []
        for index, update in enumerate(updates):
            moment = update.get("display_at") or update.get("created_at")
            where = f"incident_updates[{index}].created_at"
            timed.append((ctx.time(moment, self.file, self.label, where), update))
        return sorted(reversed(timed), key=lambda pair: pair[0])  # the API lists newest first


@dataclass
class Component:
    id: str
    name: str
    steps: list[tuple[datetime, str]] = field(default_factory=list)


def read(path: str) -> list[Incident]:
    """The incidents and maintenances of one export file."""
    document = read_json(path)
    page = document.get("page") if isinstance(document, dict) else None
    url = page.get("url") if isinstance(page, dict) else None
    page_url = url if isinstance(url, str) else None
    keys = ("incidents", "scheduled_maintenances")
    lists = [(key, member(document, key, path)) for key in keys]
    if isinstance(document, list):
        lists = [("incidents", document)]
    elif all(items is None for _, items in lists):
        raise ImportFailure(path, None, "no 'incidents' or 'scheduled_maintenances' list")
    found: list[Incident] = []
    for key, items in lists:
        for index, item in enumerate(objects(items or [], key, path)):
            text(item.get("id"), path, f"{key}[{index}]", "id")
            maintenance = key == keys[1] or item.get("status") in MAINTENANCE_STATES
            found.append(Incident(item, path, page_url, maintenance))
    return found


def _component(found: dict[str, Component], item: Any, key: str, incident: Incident) -> Component:
    if not isinstance(item, dict) or item.get(key) is None:
        raise ImportFailure(incident.file, incident.label, f"a component without {key!r}")
    ident = str(item[key])
    component = found.setdefault(ident, Component(ident, ident))
    if isinstance(item.get("name"), str):
        component.name = item["name"]
    return component


def _components(incident: Incident, ctx: ImportContext) -> dict[str, Component]:
    """Each component the incident names, with the statuses its updates gave it, in time order."""
    found: dict[str, Component] = {}
    for at, update in incident.updates(ctx):
        for item in objs(
            update.get("affected_components"), incident.file, incident.label, "affected_components"
        ):
            _component(found, item, "code", incident).steps.append(
                (at, str(item.get("new_status")))
            )
    current = incident.data.get("resolved_at") is None and not incident.maintenance
    start = incident.time(ctx, "started_at" if incident.data.get("started_at") else "created_at")
    for item in objs(incident.data.get("components"), incident.file, incident.label, "components"):
        component = _component(found, item, "id", incident)
        if current:
            seen = ctx.optional_time(
                item.get("updated_at"), incident.file, incident.label, "components.updated_at"
            )
            at = max(seen or start, start)
            if not component.steps or at > component.steps[-1][0]:
                component.steps.append((at, str(item.get("status"))))
    return found


def _impact(status: str, incident: Incident, ctx: ImportContext) -> Impact:
    if status not in STATUS_IMPACTS:
        raise ImportFailure(
            incident.file,
            incident.label,
            f"{status!r} is not a component status (expected one of: {', '.join(STATUS_IMPACTS)})",
        )
    return (ctx.mapping.file.impacts or {}).get(status, STATUS_IMPACTS[status])


def _runs(
    component: Component, end: datetime | None, incident: Incident, ctx: ImportContext
) -> list[StatusRun]:
    """Runs of one impact other than `none`, up to `end` (None: the last run is ongoing)."""
    runs: list[StatusRun] = []
    current: tuple[datetime, Impact] | None = None
    for at, status in component.steps:
        if end is not None and at > end:
            break  # an update after the resolution (a postmortem) reopens nothing
        impact = _impact(status, incident, ctx)
        if current is not None and current[1] == impact:
            continue
        if current is not None:
            runs.append((current[0], at, current[1]))
        current = (at, impact) if impact != "none" else None
    if current is not None:
        runs.append((current[0], end, current[1]))
    return [run for run in runs if run[1] is None or run[1] > run[0]]  # no empty runs


def _resolution(incident: Incident, ctx: ImportContext) -> datetime | None:
    """`resolved_at`, else the time of the first `resolved` update (None: ongoing)."""
    resolved = incident.optional_time(ctx, "resolved_at") or next(
        (at for at, u in incident.updates(ctx) if u.get("status") == "resolved"), None
    )
    if resolved is None and incident.data.get("status") in ("resolved", "postmortem"):
        raise ImportFailure(incident.file, incident.label, "resolved, but no resolved_at")
    return resolved


def _maintenance_span(
    incident: Incident, ctx: ImportContext
) -> tuple[datetime, datetime | None] | None:
    """When the maintenance actually ran (None: it has not started)."""
    updates = incident.updates(ctx)
    status = incident.data.get("status")
    started = next((at for at, u in updates if u.get("status") == "in_progress"), None)
    if started is None:
        if status not in ("in_progress", "verifying", "completed"):
            return None
        started = incident.time(ctx, "scheduled_for")
    ended = incident.optional_time(ctx, "resolved_at") or next(
        (at for at, u in updates if u.get("status") == "completed"), None
    )
    if ended is None and status == "completed":
        raise ImportFailure(incident.file, incident.label, "completed, but no resolved_at")
    return started, ended


def _outage(
    incident: Incident,
    ctx: ImportContext,
    component: Component,
    span: StatusRun,
    number: int | None,
) -> Record | None:
    where = f"{incident.label} component {component.name!r}"
    service = ctx.service((component.name, component.id), where, incident.file)
    if service is None:
        return None
    suffix = "" if number is None else f":{number}"
    fields = {
        "id": f"{SOURCE}:{incident.key}:{component.id}{suffix}",
        "source": SOURCE,
        "source_id": incident.key,
        "source_url": incident.url,
        "service": service,
        "start": span[0],
        "end": span[1],
        "impact": span[2],
        "scheduled_maintenance": incident.maintenance,
        "announced_at": incident.time(ctx, "created_at") if incident.maintenance else None,
        "severity_raw": incident.data.get("impact"),
        "title": incident.data.get("name"),
    }
    return make("outage", fields, incident.file, where)


def _spans(
    incident: Incident, ctx: ImportContext, components: dict[str, Component]
) -> list[tuple[Component, StatusRun, int | None]]:
    if incident.maintenance:
        actual = _maintenance_span(incident, ctx)
        if actual is None:
            ctx.note(incident.file, incident.label, "not started yet; no outage")
            return []
        until = incident.optional_time(ctx, "scheduled_until")
        if actual[1] is not None and until is not None and actual[1] > until:
            ctx.note(
                incident.file,
                incident.label,
                f"overran its schedule ({until.isoformat()}); the actual end {actual[1].isoformat()} counts",
            )
        return [(c, (actual[0], actual[1], "maintenance"), None) for c in components.values()]
    end = _resolution(incident, ctx)
    spans: list[tuple[Component, StatusRun, int | None]] = []
    for component in components.values():
        runs = _runs(component, end, incident, ctx)
        spans.extend((component, run, number) for number, run in enumerate(runs, 1))
    return spans


def convert(incident: Incident, ctx: ImportContext) -> list[Record]:
    """The outages of one incident or maintenance."""
    components = _components(incident, ctx)
    if not components:
        ctx.note(incident.file, incident.label, "names no component; no outage")
        return []
    spans = _spans(incident, ctx, components)
    if not spans and not incident.maintenance:
        ctx.note(
            incident.file,
            incident.label,
            "no update gives a component a non-operational status; no outage",
        )
    return [r for c, span, n in spans if (r := _outage(incident, ctx, c, span, n)) is not None]


def run(paths: Sequence[str], ctx: ImportContext) -> list[Record]:
    copies = [
        Version(incident.key, incident.optional_time(ctx, "updated_at"), incident)
        for path in paths
        for incident in read(path)
    ]
    return [record for incident in latest(copies, ctx, SOURCE) for record in convert(incident, ctx)]
