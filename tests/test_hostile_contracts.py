"""Contract values the evaluator cannot use are errors with a span, found fast (issue 10).

Each of these used to be accepted and then give a machine-dependent answer or a traceback
(ZeroDivisionError, OverflowError) when evaluated.
"""

from __future__ import annotations

import time

import pytest

import slalang

BASE = """contract "C" {
    timezone "UTC"
    period calendar month
    calendar office { timezone "UTC" open mon..fri 09:00 to 18:00 HOLIDAYS }
    service im
    objective availability a {
        service im
        down when outage impact major_outage
        slice SLICE
        target >= 99.9%
    }
    support {
        severity S1 { respond within 1 hour on office }
        compliance COMPLIANCE of tickets
    }
}
"""


def _problems(
    slice_: str = "1 minute", holidays: str = "", compliance: str = "95%", zone: str = "UTC"
) -> list[tuple[str, int | None, str]]:
    text = (
        BASE.replace("SLICE", slice_)
        .replace("HOLIDAYS", holidays)
        .replace("COMPLIANCE", compliance)
        .replace('timezone "UTC"\n    period', f'timezone "{zone}"\n    period')
    )
    result = slalang.loads(text)
    return [(d.code, d.span.line if d.span else None, d.message) for d in result.diagnostics]


def test_the_base_contract_is_valid() -> None:
    assert _problems() == []


@pytest.mark.parametrize("zone", ["localtime", "posixrules", "Factory", "/etc/localtime", "../x"])
def test_zones_that_are_no_place_are_refused(zone: str) -> None:
    assert _problems(zone=zone) == [("SLA016", 2, f"'{zone}' is not an IANA time zone")]


@pytest.mark.parametrize(
    ("holidays", "message"),
    [
        ('holidays ""', "an empty holiday jurisdiction"),
        ('holidays "XX"', "unknown holiday jurisdiction 'XX'"),
        ('holidays "US-ZZ"', "unknown holiday jurisdiction 'US-ZZ'"),
    ],
)
def test_holiday_jurisdictions_must_exist(holidays: str, message: str) -> None:
    [(code, line, text)] = _problems(holidays=holidays)
    assert (code, line) == ("SLA013", 4)
    assert text.startswith(message)


@pytest.mark.parametrize(
    ("slice_", "message"),
    [
        ("0 minutes", "a slice must be longer than 0"),
        ("999999999 weeks", "a length of more than 100 years"),
    ],
)
def test_lengths_the_evaluator_cannot_use(slice_: str, message: str) -> None:
    assert _problems(slice_=slice_) == [("SLA013", 9, message)]


def test_a_compliance_share_over_100_percent() -> None:
    assert _problems(compliance="101%") == [("SLA013", 14, "101% is outside 0%..100%")]


def test_every_downtime_on_a_cycle_of_references_is_reported() -> None:
    chain = "\n".join(
        f"    downtime d{i} when any of (outage impact major_outage, d{i - 1})"
        for i in range(1, 100)
    )
    text = BASE.replace(
        "    service im\n",
        f"    service im\n    downtime d0 when outage impact major_outage\n{chain}\n",
        1,
    )
    started = time.monotonic()
    result = slalang.loads(
        text.replace("SLICE", "1 minute").replace("HOLIDAYS", "").replace("COMPLIANCE", "95%")
    )
    assert time.monotonic() - started < 10
    assert result.diagnostics == []
    looped = text.replace("(outage impact major_outage, d0)", "(outage impact major_outage, d99)")
    result = slalang.loads(
        looped.replace("SLICE", "1 minute").replace("HOLIDAYS", "").replace("COMPLIANCE", "95%")
    )
    cycle = [d.message for d in result.diagnostics]  # d1 -> d99 -> ... -> d2 -> d1
    assert len(cycle) == 99 and "downtime 'd0' is defined in terms of itself" not in cycle
    assert cycle[0] == "downtime 'd1' is defined in terms of itself"


def test_a_slice_longer_than_the_shortest_period() -> None:
    assert _problems(slice_="29 days") == [
        ("SLA013", 9, "a slice longer than the shortest period (28 days)")
    ]
    assert _problems(slice_="28 days") == []
