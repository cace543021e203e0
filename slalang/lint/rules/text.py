"""SLA5xx: numbers, money and the contract's quoted prose."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation

from slalang.diagnostics import Level
from slalang.lint.context import Context, Finding
from slalang.lint.registry import rule
from slalang.lint.rules.remedies import unstated_term
from slalang.model import Contract, Money
from slalang.source import ModelPath
from slalang.walk import caps, credit_amounts, credit_clauses, quotes

_UNITS = {
    word: value
    for value, word in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
        ]
    )
}
_TENS = {
    word: 10 * (value + 2)
    for value, word in enumerate(
        ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
    )
}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
_NUMBER_WORDS = {*_UNITS, *_TENS, *_SCALES, "point", "and"}
_FIGURE = re.compile(r"\(\s*(\d[\d.,]*)\s*(?:(?:%|per\s?cent)\s*)?\)", re.I)
_WORD_CHAR = re.compile(r"[a-z\s-]", re.I)
_LETTER = re.compile(r"[a-z]", re.I)
_PERCENT_WORD = re.compile(r"per\s?cent\Z", re.I)
_DECIMAL_COMMA = re.compile(
    r"(?<![\d.,])(\d{1,3}(?:\.\d{3})+,\d+|\d+,\d{1,2}\s*(?:%|per\s?cent))(?![\d])", re.I
)


def spelled_value(words: list[str]) -> Decimal | None:
    """The number that English words spell ("ninety-nine point nine"), or None."""
    total, current, seen = 0, 0, False
    digits: list[str] | None = None
    for word in words:
        if digits is not None:
            if word not in _UNITS or _UNITS[word] > 9:
                return None
            digits.append(str(_UNITS[word]))
        elif word == "point":
            digits = []
        elif word in _UNITS or word in _TENS:
            current += _UNITS.get(word, 0) + _TENS.get(word, 0)
            seen = True
        elif word == "hundred":
            current = max(current, 1) * 100
        elif word in _SCALES:
            total += max(current, 1) * _SCALES[word]
            current = 0
        elif word != "and":
            return None
    if not seen and not digits:
        return None
    text = str(total + current) + ("." + "".join(digits) if digits else "")
    return Decimal(text)


def _words_before(text: str, end: int, since: int) -> str:
    """The run of letters, spaces and hyphens that ends at `end` (not before `since`), without
    a trailing 'percent'; it starts with a letter. Scans back once: linear in the run."""
    start = end
    while start > since and _WORD_CHAR.match(text, start - 1):
        start -= 1
    while start < end and not _LETTER.match(text, start):
        start += 1
    run = text[start:end].rstrip()
    percent = _PERCENT_WORD.search(run, max(0, len(run) - len("per cent")))
    return run[: percent.start()] if percent else run


def _spelled_numbers(quote: str) -> Iterator[tuple[str, Decimal, str, Decimal]]:
    """(words, their value, figure, its value) for each 'words (figure)' in a quote."""
    since = 0
    for match in _FIGURE.finditer(quote):
        words = _words_before(quote, match.start(), since)
        if not words:
            continue
        since = match.end()
        tokens = re.split(r"[\s-]+", words.strip().lower())
        first = len(tokens)
        while first > 0 and tokens[first - 1] in _NUMBER_WORDS:
            first -= 1
        while first < len(tokens) and tokens[first] in ("and", "point"):
            first += 1
        run = tokens[first:]
        figure = match.group(1).rstrip(".,")
        value = spelled_value(run) if run else None
        if value is None or "," in figure:
            continue
        try:
            number = Decimal(figure)
        except InvalidOperation:
            continue
        yield " ".join(run), value, figure, number


@rule("SLA501", "spelled-number-mismatch", Level.ERROR)
def spelled_number_mismatch(c: Context) -> Iterator[Finding]:
    """A number spelled out in words disagrees with the figure beside it.

    "ninety-nine point nine percent (99.95%)": which one binds? Lawyers write both to prevent
    mistakes; when they differ, the contract is ambiguous. Make the words and the figure agree.

    Bad:
        contract "Two numbers" {
            quote "Availability of ninety-nine point nine percent (99.95%) per month."
            ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ SLA501
        }

    Good:
        contract "One number" {
            quote "Availability of ninety-nine point nine five percent (99.95%) per month."
        }
    """
    for path, text in quotes(c.contract):
        for words, value, figure, number in _spelled_numbers(text):
            if value != number:
                yield Finding(
                    path,
                    f"the words '{words}' say {value:f} but the figure beside them says {figure}",
                    ("make the words and the figure agree",),
                )


def _money(c: Contract) -> Iterator[tuple[ModelPath, Money]]:
    for path, credit, _ in credit_clauses(c):
        for where, amount in credit_amounts(credit, path):
            if isinstance(amount, Money):
                yield where, amount
    for path, cap in caps(c):
        if isinstance(cap.amount, Money):
            yield path, cap.amount
    if c.compensation is not None and isinstance(c.compensation.minimum_credit, Money):
        yield ("compensation", "minimum_credit"), c.compensation.minimum_credit
    for i, example in enumerate(c.examples):
        if isinstance(example.fee, Money):
            yield ("examples", i, "fee"), example.fee


@rule("SLA502", "no-currency", Level.WARNING)
def no_currency(c: Context) -> Iterator[Finding]:
    """The contract has fees or amounts of money but no contract currency.

    Fees and credits are paid in one currency; without `currency`, a fee base has no unit and a
    percentage credit has no amount.

    Bad:
        contract "Paid in what" {
            fee monthly "Monthly fee"
            ^^^^^^^^^^^^^^^^^^^^^^^^^ SLA502
        }

    Good:
        contract "Paid in euros" {
            currency EUR
            fee monthly "Monthly fee"
        }
    """
    contract = c.contract
    if contract.currency is not None:
        return
    first = next(_money(contract), None)
    if first is not None:
        yield Finding(
            first[0],
            f"'{c.words(first[0])}' is money, but the contract names no currency",
            (f"add 'currency {first[1].currency}'",),
        )
    elif contract.fee_bases:
        yield Finding(
            ("fee_bases", 0),
            "the contract has fees but names no currency",
            ("add 'currency USD' (or the currency meant)",),
        )


@rule("SLA503", "mixed-currencies", Level.ERROR)
def mixed_currencies(c: Context) -> Iterator[Finding]:
    """Amounts of money are in different currencies.

    A cap in USD on a fee in EUR needs an exchange rate and a date that the contract does not
    give. Use the contract currency everywhere.

    Bad:
        contract "Two currencies" {
            currency EUR
            compensation { minimum credit 100 USD }
                           ^^^^^^^^^^^^^^^^^^^^^^ SLA503
        }

    Good:
        contract "One currency" {
            currency EUR
            compensation { minimum credit 100 EUR }
        }
    """
    contract = c.contract
    amounts = list(_money(contract))
    expected = contract.currency or (amounts[0][1].currency if amounts else None)
    for path, amount in amounts:
        if amount.currency != expected:
            related = () if contract.currency else ((amounts[0][0], f"{expected} is used here"),)
            yield Finding(
                path,
                f"'{c.words(path)}' is in {amount.currency}, but the contract pays in {expected}",
                (f"write the amount in {expected}",),
                related,
            )


@rule("SLA504", "no-rounding", Level.WARNING)
def no_rounding(c: Context) -> Iterator[Finding]:
    """Credits are promised with no rounding rule for money.

    10% of 333.33 is 33.333: is the credit 33.33 or 33.34? State the mode and precision:
    `rounding half_even 0.01`.

    Reported on the `compensation` block, else (no block) on the contract's first line;
    to accept the omission, write `# slalang: disable-next-line=SLA504 -- reason` above
    `compensation {` (else above `contract`).

    Bad:
        contract "Rounded somehow" {
        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^ SLA504
            objective latency fast { target p95 <= 400 ms; credit 5% per breach }
        }

    Good:
        contract "Rounded to the cent" {
            objective latency fast { target p95 <= 400 ms; credit 5% per breach }
            compensation { rounding half_even 0.01 }
        }
    """
    yield from unstated_term(
        c,
        "rounding",
        "credits are computed, but the contract does not say how money is rounded",
        "add 'compensation { rounding half_even 0.01 }'",
    )


@rule("SLA505", "locale-number", Level.WARNING)
def locale_number(c: Context) -> Iterator[Finding]:
    """The contract's prose writes a number with a decimal comma.

    `99,9%` is 99.9% in Berlin and nonsense in New York; `1.000,50` is a thousand in one locale
    and one in another. Write numbers with a decimal point.

    Bad:
        contract "Decimal comma" {
            quote "Verfügbarkeit von 99,9% im Monatsmittel."
            ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ SLA505
        }

    Good:
        contract "Decimal point" {
            quote "Availability of 99.9% per month."
        }
    """
    for path, text in quotes(c.contract):
        for match in _DECIMAL_COMMA.finditer(text):
            yield Finding(
                path,
                f"'{match.group(1)}' uses a decimal comma, which reads differently by locale",
                (f"write '{match.group(1).replace('.', '').replace(',', '.')}'",),
            )
