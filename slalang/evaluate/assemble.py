"""The `Report` of a computed evaluation: the report models, exact figures as text, and the
explanation of each credit."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction

from slalang.diagnostics import Diagnostic
from slalang.evaluate.claims import ClaimResult
from slalang.evaluate.compute import (
    NOTHING_READ,
    Evaluation,
    ObjectiveLine,
    PeriodTotal,
    SupportTotal,
)
from slalang.evaluate.credits import ComputedCredit, combine_credits, money_text, round_money
from slalang.evaluate.inputs import TallyKey
from slalang.evaluate.intervals import US_PER_MINUTE
from slalang.evaluate.measure import decimal_text, percent_text
from slalang.evaluate.objectives import target_text
from slalang.evaluate.periods import PeriodWindow, period_zone
from slalang.evaluate.report import (
    ClaimInfo,
    ContractInfo,
    CreditsInfo,
    Entitled,
    ExcludedRecord,
    InputsInfo,
    ObjectiveResult,
    Payable,
    PeriodCredit,
    PeriodInfo,
    RejectedRecord,
    Report,
    SupportResult,
    TargetResult,
    TicketResult,
    UnreadRecords,
)
from slalang.evaluate.support import JudgedTicket
from slalang.fmt import quantity
from slalang.model import Contract, Rounding


@dataclass(frozen=True)
class Accounting:
    """How the records were read: the reader's rejections next to the evaluation's own count."""

    read: int  # records the evaluation saw
    inside: int  # ... in an evaluated period
    outside: int
    rejected: int  # by the reader
    duplicates: int
    diagnostics: list[Diagnostic]  # why the reader rejected each
    sha256: str
    latency: dict[TallyKey, int]  # latency records per tally, to count what an objective read


@dataclass(frozen=True)
class _Figures:
    """Money and times as the report writes them: the contract's rounding, currency and zone."""

    rounding: Rounding | None
    currency: str | None
    tz: str

    def money(self, value: Fraction | None) -> str | None:
        return None if value is None else str(round_money(value, self.rounding))

    def amount(self, credit: ComputedCredit, fee_known: bool) -> str | None:
        """The credit's money: null when no fee is known, also when nothing is owed."""
        if credit.amount is None or (not fee_known and not credit.amount):
            return None
        return self.money(credit.amount)

    def money_text(self, value: Fraction) -> str:
        return money_text(round_money(value, self.rounding), self.currency or "")

    def time(self, moment: datetime | None) -> str | None:
        return None if moment is None else moment.astimezone(period_zone(self.tz)).isoformat()

    def credit_text(self, credit: ComputedCredit, capped: bool, has_clauses: bool) -> str:
        """How a credit was reached, with its money."""
        if not has_clauses:
            return "no credit clause"
        if not credit.share and not credit.amount:
            return credit.text if credit.text != "no credit" else "no credit"
        text = credit.text
        if credit.amount is not None:
            text += f" = {self.money_text(credit.amount)}"
        elif credit.share is not None:
            text += " (no fee known: pass --fee or add a fee record)"
        return text + (" (capped)" if capped else "")


def assemble(
    contract: Contract,
    windows: list[PeriodWindow],
    tz: str,
    as_of: datetime | None,
    currency: str | None,
    evaluation: Evaluation,
    accounting: Accounting,
    warnings: list[str],
) -> Report:
    """The report of `evaluation` over the evaluated periods `windows` (in zone `tz`)."""
    rounding = contract.compensation.rounding if contract.compensation else None
    figures = _Figures(rounding, currency, tz)
    periods = [_period_credit(total, contract, figures) for total in evaluation.totals]
    excluded = [x for line in evaluation.objectives for x in _excluded(line)]
    unread = [
        UnreadRecords(
            kind=u.kind, service=u.service, operation=u.operation, count=u.count, reason=u.reason
        )
        for u in evaluation.unread
    ]
    return Report(
        contract=ContractInfo(
            name=contract.name,
            version=contract.version,
            sha256=hashlib.sha256(contract.model_dump_json().encode()).hexdigest(),
        ),
        period=PeriodInfo(
            start=windows[0].start.isoformat(),
            end=windows[-1].end.isoformat(),
            timezone=tz,
            labels=[w.label for w in windows],
        ),
        as_of=figures.time(as_of),
        inputs=_inputs_info(accounting, excluded, unread),
        objectives=[
            _objective_result(line, figures, accounting.latency) for line in evaluation.objectives
        ],
        support=_support_result(evaluation.support, contract, figures),
        credits=CreditsInfo(
            total_percent=_percent(evaluation.grand.share) if len(periods) == 1 else None,
            total_amount=figures.amount(
                evaluation.grand, any(t.fee_known for t in evaluation.totals)
            ),
            currency=currency,
            capped=evaluation.capped,
            payable=_grand_payable(evaluation.totals, periods, figures),
            claim=periods[0].claim if len(periods) == 1 else None,
            periods=periods,
        ),
        warnings=[*warnings, *_unread_warnings(unread), *_channel_warnings(evaluation.support)],
    )


def _channel_warnings(total: SupportTotal | None, limit: int = 5) -> list[str]:
    """'ticket 't1': opened through hotline, which the contract does not offer ...'."""
    problems = [
        f"ticket '{ticket.id}': {ticket.channel_problem}"
        for line in (total.lines if total else [])
        for ticket in line.judged.tickets
        if ticket.channel_problem
    ]
    if len(problems) > limit:
        problems[limit - 1 :] = [
            f"... and {len(problems) - limit + 1} more ticket(s) opened through a channel "
            "the contract does not offer"
        ]
    return problems


def _unread_warnings(unread: list[UnreadRecords], limit: int = 5) -> list[str]:
    """'60 counts record(s) of service 'im' operation 'send' match no objective, ...'."""
    lines = [
        f"{u.count:,} {u.kind} record(s)"
        + (f" of service '{u.service}'" if u.service is not None else "")
        + (f" operation '{u.operation}'" if u.operation is not None else "")
        + f" {'are not read: ' if u.kind == 'ticket' else ''}{u.reason}"
        for u in unread
    ]
    if len(lines) > limit:
        lines[limit - 1 :] = [f"... and {len(unread) - limit + 1} more group(s) of unread records"]
    return lines


NO_TICKETS = "no ticket was opened in the period: the support targets are not assessed"


def _status(assessed: bool, met: bool) -> str:
    if not assessed:
        return "not_assessed"
    return "met" if met else "missed"


def _percent(share: Fraction | None) -> str | None:
    return None if share is None else decimal_text(share * 100, 0) + "%"


def _inputs_info(
    accounting: Accounting, excluded: list[ExcludedRecord], unread: list[UnreadRecords]
) -> InputsInfo:
    """read = used + unread + outside_period + excluded + rejected + duplicates."""
    a = accounting
    unique_excluded = {(x.kind, x.id) for x in excluded}
    not_read = sum(u.count for u in unread)
    return InputsInfo(
        read=a.read + a.rejected + a.duplicates,
        used=a.inside - len(unique_excluded) - not_read,
        unread=not_read,
        outside_period=a.outside,
        excluded=len(unique_excluded),
        rejected=a.rejected,
        duplicates=a.duplicates,
        sha256=a.sha256,
        excluded_records=excluded,
        rejected_records=[
            RejectedRecord(
                file=d.span.file if d.span else None,
                line=d.span.line if d.span else None,
                message=d.message,
            )
            for d in a.diagnostics
        ],
        unread_records=unread,
    )


def _objective_result(
    line: ObjectiveLine, figures: _Figures, latency: dict[TallyKey, int]
) -> ObjectiveResult:
    objective, result = line.objective, line.measurement
    credit, capped = line.credit.credit, line.credit.capped
    status = _status(result.measured is not None, result.met)
    steps = [*result.steps, figures.credit_text(credit, capped, bool(objective.credits))]
    return ObjectiveResult(
        id=objective.id,
        kind=objective.kind,
        title=objective.title,
        period=line.window.label,
        scope=line.scope,
        measured=result.display,
        target=target_text(objective),
        status=status,
        reason=result.reason,
        met=status == "met",
        records_read=len(result.reads.spans) + sum(latency[k] for k in result.reads.latency),
        credit_percent=_percent(credit.share),
        credit_amount=figures.amount(credit, line.credit.fee_known),
        capped=capped,
        evidence=result.evidence,
        explanation="; ".join(steps),
    )


def _excluded(line: ObjectiveLine) -> list[ExcludedRecord]:
    return [
        ExcludedRecord(
            id=x.id,
            kind=x.kind,
            period=line.period.label,
            objective=line.objective.id,
            clause=x.clause,
            excluded_minutes=decimal_text(x.excluded_us / US_PER_MINUTE, 0),
            effect=x.effect,
        )
        for x in line.measurement.excluded
    ]


def _support_result(
    total: SupportTotal | None, contract: Contract, figures: _Figures
) -> SupportResult | None:
    if total is None or contract.support is None:
        return None
    support = contract.support
    has_credit = bool(support.credits or any(s.credits for s in support.severities))
    credit, capped = total.credit.credit, total.credit.capped
    comparison = ">=" if total.compliance >= total.required else "<"
    shares = "".join(
        f"; {s.kind} within {s.within} ({s.severity}, {line.period.label}): "
        f"{s.met_tickets} of {s.judged_tickets} ticket(s) "
        f"{'>=' if s.met else '<'} {percent_text(s.required)} required"
        for line in total.lines
        for s in line.judged.shares
    )
    assessed = total.assessed and total.tickets > 0  # no ticket: 0 of 0 judged, nothing met
    status = _status(assessed, total.met)
    unassessed = sum(
        t.status == "not_assessed"
        for line in total.lines
        for ticket in line.judged.tickets
        for t in ticket.targets
    )
    if unassessed:
        shares += (
            f"; {unassessed} escalation target(s) not assessed (tickets without escalation history)"
        )
    explanation = (
        (NOTHING_READ if not total.assessed else NO_TICKETS)
        if not assessed
        else (
            f"{total.tickets} ticket(s), {total.breached} breached, {total.pending} pending; "
            f"compliance {percent_text(total.compliance)} {comparison} "
            f"{percent_text(total.required)} required"
            f"{shares}: {'met' if total.met else 'not met'}; "
            f"{figures.credit_text(credit, capped, has_credit)}"
        )
    )
    return SupportResult(
        tickets=total.tickets,
        breached=total.breached,
        pending=total.pending,
        compliance=percent_text(total.compliance) if assessed else None,
        target=f">= {percent_text(total.required)}",
        status=status,
        met=status == "met",
        credit_percent=_percent(credit.share),
        credit_amount=figures.amount(credit, total.credit.fee_known),
        capped=capped,
        unoffered_channel=sum(
            t.channel_problem is not None for line in total.lines for t in line.judged.tickets
        ),
        escalations_not_assessed=unassessed,
        details=[
            _ticket_result(ticket, line.period.label, figures)
            for line in total.lines
            for ticket in line.judged.tickets
        ],
        explanation=explanation,
    )


def _ticket_result(ticket: JudgedTicket, period: str, figures: _Figures) -> TicketResult:
    return TicketResult(
        id=ticket.id,
        period=period,
        severity=ticket.severity,
        status=ticket.status,
        targets=[
            TargetResult(
                kind=x.kind,
                within=x.within,
                clock=x.clock,
                deadline=figures.time(x.deadline),
                done=figures.time(x.done),
                status=x.status,
                tier=x.tier,
            )
            for x in ticket.targets
        ],
        notes=list(ticket.notes),
    )


def _period_credit(total: PeriodTotal, contract: Contract, figures: _Figures) -> PeriodCredit:
    steps = [f"{total.combine} of {total.parts} credit(s)"]
    minimum = contract.compensation.minimum_credit if contract.compensation else None
    if total.below_minimum and minimum is not None:
        steps.append(f"below the minimum credit {quantity(minimum)}: nothing is owed")
    if total.credit.amount is not None:
        steps.append(f"total {figures.money_text(total.credit.amount)}")
    if total.capped:
        steps.append("capped")
    amount = figures.amount(total.credit, total.fee_known)
    steps.append(f"payable: {total.payable_reason}")
    return PeriodCredit(
        period=total.period.label,
        credit_percent=_percent(total.credit.share),
        credit_amount=amount,
        capped=total.capped,
        claim=_claim_info(total.claim, figures),
        entitled=Entitled(percent=_percent(total.credit.share), amount=amount),
        payable=Payable(
            percent=_percent(total.payable.share),
            amount=figures.amount(total.payable, total.fee_known),
            reason=total.payable_reason,
        ),
        explanation="; ".join(steps),
    )


def _grand_payable(
    totals: list[PeriodTotal], periods: list[PeriodCredit], figures: _Figures
) -> Payable:
    """The payable credit over the evaluated periods."""
    paid = combine_credits([t.payable for t in totals], "sum")
    known = any(t.fee_known for t in totals)
    return Payable(
        percent=_percent(paid.share) if len(totals) == 1 else None,
        amount=figures.amount(paid, known),
        reason=periods[0].payable.reason if len(periods) == 1 else "see each period",
    )


def _claim_info(claim: ClaimResult, figures: _Figures) -> ClaimInfo:
    return ClaimInfo(
        status=claim.status,
        opens=figures.time(claim.opens),
        closes=figures.time(claim.closes),
        channel=claim.channel,
        claim=claim.claim,
        reason=claim.reason,
    )
