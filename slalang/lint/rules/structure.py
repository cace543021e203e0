"""SLA6xx: definitions, names and whether objectives can be measured at all."""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from dataclasses import dataclass

from slalang.diagnostics import Level
from slalang.lint.context import Context, Finding
from slalang.lint.registry import rule
from slalang.model import (
    BinaryOp,
    BusinessDuration,
    CalendarSpan,
    ClaimTerms,
    Contract,
    DowntimeRef,
    Duration,
    Expr,
    MetricCondition,
    Money,
    Number,
    Objective,
    Percent,
    Variable,
)
from slalang.source import ModelPath
from slalang.walk import (
    all_conditions,
    caps,
    conditions,
    credit_amounts,
    credit_clauses,
    objective_leaves,
)


def _used_fee_bases(c: Contract) -> set[str]:
    used = {credit.base for _, credit, _ in credit_clauses(c) if credit.base is not None}
    used |= {cap.base for _, cap in caps(c) if cap.base is not None}
    if len(c.fee_bases) == 1:
        implicit = any(
            credit.base is None
            and any(isinstance(a, Percent) for _, a in credit_amounts(credit, ()))
            for _, credit, _ in credit_clauses(c)
        ) or any(cap.base is None and isinstance(cap.amount, Percent) for _, cap in caps(c))
        if implicit:
            used.add(c.fee_bases[0].id)
    return used


def _used_calendars(c: Contract) -> set[str]:
    """Calendars that support targets or a claim window count on, named or by default (a claim
    in business days without `on CALENDAR` counts on the support calendar, else the first)."""
    used: set[str] = set()
    if c.support is not None:
        used = {t.clock for sev in c.support.severities for t in sev.targets if t.clock}
        if c.support.calendar is not None:
            used.add(c.support.calendar)
    claim = c.compensation.claim if c.compensation else None
    if claim is not None and claim.calendar is not None:
        used.add(claim.calendar)
    elif claim is not None and c.calendars and _in_business_days(claim):
        default = c.support.calendar if c.support else None
        used.add(default if default is not None else c.calendars[0].id)
    return used


def _in_business_days(claim: ClaimTerms) -> bool:
    return any(isinstance(o.after, BusinessDuration) for o in (claim.opens, claim.closes))


@rule("SLA601", "unused-definition", Level.WARNING)
def unused_definition(c: Context) -> Iterator[Finding]:
    """A calendar, service, downtime definition or fee base is defined but never used.

    An unused definition is usually a clause that was meant to apply and does not: a business
    calendar that no support target or claim window counts on, a service with no objective. Use
    it or remove it. A calendar is used by name, or as the default of a claim window in business
    days (the support calendar, else the first); a service is used by an objective that names it,
    and every service by an objective that names none. (Severities are used by tickets; a
    severity without targets is SLA304.)

    Bad:
        contract "Idle calendar" {
            timezone "UTC"
            calendar office { open mon..fri 09:00 to 17:00; holidays "GB" }
            ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ SLA601
        }

    Good:
        contract "Busy calendar" {
            timezone "UTC"
            calendar office { open mon..fri 09:00 to 17:00; holidays "GB" }
            support {
                calendar office
                severity S3 { respond within 4 business hours }
            }
        }

    Good:
        contract "Claims in office days" {
            timezone "UTC"
            calendar office { open mon..fri 09:00 to 17:00; holidays "GB" }
            compensation { claim from period end to 10 business days after period end on office }
        }
    """
    contract = c.contract
    downtimes = {cond.name for _, cond in all_conditions(contract) if isinstance(cond, DowntimeRef)}
    services = {s for o in contract.objectives for s in o.services}
    if any(not o.services for o in contract.objectives):
        services = {x.id for x in contract.services}  # an objective without one measures all
    groups: list[tuple[str, str, tuple[str, ...], set[str]]] = [
        (
            "calendars",
            "calendar",
            tuple(x.id for x in contract.calendars),
            _used_calendars(contract),
        ),
        ("services", "service", tuple(x.id for x in contract.services), services),
        ("downtimes", "downtime", tuple(x.id for x in contract.downtimes), downtimes),
        ("fee_bases", "fee", tuple(x.id for x in contract.fee_bases), _used_fee_bases(contract)),
    ]
    for field, what, ids, used in groups:
        for i, name in enumerate(ids):
            if name not in used:
                yield Finding(
                    (field, i),
                    f"{what} '{name}' is defined but never used",
                    (f"refer to {what} '{name}' where it applies, or remove it",),
                )


def _namespaces(c: Contract) -> Iterator[tuple[str, list[tuple[ModelPath, str]]]]:
    yield "calendar", [(("calendars", i), x.id) for i, x in enumerate(c.calendars)]
    yield "service", [(("services", i), x.id) for i, x in enumerate(c.services)]
    yield "downtime", [(("downtimes", i), x.id) for i, x in enumerate(c.downtimes)]
    yield "fee", [(("fee_bases", i), x.id) for i, x in enumerate(c.fee_bases)]
    yield "objective", [(("objectives", i, "id"), x.id) for i, x in enumerate(c.objectives)]
    if c.support is not None:
        yield (
            "severity",
            [(("support", "severities", i), x.id) for i, x in enumerate(c.support.severities)],
        )
    titles = [(("objectives", i), x.title) for i, x in enumerate(c.objectives) if x.title]
    yield "objective title", [(p, t) for p, t in titles if t is not None]


@rule("SLA602", "confusable-names", Level.WARNING)
def confusable_names(c: Context) -> Iterator[Finding]:
    """Two definitions have names that differ only in case, or two objectives share a title.

    Exact duplicates are an error of the front end (SLA015); `S1` next to `s1`, or two
    objectives both titled "Availability", are legal but a reader cannot tell which one a
    clause, a ticket or a report means.

    Bad:
        contract "Same title" {
            objective availability im "Availability" { target >= 99.9% }
            objective availability rtc "Availability" { target >= 99.5% }
            ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ SLA602
        }

    Good:
        contract "Distinct titles" {
            objective availability im "IM availability" { target >= 99.9% }
            objective availability rtc "RTC availability" { target >= 99.5% }
        }
    """
    for what, named in _namespaces(c.contract):
        first: dict[str, tuple[ModelPath, str]] = {}
        for path, name in named:
            key = name.casefold()
            if key in first:
                earlier_path, earlier = first[key]
                yield Finding(
                    path,
                    f"{what} '{name}' is easily confused with {what} '{earlier}'",
                    (f"give the {what}s clearly different names",),
                    ((earlier_path, f"{what} '{earlier}' is here"),),
                )
            else:
                first[key] = (path, name)


_FORMULA_VARIABLES = {
    "availability": {"period", "down", "excluded", "maintenance", "deployed"},
    "success_rate": {"good", "failed", "total", "excluded"},
    "latency": set(),
}


def _variables(expr: Expr) -> Iterator[str]:
    """The variables of a formula, without recursion."""
    pending = [expr]
    while pending:
        node = pending.pop()
        if isinstance(node, Variable):
            yield node.name
        elif isinstance(node, BinaryOp):
            pending.extend((node.right, node.left))


def _unmeasurable(o: Objective) -> str | None:
    """Why no record kind of slalang.records/v1 can measure the objective, or None."""
    value = o.target.value if o.target else None
    if o.kind == "latency" and value is not None and not isinstance(value, (Duration, Number)):
        return "latency samples are times in milliseconds, but the target is not a duration"
    if o.kind in ("availability", "success_rate") and isinstance(
        value, (Duration, BusinessDuration, CalendarSpan, Money)
    ):
        return f"an {o.kind.replace('_', ' ')} is a share, but the target is not a percentage"
    if o.formula is not None:
        wrong = sorted(set(_variables(o.formula)) - _FORMULA_VARIABLES[o.kind])
        if wrong:
            return f"the formula uses {', '.join(wrong)}, which {o.kind} records do not carry"
    return None


@rule("SLA603", "unmeasurable-objective", Level.ERROR)
def unmeasurable_objective(c: Context) -> Iterator[Finding]:
    """No record kind of the canonical schema can measure the objective.

    Outages and counts measure availability; counts measure success rates; latency samples
    measure latency. A success rate with a target in minutes, or a latency bound given as a
    percentage, cannot be evaluated from any record, so it cannot be enforced. The checks: the
    target's unit against the kind (a share for availability and success rates, a time for
    latency); the formula's variables against the kind's records (`good` means nothing to
    availability); each metric condition's threshold against its metric (a latency metric needs
    a time, a rate a percentage). An objective without `service` is not unmeasurable: it
    measures the records of every service (SLA605 warns when the contract declares several).

    Bad:
        contract "Minutes of success" {
            objective success_rate delivered { target >= 5 minutes }
                                               ^^^^^^^^^^^^^^^^^^^ SLA603
        }

    Good:
        contract "Share of success" {
            objective success_rate delivered { target >= 99.5% }
        }
    """
    contract = c.contract
    for i, o in enumerate(contract.objectives):
        why = _unmeasurable(o)
        if why is not None:
            yield Finding(
                ("objectives", i, "target"),
                f"objective '{o.id}': {why}",
                ("availability and success rates are percentages; latency is a time",),
            )
    for path, cond in all_conditions(contract):
        if not isinstance(cond, MetricCondition):
            continue
        time_metric = cond.metric == "latency"
        threshold = cond.threshold
        if (time_metric and isinstance(threshold, Percent)) or (
            not time_metric and isinstance(threshold, (Duration, Money, CalendarSpan))
        ):
            where = (*path, "threshold")
            yield Finding(
                where,
                f"'{c.words(path)}': {cond.metric} cannot be compared with '{c.words(where)}'",
                ("compare rates with a percentage and latency with a time",),
            )


@rule("SLA604", "no-target", Level.ERROR)
def no_target(c: Context) -> Iterator[Finding]:
    """An objective has no target.

    Without `target >= 99.9%` (or `target p95 <= 400 ms`) there is nothing to meet or miss.

    Bad:
        contract "Aimless" {
            objective availability up { slice exact }
                                   ^^ SLA604
        }

    Good:
        contract "Aimed" {
            objective availability up { slice exact; target >= 99.9% }
        }
    """
    for i, o in enumerate(c.contract.objectives):
        if o.target is None:
            yield Finding(
                ("objectives", i, "id"),
                f"objective '{o.id}' has no target",
                ("add 'target >= 99.9%' (or the level meant)",),
            )


@rule("SLA605", "objective-without-service", Level.WARNING)
def objective_without_service(c: Context) -> Iterator[Finding]:
    """An objective names no service in a contract that declares several.

    An objective without `service` measures the records of every service the contract declares:
    with `service im` and `service rtc`, an unnamed availability objective counts an outage of
    either as down. That is rarely meant when the SLA promises a level per service. Name the
    services (`service im`, or `service im, rtc` when the promise covers both).

    Bad:
        contract "Which service" {
            service im
            service rtc
            objective availability up { target >= 99.9% }
                                   ^^ SLA605
        }

    Good:
        contract "This service" {
            service im
            service rtc
            objective availability im_up { service im; target >= 99.9% }
            objective availability rtc_up { service rtc; target >= 99.9% }
        }
    """
    declared = [x.id for x in c.contract.services]
    if len(declared) < 2:
        return
    listed = ", ".join(declared[:5]) + (", ..." if len(declared) > 5 else "")
    for i, o in enumerate(c.contract.objectives):
        if not o.services:
            yield Finding(
                ("objectives", i, "id"),
                f"objective '{o.id}' names no service, so it measures the records of all "
                f"{len(declared)} services ({listed})",
                (f"add 'service {declared[0]}' (or the services the promise covers)",),
            )


@dataclass(frozen=True)
class NoEffect:
    """A clause of an objective that the evaluator does not read for `kind`: always, or (for
    availability) unless the condition compares one of `unless` metrics."""

    field: str
    clause: str
    kind: str
    why: str
    unless: frozenset[str] | None = None


_COUNT_RATES = frozenset({"success_rate", "error_rate"})
_NOT_DOWN_TIME = ("success_rate", "latency")
NO_EFFECT: tuple[NoEffect, ...] = (
    NoEffect(
        "operations",
        "operation",
        "availability",
        "an availability objective names operations in its condition (send.success_rate < 99%)",
    ),
    *(
        NoEffect(field, clause, kind, f"only availability has down time; {why}")
        for field, clause, why in (
            ("down_when", "down when", "this kind does not derive any"),
            ("slice", "slice", "slices divide down time"),
            ("partial_slices", "partial slices", "slices divide down time"),
            ("minimum_run", "minimum run", "runs are runs of down time"),
            ("weights", "weight", "weights scale down time from outage records"),
            ("denominator", "denominator", "the denominator is the time of the formula"),
        )
        for kind in _NOT_DOWN_TIME
    ),
    NoEffect("aggregate", "aggregate", "availability", "it averages success rates"),
    NoEffect("aggregate", "aggregate", "latency", "it averages success rates"),
    NoEffect("remove_excluded", "remove excluded", "latency", "samples carry no excluded items"),
    NoEffect(
        "remove_excluded",
        "remove excluded",
        "availability",
        "only a success_rate or error_rate condition reads counts' excluded items",
        _COUNT_RATES,
    ),
    NoEffect("percentile", "percentile", "success_rate", "a success rate has no percentile"),
    NoEffect(
        "percentile",
        "percentile",
        "availability",
        "only a latency condition computes a percentile",
        frozenset({"latency"}),
    ),
    NoEffect(
        "minimum_volume",
        "minimum volume",
        "availability",
        "only a metric condition reads volumes",
        frozenset({"success_rate", "error_rate", "users_affected", "latency"}),
    ),
)


def no_effect_table() -> str:
    """The table of NO_EFFECT as Markdown, for the rule's documentation."""
    rows = ["| clause | objective kind | why it has no effect |", "|---|---|---|"]
    for x in NO_EFFECT:
        when = (
            f" (unless the condition compares {' or '.join(sorted(x.unless))})" if x.unless else ""
        )
        rows.append(f"| `{x.clause}` | {x.kind}{when} | {x.why} |")
    return "\n".join(rows)


def _clause_without_effect(c: Context) -> Iterator[Finding]:
    contract = c.contract
    for i, (o, leaves) in enumerate(
        zip(contract.objectives, objective_leaves(contract), strict=True)
    ):
        metrics = {x.metric for x in leaves if isinstance(x, MetricCondition)}
        for x in NO_EFFECT:
            value = getattr(o, x.field)
            if x.kind != o.kind or value in (None, ()) or (x.unless and metrics & x.unless):
                continue
            path: ModelPath = (
                "objectives",
                i,
                x.field,
                *((0,) if isinstance(value, tuple) else ()),
            )
            yield Finding(
                path,
                f"'{c.words(path)}' has no effect on {o.kind} objective '{o.id}': {x.why}",
                ("remove the clause, or move it to an objective of the kind it acts on",),
            )


_clause_without_effect.__doc__ = f"""A clause of an objective has no effect on its kind.

    Each objective kind reads its own clauses: `slice` divides down time, which only
    availability has; `aggregate` averages success rates; `percentile` computes a latency
    statistic. A clause that the evaluator does not read for the objective's kind is accepted
    silently, so the contract seems to say something it does not. The table, held to the
    evaluator by a test:

{textwrap.indent(no_effect_table(), "    ")}

    Exclusions (`exclude maintenance`, `exclude cause`, `exclude flagged`) act on every kind:
    down time of availability, counts intervals of a success rate and latency samples inside
    excluding time. So no rule says an exclusion cannot apply.

    Bad:
        contract "Sliced rate" {{
            objective success_rate delivered {{
                slice 5 minutes
                ^^^^^^^^^^^^^^^ SLA606
                minimum volume 100 messages
                target >= 99.5%
            }}
        }}

    Good:
        contract "Averaged rate" {{
            objective success_rate delivered {{
                aggregate mean per 5 minutes
                minimum volume 100 messages
                target >= 99.5%
            }}
        }}
    """
clause_without_effect = rule("SLA606", "clause-without-effect", Level.WARNING)(
    _clause_without_effect
)


def _named_operations(c: Contract) -> list[tuple[frozenset[str], str]]:
    """The operations the contract names, each with the services whose records it names it
    for (empty: every service): in an objective's condition or `operation` clause, with the
    objective's services; in a downtime definition no objective uses, for every service."""
    named: set[tuple[frozenset[str], str]] = set()
    for o, leaves in zip(c.objectives, objective_leaves(c), strict=True):
        ops = {x.operation for x in leaves if isinstance(x, MetricCondition) and x.operation}
        named.update((frozenset(o.services), op) for op in {*ops, *o.operations})
    used = {x.name for _, x in all_conditions(c) if isinstance(x, DowntimeRef)}
    for i, d in enumerate(c.downtimes):
        if d.id not in used:
            for _, x in conditions(d.condition, ("downtimes", i, "condition")):
                if isinstance(x, MetricCondition) and x.operation:
                    named.add((frozenset(), x.operation))
    return sorted(named, key=lambda item: (item[1], sorted(item[0])))


@rule("SLA607", "implicit-operation", Level.INFO)
def implicit_operation(c: Context) -> Iterator[Finding]:
    """A success rate or latency objective reads records by its id, in a contract whose records carry operations.

    Without an `operation` clause, a success_rate or latency objective reads the records without
    an operation and those whose operation is the objective's id: `objective success_rate send`
    reads operation `send`, and `objective success_rate delivery` reads no record of operation
    `send`. When the contract names operations of the objective's services elsewhere (in a
    condition, or another objective's `operation`), their records carry operations, and the id
    silently decides which are read. Say it: `operation send`. (Records without an operation
    cannot be named: an objective that reads them keeps this hint.)

    Bad:
        contract "Which messages" {
            objective availability up { down when send.success_rate < 99%; target >= 99.9% }
            objective success_rate delivery { target >= 99.5% }
                                   ^^^^^^^^ SLA607
        }

    Good:
        contract "These messages" {
            objective availability up { down when send.success_rate < 99%; target >= 99.9% }
            objective success_rate delivery { operation send; target >= 99.5% }
        }
    """
    named = _named_operations(c.contract)
    for i, o in enumerate(c.contract.objectives):
        if o.kind not in ("success_rate", "latency") or o.operations:
            continue
        mine = set(o.services)
        shared = sorted(
            {op for services, op in named if not mine or not services or mine & services}
        )
        if shared:
            listed = ", ".join(shared[:5]) + (", ..." if len(shared) > 5 else "")
            yield Finding(
                ("objectives", i, "id"),
                f"objective '{o.id}' has no 'operation' clause: it reads the records without an "
                f"operation and those of operation '{o.id}' (its id), while the contract names "
                f"operations of its services ({listed})",
                (f"say which records it reads: 'operation {o.id}' (or the operations meant)",),
            )
