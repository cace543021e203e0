"""Half-open time intervals on integer microseconds, plain and weighted.

`Intervals` is a sorted list of disjoint, non-touching `(start, end)` pairs. A *timeline* is a
sorted list of disjoint `(start, end, weight)` segments with `0 < weight <= 1`: the share of the
service that is down (1 = fully down). Union takes the larger weight, intersection the smaller,
so overlapping records are never counted twice.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
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
        if start >= end or weight.numerator <= 0:
            continue
        if out and out[-1][1] == start and (out[-1][2] is weight or out[-1][2] == weight):
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
    """The sum of length times weight, exactly. Lengths are summed per weight object first (a
    timeline's segments share a few weight objects; grouping changes no exact sum)."""
    by_weight: dict[int, tuple[Fraction, int]] = {}
    for s, e, w in line:
        key = id(w)
        known = by_weight.get(key)
        by_weight[key] = (w, e - s) if known is None else (w, known[1] + e - s)
    return sum((w * n for w, n in by_weight.values()), Fraction(0))


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
    """Down where at least `k` inputs are down, with the k-th largest weight.

    One sweep over every segment's start and end, keeping how many inputs are down at each
    weight: the cost grows with the segments and the distinct weights, not with segments times
    inputs (a quorum over 10,000 scopes is 10,000 inputs)."""
    if k > len(lines):
        return []
    events: dict[int, list[tuple[Fraction, int]]] = {}
    for line in lines:
        for start, end, weight in line:
            events.setdefault(start, []).append((weight, 1))
            events.setdefault(end, []).append((weight, -1))
    down: dict[Fraction, int] = {}  # inputs down at each weight, now
    out: Timeline = []
    bounds = sorted(events)
    for start, end in itertools.pairwise(bounds):
        for weight, step in events[start]:
            down[weight] = down.get(weight, 0) + step
        out.append((start, end, _kth_largest(down, k)))
    return _normalise(out)


def _kth_largest(down: dict[Fraction, int], k: int) -> Fraction:
    """The k-th largest weight of the inputs down (counted by weight); 0 when fewer are down."""
    seen = 0
    for weight in sorted((w for w, n in down.items() if n), reverse=True):
        seen += down[weight]
        if seen >= k:
            return weight
    return Fraction(0)


def restrict(line: Timeline, spans: Intervals) -> Timeline:
    """The timeline inside `spans` only (at most weight 1)."""
    return _normalise(_cut(line, spans, inside=True))


def remove(line: Timeline, spans: Intervals) -> Timeline:
    """The timeline outside `spans`."""
    if not spans:
        return line
    return _normalise(_cut(line, spans, inside=False))


def _cut(line: Timeline, spans: Intervals, inside: bool) -> Iterator[tuple[int, int, Fraction]]:
    """The pieces of the timeline's segments inside (or outside) the sorted, disjoint `spans`,
    in order, in one merge of the two lists."""
    j = 0
    for start, end, weight in line:
        if inside and weight > 1:
            weight = ONE
        while j < len(spans) and spans[j][1] <= start:
            j += 1
        cursor, k = start, j
        while k < len(spans) and spans[k][0] < end:
            low, high = max(cursor, spans[k][0]), min(end, spans[k][1])
            if inside and low < high:
                yield low, high, weight
            elif not inside and cursor < low:
                yield cursor, low, weight
            cursor = max(cursor, high)
            k += 1
        if not inside and cursor < end:
            yield cursor, end, weight


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
