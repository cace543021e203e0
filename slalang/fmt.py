"""The canonical printer: model (+ comments) to text; whether a file would change, and the diff.

One clause per line, four-space indents, a blank line around blocks at the top level, clauses in
the model's field order, units spelt out in full (singular for 1). Comments are placed by the
paths of the clauses they were attached to (see `slalang.syntax.comments`).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from functools import partial

from slalang.model import (
    AllOf,
    Amount,
    AnniversaryPeriod,
    AnyOf,
    Bound,
    BusinessDuration,
    Calendar,
    CalendarPeriod,
    CalendarSpan,
    Cap,
    CauseExclusion,
    ClaimOffset,
    Compensation,
    Condition,
    Constant,
    Contract,
    Credit,
    DateTimeValue,
    DateValue,
    Duration,
    Example,
    Exclusion,
    Expr,
    FieldValue,
    FlaggedExclusion,
    KOf,
    LinearCredit,
    ListValue,
    MetricCondition,
    Money,
    Number,
    Objective,
    OneSided,
    OutageCondition,
    Percent,
    Period,
    Quantity,
    Quorum,
    Severity,
    Support,
    Text,
    TierCredit,
    Units,
    Value,
    Variable,
    Window,
    Word,
)
from slalang.source import ModelPath
from slalang.syntax.comments import END_OF_FILE, Comments

INDENT = "    "


def number(value: Decimal | int) -> str:
    return format(value, "f") if isinstance(value, Decimal) else str(value)


def string(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def timestamp(value: datetime) -> str:
    """RFC 3339, with `Z` for a zero offset."""
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _unit(value: Decimal | int, plural: str) -> str:
    return plural[:-1] if value == 1 else plural


def quantity(q: Quantity | Amount | Value) -> str:
    if isinstance(q, Percent):
        return f"{number(q.value)}%"
    if isinstance(q, Number):
        return number(q.value)
    if isinstance(q, Duration):
        unit = "ms" if q.unit == "milliseconds" else _unit(q.value, q.unit)
        return f"{number(q.value)} {unit}"
    if isinstance(q, BusinessDuration):
        return f"{number(q.value)} business {_unit(q.value, q.unit)}"
    if isinstance(q, CalendarSpan):
        return f"{q.value} {_unit(q.value, q.unit)}"
    if isinstance(q, Money):
        return f"{number(q.amount)} {q.currency}"
    if isinstance(q, Units):
        return f"{number(q.value)} units"
    if isinstance(q, Text):
        return string(q.value)
    if isinstance(q, Word):
        return q.value
    if isinstance(q, DateValue):
        return q.value.isoformat()
    if isinstance(q, DateTimeValue):
        return timestamp(q.value)
    if isinstance(q, ListValue):
        return "[" + ", ".join(quantity(item) for item in q.items) + "]"
    raise AssertionError(f"cannot print {q!r}")


def _title(title: str | None) -> str:
    return f" {string(title)}" if title is not None else ""


def _clock(clock: str | None) -> str:
    """A support clause's clock: ` 24x7`, ` on CALENDAR`, or nothing (the support calendar)."""
    if clock is None:
        return ""
    return " 24x7" if clock == "24x7" else f" on {clock}"


def _plan(plan: str | None) -> str:
    return f" for plan {string(plan)}" if plan is not None else ""


def _of(base: str | None) -> str:
    return f" of {base}" if base is not None else ""


def _window(window: Window) -> str:
    if window == "period":
        return "period"
    if isinstance(window, CalendarSpan) and window.value == 1:
        return window.unit[:-1]
    assert not isinstance(window, str)
    return quantity(window)


def period(p: Period) -> str:
    if isinstance(p, CalendarPeriod):
        text = f"calendar {p.unit[:-1]}"
    elif isinstance(p, AnniversaryPeriod):
        text = f"service {p.unit[:-1]} from {p.anchor.isoformat()}"
    else:
        text = f"rolling {quantity(p.length)}"
    if p.timezone is not None:
        text += f" in {string(p.timezone)}"
    return text + (" prorated" if p.prorated else "")


def condition(c: Condition) -> str:
    if isinstance(c, AllOf):
        return "all of (" + ", ".join(condition(x) for x in c.conditions) + ")"
    if isinstance(c, AnyOf):
        return "any of (" + ", ".join(condition(x) for x in c.conditions) + ")"
    if isinstance(c, KOf):
        return f"at least {c.k} of (" + ", ".join(condition(x) for x in c.conditions) + ")"
    if isinstance(c, Quorum):
        return f"at least {c.k} scopes ({condition(c.condition)})"
    if isinstance(c, OutageCondition):
        if not c.impacts:
            return "outage"
        if len(c.impacts) == 1:
            return f"outage impact {c.impacts[0]}"
        return "outage impact (" + ", ".join(c.impacts) + ")"
    if isinstance(c, MetricCondition):
        metric = f"{c.operation}.{c.metric}" if c.operation else c.metric
        if c.statistic:
            metric += f" {c.statistic}"
        return f"{metric} {c.comparator} {quantity(c.threshold)}"
    return c.name


_PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2}


def expression(e: Expr, parent: int = 0, right: bool = False) -> str:
    if isinstance(e, Constant):
        return number(e.value)
    if isinstance(e, Variable):
        return e.name
    level = _PRECEDENCE[e.op]
    text = f"{expression(e.left, level)} {e.op} {expression(e.right, level, right=True)}"
    needs_parens = level < parent or (right and level == parent)
    return f"({text})" if needs_parens else text


def bound(b: Bound) -> str:
    if isinstance(b, OneSided):
        return f"{b.comparator} {quantity(b.value)}"
    return (
        ("[" if b.lower_closed else "(")
        + f"{quantity(b.lower)}, {quantity(b.upper)}"
        + ("]" if b.upper_closed else ")")
    )


def _field_value(f: FieldValue) -> str:
    return f"{f.name} {quantity(f.value)}"


class Printer:
    def __init__(self, comments: Comments | None) -> None:
        self.comments = comments or Comments()
        self.lines: list[str] = []
        self.depth = 0

    def _line(self, text: str) -> None:
        self.lines.append(INDENT * self.depth + text if text else "")

    def _blank(self) -> None:
        if self.lines and self.lines[-1] != "" and not self.lines[-1].endswith("{"):
            self.lines.append("")

    def clause(self, path: ModelPath, text: str, body: Callable[[], None] | None = None) -> None:
        for comment in self.comments.leading.get(path, ()):
            self._line(comment)
        if body is None:
            self._line(text)
        else:
            header = self.comments.header.get(path)
            self._line(text + " {" + (f"  {header}" if header else ""))
            self.depth += 1
            body()
            for comment in self.comments.closing.get(path, ()):
                self._line(comment)
            self.depth -= 1
            self._line("}")
        trailing = self.comments.trailing.get(path)
        if trailing:
            self.lines[-1] += "  " + trailing

    def block_clause(self, path: ModelPath, text: str, body: Callable[[], None]) -> None:
        self._blank()
        self.clause(path, text, body)
        self._blank()

    def each(self, path: ModelPath, name: str, items: Iterable[str]) -> None:
        for i, text in enumerate(items):
            self.clause((*path, name, i), text)

    def maybe(self, path: ModelPath, name: str, text: str | None) -> None:
        if text is not None:
            self.clause((*path, name), text)

    # ---- blocks ---------------------------------------------------------------------------

    def contract(self, c: Contract) -> str:
        header = f"contract {string(c.name)}"
        if c.version is not None:
            header += f" version {string(c.version)}"
        self.clause((), header, lambda: self._contract_body(c))
        for comment in self.comments.closing.get(END_OF_FILE, ()):
            self._line(comment)
        return "\n".join(self.lines) + "\n"

    def _contract_body(self, c: Contract) -> None:
        p: ModelPath = ()
        self.each(p, "quotes", (f"quote {string(q)}" for q in c.quotes))
        self.maybe(p, "provider", None if c.provider is None else f"provider {string(c.provider)}")
        self.maybe(p, "customer", None if c.customer is None else f"customer {string(c.customer)}")
        if c.effective is not None:
            text = f"effective from {c.effective.start.isoformat()}"
            if c.effective.end is not None:
                text += f" through {c.effective.end.isoformat()}"
            self.clause(("effective",), text)
        self.maybe(p, "timezone", None if c.timezone is None else f"timezone {string(c.timezone)}")
        self.maybe(p, "currency", None if c.currency is None else f"currency {c.currency}")
        for i, fee in enumerate(c.fee_bases):
            text = f"fee {fee.id}{_title(fee.title)}"
            if fee.excluding is not None:
                text += f" excluding {fee.excluding}"
            self.clause(("fee_bases", i), text)
        self.maybe(p, "period", None if c.period is None else f"period {period(c.period)}")
        for i, cal in enumerate(c.calendars):
            path: ModelPath = ("calendars", i)
            self.block_clause(
                path,
                f"calendar {cal.id}{_title(cal.title)}",
                partial(self._calendar, cal, path),
            )
        for i, service in enumerate(c.services):
            self.clause(("services", i), f"service {service.id}{_title(service.title)}")
        for i, d in enumerate(c.downtimes):
            self.clause(
                ("downtimes", i), f"downtime {d.id}{_title(d.title)} when {condition(d.condition)}"
            )
        for i, o in enumerate(c.objectives):
            path = ("objectives", i)
            self.block_clause(
                path,
                f"objective {o.kind} {o.id}{_title(o.title)}",
                partial(self._objective, o, path),
            )
        if c.support is not None:
            support = c.support
            self.block_clause(("support",), "support", lambda: self._support(support, ("support",)))
        if c.compensation is not None:
            comp = c.compensation
            self.block_clause(
                ("compensation",),
                "compensation",
                lambda: self._compensation(comp, ("compensation",)),
            )
        for i, ex in enumerate(c.examples):
            path = ("examples", i)
            self.block_clause(path, f"example {string(ex.title)}", partial(self._example, ex, path))
        while self.lines and self.lines[-1] == "":
            self.lines.pop()

    def _calendar(self, cal: Calendar, p: ModelPath) -> None:
        self.maybe(
            p, "timezone", None if cal.timezone is None else f"timezone {string(cal.timezone)}"
        )
        for i, hours in enumerate(cal.open):
            days = ", ".join(d.first + (f"..{d.last}" if d.last else "") for d in hours.days)
            end = hours.end if isinstance(hours.end, str) else f"{hours.end:%H:%M}"
            self.clause((*p, "open", i), f"open {days} {hours.start:%H:%M} to {end}")
        self.maybe(
            p, "holidays", None if cal.holidays is None else f"holidays {string(cal.holidays)}"
        )
        if cal.closed:
            ranges = ", ".join(
                r.start.isoformat() + (f"..{r.end.isoformat()}" if r.end else "")
                for r in cal.closed
            )
            self.clause((*p, "closed"), f"closed {ranges}")

    def _objective(self, o: Objective, p: ModelPath) -> None:
        self.each(p, "quotes", (f"quote {string(q)}" for q in o.quotes))
        if o.services:
            self.clause((*p, "services"), "service " + ", ".join(o.services))
        if o.operations:
            self.clause((*p, "operations"), "operation " + ", ".join(o.operations))
        self.maybe(p, "period", None if o.period is None else f"period {period(o.period)}")
        self.maybe(p, "per_scope", "evaluated per scope" if o.per_scope else None)
        self.maybe(
            p, "down_when", None if o.down_when is None else f"down when {condition(o.down_when)}"
        )
        if o.slice is not None:
            self.clause(
                (*p, "slice"), "slice " + ("exact" if o.slice == "exact" else quantity(o.slice))
            )
        self.maybe(
            p,
            "partial_slices",
            None if o.partial_slices is None else f"partial slices count as {o.partial_slices}",
        )
        self.maybe(
            p,
            "minimum_run",
            None if o.minimum_run is None else f"minimum run {quantity(o.minimum_run)}",
        )
        if o.minimum_volume is not None:
            noun = f" {o.minimum_volume.noun}" if o.minimum_volume.noun else ""
            self.clause((*p, "minimum_volume"), f"minimum volume {o.minimum_volume.count}{noun}")
        self.maybe(
            p,
            "missing_data",
            None if o.missing_data is None else f"missing data counts as {o.missing_data}",
        )
        self.each(p, "weights", (f"weight {w.impact} {quantity(w.share)}" for w in o.weights))
        if o.aggregate is not None:
            per = f" per {quantity(o.aggregate.per)}" if o.aggregate.per else ""
            self.clause((*p, "aggregate"), f"aggregate {o.aggregate.method}{per}")
        self.maybe(p, "formula", None if o.formula is None else f"formula {expression(o.formula)}")
        if o.denominator is not None:
            value = o.denominator if isinstance(o.denominator, str) else quantity(o.denominator)
            self.clause((*p, "denominator"), f"denominator {value}")
        if o.remove_excluded:
            self.clause(
                (*p, "remove_excluded"), "remove excluded from " + " and ".join(o.remove_excluded)
            )
        self.maybe(p, "percentile", None if o.percentile is None else f"percentile {o.percentile}")
        if o.target is not None:
            stat = f"{o.target.statistic} " if o.target.statistic else ""
            self.clause(
                (*p, "target"), f"target {stat}{o.target.comparator} {quantity(o.target.value)}"
            )
        self.each(p, "exclusions", (_exclusion(x) for x in o.exclusions))
        self._credits(o.credits, p)
        self._caps(o.caps, p)

    def _credits(self, credits: tuple[Credit, ...], p: ModelPath) -> None:
        for i, credit in enumerate(credits):
            path: ModelPath = (*p, "credits", i)
            if isinstance(credit, TierCredit):
                self.clause(
                    path,
                    f"credit{_of(credit.base)}",
                    partial(self._tiers, credit, path),
                )
            elif isinstance(credit, LinearCredit):
                counting = f" {credit.counting}" if credit.counting else ""
                self.clause(
                    path,
                    f"credit {quantity(credit.amount)}{_of(credit.base)} per {_window(credit.per)} down{counting}",
                )
            else:
                self.clause(path, f"credit {quantity(credit.amount)}{_of(credit.base)} per breach")

    def _tiers(self, credit: TierCredit, p: ModelPath) -> None:
        self.each(p, "tiers", (f"{bound(t.bound)} -> {quantity(t.amount)}" for t in credit.tiers))
        self.maybe(p, "apply", None if credit.apply is None else f"apply {credit.apply}")

    def _caps(self, caps: tuple[Cap, ...], p: ModelPath) -> None:
        self.each(
            p, "caps", (f"cap {quantity(c.amount)}{_of(c.base)} per {_window(c.per)}" for c in caps)
        )

    def _support(self, s: Support, p: ModelPath) -> None:
        self.each(p, "quotes", (f"quote {string(q)}" for q in s.quotes))
        self.maybe(p, "calendar", None if s.calendar is None else f"calendar {s.calendar}")
        self.maybe(
            p,
            "severity_assigned_by",
            None
            if s.severity_assigned_by is None
            else f"severity assigned by {s.severity_assigned_by}",
        )
        self.maybe(
            p,
            "severity_taken_as",
            None if s.severity_taken_as is None else f"severity taken as {s.severity_taken_as}",
        )
        self.maybe(
            p,
            "automated_responses",
            None
            if s.automated_responses is None
            else f"automated responses {s.automated_responses}",
        )
        self.maybe(p, "pauses", None if s.pauses is None else f"pauses {s.pauses}")
        for i, ch in enumerate(s.channels):
            text = f"channel {ch.kind}{_title(ch.title)}{_clock(ch.clock)}"
            if ch.severities:
                text += f" for severity {', '.join(ch.severities)}"
            self.clause((*p, "channels", i), text + _plan(ch.plan))
        for i, sev in enumerate(s.severities):
            path: ModelPath = (*p, "severities", i)
            self.clause(
                path,
                f"severity {sev.id}{_title(sev.title)}",
                partial(self._severity, sev, path),
            )
        if s.compliance is not None:
            share = s.compliance.share
            text = (
                "compliance per ticket"
                if share is None
                else f"compliance {quantity(share)} of tickets"
            )
            self.clause((*p, "compliance"), text)
        self._credits(s.credits, p)
        self._caps(s.caps, p)

    def _severity(self, sev: Severity, p: ModelPath) -> None:
        self.maybe(p, "means", None if sev.means is None else f"means {string(sev.means)}")
        for i, t in enumerate(sev.targets):
            if t.within is None:
                text = f"{t.kind} best effort"
            else:
                text = f"{t.kind} within {quantity(t.within)}{_clock(t.clock)}"
            text += _plan(t.plan)
            if t.share is not None:
                text += f" for {quantity(t.share)} of tickets"
            self.clause((*p, "targets", i), text)
        for i, e in enumerate(sev.escalations):
            text = f"escalate to {e.tier} within {quantity(e.within)}{_clock(e.clock)}"
            self.clause((*p, "escalations", i), text + _plan(e.plan))
        self.maybe(
            p,
            "coverage_on_request",
            "coverage 24x7 on request" if sev.coverage_on_request else None,
        )
        self._credits(sev.credits, p)

    def _compensation(self, c: Compensation, p: ModelPath) -> None:
        self.each(p, "quotes", (f"quote {string(q)}" for q in c.quotes))
        self.maybe(p, "combine", None if c.combine is None else f"combine {c.combine}")
        self._caps(c.caps, p)
        self.maybe(
            p,
            "minimum_credit",
            None if c.minimum_credit is None else f"minimum credit {quantity(c.minimum_credit)}",
        )
        if c.rounding is not None:
            self.clause(
                (*p, "rounding"), f"rounding {c.rounding.mode} {number(c.rounding.precision)}"
            )
        self.maybe(p, "form", None if c.form is None else f"form {c.form}")
        if c.claim is not None:
            text = f"claim from {_offset(c.claim.opens)} to {_offset(c.claim.closes)}"
            if c.claim.calendar is not None:
                text += f" on {c.claim.calendar}"
            if c.claim.channel is not None:
                text += f" via {string(c.claim.channel)}"
            self.clause((*p, "claim"), text)
        self.each(p, "remedies", (f"remedy {r}" for r in c.remedies))

    def _example(self, ex: Example, p: ModelPath) -> None:
        if ex.period is not None:
            if ex.period.month is not None:
                text = f"period {ex.period.month}"
            else:
                assert ex.period.start is not None and ex.period.end is not None
                text = f"period {ex.period.start.isoformat()} to {ex.period.end.isoformat()}"
            self.clause((*p, "period"), text)
        self.maybe(p, "as_of", None if ex.as_of is None else f"as of {timestamp(ex.as_of)}")
        self.maybe(p, "fee", None if ex.fee is None else f"fee {quantity(ex.fee)}")
        self.each(p, "record_files", (f"records {string(f)}" for f in ex.record_files))
        for i, r in enumerate(ex.records):
            path: ModelPath = (*p, "records", i)
            self.clause(
                path, f"record {r.kind} {string(r.id)}", partial(self._fields, r.fields, path)
            )
        for i, e in enumerate(ex.expectations):
            path = (*p, "expectations", i)
            self.clause(path, f"expect {e.subject}", partial(self._fields, e.fields, path))

    def _fields(self, fields: tuple[FieldValue, ...], p: ModelPath) -> None:
        self.each(p, "fields", (_field_value(f) for f in fields))


def _exclusion(x: Exclusion) -> str:
    if isinstance(x, CauseExclusion):
        return "exclude cause " + ", ".join(x.causes)
    if isinstance(x, FlaggedExclusion):
        return "exclude flagged"
    text = "exclude maintenance"
    if x.notice is not None:
        text += f" announced at least {quantity(x.notice)} ahead"
    if x.maximum is not None:
        text += f" at most {quantity(x.maximum)} per {_window(x.maximum_per or 'period')}"
    return text


def _offset(o: ClaimOffset) -> str:
    return "period end" if o.after is None else f"{quantity(o.after)} after period end"


def dumps(contract: Contract, comments: Comments | None = None) -> str:
    """The canonical text of `contract`, with `comments` (from a parse) in place."""
    return Printer(comments).contract(contract)


@dataclass(frozen=True)
class Formatting:
    """A contract's source text next to its canonical text: what `slalang fmt` checks and shows."""

    source: str
    formatted: str
    normalised: bool = False  # the file had a BOM or CR line endings that `source` no longer has

    @property
    def changed(self) -> bool:
        """Whether writing the canonical text would change the file."""
        return self.normalised or self.formatted != self.source

    def diff(self, name: str) -> str:
        """A unified diff from the source to the canonical text, both sides labelled by `name`."""
        lines = difflib.unified_diff(
            self.source.splitlines(keepends=True),
            self.formatted.splitlines(keepends=True),
            f"{name} (original)",
            f"{name} (formatted)",
        )
        return "".join(lines)


def reformat(
    contract: Contract, source: str, comments: Comments | None = None, normalised: bool = False
) -> Formatting:
    """`contract`, parsed from `source` (with its `comments`), in canonical form."""
    return Formatting(source, dumps(contract, comments), normalised)
