"""SLA4xx: exclusions, claims and remedies."""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction
from typing import Literal

from slalang.diagnostics import Level
from slalang.lint.context import Context, Finding
from slalang.lint.exact import DAY, HOUR, fraction_text, period_days
from slalang.lint.registry import rule
from slalang.model import (
    BusinessDuration,
    CalendarSpan,
    ClaimOffset,
    Contract,
    Duration,
    MaintenanceExclusion,
    Objective,
    OutageCondition,
    Percent,
    Period,
    RollingPeriod,
)
from slalang.source import ModelPath
from slalang.walk import credit_clauses, objective_leaves, objective_period


def _maintenance(c: Contract) -> Iterator[tuple[ModelPath, MaintenanceExclusion, Objective]]:
    for i, o in enumerate(c.objectives):
        for j, ex in enumerate(o.exclusions):
            if isinstance(ex, MaintenanceExclusion):
                yield ("objectives", i, "exclusions", j), ex, o


@rule("SLA401", "maintenance-without-notice", Level.WARNING, min_notice_hours=0)
def maintenance_without_notice(c: Context) -> Iterator[Finding]:
    """Maintenance is excluded with no notice period, or with less notice than required.

    If maintenance needs no announcement, any outage can be called maintenance after the fact.
    Say `announced at least 48 hours ahead`. The option `min-notice-hours` (default 0) also
    flags notice shorter than that many hours.

    Bad:
        contract "Any time" {
            objective availability up {
                target >= 99.9%
                exclude maintenance at most 4 hours per period
                ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ SLA401
            }
        }

    Good:
        contract "Announced" {
            objective availability up {
                target >= 99.9%
                exclude maintenance announced at least 48 hours ahead at most 4 hours per period
            }
        }
    """
    minimum = Fraction(c.options.get("min_notice_hours", 0)) * HOUR
    for path, ex, _ in _maintenance(c.contract):
        if ex.notice is None:
            yield Finding(
                path,
                f"'{c.words(path)}': maintenance needs no announcement, so any outage can be "
                "called maintenance",
                ("add 'announced at least 48 hours ahead'",),
            )
        elif ex.notice.seconds < minimum:
            yield Finding(
                (*path, "notice"),
                f"'{c.words((*path, 'notice'))}' is less notice than the "
                f"{fraction_text(minimum / HOUR)} hours required",
                (f"require at least {fraction_text(minimum / HOUR)} hours of notice",),
            )


@rule("SLA402", "maintenance-without-maximum", Level.WARNING)
def maintenance_without_maximum(c: Context) -> Iterator[Finding]:
    """Maintenance is excluded with no maximum.

    Unlimited announced maintenance lets the provider announce its way out of any month. Say
    `at most 8 hours per period`.

    Bad:
        contract "Unlimited" {
            objective availability up {
                target >= 99.9%
                exclude maintenance announced at least 48 hours ahead
                ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ SLA402
            }
        }

    Good:
        contract "Limited" {
            objective availability up {
                target >= 99.9%
                exclude maintenance announced at least 48 hours ahead at most 4 hours per period
            }
        }
    """
    for path, ex, _ in _maintenance(c.contract):
        if ex.maximum is None:
            yield Finding(
                path,
                f"'{c.words(path)}' has no maximum, so any amount of downtime can be excused",
                ("add 'at most 8 hours per period'",),
            )


def _excludable_days(ex: MaintenanceExclusion, period: Period) -> Fraction | None:
    """Maintenance (days) that can surely be excluded in every period."""
    if ex.maximum is None:
        return None
    amount = ex.maximum.seconds / DAY
    window = ex.maximum_per
    shortest, _ = period_days(period)
    if window is None or window == "period":
        return amount
    if isinstance(window, CalendarSpan):
        same = not isinstance(period, RollingPeriod) and window.unit == period.unit
        return amount if same and window.value == 1 else None
    if window.seconds == 0:
        return None
    whole_windows = shortest // (window.seconds / DAY)
    return amount * whole_windows


@rule("SLA403", "exclusions-cover-target", Level.ERROR)
def exclusions_cover_target(c: Context) -> Iterator[Finding]:
    """The allowed downtime plus the excludable maintenance covers the whole period.

    99.9% of a 31-day month allows 44.64 minutes of downtime. If the maintenance that may be
    excluded in a period, plus that allowance, is as long as the period itself, the objective can
    never be missed. Computed exactly on the longest period the contract allows, for
    availability objectives (a success rate's target is a share of items, not of time).

    Bad:
        contract "Never missed" {
            timezone "UTC"
            period calendar month
            objective availability up {
                target >= 50%
                exclude maintenance announced at least 48 hours ahead at most 16 days per period
                                                                              ^^^^^^^ SLA403
            }
        }

    Good:
        contract "Can be missed" {
            timezone "UTC"
            period calendar month
            objective availability up {
                target >= 50%
                exclude maintenance announced at least 48 hours ahead at most 8 hours per period
            }
        }
    """
    contract = c.contract
    for path, ex, o in _maintenance(contract):
        period = objective_period(contract, o)
        if o.kind != "availability" or o.target is None or not isinstance(o.target.value, Percent):
            continue  # a share of time: a success rate's target is a share of items
        if period is None:
            continue
        excludable = _excludable_days(ex, period)
        if excludable is None:
            continue
        _, longest = period_days(period)
        share = o.target.value.fraction
        allowed = (1 - share) * longest
        if excludable + allowed >= longest:
            yield Finding(
                (*path, "maximum"),
                f"'{c.words((*path, 'maximum'))}' of maintenance plus the "
                f"{fraction_text(allowed * 24 * 60)} minutes that {o.target.value.value}% of a "
                f"{fraction_text(longest)}-day period allows cover the whole period: "
                f"'{c.words(('objectives', path[1], 'target'))}' can never be missed",
                ("lower the maintenance maximum",),
                ((("objectives", path[1], "target"), "the target is here"),),
            )


CompensationTerm = Literal["claim", "form", "minimum_credit", "rounding"]


def unstated_term(c: Context, term: CompensationTerm, message: str, hint: str) -> Iterator[Finding]:
    """A finding where the missing term belongs when the contract promises credits and its
    `compensation` does not state `term`: on the `compensation` block, else on the contract's
    first line, with the first credit clause as related."""
    first = next((path for path, _, _ in credit_clauses(c.contract)), None)
    compensation = c.contract.compensation
    if first is not None and (compensation is None or getattr(compensation, term) is None):
        where: ModelPath = ("compensation",) if compensation is not None else ()
        yield Finding(where, message, (hint,), ((first, "a credit is promised here"),))


@rule("SLA404", "no-claim-window", Level.WARNING)
def no_claim_window(c: Context) -> Iterator[Finding]:
    """Credits are promised with no claim window.

    When must a credit be claimed, and how? Without a window, the provider may refuse late
    claims and the customer does not know the deadline. Say
    `claim from period end to 30 days after period end via "support portal"`.

    Reported on the `compensation` block, else (no block) on the contract's first line;
    to accept the omission, write `# slalang: disable-next-line=SLA404 -- reason` above
    `compensation {` (else above `contract`).

    Bad:
        contract "Claim whenever" {
        ^^^^^^^^^^^^^^^^^^^^^^^^^^^ SLA404
            objective latency fast { target p95 <= 400 ms; credit 5% per breach }
        }

    Good:
        contract "Claim within 30 days" {
            objective latency fast { target p95 <= 400 ms; credit 5% per breach }
            compensation { claim from period end to 30 days after period end }
        }
    """
    yield from unstated_term(
        c,
        "claim",
        "credits are promised, but the contract has no claim window",
        "add 'compensation { claim from period end to 30 days after period end }'",
    )


@rule("SLA405", "no-credit-form", Level.WARNING)
def no_credit_form(c: Context) -> Iterator[Finding]:
    """Credits are promised without saying how they are paid.

    An invoice credit, a voucher and a refund are worth different things to a customer. Say
    `form invoice_credit` (or voucher, service_credit, refund).

    Reported on the `compensation` block, else (no block) on the contract's first line;
    to accept the omission, write `# slalang: disable-next-line=SLA405 -- reason` above
    `compensation {` (else above `contract`).

    Bad:
        contract "Paid somehow" {
        ^^^^^^^^^^^^^^^^^^^^^^^^^ SLA405
            objective latency fast { target p95 <= 400 ms; credit 5% per breach }
        }

    Bad:
        contract "Summed, paid somehow" {
            objective latency fast { target p95 <= 400 ms; credit 5% per breach }
            compensation { combine sum }
            ^^^^^^^^^^^^^^^^^^^^^^^^^^^^ SLA405
        }

    Good:
        contract "Paid on the invoice" {
            objective latency fast { target p95 <= 400 ms; credit 5% per breach }
            compensation { form invoice_credit }
        }
    """
    yield from unstated_term(
        c,
        "form",
        "credits are promised, but not in what form they are paid",
        "add 'compensation { form invoice_credit }'",
    )


@rule("SLA406", "no-minimum-credit", Level.INFO)
def no_minimum_credit(c: Context) -> Iterator[Finding]:
    """Credits are promised with no minimum amount.

    Many SLAs pay no credit below a minimum (e.g. 100 USD) to save processing small claims.
    If there is none, say so by writing `minimum credit 0 USD`.

    Reported on the `compensation` block, else (no block) on the contract's first line;
    to accept the omission, write `# slalang: disable-next-line=SLA406 -- reason` above
    `compensation {` (else above `contract`).

    Bad:
        contract "Any amount" {
        ^^^^^^^^^^^^^^^^^^^^^^^ SLA406
            objective latency fast { target p95 <= 400 ms; credit 5% per breach }
        }

    Good:
        contract "At least 100 USD" {
            currency USD
            objective latency fast { target p95 <= 400 ms; credit 5% per breach }
            compensation { minimum credit 100 USD }
        }
    """
    yield from unstated_term(
        c,
        "minimum_credit",
        "credits are promised, but no minimum credit is stated",
        "add 'compensation { minimum credit 100 USD }', or 'minimum credit 0 USD'",
    )


@rule("SLA407", "conflicting-remedies", Level.ERROR)
def conflicting_remedies(c: Context) -> Iterator[Finding]:
    """Credits are both the "sole and exclusive remedy" and "without prejudice to other remedies".

    The two clauses contradict each other: one bars damages beyond the credits, the other keeps
    them. Keep one `remedy`.

    Bad:
        contract "Both" {
            compensation { remedy sole; remedy cumulative }
                                        ^^^^^^^^^^^^^^^^^ SLA407
        }

    Good:
        contract "Sole" {
            compensation { remedy sole }
        }
    """
    compensation = c.contract.compensation
    if compensation is None:
        return
    remedies = compensation.remedies
    if "sole" in remedies and "cumulative" in remedies:
        sole, cumulative = remedies.index("sole"), remedies.index("cumulative")
        later, earlier = max(sole, cumulative), min(sole, cumulative)
        yield Finding(
            ("compensation", "remedies", later),
            "credits cannot be both the sole remedy and without prejudice to other remedies",
            ("keep one 'remedy' clause",),
            ((("compensation", "remedies", earlier), "the other remedy clause is here"),),
        )


def _offset(offset: ClaimOffset) -> tuple[Fraction, str] | None:
    """An offset after the period end, and its clock: "wall" (days) or the business unit."""
    after = offset.after
    if after is None:
        return Fraction(0), "wall"
    if isinstance(after, Duration):
        return after.seconds / DAY, "wall"
    if isinstance(after, BusinessDuration):
        return Fraction(after.value), after.unit
    return None


@rule("SLA408", "empty-claim-window", Level.ERROR)
def empty_claim_window(c: Context) -> Iterator[Finding]:
    """The claim window closes before (or when) it opens.

    `claim from 30 days after period end to 10 days after period end` can never be met. A
    business day lasts at least a calendar day, so `10 business days` ends no earlier than
    `10 days`.

    Bad:
        contract "Closed window" {
            compensation { claim from 30 days after period end to 10 days after period end }
                           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ SLA408
        }

    Good:
        contract "Open window" {
            compensation { claim from 10 days after period end to 30 days after period end }
        }
    """
    compensation = c.contract.compensation
    claim = compensation.claim if compensation else None
    if claim is None:
        return
    opens, closes = _offset(claim.opens), _offset(claim.closes)
    if opens is None or closes is None:
        return
    (start, start_clock), (end, end_clock) = opens, closes
    # Business days last at least a day: a business-day start is no earlier than its figure.
    comparable = start_clock == end_clock or (end_clock == "wall" and start_clock == "days")
    if comparable and start >= end:
        yield Finding(
            ("compensation", "claim"),
            f"'{c.words(('compensation', 'claim'))}': the window closes before it opens",
            ("the second offset must be later than the first",),
        )


@rule("SLA409", "maintenance-counts-as-down", Level.INFO)
def maintenance_counts_as_down(c: Context) -> Iterator[Finding]:
    """An outage condition names impacts without `maintenance`, yet maintenance records count as down.

    Under any outage condition, an outage record of impact `maintenance` is down time: a
    provider cannot escape an outage by labelling it maintenance, and the maintenance exclusion
    decides which maintenance is excused. So `down when outage impact major_outage` still counts
    maintenance records. When the objective has neither an `exclude maintenance` clause nor a
    `weight maintenance`, say which is meant: `weight maintenance 0%` to leave maintenance out,
    or an exclusion to excuse announced maintenance.

    Bad:
        contract "Major outages only" {
            objective availability up {
                down when outage impact major_outage
                ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ SLA409
                target >= 99.9%
            }
        }

    Good:
        contract "Major outages only, said so" {
            objective availability up {
                down when outage impact major_outage
                weight maintenance 0%
                target >= 99.9%
            }
        }
    """
    contract = c.contract
    for i, (o, leaves) in enumerate(
        zip(contract.objectives, objective_leaves(contract), strict=True)
    ):
        if o.kind != "availability" or any(w.impact == "maintenance" for w in o.weights):
            continue
        if any(isinstance(ex, MaintenanceExclusion) for ex in o.exclusions):
            continue
        named = [x for x in leaves if isinstance(x, OutageCondition) and x.impacts]
        if named and all("maintenance" not in x.impacts for x in named):
            path: ModelPath = ("objectives", i, "down_when")
            yield Finding(
                path,
                f"'{c.words(path)}' names no maintenance, yet maintenance records count as down "
                "under any outage condition",
                (
                    "add 'weight maintenance 0%' to leave maintenance out, or 'exclude "
                    "maintenance announced at least 48 hours ahead ...' to excuse announced "
                    "maintenance",
                ),
            )
