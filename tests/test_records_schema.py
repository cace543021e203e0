"""`slalang schema`: the JSON Schemas of records and contracts."""

from __future__ import annotations

import json

from click.testing import CliRunner

from slalang.cli import main
from slalang.records import RECORD_TYPES, SCHEMA


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["schema", *args])
    return result.exit_code, result.output


def test_records_schema_covers_every_kind() -> None:
    code, output = run("records")
    assert code == 0
    schema = json.loads(output)
    assert schema["title"] == f"{SCHEMA} record"
    assert set(schema["discriminator"]["mapping"]) == set(RECORD_TYPES)
    for model in RECORD_TYPES.values():
        definition = schema["$defs"][model.__name__]
        assert definition["required"][:2] == ["kind", "id"]
        assert definition["additionalProperties"] is False
    fee = schema["$defs"]["Fee"]["properties"]
    assert fee["amount"]["type"] == "string" and fee["amount"]["examples"] == ["1000.00 USD"]
    assert fee["period"]["pattern"].startswith("^")
    pauses = schema["$defs"]["Ticket"]["properties"]["pauses"]["items"]["anyOf"]
    assert pauses == [{"$ref": "#/$defs/Pause"}, {"type": "array", "minItems": 2, "maxItems": 2}]


def test_contract_schema() -> None:
    code, output = run("contract")
    assert code == 0
    assert json.loads(output)["title"] == "Contract"


def test_unknown_schema_is_a_usage_error() -> None:
    code, output = run("reports")
    assert code == 2 and "'reports' is not one of" in output
