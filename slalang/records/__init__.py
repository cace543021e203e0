"""Canonical incident records (`slalang.records/v1`): models, readers and validation."""

from slalang.records.intake import RecordCounts, RecordsResult
from slalang.records.literals import literal_records
from slalang.records.model import RECORD_TYPES, SCHEMA, AnyRecord
from slalang.records.reader import Format, RecordStream, iter_records, read_records

__all__ = [
    "RECORD_TYPES",
    "SCHEMA",
    "AnyRecord",
    "Format",
    "RecordCounts",
    "RecordStream",
    "RecordsResult",
    "iter_records",
    "literal_records",
    "read_records",
]
