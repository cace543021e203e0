"""SLA3xx: support severities, response and resolution targets, clocks."""

from __future__ import annotations

from collections.abc import Iterator
from fractions import Fraction

from slalang.diagnostics import Level
from slalang.lint.context import Context, Finding
from slalang.lint.exact import HOUR
from slalang.lint.registry import rule
from slalang.model import (
    BusinessDuration,
    Calendar,
    Contract,
    Duration,
    Severity,
    SupportTarget,
    Text,
    Word,
)
from slalang.source import ModelPath

_SUPPORT = "support"


def _severities(c: Contract) -> Iterator[tuple[ModelPath, Severity]]:
    if c.support is not None:
        for i, sev in enumerate(c.support.severities):
            yield (_SUPPORT, "severities", i), sev


def _business_day(calendar: Calendar | None) -> Fraction | None:
    """Seconds in one business day of a calendar open the same single span each open day."""
    if calendar is None or len(calendar.open) != 1:
        return None
    hours = calendar.open[0]
    end = 24 * 60 if hours.end == "24:00" else hours.end.hour * 60 + hours.end.minute
    return Fraction((end - hours.start.hour * 60 - hours.start.minute) * 60)


def _length(
    c: Contract, target: SupportTarget, calendars: dict[str, Calendar]
) -> tuple[Fraction, str | None] | None:
    """Seconds of a target and the calendar they are counted on (None: the wall clock);
    `calendars` are the contract's by name."""
    within = target.within
    calendar = target.clock if target.clock != "24x7" else None
    if isinstance(within, BusinessDuration) and calendar is None and c.support is not None:
        calendar = c.support.calendar
    if isinstance(within, Duration):
        return within.seconds, calendar
    if isinstance(within, BusinessDuration):
        if within.unit == "hours":
            return Fraction(within.value) * HOUR, calendar
        day = _business_day(calendars.get(calendar) if calendar else None)
        return None if day is None else (Fraction(within.value) * day, calendar)
    return None


@rule("SLA301", "response-after-resolution", Level.ERROR)
def response_after_resolution(c: Context) -> Iterator[Finding]:
    """A severity's response target is longer than its resolution target.

    A ticket resolved in 4 hours that may be answered in 8 hours mixes up "response" (a human
    acknowledges and starts work) with "resolution" (the problem is fixed). Business hours last
    at least as long as the same number of clock hours, so `respond within 8 business hours` is
    also later than `resolve within 4 hours 24x7`. Each response target is reported once,
    against the shortest resolution target of its plan that it outlasts.

    Bad:
        contract "Backwards" {
            support {
                severity S1 {
                    respond within 8 hours 24x7
                    ^^^^^^^^^^^^^^^^^^^^^^^^^^^ SLA301
                    resolve within 4 hours 24x7
                }
            }
        }

    Good:
        contract "Forwards" {
            support {
                severity S1 {
                    respond within 1 hour 24x7
                    resolve within 4 hours 24x7
                }
            }
        }
    """
    contract = c.contract
    calendars = {cal.id: cal for cal in contract.calendars}
    for path, sev in _severities(contract):
        lengths = [_length(contract, t, calendars) for t in sev.targets]
        shortest: dict[tuple[str | None, str | None], tuple[Fraction, int]] = {}
        for k, (target, length) in enumerate(zip(sev.targets, lengths, strict=True)):
            if target.kind == "resolve" and length is not None:
                key = (target.plan, length[1])
                shortest[key] = min(shortest.get(key, (length[0], k)), (length[0], k))
        for j, (respond, first) in enumerate(zip(sev.targets, lengths, strict=True)):
            if respond.kind != "respond" or first is None:
                continue
            # Time on one clock compares directly; business time lasts at least as long as the
            # same amount of wall time, so it is surely later than a shorter wall-clock target.
            rivals = [shortest.get((respond.plan, clock)) for clock in {first[1], None}]
            found = min((r for r in rivals if r is not None), default=None)
            if found is None or first[0] <= found[0]:
                continue
            k = found[1]
            yield Finding(
                (*path, "targets", j),
                f"severity {sev.id}: '{c.words((*path, 'targets', j))}' is later than "
                f"'{c.words((*path, 'targets', k))}'",
                ("a response is the first human answer; make it shorter than the resolution",),
                (((*path, "targets", k), "the resolution target is here"),),
            )


@rule("SLA302", "mixed-clock-basis", Level.WARNING)
def mixed_clock_basis(c: Context) -> Iterator[Finding]:
    """A support table mixes "hours" and "business hours" without saying which clock a target uses.

    Next to `4 business hours`, a plain `8 hours` may be read as clock hours or as business hours.
    Give every plain-hours target its clock: `24x7` or `on <calendar>`.

    Bad:
        contract "Which hours" {
            support {
                severity S1 {
                    respond within 1 hour
                    ^^^^^^^^^^^^^^^^^^^^^ SLA302
                    resolve within 8 business hours
                }
            }
        }

    Good:
        contract "These hours" {
            support {
                severity S1 {
                    respond within 1 hour 24x7
                    resolve within 8 business hours
                }
            }
        }
    """
    contract = c.contract
    if contract.support is None:
        return
    targets = [
        ((*path, "targets", j), t)
        for path, sev in _severities(contract)
        for j, t in enumerate(sev.targets)
    ]
    business = [p for p, t in targets if isinstance(t.within, BusinessDuration)]
    if not business and contract.support.calendar is None:
        return
    for path, target in targets:
        if isinstance(target.within, Duration) and target.clock is None:
            related = ((business[0], "business hours are used here"),) if business else ()
            yield Finding(
                path,
                f"'{c.words(path)}': clock hours or business hours?",
                (f"write '{c.words(path)} 24x7' or '... on <calendar>'",),
                related,
            )


@rule("SLA303", "business-clock-undefined", Level.ERROR)
def business_clock_undefined(c: Context) -> Iterator[Finding]:
    """Business hours are used without a calendar that defines them.

    "4 business hours" needs opening hours and public holidays (and a time zone, see SLA202).
    A target in business time needs `on <calendar>` or a support `calendar`, and that calendar
    needs `open` hours and a `holidays` jurisdiction; business time on a `24x7` clock is a
    contradiction.

    Bad:
        contract "Whose business" {
            timezone "UTC"
            support {
                severity S3 { respond within 4 business hours }
                              ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ SLA303
            }
        }

    Good:
        contract "Office hours" {
            timezone "UTC"
            calendar office {
                open mon..fri 09:00 to 17:00
                holidays "GB"
            }
            support {
                calendar office
                severity S3 { respond within 4 business hours }
            }
        }
    """
    contract = c.contract
    if contract.support is None:
        return
    calendars = {cal.id: (i, cal) for i, cal in enumerate(contract.calendars)}
    reported: set[str] = set()
    for path, sev in _severities(contract):
        for j, target in enumerate(sev.targets):
            where: ModelPath = (*path, "targets", j)
            if not isinstance(target.within, BusinessDuration) and target.clock in (None, "24x7"):
                continue
            if target.clock == "24x7" and isinstance(target.within, BusinessDuration):
                yield Finding(
                    where,
                    f"'{c.words(where)}': business time on a 24x7 clock",
                    ("drop '24x7' and count on a calendar, or write plain hours",),
                )
                continue
            clock = target.clock or contract.support.calendar
            if clock is None:
                yield Finding(
                    where,
                    f"'{c.words(where)}': business hours of which calendar?",
                    ("add 'on <calendar>' or a support 'calendar <name>'",),
                )
                continue
            if clock in reported or clock not in calendars:
                continue
            reported.add(clock)
            i, cal = calendars[clock]
            missing = [
                what
                for what, absent in (
                    ("opening hours", not cal.open),
                    ("holidays", cal.holidays is None),
                )
                if absent
            ]
            if missing:
                yield Finding(
                    ("calendars", i),
                    f"calendar '{cal.id}' measures business time but has no {' and no '.join(missing)}",
                    ("add 'open mon..fri 09:00 to 17:00' and 'holidays \"<country code>\"'",),
                    ((where, "business time is measured on it here"),),
                )


@rule("SLA304", "severity-without-target", Level.WARNING)
def severity_without_target(c: Context) -> Iterator[Finding]:
    """A severity is defined with no response or resolution target.

    A severity level with no target promises nothing; tickets of that level can wait forever.

    Bad:
        contract "Empty level" {
            support {
                severity S4 "Cosmetic" { means "A typo in the UI" }
                ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ SLA304
            }
        }

    Good:
        contract "Level with a target" {
            support {
                severity S4 "Cosmetic" { respond within 5 days 24x7 }
            }
        }
    """
    for path, sev in _severities(c.contract):
        if not sev.targets:
            yield Finding(
                path,
                f"severity {sev.id} has no response or resolution target",
                (f"add 'respond within ...' to severity {sev.id}, or remove it",),
            )


@rule("SLA305", "undefined-severity", Level.ERROR)
def undefined_severity(c: Context) -> Iterator[Finding]:
    """An example ticket uses a severity that the support block does not define.

    A ticket of an unknown severity has no target, so the example cannot mean what it says.

    Bad:
        contract "Unknown level" {
            support { severity S1 { respond within 1 hour 24x7 } }
            example "a ticket" {
                record ticket "t1" { severity S2; opened 2026-01-05T10:00:00Z }
                                              ^^ SLA305
            }
        }

    Good:
        contract "Known level" {
            support { severity S1 { respond within 1 hour 24x7 } }
            example "a ticket" {
                record ticket "t1" { severity S1; opened 2026-01-05T10:00:00Z }
            }
        }
    """
    contract = c.contract
    defined = {sev.id for _, sev in _severities(contract)}
    for i, example in enumerate(contract.examples):
        for j, record in enumerate(example.records):
            if record.kind != "ticket":
                continue
            for k, f in enumerate(record.fields):
                value = f.value
                if (
                    f.name == "severity"
                    and isinstance(value, (Word, Text))
                    and value.value not in defined
                ):
                    path: ModelPath = ("examples", i, "records", j, "fields", k, "value")
                    known = ", ".join(sorted(defined)) or "none is defined"
                    yield Finding(
                        path,
                        f"ticket '{record.id}' has severity '{value.value}', "
                        f"which is not defined (known: {known})",
                        ("use a defined severity, or define this one in 'support'",),
                    )


@rule("SLA306", "no-severity-assignment", Level.WARNING)
def no_severity_assignment(c: Context) -> Iterator[Finding]:
    """The support block does not say who assigns a ticket's severity.

    A provider that can downgrade a ticket decides which target applies to it. Say
    `severity assigned by customer` (or provider, or mutual).

    Bad:
        contract "Who decides" {
            support { severity S1 { respond within 1 hour 24x7 } }
            ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ SLA306
        }

    Good:
        contract "Customer decides" {
            support {
                severity assigned by customer
                severity S1 { respond within 1 hour 24x7 }
            }
        }
    """
    support = c.contract.support
    if support is not None and support.severities and support.severity_assigned_by is None:
        yield Finding(
            (_SUPPORT,),
            "the support block does not say who assigns a ticket's severity",
            ("add 'severity assigned by customer' (or provider, or mutual)",),
        )


@rule("SLA307", "automated-response", Level.WARNING)
def automated_response(c: Context) -> Iterator[Finding]:
    """An automatic acknowledgement counts as a response, or nothing says whether it does.

    An auto-reply meets any response target within seconds, which empties the target of
    meaning. Say `automated responses ignored`.

    Bad:
        contract "Robot reply" {
            support {
                automated responses count
                ^^^^^^^^^^^^^^^^^^^^^^^^^ SLA307
                severity S1 { respond within 1 hour 24x7 }
            }
        }

    Good:
        contract "Human reply" {
            support {
                automated responses ignored
                severity S1 { respond within 1 hour 24x7 }
            }
        }
    """
    support = c.contract.support
    if support is None or not any(
        t.kind == "respond" for sev in support.severities for t in sev.targets
    ):
        return
    if support.automated_responses == "count":
        path: ModelPath = (_SUPPORT, "automated_responses")
        yield Finding(
            path,
            "an automated acknowledgement counts as a response, so every response target is met",
            ("write 'automated responses ignored'",),
        )
    elif support.automated_responses is None:
        yield Finding(
            (_SUPPORT,),
            "the support block does not say whether an automated acknowledgement is a response",
            ("add 'automated responses ignored'",),
        )


@rule("SLA308", "no-pause-rule", Level.WARNING)
def no_pause_rule(c: Context) -> Iterator[Finding]:
    """Resolution targets exist, and nothing says whether the clock stops while waiting on the customer.

    Most SLAs pause the resolution clock while the ticket waits for the customer. Say
    `pauses honoured` or `pauses ignored`.

    Bad:
        contract "Clock runs" {
            support { severity S1 { resolve within 8 hours 24x7 } }
            ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ SLA308
        }

    Good:
        contract "Clock stops" {
            support {
                pauses honoured
                severity S1 { resolve within 8 hours 24x7 }
            }
        }
    """
    support = c.contract.support
    if support is None or support.pauses is not None:
        return
    if any(
        t.kind == "resolve" and t.within is not None
        for sev in support.severities
        for t in sev.targets
    ):
        yield Finding(
            (_SUPPORT,),
            "does the resolution clock stop while a ticket waits on the customer?",
            ("add 'pauses honoured' (or ignored)",),
        )


@rule("SLA309", "no-24x7-channel", Level.WARNING)
def no_24x7_channel(c: Context) -> Iterator[Finding]:
    """A severity has a 24x7 target, but none of the channels it may use is staffed 24x7.

    A promise to answer an urgent ticket within an hour around the clock needs a way to reach
    someone at 3 a.m.: a hotline, a dedicated group or a contact staffed 24x7. Checked when the
    support block states its channels (a contract that states none says nothing about them).

    Bad:
        contract "Nobody answers at night" {
            calendar office { open mon..fri 09:00 to 18:00 }
            support {
                channel ticket_queue on office
                severity urgent { respond within 1 hour 24x7 }
                ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ SLA309
            }
        }

    Good:
        contract "A hotline for urgent tickets" {
            calendar office { open mon..fri 09:00 to 18:00 }
            support {
                channel ticket_queue on office
                channel hotline 24x7 for severity urgent
                severity urgent { respond within 1 hour 24x7 }
            }
        }
    """
    support = c.contract.support
    if support is None or not support.channels:
        return

    def clock(named: str | None) -> str:
        return named or support.calendar or "24x7"

    for path, sev in _severities(c.contract):
        if not any(t.within is not None and clock(t.clock) == "24x7" for t in sev.targets):
            continue
        offered = [ch for ch in support.channels if not ch.severities or sev.id in ch.severities]
        if not any(clock(ch.clock) == "24x7" for ch in offered):
            yield Finding(
                path,
                f"severity {sev.id} has a 24x7 target, but none of its channels is staffed 24x7",
                (f"add a 24x7 channel for severity {sev.id}, e.g. 'channel hotline 24x7'",),
            )
