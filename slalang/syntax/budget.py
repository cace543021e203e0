"""The contract budget: how many clauses, credit tiers, formula terms and downtime definitions a
contract may have. Checked on the parse tree, without recursion, before lowering: lowering and
the model recurse into a formula, and each later stage works per clause.

The limits are far above any real SLA (the largest in `contracts/real/` has 3 tiers per table,
3 objectives and 5 support severities) and are documented in `docs/language.md`.
"""

from __future__ import annotations

from collections.abc import Iterator

from lark import Token, Tree

from slalang.diagnostics import Diagnostic, Level, Span

MAX_CLAUSES = 10_000  # statements in the whole contract, at every level
MAX_TIERS = 5_000  # rows of one credit table
MAX_FORMULA_TERMS = 100  # numbers and variables in one formula
MAX_DOWNTIMES = 100  # downtime definitions

BLOCKS = frozenset(
    {"contract", "calendar", "objective", "support", "severity", "compensation", "example"}
    | {"record", "expect", "tier_credit"}
)


def _walk(tree: Tree[Token]) -> Iterator[tuple[Tree[Token], bool]]:
    """Every node in the order of the text, and whether it is a statement (a clause inside a
    block); not inside formulas (see `_terms`), and without recursion."""
    pending = [(tree, False)]
    while pending:
        node, statement = pending.pop()
        yield node, statement
        if node.data != "formula":
            block = node.data in BLOCKS
            pending.extend((c, block) for c in reversed(node.children) if isinstance(c, Tree))


def _terms(formula: Tree[Token]) -> int:
    pending, count = [formula], 0
    while pending:
        node = pending.pop()
        count += node.data in ("number", "variable")
        pending.extend(c for c in node.children if isinstance(c, Tree))
    return count


def _too_large(node: Tree[Token], file: str | None, message: str) -> Diagnostic:
    meta = node.meta
    return Diagnostic(
        code="SLA005",
        name="input-too-large",
        severity=Level.ERROR,
        message=message,
        span=Span(
            file=file,
            line=meta.line,
            column=meta.column,
            end_line=meta.end_line,
            end_column=meta.end_column,
        ),
        hints=("split the contract, or write the clause more compactly",),
    )


def check_budget(tree: Tree[Token], file: str | None) -> list[Diagnostic]:
    """One SLA005 diagnostic per limit the contract exceeds, at the first clause past it."""
    found: dict[str, Diagnostic] = {}
    clauses = downtimes = 0
    for node, statement in _walk(tree):
        clauses += statement
        if statement and clauses == MAX_CLAUSES + 1:
            found["clauses"] = _too_large(
                node, file, f"the contract has more than {MAX_CLAUSES:,} clauses, the limit"
            )
        downtimes += node.data == "downtime"
        if node.data == "downtime" and downtimes == MAX_DOWNTIMES + 1:
            found["downtimes"] = _too_large(
                node, file, f"more than {MAX_DOWNTIMES} downtime definitions, the limit"
            )
        if node.data == "tier_credit" and "tiers" not in found:
            tiers = [c for c in node.children if isinstance(c, Tree) and c.data == "tier"]
            if len(tiers) > MAX_TIERS:
                found["tiers"] = _too_large(
                    tiers[MAX_TIERS],
                    file,
                    f"this credit table has {len(tiers):,} tiers; the limit is {MAX_TIERS:,}",
                )
        if node.data == "formula" and "terms" not in found:
            terms = _terms(node)
            if terms > MAX_FORMULA_TERMS:
                found["terms"] = _too_large(
                    node,
                    file,
                    f"this formula has {terms:,} terms; the limit is {MAX_FORMULA_TERMS}",
                )
    return sorted(found.values(), key=lambda d: d.sort_key)
