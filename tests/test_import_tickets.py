"""The pieces the ticket importers share: pause spans from marks, and one object or a list."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from slalang.importers.failure import ImportFailure
from slalang.importers.inputs import member_or_one
from slalang.importers.tickets import pause_spans


def _at(hour: int) -> datetime:
    return datetime(2026, 10, 1, hour, tzinfo=UTC)


def test_pause_spans_pair_each_pause_with_the_next_resume() -> None:
    marks = [(_at(1), True), (_at(2), None), (_at(3), False), (_at(4), True), (_at(5), False)]
    assert pause_spans(marks) == [(_at(1), _at(3)), (_at(4), _at(5))]


def test_pause_spans_ignore_repeats_and_keep_an_open_pause() -> None:
    marks = [(_at(1), False), (_at(2), True), (_at(3), True), (_at(4), False), (_at(5), True)]
    assert pause_spans(marks) == [(_at(2), _at(4)), (_at(5), None)]


def test_pause_spans_of_no_marks() -> None:
    assert pause_spans([]) == []


def test_member_or_one_reads_a_list_or_one_object() -> None:
    assert member_or_one({"tickets": [{"id": 1}]}, "tickets", "ticket", "f") == [{"id": 1}]
    assert member_or_one({"ticket": {"id": 2}}, "tickets", "ticket", "f") == [{"id": 2}]
    assert member_or_one({"ticket": "x"}, "tickets", "ticket", "f") is None
    assert member_or_one([], "tickets", "ticket", "f") is None
    with pytest.raises(ImportFailure, match="'tickets' is not a list"):
        member_or_one({"tickets": {}, "ticket": {"id": 2}}, "tickets", "ticket", "f")
