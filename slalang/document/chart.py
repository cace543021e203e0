"""An objective's credit curve as an inline SVG (no script, no external reference).

Coordinates are floats: they place lines on a picture and decide nothing; the exact curve is in
`slalang.curves` and in `slalang compare`. A closed end is a filled dot, an open end a hollow one.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from markupsafe import Markup

from slalang.curves import Piece
from slalang.document.writer import Writer
from slalang.wording import number, percent

WIDTH, HEIGHT = 520, 220
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 40


def _range(pieces: Sequence[Piece], latency: bool) -> tuple[Fraction, Fraction]:
    cuts = sorted({p.low for p in pieces} | {p.high for p in pieces if p.high is not None})
    if latency:
        top = max(cuts) if cuts else Fraction(1)
        return Fraction(0), (top * 2) or Fraction(1)
    inner = [c for c in cuts if 0 < c < 1]
    low = min(inner) if inner else Fraction(9, 10)
    return max(Fraction(0), low - (1 - low) / 4), Fraction(1)


def svg(pieces: Sequence[Piece], kind: str, unit: str, w: Writer) -> Markup:
    """The curve of `pieces` between the most interesting measured values."""
    latency = kind == "latency"
    x0, x1 = _range(pieces, latency)
    top = max((max(p.start, p.end) for p in pieces), default=Fraction(0)) or Fraction(1)

    def x(v: Fraction) -> float:
        return LEFT + float((min(max(v, x0), x1) - x0) / (x1 - x0)) * (WIDTH - LEFT - RIGHT)

    def y(v: Fraction) -> float:
        return HEIGHT - BOTTOM - float(v / top) * (HEIGHT - TOP - BOTTOM)

    parts = [
        f'<line class="axis" x1="{LEFT}" y1="{HEIGHT - BOTTOM}" x2="{WIDTH - RIGHT}" y2="{HEIGHT - BOTTOM}"/>',
        f'<line class="axis" x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{HEIGHT - BOTTOM}"/>',
        f'<text x="{LEFT - 6}" y="{y(top) + 4:.1f}" text-anchor="end">{number(top)}</text>',
        f'<text x="{LEFT - 6}" y="{y(Fraction(0)) + 4:.1f}" text-anchor="end">0</text>',
    ]
    shown = (lambda v: f"{number(v)} ms") if latency else percent
    ticks = sorted({p.low for p in pieces if x0 < p.low < x1} | {x1})
    for i, t in enumerate(ticks):
        dy = 14 + 12 * (i % 2)  # alternate rows so that close ticks do not overlap
        parts.append(
            f'<text x="{x(t):.1f}" y="{HEIGHT - BOTTOM + dy}" text-anchor="middle">{shown(t)}</text>'
        )
    for p in pieces:
        high = x1 if p.high is None else p.high
        if high < x0 or p.low > x1:
            continue
        if p.point:
            parts.append(
                f'<circle class="closed" cx="{x(p.low):.1f}" cy="{y(p.start):.1f}" r="3"/>'
            )
            continue
        lo, hi = max(p.low, x0), min(high, x1)
        parts.append(
            f'<line class="curve" x1="{x(lo):.1f}" y1="{y(p.at(lo)):.1f}" '
            f'x2="{x(hi):.1f}" y2="{y(p.at(hi)):.1f}"/>'
        )
        for end, closed, value in ((p.low, p.low_closed, p.start), (high, p.high_closed, p.end)):
            if x0 <= end <= x1 and p.high is not None:
                cls = "closed" if closed else "open"
                parts.append(f'<circle class="{cls}" cx="{x(end):.1f}" cy="{y(value):.1f}" r="3"/>')
    label = w.text(f"{w.locale.heading('credit')} ({unit})")
    body = "".join(parts)
    return Markup(
        f'<svg class="credit-curve" xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" '
        f'height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{label}">'
        f"<title>{label}</title>{body}</svg>"
    )
