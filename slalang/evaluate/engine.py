"""`evaluate(contract, records, period=...)`: the whole evaluation, pure and deterministic.

This module sets the evaluation up (the evaluated periods and each objective's own windows), reads
the records once (`inputs.py`), computes every figure (`compute.py`) and assembles the report
(`assemble.py`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, time
from decimal import Decimal
from fractions import Fraction

from slalang.evaluate.assemble import Accounting, assemble
from slalang.evaluate.compute import OwnWindows, compute
from slalang.evaluate.credits import PeriodFee
from slalang.evaluate.inputs import EvaluationError, Inputs, collect
from slalang.evaluate.intervals import to_us
from slalang.evaluate.periods import (
    LAST_DAY,
    PeriodWindow,
    effective_interval,
    period_timezone,
    record_labels,
    window_for,
    windows_between,
)
from slalang.evaluate.report import Report
from slalang.model import (
    AllOf,
    AnyOf,
    Condition,
    Contract,
    Downtime,
    DowntimeRef,
    KOf,
    MetricCondition,
    Period,
    Quorum,
)
from slalang.numbers import NumberError, parse_decimal, shown
from slalang.records import AnyRecord, RecordsResult, RecordStream

PeriodSpec = str | tuple[datetime, datetime]
Records = Iterable[AnyRecord] | RecordsResult | RecordStream
"""What `evaluate` reads: records, or the records reader's result or stream (which also bring
the records it rejected)."""
Progress = Callable[[Iterator[AnyRecord]], Iterator[AnyRecord]]


def _range(contract: Contract, period: PeriodSpec) -> tuple[datetime, datetime]:
    """The evaluated stretch of time: one period named by its label, or an explicit range."""
    if contract.period is None:
        raise EvaluationError("the contract states no period ('period calendar month')")
    if isinstance(period, str):
        try:
            window = window_for(contract.period, contract.timezone, period)
        except ValueError as error:
            raise EvaluationError(str(error)) from error
        return window.start, window.end
    start, end = period
    if start.tzinfo is None or end.tzinfo is None:
        raise EvaluationError("the evaluation range needs times with an offset")
    if end <= start:
        raise EvaluationError("the evaluation range ends before it starts")
    return start, end


def split(contract: Contract, period: Period, start: datetime, end: datetime) -> list[PeriodWindow]:
    """The windows of `period` within `[start, end)` that meet the contract's effective dates,
    clipped to the range and, for a prorated period, to the effective dates. A window cut by the
    range is labelled "(part)"; one wholly outside the effective dates is left out."""
    tz = period_timezone(period, contract.timezone)
    first: datetime | None = None
    last: datetime | None = None
    if contract.effective is not None:
        first, last = effective_interval(contract.effective, tz)
    out = []
    for w in windows_between(period, contract.timezone, start, end):
        low, high = max(w.start, start), min(w.end, end)
        label = w.label if (low, high) == (w.start, w.end) else f"{w.label} (part)"
        if (first is not None and high <= first) or (last is not None and low >= last):
            continue
        if period.prorated:
            low, high = max(low, first or low), min(high, last or high)
        out.append(
            PeriodWindow(low.astimezone(w.start.tzinfo), high.astimezone(w.end.tzinfo), label, tz)
        )
    return out


def parse_fee(text: str | Decimal, currency: str | None) -> PeriodFee:
    """`--fee 20000 CNY` (or `20000` in the contract's currency) as a fee base: more than zero."""
    parts, named = str(text).split(), repr(shown(str(text)))
    if not parts:
        raise EvaluationError(f"--fee {named} is not an amount like '20000 CNY'")
    try:
        amount = parse_decimal(parts[0])
    except NumberError as error:
        raise EvaluationError(
            f"--fee {named} is not an amount like '20000 CNY' ({error})"
        ) from None
    if amount <= 0:
        raise EvaluationError(f"--fee {named} is not more than 0")
    unit = parts[1] if len(parts) == 2 else currency
    if unit is None or len(parts) > 2:
        raise EvaluationError(f"--fee {named} needs a currency, e.g. '20000 CNY'")
    if currency is not None and unit != currency:
        raise EvaluationError(f"--fee is in {shown(unit)!r}, the contract's currency is {currency}")
    return PeriodFee(Fraction(amount), unit, None, "--fee")


def _hashed(records: Iterable[AnyRecord], digest: hashlib._Hash) -> Iterator[AnyRecord]:
    """The records, unchanged, hashing the canonical JSON of each as it passes."""
    for record in records:
        digest.update(record.model_dump_json().encode())
        digest.update(b"\n")
        yield record


def evaluate(
    contract: Contract,
    records: Records,
    *,
    period: PeriodSpec,
    as_of: datetime | None = None,
    fee: str | Decimal | None = None,
    inputs_sha256: str | None = None,
    progress: Progress | None = None,
) -> Report:
    """Evaluate `contract` on `records` for `period` (a label like "2026-10", or a `(start, end)`
    range of instants covering one or more periods).

    `records` is any iterable of records, or a `RecordsResult` or `RecordStream` of the records
    reader, which also brings the rejected records (listed in the report) and the reader's counts.
    A stream is read to its end even when the evaluation fails, so that its diagnostics list every
    rejected record. `as_of` clips ongoing outages and judges open tickets; `fee` (e.g. "20000
    CNY") is the fee base where no fee record matches; `inputs_sha256` names the inputs, else it is
    the stream's hash of the bytes it read, else a hash of the records. `progress` wraps the records as they are read (e.g. to count them).
    Raises `EvaluationError` for input it cannot use.
    """
    pending = iter(records.records if isinstance(records, RecordsResult) else records)
    try:
        plan = _plan(contract, period, as_of, fee)
        source = pending if progress is None else progress(pending)
        hashed = inputs_sha256 is None and not isinstance(records, RecordStream)
        inputs, sha256 = _read(contract, plan, source, as_of, hashed)
        evaluation = compute(contract, plan.windows, plan.own, plan.tz, inputs, as_of, plan.fee)
    except ValueError:
        if isinstance(records, RecordStream):
            for _ in pending:
                pass
        raise
    currency = contract.currency or (plan.fee.currency if plan.fee else None)
    if inputs_sha256 is not None:
        sha256 = inputs_sha256
    elif isinstance(records, RecordStream):
        sha256 = records.sha256
    accounting = _accounting(inputs, records, sha256)
    warnings = _warnings(plan, inputs)
    return assemble(
        contract, plan.windows, plan.tz, as_of, currency, evaluation, accounting, warnings
    )


@dataclass(frozen=True)
class _Plan:
    """What an evaluation covers, settled before any record is read."""

    windows: list[PeriodWindow]  # the evaluated periods
    own: OwnWindows
    tz: str  # the zone of the contract's period
    fee: PeriodFee | None  # `--fee`
    left_out: list[str]  # labels of the periods outside the contract's effective dates


def _plan(
    contract: Contract, period: PeriodSpec, as_of: datetime | None, fee: str | Decimal | None
) -> _Plan:
    if as_of is not None and as_of.tzinfo is None:
        raise EvaluationError("--as-of needs an offset, e.g. 2026-11-01T00:00:00+08:00")
    start, end = _range(contract, period)
    assert contract.period is not None
    tz = period_timezone(contract.period, contract.timezone)
    windows = split(contract, contract.period, start, end)
    if not windows:
        raise EvaluationError("the evaluated range is outside the contract's effective dates")
    if as_of is not None and as_of < windows[0].start:
        raise EvaluationError(
            f"--as-of {as_of.isoformat()} is before the evaluated period starts "
            f"({windows[0].start.isoformat()})"
        )
    if as_of is not None and as_of >= datetime.combine(LAST_DAY, time(0), UTC):
        raise EvaluationError(
            f"--as-of {as_of.isoformat()} is past the dates slalang can compute (to {LAST_DAY})"
        )
    kept = {w.label.removesuffix(" (part)") for w in windows}
    left_out = [
        w.label
        for w in windows_between(contract.period, contract.timezone, start, end)
        if w.label not in kept
    ]
    own = _own_windows(contract, windows, start, end)
    fee_base = None if fee is None else parse_fee(fee, contract.currency)
    return _Plan(windows, own, tz, fee_base, left_out)


def _warnings(plan: _Plan, inputs: Inputs) -> list[str]:
    """What the report says first: periods left out, and an evaluation that read nothing."""
    out = []
    if plan.left_out:
        shown_labels = ", ".join(plan.left_out[:3]) + (", ..." if len(plan.left_out) > 3 else "")
        out.append(
            f"{len(plan.left_out)} period(s) outside the contract's effective dates "
            f"not evaluated: {shown_labels}"
        )
    if not inputs.read:
        out.append("no records were read: no objective is assessed")
    return out


def _read(
    contract: Contract,
    plan: _Plan,
    source: Iterator[AnyRecord],
    as_of: datetime | None,
    hashed: bool,
) -> tuple[Inputs, str]:
    """The records reduced to `Inputs`, and (when `hashed`) the sha256 of the records."""
    digest = hashlib.sha256()
    if hashed:
        source = _hashed(source, digest)
    labels = [name for w in plan.windows for name in record_labels(w)]
    inputs = collect(source, _cells(plan), labels, as_of, _sampled(contract))
    return inputs, digest.hexdigest()


def _own_windows(
    contract: Contract, windows: list[PeriodWindow], start: datetime, end: datetime
) -> OwnWindows:
    """Each objective's windows (its own period, else the contract's) and where each belongs."""
    own: OwnWindows = {}
    for objective in contract.objectives:
        chosen = split(contract, objective.period, start, end) if objective.period else windows
        own[objective.id] = [(w, _home(w, windows)) for w in chosen]
    return own


def _cells(plan: _Plan) -> list[int]:
    """Every window boundary, sorted, in microseconds."""
    return sorted(
        {to_us(t) for ws in plan.own.values() for w, _ in ws for t in (w.start, w.end)}
        | {to_us(t) for w in plan.windows for t in (w.start, w.end)}
    )


def _accounting(inputs: Inputs, reader: Records, sha256: str) -> Accounting:
    """The evaluation's count of the records next to the reader's, when it was given one."""
    if isinstance(reader, (RecordsResult, RecordStream)):
        counts, diagnostics = reader.counts, list(reader.diagnostics)
        rejected, duplicates = counts.rejected, counts.duplicates
    else:
        rejected, duplicates, diagnostics = 0, 0, []
    return Accounting(
        inputs.read,
        inputs.inside,
        inputs.outside,
        rejected,
        duplicates,
        diagnostics,
        sha256,
        inputs.latency_records,
    )


def _home(window: PeriodWindow, windows: list[PeriodWindow]) -> int:
    """The evaluated period an objective's own window belongs to: the one where it starts."""
    for index, w in enumerate(windows):
        if w.start <= window.start < w.end:
            return index
    return 0 if window.start < windows[0].start else len(windows) - 1


def _latency_bounds(cond: Condition, named: dict[str, Downtime]) -> bool:
    if isinstance(cond, MetricCondition):
        return cond.metric == "latency"
    if isinstance(cond, (AllOf, AnyOf, KOf)):
        return any(_latency_bounds(c, named) for c in cond.conditions)
    if isinstance(cond, Quorum):
        return _latency_bounds(cond.condition, named)
    if isinstance(cond, DowntimeRef):
        return _latency_bounds(named[cond.name].condition, named)
    return False


def _sampled(contract: Contract) -> set[str]:
    """Services whose latency samples are needed one by one: by a `down when` latency bound, or
    by a latency objective with exclusion clauses (samples inside excluding time leave it)."""
    named = {d.id: d for d in contract.downtimes}
    out: set[str] = set()
    for o in contract.objectives:
        if (o.kind == "latency" and o.exclusions) or (
            o.down_when is not None and _latency_bounds(o.down_when, named)
        ):
            out.update(o.services or (s.id for s in contract.services))
    return out
