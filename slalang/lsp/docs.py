"""The documentation the server shows: entries of docs/language.md and links to docs/rules.md.

The pages live in a source checkout (they are not in the wheel); without them hovers fall back
to the rule catalogue and diagnostics carry no link.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

_DOCS = Path(__file__).resolve().parents[2] / "docs"
_CODE = re.compile(r"`([^`]+)`")
MAX_ENTRY_LINES = 24


def rule_href(anchor: str) -> str | None:
    """A link to a code's entry in docs/rules.md, when the page exists."""
    page = _DOCS / "rules.md"
    return f"{page.as_uri()}#{anchor}" if page.is_file() else None


@functools.cache
def _language() -> tuple[str, ...]:
    page = _DOCS / "language.md"
    return tuple(page.read_text(encoding="utf-8").split("\n")) if page.is_file() else ()


def _section(lines: tuple[str, ...], start: int) -> str:
    """A heading and its text up to the next heading or table, at most `MAX_ENTRY_LINES`."""
    out = [lines[start]]
    for line in lines[start + 1 : start + MAX_ENTRY_LINES]:
        if line.startswith("#") or line.startswith("|"):
            break
        out.append(line)
    return "\n".join(out).strip()


def _row(cells: list[str], heading: str) -> str:
    return "\n\n".join(cell for cell in cells if cell) + f"\n\n(docs/language.md: {heading})"


def keyword_entry(word: str) -> str | None:
    """The entry of a keyword in docs/language.md: the section named after it, else the first
    table row whose syntax starts with it."""
    lines = _language()
    heading = ""
    for index, line in enumerate(lines):
        if line.startswith("## ") or line.startswith("### "):
            heading = line.lstrip("#").strip()
            first = heading.split()[0].lower()
            if word in (first, first.removesuffix("s")):
                return _section(lines, index)
    for line in lines:
        if line.startswith("#"):
            heading = line.lstrip("#").strip()
        if not line.startswith("|"):
            continue
        cells = [cell.strip() for cell in line.strip("|").split(" | ")]
        codes = [c for cell in cells for c in _CODE.findall(cell)]
        if any(c == word or c.startswith(word + " ") for c in codes[:2]):
            return _row(cells, heading)
    return None
