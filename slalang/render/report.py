"""Reports as text (a table plus the working), JSON (the versioned document) or Markdown."""

from __future__ import annotations

from decimal import Decimal

from slalang.evaluate.report import ClaimInfo, Report


def _credit(percent: str | None, amount: str | None, currency: str | None) -> str:
    """'10% = 2,000.00 CNY', or '-' when nothing is owed."""
    money = None if amount is None else Decimal(amount)
    if not money and percent in (None, "0%"):
        return "-"
    parts = [percent, None if money is None else f"{money:,f} {currency or ''}".rstrip()]
    return " = ".join(p for p in parts if p)


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
                "yes" if o.met else "NO",
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
                "yes" if s.met else "NO",
                _credit(s.credit_percent, s.credit_amount, currency),
            ]
        )
    return rows


_HEADER = ["objective", "period", "measured", "target", "met", "credit"]


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


def _inputs(report: Report) -> str:
    i = report.inputs
    return (
        f"{i.read:,} read = {i.used:,} used + {i.outside_period:,} outside the period + "
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
        "",
    ]
    rows = [_HEADER, *_rows(report)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(_HEADER))]
    for row in rows:
        lines.append("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
    lines += [
        "",
        f"total credit: {_total(report)}",
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
                    f"{x.kind} within {x.within} ({x.clock}) by {x.deadline or 'no deadline'}: "
                    f"{x.status}"
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
    return "\n".join(lines) + "\n"


def _md(cell: str) -> str:
    return cell.replace("|", "\\|")


def render_markdown(report: Report) -> str:
    p = report.period
    title = report.contract.name + (
        f" ({report.contract.version})" if report.contract.version else ""
    )
    lines = [
        f"# SLA evaluation: {title}",
        "",
        f"Period **{', '.join(p.labels)}**: {p.start} to {p.end} ({p.timezone})"
        + (f", as of {report.as_of}" if report.as_of else "")
        + ".",
        "",
        "| " + " | ".join(_HEADER) + " |",
        "|" + "|".join("---" for _ in _HEADER) + "|",
    ]
    lines += ["| " + " | ".join(_md(c) for c in row) + " |" for row in _rows(report)]
    lines += [
        "",
        f"**Total credit:** {_md(_total(report))}",
        "",
        f"**Claim:** {_md(_claim_text(report.credits.claim))}",
        "",
        f"**Inputs:** {_inputs(report)}. Contract sha256 `{report.contract.sha256}`, "
        f"inputs sha256 `{report.inputs.sha256}`.",
        "",
        "## Working",
        "",
    ]
    for o in report.objectives:
        name = o.id if o.scope is None else f"{o.id} [{o.scope}]"
        lines.append(f"- **{name}** ({o.period}): {_md(o.explanation)}")
    if report.support is not None:
        lines.append(f"- **support**: {_md(report.support.explanation)}")
        for t in report.support.details:
            if t.status != "met":
                lines.append(f"  - ticket `{t.id}` ({t.severity}): {t.status}")
    for pc in report.credits.periods:
        lines.append(f"- **total {pc.period}**: {_md(pc.explanation)}")
    if report.inputs.excluded_records:
        lines += ["", "## Excluded records", ""]
        lines += [
            f"- `{x.id}` ({x.kind}, {x.objective}): {_md(x.clause)}, {x.excluded_minutes} min"
            for x in report.inputs.excluded_records
        ]
    if report.inputs.rejected_records:
        lines += ["", "## Rejected records", ""]
        lines += [
            f"- {rej.file or '<input>'}:{rej.line or '-'}: {_md(rej.message)}"
            for rej in report.inputs.rejected_records
        ]
    return "\n".join(lines) + "\n"


def render_json(report: Report) -> str:
    return report.to_json()


RENDERERS = {"text": render_text, "json": render_json, "markdown": render_markdown}
