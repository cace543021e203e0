"""`evaluate(contract, records, period=...)`: the whole evaluation, pure and deterministic."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from fractions import Fraction

from slalang import model as m
from slalang.evaluate import credits as cr
from slalang.evaluate import intervals as iv
from slalang.evaluate import report as rp
from slalang.evaluate.claims import ClaimResult, judge_claims
from slalang.evaluate.downtime import WindowOf
from slalang.evaluate.inputs import EvaluationError, Inputs, collect
from slalang.evaluate.measure import decimal_text, percent_text
from slalang.evaluate.objectives import (
    Measurement,
    availability,
    latency,
    success_rate,
    target_text,
)
from slalang.evaluate.periods import (
    PeriodWindow,
    effective_interval,
    period_timezone,
    window_containing,
    window_for,
    windows_between,
    zone,
)
from slalang.evaluate.support import Clocks, SupportResult, evaluate_support
from slalang.fmt import quantity
from slalang.records import RecordsResult, RecordStream
from slalang.records import model as r

PeriodSpec = str | tuple[datetime, datetime]
_MONTH = m.CalendarPeriod(unit="months")


@dataclass
class _Line:
    """The credit of one objective (or of support) in one period, and whether a cap cut it."""

    credit: cr.Credit
    capped: bool


def _range(contract: m.Contract, period: PeriodSpec) -> tuple[datetime, datetime]:
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


def split(
    contract: m.Contract, period: m.Period, start: datetime, end: datetime
) -> list[PeriodWindow]:
    """The windows of `period` within `[start, end)`, clipped to it and, for a prorated period,
    to the contract's effective dates. A window cut by the range is labelled "(part)"."""
    tz = period_timezone(period, contract.timezone)
    effective: tuple[datetime | None, datetime | None] = (None, None)
    if period.prorated and contract.effective is not None:
        effective = effective_interval(contract.effective, tz)
    out = []
    for w in windows_between(period, contract.timezone, start, end):
        low, high = max(w.start, start), min(w.end, end)
        label = w.label if (low, high) == (w.start, w.end) else f"{w.label} (part)"
        if effective[0] is not None:
            low = max(low, effective[0])
        if effective[1] is not None:
            high = min(high, effective[1])
        if low < high:
            out.append(
                PeriodWindow(
                    low.astimezone(w.start.tzinfo), high.astimezone(w.end.tzinfo), label, tz
                )
            )
    return out


def _labels(window: PeriodWindow) -> set[str]:
    """The names a fee or claim record may give the period: its label or its first day."""
    local = window.start
    return {window.label.removesuffix(" (part)"), local.date().isoformat(), local.strftime("%Y-%m")}


def parse_fee(text: str | Decimal, currency: str | None) -> cr.Fee:
    """`--fee 20000 CNY` (or `20000` in the contract's currency) as a fee base."""
    parts = str(text).split()
    try:
        amount = Fraction(Decimal(parts[0]))
    except (ArithmeticError, ValueError, IndexError) as error:
        raise EvaluationError(f"--fee {text!r} is not an amount like '20000 CNY'") from error
    unit = parts[1] if len(parts) == 2 else currency
    if unit is None or len(parts) > 2:
        raise EvaluationError(f"--fee {text!r} needs a currency, e.g. '20000 CNY'")
    if currency is not None and unit != currency:
        raise EvaluationError(f"--fee is in {unit}, the contract's currency is {currency}")
    return cr.Fee(amount, unit, None, "--fee")


def _hashed(records: Iterable[r.Record], digest: hashlib._Hash) -> Iterator[r.Record]:
    """The records, unchanged, hashing the canonical JSON of each as it passes."""
    for record in records:
        digest.update(record.model_dump_json().encode())
        digest.update(b"\n")
        yield record


def evaluate(
    contract: m.Contract,
    records: Iterable[r.Record] | RecordsResult,
    *,
    period: PeriodSpec,
    as_of: datetime | None = None,
    fee: str | Decimal | None = None,
    inputs_sha256: str | None = None,
    reader: RecordsResult | RecordStream | None = None,
) -> rp.Report:
    """Evaluate `contract` on `records` for `period` (a label like "2026-10", or a `(start, end)`
    range of instants covering one or more periods).

    `records` is any iterable of records; a `RecordsResult` or a `RecordStream` of the records
    reader also brings the rejected records (listed in the report) and the reader's counts.
    `as_of` clips ongoing outages and judges open tickets; `fee` (e.g. "20000 CNY") is the fee
    base where no fee record matches; `inputs_sha256` names the input files, else the records are
    hashed. `reader` names the reader's stream when `records` wraps it (e.g. to show progress).
    Raises `EvaluationError` for input it cannot use.
    """
    if as_of is not None and as_of.tzinfo is None:
        raise EvaluationError("--as-of needs an offset, e.g. 2026-11-01T00:00:00+08:00")
    start, end = _range(contract, period)
    assert contract.period is not None
    tz = period_timezone(contract.period, contract.timezone)
    windows = split(contract, contract.period, start, end)
    if not windows:
        raise EvaluationError("the evaluated range is outside the contract's effective dates")
    own: dict[str, list[tuple[PeriodWindow, int]]] = {}
    for objective in contract.objectives:
        chosen = split(contract, objective.period, start, end) if objective.period else windows
        own[objective.id] = [(w, _home(w, windows)) for w in chosen]
    cells = sorted(
        {iv.to_us(t) for ws in own.values() for w, _ in ws for t in (w.start, w.end)}
        | {iv.to_us(t) for w in windows for t in (w.start, w.end)}
    )
    source: Iterable[r.Record] = records.records if isinstance(records, RecordsResult) else records
    digest = None
    if inputs_sha256 is None:
        digest = hashlib.sha256()
        source = _hashed(source, digest)
    fallback = None if fee is None else parse_fee(fee, contract.currency)
    inputs = collect(
        source, cells, [n for w in windows for n in _labels(w)], as_of, _sampled(contract)
    )
    evaluation = _Evaluation(contract, windows, own, tz, inputs, as_of, fallback)
    if reader is None and isinstance(records, (RecordsResult, RecordStream)):
        reader = records
    return evaluation.report(inputs_sha256 or (digest.hexdigest() if digest else ""), reader)


def _home(window: PeriodWindow, windows: list[PeriodWindow]) -> int:
    """The evaluated period an objective's own window belongs to: the one where it starts."""
    for index, w in enumerate(windows):
        if w.start <= window.start < w.end:
            return index
    return 0 if window.start < windows[0].start else len(windows) - 1


def _latency_bounds(cond: m.Condition, named: dict[str, m.Downtime]) -> bool:
    if isinstance(cond, m.MetricCondition):
        return cond.metric == "latency"
    if isinstance(cond, (m.AllOf, m.AnyOf, m.KOf)):
        return any(_latency_bounds(c, named) for c in cond.conditions)
    if isinstance(cond, m.Quorum):
        return _latency_bounds(cond.condition, named)
    if isinstance(cond, m.DowntimeRef):
        return _latency_bounds(named[cond.name].condition, named)
    return False


def _sampled(contract: m.Contract) -> set[str]:
    """Services whose latency samples a `down when` latency bound needs one by one."""
    named = {d.id: d for d in contract.downtimes}
    out: set[str] = set()
    for o in contract.objectives:
        if o.down_when is not None and _latency_bounds(o.down_when, named):
            out.update(o.services or (s.id for s in contract.services))
    return out


class _Evaluation:
    def __init__(
        self,
        contract: m.Contract,
        windows: list[PeriodWindow],
        own: dict[str, list[tuple[PeriodWindow, int]]],
        tz: str,
        inputs: Inputs,
        as_of: datetime | None,
        fee: cr.Fee | None,
    ) -> None:
        self.contract = contract
        self.windows = windows
        self.own = own
        self.tz = tz
        self.inputs = inputs
        self.as_of = as_of
        self.fee = fee
        self.rounding = contract.compensation.rounding if contract.compensation else None
        self.currency = contract.currency or (fee.currency if fee else None)
        self.clocks = Clocks(contract)
        self.granted: dict[tuple[str, ...], list[tuple[datetime, cr.Credit]]] = {}

    # ---- helpers -------------------------------------------------------------------------------

    def _base(self, credit_base: str | None) -> m.FeeBase | None:
        bases = self.contract.fee_bases
        if credit_base is not None:
            return next((b for b in bases if b.id == credit_base), None)
        return bases[0] if len(bases) == 1 else None

    def _fee(
        self,
        window: PeriodWindow,
        base: str | None,
        objective: str | None,
        services: Sequence[str],
        scope: str | None,
    ) -> cr.Fee | None:
        return cr.find_fee(
            self.inputs.fees,
            _labels(window),
            self._base(base),
            objective,
            services,
            scope,
            self.fee,
        )

    def _money(self, value: Fraction | None) -> str | None:
        return None if value is None else str(cr.round_money(value, self.rounding))

    def _money_text(self, value: Fraction) -> str:
        return cr.money_text(cr.round_money(value, self.rounding), self.currency or "")

    def _window_of(self, window: PeriodWindow) -> WindowOf:
        start_us, end_us = iv.to_us(window.start), iv.to_us(window.end)

        def of(per: m.Window | None, moment: int) -> tuple[int, int]:
            if per is None or per == "period":
                return start_us, end_us
            if isinstance(per, m.CalendarSpan) and per.value == 1:
                unit = m.CalendarPeriod(unit=per.unit)
                w = window_containing(unit, self.tz, iv.from_us(moment))
                return iv.to_us(w.start), iv.to_us(w.end)
            size = (
                int(per.seconds * iv.US_PER_SECOND)
                if isinstance(per, m.Duration)
                else end_us - start_us
            )
            index = (moment - start_us) // size
            return start_us + index * size, start_us + (index + 1) * size

        return of

    def _cap(
        self,
        key: tuple[str, ...],
        caps: Sequence[m.Cap],
        credit: cr.Credit,
        window: PeriodWindow,
        fee: cr.Fee | None,
    ) -> tuple[cr.Credit, bool]:
        """Apply caps; a cap over several periods counts what earlier evaluated periods granted."""
        capped = False
        for index, cap in enumerate(caps):
            history = self.granted.get((*key, str(index)), [])
            earlier = [c for start, c in history if self._in_cap_window(cap.per, start, window)]
            already = cr.add(earlier, "sum") if earlier else cr.Credit(Fraction(0), Fraction(0), "")
            credit, bit = cr.apply_cap(credit, cr.cap_limit(cap, fee), already)
            capped = capped or bit
        for index, _ in enumerate(caps):
            self.granted.setdefault((*key, str(index)), []).append((window.start, credit))
        return credit, capped

    def _in_cap_window(self, per: m.Window, earlier: datetime, window: PeriodWindow) -> bool:
        if per == "period":
            return False
        if isinstance(per, m.Duration):
            return (
                window.end - timedelta(microseconds=int(per.seconds * iv.US_PER_SECOND)) <= earlier
            )
        months = per.value * {"months": 1, "quarters": 3, "years": 12}[per.unit]
        local = window.end.astimezone(window.start.tzinfo)
        index = local.year * 12 + local.month - 1 - months
        return earlier >= local.replace(year=index // 12, month=index % 12 + 1, day=1)

    # ---- objectives ----------------------------------------------------------------------------

    def _scopes(self, objective: m.Objective) -> list[str | None]:
        if not objective.per_scope:
            return [None]

        def ours(service: str) -> bool:
            return not objective.services or service in objective.services

        found: set[str] = set()
        for spans in (self.inputs.outages, self.inputs.counts, self.inputs.deployments):
            for item in spans:
                if ours(item.service):
                    found.update(item.scope)
        for _, service, _, scopes in self.inputs.latency:
            if ours(service):
                found.update(scopes)
        return [*sorted(found)] if found else [None]

    def _measure(
        self, objective: m.Objective, window: PeriodWindow, scope: str | None
    ) -> Measurement:
        bounds = (iv.to_us(window.start), iv.to_us(window.end))
        if objective.kind == "availability":
            return availability(
                self.contract, objective, self.inputs, bounds, scope, self._window_of(window)
            )
        if objective.kind == "success_rate":
            return success_rate(objective, self.inputs, bounds, scope)
        return latency(objective, self.inputs, bounds, scope)

    def _objective(
        self, objective: m.Objective, own: PeriodWindow, index: int, scope: str | None
    ) -> tuple[rp.ObjectiveResult, _Line, list[rp.ExcludedRecord]]:
        window = self.windows[index]  # the evaluated period: fees and caps
        result = self._measure(objective, own, scope)
        parts = []
        for clause in objective.credits:
            fee = self._fee(window, clause.base, objective.id, objective.services, scope)
            parts.append(
                cr.clause_credit(
                    clause,
                    result.measured,
                    result.met,
                    0 if result.met else 1,
                    result.down_us,
                    fee,
                    clause.base or self._base_name(),
                    Fraction(own.length // timedelta(microseconds=1)),
                )
            )
        fee = self._fee(window, None, objective.id, objective.services, scope)
        credit = cr.add(parts, "sum")
        credit, capped = self._cap((objective.id, scope or ""), objective.caps, credit, window, fee)
        steps = [*result.steps, self._credit_text(credit, capped, bool(objective.credits))]
        item = rp.ObjectiveResult(
            id=objective.id,
            kind=objective.kind,
            title=objective.title,
            period=own.label,
            scope=scope,
            measured=result.display,
            target=target_text(objective),
            met=result.met,
            credit_percent=_percent(credit.share),
            credit_amount=self._money(credit.amount),
            capped=capped,
            evidence=result.evidence,
            explanation="; ".join(steps),
        )
        excluded = [
            rp.ExcludedRecord(
                id=x.id,
                kind=x.kind,
                period=window.label,
                objective=objective.id,
                clause=x.clause,
                excluded_minutes=decimal_text(Fraction(x.excluded_us, iv.US_PER_MINUTE), 0),
            )
            for x in result.excluded
        ]
        return item, _Line(credit, capped), excluded

    def _base_name(self) -> str:
        bases = self.contract.fee_bases
        return bases[0].id if len(bases) == 1 else "fee"

    def _credit_text(self, credit: cr.Credit, capped: bool, has_clauses: bool) -> str:
        if not has_clauses:
            return "no credit clause"
        if not credit.share and not credit.amount:
            return credit.text if credit.text != "no credit" else "no credit"
        text = credit.text
        if credit.amount is not None:
            text += f" = {self._money_text(credit.amount)}"
        elif credit.share is not None:
            text += " (no fee known: pass --fee or add a fee record)"
        return text + (" (capped)" if capped else "")

    # ---- support -------------------------------------------------------------------------------

    def _support(self, index: int) -> tuple[SupportResult, _Line] | None:
        support = self.contract.support
        if support is None:
            return None
        window = self.windows[index]
        tickets = [t for t in self.inputs.tickets if window.start <= t.opened < window.end]
        reference = window.end if self.as_of is None else min(self.as_of, window.end)
        try:
            result = evaluate_support(tickets, support, self.clocks, reference)
        except ValueError as error:
            raise EvaluationError(str(error)) from error
        return result, self._support_credit(result, window, support)

    def _support_credit(
        self, result: SupportResult, window: PeriodWindow, support: m.Support
    ) -> _Line:
        parts = []
        fee = self._fee(window, None, "support", (), None)
        for clause in support.credits:
            parts.append(
                cr.clause_credit(
                    clause,
                    result.compliance,
                    result.met,
                    result.breached,
                    Fraction(0),
                    self._fee(window, clause.base, "support", (), None),
                    clause.base or self._base_name(),
                )
            )
        for severity in support.severities:
            breaches = sum(t.breached for t in result.tickets if t.severity == severity.id)
            for clause in severity.credits:
                parts.append(
                    cr.clause_credit(
                        clause,
                        None,
                        breaches == 0,
                        breaches,
                        Fraction(0),
                        self._fee(window, clause.base, "support", (), None),
                        clause.base or self._base_name(),
                    )
                )
        credit, capped = self._cap(("support",), support.caps, cr.add(parts, "sum"), window, fee)
        return _Line(credit, capped)

    def _support_report(
        self, results: list[tuple[int, SupportResult, _Line]]
    ) -> rp.SupportResult | None:
        if not results:
            return None
        details: list[rp.TicketResult] = []  # validated one by one: no second copy as dicts
        tickets = breached = pending = 0
        met = True
        for index, result, _ in results:
            label = self.windows[index].label
            met = met and result.met
            tickets += len(result.tickets)
            breached += result.breached
            for t in result.tickets:
                status = (
                    "breached"
                    if t.breached
                    else ("pending" if any(x.status == "pending" for x in t.targets) else "met")
                )
                pending += status == "pending"
                details.append(
                    rp.TicketResult.model_validate(
                        {
                            "id": t.id,
                            "period": label,
                            "severity": t.severity,
                            "status": status,
                            "targets": [
                                {
                                    "kind": x.kind,
                                    "within": x.within,
                                    "clock": x.clock,
                                    "deadline": _time(x.deadline, self.tz),
                                    "done": _time(x.done, self.tz),
                                    "status": x.status,
                                }
                                for x in t.targets
                            ],
                            "notes": list(t.notes),
                        }
                    )
                )
        required = results[0][1].required
        compliance = Fraction(tickets - breached, tickets) if tickets else Fraction(1)
        credit = cr.add([line.credit for _, _, line in results], "sum")
        capped = any(line.capped for _, _, line in results)
        has_credit = bool(
            self.contract.support
            and (
                self.contract.support.credits
                or any(s.credits for s in self.contract.support.severities)
            )
        )
        comparison = ">=" if compliance >= required else "<"
        shares = "".join(
            f"; {s.kind} within {s.within} ({s.severity}, {self.windows[index].label}): "
            f"{s.met_tickets} of {s.judged_tickets} ticket(s) "
            f"{'>=' if s.met else '<'} {percent_text(s.required)} required"
            for index, result, _ in results
            for s in result.shares
        )
        explanation = (
            f"{tickets} ticket(s), {breached} breached, {pending} pending; "
            f"compliance {percent_text(compliance)} {comparison} {percent_text(required)} required"
            f"{shares}: {'met' if met else 'not met'}; {self._credit_text(credit, capped, has_credit)}"
        )
        return rp.SupportResult.model_validate(
            {
                "tickets": tickets,
                "breached": breached,
                "pending": pending,
                "compliance": percent_text(compliance),
                "target": f">= {percent_text(required)}",
                "met": met,
                "credit_percent": _percent(credit.share),
                "credit_amount": self._money(credit.amount),
                "capped": capped,
                "details": details,
                "explanation": explanation,
            }
        )

    # ---- totals --------------------------------------------------------------------------------

    def _period_total(
        self, index: int, lines: list[_Line]
    ) -> tuple[rp.PeriodCredit, cr.Credit, bool]:
        window = self.windows[index]
        compensation = self.contract.compensation or m.Compensation()
        combine = compensation.combine or "sum"
        total = cr.add([line.credit for line in lines], combine)
        fee = self._fee(window, None, None, (), None)
        total, capped = self._cap(("total",), compensation.caps, total, window, fee)
        capped = capped or any(line.capped for line in lines)
        steps = [f"{combine} of {len(lines)} credit(s)"]
        below = False
        if compensation.minimum_credit is not None and (total.amount or total.share):
            limit = cr.cap_limit(m.Cap(amount=compensation.minimum_credit), fee)
            below = (
                limit[1] is not None and total.amount is not None and total.amount < limit[1]
            ) or (
                limit[1] is None
                and limit[0] is not None
                and total.share is not None
                and total.share < limit[0]
            )
            if below:
                steps.append(
                    f"below the minimum credit {quantity(compensation.minimum_credit)}: nothing is owed"
                )
                total = cr.Credit(Fraction(0), Fraction(0), total.text)
        if total.amount is not None:
            steps.append(f"total {self._money_text(total.amount)}")
        if capped:
            steps.append("capped")
        claims = [c for c in self.inputs.claims if c.period in _labels(window)]
        claim = judge_claims(self.contract, window.end, self.tz, claims, below)
        item = rp.PeriodCredit(
            period=window.label,
            credit_percent=_percent(total.share),
            credit_amount=self._money(total.amount),
            capped=capped,
            claim=_claim(claim, self.tz),
            explanation="; ".join(steps),
        )
        return item, total, capped

    def report(self, inputs_sha256: str, reader: RecordsResult | RecordStream | None) -> rp.Report:
        objectives: list[rp.ObjectiveResult] = []
        excluded: list[rp.ExcludedRecord] = []
        supports: list[tuple[int, SupportResult, _Line]] = []
        periods: list[rp.PeriodCredit] = []
        totals: list[cr.Credit] = []
        capped = False
        for index in range(len(self.windows)):
            lines: list[_Line] = []
            for objective in self.contract.objectives:
                for own, home in self.own[objective.id]:
                    if home != index:
                        continue
                    for scope in self._scopes(objective):
                        item, line, gone = self._objective(objective, own, index, scope)
                        objectives.append(item)
                        lines.append(line)
                        excluded.extend(gone)
            judged = self._support(index)
            if judged is not None:
                supports.append((index, *judged))
                lines.append(judged[1])
            period_item, total, bit = self._period_total(index, lines)
            periods.append(period_item)
            totals.append(total)
            capped = capped or bit
        grand = cr.add(totals, "sum")
        first, last = self.windows[0], self.windows[-1]
        unique_excluded = {(x.kind, x.id) for x in excluded}
        diagnostics = reader.diagnostics if reader is not None else []
        rejected = reader.counts.rejected if reader is not None else 0
        duplicates = reader.counts.duplicates if reader is not None else 0
        inputs = rp.InputsInfo(
            read=self.inputs.read + rejected + duplicates,
            used=self.inputs.inside - len(unique_excluded),
            outside_period=self.inputs.outside,
            excluded=len(unique_excluded),
            rejected=rejected,
            duplicates=duplicates,
            sha256=inputs_sha256,
            excluded_records=excluded,
            rejected_records=[
                rp.RejectedRecord(
                    file=d.span.file if d.span else None,
                    line=d.span.line if d.span else None,
                    message=d.message,
                )
                for d in diagnostics
            ],
        )
        contract_json = self.contract.model_dump_json()
        return rp.Report(
            contract=rp.ContractInfo(
                name=self.contract.name,
                version=self.contract.version,
                sha256=hashlib.sha256(contract_json.encode()).hexdigest(),
            ),
            period=rp.PeriodInfo(
                start=first.start.isoformat(),
                end=last.end.isoformat(),
                timezone=self.tz,
                labels=[w.label for w in self.windows],
            ),
            as_of=_time(self.as_of, self.tz),
            inputs=inputs,
            objectives=objectives,
            support=self._support_report(supports),
            credits=rp.CreditsInfo(
                total_percent=_percent(grand.share) if len(totals) == 1 else None,
                total_amount=self._money(grand.amount),
                currency=self.currency,
                capped=capped,
                claim=periods[0].claim if len(periods) == 1 else None,
                periods=periods,
            ),
        )


def _percent(share: Fraction | None) -> str | None:
    return None if share is None else decimal_text(share * 100, 0) + "%"


def _time(moment: datetime | None, tz: str) -> str | None:
    return None if moment is None else moment.astimezone(zone(tz)).isoformat()


def _claim(claim: ClaimResult, tz: str) -> rp.ClaimInfo:
    return rp.ClaimInfo(
        status=claim.status,
        opens=_time(claim.opens, tz),
        closes=_time(claim.closes, tz),
        channel=claim.channel,
        claim=claim.claim,
        reason=claim.reason,
    )
