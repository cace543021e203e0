"""Completion: what the parser accepts at the cursor (Lark's interactive parser), defined names
where a reference fits, units after a number, time zones and holiday regions inside strings."""

from __future__ import annotations

import functools
import re
from importlib import resources

from lark import Token
from lark.exceptions import UnexpectedInput
from lsprotocol import types

from slalang.lsp.analysis import Analysis
from slalang.lsp.symbols import Index
from slalang.syntax.parser import keywords, parser

_PARTIAL = re.compile(r"[A-Za-z_][A-Za-z0-9_]*$")
_ZONE_STRING = re.compile(r'\b(?:timezone|in)\s+"([^"]*)$')
_REGION_STRING = re.compile(r'\bholidays\s+"([^"]*)$')
_UNIT_TERMINALS = ("DURATION_UNIT", "BUSINESS_UNIT", "CALENDAR_UNIT")
_BLOCKS = frozenset({"OBJECTIVE", "SUPPORT", "COMPENSATION", "CALENDAR", "RECORD", "EXPECT"})
Context = tuple[set[str], list[Token]]  # accepted terminals, the tokens before the cursor


def expected(prefix: str) -> Context | None:
    """The terminals the grammar accepts after `prefix` and the tokens read; None when the
    prefix itself does not parse."""
    interactive = parser().parse_interactive(prefix)
    try:
        interactive.exhaust_lexer()
        accepted: set[str] = interactive.accepts()  # type: ignore[no-untyped-call]
    except UnexpectedInput:
        return None
    stack = [v for v in interactive.parser_state.value_stack if isinstance(v, Token)]
    return accepted, stack


@functools.cache
def unit_words(terminal: str) -> tuple[str, ...]:
    """The words a unit terminal of the grammar matches: `(hours?|ms)` gives hour, hours, ms."""
    pattern = str(parser().get_terminal(terminal).pattern.value)
    words: list[str] = []
    for word in pattern[1 : pattern.index(")")].split("|"):
        words.extend((word[:-2], word[:-1]) if word.endswith("s?") else (word,))
    return tuple(words)


def _name_kind(tokens: list[Token]) -> str | None:
    """Which kind of definition a NAME at the cursor refers to, from the keywords before it."""
    block = next((t.type for t in reversed(tokens) if t.type in _BLOCKS), None)
    last = next((t for t in reversed(tokens) if t.type != "COMMA"), None)
    if last is None:
        return None
    if last.type == "ON":
        return "calendar"
    if last.type == "OF":
        return "fee base"
    if last.type == "CALENDAR" and block == "SUPPORT":
        return "calendar"
    if last.type == "SERVICE" and block == "OBJECTIVE":
        return "service"
    if last.type in ("WHEN", "LPAR"):
        return "downtime"
    if last.type == "EXPECT":
        return "objective"
    if last.type == "NAME" and block == "RECORD" and last.value in ("service", "severity"):
        return str(last.value)
    return None


def complete(
    analysis: Analysis, position: types.Position, names: Index
) -> list[types.CompletionItem]:
    """The items at `position`; defined names come from `names` (the last index that had any:
    the text being typed seldom loads)."""
    lines = analysis.lines
    offset = lines.offset(position)
    before = lines.line(position.line)[: lines.column(position)]
    in_string = _string_items(before)
    if in_string is not None:
        return in_string
    partial = _PARTIAL.search(before)
    cut = offset - (len(partial.group()) if partial else 0)
    found = expected(lines.text[:cut])
    if found is None:
        return [_item(k, types.CompletionItemKind.Keyword) for k in sorted(keywords())]
    accepted, tokens = found
    items = []
    for name in sorted(accepted):
        value = parser().get_terminal(name).pattern.value if name != "$END" else ""
        if isinstance(value, str) and value.isidentifier():
            items.append(_item(value, types.CompletionItemKind.Keyword))
        elif name in _UNIT_TERMINALS:
            items.extend(_item(w, types.CompletionItemKind.Unit) for w in unit_words(name))
    if "NAME" in accepted:
        kind = _name_kind(tokens)
        if kind is not None:
            for d in names.names(kind):
                items.append(_item(d.name, types.CompletionItemKind.Reference, d.title or kind))
    return items


def _item(
    label: str, kind: types.CompletionItemKind, detail: str | None = None
) -> types.CompletionItem:
    return types.CompletionItem(label=label, kind=kind, detail=detail)


def _string_items(before: str) -> list[types.CompletionItem] | None:
    """Zone names after `timezone "` or `in "`, regions after `holidays "`; None outside them."""
    if before.count('"') % 2 == 0:
        return None
    zone = _ZONE_STRING.search(before)
    if zone is not None:
        typed = zone.group(1)
        return [
            _item(z, types.CompletionItemKind.Value, "IANA time zone")
            for z in zone_names()
            if z.startswith(typed)
        ]
    region = _REGION_STRING.search(before)
    if region is not None:
        typed = region.group(1).upper()
        return [
            _item(r, types.CompletionItemKind.Value, "holiday jurisdiction")
            for r in holiday_regions()
            if r.startswith(typed)
        ]
    return []


@functools.cache
def zone_names() -> tuple[str, ...]:
    """The IANA zones of places in the tzdata package (as `slalang.zones` reads them), without
    the bare abbreviations (`EST`) a contract should not use."""
    listed = resources.files("tzdata").joinpath("zones").read_text(encoding="utf-8").split()
    return tuple(sorted(name for name in listed if "/" in name or name == "UTC"))


@functools.cache
def holiday_regions() -> tuple[str, ...]:
    """Countries and subdivisions of the holidays package: CN, US, US-CA."""
    import holidays

    found: set[str] = set()
    for country, subdivisions in holidays.list_supported_countries().items():
        found.add(country)
        found.update(f"{country}-{sub}" for sub in subdivisions)
    return tuple(sorted(found))
