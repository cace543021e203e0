"""Half-open time intervals on integer microseconds, plain and weighted.

`Intervals` is a sorted list of disjoint, non-touching `(start, end)` pairs. A *timeline* is a
sorted list of disjoint `(start, end, weight)` segments with `0 < weight <= 1`: the share of the
service that is down (1 = fully down). Union takes the larger weight, intersection the smaller,
so overlapping records are never counted twice.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from fractions import Fraction

from slalang.model import SliceRule

Intervals = list[tuple[int, int]]
Timeline = list[tuple[int, int, Fraction]]

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
US_PER_SECOND = 1_000_000
US_PER_MINUTE = 60 * US_PER_SECOND
ONE = Fraction(1)


def to_us(moment: datetime) -> int:
    """An aware datetime as exact integer microseconds since the Unix epoch."""
    delta = moment - EPOCH
    return (delta.days * 86_400 + delta.seconds) * US_PER_SECOND + delta.microseconds


def from_us(value: int) -> datetime:
    return EPOCH + timedelta(microseconds=value)


def merge(spans: Iterable[tuple[int, int]]) -> Intervals:
    """Sort and merge overlapping or touching spans; empty spans vanish."""
    out: Intervals = []
    for start, end in sorted(s for s in spans if s[0] < s[1]):
        if out and start <= out[-1][1]:
            if end > out[-1][1]:
                out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def length(spans: Iterable[tuple[int, int]]) -> int:
    return sum(end - start for start, end in spans)


def intersect(a: Intervals, b: Intervals) -> Intervals:
    out: Intervals = []
    i = j = 0
    while i < len(a) and j < len(b):
        start, end = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if start < end:
            out.append((start, end))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return out


def subtract(a: Intervals, b: Intervals) -> Intervals:
    """The parts of `a` not covered by `b`."""
    out: Intervals = []
    j = 0
    for start, end in a:
        cursor = start
        while j < len(b) and b[j][1] <= cursor:
            j += 1
        k = j
        while k < len(b) and b[k][0] < end:
            if b[k][0] > cursor:
                out.append((cursor, b[k][0]))
            cursor = max(cursor, b[k][1])
            k += 1
        if cursor < end:
            out.append((cursor, end))
    return out


def clip(spans: Intervals, start: int, end: int) -> Intervals:
    return intersect(spans, [(start, end)]) if start < end else []


# ---- timelines ---------------------------------------------------------------------------------


def _normalise(segments: Iterable[tuple[int, int, Fraction]]) -> Timeline:
    """Join touching segments of equal weight; drop empty and zero-weight ones."""
    out: Timeline = []
    for start, end, weight in segments:
        if start >= end or weight <= 0:
            continue
        if out and out[-1][1] == start and out[-1][2] == weight:
            out[-1] = (out[-1][0], end, weight)
        else:
            out.append((start, end, weight))
    return out


def timeline(pieces: Iterable[tuple[int, int, Fraction]]) -> Timeline:
    """Overlapping weighted pieces (weights above 0) as one timeline: at each instant the largest
    weight wins."""
    layers: dict[Fraction, list[tuple[int, int]]] = {}
    for start, end, weight in pieces:
        if start < end:
            layers.setdefault(weight, []).append((start, end))
    return layered(layers)


def layered(layers: Mapping[Fraction, list[tuple[int, int]]]) -> Timeline:
    """Intervals grouped by weight (above 0) as one timeline: the largest weight wins."""
    merged = [
        [(s, e, w) for s, e in merge(spans)] for w, spans in sorted(layers.items(), reverse=True)
    ]
    if len(merged) == 1:
        return merged[0]
    return combine(merged, max)


def of_intervals(spans: Intervals, weight: Fraction = ONE) -> Timeline:
    return [(s, e, weight) for s, e in spans]


def covered(line: Timeline) -> Intervals:
    """Where the timeline is down at all, as intervals."""
    return merge((s, e) for s, e, _ in line)


def weighted_length(line: Timeline) -> Fraction:
    return sum((Fraction(e - s) * w for s, e, w in line), Fraction(0))


def combine(lines: Sequence[Timeline], pick: Callable[[list[Fraction]], Fraction]) -> Timeline:
    """Sweep several timelines; on each elementary piece `pick` the weight from all inputs' weights
    (0 where an input is up)."""
    bounds = sorted({t for line in lines for s, e, _ in line for t in (s, e)})
    cursors = [0] * len(lines)
    out: list[tuple[int, int, Fraction]] = []
    for start, end in itertools.pairwise(bounds):
        weights: list[Fraction] = []
        for index, line in enumerate(lines):
            c = cursors[index]
            while c < len(line) and line[c][1] <= start:
                c += 1
            cursors[index] = c
            covered = c < len(line) and line[c][0] <= start
            weights.append(line[c][2] if covered else Fraction(0))
        out.append((start, end, pick(weights)))
    return _normalise(out)


def union(lines: Sequence[Timeline]) -> Timeline:
    return combine(lines, max) if len(lines) != 1 else lines[0]


def intersection(lines: Sequence[Timeline]) -> Timeline:
    return combine(lines, min) if len(lines) != 1 else lines[0]


def at_least(k: int, lines: Sequence[Timeline]) -> Timeline:
    """Down where at least `k` inputs are down, with the k-th largest weight."""
    if k > len(lines):
        return []
    return combine(lines, lambda ws: sorted(ws, reverse=True)[k - 1])


def restrict(line: Timeline, spans: Intervals) -> Timeline:
    """The timeline inside `spans` only."""
    return combine([line, of_intervals(spans)], min)


def remove(line: Timeline, spans: Intervals) -> Timeline:
    """The timeline outside `spans`."""
    if not spans:
        return line
    return combine([line, of_intervals(spans)], lambda ws: ws[0] if ws[1] == 0 else Fraction(0))


def drop_short_runs(line: Timeline, minimum: int) -> Timeline:
    """Remove every run (a maximal stretch of down time) shorter than `minimum` microseconds."""
    runs = covered(line)
    keep = [(s, e) for s, e in runs if e - s >= minimum]
    return restrict(line, keep) if len(keep) != len(runs) else line


def quantise(line: Timeline, origin: int, size: int, rule: SliceRule) -> Timeline:
    """Snap a timeline to slices of `size` aligned on `origin`.

    `down`: a slice with any down time is down, at the largest weight inside it. `up`: a slice is
    down only when down all through, at the smallest weight inside it. `proportional`: unchanged.
    """
    if rule == "proportional":
        return line
    whole: list[tuple[int, int, Fraction]] = []
    partial: dict[int, list[tuple[int, Fraction]]] = {}
    for start, end, weight in line:
        first = -((origin - start) // size)  # the first slice starting at or after `start`
        last = (end - origin) // size  # the slice holding `end` (exclusive)
        head_end = min(end, origin + first * size)
        pieces = [(start, head_end)]
        if first < last:
            whole.append((origin + first * size, origin + last * size, weight))
            pieces.append((origin + last * size, end))
        else:
            pieces.append((head_end, end))
        for s, e in pieces:
            if s < e:
                partial.setdefault((s - origin) // size, []).append((e - s, weight))
    for index, parts in partial.items():
        s = origin + index * size
        if rule == "down":
            whole.append((s, s + size, max(w for _, w in parts)))
        elif sum(n for n, _ in parts) == size:
            whole.append((s, s + size, min(w for _, w in parts)))
    return _normalise(sorted(whole))


def weighted_overlaps(
    line: Timeline, pieces: Iterable[tuple[int, int, int]]
) -> dict[int, Fraction]:
    """For disjoint `(start, end, owner)` pieces, the weighted length of `line` inside each
    owner's pieces, in one sweep."""
    out: dict[int, Fraction] = {}
    i = 0
    for start, end, owner in sorted(pieces):
        while i < len(line) and line[i][1] <= start:
            i += 1
        j = i
        while j < len(line) and line[j][0] < end:
            low, high = max(start, line[j][0]), min(end, line[j][1])
            if low < high:
                out[owner] = out.get(owner, Fraction(0)) + (high - low) * line[j][2]
            j += 1
    return out
