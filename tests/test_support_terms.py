"""Issue 13's support terms: best effort, channels per severity and plan, escalation tiers."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from slalang import loads
from slalang.diff import diff
from slalang.fmt import dumps
from slalang.records.model import Ticket
from tests.evaluate_helpers import contract, run
from tests.test_evaluate_support import HEAD

SUPPORT = """
    support {
        calendar office
        channel hotline "7x24 emergency line" 24x7 for severity urgent
        channel ticket_queue
        channel chat for plan "gold"
        severity urgent {
            respond within 15 minutes 24x7
            resolve best effort
            escalate to senior_engineer within 30 minutes 24x7
            escalate to engineering within 2 hours 24x7
        }
        severity normal { respond within 4 business hours; resolve best effort }
    }"""

OPENED = "2026-10-09T18:00:00+08:00"  # a Friday evening, after office hours
AS_OF = "2026-11-30T00:00:00+08:00"


def _ticket(id: str = "t", severity: str = "urgent", **extra: Any) -> Ticket:
    base = {"opened": OPENED, "first_response": "2026-10-09T18:05:00+08:00"}
    return Ticket(id=id, severity=severity, **{**base, **extra})


def _report(*tickets: Ticket, body: str = SUPPORT) -> Any:
    return run(contract(body, HEAD), list(tickets), "2026-10", as_of=_at(AS_OF))


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def _targets(report: Any, id: str = "t") -> dict[str, str]:
    ticket = next(t for t in report.support.details if t.id == id)
    return {(x.tier or x.kind): x.status for x in ticket.targets}


def test_best_effort_is_stated_formatted_and_never_breached() -> None:
    c = contract(SUPPORT, HEAD)
    assert c.support is not None
    resolve = c.support.severities[0].targets[1]
    assert resolve.kind == "resolve" and resolve.within is None
    assert "resolve best effort" in dumps(c)
    # never resolved, two months later: no deadline, so not breached and not pending
    report = _report(_ticket(escalations=[(OPENED, "engineering")]))
    assert _targets(report)["resolve"] == "best_effort"
    assert report.support.breached == 0


def test_from_a_deadline_to_best_effort_is_worse_for_the_buyer() -> None:
    old = contract(SUPPORT.replace("resolve best effort\n", "resolve within 8 hours 24x7\n"), HEAD)
    new = contract(SUPPORT, HEAD)
    [change] = [c for c in diff(old, new).changes if c.clause == "resolve"]
    assert (change.verdict, change.new) == ("worse", "best effort")
    [back] = [c for c in diff(new, old).changes if c.clause == "resolve"]
    assert back.verdict == "better"


def test_a_channel_not_offered_for_the_severity_is_a_warning_and_a_note() -> None:
    report = _report(_ticket("n", "normal", channel="hotline"))
    [warning] = [w for w in report.warnings if "'n'" in w]
    assert "does not offer for severity normal (offered: ticket_queue)" in warning
    assert report.support.unoffered_channel == 1
    [ticket] = report.support.details
    assert any("opened through hotline" in n for n in ticket.notes)


def test_a_channel_of_another_plan_is_not_offered() -> None:
    gold = _report(_ticket("n", "normal", channel="chat", plan="gold"))
    assert gold.support.unoffered_channel == 0
    other = _report(_ticket("n", "normal", channel="chat", plan="silver"))
    assert other.support.unoffered_channel == 1


def test_a_channel_used_outside_its_hours_gets_a_note_not_a_warning() -> None:
    report = _report(_ticket("n", "normal", channel="ticket_queue"))  # Friday 18:00: closed
    assert report.support.unoffered_channel == 0
    assert not [w for w in report.warnings if "'n'" in w]
    [ticket] = report.support.details
    assert "opened through ticket_queue outside its staffed hours (office)" in ticket.notes


def test_without_channels_in_the_contract_a_ticket_channel_is_not_checked_and_says_so() -> None:
    body = SUPPORT.replace('channel hotline "7x24 emergency line" 24x7 for severity urgent', "")
    body = body.replace("channel ticket_queue", "").replace('channel chat for plan "gold"', "")
    [ticket] = _report(_ticket(channel="hotline"), body=body).support.details
    assert "channel hotline not checked: the contract states no channels" in ticket.notes


def test_escalation_is_judged_from_history() -> None:
    late = [("2026-10-09T18:31:00+08:00", "senior_engineer")]
    assert _targets(_report(_ticket(escalations=late)))["senior_engineer"] == "breached"
    # reaching a higher tier in time counts for the lower one
    high = [("2026-10-09T18:20:00+08:00", "engineering")]
    found = _targets(_report(_ticket(escalations=high)))
    assert found["senior_engineer"] == found["engineering"] == "met"


def test_escalation_without_history_is_not_assessed_and_never_met() -> None:
    report = _report(_ticket())
    assert _targets(report)["senior_engineer"] == "not_assessed"
    assert report.support.details[0].status == "not_assessed"
    assert report.support.escalations_not_assessed == 2
    assert "2 escalation target(s) not assessed" in report.support.explanation


def test_a_ticket_resolved_before_the_escalation_was_due_needed_none() -> None:
    report = _report(_ticket(resolved="2026-10-09T18:25:00+08:00"))
    found = _targets(report)
    assert found["senior_engineer"] == found["engineering"] == "not_needed"
    assert report.support.details[0].status == "met"


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=0, max_value=240))
def test_an_escalation_is_met_exactly_when_it_happens_within_30_minutes(minutes: int) -> None:
    at = _at(OPENED) + timedelta(minutes=minutes)
    report = _report(_ticket(escalations=[(at.isoformat(), "senior_engineer")]))
    assert _targets(report)["senior_engineer"] == ("met" if minutes <= 30 else "breached")


def test_unknown_words_and_references_are_located_diagnostics() -> None:
    cases = {
        "channel hotlin": "did you mean 'hotline'?",
        "channel chat on nights": "unknown calendar 'nights'",
        "channel chat for severity urgnt": "unknown severity 'urgnt'",
    }
    for clause, message in cases.items():
        result = loads(
            HEAD + f"support {{ {clause}\n severity urgent {{ respond best effort }} }}}}"
        )
        assert result.contract is None
        assert any(message in (d.message + " ".join(d.hints)) for d in result.diagnostics), clause
    result = loads(
        HEAD + "support { severity urgent { escalate to senio_engineer within 1 hour } } }"
    )
    assert any("senior_engineer" in " ".join(d.hints) for d in result.diagnostics)


def test_a_channel_or_an_escalation_stated_twice_for_the_same_plan_is_an_error() -> None:
    twice = "channel chat\nchannel chat\nseverity s { escalate to engineering within 1 hour 24x7 }"
    result = loads(HEAD + "support { " + twice + " } }")
    assert [d.message for d in result.diagnostics] == ["channel 'chat' is defined twice"]
    plans = 'channel chat\nchannel chat for plan "gold"\nseverity s { respond best effort }'
    assert loads(HEAD + "support { " + plans + " } }").contract is not None
