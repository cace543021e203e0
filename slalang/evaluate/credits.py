"""Credits: tiers, linear and per-breach credits, fee bases, caps, combination and rounding.

A credit is carried on two exact tracks: `share` (a Fraction of the fee base, when known) and
`amount` (a Decimal of money, when a fee is known or the credit is money). Money is rounded with
the contract's mode and precision (default half_even 0.01) only where a figure is reported.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from slalang import fmt
from slalang.evaluate.inputs import EvaluationError
from slalang.evaluate.measure import compare, decimal_text, in_measurement_units, scaled_decimal
from slalang.model import (
    Amount,
    Bound,
    Cap,
    Credit,
    FeeBase,
    LinearCredit,
    Money,
    OneSided,
    Percent,
    Rounding,
    RoundingMode,
    Tier,
    TierCredit,
)
from slalang.records.model import Fee

DEFAULT_ROUNDING = Rounding(mode="half_even", precision=Decimal("0.01"))


@dataclass(frozen=True)
class PeriodFee:
    """The fee base a percent credit refers to, for one period (and service or scope)."""

    amount: Fraction
    currency: str
    unit_price: Fraction | None
    source: str  # "fee f1" or "--fee"


@dataclass(frozen=True)
class ComputedCredit:
    """A credit worked out from the records (not the contract's credit clause, `model.Credit`)."""

    share: Fraction | None  # of the fee base
    amount: Fraction | None  # money
    text: str  # how it was reached


NO_CREDIT = ComputedCredit(Fraction(0), Fraction(0), "no credit")


# ---- money -------------------------------------------------------------------------------------


def round_money(value: Fraction, rounding: Rounding | None) -> Decimal:
    """`value` rounded to a multiple of the precision, with the contract's mode."""
    rule = rounding or DEFAULT_ROUNDING
    precision = Fraction(rule.precision)
    result = Fraction(_round_integer(value / precision, rule.mode)) * precision
    exponent = rule.precision.normalize().as_tuple().exponent
    places = max(0, -exponent) if isinstance(exponent, int) else 0
    return _decimal(result, places)


def _decimal(value: Fraction, places: int) -> Decimal:
    scaled = value * 10**places
    assert scaled.denominator == 1
    return scaled_decimal(scaled.numerator, places)


def _round_integer(value: Fraction, mode: RoundingMode) -> int:
    floor = math.floor(value)
    rest = value - floor
    if rest == 0:
        return floor
    away = floor + 1 if value > 0 else floor
    toward = floor if value > 0 else floor + 1
    if mode == "up":
        return away
    if mode == "down":
        return toward
    half = Fraction(1, 2)
    if rest != half:
        return floor + 1 if rest > half else floor
    if mode == "half_up":
        return away
    if mode == "half_down":
        return toward
    return floor if floor % 2 == 0 else floor + 1


def money_text(amount: Decimal, currency: str) -> str:
    """2000.00 -> '2,000.00 CNY'."""
    return f"{amount:,f} {currency}"


# ---- fee bases ---------------------------------------------------------------------------------


def find_fee(
    fees: Sequence[Fee],
    labels: Iterable[str],
    base: FeeBase | None,
    objective: str | None,
    services: Sequence[str],
    scope: str | None,
    fallback: PeriodFee | None,
) -> PeriodFee | None:
    """The fee for a credit: fee records of the period that name the objective, else its service
    (and scope), else neither; several matching records are summed. `fallback` is `--fee`."""
    names = set(labels)
    candidates = [
        f for f in fees if f.period in names and (scope is None or not f.scope or scope in f.scope)
    ]
    for test in (
        lambda f: f.objective is not None and f.objective == objective,
        lambda f: f.objective is None and f.service is not None and f.service in services,
        lambda f: f.objective is None and f.service is None,
    ):
        chosen = sorted((f for f in candidates if test(f)), key=lambda f: f.id)
        if chosen:
            return _sum_fees(chosen, base)
    return fallback


def _sum_fees(chosen: list[Fee], base: FeeBase | None) -> PeriodFee:
    currencies = {f.amount.currency for f in chosen}
    if len(currencies) != 1:
        raise EvaluationError(f"fee records {', '.join(f.id for f in chosen)} mix currencies")
    total = Fraction(0)
    for f in chosen:
        total += Fraction(f.amount.amount)
        if base is not None and base.excluding == "vouchers" and f.voucher_paid is not None:
            total -= Fraction(f.voucher_paid.amount)
    prices = {f.unit_price.amount for f in chosen if f.unit_price is not None}
    price = Fraction(prices.pop()) if len(prices) == 1 else None
    ids = ", ".join(f.id for f in chosen)
    return PeriodFee(total, currencies.pop(), price, f"fee {ids}")


# ---- credit clauses ----------------------------------------------------------------------------


def _in_bound(bound: Bound, measured: Fraction) -> bool:
    if isinstance(bound, OneSided):
        return compare(measured, bound.comparator, in_measurement_units(bound.value))
    low, high = in_measurement_units(bound.lower), in_measurement_units(bound.upper)
    above = measured >= low if bound.lower_closed else measured > low
    below = measured <= high if bound.upper_closed else measured < high
    return above and below


def _severity(amount: Amount) -> Fraction:
    return Fraction(amount.amount if isinstance(amount, Money) else amount.value)


def matching_tier(credit: TierCredit, measured: Fraction) -> Tier | None:
    """The tier for `measured`: the first that matches, or the largest with `apply most_severe`."""
    matches = [t for t in credit.tiers if _in_bound(t.bound, measured)]
    if not matches:
        return None
    if credit.apply == "most_severe":
        return max(matches, key=lambda t: _severity(t.amount))
    return matches[0]


def _value(
    amount: Amount, times: Fraction, base_name: str, fee: PeriodFee | None
) -> tuple[Fraction | None, Fraction | None, str]:
    """(share, money, text) of `times` x `amount`."""
    if isinstance(amount, Percent):
        percent = amount.fraction * times
        text = f"{decimal_text(percent * 100, 0)}% of {base_name}"
        return percent, None if fee is None else percent * fee.amount, text
    if isinstance(amount, Money):
        money = Fraction(amount.amount) * times
        return _share(money, fee), money, f"{decimal_text(money, 0)} {amount.currency}"
    units = Fraction(amount.value) * times
    text = f"{decimal_text(units, 0)} units"
    if fee is None or fee.unit_price is None:
        return None, None, text + " (no unit price)"
    money = units * fee.unit_price
    return _share(money, fee), money, f"{text} at {decimal_text(fee.unit_price, 2)} {fee.currency}"


def _share(money: Fraction, fee: PeriodFee | None) -> Fraction | None:
    return money / fee.amount if fee is not None and fee.amount else None


def clause_credit(
    credit: Credit,
    measured: Fraction | None,
    met: bool,
    breaches: int,
    down_us: Fraction,
    fee: PeriodFee | None,
    default_base: str,
    period_us: Fraction | None = None,
) -> ComputedCredit:
    """One credit clause of an objective (or of support). `period_us` is the length of the
    objective's period, for a linear credit 'per period down' (pro rata of the period)."""
    base = credit.base or default_base
    if isinstance(credit, TierCredit):
        tier = None if measured is None else matching_tier(credit, measured)
        if tier is None:
            return ComputedCredit(Fraction(0), Fraction(0), "no tier matches: no credit")
        share, money, text = _value(tier.amount, Fraction(1), base, fee)
        return ComputedCredit(share, money, f"tier {fmt.bound(tier.bound)} → {text}")
    if isinstance(credit, LinearCredit):
        if met:
            return NO_CREDIT
        if credit.per == "period":
            if not period_us:
                raise EvaluationError("a credit 'per period down' needs the length of the period")
            per_us = period_us
        else:
            per_us = credit.per.seconds * 1_000_000
        units: Fraction = down_us / per_us
        if credit.counting == "started":
            units = Fraction(math.ceil(units))
        elif credit.counting == "completed":
            units = Fraction(math.floor(units))
        share, money, text = _value(credit.amount, units, base, fee)
        return ComputedCredit(
            share,
            money,
            f"{decimal_text(units, 0)} x {fmt.quantity(credit.amount)} per "
            f"{'period' if credit.per == 'period' else fmt.quantity(credit.per)} down → {text}",
        )
    if breaches == 0:
        return NO_CREDIT
    share, money, text = _value(credit.amount, Fraction(breaches), base, fee)
    return ComputedCredit(
        share, money, f"{breaches} breach(es) x {fmt.quantity(credit.amount)} → {text}"
    )


def combine_credits(credits: Sequence[ComputedCredit], combine: str) -> ComputedCredit:
    """Sum (or the largest of) several credits; a track is unknown when any part is unknown."""
    if not credits:
        return NO_CREDIT
    if len(credits) == 1:
        return credits[0]
    shares = [c.share for c in credits]
    amounts = [c.amount for c in credits]
    text = "; ".join(c.text for c in credits)
    if combine == "max":
        known = [c for c in credits if c.amount is not None] or [
            c for c in credits if c.share is not None
        ]
        if not known:
            return ComputedCredit(None, None, text)
        best = max(known, key=lambda c: c.amount if c.amount is not None else c.share or 0)
        return ComputedCredit(best.share, best.amount, f"largest of: {text}")
    share = None if None in shares else sum((s for s in shares if s is not None), Fraction(0))
    amount = None if None in amounts else sum((a for a in amounts if a is not None), Fraction(0))
    return ComputedCredit(share, amount, text)


def cap_limit(cap: Cap, fee: PeriodFee | None) -> tuple[Fraction | None, Fraction | None]:
    """(share, money) limit of a cap for the current period's fee."""
    if isinstance(cap.amount, Percent):
        share = cap.amount.fraction
        return share, None if fee is None else share * fee.amount
    if isinstance(cap.amount, Money):
        money = Fraction(cap.amount.amount)
        return _share(money, fee), money
    if fee is None or fee.unit_price is None:
        return None, None
    money = Fraction(cap.amount.value) * fee.unit_price
    return _share(money, fee), money


def apply_cap(
    credit: ComputedCredit, limit: tuple[Fraction | None, Fraction | None], already: ComputedCredit
) -> tuple[ComputedCredit, bool]:
    """`credit` limited so that `already` (granted earlier in the cap's window) plus it stays
    within `limit`; and whether the cap bit."""
    share, amount = credit.share, credit.amount
    capped = False
    if limit[0] is not None and share is not None:
        room = max(Fraction(0), limit[0] - (already.share or 0))
        if share > room:
            share, capped = room, True
    if limit[1] is not None and amount is not None:
        room = max(Fraction(0), limit[1] - (already.amount or 0))
        if amount > room:
            amount, capped = room, True
    if capped and share is not None and amount is not None and credit.amount:
        # keep both tracks consistent: the tighter cap decides
        ratio = min(share / credit.share if credit.share else Fraction(1), amount / credit.amount)
        share, amount = (
            credit.share * ratio if credit.share is not None else None,
            credit.amount * ratio,
        )
    return ComputedCredit(share, amount, credit.text), capped
