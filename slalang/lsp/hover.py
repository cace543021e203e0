"""Hover: a rule's rationale in a suppression, a reference's definition, a quantity's normalised
value, a keyword's entry in docs/language.md."""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction

from slalang.fmt import number, quantity
from slalang.lint.catalogue import find_rule
from slalang.lint.suppressions import PREFIX
from slalang.lsp.analysis import Analysis
from slalang.lsp.docs import keyword_entry
from slalang.lsp.positions import contains
from slalang.lsp.symbols import Index
from slalang.model import (
    BusinessDuration,
    CalendarSpan,
    Contract,
    Duration,
    Money,
    Number,
    Percent,
    SupportTarget,
    Units,
)
from slalang.source import ModelPath
from slalang.syntax.parser import keywords

_WORD = re.compile(r"[A-Za-z0-9_-]+")
Quantity = Duration | BusinessDuration | CalendarSpan | Percent | Money | Number | Units


def word_at(line: str, column: int) -> str | None:
    """The word (letters, digits, `_`, `-`) around the 0-based character `column` of `line`."""
    for match in _WORD.finditer(line):
        if match.start() <= column <= match.end():
            return match.group()
    return None


def hover_text(analysis: Analysis, line: int, column: int) -> str | None:
    """Markdown for 0-based `line` and character `column`, or None when there is nothing to say."""
    text = analysis.lines.line(line)
    word = word_at(text, column)
    comment = text.find("#")
    if word is not None and 0 <= comment < column:
        return _suppressed_rule(text[comment:], word)
    index = analysis.index
    key = index.key_at(line + 1, column + 1)
    if key is not None:
        return _definition(index, analysis, *key)
    found = _quantity_at(index, line + 1, column + 1)
    if found is not None:
        return found
    if word is not None and word in keywords():
        return keyword_entry(word) or f"`{word}`: a keyword of the slalang language"
    return None


def _suppressed_rule(comment: str, word: str) -> str | None:
    if not PREFIX.match(comment):
        return None
    rule = find_rule(word)
    if rule is None:
        return None
    return (
        f"**{rule.code} {rule.name}** ({rule.severity.value})\n\n{rule.summary}\n\n{rule.rationale}"
    )


def _definition(index: Index, analysis: Analysis, kind: str, name: str) -> str:
    found = index.definitions.get((kind, name))
    if found is None:
        return f"{kind} `{name}`: not defined in this contract"
    _, text = analysis.lines.span_text(found.clause)
    shown = "\n".join(text.split("\n")[:12])
    title = f" — {found.title}" if found.title else ""
    return f"**{kind}** `{name}`{title}\n\n```sla\n{shown}\n```\n\nline {found.clause.line}"


def node_at(contract: Contract, path: ModelPath) -> object:
    """The part of the model a source-map path names (None when it names nothing)."""
    node: object = contract
    for part in path:
        if isinstance(part, int):
            items = node if isinstance(node, tuple) else ()
            node = items[part] if part < len(items) else None
        else:
            node = getattr(node, part, None)
    return node


def _quantity_at(index: Index, line: int, column: int) -> str | None:
    if index.contract is None or index.source_map is None:
        return None
    around = [
        (path, span)
        for path, span in index.source_map.spans.items()
        if contains(span, line, column)
    ]
    for path, _span in sorted(around, key=lambda item: -len(item[0])):
        node = node_at(index.contract, path)
        if isinstance(node, Quantity):
            parent = node_at(index.contract, path[:-1]) if path else None
            return describe(node, index.contract, parent)
    return None


def describe(q: Quantity, contract: Contract, parent: object = None) -> str:
    """A quantity as written canonically, and what it is exactly."""
    written = quantity(q)
    if isinstance(q, Duration):
        seconds = q.seconds
        minutes = seconds / 60
        return f"`{written}` = {_exact(minutes)} minutes = {_exact(seconds)} seconds (elapsed time)"
    if isinstance(q, BusinessDuration):
        return f"`{written}` {_clock(contract, parent)}"
    if isinstance(q, CalendarSpan):
        return f"`{written}`: calendar {q.unit}, of their real lengths (not a fixed number of days)"
    if isinstance(q, Percent):
        return f"`{written}` = {_exact(Fraction(q.value) / 100)} exactly"
    if isinstance(q, Money):
        return f"`{written}`: {number(q.amount)} in {q.currency}"
    if isinstance(q, Units):
        return f"`{written}`: service units (messages, minutes ...)"
    return f"`{written}`: a bare number with no unit"


def _exact(value: Fraction | Decimal) -> str:
    f = Fraction(value)
    return str(f.numerator) if f.denominator == 1 else f"{f.numerator}/{f.denominator}"


def _clock(contract: Contract, parent: object) -> str:
    """Which calendar a business duration is counted on, and what that calendar says."""
    clock = parent.clock if isinstance(parent, SupportTarget) else None
    if clock is None and contract.support is not None:
        clock = contract.support.calendar
    if clock in (None, "24x7"):
        return "on no business calendar: counted 24x7 (see SLA303)"
    calendar = next((c for c in contract.calendars if c.id == clock), None)
    if calendar is None:
        return f"on `{clock}`, which is not defined"
    opening = "; ".join(
        ", ".join(d.first + (f"..{d.last}" if d.last else "") for d in o.days)
        + f" {o.start:%H:%M} to {o.end if isinstance(o.end, str) else format(o.end, '%H:%M')}"
        for o in calendar.open
    )
    zone = calendar.timezone or contract.timezone or "no time zone"
    holidays = f", holidays {calendar.holidays}" if calendar.holidays else ""
    title = f" ({calendar.title})" if calendar.title else ""
    return f"on {clock}{title}: open time only, {opening or 'never open'} ({zone}{holidays})"
