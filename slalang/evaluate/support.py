"""Support targets per ticket: deadlines on the right clock, responses, breaches, compliance."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction

from slalang.evaluate.clock import AroundTheClock, BusinessClock, Clock, ClockPause
from slalang.evaluate.inputs import EvaluationError
from slalang.model import (
    BusinessDuration,
    CalendarSpan,
    Contract,
    Length,
    Severity,
    Support,
    SupportTarget,
)
from slalang.records.model import Ticket

AROUND_THE_CLOCK = "24x7"


@dataclass(frozen=True)
class JudgedTarget:
    """One support target of one ticket, judged at the reference time."""

    kind: str  # respond | resolve
    within: str
    clock: str
    deadline: datetime | None  # None: a pause without an end stopped the clock
    done: datetime | None  # the response or resolution that counts
    status: str  # met | breached | pending
    share: Fraction | None = None  # a target "for N% of tickets": judged over the period


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

    @property
    def status(self) -> str:
        """breached, else pending while a target is pending, else met."""
        if self.breached:
            return "breached"
        return "pending" if any(t.status == "pending" for t in self.targets) else "met"


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
    results = []
    for target in _targets(severity, ticket.plan):
        clock_name = (
            AROUND_THE_CLOCK
            if round_the_clock
            else target.clock or support.calendar or AROUND_THE_CLOCK
        )
        within = target.within
        if isinstance(within, CalendarSpan):
            raise EvaluationError(f"severity '{name}': a {target.kind} target in {within.unit}")
        deadline = clocks.get(clock_name).deadline(ticket.opened, within, pauses)
        done = response if target.kind == "respond" else ticket.resolved
        results.append(
            JudgedTarget(
                target.kind,
                describe_span(within),
                clock_name,
                deadline,
                done,
                _status(deadline, done, reference),
                None if target.share is None else target.share.fraction,
            )
        )
    breached = any(t.status == "breached" and t.share is None for t in results)
    return JudgedTicket(ticket.id, name, tuple(results), tuple(notes), breached)


def _targets(severity: Severity, plan: str | None) -> list[SupportTarget]:
    """For each kind, the target of the ticket's plan, else the target without a plan."""
    chosen: dict[str, SupportTarget] = {}
    for target in severity.targets:
        if target.plan is None and target.kind not in chosen:
            chosen[target.kind] = target
    for target in severity.targets:
        if target.plan is not None and target.plan == plan:
            chosen[target.kind] = target
    return [chosen[k] for k in ("respond", "resolve") if k in chosen]


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
