"""Renders docs/editors.png: a contract highlighted by sla.tmLanguage.json (through tmtokens.py)
with the diagnostics `slalang lint` gives it, as an editor shows them, photographed by Debian's
headless Chromium.

    python editors/textmate/screenshot.py [--chromium /usr/bin/chromium]
"""

from __future__ import annotations

import argparse
import html
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import slalang  # noqa: E402
from tmtokens import Token, load  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "docs" / "editors.png"
SOURCE = """contract "Acme Chat Enterprise SLA" version "2026-01" {
    provider "Acme Cloud"
    currency CNY
    fee monthly_fee "Monthly subscription fee"
    period calendar month

    service im "Instant messaging"

    objective availability im_availability "IM availability" {
        service im
        slice 1 minute
        partial slices count as down
        target >= 99.9%
        # slalang: disable-next-line=SLA406 -- no minimum, agreed in annex B
        credit of monthly_fee {
            [99.0%, 99.9%) -> 10%
            [0%, 95.0%) -> 50%
        }
    }

    compensation {
        rounding half_even 0.01
        form invoice_credit
        claim from period end to 30 days after period end
    }
}
"""
COLOURS = {
    "comment": "#6a9955",
    "punctuation.definition.comment": "#6a9955",
    "punctuation.separator.reason": "#6a9955",
    "string": "#ce9178",
    "constant.numeric": "#b5cea8",
    "constant.language": "#4fc1ff",
    "constant.other.rule-code": "#4fc1ff",
    "support.constant": "#4ec9b0",
    "support.type": "#4ec9b0",
    "storage.type": "#569cd6",
    "keyword.other.unit": "#dcdcaa",
    "keyword.other.directive": "#c586c0",
    "keyword.operator.word": "#c586c0",
    "keyword": "#c586c0",
    "entity.name": "#dcdcaa",
}


def colour(scopes: tuple[str, ...]) -> str:
    for prefix, value in COLOURS.items():
        if scopes and scopes[-1].startswith(prefix):
            return value
    return "#d4d4d4"


def line_html(text: str, tokens: list[Token], marks: list[tuple[int, int, str]]) -> str:
    """One line: coloured tokens, then the diagnostics' wavy underlines over their columns."""
    colours = ["#d4d4d4"] * len(text)
    for t in sorted(tokens, key=lambda t: -(t.end - t.start)):
        for i in range(t.start, t.end):
            colours[i] = colour(t.scopes)
    marked = [""] * len(text)
    for start, end, level in marks:
        for i in range(max(0, start), min(end, len(text))):
            marked[i] = level
    out = []
    for i, char in enumerate(text):
        style = f"color:{colours[i]}"
        if marked[i]:
            style += f";text-decoration:underline wavy {'#f14c4c' if marked[i] == 'error' else '#cca700'}"
        out.append(f'<span style="{style}">{html.escape(char)}</span>')
    return "".join(out)


def page() -> str:
    tokens = load().tokenize(SOURCE)
    found = slalang.lint(SOURCE, path="acme.sla")
    rows = []
    for number, text in enumerate(SOURCE.rstrip("\n").split("\n")):
        marks = [
            (
                d.span.column - 1,
                d.span.end_column - 1 if d.span.end_line == d.span.line else len(text),
                d.severity.value,
            )
            for d in found
            if d.span is not None and d.span.line == number + 1
        ]
        body = line_html(text, [t for t in tokens if t.line == number], marks)
        rows.append(f'<div><span class="n">{number + 1}</span>{body}</div>')
        for d in found:
            if d.span is not None and d.span.line == number + 1:
                rows.append(
                    f'<div class="msg {d.severity.value}">{html.escape(d.code)} '
                    f"{html.escape(d.message)}</div>"
                )
    return f"""<!doctype html><meta charset="utf-8"><style>
body{{margin:0;background:#1e1e1e;font:15px/1.5 'DejaVu Sans Mono',monospace;white-space:pre;padding:14px}}
.n{{color:#858585;display:inline-block;width:2.5em;text-align:right;margin-right:1.2em}}
.msg{{margin-left:3.7em;padding:2px 8px;border-left:3px solid;background:#252526;color:#ccc;font-size:13px}}
.error{{border-color:#f14c4c}}.warning{{border-color:#cca700}}.info{{border-color:#3794ff}}
</style>{"".join(rows)}"""


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    options.add_argument("--chromium", default="chromium")
    args = options.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        document = Path(folder) / "contract.html"
        document.write_text(page(), encoding="utf-8")
        subprocess.run(
            [
                args.chromium,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                f"--screenshot={OUT}",
                "--window-size=1100,700",
                document.as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
