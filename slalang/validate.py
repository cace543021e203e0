"""Whole-contract consistency checks that a single field cannot make: references and names.

The same checks run inside `Contract` validation (so the API cannot build an inconsistent
contract: importing this module registers them with `model.add_contract_check`) and in the
loader, which reports every problem with its span.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from slalang import jurisdictions
from slalang.model import (
    Bound,
    BusinessDuration,
    CalendarSpan,
    Compliance,
    Contract,
    DowntimeRef,
    Duration,
    Node,
    OneSided,
    Percent,
    Period,
    RollingPeriod,
    Support,
    TierCredit,
    add_contract_check,
    magnitude,
)
from slalang.source import ModelPath
from slalang.walk import all_conditions, caps, conditions, credit_clauses
from slalang.zones import iana_zone


@dataclass(frozen=True)
class ContractProblem:
    path: ModelPath
    code: str
    name: str
    message: str
    hint: str | None = None


LONGEST = Fraction(100 * 366 * 86400)  # seconds: no length in a contract is longer than 100 years
_NAMES_SHOWN = 10  # known names listed in an unknown-reference message
_POSITIVE = frozenset({"slice", "per", "length", "denominator"})  # lengths that divide or step


def known_timezone(name: str) -> bool:
    return iana_zone(name) is not None


def check_contract(contract: Contract) -> list[ContractProblem]:
    return [
        *_duplicate_names(contract),
        *_references(contract),
        *_values(contract),
        *_lengths(contract),
        *_slices(contract),
        *_jurisdictions(contract),
    ]


def _raise_first_problem(contract: Contract) -> None:
    """The check `Contract` validation runs: a ValueError naming the first problem's path."""
    problems = check_contract(contract)
    if problems:
        first = problems[0]
        where = ".".join(str(part) for part in first.path)
        raise ValueError(f"{where}: {first.message}")


def _duplicates(items: Iterable[str], path: ModelPath, what: str) -> Iterator[ContractProblem]:
    seen: set[str] = set()
    for index, name in enumerate(items):
        if name in seen:
            yield ContractProblem(
                (*path, index, "id"),
                "SLA015",
                "duplicate-name",
                f"{what} '{name}' is defined twice",
            )
        seen.add(name)


def _duplicate_names(c: Contract) -> Iterator[ContractProblem]:
    yield from _duplicates((f.id for f in c.fee_bases), ("fee_bases",), "fee base")
    yield from _duplicates((x.id for x in c.calendars), ("calendars",), "calendar")
    yield from _duplicates((x.id for x in c.services), ("services",), "service")
    yield from _duplicates((x.id for x in c.downtimes), ("downtimes",), "downtime")
    yield from _duplicates((x.id for x in c.objectives), ("objectives",), "objective")
    if c.support:
        s = c.support
        yield from _duplicates((x.id for x in s.severities), ("support", "severities"), "severity")
        yield from _duplicates(
            (f"{x.kind}{_for_plan(x.plan)}" for x in s.channels), ("support", "channels"), "channel"
        )
        for i, sev in enumerate(s.severities):
            yield from _duplicates(
                (f"to {x.tier}{_for_plan(x.plan)}" for x in sev.escalations),
                ("support", "severities", i, "escalations"),
                "escalation",
            )


def _for_plan(plan: str | None) -> str:
    return "" if plan is None else f" for plan {plan!r}"


def _unknown(name: str, known: set[str], path: ModelPath, what: str) -> Iterator[ContractProblem]:
    if name not in known:
        shown = heapq.nsmallest(_NAMES_SHOWN, known)
        more = f" and {len(known) - len(shown)} more" if len(known) > len(shown) else ""
        choices = ", ".join(shown) + more if known else "none is defined"
        yield ContractProblem(
            path, "SLA014", "unknown-reference", f"unknown {what} '{name}' (known: {choices})"
        )


def _support_references(s: Support, calendars: set[str]) -> Iterator[ContractProblem]:
    """The calendars support clauses count on and the severities channels are offered for."""
    clocked: list[tuple[ModelPath, str | None]] = [
        (("support", "channels", i), x.clock) for i, x in enumerate(s.channels)
    ]
    for i, sev in enumerate(s.severities):
        where: ModelPath = ("support", "severities", i)
        clocked += [((*where, "targets", j), x.clock) for j, x in enumerate(sev.targets)]
        clocked += [((*where, "escalations", j), x.clock) for j, x in enumerate(sev.escalations)]
    for path, clock in clocked:
        if clock not in (None, "24x7"):
            yield from _unknown(clock, calendars, (*path, "clock"), "calendar")
    severities = {x.id for x in s.severities}
    for i, channel in enumerate(s.channels):
        for j, name in enumerate(channel.severities):
            yield from _unknown(
                name, severities, ("support", "channels", i, "severities", j), "severity"
            )


def _references(c: Contract) -> Iterator[ContractProblem]:
    fee_bases = {f.id for f in c.fee_bases}
    calendars = {x.id for x in c.calendars}
    services = {x.id for x in c.services}
    downtimes = {x.id for x in c.downtimes}
    for i, o in enumerate(c.objectives):
        for j, service in enumerate(o.services):
            yield from _unknown(service, services, ("objectives", i, "services", j), "service")
    for where, cond in all_conditions(c):
        if isinstance(cond, DowntimeRef):
            yield from _unknown(cond.name, downtimes, (*where, "name"), "downtime definition")
    yield from _downtime_cycles(c)
    if c.support:
        s = c.support
        if s.calendar is not None:
            yield from _unknown(s.calendar, calendars, ("support", "calendar"), "calendar")
        yield from _support_references(s, calendars)
    if c.compensation:
        claim = c.compensation.claim
        if claim is not None and claim.calendar is not None:
            where = ("compensation", "claim", "calendar")
            yield from _unknown(claim.calendar, calendars, where, "calendar")
    bases = [(credit.base, where) for where, credit, _ in credit_clauses(c)]
    bases += [(cap.base, where) for where, cap in caps(c)]
    for name, where in bases:
        if name is not None:
            yield from _unknown(name, fee_bases, (*where, "base"), "fee base")
    subjects = {o.id for o in c.objectives} | {"total", "support"}
    for i, example in enumerate(c.examples):
        for j, expectation in enumerate(example.expectations):
            where = ("examples", i, "expectations", j, "subject")
            yield from _unknown(expectation.subject, subjects, where, "objective")


def _downtime_cycles(c: Contract) -> Iterator[ContractProblem]:
    """Each downtime on a cycle of references, found in one depth-first pass (no recursion)."""
    edges = {
        d.id: sorted({x.name for _, x in conditions(d.condition, ()) if isinstance(x, DowntimeRef)})
        for d in c.downtimes
    }
    on_cycle: set[str] = set()
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    for root in edges:
        if root in state:
            continue
        path, stack = [root], [iter(edges[root])]
        state[root] = 1
        while stack:
            name = next(stack[-1], None)
            if name is None:
                state[path.pop()] = 2
                stack.pop()
            elif state.get(name) == 1:
                on_cycle.update(path[path.index(name) :])
            elif name in edges and name not in state:
                state[name] = 1
                path.append(name)
                stack.append(iter(edges[name]))
    for i, d in enumerate(c.downtimes):
        if d.id in on_cycle:
            yield ContractProblem(
                ("downtimes", i, "id"),
                "SLA014",
                "unknown-reference",
                f"downtime '{d.id}' is defined in terms of itself",
            )


def _percent_in_range(q: object, path: ModelPath) -> Iterator[ContractProblem]:
    if isinstance(q, Percent) and not 0 <= q.value <= 100:
        yield ContractProblem(path, "SLA013", "invalid-value", f"{q.value}% is outside 0%..100%")


def _bound_problems(bound: Bound, path: ModelPath) -> Iterator[ContractProblem]:
    if isinstance(bound, OneSided):
        yield from _percent_in_range(bound.value, (*path, "value"))
        return
    yield from _percent_in_range(bound.lower, (*path, "lower"))
    yield from _percent_in_range(bound.upper, (*path, "upper"))
    if type(bound.lower) is not type(bound.upper):
        yield ContractProblem(
            path, "SLA013", "invalid-value", "the two bounds of a tier have different units"
        )
    else:
        low, high = magnitude(bound.lower), magnitude(bound.upper)
        if low is not None and high is not None and low > high:
            yield ContractProblem(
                path,
                "SLA013",
                "invalid-value",
                "the tier's lower bound is above its upper bound",
                "write the smaller value first: [95%, 99%)",
            )


def _credit_problems(c: Contract) -> Iterator[ContractProblem]:
    """Tier bounds of every credit table: objectives', support's and each severity's."""
    for path, credit, _ in credit_clauses(c):
        if isinstance(credit, TierCredit):
            for j, tier in enumerate(credit.tiers):
                yield from _bound_problems(tier.bound, (*path, "tiers", j, "bound"))


def _values(c: Contract) -> Iterator[ContractProblem]:
    zones: list[tuple[str, ModelPath]] = []
    if c.timezone is not None:
        zones.append((c.timezone, ("timezone",)))
    if c.period is not None and c.period.timezone is not None:
        zones.append((c.period.timezone, ("period", "timezone")))
    for i, cal in enumerate(c.calendars):
        if cal.timezone is not None:
            zones.append((cal.timezone, ("calendars", i, "timezone")))
    for i, o in enumerate(c.objectives):
        path: ModelPath = ("objectives", i)
        if o.period is not None and o.period.timezone is not None:
            zones.append((o.period.timezone, (*path, "period", "timezone")))
        if o.target is not None:
            yield from _percent_in_range(o.target.value, (*path, "target", "value"))
        for j, w in enumerate(o.weights):
            yield from _percent_in_range(w.share, (*path, "weights", j, "share"))
    yield from _credit_problems(c)
    for name, where in zones:
        if not known_timezone(name):
            yield ContractProblem(
                where,
                "SLA016",
                "unknown-timezone",
                f"'{name}' is not an IANA time zone",
                'use a name such as "Europe/Berlin", "Asia/Shanghai" or "UTC"',
            )
    if c.currency is not None and not (len(c.currency) == 3 and c.currency.isupper()):
        yield ContractProblem(
            ("currency",), "SLA013", "invalid-value", "a currency is an ISO 4217 code"
        )
    for i, example in enumerate(c.examples):
        month = example.period.month if example.period else None
        if month is not None and not _valid_month(month):
            yield ContractProblem(
                ("examples", i, "period", "month"),
                "SLA013",
                "invalid-value",
                f"'{month}' is not a month",
            )


def _nodes(node: Node, path: ModelPath) -> Iterator[tuple[ModelPath, str, Node]]:
    """Every model node below `node`, with its path and the name of the field holding it."""
    for name in type(node).model_fields:
        value = getattr(node, name)
        items = enumerate(value) if isinstance(value, tuple) else [(None, value)]
        for index, item in items:
            if isinstance(item, Node):
                where = (*path, name) if index is None else (*path, name, index)
                yield where, name, item
                yield from _nodes(item, where)


def _lengths(c: Contract) -> Iterator[ContractProblem]:
    """Lengths the evaluator can use: at most 100 years, and more than 0 where they divide."""
    for path, field, node in _nodes(c, ()):
        if isinstance(node, Duration):
            if node.seconds > LONGEST:
                yield ContractProblem(
                    path, "SLA013", "invalid-value", "a length of more than 100 years"
                )
            elif node.seconds <= 0 and field in _POSITIVE:
                yield ContractProblem(
                    path, "SLA013", "invalid-value", f"a {field} must be longer than 0"
                )
        elif isinstance(node, (BusinessDuration, CalendarSpan)) and node.value > 1200:
            yield ContractProblem(path, "SLA013", "invalid-value", f"more than 1200 {node.unit}")
        elif isinstance(node, Compliance) and node.share is not None:
            yield from _percent_in_range(node.share, (*path, "share"))


_SHORTEST_DAYS = {"months": 28, "quarters": 89, "years": 365}  # of a calendar unit


def _shortest_period(period: Period | None) -> Fraction | None:
    """The seconds of the shortest period `period` can have (a February, a rolling length)."""
    if period is None:
        return None
    if isinstance(period, RollingPeriod):
        return period.length.seconds
    return Fraction(_SHORTEST_DAYS[period.unit] * 86400)


def _slices(c: Contract) -> Iterator[ContractProblem]:
    """A slice longer than the shortest period would straddle every period boundary."""
    for i, o in enumerate(c.objectives):
        shortest = _shortest_period(o.period or c.period)
        slice_ = o.slice if isinstance(o.slice, Duration) and o.slice.seconds <= LONGEST else None
        if slice_ is not None and shortest is not None and slice_.seconds > shortest:
            yield ContractProblem(
                ("objectives", i, "slice"),
                "SLA013",
                "invalid-value",
                f"a slice longer than the shortest period ({shortest / 86400} days)",
            )


def _jurisdictions(c: Contract) -> Iterator[ContractProblem]:
    for i, calendar in enumerate(c.calendars):
        if calendar.holidays is not None:
            problem = jurisdictions.problem(calendar.holidays)
            if problem is not None:
                yield ContractProblem(
                    ("calendars", i, "holidays"),
                    "SLA013",
                    "invalid-value",
                    problem,
                    'an ISO 3166 country code, with a subdivision after "-": "CN", "US-CA"',
                )


def _valid_month(text: str) -> bool:
    try:
        date.fromisoformat(f"{text}-01")
    except ValueError:
        return False
    return True


add_contract_check(_raise_first_problem)
