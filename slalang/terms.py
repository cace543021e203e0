"""The terms a buyer compares, one row each: what a contract states, in its own words.

`table(contracts)` gives one row per term with each contract's value, or None where it does not
state the term. A new term of the language is one entry in `TERMS` (or in `_severity_rows` for a
term per severity).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from slalang import fmt
from slalang.model import (
    CalendarSpan,
    Cap,
    CauseExclusion,
    Channel,
    ClaimOffset,
    ClaimTerms,
    Contract,
    Credit,
    Escalation,
    Exclusion,
    FlaggedExclusion,
    LinearCredit,
    ObjectiveKind,
    SupportTarget,
    TierCredit,
    Window,
)

Term = Callable[[Contract], str | None]


def _joined(parts: Sequence[str]) -> str | None:
    return "; ".join(parts) if parts else None


def credit_text(credit: Credit) -> str:
    """A credit clause on one line: tiers as 'bound -> amount' pairs."""
    if isinstance(credit, TierCredit):
        tiers = ", ".join(f"{fmt.bound(t.bound)} -> {fmt.quantity(t.amount)}" for t in credit.tiers)
        return tiers + (f" (apply {credit.apply})" if credit.apply else "")
    if isinstance(credit, LinearCredit):
        per = window_text(credit.per)
        counting = f" {credit.counting}" if credit.counting else ""
        return f"{fmt.quantity(credit.amount)} per {per} down{counting}"
    return f"{fmt.quantity(credit.amount)} per breach"


def cap_text(cap: Cap) -> str:
    base = f" of {cap.base}" if cap.base else ""
    return f"{fmt.quantity(cap.amount)}{base} per {window_text(cap.per)}"


def target_text(t: SupportTarget) -> str:
    text = "best effort" if t.within is None else fmt.quantity(t.within) + _clock_text(t.clock)
    if t.plan is not None:
        text += f" for plan {t.plan}"
    return text + (f" for {fmt.quantity(t.share)} of tickets" if t.share else "")


def _targets(kind: ObjectiveKind) -> Term:
    def term(c: Contract) -> str | None:
        return _joined(
            [
                f"{o.id}: {o.target.statistic + ' ' if o.target.statistic else ''}"
                f"{o.target.comparator} {fmt.quantity(o.target.value)}"
                for o in c.objectives
                if o.kind == kind and o.target is not None
            ]
        )

    return term


def _credits(kind: ObjectiveKind) -> Term:
    def term(c: Contract) -> str | None:
        return _joined(
            [f"{o.id}: {credit_text(x)}" for o in c.objectives if o.kind == kind for x in o.credits]
        )

    return term


def _severities(c: Contract) -> str | None:
    if c.support is None:
        return None
    return _joined([s.id + (f" ({s.title})" if s.title else "") for s in c.support.severities])


def channel_text(channel: Channel) -> str:
    """'hotline (7x24 emergency line) 24x7 for severity urgent'."""
    text = channel.kind + (f" ({channel.title})" if channel.title else "")
    text += _clock_text(channel.clock)
    if channel.severities:
        text += " for severity " + ", ".join(channel.severities)
    return text + (f" for plan {channel.plan}" if channel.plan is not None else "")


def escalation_text(e: Escalation) -> str:
    """'to senior_engineer within 30 minutes 24x7'."""
    text = f"to {e.tier} within {fmt.quantity(e.within)}{_clock_text(e.clock)}"
    return text + (f" for plan {e.plan}" if e.plan is not None else "")


def _clock_text(clock: str | None) -> str:
    if clock is None:
        return " (support calendar)"
    return " 24x7" if clock == "24x7" else f" on {clock}"


def _channels(c: Contract) -> str | None:
    return None if c.support is None else _joined([channel_text(x) for x in c.support.channels])


def _escalation(c: Contract) -> str | None:
    if c.support is None:
        return None
    return _joined(
        [
            f"{s.id}: " + ", ".join(escalation_text(e) for e in s.escalations)
            for s in c.support.severities
            if s.escalations
        ]
    )


def _compensation(field: str) -> Term:
    def term(c: Contract) -> str | None:
        comp = c.compensation
        value = None if comp is None else getattr(comp, field)
        if value is None or value == ():
            return None
        if field == "caps":
            return _joined([cap_text(x) for x in value])
        if field == "rounding":
            return f"{value.mode} {fmt.number(value.precision)}"
        if field == "claim":
            return claim_text(value)
        if field == "remedies":
            return ", ".join(value)
        return fmt.quantity(value) if hasattr(value, "type") else str(value)

    return term


def _offset(o: ClaimOffset) -> str:
    return "period end" if o.after is None else f"{fmt.quantity(o.after)} after period end"


def claim_text(claim: ClaimTerms) -> str:
    text = f"from {_offset(claim.opens)} to {_offset(claim.closes)}"
    if claim.calendar is not None:
        text += f" on {claim.calendar}"
    return text + (f" via {claim.channel}" if claim.channel else "")


def window_text(window: Window) -> str:
    """'period', 'month', '3 months', '28 days'."""
    if window == "period":
        return "period"
    if isinstance(window, CalendarSpan) and window.value == 1:
        return window.unit[:-1]
    return fmt.quantity(window)


def exclusion_text(x: Exclusion) -> str:
    """An exclusion in a few words: 'maintenance announced 48 hours ahead, at most 8 hours per
    month', 'causes customer, force_majeure', 'records flagged as excluded'."""
    if isinstance(x, CauseExclusion):
        return "causes " + ", ".join(x.causes)
    if isinstance(x, FlaggedExclusion):
        return "records flagged as excluded"
    text = "maintenance"
    if x.notice is not None:
        text += f" announced {fmt.quantity(x.notice)} ahead"
    if x.maximum is not None:
        text += f", at most {fmt.quantity(x.maximum)} per {window_text(x.maximum_per or 'period')}"
    return text


def _exclusions(c: Contract) -> str | None:
    return _joined([f"{o.id}: {exclusion_text(x)}" for o in c.objectives for x in o.exclusions])


def _compliance(c: Contract) -> str | None:
    if c.support is None or c.support.compliance is None:
        return None
    share = c.support.compliance.share
    return "every ticket" if share is None else f"{fmt.quantity(share)} of tickets"


def _effective(c: Contract) -> str | None:
    e = c.effective
    if e is None:
        return None
    return e.start.isoformat() + (f" to {e.end.isoformat()}" if e.end else "")


TERMS: list[tuple[str, Term]] = [
    ("effective", _effective),
    ("period", lambda c: None if c.period is None else fmt.period(c.period)),
    ("availability", _targets("availability")),
    ("success rate", _targets("success_rate")),
    ("latency", _targets("latency")),
    ("availability credit per tier", _credits("availability")),
    ("success rate credit", _credits("success_rate")),
    ("latency credit", _credits("latency")),
    ("exclusions", _exclusions),
    ("priority (severities)", _severities),
    ("channels", _channels),
    ("escalation", _escalation),
    ("support compliance", _compliance),
    ("caps", _compensation("caps")),
    ("minimum credit", _compensation("minimum_credit")),
    ("rounding", _compensation("rounding")),
    ("claim window", _compensation("claim")),
    ("credit form", _compensation("form")),
    ("remedy", _compensation("remedies")),
]


def _severity_rows(contracts: Sequence[Contract]) -> list[tuple[str, list[str | None]]]:
    """'respond: urgent', 'resolve: urgent', ... for every severity id of any contract."""
    ids: list[str] = []
    for c in contracts:
        for s in c.support.severities if c.support else ():
            if s.id not in ids:
                ids.append(s.id)
    rows = []
    for kind in ("respond", "resolve"):
        for sid in ids:
            values = []
            for c in contracts:
                found = [
                    target_text(t)
                    for s in (c.support.severities if c.support else ())
                    if s.id == sid
                    for t in s.targets
                    if t.kind == kind
                ]
                values.append(_joined(found))
            if any(values):
                rows.append((f"{kind}: {sid}", values))
    return rows


def table(contracts: Sequence[Contract]) -> list[tuple[str, list[str | None]]]:
    """Every term with each contract's value (None: not stated), severities after availability."""
    rows = [(name, [term(c) for c in contracts]) for name, term in TERMS]
    at = next(i for i, (name, _) in enumerate(rows) if name == "escalation") + 1
    rows[at:at] = _severity_rows(contracts)
    return [row for row in rows if any(row[1])]
