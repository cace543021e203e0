"""Records drawn from the JSON Schema that `slalang schema records` prints: every kind, every
optional field present or absent, values inside the schema's types, bounds and patterns."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from hypothesis import strategies as st

from slalang.schema import SCHEMAS

_OFFSETS = st.sampled_from((UTC, timezone(timedelta(hours=8)), timezone(timedelta(hours=-5))))
_TIMES = st.datetimes(
    min_value=datetime(2026, 9, 20), max_value=datetime(2026, 11, 10), timezones=_OFFSETS
).map(lambda moment: moment.isoformat())
_WORDS = st.sampled_from(("im", "rtc", "push", "S1", "S2", "urgent", "customer", "eu-west", "x"))
_FORMATS = {"date-time": _TIMES}


def _number(node: dict[str, Any], integer: bool) -> st.SearchStrategy[Any]:
    low = node.get("minimum", node.get("ge"))
    high = node.get("maximum", node.get("le"))
    if integer:
        return st.integers(low if low is not None else -10, high if high is not None else 10**6)
    return st.decimals(
        low if low is not None else -10,
        high if high is not None else 10**6,
        allow_nan=False,
        places=3,
    ).map(float)


def _object(node: dict[str, Any], defs: dict[str, Any]) -> st.SearchStrategy[Any]:
    required = set(node.get("required", ()))
    fields = {
        name: from_schema(inner, defs) if name in required else st.none() | from_schema(inner, defs)
        for name, inner in node.get("properties", {}).items()
    }
    return st.fixed_dictionaries(fields).map(
        lambda found: {name: value for name, value in found.items() if value is not None}
    )


def from_schema(node: dict[str, Any], defs: dict[str, Any]) -> st.SearchStrategy[Any]:
    """A strategy for the JSON values that `node` (with `$defs` `defs`) describes."""
    if "$ref" in node:
        return st.deferred(lambda: from_schema(defs[node["$ref"].rsplit("/", 1)[1]], defs))
    if "const" in node:
        return st.just(node["const"])
    if "enum" in node:
        return st.sampled_from(node["enum"])
    for key in ("oneOf", "anyOf"):
        if key in node:
            return st.one_of([from_schema(choice, defs) for choice in node[key]])
    kind = node.get("type")
    if kind == "string":
        if "format" in node:
            return _FORMATS[node["format"]]
        if "pattern" in node:
            return st.from_regex(node["pattern"], fullmatch=True)
        return _WORDS
    if kind in ("number", "integer"):
        return _number(node, kind == "integer")
    if kind == "array":
        return st.lists(
            from_schema(node.get("items", {}), defs),
            min_size=node.get("minItems", 0),
            max_size=node.get("maxItems", 3),
        )
    if kind == "object":
        return _object(node, defs)
    return {"boolean": st.booleans(), "null": st.none()}.get(kind, st.none())


def records() -> st.SearchStrategy[dict[str, Any]]:
    """One record of any kind, as the schema allows it."""
    schema = SCHEMAS["records"]()
    return from_schema(schema, schema["$defs"])
