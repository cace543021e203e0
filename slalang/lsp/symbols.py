"""Named definitions and the references to them, located through the loader's SourceMap.

The model says which names a contract defines and where it refers to them (the same places
`slalang.validate` checks); the SourceMap gives the clause's span, and the name's own span is
found as a whole word inside it (outside strings and comments). A contract whose whole-contract
checks fail (an unknown reference) is still indexed: its model is validated with those checks
deferred, as the loader does before it runs them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from pydantic import ValidationError

from slalang.diagnostics import Span
from slalang.loader import ParseResult
from slalang.lsp.positions import Lines, contains
from slalang.model import Calendar, Contract, Downtime, DowntimeRef, FeeBase, Service, Word
from slalang.source import ModelPath, SourceMap
from slalang.syntax.errors import parse_with_recovery
from slalang.syntax.lower import lower_contract
from slalang.syntax.parser import parser
from slalang.walk import all_conditions, caps, credit_clauses

# Words outside strings and comments: strings and comments match first and are skipped.
_WORDS = re.compile(r'"(?:[^"\\\n]|\\.)*"|#[^\n]*|[A-Za-z_][A-Za-z0-9_]*')

Key = tuple[str, str]  # (kind, name): ("service", "im")


@dataclass(frozen=True)
class Definition:
    kind: str  # service, calendar, downtime, fee base, objective, severity
    name: str
    path: ModelPath
    name_span: Span
    clause: Span  # the whole definition
    title: str | None = None


@dataclass(frozen=True)
class Reference:
    kind: str
    name: str
    span: Span


@dataclass
class Index:
    definitions: dict[Key, Definition] = field(default_factory=dict)
    references: list[Reference] = field(default_factory=list)
    contract: Contract | None = None
    source_map: SourceMap | None = None

    def key_at(self, line: int, column: int) -> Key | None:
        """The (kind, name) defined or referred to at 1-based `line` and `column`."""
        for d in self.definitions.values():
            if contains(d.name_span, line, column):
                return d.kind, d.name
        for r in self.references:
            if contains(r.span, line, column):
                return r.kind, r.name
        return None

    def references_to(self, key: Key) -> list[Span]:
        return [r.span for r in self.references if (r.kind, r.name) == key]

    def names(self, kind: str | None = None) -> list[Definition]:
        return [d for d in self.definitions.values() if kind is None or d.kind == kind]


def lenient_contract(result: ParseResult) -> tuple[Contract, SourceMap] | None:
    """The contract of `result`, or, when only whole-contract checks failed, its model with those
    checks deferred; None when the text does not parse, lower or validate field by field."""
    if result.contract is not None and result.source_map is not None:
        return result.contract, result.source_map
    if result.source_map is None or not result.text:
        return None
    tree, problems = parse_with_recovery(result.text, result.path, parser())
    if tree is None or problems:
        return None
    data, source_map, problems = lower_contract(tree, result.path, result.text)
    if problems:
        return None
    try:
        contract = Contract.model_validate(data, context={"defer_checks": True})
    except ValidationError:
        return None
    return contract, source_map


def find_word(lines: Lines, span: Span, word: str, skip: int = 0) -> Span | None:
    """The span of `word` as a whole word inside `span`, after its first `skip` words."""
    start, text = lines.span_text(span)
    seen = 0
    for match in _WORDS.finditer(text):
        token = match.group()
        if token[0] in '"#':
            continue
        seen += 1
        if seen > skip and token == word:
            a, b = lines.at(start + match.start()), lines.at(start + match.end())
            return Span(
                file=span.file,
                line=a.line + 1,
                column=lines.column(a) + 1,
                end_line=b.line + 1,
                end_column=lines.column(b) + 1,
            )
    return None


def _definitions(c: Contract) -> Iterator[tuple[str, str, ModelPath, str | None]]:
    named: tuple[tuple[str, str, tuple[FeeBase | Calendar | Service | Downtime, ...]], ...] = (
        ("fee base", "fee_bases", c.fee_bases),
        ("calendar", "calendars", c.calendars),
        ("service", "services", c.services),
        ("downtime", "downtimes", c.downtimes),
    )
    for kind, field_name, items in named:
        for i, item in enumerate(items):
            yield kind, item.id, (field_name, i), item.title
    for i, o in enumerate(c.objectives):
        yield "objective", o.id, ("objectives", i), o.title
    if c.support is not None:
        for i, sev in enumerate(c.support.severities):
            yield "severity", sev.id, ("support", "severities", i), sev.title


def _references(c: Contract) -> Iterator[tuple[str, str, ModelPath]]:
    """Every place the contract names a definition: (kind, name, the path of its clause)."""
    for i, o in enumerate(c.objectives):
        for service in o.services:
            yield "service", service, ("objectives", i, "services")
    for where, cond in all_conditions(c):
        if isinstance(cond, DowntimeRef):
            yield "downtime", cond.name, where
    if c.support is not None:
        if c.support.calendar is not None:
            yield "calendar", c.support.calendar, ("support", "calendar")
        for i, sev in enumerate(c.support.severities):
            for j, target in enumerate(sev.targets):
                if target.clock not in (None, "24x7"):
                    yield "calendar", target.clock, ("support", "severities", i, "targets", j)
    claim = c.compensation.claim if c.compensation is not None else None
    if claim is not None and claim.calendar is not None:
        yield "calendar", claim.calendar, ("compensation", "claim")
    for where, credit, _ in credit_clauses(c):
        if credit.base is not None:
            yield "fee base", credit.base, where
    for where, cap in caps(c):
        if cap.base is not None:
            yield "fee base", cap.base, where
    yield from _example_references(c)


def _example_references(c: Contract) -> Iterator[tuple[str, str, ModelPath]]:
    kinds = {"service": "service", "severity": "severity"}
    for i, example in enumerate(c.examples):
        for j, record in enumerate(example.records):
            for k, f in enumerate(record.fields):
                if f.name in kinds and isinstance(f.value, Word):
                    where = ("examples", i, "records", j, "fields", k)
                    yield kinds[f.name], f.value.value, where
        for j, expectation in enumerate(example.expectations):
            yield "objective", expectation.subject, ("examples", i, "expectations", j)


def build_index(result: ParseResult, lines: Lines) -> Index:
    """The definitions and references of a loaded contract (an empty index when it has none)."""
    loaded = lenient_contract(result)
    if loaded is None:
        return Index()
    contract, source_map = loaded
    index = Index(contract=contract, source_map=source_map)
    for kind, name, path, title in _definitions(contract):
        clause = source_map.spans.get(path)
        exact = source_map.spans.get((*path, "id"))
        span = exact or (find_word(lines, clause, name, skip=1) if clause else None)
        if clause is not None and span is not None:
            index.definitions[kind, name] = Definition(kind, name, path, span, clause, title)
    for kind, name, path in _references(contract):
        clause = source_map.span(path)
        skip = 0 if kind == "downtime" else 1  # a condition's span is the name alone
        span = find_word(lines, clause, name, skip=skip) if clause else None
        if span is not None:
            index.references.append(Reference(kind, name, span))
    return index
