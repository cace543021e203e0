"""`render(contract, format="markdown"|"html", lang="en"|"zh")`: the contract as a document.

The document is generated from the model (`view.py` builds its blocks, `writer.py` escapes every
value, `locale.py` holds the words and the formatting of numbers, dates and units) and laid out
by the Jinja2 templates in `templates/` (package data). The linter's findings are shown next to
the clause they concern; the HTML holds an inline SVG credit curve per objective.
"""

from __future__ import annotations

import functools
from datetime import date
from typing import get_args

import jinja2
from markupsafe import Markup
from pydantic import BaseModel, ConfigDict

from slalang.compare import credit_curve
from slalang.document import chart, view
from slalang.document.locale import Language, Locale
from slalang.document.writer import Format, Writer
from slalang.fmt import dumps
from slalang.lint import lint
from slalang.loader import ParseResult, loads
from slalang.model import Contract, Objective
from slalang.source import ModelPath

SCHEMA = "slalang.document/v1"
FORMATS: tuple[str, ...] = get_args(Format)
LANGUAGES: tuple[str, ...] = get_args(Language)


@functools.cache
def _environment(format: Format) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("slalang.document", "templates"),
        autoescape=format == "html",
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _parsed(source: Contract | ParseResult) -> ParseResult:
    """A parse result with a source map, for placing findings; a model is printed and re-read."""
    if isinstance(source, ParseResult):
        return source
    return loads(dumps(source), "<contract>")


class Document(BaseModel):
    """A rendered contract (schema `slalang.document/v1`): the text, and the review notes in it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    contract: str
    format: Format
    lang: Language
    findings: list[str]  # the linter's findings, each shown next to its clause
    text: str


def render(
    source: Contract | ParseResult, format: Format = "markdown", lang: Language = "en"
) -> Document:
    """The contract as a Markdown or self-contained HTML document in English or Chinese."""
    if format not in FORMATS:
        raise ValueError(f"format {format!r}: one of {', '.join(FORMATS)}")
    if lang not in LANGUAGES:
        raise ValueError(f"lang {lang!r}: one of {', '.join(LANGUAGES)}")
    parsed = _parsed(source)
    contract = parsed.contract
    if contract is None:
        raise ValueError("the contract has errors; 'slalang lint' shows them")
    w = Writer(format, Locale(lang))
    if parsed.source_map is None:
        raise ValueError("the contract has no source map")
    findings = lint(parsed)
    placed = view.place(findings, parsed.source_map, w)
    blocks = _blocks(contract, w, placed)
    template = _environment(format).get_template(
        f"document.{'md' if format == 'markdown' else 'html'}.j2"
    )
    text = template.render(
        lang=lang,
        title=w.say("title", name=contract.name),
        blocks=blocks,
        review=w.heading("findings"),
        clean=w.heading("clean"),
        chart_caption=w.heading("chart"),
        findings_shown=bool(findings),
    )
    return Document(
        contract=contract.name,
        format=format,
        lang=lang,
        findings=[f"{d.code} {d.name}: {d.message}" for d in findings],
        text=text,
    )


def _blocks(
    contract: Contract, w: Writer, placed: dict[ModelPath, list[Markup]]
) -> list[view.Block]:
    day = contract.effective.start if contract.effective else date(2026, 1, 1)

    def draw(o: Objective) -> Markup | None:
        if w.format != "html":
            return None
        curve, pieces = credit_curve(0, contract, o, day, None)
        return None if pieces is None else chart.svg(pieces, o.kind, curve.unit, w)

    blocks = [view.parties(contract, w)]
    view.attach(blocks[0], (), {k: v for k, v in placed.items() if len(k) == 1})
    for key in [k for k in placed if len(k) == 1]:
        placed.pop(key)
    if contract.calendars:
        blocks.append(view.calendars(contract, w))
        view.attach(blocks[-1], ("calendars",), placed)
    if contract.services or contract.downtimes:
        blocks.append(view.services(contract, w))
        view.attach(blocks[-1], ("services",), placed)
        view.attach(blocks[-1], ("downtimes",), placed)
    levels = view.Block(w.heading("objectives"), "objectives")
    for i, o in enumerate(contract.objectives):
        block = view.objective(o, contract, w, draw)
        view.attach(block, ("objectives", i), placed)
        levels.blocks.append(block)
    blocks += [levels] if contract.objectives else []
    if contract.support is not None:
        blocks.append(view.support(contract.support, contract, w))
        view.attach(blocks[-1], ("support",), placed)
    if contract.compensation is not None:
        blocks.append(view.compensation(contract, w))
        view.attach(blocks[-1], ("compensation",), placed)
    if contract.examples:
        blocks.append(view.examples(contract, w))
        view.attach(blocks[-1], ("examples",), placed)
    for rest in placed.values():  # a finding no block took stays visible
        blocks[0].findings += rest
    return blocks
