"""The JSON Schemas that `slalang schema NAME` prints: one line per schema in `SCHEMAS`."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from pydantic import TypeAdapter

from slalang.evaluate.report import Report
from slalang.model import Contract
from slalang.records.model import RECORD_TYPES, SCHEMA, AnyRecord


def records_schema() -> dict[str, Any]:
    """One record, as a line of JSON Lines or an item of a document's `records`."""
    schema = TypeAdapter(AnyRecord).json_schema()
    for model in RECORD_TYPES.values():  # the tag has a default in Python, not in the input
        schema["$defs"][model.__name__]["required"].insert(0, "kind")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"{SCHEMA} record",
        "description": (
            "One incident record: a line of a .jsonl file, an item of "
            f'{{"schema": "{SCHEMA}", "records": [...]}}, or a CSV row.'
        ),
        **schema,
    }


def contract_schema() -> dict[str, Any]:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **Contract.model_json_schema(),
    }


def report_schema() -> dict[str, Any]:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **Report.model_json_schema(),
    }


def _buyers(name: str) -> Callable[[], dict[str, Any]]:
    """The schema of a buyers' result (diff, compare, document), imported when asked for."""

    def schema() -> dict[str, Any]:
        if name == "diff":
            from slalang.diff import SCHEMA as title
            from slalang.diff import ContractDiff as model
        elif name == "compare":
            from slalang.compare import SCHEMA as title
            from slalang.compare import Comparison as model  # type: ignore[assignment]
        else:
            from slalang.document import SCHEMA as title
            from slalang.document import Document as model  # type: ignore[assignment]
        body = model.model_json_schema()
        if name != "document":  # to_json writes the schema tag first
            body["properties"] = {"schema": {"const": title}, **body["properties"]}
            body["required"] = ["schema", *body["required"]]
        return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": title, **body}

    return schema


SCHEMAS: dict[str, Callable[[], dict[str, Any]]] = {
    "records": records_schema,
    "contract": contract_schema,
    "report": report_schema,
    "diff": _buyers("diff"),
    "compare": _buyers("compare"),
    "document": _buyers("document"),
}


def schema_text(name: str) -> str:
    """The schema `name` as indented JSON."""
    return json.dumps(SCHEMAS[name](), indent=2, ensure_ascii=False)
