"""What the objectives read: the record kinds an objective measures, the records of its services
it could have read, and the records of the evaluation that nothing read (docs/evaluation.md,
"Records no objective reads")."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from slalang.evaluate.inputs import Inputs, Reads, Span
from slalang.evaluate.intervals import to_us
from slalang.model import (
    AllOf,
    AnyOf,
    Condition,
    Contract,
    DowntimeRef,
    KOf,
    MetricCondition,
    Objective,
    OutageCondition,
    Quorum,
)

Groups = Counter[tuple[str, str, str | None]]
"""Records counted by (kind, service, operation)."""


@dataclass(frozen=True)
class Unread:
    """Records of one kind, service and operation that nothing read, and why."""

    kind: str
    service: str | None
    operation: str | None
    count: int
    reason: str


def kinds(objective: Objective, contract: Contract) -> set[str]:
    """The record kinds an objective measures: outages and what its condition names
    (availability), counts (success rate) or latency samples."""
    if objective.kind == "success_rate":
        return {"counts"}
    if objective.kind == "latency":
        return {"latency"}
    if objective.down_when is None:
        return {"outage"}
    named = {d.id: d.condition for d in contract.downtimes}
    return _condition_kinds(objective.down_when, named)


def _condition_kinds(cond: Condition, named: dict[str, Condition]) -> set[str]:
    if isinstance(cond, OutageCondition):
        return {"outage"}
    if isinstance(cond, MetricCondition):
        return {"latency" if cond.metric == "latency" else "counts"}
    if isinstance(cond, (AllOf, AnyOf, KOf)):
        return set().union(*(_condition_kinds(c, named) for c in cond.conditions))
    if isinstance(cond, Quorum):
        return _condition_kinds(cond.condition, named)
    assert isinstance(cond, DowntimeRef)
    return _condition_kinds(named[cond.name], named)


def _meets(span: Span, window: tuple[int, int]) -> bool:
    return (span.start < window[1] and window[0] < span.end) or window[0] <= span.start < window[1]


def present(
    objective: Objective,
    contract: Contract,
    inputs: Inputs,
    window: tuple[int, int],
    scope: str | None,
) -> Groups:
    """The records of the objective's services (every service when it names none) and scope in
    `window`, of the kinds it measures."""
    wanted = kinds(objective, contract)
    services = set(objective.services)

    def ours(service: str, scopes: tuple[str, ...]) -> bool:
        return (not services or service in services) and (
            scope is None or not scopes or scope in scopes
        )

    out: Groups = Counter()
    stores: list[tuple[str, Sequence[Span]]] = [("outage", inputs.scoped_outages.select(scope))]
    stores.append(("counts", inputs.scoped_counts.select(scope)))
    for kind, spans in stores:
        if kind in wanted:
            out.update(
                (kind, s.service, getattr(s, "operation", None))
                for s in spans
                if ours(s.service, s.scope) and _meets(s, window)
            )
    if "latency" in wanted:
        cells = inputs.cells
        for key in inputs.scoped_tallies.select(scope):
            index, service, operation, scopes = key
            records = inputs.latency_records[key]
            if (
                window[0] <= cells[index]
                and cells[index + 1] <= window[1]
                and ours(service, scopes)
            ):
                out[("latency", service, operation)] += records
    return out


def describe(groups: Groups, limit: int = 3) -> str:
    """'60 counts record(s) of service 'im' operation 'send', ...'."""
    parts = [
        f"{count:,} {kind} record(s) of service '{service}'"
        + (f" operation '{operation}'" if operation is not None else " without an operation")
        for (kind, service, operation), count in sorted(
            groups.items(), key=lambda item: (-item[1], str(item[0]))
        )
    ]
    more = f", ... {len(parts) - limit} more" if len(parts) > limit else ""
    return ", ".join(parts[:limit]) + more


def unread(inputs: Inputs, reads: Reads, tickets_read: bool, limit: int = 100) -> list[Unread]:
    """The records inside the evaluation that nothing read, grouped; at most `limit` groups (the
    rest in one last group)."""
    window = (inputs.cells[0], inputs.cells[-1])
    groups: Groups = Counter()
    spans: list[tuple[str, list[Span]]] = [
        ("outage", list(inputs.outages)),
        ("counts", list(inputs.counts)),
        ("gap", list(inputs.gaps)),
        ("deployment", list(inputs.deployments)),
    ]
    for kind, store in spans:
        groups.update(
            (kind, s.service, getattr(s, "operation", None))
            for s in store
            if s not in reads.spans and _meets(s, window)
        )
    for key, records in inputs.latency_records.items():
        if key not in reads.latency:
            groups[("latency", key[1], key[2])] += records
    out = [
        Unread(kind, service, operation, count, "match no objective, condition or exclusion")
        for (kind, service, operation), count in sorted(
            groups.items(), key=lambda item: (-item[1], str(item[0]))
        )
    ]
    if len(out) > limit:
        rest = sum(u.count for u in out[limit - 1 :])
        out[limit - 1 :] = [Unread("several", None, None, rest, "and more groups like these")]
    if not tickets_read:
        opened = sum(window[0] <= to_us(t.opened) < window[1] for t in inputs.tickets)
        if opened:
            out.append(Unread("ticket", None, None, opened, "the contract has no support block"))
    return out
