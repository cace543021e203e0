"""Prometheus HTTP API `query_range` results (`resultType: matrix`).

An input is `PATH` or `ROLE=PATH` with ROLE `probe` (the default), `total`, `good` or `failed`.
Probe series (`probe_success`, `up`, ...) give outages: each sample stands for the step that starts
at it, a sample below `up_at_least` is down, and a run of down samples is one outage from its first
sample to one step past its last. Missing samples and `NaN` give `gap` records (no data). Counter
series give one `counts` record per sample over the step that ends at it (what `increase(x[step])`
at that time counts); `total` is matched with `good` or `failed` by labels (without `__name__`).
The step is `[prometheus] step` of the mapping, else the smallest spacing of a series' samples.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any, Literal

from slalang.importers.build import ImportContext, make, obj, objs
from slalang.importers.failure import ImportFailure
from slalang.importers.inputs import read_json
from slalang.importers.times import TimeError, from_epoch
from slalang.numbers import NumberError, check_decimal, parse_decimal, shown
from slalang.records.model import Record

SOURCE = "prometheus"
ROLES = ("probe", "total", "good", "failed")
_UNITS = {"ms": Decimal("0.001"), "s": Decimal(1), "m": Decimal(60), "h": Decimal(3600)}
State = Literal["up", "down", "none"]


@dataclass(frozen=True)
class Series:
    file: str
    labels: dict[str, str]
    samples: list[tuple[Decimal, Decimal]]  # (epoch seconds, value); NaN is a Decimal NaN

    @property
    def selector(self) -> str:
        name = self.labels.get("__name__", "")
        inner = ",".join(f'{k}="{v}"' for k, v in sorted(self.labels.items()) if k != "__name__")
        return f"{name}{{{inner}}}"

    @property
    def match_key(self) -> tuple[tuple[str, str], ...]:
        return tuple(sorted((k, v) for k, v in self.labels.items() if k != "__name__"))


def split_input(argument: str) -> tuple[str, str]:
    """`ROLE=PATH` -> (role, path); a plain path is a probe."""
    role, sep, path = argument.partition("=")
    if sep and role in ROLES:
        return role, path
    return "probe", argument


_SPECIAL = {"NaN": Decimal("NaN"), "+Inf": Decimal("Infinity"), "-Inf": Decimal("-Infinity")}


def _number(value: object, file: str, where: str, *, special: bool = False) -> Decimal:
    """A sample's time or (with `special`: `NaN`, `+Inf` and `-Inf` too) value, within bounds."""
    if special and isinstance(value, str) and value in _SPECIAL:
        return _SPECIAL[value]
    try:
        if isinstance(value, bool) or not isinstance(value, (str, int, Decimal)):
            raise NumberError(f"{shown(repr(value))} is not a number")
        return parse_decimal(value) if isinstance(value, str) else check_decimal(Decimal(value))
    except NumberError as exc:
        raise ImportFailure(file, where, str(exc)) from None


def read(path: str) -> list[Series]:
    """The series of one `query_range` response."""
    document = read_json(path)
    if not isinstance(document, dict) or not isinstance(document.get("data"), dict):
        raise ImportFailure(path, None, "not a Prometheus API response (no 'data' object)")
    if document.get("status") != "success":
        raise ImportFailure(
            path, None, f"the query failed: {document.get('error', 'no error text')}"
        )
    data = document["data"]
    if data.get("resultType") != "matrix":
        raise ImportFailure(
            path, None, f"resultType {data.get('resultType')!r}: query_range returns a matrix"
        )
    found: list[Series] = []
    for index, item in enumerate(objs(data.get("result"), path, "data", "result")):
        where = f"result[{index}]"
        if not isinstance(item.get("values"), list):
            raise ImportFailure(path, where, "a series needs 'metric' and 'values'")
        labels = {str(k): str(v) for k, v in obj(item.get("metric"), path, where, "metric").items()}
        samples = []
        for number, pair in enumerate(item["values"]):
            at = f"{where}.values[{number}]"
            if not isinstance(pair, list) or len(pair) != 2:
                raise ImportFailure(path, at, 'a sample is [time, "value"]')
            samples.append((_number(pair[0], path, at), _number(pair[1], path, at, special=True)))
        samples.sort(key=lambda sample: sample[0])
        found.append(Series(path, labels, samples))
    return found


def _step(series: Series, ctx: ImportContext) -> Decimal:
    configured = ctx.mapping.file.prometheus.step
    if configured is not None:
        unit = "ms" if configured.endswith("ms") else configured[-1]
        return Decimal(configured[: -len(unit)]) * _UNITS[unit]
    spacings = [b[0] - a[0] for a, b in zip(series.samples, series.samples[1:], strict=False)]
    if not spacings or min(spacings) <= 0:
        raise ImportFailure(
            series.file,
            series.selector,
            "cannot tell the step from fewer than two distinct samples",
            ('set step = "15s" (the query\'s step) under [prometheus] in the mapping',),
        )
    return min(spacings)


def _time(seconds: Decimal, series: Series) -> datetime:
    try:
        return from_epoch(seconds, digits=0)  # the API writes seconds, whatever the magnitude
    except TimeError as exc:
        raise ImportFailure(series.file, series.selector, str(exc)) from None


def _service(series: Series, ctx: ImportContext) -> tuple[str | None, tuple[str, ...]]:
    options = ctx.mapping.file.prometheus
    name = series.labels.get(options.service_label)
    if name is None:
        raise ImportFailure(
            series.file,
            series.selector,
            f"no label {options.service_label!r} to name the service",
            ("set service_label under [prometheus] in the mapping",),
        )
    scope = tuple(series.labels[label] for label in options.scope_labels if label in series.labels)
    return ctx.service((name,), series.selector, series.file), scope


def _runs(
    series: Series, step: Decimal, ctx: ImportContext
) -> Iterator[tuple[State, Decimal, Decimal]]:
    """Maximal runs of one state (`down`, `none` for no data, `up`) as (state, start, end)."""
    threshold = Decimal(ctx.mapping.file.prometheus.up_at_least)
    current: tuple[State, Decimal, Decimal] | None = None
    for at, value in series.samples:
        state: State = "none" if value.is_nan() else "down" if value < threshold else "up"
        if current is not None and at > current[2]:
            yield current
            current = ("none", current[2], at)  # samples missing between
        if current is not None and current[0] == state:
            current = (state, current[1], at + step)
            continue
        if current is not None:
            yield current
        current = (state, at, at + step)
    if current is not None:
        yield current


def _probe(series: Series, ctx: ImportContext) -> list[Record]:
    step = _step(series, ctx)
    service, scope = _service(series, ctx)
    if service is None:
        return []
    out: list[Record] = []
    options = ctx.mapping.file.prometheus
    for state, start, end in _runs(series, step, ctx):
        if state == "up":
            continue
        kind = "outage" if state == "down" else "gap"
        fields: dict[str, Any] = {
            "id": f"{SOURCE}:{kind}:{series.selector}@{start}",
            "source": SOURCE,
            "source_id": series.selector,
            "service": service,
            "start": _time(start, series),
            "end": _time(end, series),
            "scope": scope,
        }
        if kind == "outage":
            fields |= {
                "impact": options.impact,
                "title": f"{series.selector} below {options.up_at_least}",
            }
        out.append(make(kind, fields, series.file, f"{series.selector} at {start}"))
    return out


def _count(value: Decimal, series: Series, at: Decimal) -> int:
    if not value.is_finite() or value != value.to_integral_value() or value < 0:
        raise ImportFailure(
            series.file,
            f"{series.selector} at {at}",
            f"{value} is not a whole count",
            ("increase() extrapolates to fractions: query round(increase(...)) instead",),
        )
    return int(value)


def _counts(total: Series, part: Series, role: str, ctx: ImportContext) -> list[Record]:
    step = _step(total, ctx)
    service, scope = _service(total, ctx)
    if service is None:
        return []
    values = dict(part.samples)
    out: list[Record] = []
    for at, value in total.samples:
        where = f"{total.selector} at {at}"
        if at not in values:
            raise ImportFailure(part.file, where, f"no {role} sample at this time")
        fields = {
            "id": f"{SOURCE}:counts:{total.selector}@{at}",
            "source": SOURCE,
            "source_id": total.selector,
            "service": service,
            "interval_start": _time(at - step, total),
            "interval_end": _time(at, total),
            "total": _count(value, total, at),
            role: _count(values[at], part, at),
            "scope": scope,
        }
        out.append(make("counts", fields, total.file, where))
    return out


def run(arguments: Sequence[str], ctx: ImportContext) -> list[Record]:
    by_role: dict[str, list[Series]] = {role: [] for role in ROLES}
    for argument in arguments:
        role, path = split_input(argument)
        by_role[role].extend(read(path))
    out = [record for series in by_role["probe"] for record in _probe(series, ctx)]
    parts = [(role, series) for role in ("good", "failed") for series in by_role[role]]
    if parts and not by_role["total"]:
        raise ImportFailure(parts[0][1].file, None, "good/failed series need total=PATH series")
    for total in by_role["total"]:
        match = [(role, s) for role, s in parts if s.match_key == total.match_key]
        if len(match) != 1:
            what = "no" if not match else "more than one"
            raise ImportFailure(
                total.file, total.selector, f"{what} good=/failed= series with the same labels"
            )
        role, part = match[0]
        out.extend(_counts(total, part, role, ctx))
    return out
