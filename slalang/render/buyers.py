"""Diffs and comparisons as text, JSON or Markdown, escaped per format.

Every string of a diff or comparison can hold input (names, ids, quoted text): text output goes
through `escape.visible` and `escape.log_line`, Markdown through `escape.markdown`, JSON through
`escape.json_text`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from fractions import Fraction

from slalang.compare import Comparison, CreditCurve, Dominance
from slalang.diff import ContractDiff
from slalang.render.escape import json_text, log_line, markdown, visible
from slalang.wording import percent

Cell = Callable[[str], str]


def _text_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    shown = [[visible(c) for c in row] for row in (header, *rows)]
    widths = [max(len(row[i]) for row in shown) for i in range(len(header))]
    return [
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in shown
    ]


def _markdown_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(markdown(h) for h in header) + " |"]
    lines.append("|" + "|".join("---" for _ in header) + "|")
    lines += ["| " + " | ".join(markdown(c) for c in row) + " |" for row in rows]
    return [*lines, ""]


def _lines(text: list[str]) -> str:
    return "".join(log_line(visible(line)) + "\n" for line in text)


# ---- diff --------------------------------------------------------------------------------------


def _title(name: str, version: str | None) -> str:
    return name + (f" ({version})" if version else "")


def _summary(d: ContractDiff) -> str:
    if not d.changes:
        return "no semantic change"
    counts = ", ".join(f"{d.count(v)} {v}" for v in ("worse", "better", "neutral"))
    return f"{len(d.changes)} change(s): {counts} for the buyer"


def diff_text(d: ContractDiff) -> str:
    lines = [
        f"{_title(d.old.name, d.old.version)} -> {_title(d.new.name, d.new.version)}",
        _summary(d),
    ]
    for c in d.changes:
        lines += [
            "",
            f"{c.verdict.upper():8}{c.where}: {c.clause}",
            f"        was: {c.old or '(not stated)'}",
            f"        now: {c.new or '(not stated)'}",
            f"        {c.reason}",
        ]
    return _lines(lines)


def diff_markdown(d: ContractDiff) -> str:
    lines = [
        f"# Changes: {markdown(_title(d.old.name, d.old.version))} → "
        f"{markdown(_title(d.new.name, d.new.version))}",
        "",
        markdown(_summary(d)) + ".",
        "",
    ]
    if d.changes:
        rows = [
            [
                c.verdict,
                c.where,
                c.clause,
                c.old or "(not stated)",
                c.new or "(not stated)",
                c.reason,
            ]
            for c in d.changes
        ]
        lines += _markdown_table(["for the buyer", "where", "clause", "was", "now", "why"], rows)
    return "\n".join(lines).rstrip("\n") + "\n"


def diff_json(d: ContractDiff) -> str:
    return json_text(d.to_json()) + "\n"


DIFF_RENDERERS: dict[str, Callable[[ContractDiff], str]] = {
    "text": diff_text,
    "json": diff_json,
    "markdown": diff_markdown,
}


# ---- compare -----------------------------------------------------------------------------------


def curve_rows(curve: CreditCurve) -> list[str]:
    """'[99%, 99.9%) -> 10' for each piece; measured shares shown as percents."""
    if curve.pieces is None:
        return []
    out = []
    for p in curve.pieces:
        low, high = _measured(curve, p.low), "∞" if p.high is None else _measured(curve, p.high)
        where = (
            f"[{low}]"
            if p.low == p.high
            else (
                ("[" if p.low_closed else "(") + f"{low}, {high}" + ("]" if p.high_closed else ")")
            )
        )
        credit = (
            p.credit_from if p.credit_from == p.credit_to else f"{p.credit_from} to {p.credit_to}"
        )
        out.append(f"{where} -> {credit}")
    return out


def _measured(curve: CreditCurve, value: str) -> str:
    return _value("latency" if curve.measured == "milliseconds" else curve.kind, value)


def _sections(c: Comparison) -> list[tuple[str, list[str], list[list[str]]]]:
    """The comparison's tables: (title, header, rows)."""
    names = [_title(x.name, x.version) for x in c.contracts]
    dash = "-"
    sections = [
        ("Terms", ["term", *names], [[t.term, *(v or dash for v in t.values)] for t in c.terms])
    ]
    sections.append(
        (
            "Allowed downtime",
            ["contract", "objective", "level", "per period", "per year"],
            [
                [
                    names[a.contract],
                    a.objective,
                    f"{a.level} ({a.source})",
                    f"{a.per_period} ({a.period})",
                    a.per_year,
                ]
                for a in c.downtime
            ],
        )
    )
    sections.append(
        (
            "Credit curves",
            ["contract", "objective", "credit", "caps and notes"],
            [
                [
                    names[k.contract],
                    k.objective,
                    "; ".join(curve_rows(k)) + f" ({k.unit})" if k.pieces else dash,
                    "; ".join([*k.caps, *k.notes]) or dash,
                ]
                for k in c.curves
            ],
        )
    )
    sections.append(
        (
            "Worst-case exposure",
            ["contract", "per period", "per year", "notes"],
            [
                [
                    names[e.contract],
                    _units(e.per_period),
                    _units(e.per_year),
                    "; ".join(e.notes) or dash,
                ]
                for e in c.exposure
            ],
        )
    )
    sections.append(
        (
            "Support deadlines",
            ["contract", "severity", "target", "opened", "deadline", "waits"],
            [
                [
                    names[d.contract],
                    d.severity,
                    d.target,
                    f"{d.opened} ({d.moment})",
                    d.deadline or d.note or dash,
                    d.waits or dash,
                ]
                for d in c.deadlines
            ],
        )
    )
    sections.append(
        (
            "Dominance",
            ["objective", "finding"],
            [[x.objective, _dominance_text(x, names)] for x in c.dominance],
        )
    )
    return sections


def _dominance_text(d: Dominance, names: list[str]) -> str:
    """The statement; where neither pays more everywhere, who pays more on which values."""
    if all(r.pays_more != d.first for r in d.ranges) or all(
        r.pays_more != d.second for r in d.ranges
    ):
        return d.statement
    parts = []
    for r in d.ranges:
        if r.pays_more is not None:
            low = _value(d.objective, r.low)
            high = "∞" if r.high is None else _value(d.objective, r.high)
            where = (
                ("[" if r.low_closed else "(") + f"{low}, {high}" + ("]" if r.high_closed else ")")
            )
            parts.append(f"{names[r.pays_more]} pays more on {where}")
    return d.statement + "; " + "; ".join(parts)


def _value(kind: str, value: str) -> str:
    return f"{value} ms" if kind == "latency" else percent(Fraction(value))


def _units(values: dict[str, str]) -> str:
    return ", ".join(f"{v} {u}" for u, v in values.items()) or "nothing"


def compare_text(c: Comparison) -> str:
    lines = [" vs ".join(_title(x.name, x.version) for x in c.contracts)]
    lines.append(
        f"reference period: the one holding {c.reference}" + (f"; fee {c.fee}" if c.fee else "")
    )
    for title, header, rows in _sections(c):
        lines += ["", f"{title}:", *_text_table(header, rows)]
    if c.only_in_some:
        lines += ["", "Stated in some contracts only: " + ", ".join(c.only_in_some)]
    lines += ["", *(f"note: {n}" for n in c.notes)]
    return _lines(lines)


def compare_markdown(c: Comparison) -> str:
    title = " vs ".join(_title(x.name, x.version) for x in c.contracts)
    lines = [f"# Comparison: {markdown(title)}", ""]
    lines += [f"Reference period: the one holding {markdown(c.reference)}.", ""]
    for section, header, rows in _sections(c):
        lines += [f"## {section}", "", *_markdown_table(header, rows)]
    if c.only_in_some:
        lines += ["Stated in some contracts only: " + markdown(", ".join(c.only_in_some)) + ".", ""]
    lines += [f"- {markdown(n)}" for n in c.notes]
    return "\n".join(lines) + "\n"


def compare_json(c: Comparison) -> str:
    return json_text(c.to_json()) + "\n"


COMPARE_RENDERERS: dict[str, Callable[[Comparison], str]] = {
    "text": compare_text,
    "json": compare_json,
    "markdown": compare_markdown,
}
