"""Generate examples/acme-2026-10.jsonl: October 2026 for contracts/acme-chat-enterprise.sla.

Deterministic (a fixed seed, no clock): run `python examples/generate_acme_2026_10.py` and the
file comes out byte-identical. The month, in Asia/Shanghai time:

- outages of `im`: a major outage during the National Day holiday (Oct 3), a major outage on
  Oct 12 reported twice by two monitors (overlapping: merged, not double-counted), a 6-hour
  partial outage (weighted 30%), announced maintenance on Oct 18 (72 h notice: excluded), an
  unannounced maintenance on Oct 25 (6 h notice: counts as down), a 3-minute blip (shorter than
  the 5-minute minimum run: not counted), a customer-caused outage (excluded by cause), and an
  `rtc` outage that the IM objective does not see;
- per-minute `login`/`send` counts for Oct 20, where both fail completely for 13 minutes
  (down by the `im_down` condition, with no outage record);
- message delivery counts per 5 minutes for the whole month (some items excluded as caused by
  the customer), with failures during the outages;
- hourly histograms of RTC join latency (value + count);
- 20 support tickets: on the holiday, out of hours, with an automated acknowledgement, a pause
  waiting on the customer, a severity raised to urgent, 24x7 coverage on request, one still open;
- the monthly fee (part paid by voucher) and a claim filed through the support portal.
"""

from __future__ import annotations

import json
import random
from datetime import datetime, timedelta, timezone
from pathlib import Path

CST = timezone(timedelta(hours=8))
START = datetime(2026, 10, 1, tzinfo=CST)
END = datetime(2026, 11, 1, tzinfo=CST)
OUT = Path(__file__).with_name("acme-2026-10.jsonl")


def t(day: int, hour: int, minute: int = 0, month: int = 10) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=CST)


def iso(moment: datetime) -> str:
    return moment.isoformat()


OUTAGES = [
    dict(
        id="o-1003",
        start=t(3, 14, 2),
        end=t(3, 14, 39),
        impact="major_outage",
        title="Login gateway crash during the holiday peak",
    ),
    dict(
        id="o-1012-a",
        start=t(12, 9, 15),
        end=t(12, 10, 3),
        impact="major_outage",
        title="Message broker failover",
        source="statuspage",
    ),
    dict(
        id="o-1012-b",
        start=t(12, 9, 20),
        end=t(12, 9, 50),
        impact="major_outage",
        title="Message broker failover (synthetic monitor)",
        source="probe",
    ),
    dict(
        id="p-1016",
        start=t(16, 8, 0),
        end=t(16, 14, 0),
        impact="partial_outage",
        title="Group chats in the south region degraded",
    ),
    dict(
        id="m-1018",
        start=t(18, 2, 0),
        end=t(18, 6, 0),
        impact="maintenance",
        scheduled_maintenance=True,
        announced_at=t(15, 2, 0),
        title="Database upgrade (announced 72 h ahead)",
    ),
    dict(
        id="m-1025",
        start=t(25, 1, 0),
        end=t(25, 2, 30),
        impact="maintenance",
        scheduled_maintenance=True,
        announced_at=t(24, 19, 0),
        title="Emergency certificate rotation (announced 6 h ahead)",
    ),
    dict(
        id="o-1022",
        start=t(22, 11, 40),
        end=t(22, 11, 43),
        impact="major_outage",
        title="Load balancer blip",
    ),
    dict(
        id="o-1028",
        start=t(28, 15, 0),
        end=t(28, 15, 40),
        impact="major_outage",
        cause="customer",
        title="Customer's SSO provider misconfigured",
    ),
]
RTC_OUTAGE = dict(
    id="rtc-1009",
    start=t(9, 21, 0),
    end=t(9, 21, 25),
    impact="major_outage",
    title="Media relay restart",
)
IM_DOWN = (t(20, 20, 7), t(20, 20, 20))  # login and send fail completely (counts only)


def outages() -> list[dict[str, object]]:
    out = []
    for spec in [*OUTAGES, RTC_OUTAGE]:
        record = {"kind": "outage", "service": "rtc" if spec is RTC_OUTAGE else "im", **spec}
        for key in ("start", "end", "announced_at"):
            if key in record:
                record[key] = iso(record[key])  # type: ignore[arg-type]
        out.append(record)
    return out


def _down_share(moment: datetime) -> float:
    """The share of messages failing at `moment` (for realistic delivery counts)."""
    for spec in OUTAGES:
        if spec["impact"] == "major_outage" and spec["start"] <= moment < spec["end"]:
            return 0.9
        if spec["impact"] == "partial_outage" and spec["start"] <= moment < spec["end"]:
            return 0.2
    if IM_DOWN[0] <= moment < IM_DOWN[1]:
        return 1.0
    return 0.0


def delivery(rng: random.Random) -> list[dict[str, object]]:
    out = []
    moment, index = START, 0
    while moment < END:
        hour = moment.hour
        base = 9000 if 8 <= hour < 23 else 2500
        total = base + rng.randrange(0, 1500)
        share = _down_share(moment)
        failed = int(total * share) if share else rng.randrange(0, 6)
        record: dict[str, object] = {
            "kind": "counts",
            "id": f"dlv-{index:05d}",
            "service": "im",
            "operation": "deliver",
            "interval_start": iso(moment),
            "interval_end": iso(moment + timedelta(minutes=5)),
            "total": total,
            "failed": failed,
        }
        if index % 997 == 0:  # messages to deactivated accounts of the customer
            record["excluded"] = [[min(failed, 3), "customer"]]
        out.append(record)
        moment += timedelta(minutes=5)
        index += 1
    return out


def operations(rng: random.Random) -> list[dict[str, object]]:
    out = []
    moment = t(20, 0, 0)
    while moment < t(21, 0, 0):
        for operation in ("login", "send"):
            total = 300 + rng.randrange(0, 200)
            failed = total if IM_DOWN[0] <= moment < IM_DOWN[1] else rng.randrange(0, 3)
            out.append(
                {
                    "kind": "counts",
                    "id": f"{operation}-{moment:%H%M}",
                    "service": "im",
                    "operation": operation,
                    "interval_start": iso(moment),
                    "interval_end": iso(moment + timedelta(minutes=1)),
                    "total": total,
                    "failed": failed,
                }
            )
        moment += timedelta(minutes=1)
    return out


LATENCY_BUCKETS = (120, 180, 250, 320, 380, 450, 800)
LATENCY_WEIGHTS = (30, 30, 20, 10, 6, 3, 1)


def latency(rng: random.Random) -> list[dict[str, object]]:
    out = []
    moment = START
    while moment < END:
        joins = 400 + rng.randrange(0, 400)
        counts = [joins * w // 100 for w in LATENCY_WEIGHTS]
        counts[0] += joins - sum(counts)
        for value, count in zip(LATENCY_BUCKETS, counts, strict=True):
            if count:
                out.append(
                    {
                        "kind": "latency",
                        "id": f"join-{moment:%m%d%H}-{value}",
                        "service": "rtc",
                        "timestamp": iso(moment),
                        "latency_ms": value,
                        "count": count,
                    }
                )
        moment += timedelta(hours=1)
    return out


def tickets() -> list[dict[str, object]]:
    specs: list[dict[str, object]] = [
        # urgent during the holiday: 24x7 targets, met
        dict(
            id="T-1001",
            severity="urgent",
            opened=t(3, 14, 10),
            first_response=t(3, 14, 35),
            resolved=t(3, 15, 5),
            title="Cannot log in",
        ),
        # normal on the holiday: the business clock waits for Oct 8
        dict(
            id="T-1002",
            severity="normal",
            opened=t(4, 10, 0),
            first_response=t(8, 11, 0),
            resolved=t(9, 16, 0),
        ),
        # Friday evening, answered Monday morning: 1.5 business hours
        dict(
            id="T-1003",
            severity="normal",
            opened=t(9, 17, 30),
            first_response=t(12, 10, 0),
            resolved=t(13, 12, 0),
        ),
        # an automated acknowledgement does not count; the human answer came too late
        dict(
            id="T-1004",
            severity="normal",
            opened=t(13, 9, 30),
            first_response=t(13, 9, 31),
            first_response_automated=True,
            resolved=t(14, 17, 0),
        ),
        # waiting on the customer for two days: the pause stops the clock
        dict(
            id="T-1005",
            severity="normal",
            opened=t(13, 10, 0),
            first_response=t(13, 10, 40),
            pauses=[[t(13, 11, 0), t(15, 10, 0)]],
            resolved=t(21, 11, 0),
        ),
        # raised to urgent: taken as the highest severity (1 hour, 24x7)
        dict(
            id="T-1006",
            severity="urgent",
            opened=t(16, 8, 5),
            first_response=t(16, 8, 50),
            resolved=t(16, 14, 30),
            severity_history=[[t(16, 8, 5), "normal"], [t(16, 8, 20), "urgent"]],
        ),
        # Saturday, with 24x7 coverage requested by the customer
        dict(
            id="T-1007",
            severity="normal",
            opened=t(17, 10, 0),
            first_response=t(17, 13, 0),
            resolved=t(18, 18, 0),
            coverage="24x7",
        ),
        # urgent at night during the login/send failure
        dict(
            id="T-1008",
            severity="urgent",
            opened=t(20, 20, 9),
            first_response=t(20, 20, 30),
            resolved=t(21, 2, 0),
        ),
        # still open at the end of the month: resolution not yet due
        dict(id="T-1020", severity="normal", opened=t(30, 15, 0), first_response=t(30, 16, 0)),
    ]
    routine = [
        (5, 21),
        (6, 22),
        (8, 23),
        (9, 24),
        (12, 26),
        (14, 27),
        (15, 28),
        (19, 29),
        (21, 30),
        (23, 31),
        (26, 32),
    ]
    for day, number in routine:
        opened = t(day, 10, 15)
        specs.append(
            dict(
                id=f"T-10{number}",
                severity="normal",
                opened=opened,
                first_response=opened + timedelta(minutes=50),
                resolved=opened + timedelta(hours=5),
            )
        )
    out = []
    for spec in specs:
        record: dict[str, object] = {"kind": "ticket", "service": "im", **spec}
        for key in ("opened", "first_response", "resolved"):
            if key in record:
                record[key] = iso(record[key])  # type: ignore[arg-type]
        if "pauses" in record:
            record["pauses"] = [[iso(a), iso(b)] for a, b in record["pauses"]]  # type: ignore[attr-defined]
        if "severity_history" in record:
            record["severity_history"] = [
                [iso(a), s]
                for a, s in record["severity_history"]  # type: ignore[attr-defined]
            ]
        record.pop("title", None)
        out.append(record)
    return out


def billing() -> list[dict[str, object]]:
    return [
        {
            "kind": "fee",
            "id": "fee-2026-10",
            "period": "2026-10",
            "amount": "20000.00 CNY",
            "voucher_paid": "2000.00 CNY",
        },
        {
            "kind": "claim",
            "id": "claim-2026-10",
            "period": "2026-10",
            "filed_at": iso(t(5, 10, 0, month=11)),
            "channel": "support portal",
            "evidence": ["o-1003", "o-1012-a", "p-1016", "m-1025"],
        },
    ]


def main() -> None:
    rng = random.Random(202610)
    records = [*outages(), *operations(rng), *delivery(rng), *latency(rng), *tickets(), *billing()]
    text = "".join(json.dumps(r, separators=(",", ":")) + "\n" for r in records)
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {len(records)} records to {OUT.name}")


if __name__ == "__main__":
    main()
