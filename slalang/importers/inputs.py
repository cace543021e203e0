"""Reading export files (`-` is standard input): JSON with exact decimals, CSV rows with lines."""

from __future__ import annotations

import csv
import io
from typing import Any

from slalang.files import STDIN, read_bounded, standard_input
from slalang.importers.failure import ImportFailure
from slalang.records.reader import MAX_DOCUMENT
from slalang.records.validation import decode_exact


def read_text(path: str) -> str:
    try:
        data = read_bounded(standard_input() if path == STDIN else path, MAX_DOCUMENT)
    except OSError as exc:
        raise ImportFailure(path, None, f"cannot read: {exc.strerror or exc}") from None
    if len(data) > MAX_DOCUMENT:
        raise ImportFailure(path, None, f"larger than the limit of {MAX_DOCUMENT >> 20} MiB")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFailure(path, None, f"not UTF-8 (byte {exc.start})") from None


def read_json(path: str) -> Any:
    """The JSON document in `path`, every fraction a `Decimal`."""
    try:
        return decode_exact(read_text(path))
    except ValueError as exc:
        raise ImportFailure(path, None, f"not valid JSON: {exc}") from None


def read_csv(path: str) -> list[tuple[int, dict[str, str]]]:
    """Rows of a CSV file with a header row, each with the line it starts on."""
    reader = csv.DictReader(io.StringIO(read_text(path), newline=""))
    rows: list[tuple[int, dict[str, str]]] = []
    try:
        if reader.fieldnames is None:
            raise ImportFailure(path, None, "empty CSV file (a header row is needed)")
        line = reader.line_num + 1
        for row in reader:
            if None in row:
                raise ImportFailure(path, f"line {line}", "more cells than header columns")
            rows.append((line, {key: value or "" for key, value in row.items()}))
            line = reader.line_num + 1
    except csv.Error as exc:
        raise ImportFailure(path, f"line {reader.line_num}", f"not valid CSV: {exc}") from None
    return rows


def is_csv(path: str) -> bool:
    return path.lower().endswith(".csv")


def member(document: Any, key: str, path: str) -> list[Any] | None:
    """`document[key]` when the document is an object holding a list there, else None."""
    if not isinstance(document, dict) or key not in document:
        return None
    value = document[key]
    if not isinstance(value, list):
        raise ImportFailure(path, None, f"{key!r} is not a list")
    return value


def member_or_one(document: Any, key: str, one: str, path: str) -> list[Any] | None:
    """`member(document, key, path)`, or `[document[one]]` where the API answered with one object."""
    found = member(document, key, path)
    if isinstance(document, dict) and isinstance(document.get(one), dict):
        return [document[one]]
    return found


def objects(items: list[Any], key: str, path: str) -> list[dict[str, Any]]:
    """The items of the list `key`, each checked to be an object."""
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            raise ImportFailure(path, f"{key}[{index}]", "not a JSON object")
    return items
