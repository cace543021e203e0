"""Support targets per ticket: deadlines on the right clock, responses, escalations, breaches,
compliance, and the channel each ticket came through."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from fractions import Fraction
from typing import TypeVar, get_args

from slalang.evaluate.clock import AroundTheClock, BusinessClock, Clock, ClockPause
from slalang.evaluate.inputs import EvaluationError
from slalang.model import (
    BusinessDuration,
    CalendarSpan,
    Contract,
    Escalation,
    EscalationTier,
    Length,
    Severity,
    Support,
    SupportTarget,
)
from slalang.records.model import Ticket

AROUND_THE_CLOCK = "24x7"
BEST_EFFORT = "best effort"
_TIER_RANK = {tier: rank for rank, tier in enumerate(get_args(EscalationTier))}


@dataclass(frozen=True)
class JudgedTarget:
    """One support target of one ticket, judged at the reference time."""

    kind: str  # respond | resolve | escalate
    within: str  # a length, or "best effort"
    clock: str
    deadline: datetime | None  # None: best effort, or a pause without an end stopped the clock
    done: datetime | None  # the response, resolution or escalation that counts
    # met | breached | pending; best_effort (no deadline); for an escalation also not_needed
    # (resolved before it was due) and not_assessed (the ticket has no escalation history)
    status: str
    share: Fraction | None = None  # a target "for N% of tickets": judged over the period
    tier: str | None = None  # an escalation's tier


@dataclass(frozen=True)
class JudgedShare:
    """A target held by a share of a severity's tickets ("95% of critical requests ...")."""

    severity: str
    kind: str  # respond | resolve
    within: str
    required: Fraction
    met_tickets: int
    judged_tickets: int  # met + breached; pending tickets are not judged yet

    @property
    def met(self) -> bool:
        return (
            not self.judged_tickets
            or Fraction(self.met_tickets, self.judged_tickets) >= self.required
        )


@dataclass(frozen=True)
class JudgedTicket:
    """One ticket's targets, judged (the report shows it as a `TicketResult`)."""

    id: str
    severity: str
    targets: tuple[JudgedTarget, ...]
    notes: tuple[str, ...]
    breached: bool  # any target that every ticket must meet is breached
    channel_problem: str | None = None  # opened through a channel the contract does not offer

    @property
    def status(self) -> str:
        """breached, else pending while a target is pending, else not_assessed while an
        escalation is not assessed, else met."""
        if self.breached:
            return "breached"
        for status in ("pending", "not_assessed"):
            if any(t.status == status for t in self.targets):
                return status
        return "met"


@dataclass(frozen=True)
class JudgedSupport:
    """The support tickets of one period, judged (the report: `SupportResult`)."""

    tickets: tuple[JudgedTicket, ...]
    compliance: Fraction  # share of tickets without a breach (1 when there are none)
    required: Fraction  # the share the contract requires
    met: bool
    shares: tuple[JudgedShare, ...] = ()  # targets held by a share of tickets

    @property
    def breached(self) -> int:
        return sum(t.breached for t in self.tickets)


def describe_span(span: Length) -> str:
    if isinstance(span, BusinessDuration):
        unit = span.unit[:-1] if span.value == 1 else span.unit
        return f"{span.value} business {unit}"
    unit = span.unit[:-1] if span.value == 1 else span.unit
    return f"{span.value} {unit}"


class Clocks:
    """The contract's clocks, built once per evaluation."""

    def __init__(self, contract: Contract) -> None:
        self._contract = contract
        self._built: dict[str, Clock] = {AROUND_THE_CLOCK: AroundTheClock()}

    def get(self, name: str) -> Clock:
        if name not in self._built:
            calendar = next(c for c in self._contract.calendars if c.id == name)
            self._built[name] = BusinessClock(calendar, self._contract.timezone)
        return self._built[name]


def effective_severity(ticket: Ticket, support: Support) -> str:
    """The severity the targets use, as `severity taken as` says (default: initial).

    Severities rank by their order in the contract: the first written is the most severe.
    """
    history = sorted(ticket.severity_history, key=lambda change: change.at)
    rule = support.severity_taken_as or "initial"
    if rule == "final" or not history:
        return ticket.severity
    if rule == "initial":
        return history[0].severity
    rank = {s.id: i for i, s in enumerate(support.severities)}
    seen = [ticket.severity, *(change.severity for change in history)]
    return min(seen, key=lambda s: rank.get(s, len(rank)))


def judge_ticket(
    ticket: Ticket, support: Support, clocks: Clocks, reference: datetime
) -> JudgedTicket:
    """Each target of the ticket's severity, judged at `reference` (as of, or the period end)."""
    severities = {s.id: s for s in support.severities}
    name = effective_severity(ticket, support)
    if name not in severities:
        raise EvaluationError(
            f"ticket '{ticket.id}': severity '{name}' is not in the contract "
            f"(known: {', '.join(severities)})"
        )
    severity = severities[name]
    notes: list[str] = []
    if name != ticket.severity:
        notes.append(f"severity taken as {support.severity_taken_as}: {name}")
    round_the_clock = ticket.coverage == AROUND_THE_CLOCK and severity.coverage_on_request
    if round_the_clock:
        notes.append("24x7 coverage on request")
    honoured = (support.pauses or "honoured") == "honoured"
    pauses: list[ClockPause] = [(p.start, p.end) for p in ticket.pauses] if honoured else []
    if ticket.pauses and not honoured:
        notes.append("pauses ignored by the contract")
    response = ticket.first_response
    if ticket.first_response_automated and (support.automated_responses or "ignored") == "ignored":
        notes.append("automated first response not counted")
        response = None

    def clock_of(clock: str | None) -> str:
        if round_the_clock:
            return AROUND_THE_CLOCK
        return clock or support.calendar or AROUND_THE_CLOCK

    results = []
    for target in _targets(severity, ticket.plan):
        done = response if target.kind == "respond" else ticket.resolved
        if target.within is None:
            results.append(JudgedTarget(target.kind, BEST_EFFORT, "-", None, done, "best_effort"))
            continue
        clock_name = clock_of(target.clock)
        deadline = _deadline(clocks.get(clock_name), ticket, target.within, pauses, name)
        results.append(
            JudgedTarget(
                target.kind,
                describe_span(target.within),
                clock_name,
                deadline,
                done,
                _status(deadline, done, reference),
                None if target.share is None else target.share.fraction,
            )
        )
    for escalation in _escalations(severity, ticket.plan):
        clock_name = clock_of(escalation.clock)
        deadline = _deadline(clocks.get(clock_name), ticket, escalation.within, pauses, name)
        results.append(_judge_escalation(ticket, escalation, clock_name, deadline, reference))
    breached = any(t.status == "breached" and t.share is None for t in results)
    problem, note = channel_check(ticket, name, support, clocks)
    notes += [text for text in (problem, note) if text]
    return JudgedTicket(ticket.id, name, tuple(results), tuple(notes), breached, problem)


def _deadline(
    clock: Clock, ticket: Ticket, within: Length, pauses: list[ClockPause], severity: str
) -> datetime | None:
    if isinstance(within, CalendarSpan):
        raise EvaluationError(f"severity '{severity}': a support length in {within.unit}")
    return clock.deadline(ticket.opened, within, pauses)


def _judge_escalation(
    ticket: Ticket,
    escalation: Escalation,
    clock: str,
    deadline: datetime | None,
    reference: datetime,
) -> JudgedTarget:
    """Whether the ticket reached `escalation.tier` (or a higher one) in time, from its history.

    A ticket resolved by the deadline needed no escalation; one without any escalation history
    is not assessed (its record says nothing about escalation).
    """
    rank = _TIER_RANK[escalation.tier]
    reached = [e.at for e in ticket.escalations if _TIER_RANK[e.tier] >= rank]
    done = min(reached) if reached else None
    resolved = ticket.resolved
    if (
        resolved is not None
        and (deadline is None or resolved <= deadline)
        and (done is None or resolved < done)
    ):
        status = "not_needed"
    elif not ticket.escalations:
        status = "not_assessed"
    else:
        status = _status(deadline, done, reference)
    return JudgedTarget(
        "escalate",
        describe_span(escalation.within),
        clock,
        deadline,
        done,
        status,
        tier=escalation.tier,
    )


def channel_check(
    ticket: Ticket, severity: str, support: Support, clocks: Clocks
) -> tuple[str | None, str | None]:
    """The ticket's channel against the contract's: why it is not one offered for the ticket's
    severity and plan (a problem, also a warning), and a note when it was opened outside the
    channel's staffed hours or the contract states no channels."""
    if ticket.channel is None:
        return None, None
    if not support.channels:
        return None, f"channel {ticket.channel} not checked: the contract states no channels"
    offered = [
        c
        for c in support.channels
        if (not c.severities or severity in c.severities) and c.plan in (None, ticket.plan)
    ]
    staffed = [c for c in offered if c.kind == ticket.channel]
    if not staffed:
        plan = "" if ticket.plan is None else f" and plan {ticket.plan!r}"
        kinds = ", ".join(dict.fromkeys(c.kind for c in offered)) or "none"
        return (
            f"opened through {ticket.channel}, which the contract does not offer for severity "
            f"{severity}{plan} (offered: {kinds})"
        ), None
    opened = ticket.opened
    hours = [c.clock or support.calendar or AROUND_THE_CLOCK for c in staffed]
    if any(any(clocks.get(h).open_intervals(opened, opened + _INSTANT)) for h in hours):
        return None, None
    return None, f"opened through {ticket.channel} outside its staffed hours ({', '.join(hours)})"


_INSTANT = timedelta(microseconds=1)


def _targets(severity: Severity, plan: str | None) -> list[SupportTarget]:
    """For each kind, the target of the ticket's plan, else the target without a plan."""
    chosen = _for_plan(severity.targets, lambda t: t.kind, plan)
    return [chosen[k] for k in ("respond", "resolve") if k in chosen]


def _escalations(severity: Severity, plan: str | None) -> list[Escalation]:
    """For each tier, the escalation of the ticket's plan, else the one without a plan."""
    chosen = _for_plan(severity.escalations, lambda e: e.tier, plan)
    return sorted(chosen.values(), key=lambda e: _TIER_RANK[e.tier])


_Planned = TypeVar("_Planned", SupportTarget, Escalation)


def _for_plan(
    items: tuple[_Planned, ...], key: Callable[[_Planned], str], plan: str | None
) -> dict[str, _Planned]:
    """By `key`, the first item without a plan, replaced by the last one of `plan`."""
    chosen: dict[str, _Planned] = {}
    for item in items:
        if item.plan is None and key(item) not in chosen:
            chosen[key(item)] = item
    for item in items:
        if item.plan is not None and item.plan == plan:
            chosen[key(item)] = item
    return chosen


def _status(deadline: datetime | None, done: datetime | None, reference: datetime) -> str:
    if done is not None:
        return "met" if deadline is None or done <= deadline else "breached"
    if deadline is not None and deadline < reference:
        return "breached"
    return "pending"


def judge_support(
    tickets: list[Ticket], support: Support, clocks: Clocks, reference: datetime
) -> JudgedSupport:
    results = tuple(
        judge_ticket(t, support, clocks, reference)
        for t in sorted(tickets, key=lambda t: (t.opened, t.id))
    )
    breached = sum(t.breached for t in results)
    compliance = Fraction(len(results) - breached, len(results)) if results else Fraction(1)
    required = (
        support.compliance.share.fraction
        if support.compliance and support.compliance.share
        else Fraction(1)
    )
    shares = _shares(results)
    met = compliance >= required and all(s.met for s in shares)
    return JudgedSupport(results, compliance, required, met, shares)


def _shares(results: tuple[JudgedTicket, ...]) -> tuple[JudgedShare, ...]:
    """Targets "for N% of tickets", per severity and kind, over the period's tickets."""
    tally: dict[tuple[str, str, str], tuple[Fraction, int, int]] = {}
    for ticket in results:
        for t in ticket.targets:
            if t.share is None or t.status == "pending":
                continue
            key = (ticket.severity, t.kind, t.within)
            _, met, judged = tally.get(key, (t.share, 0, 0))
            tally[key] = (t.share, met + (t.status == "met"), judged + 1)
    return tuple(
        JudgedShare(severity, kind, within, required, met, judged)
        for (severity, kind, within), (required, met, judged) in sorted(tally.items())
    )
