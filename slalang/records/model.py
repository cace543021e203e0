"""Canonical incident records, schema `slalang.records/v1` (DESIGN.md section 4).

Every kind is a frozen pydantic model with a `kind` tag. Times are aware datetimes: a time without
an offset is rejected, unless the validation context names a zone (`{"assume_tz": ZoneInfo}`), which
is then attached (a wall time that the zone skips or repeats is still rejected). Counts are ints,
money is `RecordMoney` with a `Decimal` amount (written `"1000.00 USD"`), latencies and fractions
are `Decimal`. pydantic reads a JSON fraction as a binary float; `Exact` fields note that in the
context (`FLOAT_SEEN`) so that a reader can parse the text again exactly. Errors raised by
whole-record checks start with the field they are about.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Annotated, Literal
from zoneinfo import ZoneInfo

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    ValidationInfo,
    ValidatorFunctionWrapHandler,
    WithJsonSchema,
    WrapValidator,
    model_validator,
)
from pydantic.config import JsonDict
from pydantic_core import PydanticCustomError

from slalang.model import EscalationTier, Impact
from slalang.numbers import (
    MAX_COUNT,
    MAX_DIGITS,
    MAX_TEXT,
    NumberError,
    bound_problem,
    is_number,
    parse_decimal,
    shown,
)

SCHEMA = "slalang.records/v1"
NAIVE_TIME = "naive_time"  # error type of a time without a usable offset
_NOT_FINITE = frozenset({"NaN", "nan", "Infinity", "-Infinity", "inf", "-inf"})  # its own error
MAX_STRING = 4096  # characters of one text field (an id, a title, a cause)
FLOAT_SEEN = "float_seen"  # context key set when a decimal arrived as a binary float

_MONEY = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s+([A-Z]{3})\s*$")
_PERIOD = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")


def _attach_zone(value: datetime, zone: ZoneInfo) -> datetime:
    """`value` (naive) in `zone`; a wall time skipped or repeated by a DST change is an error."""
    early, late = value.replace(tzinfo=zone, fold=0), value.replace(tzinfo=zone, fold=1)
    facts = {"time": value.isoformat(), "zone": zone.key}
    if early.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != value:
        raise PydanticCustomError(
            NAIVE_TIME,
            "{time} does not exist in {zone} (the clocks skip it); write the offset",
            facts,
        )
    if early.utcoffset() != late.utcoffset():
        raise PydanticCustomError(
            NAIVE_TIME,
            "{time} happens twice in {zone} (the clocks go back); write the offset",
            facts,
        )
    return early


def _aware(value: object, handler: ValidatorFunctionWrapHandler, info: ValidationInfo) -> datetime:
    if not isinstance(value, (str, datetime)) or (isinstance(value, str) and len(value) <= 10):
        raise PydanticCustomError(
            "datetime_type", "a time is an RFC 3339 string like 2026-10-01T09:00:00Z"
        )
    parsed: datetime = handler(value)
    if parsed.tzinfo is not None:
        return parsed
    zone = info.context.get("assume_tz") if info.context else None
    if zone is None:
        raise PydanticCustomError(
            NAIVE_TIME, "time has no offset (write e.g. 2026-10-01T09:00:00Z, or assume a zone)"
        )
    return _attach_zone(parsed, zone)


Time = Annotated[datetime, WrapValidator(_aware)]


def _exact(value: object, handler: ValidatorFunctionWrapHandler, info: ValidationInfo) -> Decimal:
    if isinstance(value, float) and info.context is not None:
        info.context[FLOAT_SEEN] = True
    if isinstance(value, str) and len(value.strip()) > MAX_TEXT:
        raise PydanticCustomError(
            "number_bounds", "a number of more than {most} characters", {"most": MAX_TEXT}
        )
    if isinstance(value, str) and not is_number(value) and value.strip() not in _NOT_FINITE:
        raise PydanticCustomError(
            "decimal_parsing", "{text} is not a number", {"text": shown(value)}
        )
    result: Decimal = handler(value)
    problem = bound_problem(result)
    if problem is not None:
        raise PydanticCustomError(
            "number_bounds",
            "{number} {problem}",
            {"number": shown(str(result)), "problem": problem},
        )
    return result


Exact = Annotated[Decimal, WrapValidator(_exact)]


def _count_text(value: object) -> object:
    """Refuses a count written with more digits than any count has, before Python's int()."""
    if isinstance(value, str) and len(value.strip().lstrip("+-")) > MAX_DIGITS:
        raise PydanticCustomError(
            "number_bounds",
            "{number} has more than {most} digits (a count is at most {top})",
            {"number": shown(value.strip()), "most": MAX_DIGITS, "top": MAX_COUNT},
        )
    return value


Count = Annotated[int, BeforeValidator(_count_text), Field(ge=0, le=MAX_COUNT)]


def _is_period(text: str) -> bool:
    if not _PERIOD.match(text):
        return False
    try:
        date.fromisoformat(text if len(text) == 10 else f"{text}-01")
    except ValueError:
        return False
    return True


def _period_text(value: object) -> object:
    if isinstance(value, str) and not _is_period(value):
        raise PydanticCustomError(
            "period_format", "a period is a month like 2026-10 or a start date like 2026-10-17"
        )
    return value


PeriodLabel = Annotated[
    str,
    BeforeValidator(_period_text),
    WithJsonSchema({"type": "string", "pattern": _PERIOD.pattern}),
]


class RecordMoney(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_max_length=MAX_STRING)

    amount: Exact
    currency: str = Field(pattern=r"^[A-Z]{3}$")

    @classmethod
    def parse(cls, text: str) -> RecordMoney:
        match = _MONEY.match(text)
        if not match:
            raise PydanticCustomError(
                "money_format",
                "'{text}' is not an amount like \"1000.00 USD\"",
                {"text": text[:40]},
            )
        try:
            amount = parse_decimal(match.group(1))
        except NumberError as exc:
            raise PydanticCustomError("money_format", str(exc)) from None
        return cls(amount=amount, currency=match.group(2))

    def __str__(self) -> str:
        return f"{self.amount} {self.currency}"


def _money(value: object) -> object:
    return RecordMoney.parse(value) if isinstance(value, str) else value


MoneyText = Annotated[
    RecordMoney,
    BeforeValidator(_money),
    PlainSerializer(str, return_type=str),
    WithJsonSchema({"type": "string", "pattern": _MONEY.pattern, "examples": ["1000.00 USD"]}),
]


def _pairs(names: tuple[str, str]) -> BeforeValidator:
    """Accept `[a, b]` pairs for a list of two-field objects."""
    shape = f"[{names[0]}, {names[1]}]"

    def convert(value: object) -> object:
        if not isinstance(value, (list, tuple)):
            return value
        out: list[object] = []
        for index, item in enumerate(value):
            if isinstance(item, (list, tuple)) and len(item) == 2:
                out.append(dict(zip(names, item, strict=True)))
            elif isinstance(item, dict):
                out.append(item)
            else:
                raise PydanticCustomError(
                    "pair_type",
                    "item {index} is not a pair {shape} (or an object)",
                    {"index": index, "shape": shape},
                )
        return out

    return BeforeValidator(convert)


def _pair_items(schema: JsonDict) -> None:
    """In the JSON Schema, a list item may be the object or its `[a, b]` pair."""
    pair: JsonDict = {"type": "array", "minItems": 2, "maxItems": 2}
    schema["items"] = {"anyOf": [schema["items"], pair]}


_PAIR_SCHEMA = Field(json_schema_extra=_pair_items)


class _Part(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_max_length=MAX_STRING)


class Pause(_Part):
    start: Time
    end: Time | None = None


class SeverityChange(_Part):
    at: Time
    severity: str


class Escalated(_Part):
    at: Time
    tier: EscalationTier


class Excluded(_Part):
    count: Count
    cause: str


class Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_max_length=MAX_STRING)

    id: str = Field(min_length=1)
    source: str | None = None
    source_id: str | None = None
    source_url: str | None = None


def _not_before(later: datetime | None, name: str, earlier: datetime, other: str) -> None:
    if later is not None and later < earlier:
        raise ValueError(f"{name}: {later.isoformat()} is before {other} {earlier.isoformat()}")


def _after(later: datetime, name: str, earlier: datetime, other: str) -> None:
    if later <= earlier:
        raise ValueError(f"{name}: {later.isoformat()} is not after {other} {earlier.isoformat()}")


class Outage(Record):
    kind: Literal["outage"] = "outage"
    service: str
    start: Time
    end: Time | None = None  # None: ongoing, clipped at `as_of`
    impact: Impact
    operation: str | None = None
    scope: tuple[str, ...] = ()
    scheduled_maintenance: bool = False
    announced_at: Time | None = None
    cause: str | None = None
    excluded_reason: str | None = None
    impact_fraction: Exact | None = Field(default=None, ge=0, le=1)
    severity_raw: str | None = None
    title: str | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Outage:
        _not_before(self.end, "end", self.start, "start")
        return self


class Ticket(Record):
    kind: Literal["ticket"] = "ticket"
    severity: str
    opened: Time
    first_response: Time | None = None
    first_response_automated: bool = False
    resolved: Time | None = None
    pauses: Annotated[tuple[Pause, ...], _pairs(("start", "end")), _PAIR_SCHEMA] = ()
    severity_history: Annotated[
        tuple[SeverityChange, ...], _pairs(("at", "severity")), _PAIR_SCHEMA
    ] = ()
    coverage: Literal["24x7"] | None = None
    customer: str | None = None
    service: str | None = None
    severity_raw: str | None = None
    plan: str | None = None
    channel: str | None = None  # the channel the ticket was opened through (a `ChannelKind`)
    # When the ticket moved up to each tier; absent: escalation is not assessed for the ticket.
    escalations: Annotated[tuple[Escalated, ...], _pairs(("at", "tier")), _PAIR_SCHEMA] = ()

    @model_validator(mode="after")
    def _ordered(self) -> Ticket:
        _not_before(self.first_response, "first_response", self.opened, "opened")
        _not_before(self.resolved, "resolved", self.opened, "opened")
        for index, pause in enumerate(self.pauses):
            _not_before(pause.end, f"pauses[{index}].end", pause.start, "its start")
        return self


class Counts(Record):
    kind: Literal["counts"] = "counts"
    service: str
    interval_start: Time
    interval_end: Time
    total: Count | None = None
    good: Count | None = None
    failed: Count | None = None
    users_total: Count | None = None
    users_affected: Count | None = None
    operation: str | None = None
    scope: tuple[str, ...] = ()
    excluded: Annotated[tuple[Excluded, ...], _pairs(("count", "cause")), _PAIR_SCHEMA] = ()
    cause: str | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Counts:
        _after(self.interval_end, "interval_end", self.interval_start, "interval_start")
        if self.total is None and self.users_total is None:
            raise ValueError(
                "total: missing; a counts record needs total (with good or failed) "
                "or users_total (with users_affected)"
            )
        if self.total is not None:
            _check_requests(self.total, self.good, self.failed, self.excluded)
        elif self.good is not None or self.failed is not None:
            raise ValueError("total: missing; good and failed are shares of total")
        if self.users_total is not None:
            if self.users_affected is None:
                raise ValueError("users_affected: missing; users_total needs it")
            if self.users_affected > self.users_total:
                raise ValueError(
                    f"users_affected: {self.users_affected} is larger than "
                    f"users_total {self.users_total}"
                )
        elif self.users_affected is not None:
            raise ValueError("users_total: missing; users_affected needs it")
        return self

    @property
    def good_count(self) -> int | None:
        """Good items of `total`, from `good` or `total - failed` (None without `total`)."""
        if self.total is None:
            return None
        return self.good if self.good is not None else self.total - (self.failed or 0)


def _check_requests(
    total: int, good: int | None, failed: int | None, excluded: tuple[Excluded, ...]
) -> None:
    if good is None and failed is None:
        raise ValueError("good: missing; total needs good or failed")
    for name, value in (("good", good), ("failed", failed)):
        if value is not None and value > total:
            raise ValueError(f"{name}: {value} is larger than total {total}")
    if good is not None and failed is not None and good + failed != total:
        raise ValueError(f"failed: good {good} + failed {failed} is not total {total}")
    if sum(item.count for item in excluded) > total:
        raise ValueError(f"excluded: more excluded items than total {total}")


class Latency(Record):
    kind: Literal["latency"] = "latency"
    service: str
    timestamp: Time
    latency_ms: Exact = Field(ge=0)
    count: Annotated[int, BeforeValidator(_count_text), Field(ge=1, le=MAX_COUNT)] = 1
    success: bool | None = None
    operation: str | None = None
    scope: tuple[str, ...] = ()


class Gap(Record):
    kind: Literal["gap"] = "gap"
    service: str
    start: Time
    end: Time
    scope: tuple[str, ...] = ()
    operation: str | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Gap:
        _after(self.end, "end", self.start, "start")
        return self


class Deployment(Record):
    kind: Literal["deployment"] = "deployment"
    service: str
    start: Time
    end: Time | None = None
    scope: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _ordered(self) -> Deployment:
        _not_before(self.end, "end", self.start, "start")
        return self


class Fee(Record):
    kind: Literal["fee"] = "fee"
    period: PeriodLabel
    amount: MoneyText
    service: str | None = None
    scope: tuple[str, ...] = ()
    objective: str | None = None
    voucher_paid: MoneyText | None = None
    unit_price: MoneyText | None = None


class Claim(Record):
    kind: Literal["claim"] = "claim"
    period: PeriodLabel
    filed_at: Time
    channel: str | None = None
    objective: str | None = None
    amount: MoneyText | None = None
    evidence: tuple[str, ...] = ()


AnyRecord = Annotated[
    Outage | Ticket | Counts | Latency | Gap | Deployment | Fee | Claim,
    Field(discriminator="kind"),
]
RECORD_TYPES: dict[str, type[Record]] = {
    "outage": Outage,
    "ticket": Ticket,
    "counts": Counts,
    "latency": Latency,
    "gap": Gap,
    "deployment": Deployment,
    "fee": Fee,
    "claim": Claim,
}
