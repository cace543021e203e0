"""The document's content, built from the model (never from the source text): blocks of clauses
in plain language, tables, charts, and the linter's findings next to the clause they concern.

The templates only lay these blocks out; every string here is escaped by the `Writer`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from markupsafe import Markup

from slalang import fmt
from slalang.diagnostics import Diagnostic
from slalang.document.writer import Writer
from slalang.model import (
    BusinessDuration,
    CalendarSpan,
    Cap,
    CauseExclusion,
    Contract,
    Credit,
    DateTimeValue,
    DateValue,
    Duration,
    Exclusion,
    FlaggedExclusion,
    Length,
    LinearCredit,
    Money,
    Objective,
    Percent,
    Support,
    SupportTarget,
    TierCredit,
    Units,
    Value,
)
from slalang.source import ModelPath, SourceMap

DASH = "\u2013"  # the en dash of ranges: Mon\u2013Fri, 09:00\u201318:00


@dataclass
class Clause:
    key: str  # the model field it states ("target", "credits"), for placing findings
    text: Markup
    findings: list[Markup] = field(default_factory=list)


@dataclass
class Table:
    header: list[Markup]
    rows: list[list[Markup]]


@dataclass
class Block:
    heading: Markup
    anchor: str
    clauses: list[Clause] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    chart: Markup | None = None
    blocks: list[Block] = field(default_factory=list)
    findings: list[Markup] = field(default_factory=list)  # about the block, no one clause


# ---- findings ---------------------------------------------------------------------------------


def _path_of(d: Diagnostic, source_map: SourceMap) -> ModelPath:
    """The deepest model path whose span holds the start of the finding."""
    best: ModelPath = ()
    if d.span is None:
        return best
    at = (d.span.line, d.span.column)
    for path, span in source_map.spans.items():
        inside = (span.line, span.column) <= at <= (span.end_line, span.end_column)
        if inside and len(path) > len(best):
            best = path
    return best


def place(
    diagnostics: Sequence[Diagnostic], source_map: SourceMap, w: Writer
) -> dict[ModelPath, list[Markup]]:
    """Findings by the clause they concern, escaped: an objective's by (objectives, i, field),
    the support's and compensation's by (block, field), the contract's by (field,)."""
    placed: dict[ModelPath, list[Markup]] = {}
    for d in diagnostics:
        path = _path_of(d, source_map)
        depth = 3 if path[:1] == ("objectives",) else 2 if path[:1] in _BLOCKS else 1
        line = w.text(f"{d.code} {d.name}: {d.message}")
        placed.setdefault(path[:depth], []).append(line)
    return placed


_BLOCKS = {("support",), ("compensation",), ("calendars",), ("examples",)}


def attach(block: Block, prefix: ModelPath, placed: dict[ModelPath, list[Markup]]) -> None:
    """Give each clause of `block` its findings; the rest of the block's go to the block."""
    for clause in block.clauses:
        clause.findings += placed.pop((*prefix, clause.key), [])
    for key in [k for k in placed if k[: len(prefix)] == prefix]:
        block.findings += placed.pop(key)


# ---- objectives -------------------------------------------------------------------------------


def _target(o: Objective, w: Writer) -> Clause | None:
    t = o.target
    if t is None:
        return None
    cmp, value = w.locale.word(t.comparator), w.locale.quantity(t.value)
    return Clause(
        "target", w.say(f"target_{o.kind}", cmp=cmp, value=value, statistic=t.statistic or "")
    )


def _measurement(o: Objective, w: Writer) -> list[Clause]:
    """The clauses that say how the value is measured, in the model's order."""
    out: list[Clause] = []
    lo = w.locale

    def add(key: str, text: Markup) -> None:
        out.append(Clause(key, text))

    if o.services:
        add("services", w.say("services", services=", ".join(o.services)))
    if o.operations:
        add("operations", w.say("operations", operations=", ".join(o.operations)))
    if o.per_scope:
        add("per_scope", w.say("per_scope"))
    if o.down_when is not None:
        add("down_when", w.say("down_when", condition=w.code(fmt.condition(o.down_when))))
    if o.slice == "exact":
        add("slice", w.say("slice_exact"))
    elif o.slice is not None:
        add("slice", w.say("slice", slice=lo.quantity(o.slice)))
    if o.partial_slices is not None:
        add("partial_slices", w.say(f"partial_{o.partial_slices}"))
    if o.minimum_run is not None:
        add("minimum_run", w.say("minimum_run", length=lo.quantity(o.minimum_run)))
    if o.minimum_volume is not None:
        v = o.minimum_volume
        add("minimum_volume", w.say("minimum_volume", count=lo.number(v.count), noun=v.noun or ""))
    if o.missing_data is not None:
        add("missing_data", w.say(f"missing_{o.missing_data}"))
    for weight in o.weights:
        add("weights", w.say("weight", impact=weight.impact, share=lo.quantity(weight.share)))
    if o.aggregate is not None:
        per = "" if o.aggregate.per is None else f" ({lo.quantity(o.aggregate.per)})"
        add("aggregate", w.say("aggregate", method=o.aggregate.method, per=per))
    if o.formula is not None:
        add("formula", w.say("formula", formula=w.code(fmt.expression(o.formula))))
    if o.denominator is not None:
        d = o.denominator
        add(
            "denominator",
            w.say("denominator", denominator=d if isinstance(d, str) else lo.quantity(d)),
        )
    if o.remove_excluded:
        add("remove_excluded", w.say("remove_excluded", counts=", ".join(o.remove_excluded)))
    if o.percentile is not None:
        add("percentile", w.say("percentile", method=o.percentile))
    return out


def exclusion(x: Exclusion, w: Writer) -> Markup:
    lo = w.locale
    if isinstance(x, CauseExclusion):
        return w.say("exclusion_cause", causes=", ".join(x.causes))
    if isinstance(x, FlaggedExclusion):
        return w.say("exclusion_flagged")
    notice = Markup("") if x.notice is None else w.say("notice", length=lo.quantity(x.notice))
    maximum = Markup("")
    if x.maximum is not None:
        maximum = w.say(
            "maintenance_max",
            length=lo.quantity(x.maximum),
            window=lo.window(x.maximum_per or "period"),
        )
    return w.say("exclusion_maintenance", notice=notice, maximum=maximum)


def _base(base: str | None, w: Writer) -> Markup:
    return Markup("") if base is None else w.say("of_base", base=base)


def credit(c: Credit, default_base: str, w: Writer) -> tuple[Clause, Table | None]:
    """A credit clause as a sentence, and its tier table."""
    lo = w.locale
    if isinstance(c, TierCredit):
        rows = [[w.cell(fmt.bound(t.bound)), w.cell(lo.quantity(t.amount))] for t in c.tiers]
        table = Table([w.heading("measured"), w.heading("credit")], rows)
        text = w.say("credit_tiers", base=c.base or default_base)
        if c.apply is not None:
            text = Markup(f"{text} {w.say(f'apply_{c.apply}')}")
        return Clause("credits", text), table
    if isinstance(c, LinearCredit):
        counting = Markup("") if c.counting is None else w.say(f"counting_{c.counting}")
        text = w.say(
            "credit_linear",
            amount=lo.quantity(c.amount),
            base=_base(c.base, w),
            per=lo.window(c.per),
            counting=counting,
        )
        return Clause("credits", text), None
    return Clause(
        "credits", w.say("credit_breach", amount=lo.quantity(c.amount), base=_base(c.base, w))
    ), None


def caps_clauses(caps: Sequence[Cap], w: Writer) -> list[Clause]:
    lo = w.locale
    return [
        Clause(
            "caps",
            w.say(
                "cap", amount=lo.quantity(c.amount), base=_base(c.base, w), window=lo.window(c.per)
            ),
        )
        for c in caps
    ]


def objective(
    o: Objective, contract: Contract, w: Writer, draw: Callable[[Objective], Markup | None]
) -> Block:
    title = o.title or o.id
    block = Block(w.text(f"{title} ({o.id})"), f"objective-{o.id}")
    target = _target(o, w)
    block.clauses += [target] if target else []
    block.clauses += _measurement(o, w)
    block.clauses += [Clause("exclusions", exclusion(x, w)) for x in o.exclusions]
    default_base = contract.fee_bases[0].id if contract.fee_bases else "the fee"
    for c in o.credits:
        clause, table = credit(c, default_base, w)
        block.clauses.append(clause)
        if table is not None:
            block.tables.append(table)
    if not o.credits:
        block.clauses.append(Clause("credits", w.say("no_credit")))
    block.clauses += caps_clauses(o.caps, w)
    block.chart = draw(o) if o.credits else None
    return block


# ---- support ----------------------------------------------------------------------------------


def _target_text(t: SupportTarget, support: Support, w: Writer) -> str:
    lo = w.locale
    clock = t.clock or support.calendar or "24x7"
    text = lo.say("best_effort") if t.within is None else lo.quantity(t.within) + lo.clock(clock)
    if t.plan is not None:
        text += w.locale.say("for_plan").format(plan=t.plan)
    if t.share is not None:
        text += w.locale.say("for_share").format(share=lo.quantity(t.share))
    return text


def _target_cell(
    targets: Sequence[SupportTarget], kind: str, support: Support, w: Writer
) -> Markup:
    texts = [_target_text(t, support, w) for t in targets if t.kind == kind]
    return w.cell("; ".join(texts) or w.locale.say("none"))


def _channels_cell(s: Support, severity: str, w: Writer) -> Markup:
    """The channels offered for `severity`, each with the hours it is staffed."""
    lo = w.locale
    texts = [
        lo.word(c.kind)
        + (f" ({c.title})" if c.title else "")
        + lo.clock(c.clock or s.calendar or "24x7")
        + ("" if c.plan is None else lo.say("for_plan").format(plan=c.plan))
        for c in s.channels
        if not c.severities or severity in c.severities
    ]
    return w.cell("; ".join(texts) or lo.say("none"))


def _escalation_clauses(s: Support, w: Writer) -> list[Clause]:
    lo = w.locale
    out = []
    for sev in s.severities:
        steps = [
            lo.say("escalation_step").format(
                tier=lo.word(e.tier),
                within=lo.quantity(e.within) + lo.clock(e.clock or s.calendar or "24x7"),
            )
            + ("" if e.plan is None else lo.say("for_plan").format(plan=e.plan))
            for e in sev.escalations
        ]
        if steps:
            out.append(
                Clause("escalations", w.say("escalation", severity=sev.id, steps="; ".join(steps)))
            )
    return out


def support(s: Support, contract: Contract, w: Writer) -> Block:
    lo = w.locale
    block = Block(w.heading("support"), "support")
    if s.calendar is not None:
        block.clauses.append(Clause("calendar", w.say("support_calendar", calendar=s.calendar)))
    if s.severity_assigned_by is not None:
        block.clauses.append(
            Clause(
                "severity_assigned_by", w.say("assigned_by", party=lo.word(s.severity_assigned_by))
            )
        )
    if s.severity_taken_as is not None:
        block.clauses.append(
            Clause("severity_taken_as", w.say("taken_as", rule=lo.word(s.severity_taken_as)))
        )
    if s.automated_responses is not None:
        block.clauses.append(
            Clause("automated_responses", w.say("automated", rule=lo.word(s.automated_responses)))
        )
    if s.pauses is not None:
        block.clauses.append(Clause("pauses", w.say("pauses", rule=lo.word(s.pauses))))
    if s.compliance is not None:
        share = s.compliance.share
        text = (
            w.say("compliance_all")
            if share is None
            else w.say("compliance_share", share=lo.quantity(share))
        )
        block.clauses.append(Clause("compliance", text))
    block.clauses += _escalation_clauses(s, w)
    columns = ("severity", "means", "channels", "respond", "resolve")
    header = [w.heading(k) for k in columns if k != "channels" or s.channels]
    rows = []
    for sev in s.severities:
        respond = _target_cell(sev.targets, "respond", s, w)
        if sev.coverage_on_request:
            respond = Markup(f"{respond}{w.say('coverage')}")
        rows.append(
            [
                w.cell(sev.id + (f" ({sev.title})" if sev.title else "")),
                w.cell(sev.means or "-"),
                *([_channels_cell(s, sev.id, w)] if s.channels else []),
                respond,
                _target_cell(sev.targets, "resolve", s, w),
            ]
        )
    block.tables.append(Table(header, rows))
    default_base = contract.fee_bases[0].id if contract.fee_bases else "the fee"
    for c in (*s.credits, *(c for sev in s.severities for c in sev.credits)):
        clause, table = credit(c, default_base, w)
        block.clauses.append(clause)
        block.tables += [table] if table else []
    block.clauses += caps_clauses(s.caps, w)
    return block


# ---- the rest of the contract -----------------------------------------------------------------


def parties(c: Contract, w: Writer) -> Block:
    lo = w.locale
    block = Block(w.heading("parties"), "parties")

    def add(key: str, text: Markup) -> None:
        block.clauses.append(Clause(key, text))

    if c.version is not None:
        add("version", w.say("version", version=c.version))
    if c.provider or c.customer:
        add("provider", w.say("parties", provider=c.provider or "-", customer=c.customer or "-"))
    if c.effective is not None:
        e = c.effective
        if e.end is None:
            add("effective", w.say("effective_open", start=lo.day(e.start)))
        else:
            add("effective", w.say("effective", start=lo.day(e.start), end=lo.day(e.end)))
    if c.timezone is not None:
        add("timezone", w.say("timezone", zone=c.timezone))
    if c.currency is not None:
        add("currency", w.say("currency", currency=c.currency))
    for fee in c.fee_bases:
        excluding = Markup("") if fee.excluding is None else w.say("fee_excluding")
        add("fee_bases", w.say("fee", id=fee.id, title=fee.title or fee.id, excluding=excluding))
    if c.period is not None:
        add("period", w.say("period", period=period_text(c, w)))
    return block


def period_text(c: Contract, w: Writer) -> str:
    p = c.period
    if p is None:
        return "-"
    if w.locale.lang == "zh" and p.type == "calendar":
        return {"months": "自然月", "quarters": "自然季度", "years": "自然年"}[p.unit]
    return fmt.period(p)


def calendars(c: Contract, w: Writer) -> Block:
    lo = w.locale
    block = Block(w.heading("calendars"), "calendars")
    for cal in c.calendars:
        hours = "; ".join(
            ", ".join(lo.weekdays(d.first, d.last) for d in h.days)
            + f" {h.start:%H:%M}{DASH}{h.end if isinstance(h.end, str) else format(h.end, '%H:%M')}"
            for h in cal.open
        )
        zone = cal.timezone or c.timezone or "UTC"
        block.clauses.append(
            Clause("open", w.say("calendar", title=cal.title or cal.id, hours=hours, zone=zone))
        )
        if cal.holidays:
            block.clauses.append(Clause("holidays", w.say("calendar_holidays", code=cal.holidays)))
        if cal.closed:
            dates = ", ".join(
                lo.day(r.start) + ("" if r.end is None else DASH + lo.day(r.end))
                for r in cal.closed
            )
            block.clauses.append(Clause("closed", w.say("calendar_closed", dates=dates)))
    return block


def services(c: Contract, w: Writer) -> Block:
    block = Block(w.heading("services"), "services")
    block.clauses += [
        Clause("services", w.say("service", id=s.id, title=s.title or s.id)) for s in c.services
    ]
    block.clauses += [
        Clause(
            "downtimes",
            w.say(
                "downtime",
                id=d.id,
                title=d.title or d.id,
                condition=w.code(fmt.condition(d.condition)),
            ),
        )
        for d in c.downtimes
    ]
    return block


def _offset(after: Length | None, w: Writer) -> Markup:
    if after is None:
        return w.say("period_end")
    return w.say("after_period_end", length=w.locale.quantity(after))


def compensation(c: Contract, w: Writer) -> Block:
    lo = w.locale
    block = Block(w.heading("compensation"), "compensation")
    comp = c.compensation
    if comp is None:
        return block

    def add(key: str, text: Markup) -> None:
        block.clauses.append(Clause(key, text))

    if comp.combine is not None:
        add("combine", w.say(f"combine_{comp.combine}"))
    block.clauses += caps_clauses(comp.caps, w)
    if comp.minimum_credit is not None:
        add("minimum_credit", w.say("minimum_credit", amount=lo.quantity(comp.minimum_credit)))
    if comp.rounding is not None:
        r = comp.rounding
        add("rounding", w.say("rounding", mode=lo.word(r.mode), precision=fmt.number(r.precision)))
    if comp.form is not None:
        add("form", w.say("form", form=lo.word(comp.form)))
    if comp.claim is not None:
        cl = comp.claim
        channel = Markup("") if cl.channel is None else w.say("claim_channel", channel=cl.channel)
        calendar = (
            Markup("") if cl.calendar is None else w.say("claim_calendar", calendar=cl.calendar)
        )
        add(
            "claim",
            w.say(
                "claim",
                opens=_offset(cl.opens.after, w),
                closes=_offset(cl.closes.after, w),
                calendar=calendar,
                channel=channel,
            ),
        )
    for remedy in comp.remedies:
        add("remedies", w.say(f"remedy_{remedy}"))
    return block


def _value(v: Value, w: Writer) -> str:
    """A field of a worked case: times and dates in the locale, quantities with their units."""
    lo = w.locale
    if isinstance(v, DateTimeValue):
        return lo.moment(v.value)
    if isinstance(v, DateValue):
        return lo.day(v.value)
    if isinstance(v, Percent | Money | Units | Duration | BusinessDuration | CalendarSpan):
        return lo.quantity(v)
    return fmt.quantity(v)


def examples(c: Contract, w: Writer) -> Block:
    lo = w.locale
    block = Block(w.heading("examples"), "examples")
    for i, ex in enumerate(c.examples):
        case = Block(w.text(ex.title), f"example-{i + 1}")
        period = (
            "-"
            if ex.period is None
            else ex.period.month or f"{ex.period.start} {DASH} {ex.period.end}"
        )
        fee = "-" if ex.fee is None else lo.quantity(ex.fee)
        case.clauses.append(Clause("period", w.say("example_period", period=period, fee=fee)))
        for r in ex.records:
            fields = "; ".join(f"{f.name} {_value(f.value, w)}" for f in r.fields)
            case.clauses.append(
                Clause("records", w.say("example_record", kind=r.kind, id=r.id, fields=fields))
            )
        for e in ex.expectations:
            fields = "; ".join(f"{f.name} {_value(f.value, w)}" for f in e.fields)
            case.clauses.append(
                Clause("expectations", w.say("example_expect", subject=e.subject, fields=fields))
            )
        block.blocks.append(case)
    return block
