"""Reports as text (a table plus the working), JSON (the versioned document) or Markdown.

Every string of a report can hold input (contract names, ids, file names, messages): the text
renderer shows hidden characters with `escape.visible` and keeps every line from reading as a CI
command (`escape.log_line`); the Markdown renderer writes input through `escape.markdown`.
"""

from __future__ import annotations

from decimal import Decimal

from slalang.evaluate.report import ClaimInfo, Report
from slalang.render.escape import json_text, log_line, markdown, markdown_code, visible


def _credit(percent: str | None, amount: str | None, currency: str | None) -> str:
    """'10% = 2,000.00 CNY', or '-' when nothing is owed."""
    money = None if amount is None else Decimal(amount)
    if not money and percent in (None, "0%"):
        return "-"
    parts = [percent, None if money is None else f"{money:,f} {currency or ''}".rstrip()]
    return " = ".join(p for p in parts if p)


_STATUS = {"met": "met", "missed": "MISSED", "not_assessed": "not assessed"}


def _rows(report: Report) -> list[list[str]]:
    currency = report.credits.currency
    rows = []
    for o in report.objectives:
        name = o.id if o.scope is None else f"{o.id} [{o.scope}]"
        rows.append(
            [
                name,
                o.period,
                o.measured or "n/a",
                o.target,
                _STATUS.get(o.status, o.status),
                _credit(o.credit_percent, o.credit_amount, currency),
            ]
        )
    s = report.support
    if s is not None:
        rows.append(
            [
                "support",
                ", ".join(report.period.labels),
                s.compliance or "n/a",
                s.target or "-",
                _STATUS.get(s.status, s.status),
                _credit(s.credit_percent, s.credit_amount, currency),
            ]
        )
    return rows


_HEADER = ["objective", "period", "measured", "target", "status", "credit"]


def _claim_text(claim: ClaimInfo | None) -> str:
    if claim is None:
        return "see each period"
    window = ""
    if claim.opens and claim.closes:
        window = f" (window {claim.opens} .. {claim.closes}"
        window += f" via {claim.channel})" if claim.channel else ")"
    return f"{claim.status}{window}: {claim.reason}"


def _total(report: Report) -> str:
    c = report.credits
    text = _credit(c.total_percent, c.total_amount, c.currency)
    return ("none" if text == "-" else text) + (" (capped)" if c.capped else "")


def _payable(report: Report) -> str:
    p, c = report.credits.payable, report.credits
    text = _credit(p.percent, p.amount, c.currency)
    return ("none" if text == "-" else text) + f" ({p.reason})"


def _inputs(report: Report) -> str:
    i = report.inputs
    return (
        f"{i.read:,} read = {i.used:,} used + {i.unread:,} unread + "
        f"{i.outside_period:,} outside the period + "
        f"{i.excluded:,} excluded + {i.rejected:,} rejected"
        + (f" + {i.duplicates:,} duplicate(s)" if i.duplicates else "")
    )


def render_text(report: Report) -> str:
    p = report.period
    lines = [
        f"{report.contract.name}"
        + (f" ({report.contract.version})" if report.contract.version else ""),
        f"period {', '.join(p.labels)}: {p.start} .. {p.end} ({p.timezone})"
        + (f", as of {report.as_of}" if report.as_of else ""),
        *(f"warning: {w}" for w in report.warnings),
        "",
    ]
    rows = [_HEADER, *([visible(cell) for cell in row] for row in _rows(report))]
    widths = [max(len(row[i]) for row in rows) for i in range(len(_HEADER))]
    for row in rows:
        lines.append("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
    lines += [
        "",
        f"total credit: {_total(report)}",
        f"payable: {_payable(report)}",
        f"claim: {_claim_text(report.credits.claim)}",
        f"inputs: {_inputs(report)}",
        "",
        "working:",
    ]
    for o in report.objectives:
        name = o.id if o.scope is None else f"{o.id} [{o.scope}]"
        lines.append(f"  {name} ({o.period}): {o.explanation}")
    if report.support is not None:
        lines.append(f"  support: {report.support.explanation}")
        for t in report.support.details:
            if t.status != "met" or t.notes:
                targets = ", ".join(
                    f"{x.kind}{f' to {x.tier}' if x.tier else ''} within {x.within} ({x.clock}) "
                    f"by {x.deadline or 'no deadline'}: {x.status}"
                    if x.status != "best_effort"
                    else f"{x.kind} best effort"
                    for x in t.targets
                )
                notes = f" [{'; '.join(t.notes)}]" if t.notes else ""
                lines.append(f"    ticket {t.id} ({t.severity}): {t.status}: {targets}{notes}")
    if len(report.credits.periods) > 1:
        for pc in report.credits.periods:
            lines.append(f"  {pc.period}: {pc.explanation}; claim {_claim_text(pc.claim)}")
    else:
        lines.append(f"  total: {report.credits.periods[0].explanation}")
    for x in report.inputs.excluded_records:
        lines.append(
            f"  excluded {x.kind} {x.id} ({x.period}, {x.objective}): {x.clause}, "
            f"{x.excluded_minutes} min"
        )
    for rej in report.inputs.rejected_records:
        where = f"{rej.file or '<input>'}:{rej.line}" if rej.line else (rej.file or "<input>")
        lines.append(f"  rejected {where}: {rej.message}")
    return "".join(log_line(visible(line)) + "\n" for line in lines)


def render_markdown(report: Report) -> str:
    p, md = report.period, markdown
    title = report.contract.name + (
        f" ({report.contract.version})" if report.contract.version else ""
    )
    as_of = f", as of {md(report.as_of)}" if report.as_of else ""
    lines = [
        f"# SLA evaluation: {md(title)}",
        "",
        f"Period **{md(', '.join(p.labels))}**: {md(p.start)} to {md(p.end)} ({md(p.timezone)})"
        f"{as_of}.",
        "",
        *(f"**Warning:** {md(w)}\n" for w in report.warnings),
        "| " + " | ".join(_HEADER) + " |",
        "|" + "|".join("---" for _ in _HEADER) + "|",
    ]
    lines += ["| " + " | ".join(md(c) for c in row) + " |" for row in _rows(report)]
    lines += [
        "",
        f"**Total credit:** {md(_total(report))}",
        "",
        f"**Payable:** {md(_payable(report))}",
        "",
        f"**Claim:** {md(_claim_text(report.credits.claim))}",
        "",
        f"**Inputs:** {_inputs(report)}. Contract sha256 {markdown_code(report.contract.sha256)}, "
        f"inputs sha256 {markdown_code(report.inputs.sha256)}.",
        "",
        "## Working",
        "",
        *_markdown_working(report),
    ]
    return "\n".join(lines) + "\n"


def _markdown_working(report: Report) -> list[str]:
    md = markdown
    lines = []
    for o in report.objectives:
        name = o.id if o.scope is None else f"{o.id} [{o.scope}]"
        lines.append(f"- **{md(name)}** ({md(o.period)}): {md(o.explanation)}")
    if report.support is not None:
        lines.append(f"- **support**: {md(report.support.explanation)}")
        for t in report.support.details:
            if t.status != "met":
                lines.append(f"  - ticket {markdown_code(t.id)} ({md(t.severity)}): {md(t.status)}")
    for pc in report.credits.periods:
        lines.append(f"- **total {md(pc.period)}**: {md(pc.explanation)}")
    if report.inputs.excluded_records:
        lines += ["", "## Excluded records", ""]
        lines += [
            f"- {markdown_code(x.id)} ({md(x.kind)}, {md(x.objective)}): {md(x.clause)}, "
            f"{md(x.excluded_minutes)} min"
            for x in report.inputs.excluded_records
        ]
    if report.inputs.rejected_records:
        lines += ["", "## Rejected records", ""]
        lines += [
            f"- {md(rej.file or '<input>')}:{rej.line or '-'}: {md(rej.message)}"
            for rej in report.inputs.rejected_records
        ]
    return lines


def render_json(report: Report) -> str:
    return json_text(report.to_json())


RENDERERS = {"text": render_text, "json": render_json, "markdown": render_markdown}
