"""The evaluation report (`slalang.report/v2`): every field always present, exact decimal strings."""

from __future__ import annotations

import json

from pydantic import BaseModel, ConfigDict, Field

REPORT_VERSION = "slalang.report/v2"


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ContractInfo(_Model):
    name: str
    version: str | None
    sha256: str  # of the contract model's canonical JSON


class PeriodInfo(_Model):
    start: str  # RFC 3339, in the period's zone
    end: str  # exclusive
    timezone: str
    labels: list[str]  # the contract periods evaluated, e.g. ["2026-10"]


class ExcludedRecord(_Model):
    id: str
    kind: str
    period: str
    objective: str
    clause: str
    excluded_minutes: str = Field(
        description="availability: the down time the record excused (weighted, possibly 0); "
        "success rate and latency: the record's time, or the counts interval's length"
    )
    effect: str = Field(
        description="what the record did: 'excused 240 min of down time', 'removed 3 counts "
        "interval(s)', 'removed 12 sample(s)', 'inside the time of outage m1', 'cause customer'"
    )


class UnreadRecords(_Model):
    """Records of one kind, service and operation inside the evaluation that nothing read."""

    kind: str
    service: str | None
    operation: str | None
    count: int
    reason: str


class RejectedRecord(_Model):
    file: str | None
    line: int | None
    message: str


class InputsInfo(_Model):
    """read = used + unread + outside_period + excluded + rejected + duplicates."""

    read: int
    used: int
    unread: int = Field(
        description="records inside the evaluated periods that no objective, condition, "
        "exclusion or support block read (listed in unread_records)"
    )
    outside_period: int
    excluded: int
    rejected: int
    duplicates: int  # the same record again (same id, same content): read, used once
    sha256: str
    excluded_records: list[ExcludedRecord]
    rejected_records: list[RejectedRecord]
    unread_records: list[UnreadRecords]


class ObjectiveResult(_Model):
    id: str
    kind: str
    title: str | None
    period: str
    scope: str | None
    measured: str | None  # "99.000%", "350 ms"; None when not assessed (e.g. below minimum volume)
    target: str
    status: str  # met | missed | not_assessed (nothing to measure: no records, too few)
    reason: str | None = Field(
        description="why the objective is not_assessed (e.g. it read none of the records of "
        "its services); null when it is met or missed"
    )
    met: bool  # status == "met"
    records_read: int = Field(
        description="the records the objective considered in this period and scope, whatever "
        "their fate (counted, dropped by a rule, excluded)"
    )
    credit_percent: str | None
    credit_amount: str | None
    capped: bool
    evidence: list[str]
    explanation: str


class TargetResult(_Model):
    kind: str  # respond | resolve | escalate
    within: str  # a length, or "best effort"
    clock: str
    deadline: str | None
    done: str | None
    # met | breached | pending | best_effort; an escalation also not_needed | not_assessed
    status: str
    tier: str | None = None  # the tier an escalation moves the ticket up to


class TicketResult(_Model):
    id: str
    period: str
    severity: str
    status: str  # met | breached | pending | not_assessed (an escalation without history)
    targets: list[TargetResult]
    notes: list[str]


class SupportResult(_Model):
    tickets: int
    breached: int
    pending: int
    compliance: str | None
    target: str | None
    status: str  # met | missed | not_assessed (no record read at all, or no ticket opened)
    met: bool  # status == "met"
    credit_percent: str | None
    credit_amount: str | None
    capped: bool
    # tickets opened through a channel the contract does not offer for their severity and plan
    unoffered_channel: int
    escalations_not_assessed: int  # escalation targets of tickets without escalation history
    details: list[TicketResult]
    explanation: str


class ClaimInfo(_Model):
    status: str  # claimable | premature | expired | wrong_channel | below_minimum | none
    opens: str | None
    closes: str | None
    channel: str | None
    claim: str | None
    reason: str


class Entitled(_Model):
    """What the service levels give: the credit after caps and the minimum credit."""

    percent: str | None  # of the fee base; null when it is not known
    amount: str | None  # null when no fee is known (also when nothing is owed)


class Payable(_Model):
    """What is payable of the entitled credit given the claims filed, and why."""

    percent: str | None
    amount: str | None
    reason: str


class PeriodCredit(_Model):
    period: str
    credit_percent: str | None  # = entitled.percent
    credit_amount: str | None  # = entitled.amount
    capped: bool
    claim: ClaimInfo
    entitled: Entitled
    payable: Payable
    explanation: str


class CreditsInfo(_Model):
    total_percent: str | None  # entitled, of the fee base; null over several periods
    total_amount: str | None  # entitled; null when no fee is known
    currency: str | None
    capped: bool
    payable: Payable = Field(
        description="what is payable over the evaluated periods given the claims: the sum of "
        "each period's payable credit, with the reason (of the period, or 'see each period')"
    )
    claim: ClaimInfo | None  # the claim of the period; None when several periods are evaluated
    periods: list[PeriodCredit]


class Report(_Model):
    version: str = REPORT_VERSION
    contract: ContractInfo
    period: PeriodInfo
    as_of: str | None
    inputs: InputsInfo
    objectives: list[ObjectiveResult]
    support: SupportResult | None
    credits: CreditsInfo
    warnings: list[str]  # what the reader should know first: no records read, periods left out

    @property
    def breached(self) -> bool:
        """Whether any objective or the support compliance was missed."""
        return any(o.status == "missed" for o in self.objectives) or (
            self.support is not None and self.support.status == "missed"
        )

    def to_json(self) -> str:
        # json.dumps, not model_dump_json: a file name that is not UTF-8 reaches the report as a
        # lone surrogate, which pydantic's serialiser refuses and JSON can still escape.
        return json.dumps(self.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"
