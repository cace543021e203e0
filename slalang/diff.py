"""`diff(old, new)`: what changed between two versions of a contract, for the buyer.

The diff is between models, so comments and formatting never show. Objectives are matched by id,
then by service and kind (a rename); severities and calendars by id. Every field of a matched
block that differs gives a `Change`: the block's rule table (`OBJECTIVE`, `SUPPORT`,
`SEVERITY`, `COMPENSATION`, `CALENDAR`, `CONTRACT`) says whether it is better, worse or neutral
for the buyer and why; a field with no rule is reported as a neutral change, never dropped. A
new term of the language is one entry in its block's table.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from fractions import Fraction
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict

from slalang import curves, fmt, moments, terms, wording
from slalang.model import (
    AllOf,
    AnniversaryPeriod,
    AnyOf,
    BreachCredit,
    BusinessDuration,
    CalendarPeriod,
    CalendarSpan,
    Cap,
    CauseExclusion,
    Channel,
    ClaimTerms,
    Contract,
    DowntimeRef,
    Duration,
    Escalation,
    Exclusion,
    FlaggedExclusion,
    KOf,
    LinearCredit,
    MaintenanceExclusion,
    MetricCondition,
    MinimumVolume,
    Money,
    Number,
    Objective,
    OutageCondition,
    Percent,
    Quorum,
    RollingPeriod,
    Rounding,
    Severity,
    Support,
    SupportTarget,
    Target,
    TierCredit,
    Units,
    magnitude,
)

SCHEMA = "slalang.diff/v1"
Verdict = Literal["better", "worse", "neutral"]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Change(_Model):
    where: str  # "objective im_availability", "support severity urgent", "compensation"
    clause: str  # the field: "target", "credits", "respond"
    old: str | None  # None: not stated in the old version
    new: str | None
    verdict: Verdict
    reason: str


class Version(_Model):
    name: str
    version: str | None


class ContractDiff(_Model):
    old: Version
    new: Version
    changes: list[Change]

    def count(self, verdict: Verdict) -> int:
        return sum(c.verdict == verdict for c in self.changes)

    def to_json(self) -> str:
        data = {"schema": SCHEMA, **self.model_dump(mode="json")}
        return json.dumps(data, indent=2, ensure_ascii=False)


# ---- showing values ----------------------------------------------------------------------------


def show(value: object) -> str | None:
    """A clause's value in the language's words; None for a value not stated."""
    if value is None or value == ():
        return None
    if isinstance(value, tuple):
        return "; ".join(s for s in (show(v) for v in value) if s)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str | int):
        return str(value)
    return _show_node(value)


def _show_node(value: object) -> str:
    if isinstance(value, Target):
        stat = f"{value.statistic} " if value.statistic else ""
        return f"{stat}{value.comparator} {fmt.quantity(value.value)}"
    if isinstance(value, Cap):
        return terms.cap_text(value)
    if isinstance(value, MaintenanceExclusion | CauseExclusion | FlaggedExclusion):
        return terms.exclusion_text(value)
    if isinstance(value, SupportTarget):
        within = "" if value.within is None else "within "
        return f"{value.kind} {within}{terms.target_text(value)}"
    if isinstance(value, Channel):
        return terms.channel_text(value)
    if isinstance(value, Escalation):
        return terms.escalation_text(value)
    if isinstance(value, ClaimTerms):
        return terms.claim_text(value)
    if isinstance(value, Rounding):
        return f"{value.mode} {fmt.number(value.precision)}"
    if isinstance(value, TierCredit | LinearCredit | BreachCredit):
        return terms.credit_text(value)
    if isinstance(value, CalendarPeriod | AnniversaryPeriod | RollingPeriod):
        return fmt.period(value)
    if isinstance(
        value, AllOf | AnyOf | KOf | Quorum | OutageCondition | MetricCondition | DowntimeRef
    ):
        return fmt.condition(value)
    if isinstance(
        value, Percent | Number | Duration | BusinessDuration | CalendarSpan | Money | Units
    ):
        return fmt.quantity(value)
    if isinstance(value, BaseModel):
        return json.dumps(value.model_dump(mode="json", exclude_defaults=True), ensure_ascii=False)
    return str(value)


# ---- rules -------------------------------------------------------------------------------------

Found = tuple[Verdict, str]
Rule = Callable[[Any, Any], Found]  # (old value, new value) -> verdict and reason


class Context:
    """What rules need beyond the two values: both contracts and the moments deadlines use."""

    def __init__(self, old: Contract, new: Contract) -> None:
        self.old, self.new = old, new
        effective = new.effective or old.effective
        year = effective.start.year if effective is not None else 2026
        self.moments = [
            moments.ordinary_weekday([new], year),
            moments.ordinary_friday([new], year),
            *([m] if (m := moments.before_holiday([new, old], year)) else []),
        ]


def neutral(reason: str) -> Rule:
    return lambda old, new: ("neutral", reason)


def _direction(old: Fraction | None, new: Fraction | None, higher_is: Verdict) -> Verdict:
    if old is None or new is None or old == new:
        return "neutral"
    lower: Verdict = "worse" if higher_is == "better" else "better"
    return higher_is if new > old else lower


def ranked(order: Sequence[str], why: str) -> Rule:
    """Words ranked from worst to best for the buyer; not stated counts as neutral."""

    def rule(old: Any, new: Any) -> Found:
        if old is None or new is None:
            return "neutral", f"{why}: now {'stated' if new is not None else 'left to the default'}"
        verdict = _direction(Fraction(order.index(old)), Fraction(order.index(new)), "better")
        return verdict, f"{why}: {old} -> {new}"

    return rule


def _stated(old: object, what: str, added: Verdict, removed: Verdict) -> Found:
    """The verdict when only one version states `what`: the new one (`old` is None) or the old."""
    if old is None:
        return added, f"{what} is now stated"
    return removed, f"{what} is no longer stated"


def amount(higher_is: Verdict, what: str, added: Verdict, removed: Verdict) -> Rule:
    """A quantity where more is `higher_is` for the buyer; stating or dropping it is `added` or
    `removed`."""

    def rule(old: Any, new: Any) -> Found:
        if old is None or new is None:
            return _stated(old, what, added, removed)
        size = _size(old), _size(new)
        if size[0] is None or size[1] is None:
            return "neutral", f"{what} changed; the two cannot be compared exactly"
        verdict = _direction(size[0], size[1], higher_is)
        more = "more" if size[1] > size[0] else "less"
        return verdict, f"{what}: {more} than before"

    return rule


def _size(value: object) -> Fraction | None:
    if isinstance(value, MinimumVolume):
        return Fraction(value.count)
    if isinstance(value, Cap):
        return magnitude(value.amount)
    return magnitude(value)


def _target(old: Target | None, new: Target | None) -> Found:
    if old is None or new is None:
        return _stated(old, "a target", "better", "worse")
    if old.comparator != new.comparator or old.statistic != new.statistic:
        return "neutral", "the target measures something else now"
    a, b = magnitude(old.value), magnitude(new.value)
    higher: Verdict = "better" if old.comparator in (">=", ">") else "worse"
    verdict = _direction(a, b, higher)
    what = {"better": "stricter for the provider", "worse": "looser for the provider"}
    return verdict, f"the target is {what.get(verdict, 'unchanged in size')}"


def _list_rule(what: str, added: Verdict, removed: Verdict) -> Rule:
    def rule(old: tuple[Any, ...], new: tuple[Any, ...]) -> Found:
        gone = [show(x) for x in old if x not in new]
        came = [show(x) for x in new if x not in old]
        if came and not gone:
            return added, f"{what} added: {'; '.join(s for s in came if s)}"
        if gone and not came:
            return removed, f"{what} removed: {'; '.join(s for s in gone if s)}"
        return "neutral", f"{what} changed; some added, some removed"

    return rule


def _limits(
    before: dict[Any, Any],
    after: dict[Any, Any],
    what: Callable[[Any], str],
    pair: Callable[[Any, Any], Found],
    added: Verdict = "worse",
) -> Found:
    """Limits on credits matched by key (exclusions, caps): one added is worse for the buyer, one
    removed better, a changed one judged by `pair`. Offers (channels, escalations) pass `added`
    "better": one added is better, one removed worse."""
    verdicts: list[Verdict] = []
    reasons = []
    for key in dict.fromkeys([*before, *after]):
        a, b = before.get(key), after.get(key)
        if a == b:
            continue
        if a is None or b is None:
            removed: Verdict = "better" if added == "worse" else "worse"
            verdicts.append(added if a is None else removed)
            reasons.append(f"{what(b if a is None else a)} {'added' if a is None else 'removed'}")
            continue
        verdict, why = pair(a, b)
        verdicts.append(verdict)
        reasons.append(why)
    return _overall(verdicts), "; ".join(reasons)


def _exclusions(old: tuple[Exclusion, ...], new: tuple[Exclusion, ...]) -> Found:
    def pair(a: Exclusion, b: Exclusion) -> Found:
        if isinstance(a, MaintenanceExclusion) and isinstance(b, MaintenanceExclusion):
            return _maintenance(a, b)
        more = set(getattr(b, "causes", ())) - set(getattr(a, "causes", ()))
        return ("worse" if more else "better"), f"causes {'added' if more else 'removed'}"

    verdict, reasons = _limits(
        {x.type: x for x in old}, {x.type: x for x in new}, lambda x: f"{x.type} exclusion", pair
    )
    return verdict, reasons or "exclusions reordered"


def _maintenance(a: MaintenanceExclusion, b: MaintenanceExclusion) -> Found:
    verdicts: list[Verdict] = []
    notice = amount("better", "the notice before maintenance", "better", "worse")
    cap = amount("worse", "the most maintenance excluded", "better", "worse")
    reasons = []
    for rule, x, y in ((notice, a.notice, b.notice), (cap, a.maximum, b.maximum)):
        if x != y:
            v, why = rule(x, y)
            verdicts.append(v)
            reasons.append(why)
    if a.maximum_per != b.maximum_per:
        verdicts.append("neutral")
        reasons.append("the window of the maintenance maximum changed")
    return _overall(verdicts), "; ".join(reasons)


def _overall(verdicts: Sequence[Verdict]) -> Verdict:
    found = set(verdicts) - {"neutral"}
    return found.pop() if len(found) == 1 else "neutral"


def _caps(old: tuple[Cap, ...], new: tuple[Cap, ...]) -> Found:
    """Caps matched by window and fee base: a higher cap is better, a new cap worse."""

    def pair(a: Cap, b: Cap) -> Found:
        verdict = _direction(magnitude(a.amount), magnitude(b.amount), "better")
        return (
            verdict if a.amount.type == b.amount.type else "neutral"
        ), f"cap {show(a)} is now {show(b)}"

    return _limits(
        {(str(c.per), c.base): c for c in old},
        {(str(c.per), c.base): c for c in new},
        lambda c: f"cap {show(c)}",
        pair,
    )


def _weights(old: tuple[Any, ...], new: tuple[Any, ...]) -> Found:
    a = {w.impact: w.share.fraction for w in old}
    b = {w.impact: w.share.fraction for w in new}
    verdicts = [
        _direction(a.get(k, Fraction(0)), b.get(k, Fraction(0)), "better") for k in set(a) | set(b)
    ]
    return _overall(verdicts), "how much a partial outage counts as down changed"


def _claim(old: ClaimTerms | None, new: ClaimTerms | None) -> Found:
    if old is None or new is None:
        return _stated(old, "a claim window", "better", "neutral")
    if (old.opens, old.closes) == (new.opens, new.closes):
        return "neutral", "the claim channel or calendar changed"
    a, b = _window_length(old), _window_length(new)
    verdict = _direction(a, b, "better")
    longer = {"better": "longer", "worse": "shorter"}.get(verdict)
    return (
        verdict,
        f"the window to claim a credit is {longer}" if longer else "the claim window moved",
    )


def _window_length(claim: ClaimTerms) -> Fraction | None:
    """How long the claim window is open, in seconds; None when a calendar decides."""
    first, last = (
        Fraction(0) if o.after is None else magnitude(o.after) for o in (claim.opens, claim.closes)
    )
    if first is None or last is None:
        return None
    return last - first


def _hours_verdict(old: str | None, new: str | None) -> Verdict:
    """Staffed or counted 24x7 is better than on a calendar; one calendar for another: neutral."""
    if old == new:
        return "neutral"
    return "better" if new == "24x7" else "worse" if old == "24x7" else "neutral"


def _channels(old: tuple[Channel, ...], new: tuple[Channel, ...]) -> Found:
    """Channels matched by kind and plan: one added is better, one removed worse; fewer staffed
    hours or fewer severities served are worse."""

    def pair(a: Channel, b: Channel) -> Found:
        verdicts = [_hours_verdict(a.clock, b.clock)]
        before, after = set(a.severities), set(b.severities)
        if before != after:  # none listed: every severity
            fewer = bool(after) and (not before or not before <= after)
            more = bool(before) and (not after or not after <= before)
            verdicts.append("neutral" if fewer == more else "worse" if fewer else "better")
        return _overall(verdicts), f"{show(a)} is now {show(b)}"

    return _offers(old, new, lambda c: c.kind, lambda c: f"channel {show(c)}", pair, "channels")


def _escalations(old: tuple[Escalation, ...], new: tuple[Escalation, ...]) -> Found:
    """Escalations matched by tier and plan: one added is better, one removed worse, a shorter
    time on the same clock better."""

    def pair(a: Escalation, b: Escalation) -> Found:
        if a.clock != b.clock:
            verdict = _hours_verdict(a.clock, b.clock) if a.within == b.within else "neutral"
        else:
            verdict = _direction(magnitude(a.within), magnitude(b.within), "worse")
        return verdict, f"{show(a)} is now {show(b)}"

    def what(e: Escalation) -> str:
        return f"escalation {terms.escalation_text(e)}"

    return _offers(old, new, lambda e: e.tier, what, pair, "escalations")


_Offer = TypeVar("_Offer", Channel, Escalation)


def _offers(
    old: tuple[_Offer, ...],
    new: tuple[_Offer, ...],
    key: Callable[[_Offer], str],
    what: Callable[[_Offer], str],
    pair: Callable[[_Offer, _Offer], Found],
    name: str,
) -> Found:
    """Offers matched by `key` and plan: one added is better, one removed worse."""
    verdict, reasons = _limits(
        {(key(x), x.plan): x for x in old},
        {(key(x), x.plan): x for x in new},
        what,
        pair,
        added="better",
    )
    return verdict, reasons or f"{name} reordered"


SOON_FIRST = ["provider", "mutual", "customer"]
OBJECTIVE: dict[str, Rule] = {
    "target": _target,
    "partial_slices": ranked(["up", "proportional", "down"], "a partly down slice counts"),
    "missing_data": ranked(["up", "excluded", "down"], "time without data counts"),
    "minimum_run": amount("worse", "the shortest outage that counts", "worse", "better"),
    "minimum_volume": amount("worse", "the least traffic assessed", "worse", "better"),
    "exclusions": _exclusions,
    "weights": _weights,
    "down_when": neutral("what counts as down changed: review the condition"),
    "title": neutral("the title changed"),
    "quotes": neutral("the quoted source text changed"),
}
SUPPORT: dict[str, Rule] = {
    "severity_assigned_by": ranked(SOON_FIRST, "who assigns the severity"),
    "severity_taken_as": ranked(["initial", "final", "highest"], "which severity a ticket keeps"),
    "automated_responses": ranked(["count", "ignored"], "automated responses"),
    "pauses": ranked(["honoured", "ignored"], "pauses of the clock"),
    "compliance": amount(
        "better", "the share of tickets that must meet their targets", "better", "worse"
    ),
    "caps": _caps,
    "credits": _list_rule("support credits", "better", "worse"),
    "channels": _channels,
}
SEVERITY: dict[str, Rule] = {
    "coverage_on_request": lambda old, new: (
        "better" if new else "worse",
        f"24x7 coverage on request {'offered' if new else 'withdrawn'}",
    ),
    "credits": _list_rule("severity credits", "better", "worse"),
    "escalations": _escalations,
    "means": neutral("what the severity means changed: review which incidents it covers"),
}
COMPENSATION: dict[str, Rule] = {
    "combine": ranked(["max", "sum"], "credits of several objectives"),
    "caps": _caps,
    "minimum_credit": amount("worse", "the smallest credit paid", "worse", "better"),
    "rounding": lambda old, new: _rounding(old, new),
    "claim": _claim,
    "remedies": lambda old, new: (
        ("better", "credits no longer the sole remedy")
        if "cumulative" in new and "cumulative" not in old
        else ("worse", "credits are now the sole remedy")
        if "sole" in new and "sole" not in old
        else ("neutral", "the remedies changed")
    ),
}
CALENDAR: dict[str, Rule] = {
    "open": lambda old, new: (
        _direction(_weekly_minutes(old), _weekly_minutes(new), "better"),
        "the weekly support hours changed",
    ),
    "holidays": neutral("the public holidays observed changed"),
    "closed": _list_rule("closed dates", "worse", "better"),
}
CONTRACT: dict[str, Rule] = {
    "effective": neutral("the dates the contract is in force changed"),
    "period": neutral("the measurement period changed"),
}
ROUNDING_ORDER = ["down", "half_down", "half_even", "half_up", "up"]


def _rounding(old: Rounding | None, new: Rounding | None) -> Found:
    if old is None or new is None or old.mode == new.mode:
        return "neutral", "the rounding of credits changed"
    return ranked(ROUNDING_ORDER, "credits are rounded")(old.mode, new.mode)


def _weekly_minutes(hours: tuple[Any, ...]) -> Fraction:
    total = Fraction(0)
    for h in hours:
        start = h.start.hour * 60 + h.start.minute
        end = 24 * 60 if h.end == "24:00" else h.end.hour * 60 + h.end.minute
        days = sum((_WEEK.index(d.last or d.first) - _WEEK.index(d.first)) % 7 + 1 for d in h.days)
        total += (end - start) * days
    return total


_WEEK = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


# ---- walking the two contracts ---------------------------------------------------------------


def _fields(
    where: str, old: BaseModel, new: BaseModel, table: dict[str, Rule], skip: set[str]
) -> list[Change]:
    """A change for every field of a matched block that differs, judged by `table`."""
    out = []
    for name in type(old).model_fields:
        a, b = getattr(old, name), getattr(new, name)
        if name in skip or a == b:
            continue
        rule = table.get(name, neutral(f"the {name.replace('_', ' ')} changed"))
        verdict, reason = rule(a, b)
        out.append(
            Change(
                where=where, clause=name, old=show(a), new=show(b), verdict=verdict, reason=reason
            )
        )
    return out


def _matched_objectives(
    old: Contract, new: Contract
) -> tuple[list[tuple[Objective, Objective]], list[Objective], list[Objective]]:
    """Pairs matched by id, then by services and kind (when one of each is left); the rest."""
    by_id = {o.id: o for o in new.objectives}
    pairs = [(o, by_id[o.id]) for o in old.objectives if o.id in by_id]
    left_old = [o for o in old.objectives if o.id not in by_id]
    left_new = [o for o in new.objectives if o.id not in {p[0].id for p in pairs}]
    for o in list(left_old):
        same = [n for n in left_new if (n.kind, n.services) == (o.kind, o.services)]
        if len(same) == 1:
            pairs.append((o, same[0]))
            left_old.remove(o)
            left_new.remove(same[0])
    return pairs, left_old, left_new


def _objectives(old: Contract, new: Contract, ctx: Context) -> list[Change]:
    pairs, removed, added = _matched_objectives(old, new)
    out = [
        Change(
            where=f"objective {o.id}",
            clause="objective",
            old=o.kind,
            new=None,
            verdict="worse",
            reason="the objective was removed: nothing is promised for it",
        )
        for o in removed
    ]
    out += [
        Change(
            where=f"objective {o.id}",
            clause="objective",
            old=None,
            new=o.kind,
            verdict="better",
            reason="a new objective is promised",
        )
        for o in added
    ]
    for a, b in pairs:
        where = f"objective {b.id}"
        if a.id != b.id:
            out.append(
                Change(
                    where=where,
                    clause="id",
                    old=a.id,
                    new=b.id,
                    verdict="neutral",
                    reason="renamed (matched by service and kind)",
                )
            )
        out += _fields(where, a, b, OBJECTIVE, {"id", "credits", "caps"})
        if (a.credits, a.caps) != (b.credits, b.caps):
            out.append(_credit_change(where, a, b))
    return out


def _credit_change(where: str, a: Objective, b: Objective) -> Change:
    """The credit clauses and caps of an objective, judged by their exact curves."""
    old = show((*a.credits, *a.caps))
    new = show((*b.credits, *b.caps))
    verdict, reason = _curve_verdict(a, b)
    return Change(where=where, clause="credits", old=old, new=new, verdict=verdict, reason=reason)


def _curve_verdict(a: Objective, b: Objective) -> Found:
    """Better when the new curve pays at least as much at every measured value, and so on."""
    domain = curves.domain_of(b, Fraction(30 * 86_400_000_000))
    try:
        units = {curves.amount_unit(x) for o in (a, b) for x in _credit_amounts(o)}
        if len(units) > 1:
            raise curves.CurveError("the credits are in different units")
        old, new = (_capped_pieces(o, domain) for o in (a, b))
    except curves.CurveError as error:
        return "neutral", f"the credits changed; not comparable exactly ({error})"
    ranges = curves.difference(new, old)
    relations = {r.relation for r in ranges}
    if relations <= {"equal"}:
        return "neutral", "the credits are written differently but pay the same"
    if "less" not in relations:
        return "better", "the credit is at least as large at every measured value"
    if "more" not in relations:
        worse = next(r for r in ranges if r.relation == "less")
        return "worse", f"the credit is smaller from {_at(b, worse.low)} to {_at(b, worse.high)}"
    return "neutral", "the credit is larger at some measured values and smaller at others"


def _at(o: Objective, x: Fraction | None) -> str:
    if x is None:
        return "above"
    return f"{wording.number(x)} ms" if o.kind == "latency" else wording.percent(x)


def _credit_amounts(o: Objective) -> list[Any]:
    out = [c.amount for c in o.caps]
    for c in o.credits:
        out.extend([t.amount for t in c.tiers] if c.type == "tiers" else [c.amount])
    return out


def _capped_pieces(o: Objective, domain: curves.Domain) -> tuple[curves.Piece, ...]:
    pieces = curves.objective_pieces(o, domain, curves.amount_value)
    for cap in o.caps:
        pieces = curves.capped(pieces, curves.amount_value(cap.amount))
    return pieces


def _target_change(
    where: str, a: SupportTarget | None, b: SupportTarget | None, ctx: Context
) -> Change:
    """A support target added, removed or changed (judged by its deadlines)."""
    given = b if a is None else a
    assert given is not None
    kind = given.kind
    old, new = (None if t is None else terms.target_text(t) for t in (a, b))
    if a is None or b is None:
        found = _stated(a, f"the {kind} target", "better", "worse")
    elif (a.within is None) != (b.within is None):
        lost = b.within is None
        found = (
            "worse" if lost else "better",
            f"{kind} {'is now best effort, with no deadline' if lost else 'now has a deadline'}"
            f" ({terms.target_text(a)} -> {terms.target_text(b)})",
        )
    else:
        found = _deadlines(kind, a, b, ctx)
    return Change(where=where, clause=kind, old=old, new=new, verdict=found[0], reason=found[1])


def _deadlines(kind: str, a: SupportTarget, b: SupportTarget, ctx: Context) -> Found:
    """Better when every ticket opened at the context's moments is due sooner, and so on."""
    verdicts: list[Verdict] = []
    reasons = []
    for moment in ctx.moments:
        try:
            before, after = moments.due(ctx.old, a, moment.at), moments.due(ctx.new, b, moment.at)
        except ValueError as error:
            return (
                "neutral",
                f"the {kind} target changed; its deadline cannot be worked out ({error})",
            )
        if before is None or after is None:
            continue
        verdicts.append("better" if after < before else "worse" if after > before else "neutral")
        if after != before:
            reasons.append(
                f"a ticket opened {wording.local(moment.at)} ({moment.label}) now waits until "
                f"{wording.local(after)} (was {wording.local(before)})"
            )
    verdict = _overall(verdicts)
    lead = f"{kind} moved from {terms.target_text(a)} to {terms.target_text(b)}"
    if verdict == "neutral" and reasons:
        lead += ": sooner for some tickets, later for others"
    return verdict, "; ".join([lead, *reasons])


def _severity(where: str, a: Severity, b: Severity, ctx: Context) -> list[Change]:
    out = _fields(where, a, b, SEVERITY, {"id", "targets", "title"})
    keys = [(t.kind, t.plan) for t in (*a.targets, *b.targets)]
    for key in dict.fromkeys(keys):
        x = next((t for t in a.targets if (t.kind, t.plan) == key), None)
        y = next((t for t in b.targets if (t.kind, t.plan) == key), None)
        if x != y:
            out.append(_target_change(where, x, y, ctx))
    return out


def _support(old: Support | None, new: Support | None, ctx: Context) -> list[Change]:
    if old is None or new is None:
        if old == new:
            return []
        verdict: Verdict = "better" if old is None else "worse"
        return [
            Change(
                where="support",
                clause="support",
                old=show(old and "support"),
                new=show(new and "support"),
                verdict=verdict,
                reason=f"support terms {'added' if old is None else 'removed'}",
            )
        ]
    out = _fields("support", old, new, SUPPORT, {"severities", "calendar"})
    if old.calendar != new.calendar:
        out.append(
            Change(
                where="support",
                clause="calendar",
                old=old.calendar,
                new=new.calendar,
                verdict="neutral",
                reason="the default support calendar changed: see the targets' deadlines",
            )
        )
    before = {s.id: s for s in old.severities}
    after = {s.id: s for s in new.severities}
    for sid in dict.fromkeys([*before, *after]):
        where = f"support severity {sid}"
        a, b = before.get(sid), after.get(sid)
        if a is None or b is None:
            verdict = "better" if a is None else "worse"
            out.append(
                Change(
                    where=where,
                    clause="severity",
                    old=a and sid,
                    new=b and sid,
                    verdict=verdict,
                    reason=f"the severity was {'added' if a is None else 'removed'}",
                )
            )
        else:
            out += _severity(where, a, b, ctx)
    # a changed default calendar moves targets that name no clock
    if old.calendar != new.calendar:
        for sid in set(before) & set(after):
            for t in after[sid].targets:
                if t.clock is None and t in before[sid].targets:
                    out.append(_clock_moved(f"support severity {sid}", t, ctx))
    return out


def _clock_moved(where: str, t: SupportTarget, ctx: Context) -> Change:
    change = _target_change(where, t, t, ctx)
    return change.model_copy(update={"reason": "the support calendar changed; " + change.reason})


def _calendars(old: Contract, new: Contract) -> list[Change]:
    before = {c.id: c for c in old.calendars}
    after = {c.id: c for c in new.calendars}
    out = []
    for cid in dict.fromkeys([*before, *after]):
        a, b = before.get(cid), after.get(cid)
        where = f"calendar {cid}"
        if a is None or b is None:
            out.append(
                Change(
                    where=where,
                    clause="calendar",
                    old=a and cid,
                    new=b and cid,
                    verdict="neutral",
                    reason=f"calendar {'added' if a is None else 'removed'}",
                )
            )
        elif a != b:
            out += _fields(where, a, b, CALENDAR, {"id"})
    return out


def _block(
    where: str, old: BaseModel | None, new: BaseModel | None, table: dict[str, Rule]
) -> list[Change]:
    if old is None and new is None:
        return []
    if old is None or new is None:
        given = old if old is not None else new
        assert given is not None
        empty = type(given)()  # a block that states nothing: every field at its default
        old, new = old or empty, new or empty
    return _fields(where, old, new, table, set())


def _examples(old: Contract, new: Contract) -> list[Change]:
    a = {e.title: e for e in old.examples}
    b = {e.title: e for e in new.examples}
    out = []
    for title in dict.fromkeys([*a, *b]):
        if a.get(title) != b.get(title):
            state = "added" if title not in a else "removed" if title not in b else "changed"
            out.append(
                Change(
                    where="examples",
                    clause="example",
                    old=title if title in a else None,
                    new=title if title in b else None,
                    verdict="neutral",
                    reason=f"a worked example was {state}; examples pin meaning, they are not terms",
                )
            )
    return out


def diff(old: Contract, new: Contract) -> ContractDiff:
    """The semantic changes from `old` to `new`, each better, worse or neutral for the buyer."""
    ctx = Context(old, new)
    skip = {"objectives", "support", "compensation", "calendars", "examples", "name", "version"}
    changes = [
        *_fields("contract", old, new, CONTRACT, skip),
        *_calendars(old, new),
        *_objectives(old, new, ctx),
        *_support(old.support, new.support, ctx),
        *_block("compensation", old.compensation, new.compensation, COMPENSATION),
        *_examples(old, new),
    ]
    return ContractDiff(
        old=Version(name=old.name, version=old.version),
        new=Version(name=new.name, version=new.version),
        changes=changes,
    )
