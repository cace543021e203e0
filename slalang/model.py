"""The contract model: frozen pydantic v2 models, with no source positions inside.

Positions live in the SourceMap (see `slalang.syntax.lower`), keyed by the same paths that
pydantic uses for error locations, e.g. ``("objectives", 0, "target")``.
Every number is a `Decimal` so that thresholds, tiers and amounts compare exactly.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, time
from decimal import Decimal
from fractions import Fraction
from typing import Annotated, ClassVar, Literal, Self, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

# ---- enumerations -------------------------------------------------------------------------
# Every set of words the language knows is declared here, once. The lowering takes its word
# tables, "did you mean" candidates and messages from these types (through `words`), and
# tests/test_grammar.py checks the grammar's keyword terminals against them.

Comparator = Literal[">=", "<=", "==", ">", "<"]
Operator = Literal["+", "-", "*", "/"]
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
Impact = Literal["major_outage", "partial_outage", "degraded_performance", "maintenance", "none"]
DurationUnit = Literal["milliseconds", "seconds", "minutes", "hours", "days", "weeks"]
BusinessUnit = Literal["hours", "days"]
CalendarUnit = Literal["months", "quarters", "years"]
Metric = Literal["error_rate", "success_rate", "users_affected", "latency"]
ObjectiveKind = Literal["availability", "success_rate", "latency"]
FormulaVariable = Literal[
    "period", "down", "excluded", "maintenance", "deployed", "good", "failed", "total"
]
FeeExclusion = Literal["vouchers"]
SliceRule = Literal["down", "up", "proportional"]  # how a partly down slice counts
MissingDataRule = Literal["up", "down", "excluded"]
AggregationMethod = Literal["pooled", "mean"]
DenominatorWord = Literal["period", "deployed"]
# "failed": excluded items were failures that do not count as failures (they stay in total)
CountName = Literal["good", "total", "failed"]
PercentileMethod = Literal["nearest_rank", "linear"]
TieBreak = Literal["most_severe", "first"]
Counting = Literal["started", "completed"]
SupportTargetKind = Literal["respond", "resolve"]
# How a customer reaches support: a ticket queue, online chat, a dedicated group (a shared chat
# room with the vendor), a named technical contact, an account manager, a telephone hotline.
ChannelKind = Literal[
    "ticket_queue", "chat", "dedicated_group", "technical_contact", "account_manager", "hotline"
]
# The tiers an unresolved ticket moves up to, in order: senior engineers, the vendor's
# engineering team, its management (first-line support is where every ticket starts).
EscalationTier = Literal["senior_engineer", "engineering", "management"]
Party = Literal["customer", "provider", "mutual"]
SeverityChangeRule = Literal["initial", "highest", "final"]
AutomatedResponseRule = Literal["count", "ignored"]
PauseRule = Literal["honoured", "ignored"]
CombinationRule = Literal["sum", "max"]
RoundingMode = Literal["half_even", "half_up", "half_down", "up", "down"]
CreditForm = Literal["invoice_credit", "voucher", "service_credit", "refund"]
Remedy = Literal["sole", "cumulative"]


def words(enumeration: object) -> tuple[str, ...]:
    """The words of an enumeration declared above, in the order it declares them."""
    return get_args(enumeration)


WEEKDAYS: tuple[Weekday, ...] = get_args(Weekday)
STATISTIC = re.compile(r"^(p\d+|mean|max)$")
STATISTIC_EXAMPLES = "p50, p95, p99, p999, mean or max"  # how messages describe `STATISTIC`

MILLISECONDS_PER_UNIT: dict[DurationUnit, int] = {
    "milliseconds": 1,
    "seconds": 1000,
    "minutes": 60_000,
    "hours": 3_600_000,
    "days": 86_400_000,
    "weeks": 604_800_000,
}


class Node(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


# ---- quantities ---------------------------------------------------------------------------


class Percent(Node):
    type: Literal["percent"] = "percent"
    value: Decimal

    @property
    def fraction(self) -> Fraction:
        return Fraction(self.value) / 100


class Number(Node):
    """A bare number: legal in the grammar, flagged by the linter where a unit is expected."""

    type: Literal["number"] = "number"
    value: Decimal


class Duration(Node):
    """A fixed length of time. Never converted to or from calendar units."""

    type: Literal["duration"] = "duration"
    value: Decimal
    unit: DurationUnit

    @property
    def seconds(self) -> Fraction:
        return Fraction(self.value) * MILLISECONDS_PER_UNIT[self.unit] / 1000


class BusinessDuration(Node):
    """Time counted only while a business-hours calendar is open."""

    type: Literal["business_duration"] = "business_duration"
    value: Decimal
    unit: BusinessUnit


class CalendarSpan(Node):
    """Months, quarters or years: lengths that depend on the calendar."""

    type: Literal["calendar_span"] = "calendar_span"
    value: int
    unit: CalendarUnit


class Money(Node):
    type: Literal["money"] = "money"
    amount: Decimal
    currency: str


class Units(Node):
    """Service units (messages, minutes of calls) given as credit."""

    type: Literal["units"] = "units"
    value: Decimal


def magnitude(q: object) -> Fraction | None:
    """The size of a quantity as an exact number, for comparing two quantities of one type.

    A `Percent` gives its percent points (99.9% -> 999/10), a `Number` or `Units` its value, a
    `Duration` its length in seconds and `Money` its amount (the currency is not checked). None
    for a `BusinessDuration` or a `CalendarSpan`, whose length depends on a calendar, and for
    anything that is not one of these quantities. Never raises.
    """
    if isinstance(q, (Percent, Number, Units)):
        return Fraction(q.value)
    if isinstance(q, Duration):
        return q.seconds
    if isinstance(q, Money):
        return Fraction(q.amount)
    return None


Length = Annotated[Duration | BusinessDuration | CalendarSpan, Field(discriminator="type")]
Quantity = Annotated[
    Percent | Number | Duration | BusinessDuration | CalendarSpan | Money,
    Field(discriminator="type"),
]
Amount = Annotated[Percent | Money | Units, Field(discriminator="type")]


# ---- identity, periods, calendars ---------------------------------------------------------


class DateRange(Node):
    start: date
    end: date | None = None  # inclusive
    _reversed: ClassVar[str] = "the range ends before it starts"  # the error when end < start

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.end is not None and self.end < self.start:
            raise ValueError(self._reversed)
        return self


class Effective(DateRange):  # the dates the contract is in force
    _reversed: ClassVar[str] = "the effective end date is before the start date"


class FeeBase(Node):
    id: str
    title: str | None = None
    excluding: FeeExclusion | None = None


class _PeriodCommon(Node):
    timezone: str | None = None
    prorated: bool = False


class CalendarPeriod(_PeriodCommon):
    type: Literal["calendar"] = "calendar"
    unit: CalendarUnit


class AnniversaryPeriod(_PeriodCommon):
    type: Literal["anniversary"] = "anniversary"
    unit: CalendarUnit
    anchor: date


class RollingPeriod(_PeriodCommon):
    type: Literal["rolling"] = "rolling"
    length: Duration


Period = Annotated[CalendarPeriod | AnniversaryPeriod | RollingPeriod, Field(discriminator="type")]


class DayRange(Node):
    first: Weekday
    last: Weekday | None = None


class OpenHours(Node):
    """Local opening hours on some weekdays; `end` "24:00" is the midnight that ends the day."""

    days: tuple[DayRange, ...]
    start: time
    end: time | Literal["24:00"]

    @model_validator(mode="after")
    def _ordered(self) -> OpenHours:
        if self.end != "24:00" and self.end <= self.start:
            raise ValueError("opening hours must end after they start on the same day")
        return self


class Calendar(Node):
    id: str
    title: str | None = None
    timezone: str | None = None
    open: tuple[OpenHours, ...] = ()
    holidays: str | None = None
    closed: tuple[DateRange, ...] = ()


class Service(Node):
    id: str
    title: str | None = None


# ---- downtime conditions ------------------------------------------------------------------


class AllOf(Node):
    type: Literal["all_of"] = "all_of"
    conditions: tuple[Condition, ...]


class AnyOf(Node):
    type: Literal["any_of"] = "any_of"
    conditions: tuple[Condition, ...]


class KOf(Node):
    type: Literal["k_of"] = "k_of"
    k: int = Field(ge=1)
    conditions: tuple[Condition, ...]

    @model_validator(mode="after")
    def _k_fits(self) -> KOf:
        if self.k > len(self.conditions):
            raise ValueError(f"'at least {self.k}' of only {len(self.conditions)} conditions")
        return self


class Quorum(Node):
    type: Literal["quorum"] = "quorum"
    k: int = Field(ge=1)
    condition: Condition


class OutageCondition(Node):
    type: Literal["outage"] = "outage"
    impacts: tuple[Impact, ...] = ()


class MetricCondition(Node):
    type: Literal["metric"] = "metric"
    operation: str | None = None
    metric: Metric
    statistic: str | None = None
    comparator: Comparator
    threshold: Quantity

    @field_validator("statistic")
    @classmethod
    def _statistic(cls, value: str | None) -> str | None:
        if value is not None and not STATISTIC.match(value):
            raise ValueError(f"a statistic is {STATISTIC_EXAMPLES}")
        return value


class DowntimeRef(Node):
    type: Literal["ref"] = "ref"
    name: str


Condition = Annotated[
    AllOf | AnyOf | KOf | Quorum | OutageCondition | MetricCondition | DowntimeRef,
    Field(discriminator="type"),
]


class Downtime(Node):
    id: str
    title: str | None = None
    condition: Condition


# ---- formulas -----------------------------------------------------------------------------


class Constant(Node):
    type: Literal["constant"] = "constant"
    value: Decimal


class Variable(Node):
    type: Literal["variable"] = "variable"
    name: FormulaVariable


class BinaryOp(Node):
    type: Literal["binary"] = "binary"
    op: Operator
    left: Expr
    right: Expr


Expr = Annotated[Constant | Variable | BinaryOp, Field(discriminator="type")]


# ---- objectives ---------------------------------------------------------------------------


class MinimumVolume(Node):
    count: int = Field(ge=0)
    noun: str | None = None


class Weight(Node):
    impact: Impact
    share: Percent


class Aggregate(Node):
    method: AggregationMethod
    per: Duration | None = None


class Target(Node):
    statistic: str | None = None
    comparator: Comparator
    value: Quantity

    @field_validator("statistic")
    @classmethod
    def _statistic(cls, value: str | None) -> str | None:
        return MetricCondition._statistic(value)


class MaintenanceExclusion(Node):
    type: Literal["maintenance"] = "maintenance"
    notice: Duration | None = None
    maximum: Duration | None = None
    maximum_per: Window | None = None


class CauseExclusion(Node):
    type: Literal["cause"] = "cause"
    causes: tuple[str, ...]


class FlaggedExclusion(Node):
    type: Literal["flagged"] = "flagged"


Exclusion = Annotated[
    MaintenanceExclusion | CauseExclusion | FlaggedExclusion, Field(discriminator="type")
]


class Interval(Node):
    type: Literal["interval"] = "interval"
    lower: Quantity
    upper: Quantity
    lower_closed: bool
    upper_closed: bool


class OneSided(Node):
    type: Literal["one_sided"] = "one_sided"
    comparator: Comparator
    value: Quantity


Bound = Annotated[Interval | OneSided, Field(discriminator="type")]


class Tier(Node):
    bound: Bound
    amount: Amount


class TierCredit(Node):
    type: Literal["tiers"] = "tiers"
    base: str | None = None
    tiers: tuple[Tier, ...]
    apply: TieBreak | None = None


class LinearCredit(Node):
    type: Literal["linear"] = "linear"
    amount: Amount
    base: str | None = None
    per: Duration | Literal["period"]  # "period": the credit is pro rata of the period's length
    counting: Counting | None = None


class BreachCredit(Node):
    type: Literal["per_breach"] = "per_breach"
    amount: Amount
    base: str | None = None


Credit = Annotated[TierCredit | LinearCredit | BreachCredit, Field(discriminator="type")]

Window = Annotated[Literal["period"] | CalendarSpan | Duration, Field(union_mode="smart")]


class Cap(Node):
    amount: Amount
    base: str | None = None
    per: Window = "period"


class Objective(Node):
    kind: ObjectiveKind
    id: str
    title: str | None = None
    services: tuple[str, ...] = ()
    # The `operation` of the records a success_rate or latency objective reads; () means the
    # records without an operation and those whose operation is the objective's id.
    operations: tuple[str, ...] = ()
    period: Period | None = None
    per_scope: bool = False
    down_when: Condition | None = None
    slice: Duration | Literal["exact"] | None = None
    partial_slices: SliceRule | None = None
    minimum_run: Duration | None = None
    minimum_volume: MinimumVolume | None = None
    missing_data: MissingDataRule | None = None
    weights: tuple[Weight, ...] = ()
    aggregate: Aggregate | None = None
    formula: Expr | None = None
    denominator: DenominatorWord | Duration | None = None
    remove_excluded: tuple[CountName, ...] = ()
    percentile: PercentileMethod | None = None
    target: Target | None = None
    exclusions: tuple[Exclusion, ...] = ()
    credits: tuple[Credit, ...] = ()
    caps: tuple[Cap, ...] = ()
    quotes: tuple[str, ...] = ()


# ---- support ------------------------------------------------------------------------------


class SupportTarget(Node):
    kind: SupportTargetKind
    within: Length | None  # None: "best effort", stated as such: no deadline
    clock: Literal["24x7"] | str | None = None  # "24x7" or the id of a calendar
    plan: str | None = None
    # The target holds for the period when at least this share of the severity's tickets meet it
    # ("95% of critical requests are solved in 2 hours"); None: every ticket must meet it.
    share: Percent | None = None

    @model_validator(mode="after")
    def _best_effort_alone(self) -> Self:
        if self.within is None and (self.clock is not None or self.share is not None):
            raise ValueError("a best-effort target has no clock and no share of tickets")
        return self


class Escalation(Node):
    """An unresolved ticket moves up to `tier` within `within` of its opening."""

    tier: EscalationTier
    within: Length
    clock: Literal["24x7"] | str | None = None  # as a target's clock
    plan: str | None = None


class Severity(Node):
    id: str
    title: str | None = None
    means: str | None = None
    targets: tuple[SupportTarget, ...] = ()
    escalations: tuple[Escalation, ...] = ()
    coverage_on_request: bool = False
    credits: tuple[Credit, ...] = ()


class Compliance(Node):
    share: Percent | None = None  # None: every ticket must meet its target


class Channel(Node):
    """A way to reach support, staffed on `clock`, for some severities (none: all) and a plan."""

    kind: ChannelKind
    title: str | None = None
    clock: Literal["24x7"] | str | None = None  # as a target's clock
    severities: tuple[str, ...] = ()
    plan: str | None = None


class Support(Node):
    calendar: str | None = None
    severity_assigned_by: Party | None = None
    severity_taken_as: SeverityChangeRule | None = None
    automated_responses: AutomatedResponseRule | None = None
    pauses: PauseRule | None = None
    channels: tuple[Channel, ...] = ()
    severities: tuple[Severity, ...] = ()
    compliance: Compliance | None = None
    credits: tuple[Credit, ...] = ()
    caps: tuple[Cap, ...] = ()
    quotes: tuple[str, ...] = ()


# ---- compensation -------------------------------------------------------------------------


class Rounding(Node):
    mode: RoundingMode
    precision: Decimal = Field(gt=0)


class ClaimOffset(Node):
    """`after` past the period end; None means the period end itself."""

    after: Length | None = None


class ClaimTerms(Node):
    opens: ClaimOffset
    closes: ClaimOffset
    calendar: str | None = None  # the calendar business-day offsets count on
    channel: str | None = None


class Compensation(Node):
    combine: CombinationRule | None = None
    caps: tuple[Cap, ...] = ()
    minimum_credit: Amount | None = None
    rounding: Rounding | None = None
    form: CreditForm | None = None
    claim: ClaimTerms | None = None
    remedies: tuple[Remedy, ...] = ()
    quotes: tuple[str, ...] = ()


# ---- examples -----------------------------------------------------------------------------


class Text(Node):
    type: Literal["text"] = "text"
    value: str


class Word(Node):
    type: Literal["word"] = "word"
    value: str


class DateValue(Node):
    type: Literal["date"] = "date"
    value: date


class DateTimeValue(Node):
    type: Literal["datetime"] = "datetime"
    value: datetime

    @field_validator("value")
    @classmethod
    def _aware(cls, value: datetime) -> datetime:
        if value.tzinfo is None:
            raise ValueError("a time needs an offset, e.g. 2026-10-01T09:00:00+08:00 or ...Z")
        return value


class ListValue(Node):
    type: Literal["list"] = "list"
    items: tuple[Value, ...] = ()


Value = Annotated[
    Text
    | Number
    | Percent
    | DateTimeValue
    | DateValue
    | Word
    | Duration
    | BusinessDuration
    | CalendarSpan
    | Money
    | Units
    | ListValue,
    Field(discriminator="type"),
]


class FieldValue(Node):
    name: str
    value: Value


class RecordLiteral(Node):
    kind: str
    id: str
    fields: tuple[FieldValue, ...] = ()


class Expectation(Node):
    subject: str  # an objective id, or "total"
    fields: tuple[FieldValue, ...] = ()


class ExamplePeriod(Node):
    month: str | None = None  # "2026-09"
    start: date | None = None
    end: date | None = None  # exclusive

    @model_validator(mode="after")
    def _one_form(self) -> ExamplePeriod:
        if (self.month is None) == (self.start is None or self.end is None):
            raise ValueError("an example period is a month (2026-09) or 'DATE to DATE'")
        if self.start and self.end and self.end <= self.start:
            raise ValueError("the example period ends before it starts")
        return self


class Example(Node):
    title: str
    period: ExamplePeriod | None = None
    as_of: datetime | None = None
    fee: Amount | None = None
    records: tuple[RecordLiteral, ...] = ()
    record_files: tuple[str, ...] = ()
    expectations: tuple[Expectation, ...] = ()

    @field_validator("as_of")
    @classmethod
    def _aware(cls, value: datetime | None) -> datetime | None:
        return None if value is None else DateTimeValue._aware(value)


# ---- the contract -------------------------------------------------------------------------


class Contract(Node):
    name: str
    version: str | None = None
    provider: str | None = None
    customer: str | None = None
    effective: Effective | None = None
    timezone: str | None = None
    currency: str | None = None
    fee_bases: tuple[FeeBase, ...] = ()
    period: Period | None = None
    calendars: tuple[Calendar, ...] = ()
    services: tuple[Service, ...] = ()
    downtimes: tuple[Downtime, ...] = ()
    objectives: tuple[Objective, ...] = ()
    support: Support | None = None
    compensation: Compensation | None = None
    examples: tuple[Example, ...] = ()
    quotes: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _consistent(self, info: ValidationInfo) -> Contract:
        """Run the whole-contract checks (see `add_contract_check`) unless the context defers them.

        The loader defers them (``context={"defer_checks": True}``) to report every problem with
        its span instead of only the first.
        """
        if info.context and info.context.get("defer_checks"):
            return self
        if not _CONTRACT_CHECKS:
            raise RuntimeError("no whole-contract checks are registered: import slalang.validate")
        for check in _CONTRACT_CHECKS:
            check(self)
        return self


WholeContractCheck = Callable[[Contract], None]
_CONTRACT_CHECKS: list[WholeContractCheck] = []


def add_contract_check(check: WholeContractCheck) -> None:
    """Make every `Contract` validation run `check`, which raises ValueError for a problem.

    `slalang.validate` adds its checks when it is imported (the package imports it through the
    loader), so the model does not import the validator that depends on it.
    """
    _CONTRACT_CHECKS.append(check)


_FORWARD_REFERENCES: tuple[type[Node], ...] = (
    AllOf,
    AnyOf,
    KOf,
    Quorum,
    Downtime,
    BinaryOp,
    ListValue,
    MaintenanceExclusion,
    Cap,
    Objective,
    Severity,
    Support,
    Compensation,
    Example,
    Contract,
)
for _model in _FORWARD_REFERENCES:
    _model.model_rebuild()
