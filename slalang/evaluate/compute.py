"""The figures of an evaluation, period by period: each objective measured and credited, support
judged and credited, the caps applied in order, the total and its claim. No report text here:
`assemble.py` turns these results into the `Report`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from fractions import Fraction

from slalang.evaluate.caps import CapLedger
from slalang.evaluate.claims import ClaimResult, judge_claims, payable
from slalang.evaluate.credits import (
    ComputedCredit,
    PeriodFee,
    cap_limit,
    clause_credit,
    combine_credits,
    find_fee,
)
from slalang.evaluate.downtime import derive
from slalang.evaluate.exclusions import objective_excusal
from slalang.evaluate.inputs import EvaluationError, Inputs, Reads
from slalang.evaluate.intervals import to_us
from slalang.evaluate.objectives import (
    NOT_ASSESSED,
    Measurement,
    availability,
    latency,
    success_rate,
)
from slalang.evaluate.periods import PeriodWindow, record_labels
from slalang.evaluate.reading import Unread, describe, kinds, present, unread
from slalang.evaluate.support import Clocks, JudgedSupport, judge_support
from slalang.model import Amount, Cap, Compensation, Contract, Credit, FeeBase, Objective, Support

NOTHING_READ = "no records were read: not assessed"

OwnWindows = dict[str, list[tuple[PeriodWindow, int]]]
"""Each objective's own windows, with the index of the evaluated period each belongs to."""


@dataclass(frozen=True)
class CappedCredit:
    """A credit after its caps, and whether a cap cut it."""

    credit: ComputedCredit
    capped: bool
    owner: str = ""  # the objective's id, or "support"
    fee_known: bool = False  # a fee base was found for it (else a zero credit has no amount)


@dataclass(frozen=True)
class ObjectiveLine:
    """One objective in one of its own windows (and scope, when evaluated per scope)."""

    objective: Objective
    window: PeriodWindow  # the objective's own window
    period: PeriodWindow  # the evaluated period it belongs to: fees and caps
    scope: str | None
    measurement: Measurement
    credit: CappedCredit


@dataclass(frozen=True)
class SupportLine:
    """The support tickets of one evaluated period, judged and credited."""

    period: PeriodWindow
    judged: JudgedSupport
    credit: CappedCredit


@dataclass(frozen=True)
class SupportTotal:
    """Support over every evaluated period: each period's line, and the tickets of all."""

    lines: list[SupportLine]
    tickets: int
    breached: int
    pending: int
    compliance: Fraction  # share of tickets without a breach (1 when there are none)
    required: Fraction
    met: bool  # in every period
    assessed: bool  # False when the evaluation read no record at all
    credit: CappedCredit  # the sum of the periods' credits; capped when any period's was


@dataclass(frozen=True)
class PeriodTotal:
    """The credit of one evaluated period: its lines combined, capped, and its claim."""

    period: PeriodWindow
    combine: str  # sum | max
    parts: int  # how many credits were combined
    credit: ComputedCredit  # zero when below the minimum credit
    capped: bool  # by the total's caps or any line's
    below_minimum: bool
    claim: ClaimResult
    payable: ComputedCredit  # given the claim
    payable_reason: str
    fee_known: bool  # a fee base was found for the period or any of its lines


@dataclass(frozen=True)
class Evaluation:
    """Every figure of the report, in report order."""

    objectives: list[ObjectiveLine]
    support: SupportTotal | None  # None when the contract has no support section
    totals: list[PeriodTotal]
    grand: ComputedCredit  # the sum over the evaluated periods
    capped: bool
    unread: list[Unread]  # records inside the evaluation that nothing read


def compute(
    contract: Contract,
    windows: list[PeriodWindow],
    own: OwnWindows,
    tz: str,
    inputs: Inputs,
    as_of: datetime | None,
    fee: PeriodFee | None,
) -> Evaluation:
    """The evaluation of `contract` over the evaluated periods `windows` (in the zone `tz`).
    `fee` is the fee base where no fee record matches (`--fee`)."""
    return _Computation(contract, tz, inputs, as_of, fee).run(windows, own)


class _Computation:
    """One evaluation's state: the contract's clocks and what each cap has granted so far."""

    def __init__(
        self,
        contract: Contract,
        tz: str,
        inputs: Inputs,
        as_of: datetime | None,
        fee: PeriodFee | None,
    ) -> None:
        self.contract = contract
        self.tz = tz
        self.inputs = inputs
        self.as_of = as_of
        self.fallback = fee
        self.clocks = Clocks(contract)
        self.caps = CapLedger()
        self.reads = Reads()  # every record an objective read

    def run(self, windows: list[PeriodWindow], own: OwnWindows) -> Evaluation:
        objectives: list[ObjectiveLine] = []
        support: list[SupportLine] = []
        totals: list[PeriodTotal] = []
        for index, period in enumerate(windows):
            lines: list[CappedCredit] = []  # every objective line and support
            for objective in self.contract.objectives:
                for window, home in own[objective.id]:
                    if home != index:
                        continue
                    for scope in self._scopes(objective):
                        line = self._objective(objective, window, period, scope)
                        objectives.append(line)
                        lines.append(line.credit)
            support_line = self._support(period)
            if support_line is not None:
                support.append(support_line)
                lines.append(support_line.credit)
            totals.append(self._total(period, lines))
        grand = combine_credits([t.credit for t in totals], "sum")
        capped = any(t.capped for t in totals)
        assessed = self.inputs.read > 0
        unread_records = unread(self.inputs, self.reads, self.contract.support is not None)
        return Evaluation(
            objectives, _support_total(support, assessed), totals, grand, capped, unread_records
        )

    # ---- fees ----------------------------------------------------------------------------------

    def _base(self, credit_base: str | None) -> FeeBase | None:
        bases = self.contract.fee_bases
        if credit_base is not None:
            return next((b for b in bases if b.id == credit_base), None)
        return bases[0] if len(bases) == 1 else None

    def _base_name(self) -> str:
        bases = self.contract.fee_bases
        return bases[0].id if len(bases) == 1 else "fee"

    def _fee(
        self,
        period: PeriodWindow,
        base: str | None,
        objective: str | None,
        services: Sequence[str] = (),
        scope: str | None = None,
    ) -> PeriodFee | None:
        fees, labels = self.inputs.scoped_fees.select(scope), record_labels(period)
        return find_fee(fees, labels, self._base(base), objective, services, scope, self.fallback)

    # ---- objectives ----------------------------------------------------------------------------

    def _scopes(self, objective: Objective) -> list[str | None]:
        if not objective.per_scope:
            return [None]

        inputs, services = self.inputs, objective.services
        found = set().union(
            *(
                index.scopes(services)
                for index in (
                    inputs.scoped_outages,
                    inputs.scoped_counts,
                    inputs.scoped_deployments,
                    inputs.scoped_tallies,
                )
            )
        )
        return [*sorted(found)] if found else [None]

    def _measure(
        self, objective: Objective, window: PeriodWindow, scope: str | None
    ) -> Measurement:
        if not self.inputs.read:
            return Measurement(None, None, True, steps=[NOTHING_READ])
        bounds = (to_us(window.start), to_us(window.end))
        if objective.kind == "availability":
            downtime = derive(self.contract, objective, self.inputs, bounds, scope, self.tz)
            result = availability(objective, downtime, self.inputs, bounds, scope)
        else:
            outages = self.inputs.scoped_outages.select(scope)
            excused = objective_excusal(objective, outages, bounds, scope, self.tz)
            measure = success_rate if objective.kind == "success_rate" else latency
            result = measure(objective, self.inputs, bounds, scope, excused)
        self.reads.update(result.reads)
        result = self._unread(objective, bounds, scope, result)
        if not objective.services:
            result.steps.insert(0, _all_services(self.contract))
        return result

    def _unread(
        self, objective: Objective, bounds: tuple[int, int], scope: str | None, result: Measurement
    ) -> Measurement:
        """`result`, unless the objective read no record: then it is not assessed when its
        services have records of the kinds it measures in the window (it read none of them), or
        when it measures no outages and the contract states no no-data rule."""
        if result.reads.count(self.inputs):
            return result
        groups = present(objective, self.contract, self.inputs, bounds, scope)
        if groups:
            why = (
                f"read none of the {sum(groups.values()):,} record(s) of its services in the "
                f"period ({describe(groups)})"
            )
        elif (
            result.measured is not None
            and "outage" not in kinds(objective, self.contract)
            and objective.missing_data is None
        ):
            why = (
                "no record of its services in the period, and the contract states no no-data "
                "rule ('missing data counts as up', 'down' or 'excluded')"
            )
        else:
            return result
        return Measurement(None, None, True, steps=[why + NOT_ASSESSED], reads=result.reads)

    def _objective(
        self, objective: Objective, window: PeriodWindow, period: PeriodWindow, scope: str | None
    ) -> ObjectiveLine:
        result = self._measure(objective, window, scope)
        parts = []
        for clause in objective.credits:
            fee = self._fee(period, clause.base, objective.id, objective.services, scope)
            parts.append(
                clause_credit(
                    clause,
                    result.measured,
                    result.met,
                    0 if result.met else 1,
                    result.down_us,
                    fee,
                    clause.base or self._base_name(),
                    Fraction(window.length // timedelta(microseconds=1)),
                )
            )
        fee = self._fee(period, None, objective.id, objective.services, scope)
        credit, capped = self.caps.apply(
            (objective.id, scope or ""), objective.caps, combine_credits(parts, "sum"), period, fee
        )
        known = fee is not None or any(
            self._fee(period, c.base, objective.id, objective.services, scope)
            for c in objective.credits
        )
        capped_credit = CappedCredit(credit, capped, objective.id, known)
        return ObjectiveLine(objective, window, period, scope, result, capped_credit)

    # ---- support -------------------------------------------------------------------------------

    def _support(self, period: PeriodWindow) -> SupportLine | None:
        support = self.contract.support
        if support is None:
            return None
        tickets = [t for t in self.inputs.tickets if period.start <= t.opened < period.end]
        reference = period.end if self.as_of is None else min(self.as_of, period.end)
        try:
            judged = judge_support(tickets, support, self.clocks, reference)
        except ValueError as error:
            raise EvaluationError(str(error)) from error
        return SupportLine(period, judged, self._support_credit(judged, period, support))

    def _support_credit(
        self, judged: JudgedSupport, period: PeriodWindow, support: Support
    ) -> CappedCredit:
        parts = [
            self._support_clause(clause, period, judged.compliance, judged.met, judged.breached)
            for clause in support.credits
        ]
        for severity in support.severities:
            breaches = sum(t.breached for t in judged.tickets if t.severity == severity.id)
            parts.extend(
                self._support_clause(clause, period, None, breaches == 0, breaches)
                for clause in severity.credits
            )
        fee = self._fee(period, None, "support")
        credit, capped = self.caps.apply(
            ("support",), support.caps, combine_credits(parts, "sum"), period, fee
        )
        return CappedCredit(credit, capped, "support", fee is not None)

    def _support_clause(
        self,
        clause: Credit,
        period: PeriodWindow,
        measured: Fraction | None,
        met: bool,
        breaches: int,
    ) -> ComputedCredit:
        fee = self._fee(period, clause.base, "support")
        base = clause.base or self._base_name()
        return clause_credit(clause, measured, met, breaches, Fraction(0), fee, base)

    # ---- totals --------------------------------------------------------------------------------

    def _total(self, period: PeriodWindow, lines: list[CappedCredit]) -> PeriodTotal:
        compensation = self.contract.compensation or Compensation()
        combine = compensation.combine or "sum"
        total = combine_credits([line.credit for line in lines], combine)
        fee = self._fee(period, None, None)
        total, capped = self.caps.apply(("total",), compensation.caps, total, period, fee)
        below = _below_minimum(total, compensation.minimum_credit, fee)
        if below:
            total = ComputedCredit(Fraction(0), Fraction(0), total.text)
        labels = record_labels(period)
        claims = [c for c in self.inputs.claims if c.period in labels]
        claim = judge_claims(self.contract, period.end, self.tz, claims, below)
        capped = capped or any(line.capped for line in lines)
        parts = [(line.owner, line.credit) for line in lines]
        paid, reason = payable(total, claim, parts, combine)
        known = fee is not None or any(line.fee_known for line in lines)
        return PeriodTotal(
            period, combine, len(lines), total, capped, below, claim, paid, reason, known
        )


def _all_services(contract: Contract) -> str:
    """What an objective without `service` measures: every service the contract declares."""
    ids = [s.id for s in contract.services]
    if not ids:
        return "every service of the records (the contract declares none)"
    shown = ", ".join(ids[:5]) + (", ..." if len(ids) > 5 else "")
    return f"all {len(ids)} service(s) of the contract ({shown})"


def _support_total(lines: list[SupportLine], assessed: bool) -> SupportTotal | None:
    if not lines:
        return None
    tickets = [t for line in lines for t in line.judged.tickets]
    breached = sum(line.judged.breached for line in lines)
    compliance = Fraction(len(tickets) - breached, len(tickets)) if tickets else Fraction(1)
    credit = combine_credits([line.credit.credit for line in lines], "sum")
    return SupportTotal(
        lines,
        len(tickets),
        breached,
        sum(t.status == "pending" for t in tickets),
        compliance,
        lines[0].judged.required,
        all(line.judged.met for line in lines),
        assessed,
        CappedCredit(
            credit,
            any(line.credit.capped for line in lines),
            "support",
            any(line.credit.fee_known for line in lines),
        ),
    )


def _below_minimum(total: ComputedCredit, minimum: Amount | None, fee: PeriodFee | None) -> bool:
    """Whether a credit owed falls below the contract's minimum credit (then nothing is owed)."""
    if minimum is None or not (total.amount or total.share):
        return False
    share, money = cap_limit(Cap(amount=minimum), fee)
    if money is not None:
        return total.amount is not None and total.amount < money
    return share is not None and total.share is not None and total.share < share
