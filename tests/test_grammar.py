"""The grammar is LALR(1) without conflicts, is loaded from the package as the CLI does, and
spells the model's enumerations: its keyword terminals are the model's words, and the words it
takes as a NAME are checked against the model when lowering."""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import pytest

from slalang.diagnostics import Diagnostic
from slalang.model import (
    AggregationMethod,
    AutomatedResponseRule,
    BusinessUnit,
    CalendarUnit,
    CombinationRule,
    Comparator,
    Counting,
    CountName,
    CreditForm,
    DenominatorWord,
    DurationUnit,
    FeeExclusion,
    FormulaVariable,
    Impact,
    Metric,
    MissingDataRule,
    ObjectiveKind,
    Operator,
    Party,
    PauseRule,
    PercentileMethod,
    Remedy,
    RoundingMode,
    SeverityChangeRule,
    SliceRule,
    SupportTargetKind,
    TieBreak,
    Weekday,
    words,
)
from slalang.syntax.lower import _DURATION_UNITS, _OPERATORS, _plural, lower_contract
from slalang.syntax.parser import GRAMMAR_NAME, build_parser, grammar_text, parser


def test_grammar_builds_in_strict_mode() -> None:
    # strict=True makes Lark fail on any shift/reduce conflict and on terminal collisions.
    build_parser(strict=True)


def test_parser_is_built_once_and_not_at_import() -> None:
    assert parser() is parser()


def test_grammar_text_is_the_file_in_grammar_folder() -> None:
    source = Path(__file__).resolve().parents[1] / "grammar" / GRAMMAR_NAME
    assert grammar_text() == source.read_text(encoding="utf-8")


def test_grammar_is_addressable_as_a_package_resource() -> None:
    # In the wheel the grammar sits at slalang/grammar/slalang.lark; in a checkout the loader
    # falls back to the source tree. tests/test_wheel.py checks the installed layout.
    shipped = resources.files("slalang").joinpath("grammar").joinpath(GRAMMAR_NAME)
    assert shipped.is_file() or grammar_text().startswith("// slalang grammar")


# ---- the grammar's enumerations are the model's ------------------------------------------

_WORD_END = "(?![A-Za-z0-9_])"


def _terminal_words(name: str) -> set[str]:
    """The words a terminal matches, read from its pattern: 'days?' stands for day and days."""
    pattern = _patterns()[name]
    body = pattern.removesuffix(_WORD_END).removeprefix("(?:").removeprefix("(").removesuffix(")")
    found: set[str] = set()
    for alternative in body.split("|"):
        stem = alternative.removesuffix("?")
        found |= {stem, stem[:-1]} if alternative.endswith("s?") else {stem}
    assert all(re.fullmatch(pattern, word) for word in found), pattern
    return found


def _patterns() -> dict[str, str]:
    """Each terminal's name -> its pattern (the keyword itself for a keyword)."""
    return {t.name: t.pattern.value for t in parser().terminals}


def _after(rule: str, before: str) -> set[str]:
    """The keywords that follow the symbol `before` in the expansions of grammar rule `rule`."""
    return {
        _patterns()[r.expansion[i + 1].name]
        for r in parser().rules
        if r.origin.name == rule
        for i, symbol in enumerate(r.expansion[:-1])
        if symbol.name == before
    }


def test_unit_terminals_are_the_models_units() -> None:
    assert set(_DURATION_UNITS) == _terminal_words("DURATION_UNIT")
    assert set(_DURATION_UNITS.values()) == set(words(DurationUnit))
    assert {_plural(w) for w in _terminal_words("BUSINESS_UNIT")} == set(words(BusinessUnit))
    assert {_plural(w) for w in _terminal_words("CALENDAR_UNIT")} == set(words(CalendarUnit))


def test_comparator_terminal_is_the_models_comparators() -> None:
    assert _terminal_words("COMPARATOR") == set(words(Comparator))


def test_operators_are_the_models_operators() -> None:
    spelled = {
        r.alias: _patterns()[r.expansion[1].name] for r in parser().rules if r.alias in _OPERATORS
    }
    assert spelled == _OPERATORS
    assert set(_OPERATORS.values()) == set(words(Operator))


def test_counting_keywords_are_the_models() -> None:
    assert _after("linear_credit", "DOWN") == set(words(Counting))


def test_support_target_keywords_are_the_models_kinds() -> None:
    # the lowering keys its handlers by rule name: each rule is named by its keyword
    starts = {
        (r.origin.name, _patterns()[r.expansion[0].name])
        for r in parser().rules
        if len(r.expansion) > 1 and r.expansion[1].name == "WITHIN"
    }
    assert starts == {(kind, kind) for kind in words(SupportTargetKind)}


# Enumerations the grammar takes as a NAME: each is checked when lowering, against the model.
_NAME_WORDS: list[tuple[object, str]] = [
    (Weekday, "calendar c {{ open {} 09:00 to 17:00 }}"),
    (Impact, "downtime d when outage impact {}"),
    (Impact, "objective availability a {{ weight {} 50% }}"),
    (Metric, "downtime d when {} > 5%"),
    (ObjectiveKind, "objective {} a {{ }}"),
    (FormulaVariable, "objective availability a {{ formula {} / 2 }}"),
    (FeeExclusion, "fee f excluding {}"),
    (SliceRule, "objective availability a {{ partial slices count as {} }}"),
    (MissingDataRule, "objective availability a {{ missing data counts as {} }}"),
    (AggregationMethod, "objective success_rate a {{ aggregate {} }}"),
    (DenominatorWord, "objective availability a {{ denominator {} }}"),
    (CountName, "objective success_rate a {{ remove excluded from {} }}"),
    (PercentileMethod, "objective latency a {{ percentile {} }}"),
    (TieBreak, "objective availability a {{ credit {{ apply {} }} }}"),
    (Party, "support {{ severity assigned by {} }}"),
    (SeverityChangeRule, "support {{ severity taken as {} }}"),
    (AutomatedResponseRule, "support {{ automated responses {} }}"),
    (PauseRule, "support {{ pauses {} }}"),
    (CombinationRule, "compensation {{ combine {} }}"),
    (RoundingMode, "compensation {{ rounding {} 0.01 }}"),
    (CreditForm, "compensation {{ form {} }}"),
    (Remedy, "compensation {{ remedy {} }}"),
]


def _lower(clause: str) -> list[Diagnostic]:
    text = f'contract "c" {{ {clause} }}'
    return lower_contract(parser().parse(text), None, text)[2]


@pytest.mark.parametrize(("enumeration", "clause"), _NAME_WORDS)
def test_name_words_are_lowered_against_the_model(enumeration: object, clause: str) -> None:
    spelled = words(enumeration)
    for word in spelled:
        assert _lower(clause.format(word)) == [], word
    first = spelled[0]
    [wrong] = _lower(clause.format(first + "x"))
    assert (wrong.code, wrong.name) == ("SLA010", "unknown-word")
    assert wrong.message.endswith(f"; expected one of: {', '.join(spelled)}")
    assert wrong.hints == (f"did you mean '{first}'?",)
