"""SLA1xx: credit tables, caps and fee bases."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from fractions import Fraction

from slalang.diagnostics import Level
from slalang.lint.context import Context, Finding
from slalang.lint.exact import (
    Cover,
    Range,
    bound_range,
    comparison_range,
    domain,
    overlaps,
    same_kind,
    written,
)
from slalang.lint.registry import rule
from slalang.model import (
    Bound,
    Cap,
    Contract,
    Credit,
    Duration,
    Interval,
    LinearCredit,
    Objective,
    Percent,
    Target,
    Tier,
    TierCredit,
    magnitude,
)
from slalang.source import ModelPath
from slalang.walk import caps, credit_amounts, credit_clauses

HUNDRED = Fraction(100)


def _tier_tables(c: Contract) -> Iterator[tuple[ModelPath, TierCredit, Objective | None]]:
    for path, credit, objective in credit_clauses(c):
        if isinstance(credit, TierCredit):
            yield path, credit, objective


def _tier_kind(tier: Tier) -> type:
    bound = tier.bound
    return type(bound.lower if isinstance(bound, Interval) else bound.value)


def _ranges(credit: TierCredit, kind: type | None = None) -> list[tuple[int, Range]]:
    """Tier index and the values it matches (clipped to its domain), for tiers measured in
    `kind`, or in any unit when `kind` is None."""
    out = []
    for j, tier in enumerate(credit.tiers):
        value = tier.bound.lower if isinstance(tier.bound, Interval) else tier.bound.value
        if kind is not None and not isinstance(value, kind):
            continue
        found = bound_range(tier.bound)
        if found is not None:
            out.append((j, found.intersect(domain(value))))
    return out


def _targeted_tables(c: Contract) -> Iterator[tuple[ModelPath, TierCredit, Target, Range]]:
    """Credit tables whose objective has an ordered target (not `==`) with a magnitude, each
    with that target and the values that meet it (not clipped to the target's domain)."""
    for path, credit, objective in _tier_tables(c):
        target = objective.target if objective is not None else None
        if target is None or target.comparator == "==":
            continue
        threshold = magnitude(target.value)
        if threshold is not None:
            yield path, credit, target, comparison_range(target.comparator, threshold)


def _tier_path(path: ModelPath, j: int) -> ModelPath:
    return (*path, "tiers", j)


@rule("SLA101", "overlapping-tiers", Level.ERROR)
def overlapping_tiers(c: Context) -> Iterator[Finding]:
    """A measured value matches two credit tiers.

    When tiers share a value (most often a shared endpoint, `[99%, 99.9%]` and `[95%, 99%]`) the
    contract pays two different credits for one month and does not say which applies. Make every
    tier half-open so that each value has exactly one tier, or declare the tie-break with
    `apply most_severe` (or `apply first`). Each row that overlaps another is reported once,
    with one row it overlaps; a row that repeats an earlier row's bounds is SLA111's.

    Bad:
        contract "Overlap" {
            objective availability up {
                target >= 99.9%
                credit { [99%, 99.9%) -> 10%; [95%, 99%] -> 25% }
                                              ^^^^^^^^^^ SLA101
            }
        }

    Good:
        contract "Half-open" {
            objective availability up {
                target >= 99.9%
                credit { [99%, 99.9%) -> 10%; [95%, 99%) -> 25% }
            }
        }
    """
    for path, credit, _ in _tier_tables(c.contract):
        if credit.apply is not None:
            continue
        ranges = dict(_ranges(credit))
        for j, k in _overlapping(credit, ranges):
            bound = credit.tiers[k].bound
            like = bound.lower if isinstance(bound, Interval) else bound.value
            shared = ranges[j].intersect(ranges[k])
            yield Finding(
                (*_tier_path(path, k), "bound"),
                f"tiers '{c.words(_tier_path(path, j))}' and "
                f"'{c.words(_tier_path(path, k))}' both match {shared.text(like)}",
                (_overlap_hint(c.words((*_tier_path(path, k), "bound")), bound, shared),),
                ((_tier_path(path, j), "the overlapping tier is here"),),
            )


def _overlapping(credit: TierCredit, ranges: dict[int, Range]) -> Iterator[tuple[int, int]]:
    """Pairs of tiers (earlier, later row) that share a value, by sort and sweep: each row that
    overlaps another is in a pair. Rows of different units are not compared (SLA013), nor rows
    with the same bounds as an earlier one (SLA111)."""
    first_of: dict[Bound, int] = {}
    by_kind: dict[type, list[tuple[int, Range]]] = {}
    for j, r in ranges.items():
        bound = credit.tiers[j].bound
        if first_of.setdefault(bound, j) == j:
            by_kind.setdefault(_tier_kind(credit.tiers[j]), []).append((j, r))
    for rows in by_kind.values():
        for j, k in overlaps(rows):
            yield min(j, k), max(j, k)


def _overlap_hint(text: str, bound: Bound, shared: Range) -> str:
    """Half-open the tier at a single shared endpoint; otherwise ask for disjoint tiers."""
    if isinstance(bound, Interval) and shared.lo is not None and shared.lo == shared.hi:
        if bound.upper_closed and magnitude(bound.upper) == shared.lo:
            return f"make the shared endpoint belong to one tier: '{text[:-1]})'"
        if bound.lower_closed and magnitude(bound.lower) == shared.lo:
            return f"make the shared endpoint belong to one tier: '({text[1:]}'"
    return "make the tiers disjoint, or declare the tie-break with 'apply most_severe'"


@rule("SLA102", "tier-gap", Level.WARNING)
def tier_gap(c: Context) -> Iterator[Finding]:
    """A breach of the target earns no credit because no tier covers it.

    Between the target and the first tier, or between two tiers, there are measured values that
    miss the objective yet match no row of the credit table. The customer then gets nothing for a
    breach, which is rarely what either side meant. A table whose worst tier stops short of the
    end of the scale (`[95%, 99%)` and nothing below 95%) is reported too, as info: the worst
    outages earn nothing, less than a small breach, which some SLAs intend (a right to
    terminate takes over) and most do not.

    Bad:
        contract "Gap" {
            objective availability up {
                target >= 99.9%
                credit { [99%, 99.5%) -> 10%; [0%, 99%) -> 25% }
                ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ SLA102
            }
        }

    Bad:
        contract "Nothing for the worst" {
            objective availability up {
                target >= 99.9%
                credit { [99%, 99.9%) -> 10%; [95%, 99%) -> 25% }
                ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ SLA102
            }
        }

    Good:
        contract "No gap" {
            objective availability up {
                target >= 99.9%
                credit { [99%, 99.9%) -> 10%; [0%, 99%) -> 25% }
            }
        }
    """
    for path, credit, target, met in _targeted_tables(c.contract):
        ranges = [r for _, r in _ranges(credit, type(target.value))]
        if not ranges:
            continue
        lower_is_worse = target.comparator in (">=", ">")
        if lower_is_worse:
            worst = min(ranges, key=lambda r: (r.lo is not None, r.lo or 0))
            region = Range(worst.lo, worst.lo_closed, met.lo, not met.lo_closed)
            beyond = Range(None, False, worst.lo, not worst.lo_closed)
        else:
            worst = max(ranges, key=lambda r: (r.hi is None, r.hi or 0))
            region = Range(met.hi, not met.hi_closed, worst.hi, worst.hi_closed)
            beyond = Range(worst.hi, not worst.hi_closed, None, False)
        target_words = c.words((*path[:2], "target"))
        related = (((*path[:2], "target"), "the target is here"),)
        pieces = Cover(ranges).gaps(region.intersect(domain(target.value)))
        if pieces:
            gaps = " and ".join(p.text(target.value) for p in pieces)
            yield Finding(
                path,
                f"no tier covers {gaps}: a value there misses '{target_words}' but earns no credit",
                ("extend the neighbouring tier so that the tiers meet the target and each other",),
                related,
            )
        worse = beyond.intersect(domain(target.value))
        if (worst.lo if lower_is_worse else worst.hi) is not None and not worse.empty:
            yield Finding(
                path,
                f"no tier covers {_open_ended(worse, target.value)}: the worst service earns "
                "no credit, "
                "less than the last tier pays",
                ("extend the worst tier to the end of the scale, or say why it stops",),
                related,
                Level.INFO,
            )


def _open_ended(r: Range, like: object) -> str:
    """A range as the contract would write it, or 'above X' when it has no upper end."""
    if r.hi is not None or r.lo is None:
        return r.text(like)
    if r.lo_closed:
        return f"{written(r.lo, like)} and above"
    return f"values above {written(r.lo, like)}"


@rule("SLA103", "non-monotonic-credit", Level.WARNING)
def non_monotonic_credit(c: Context) -> Iterator[Finding]:
    """Worse service earns a smaller credit than better service.

    Credit tables grow as the service gets worse. A row that pays less than a better row is
    usually a typo, and a customer will dispute it.

    Bad:
        contract "Upside down" {
            objective availability up {
                target >= 99.9%
                credit { [99%, 99.9%) -> 25%; [0%, 99%) -> 10% }
                                                           ^^^ SLA103
            }
        }

    Good:
        contract "Growing" {
            objective availability up {
                target >= 99.9%
                credit { [99%, 99.9%) -> 10%; [0%, 99%) -> 25% }
            }
        }
    """
    for path, credit, target, _ in _targeted_tables(c.contract):
        lower_is_worse = target.comparator in (">=", ">")
        ranked = sorted(
            _ranges(credit, type(target.value)),
            key=lambda item: (item[1].hi is None, item[1].hi or 0, item[1].lo or 0),
            reverse=lower_is_worse,
        )
        for (better, _), (worse, _) in itertools.pairwise(ranked):
            a, b = credit.tiers[better].amount, credit.tiers[worse].amount
            low, high = magnitude(b), magnitude(a)
            if same_kind(a, b) and low is not None and high is not None and low < high:
                yield Finding(
                    (*_tier_path(path, worse), "amount"),
                    f"'{c.words(_tier_path(path, worse))}' pays less than the better-service "
                    f"tier '{c.words(_tier_path(path, better))}'",
                    ("give worse service an equal or larger credit",),
                    ((_tier_path(path, better), "the better-service tier is here"),),
                )


@rule("SLA104", "credit-while-met", Level.ERROR)
def credit_while_met(c: Context) -> Iterator[Finding]:
    """A credit tier matches values at which the objective is met.

    If a tier reaches into the met region (e.g. `[99%, 99.9%]` under `target >= 99.9%`), the
    provider owes a credit in a month it kept its promise: the target and the table contradict
    each other.

    Bad:
        contract "Credit when met" {
            objective availability up {
                target >= 99.9%
                credit { [99%, 99.95%) -> 10%; [0%, 99%) -> 25% }
                         ^^^^^^^^^^^^^ SLA104
            }
        }

    Good:
        contract "Credit only on breach" {
            objective availability up {
                target >= 99.9%
                credit { [99%, 99.9%) -> 10%; [0%, 99%) -> 25% }
            }
        }
    """
    for path, credit, target, met in _targeted_tables(c.contract):
        met_in_domain = met.intersect(domain(target.value))
        for j, r in _ranges(credit, type(target.value)):
            inside = r.intersect(met_in_domain)
            if not inside.empty:
                target_path = (*path[:2], "target")
                yield Finding(
                    (*_tier_path(path, j), "bound"),
                    f"tier '{c.words(_tier_path(path, j))}' pays a credit for "
                    f"{inside.text(target.value)}, where '{c.words(target_path)}' is met",
                    ("end the tier at the target, exclusive of it",),
                    ((target_path, "the target is here"),),
                )


@rule("SLA105", "no-cap", Level.WARNING)
def no_cap(c: Context) -> Iterator[Finding]:
    """A per-breach or per-minute credit has no cap.

    A credit table is bounded by its largest row, but per-breach and per-minute credits grow
    with every breach and every minute. Without a cap on the objective, the support block or the
    whole compensation, they can exceed the fee, and each side reads the silence in its favour.

    Bad:
        contract "Uncapped" {
            objective latency fast {
                target p95 <= 400 ms
                credit 5% per breach
                ^^^^^^^^^^^^^^^^^^^^ SLA105
            }
        }

    Good:
        contract "Capped" {
            objective latency fast {
                target p95 <= 400 ms
                credit 5% per breach
            }
            compensation { cap 50% per period }
        }
    """
    contract = c.contract
    overall = contract.compensation is not None and bool(contract.compensation.caps)
    if overall:
        return
    for path, credit, objective in credit_clauses(contract):
        if isinstance(credit, TierCredit):
            continue
        local = (
            objective.caps
            if objective is not None
            else (contract.support.caps if contract.support else ())
        )
        if not local:
            yield Finding(
                path,
                f"'{c.words(path)}' has no cap",
                ("add 'cap 100% of <fee> per period' to the objective or to 'compensation'",),
            )


@rule("SLA106", "credit-over-fee", Level.WARNING)
def credit_over_fee(c: Context) -> Iterator[Finding]:
    """A credit, a cap, or the sum of all credits can exceed 100% of the fee.

    A service credit is a discount on the fee; more than 100% turns it into a payment from the
    provider, which the credit clauses almost never intend.

    A clause that a cap of at most the fee bounds (a cap of its objective or of support, or
    of compensation) is not reported: the cap decides, and SLA107 names the tiers it cuts.

    Bad:
        contract "More than the fee" {
            compensation { cap 150% per period }
                           ^^^^^^^^^^^^^^^^^^^ SLA106
        }

    Good:
        contract "At most the fee" {
            compensation { cap 100% per period }
        }

    Good:
        contract "Ten times the fee, capped" {
            objective availability up {
                target >= 99.9%
                credit 1000% per period down
                cap 100% per period
            }
        }
    """
    contract = c.contract
    for path, credit, _ in credit_clauses(contract):
        if any(limit <= HUNDRED for _, limit in _percent_caps(contract, path, credit.base)):
            continue  # a cap of at most the fee bounds the clause (SLA107 names dead tiers)
        for where, amount in credit_amounts(credit, path):
            if isinstance(amount, Percent) and amount.value > HUNDRED:
                yield Finding(
                    where,
                    f"a credit of {amount.value}% exceeds the whole fee",
                    ("a credit is a discount on the fee: 100% at most",),
                )
    for path, cap in caps(contract):
        if isinstance(cap.amount, Percent) and cap.amount.value > HUNDRED:
            yield Finding(
                path,
                f"'{c.words(path)}' allows more than the whole fee",
                ("cap credits at 100% of the fee, or less",),
            )
    compensation = contract.compensation
    if compensation is not None and any(
        isinstance(cap.amount, Percent) and cap.per == "period" for cap in compensation.caps
    ):
        return
    maxima: dict[str | None, list[Fraction]] = {}
    last: dict[str | None, ModelPath] = {}
    for path, credit, objective in credit_clauses(contract):
        bounded = _clause_maximum(credit, objective)
        if bounded is None:
            return  # unbounded: SLA105 asks for a cap
        maxima.setdefault(credit.base, []).append(bounded)
        last[credit.base] = path
    combine = compensation.combine if compensation else None
    for base, values in maxima.items():
        total = max(values) if combine == "max" else sum(values, Fraction(0))
        if total > HUNDRED and all(v <= HUNDRED for v in values):
            fee = f"'{base}'" if base else "the fee"
            yield Finding(
                last[base],
                f"together the credit clauses can reach {total}% of {fee}",
                ("add 'cap 100% per period' to 'compensation', or 'combine max'",),
            )


def _clause_maximum(credit: Credit, objective: Objective | None) -> Fraction | None:
    """The largest percent credit one clause can give in a period, or None if unbounded."""
    limits = [
        Fraction(cap.amount.value)
        for cap in (objective.caps if objective else ())
        if isinstance(cap.amount, Percent) and cap.per == "period"
    ]
    amounts = [a for _, a in credit_amounts(credit, ())]
    if isinstance(credit, TierCredit) and all(isinstance(a, Percent) for a in amounts):
        limits.append(
            max(
                (Fraction(a.value) for a in amounts if isinstance(a, Percent)),
                default=Fraction(0),
            )
        )
    return min(limits) if limits else None


def _percent_caps(
    c: Contract, path: ModelPath, base: str | None
) -> list[tuple[ModelPath, Fraction]]:
    """Percent caps per period that limit the credit clause at `path`, with their paths: its
    block's (the objective's, or support's for support and severity credits) and compensation's."""
    found: list[tuple[ModelPath, Cap]] = []
    if path[0] == "objectives":
        index = path[1]
        assert isinstance(index, int)
        caps_here = c.objectives[index].caps
        found.extend((("objectives", index, "caps", j), cap) for j, cap in enumerate(caps_here))
    elif c.support is not None:
        found.extend((("support", "caps", j), cap) for j, cap in enumerate(c.support.caps))
    if c.compensation is not None:
        found.extend(
            (("compensation", "caps", j), cap) for j, cap in enumerate(c.compensation.caps)
        )
    return [
        (where, Fraction(cap.amount.value))
        for where, cap in found
        if isinstance(cap.amount, Percent) and cap.per == "period" and cap.base in (None, base)
    ]


def _shadowed(credit: TierCredit, ranges: dict[int, Range]) -> Iterator[int]:
    """Tiers all of whose values another tier takes under the declared tie-break: an earlier
    row (`apply first`) or a row with a larger credit of the same kind (`apply most_severe`)."""
    if credit.apply == "first":
        cover, rivals = Cover(), False
        for j, r in ranges.items():
            if rivals and cover.covers(r):
                yield j
            cover.add(r)
            rivals = True
        return
    groups: dict[object, list[tuple[Fraction, int]]] = {}
    for j in ranges:
        amount = credit.tiers[j].amount
        kind = (type(amount), getattr(amount, "currency", None))
        groups.setdefault(kind, []).append((magnitude(amount) or Fraction(0), j))
    for group in groups.values():
        cover, rivals = Cover(), False
        for _, rows in itertools.groupby(sorted(group, reverse=True), key=lambda row: row[0]):
            batch = [j for _, j in rows]
            yield from (j for j in batch if rivals and cover.covers(ranges[j]))
            for j in batch:
                cover.add(ranges[j])
            rivals = True


@rule("SLA107", "unreachable-tier", Level.WARNING)
def unreachable_tier(c: Context) -> Iterator[Finding]:
    """A tier can never pay its credit: a cap limits it, or the tie-break hands its values to another tier.

    When a cap per period is below a tier's credit, the customer reads 50% and receives 25%.
    Under `apply first`, a tier whose values all match an earlier row never applies; under
    `apply most_severe`, nor does one whose values all match a row with a larger credit. State
    the credit the customer really receives, or remove the dead row.

    Bad:
        contract "Capped below the tier" {
            objective availability up {
                target >= 99.9%
                credit { [99%, 99.9%) -> 10%; [0%, 99%) -> 50% }
                                                           ^^^ SLA107
                cap 25% per period
            }
        }

    Bad:
        contract "Shadowed row" {
            objective availability up {
                target >= 99.9%
                credit { < 99.9% -> 10%; < 99% -> 25%; apply first }
                                         ^^^^^^^^^^^^ SLA107
            }
        }

    Good:
        contract "Every row can apply" {
            objective availability up {
                target >= 99.9%
                credit { < 99% -> 25%; < 99.9% -> 10%; apply first }
                cap 25% per period
            }
        }
    """
    contract = c.contract
    for path, credit, _ in _tier_tables(contract):
        caps = _percent_caps(contract, path, credit.base)
        if caps:
            cap_path, limit = min(caps, key=lambda item: item[1])
            for j, tier in enumerate(credit.tiers):
                amount = tier.amount
                if isinstance(amount, Percent) and limit < amount.value and limit <= HUNDRED:
                    yield Finding(
                        (*_tier_path(path, j), "amount"),
                        f"tier '{c.words(_tier_path(path, j))}' can never pay its credit: "
                        f"'{c.words(cap_path)}' limits it",
                        ("state the credit the customer really receives, or raise the cap",),
                        ((cap_path, "the cap is here"),),
                    )
        if credit.apply is None:
            continue
        for j in sorted(_shadowed(credit, dict(_ranges(credit)))):
            yield Finding(
                _tier_path(path, j),
                f"tier '{c.words(_tier_path(path, j))}' never applies: under "
                f"'apply {credit.apply}' its values all go to other rows",
                ("remove the row, or reorder the rows so that it can apply",),
                (((*path, "apply"), "the tie-break is here"),),
            )


@rule("SLA108", "undefined-fee-base", Level.WARNING)
def undefined_fee_base(c: Context) -> Iterator[Finding]:
    """A percentage credit does not say which fee it is a percentage of.

    "10% credit" of the monthly fee, the annual fee, or the fee for the affected service only?
    With no fee base, or several, a percentage has no amount. Name the base with `of <fee>`.

    Bad:
        contract "Percent of what" {
            fee monthly "Monthly fee"
            fee annual "Annual fee"
            compensation { cap 100% per period }
                           ^^^^^^^^^^^^^^^^^^^ SLA108
        }

    Good:
        contract "Percent of the monthly fee" {
            fee monthly "Monthly fee"
            fee annual "Annual fee"
            compensation { cap 100% of monthly per period }
        }
    """
    contract = c.contract
    if len(contract.fee_bases) == 1:
        return
    defined = len(contract.fee_bases)
    why = "the contract defines no fee" if defined == 0 else f"the contract defines {defined} fees"
    hint = (
        "name the fee: 'credit of monthly_fee { ... }' after 'fee monthly_fee \"Monthly fee\"'",
    )
    for path, credit, _ in credit_clauses(contract):
        amounts = [a for _, a in credit_amounts(credit, path)]
        if credit.base is None and any(isinstance(a, Percent) for a in amounts):
            yield Finding(path, f"'{c.words(path)}': percent of which fee? {why}", hint)
    for path, cap in caps(contract):
        if cap.base is None and isinstance(cap.amount, Percent):
            yield Finding(path, f"'{c.words(path)}': percent of which fee? {why}", hint)


@rule("SLA109", "unit-base-mismatch", Level.ERROR)
def unit_base_mismatch(c: Context) -> Iterator[Finding]:
    """A money or unit amount is given as a share of a fee.

    `of <fee>` turns a percentage into money. A fixed amount (`500 USD`) or service units
    (`1000 units`) with `of <fee>` mixes two measures and has no single reading.

    Bad:
        contract "Money of a fee" {
            currency USD
            fee monthly
            compensation { cap 500 USD of monthly per period }
                           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ SLA109
        }

    Good:
        contract "Money alone" {
            currency USD
            fee monthly
            compensation { cap 500 USD per period }
        }
    """
    contract = c.contract
    for path, credit, _ in credit_clauses(contract):
        if credit.base is None:
            continue
        for where, amount in credit_amounts(credit, path):
            if not isinstance(amount, Percent):
                yield Finding(
                    where,
                    f"'{c.words(where)}' is not a share, yet the credit is 'of {credit.base}'",
                    ("write the credit as a percentage of the fee, or drop 'of <fee>'",),
                )
    for path, cap in caps(contract):
        if cap.base is not None and not isinstance(cap.amount, Percent):
            yield Finding(
                path,
                f"'{c.words(path)}': a fixed amount cannot be 'of {cap.base}'",
                ("write the cap as a percentage of the fee, or drop 'of <fee>'",),
            )


@rule("SLA110", "no-combination-rule", Level.WARNING)
def no_combination_rule(c: Context) -> Iterator[Finding]:
    """Several credit clauses can pay for the same period, and nothing says how they combine.

    With two objectives breached in one month, is the credit the sum of both or the larger one?
    State it with `combine sum` or `combine max` in `compensation`.

    Bad:
        contract "Two credits" {
            objective latency fast { target p95 <= 400 ms; credit 5% per breach }
            objective latency faster { target p99 <= 900 ms; credit 5% per breach }
                                                             ^^^^^^^^^^^^^^^^^^^^ SLA110
        }

    Good:
        contract "Two credits, summed" {
            objective latency fast { target p95 <= 400 ms; credit 5% per breach }
            objective latency faster { target p99 <= 900 ms; credit 5% per breach }
            compensation { combine sum }
        }
    """
    contract = c.contract
    if contract.compensation is not None and contract.compensation.combine is not None:
        return
    clauses = [path for path, _, _ in credit_clauses(contract)]
    if len(clauses) > 1:
        yield Finding(
            clauses[1],
            f"{len(clauses)} credit clauses can apply to one period; is the credit their sum "
            "or the largest?",
            ("add 'compensation { combine sum }' or 'combine max'",),
            ((clauses[0], "another credit clause is here"),),
        )


@rule("SLA111", "duplicate-tier", Level.WARNING)
def duplicate_tier(c: Context) -> Iterator[Finding]:
    """Two rows of a credit table have the same bounds.

    A repeated row is either a copy-paste slip or, when the credits differ, a contradiction.

    Bad:
        contract "Twice" {
            objective availability up {
                target >= 99.9%
                credit { [99%, 99.9%) -> 10%; [99%, 99.9%) -> 15%; [0%, 99%) -> 25% }
                                              ^^^^^^^^^^^^^^^^^^^ SLA111
            }
        }

    Good:
        contract "Once" {
            objective availability up {
                target >= 99.9%
                credit { [99%, 99.9%) -> 10%; [0%, 99%) -> 25% }
            }
        }
    """
    for path, credit, _ in _tier_tables(c.contract):
        first_of: dict[Bound, int] = {}
        for k, tier in enumerate(credit.tiers):
            j = first_of.setdefault(tier.bound, k)
            if j < k:
                same = credit.tiers[j].amount == tier.amount
                yield Finding(
                    _tier_path(path, k),
                    f"'{c.words(_tier_path(path, k))}' repeats the bounds of "
                    f"'{c.words(_tier_path(path, j))}'"
                    + ("" if same else " with a different credit"),
                    ("delete one of the two rows",),
                    ((_tier_path(path, j), "the first row with these bounds is here"),),
                )


@rule("SLA112", "partial-credit-unit", Level.WARNING)
def partial_credit_unit(c: Context) -> Iterator[Finding]:
    """A linear credit does not say whether a started unit of downtime counts.

    "5% per 30 minutes down": do 40 minutes earn 5% or 10%? Say `started` (every started unit
    counts) or `completed` (only whole units count).

    Bad:
        contract "Per half hour" {
            objective availability up {
                target >= 99.9%
                credit 5% per 30 minutes down
                ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ SLA112
            }
        }

    Good:
        contract "Per started half hour" {
            objective availability up {
                target >= 99.9%
                credit 5% per 30 minutes down started
            }
        }
    """
    for path, credit, _ in credit_clauses(c.contract):
        if not isinstance(credit, LinearCredit) or not isinstance(credit.per, Duration):
            continue  # a credit pro rata of the period has no units to round
        if credit.counting is None:
            yield Finding(
                path,
                f"'{c.words(path)}': does a started unit of downtime count?",
                ("end the clause with 'started' or 'completed'",),
            )
