"""Walks over a contract's parts with their model paths, shared by validation and the lint rules."""

from __future__ import annotations

from collections.abc import Iterator

from slalang.model import (
    AllOf,
    Amount,
    AnyOf,
    Cap,
    Compensation,
    Condition,
    Contract,
    Credit,
    DowntimeRef,
    KOf,
    MetricCondition,
    Objective,
    OutageCondition,
    Period,
    Quorum,
    Support,
    TierCredit,
)
from slalang.source import ModelPath


def credit_clauses(c: Contract) -> Iterator[tuple[ModelPath, Credit, Objective | None]]:
    """Every credit clause, with the objective it belongs to (None for support credits)."""
    for i, o in enumerate(c.objectives):
        for j, credit in enumerate(o.credits):
            yield ("objectives", i, "credits", j), credit, o
    if c.support is not None:
        for j, credit in enumerate(c.support.credits):
            yield ("support", "credits", j), credit, None
        for i, sev in enumerate(c.support.severities):
            for j, credit in enumerate(sev.credits):
                yield ("support", "severities", i, "credits", j), credit, None


def _cap_and_quote_blocks(
    c: Contract,
) -> Iterator[tuple[ModelPath, Objective | Support | Compensation]]:
    """The blocks that hold caps and quotes: each objective, then support, then compensation."""
    for i, o in enumerate(c.objectives):
        yield ("objectives", i), o
    if c.support is not None:
        yield ("support",), c.support
    if c.compensation is not None:
        yield ("compensation",), c.compensation


def caps(c: Contract) -> Iterator[tuple[ModelPath, Cap]]:
    for path, block in _cap_and_quote_blocks(c):
        for j, cap in enumerate(block.caps):
            yield (*path, "caps", j), cap


def credit_amounts(credit: Credit, path: ModelPath) -> Iterator[tuple[ModelPath, Amount]]:
    if isinstance(credit, TierCredit):
        for j, tier in enumerate(credit.tiers):
            yield (*path, "tiers", j, "amount"), tier.amount
    else:
        yield (*path, "amount"), credit.amount


def conditions(cond: Condition, path: ModelPath) -> Iterator[tuple[ModelPath, Condition]]:
    """A condition and all conditions nested in it."""
    yield path, cond
    if isinstance(cond, (AllOf, AnyOf, KOf)):
        for i, sub in enumerate(cond.conditions):
            yield from conditions(sub, (*path, "conditions", i))
    elif isinstance(cond, Quorum):
        yield from conditions(cond.condition, (*path, "condition"))


def all_conditions(c: Contract) -> Iterator[tuple[ModelPath, Condition]]:
    for i, d in enumerate(c.downtimes):
        yield from conditions(d.condition, ("downtimes", i, "condition"))
    for i, o in enumerate(c.objectives):
        if o.down_when is not None:
            yield from conditions(o.down_when, ("objectives", i, "down_when"))


Leaf = OutageCondition | MetricCondition


def objective_leaves(c: Contract) -> list[tuple[Leaf, ...]]:
    """For each objective, the distinct outage and metric conditions its `down when` reads,
    through downtime references (each downtime resolved once, depth first without recursion);
    () for an objective without `down when`."""
    direct: dict[str, tuple[list[Leaf], list[str]]] = {}
    for d in c.downtimes:
        direct.setdefault(d.id, _direct_leaves(d.condition))
    done: dict[str, dict[Leaf, None]] = {}
    started: set[str] = set()
    stack = [(name, False) for name in direct]
    while stack:
        name, expanded = stack.pop()
        if name in done or (name in started and not expanded):
            continue
        leaves, names = direct[name]
        if expanded:
            merged = dict.fromkeys(leaves)
            for n in names:
                merged.update(done.get(n, {}))
            done[name] = merged
        else:
            started.add(name)
            stack.append((name, True))
            stack.extend((n, False) for n in names if n in direct)
    out = []
    for o in c.objectives:
        leaves, names = _direct_leaves(o.down_when) if o.down_when else ([], [])
        merged = dict.fromkeys(leaves)
        for n in names:
            merged.update(done.get(n, {}))
        out.append(tuple(merged))
    return out


def _direct_leaves(cond: Condition) -> tuple[list[Leaf], list[str]]:
    """The outage and metric conditions in `cond`, and the downtimes it names."""
    found = [x for _, x in conditions(cond, ())]
    leaves = [x for x in found if isinstance(x, (OutageCondition, MetricCondition))]
    return leaves, [x.name for x in found if isinstance(x, DowntimeRef)]


def quotes(c: Contract) -> Iterator[tuple[ModelPath, str]]:
    for i, q in enumerate(c.quotes):
        yield ("quotes", i), q
    for path, block in _cap_and_quote_blocks(c):
        for j, q in enumerate(block.quotes):
            yield (*path, "quotes", j), q


def objective_period(c: Contract, o: Objective) -> Period | None:
    return o.period if o.period is not None else c.period
