"""Bounded lint output: many findings of one rule in one block become one finding, and a file
reports at most `MAX_FINDINGS`, then one diagnostic that says how many were left out.

A block is the clause that holds a list of items: a credit table holds its tiers, a severity its
targets, the contract its objectives and calendars. When a rule finds more than `GROUP_AFTER`
problems in one block (1,999 overlapping rows of one table), it reports the first one, in the
text's order, with the count, and marks the next `GROUP_SHOWN` places as related spans.
"""

from __future__ import annotations

from collections.abc import Iterable

from slalang.diagnostics import Diagnostic, Level, Related
from slalang.source import ModelPath

GROUP_AFTER = 10
GROUP_SHOWN = 5
MAX_FINDINGS = 1000


def block_of(path: ModelPath) -> ModelPath:
    """The block that holds the item at `path`: the path before the list of its last index."""
    for at in range(len(path) - 1, 0, -1):
        if isinstance(path[at], int):
            return path[: at - 1]
    return ()


def group(found: Iterable[tuple[ModelPath, Diagnostic]]) -> list[Diagnostic]:
    """One rule's diagnostics, each with the model path it was found at; those of a block with
    more than `GROUP_AFTER` become one."""
    blocks: dict[ModelPath, list[Diagnostic]] = {}
    for path, d in found:
        blocks.setdefault(block_of(path), []).append(d)
    out: list[Diagnostic] = []
    for items in blocks.values():
        if len(items) <= GROUP_AFTER:
            out.extend(items)
            continue
        first, *rest = sorted(items, key=lambda d: d.sort_key)
        shown = [Related(span=d.span, message=d.message) for d in rest[:GROUP_SHOWN] if d.span]
        message = (
            f"{first.message}; and {len(rest)} more {first.code} findings in this block "
            f"(the next {len(shown)} are marked)"
        )
        out.append(
            first.model_copy(update={"message": message, "related": first.related + tuple(shown)})
        )
    return out


def cap(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """The first `MAX_FINDINGS` diagnostics in order, then one that counts the rest."""
    ordered = sorted(diagnostics, key=lambda d: d.sort_key)
    if len(ordered) <= MAX_FINDINGS:
        return ordered
    left_out = len(ordered) - MAX_FINDINGS
    notice = Diagnostic(
        code="SLA005",
        name="input-too-large",
        severity=Level.ERROR,
        message=f"lint stopped after {MAX_FINDINGS} findings, the limit per file; "
        f"{left_out} more were left out from here on",
        span=ordered[MAX_FINDINGS].span,
        hints=("fix the findings above, or lint fewer rules with --select",),
    )
    return [*ordered[:MAX_FINDINGS], notice]
