"""Canonical incident records, schema `slalang.records/v1` (DESIGN.md section 4).

Every kind is a frozen pydantic model with a `kind` tag. Times are aware datetimes (a naive time is
rejected here; readers may attach a zone first when the user passes `--assume-tz`). Counts are
ints, amounts are `Money` with a `Decimal` amount, latencies and fractions are `Decimal`.
"""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

SCHEMA = "slalang.records/v1"

Impact = Literal["major_outage", "partial_outage", "degraded_performance", "maintenance", "none"]

_MONEY = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s+([A-Z]{3})\s*$")
_PERIOD = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")


def _period_text(value: str) -> str:
    if not _PERIOD.match(value):
        raise ValueError("period is a month like 2026-10 or a start date like 2026-10-17")
    return value


def _pairs_to(names: tuple[str, str]) -> classmethod[object, [object], object]:
    """A before-validator accepting `[a, b]` pairs for a list of two-field objects."""

    def convert(cls: object, value: object) -> object:
        if isinstance(value, (list, tuple)):
            return [
                dict(zip(names, item, strict=True))
                if isinstance(item, (list, tuple)) and len(item) == 2
                else item
                for item in value
            ]
        return value

    return classmethod(convert)


def _aware(value: datetime | None) -> datetime | None:
    if value is not None and value.tzinfo is None:
        raise ValueError("time has no offset (write e.g. 2026-10-01T09:00:00Z or pass --assume-tz)")
    return value


class RecordMoney(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    amount: Decimal
    currency: str

    @classmethod
    def parse(cls, text: str) -> RecordMoney:
        match = _MONEY.match(text)
        if not match:
            raise ValueError(f"'{text}' is not an amount like \"1000.00 USD\"")
        return cls(amount=Decimal(match.group(1)), currency=match.group(2))

    def __str__(self) -> str:
        return f"{self.amount} {self.currency}"


def _money(value: object) -> object:
    if isinstance(value, str):
        return RecordMoney.parse(value)
    return value


class Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(min_length=1)
    source: str | None = None
    source_id: str | None = None
    source_url: str | None = None


class Outage(Record):
    kind: Literal["outage"] = "outage"
    service: str
    start: datetime
    end: datetime | None = None  # None: ongoing, clipped at `as_of`
    impact: Impact
    operation: str | None = None
    scope: tuple[str, ...] = ()
    scheduled_maintenance: bool = False
    announced_at: datetime | None = None
    cause: str | None = None
    excluded_reason: str | None = None
    impact_fraction: Decimal | None = Field(default=None, ge=0, le=1)
    severity_raw: str | None = None
    title: str | None = None

    _aware_times = field_validator("start", "end", "announced_at")(_aware)

    @model_validator(mode="after")
    def _ordered(self) -> Outage:
        if self.end is not None and self.end < self.start:
            raise ValueError("end is before start")
        return self


class Pause(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    start: datetime
    end: datetime | None = None

    _aware_times = field_validator("start", "end")(_aware)


class SeverityChange(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    at: datetime
    severity: str

    _aware_times = field_validator("at")(_aware)


class Ticket(Record):
    kind: Literal["ticket"] = "ticket"
    severity: str
    opened: datetime
    first_response: datetime | None = None
    first_response_automated: bool = False
    resolved: datetime | None = None
    pauses: tuple[Pause, ...] = ()
    severity_history: tuple[SeverityChange, ...] = ()
    coverage: Literal["24x7"] | None = None
    customer: str | None = None
    service: str | None = None
    severity_raw: str | None = None
    plan: str | None = None

    _aware_times = field_validator("opened", "first_response", "resolved")(_aware)

    @field_validator("pauses", mode="before")
    @classmethod
    def _pairs(cls, value: object) -> object:
        """Pauses may be written as `[start, end]` pairs."""
        if isinstance(value, (list, tuple)):
            return [
                {"start": p[0], "end": p[1]} if isinstance(p, (list, tuple)) and len(p) == 2 else p
                for p in value
            ]
        return value

    @field_validator("severity_history", mode="before")
    @classmethod
    def _history_pairs(cls, value: object) -> object:
        if isinstance(value, (list, tuple)):
            return [
                {"at": p[0], "severity": p[1]}
                if isinstance(p, (list, tuple)) and len(p) == 2
                else p
                for p in value
            ]
        return value

    @model_validator(mode="after")
    def _ordered(self) -> Ticket:
        for name in ("first_response", "resolved"):
            value = getattr(self, name)
            if value is not None and value < self.opened:
                raise ValueError(f"{name} is before opened")
        for pause in self.pauses:
            if pause.end is not None and pause.end < pause.start:
                raise ValueError("a pause ends before it starts")
        return self


class Excluded(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    count: int = Field(ge=0)
    cause: str


class Counts(Record):
    kind: Literal["counts"] = "counts"
    service: str
    interval_start: datetime
    interval_end: datetime
    total: int | None = Field(default=None, ge=0)
    good: int | None = Field(default=None, ge=0)
    failed: int | None = Field(default=None, ge=0)
    users_total: int | None = Field(default=None, ge=0)
    users_affected: int | None = Field(default=None, ge=0)
    operation: str | None = None
    scope: tuple[str, ...] = ()
    excluded: tuple[Excluded, ...] = ()
    cause: str | None = None

    _aware_times = field_validator("interval_start", "interval_end")(_aware)
    _excluded_pairs = field_validator("excluded", mode="before")(_pairs_to(("count", "cause")))

    @model_validator(mode="after")
    def _consistent(self) -> Counts:
        if self.interval_end <= self.interval_start:
            raise ValueError("interval_end is not after interval_start")
        has_requests = self.total is not None
        has_users = self.users_total is not None
        if not has_requests and not has_users:
            raise ValueError(
                "needs total (with good or failed) or users_total (with users_affected)"
            )
        if has_requests:
            assert self.total is not None
            if self.good is None and self.failed is None:
                raise ValueError("total needs good or failed")
            if (
                self.good is not None
                and self.failed is not None
                and self.good + self.failed != self.total
            ):
                raise ValueError("good + failed is not total")
            if (self.good or 0) > self.total or (self.failed or 0) > self.total:
                raise ValueError("good or failed is larger than total")
            if sum(e.count for e in self.excluded) > self.total:
                raise ValueError("more excluded items than total")
        if has_users:
            assert self.users_total is not None
            if self.users_affected is None:
                raise ValueError("users_total needs users_affected")
            if self.users_affected > self.users_total:
                raise ValueError("users_affected is larger than users_total")
        elif self.users_affected is not None:
            raise ValueError("users_affected needs users_total")
        return self

    @property
    def good_count(self) -> int:
        assert self.total is not None
        return self.good if self.good is not None else self.total - (self.failed or 0)


class Latency(Record):
    kind: Literal["latency"] = "latency"
    service: str
    timestamp: datetime
    latency_ms: Decimal = Field(ge=0)
    count: int = Field(default=1, ge=1)
    success: bool | None = None
    operation: str | None = None
    scope: tuple[str, ...] = ()

    _aware_times = field_validator("timestamp")(_aware)


class Gap(Record):
    kind: Literal["gap"] = "gap"
    service: str
    start: datetime
    end: datetime
    scope: tuple[str, ...] = ()
    operation: str | None = None

    _aware_times = field_validator("start", "end")(_aware)

    @model_validator(mode="after")
    def _ordered(self) -> Gap:
        if self.end <= self.start:
            raise ValueError("end is not after start")
        return self


class Deployment(Record):
    kind: Literal["deployment"] = "deployment"
    service: str
    start: datetime
    end: datetime | None = None
    scope: tuple[str, ...] = ()

    _aware_times = field_validator("start", "end")(_aware)

    @model_validator(mode="after")
    def _ordered(self) -> Deployment:
        if self.end is not None and self.end < self.start:
            raise ValueError("end is before start")
        return self


class Fee(Record):
    kind: Literal["fee"] = "fee"
    period: str
    amount: RecordMoney
    service: str | None = None
    scope: tuple[str, ...] = ()
    objective: str | None = None
    voucher_paid: RecordMoney | None = None
    unit_price: RecordMoney | None = None

    _money_fields = field_validator("amount", "voucher_paid", "unit_price", mode="before")(_money)

    _period_field = field_validator("period")(_period_text)


class Claim(Record):
    kind: Literal["claim"] = "claim"
    period: str
    filed_at: datetime
    channel: str | None = None
    objective: str | None = None
    amount: RecordMoney | None = None
    evidence: tuple[str, ...] = ()

    _aware_times = field_validator("filed_at")(_aware)
    _money_fields = field_validator("amount", mode="before")(_money)
    _period_field = field_validator("period")(_period_text)


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
