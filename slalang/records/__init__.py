"""Canonical incident records (`slalang.records/v1`): models, readers and validation."""

from slalang.records.model import RECORD_TYPES, SCHEMA, AnyRecord
from slalang.records.reader import (
    Format,
    RecordCounts,
    RecordsResult,
    RecordStream,
    iter_records,
    read_records,
)

__all__ = [
    "RECORD_TYPES",
    "SCHEMA",
    "AnyRecord",
    "Format",
    "RecordCounts",
    "RecordStream",
    "RecordsResult",
    "iter_records",
    "read_records",
]
