"""The claim window of a period and the status of the claims filed for it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from fractions import Fraction
from typing import Literal

from slalang.evaluate.clock import BusinessClock
from slalang.evaluate.credits import ComputedCredit, combine_credits
from slalang.evaluate.periods import period_zone, resolve_wall_time
from slalang.model import CalendarSpan, ClaimOffset, Contract, Duration
from slalang.records.model import Claim

ClaimStatus = Literal["claimable", "premature", "expired", "wrong_channel", "below_minimum", "none"]


@dataclass(frozen=True)
class ClaimResult:
    status: ClaimStatus
    opens: datetime | None
    closes: datetime | None
    channel: str | None
    claim: str | None  # the id of the claim judged
    reason: str
    objectives: frozenset[str] | None = None  # what the claimable claims name; None: everything


def _offset(end: datetime, offset: ClaimOffset, contract: Contract, tz_name: str) -> datetime:
    span = offset.after
    if span is None:
        return end
    if isinstance(span, Duration):
        return end + timedelta(microseconds=int(span.seconds * 10**6))
    if isinstance(span, CalendarSpan):
        months = span.value * {"months": 1, "quarters": 3, "years": 12}[span.unit]
        local = end.astimezone(period_zone(tz_name))
        index = local.year * 12 + local.month - 1 + months
        day = date(index // 12, index % 12 + 1, 1)
        day = day.replace(day=min(local.day, _days_in(day)))
        return resolve_wall_time(day, local.timetz().replace(tzinfo=None), period_zone(tz_name))
    claim = contract.compensation.claim if contract.compensation else None
    name = claim.calendar if claim and claim.calendar else None
    if name is None and contract.support is not None:
        name = contract.support.calendar
    calendar = next((c for c in contract.calendars if c.id == name), None) or (
        contract.calendars[0] if contract.calendars else None
    )
    if calendar is None:
        raise ValueError("a claim window in business days needs a calendar in the contract")
    deadline = BusinessClock(calendar, contract.timezone).deadline(end, span)
    assert deadline is not None  # no pauses
    return deadline


def _days_in(first: date) -> int:
    following = date(first.year + (first.month == 12), first.month % 12 + 1, 1)
    return (following - first).days


def judge_claims(
    contract: Contract,
    period_end: datetime,
    tz_name: str,
    claims: list[Claim],
    below_minimum: bool,
) -> ClaimResult:
    """The window from the compensation clause and the status of the period's claims: below the
    minimum credit nothing is claimable; else the first claimable claim wins, else the earliest
    filed decides."""
    clause = contract.compensation.claim if contract.compensation else None
    first = min(claims, key=lambda c: (c.filed_at, c.id), default=None)
    opens = closes = None
    if clause is not None:
        opens = _offset(period_end, clause.opens, contract, tz_name)
        closes = _offset(period_end, clause.closes, contract, tz_name)
    channel = clause.channel if clause else None
    if below_minimum:
        reason = "the credit is below the minimum credit: nothing to claim"
        return ClaimResult(
            "below_minimum", opens, closes, channel, first.id if first else None, reason
        )
    if opens is None or closes is None:
        reason = "the contract states no claim window"
        return ClaimResult("none", None, None, None, first.id if first else None, reason)
    claims = sorted(claims, key=lambda c: (c.filed_at, c.id))
    judged = [_judge(c, opens, closes, channel) for c in claims]
    if not judged:
        return ClaimResult("none", opens, closes, channel, None, "no claim filed")
    best = next((j for j in judged if j[1] == "claimable"), judged[0])
    claimable = [c for c, j in zip(claims, judged, strict=True) if j[1] == "claimable"]
    named = None if any(c.objective is None for c in claimable) else claimable
    objectives = None if named is None else frozenset(str(c.objective) for c in named)
    return ClaimResult(best[1], opens, closes, channel, best[0], best[2], objectives)


def _judge(
    claim: Claim, opens: datetime, closes: datetime, channel: str | None
) -> tuple[str, ClaimStatus, str]:
    """A claim is on time when filed in `[opens, closes)`, via the channel the contract names."""
    filed = claim.filed_at.isoformat()
    if claim.filed_at < opens:
        return claim.id, "premature", f"claim {claim.id} filed {filed}, before the window opens"
    if claim.filed_at >= closes:
        return claim.id, "expired", f"claim {claim.id} filed {filed}, after the window closed"
    if channel is not None and (claim.channel or "").casefold() != channel.casefold():
        via = claim.channel or "no channel"
        return claim.id, "wrong_channel", f"claim {claim.id} filed via {via}, not {channel}"
    return claim.id, "claimable", f"claim {claim.id} filed {filed}, within the window"


def payable(
    entitled: ComputedCredit,
    claim: ClaimResult,
    parts: list[tuple[str, ComputedCredit]],
    combine: str,
) -> tuple[ComputedCredit, str]:
    """What is payable of the period's `entitled` credit given its claims, and why. `parts` are
    the credits of the period's objectives and support (by objective id, or "support"): claims
    that name objectives claim those credits only (at most the entitled total)."""
    nothing = ComputedCredit(Fraction(0), Fraction(0), "nothing payable")
    if not (entitled.share or entitled.amount):
        return nothing, "nothing is owed"
    if claim.status == "none" and claim.opens is None:
        return entitled, "the contract states no claim window: payable without a claim"
    if claim.status == "none":
        return nothing, "no claim filed yet: payable once claimed within the window"
    if claim.status != "claimable":
        return nothing, f"nothing payable: {claim.reason}"
    if claim.objectives is None:
        return entitled, claim.reason
    known = {owner for owner, _ in parts}
    unknown = sorted(claim.objectives - known)
    claimed = [credit for owner, credit in parts if owner in claim.objectives]
    named = ", ".join(sorted(claim.objectives))
    reason = f"{claim.reason}; it claims {named} only"
    if unknown:
        reason += f" ({', '.join(unknown)}: no objective of the contract)"
    if not claimed:
        return nothing, reason
    return _smaller(entitled, combine_credits(claimed, combine)), reason


def _smaller(a: ComputedCredit, b: ComputedCredit) -> ComputedCredit:
    """The smaller of two credits, by money when both are known, else by share."""
    if a.amount is not None and b.amount is not None:
        return a if a.amount <= b.amount else b
    if a.share is not None and b.share is not None:
        return a if a.share <= b.share else b
    return a
