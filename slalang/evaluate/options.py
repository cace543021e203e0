"""Command-line values for an evaluation: periods, ranges, instants, input hashes."""

from __future__ import annotations

import re
from datetime import date, datetime, time

from slalang.evaluate.engine import PeriodSpec
from slalang.evaluate.inputs import EvaluationError
from slalang.evaluate.periods import MONTH_LABEL, period_timezone, period_zone, resolve_wall_time
from slalang.model import Contract

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_instant(text: str, tz: str, *, what: str, assume_tz: str | None = None) -> datetime:
    """An RFC 3339 time; a date means local midnight in `tz`; a time without an offset is an
    error unless `assume_tz` names its zone."""
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise EvaluationError(
            f"{what} {text!r} is not a date or a time like 2026-11-01T00:00:00+08:00"
        ) from None
    zone = tz if _DATE.match(text) else assume_tz
    if moment.tzinfo is None and zone is not None:
        try:
            return resolve_wall_time(moment.date(), moment.time(), period_zone(zone))
        except ValueError as error:
            raise EvaluationError(f"{what} {text!r}: {error}") from None
    if moment.tzinfo is None:
        raise EvaluationError(f"{what} {text!r} has no offset; write e.g. {text}+08:00 or {text}Z")
    return moment


def as_of_instant(contract: Contract, text: str, assume_tz: str | None) -> datetime:
    """`--as-of`: a time with an offset, or a date (midnight in the contract's period zone)."""
    tz = contract.timezone or "UTC"
    if contract.period is not None:
        tz = period_timezone(contract.period, contract.timezone)
    return parse_instant(text, tz, what="--as-of", assume_tz=assume_tz)


def _range_end(text: str, tz: str, *, start: bool) -> datetime:
    """--from/--to: a month means its first day (--from) or the first day after it (--to)."""
    match = MONTH_LABEL.fullmatch(text)
    if match:
        year, month = int(match[1]), int(match[2])
        if not 1 <= month <= 12:
            raise EvaluationError(f"{text!r} is not a month")
        if not start:
            year, month = year + month // 12, month % 12 + 1
        try:
            return resolve_wall_time(date(year, month, 1), time(0), period_zone(tz))
        except ValueError as error:
            raise EvaluationError(f"{text!r}: {error}") from None
    return parse_instant(text, tz, what="--from" if start else "--to")


def period_spec(
    contract: Contract, period: str | None, start: str | None, end: str | None
) -> PeriodSpec:
    """`--period LABEL`, or `--from A --to B` (dates and times; a month is taken whole)."""
    if period is not None and (start or end):
        raise EvaluationError("give --period or --from/--to, not both")
    if period is not None:
        return period
    if not (start and end):
        raise EvaluationError("say which period: --period 2026-10, or --from 2026-08 --to 2026-10")
    if contract.period is None:
        raise EvaluationError("the contract states no period")
    tz = period_timezone(contract.period, contract.timezone)
    return _range_end(start, tz, start=True), _range_end(end, tz, start=False)
