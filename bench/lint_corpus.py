"""A deterministic corpus of varied contracts for the lint benchmark.

`lint_corpus(count, seed)` writes `count` contracts of 60 to 150 lines that use every part of the
language the rules look at: periods with and without zones, calendars with effective dates (the
DST rule), tier tables (some with overlaps and gaps), linear and per-breach credits, support
tables in clock and business hours, exclusions, quotes with spelled-out numbers, compensation.
About a third carry deliberate defects, so that rules report as well as pass.
"""

from __future__ import annotations

import random

_ZONES = ("UTC", "Europe/Berlin", "Asia/Shanghai", "America/New_York")
_GOOD_TIERS = ("[99.0%, 99.9%) -> 10%", "[95.0%, 99.0%) -> 25%", "[0%, 95.0%) -> 50%")
_BAD_TIERS = ("[99.0%, 99.9%] -> 10%", "[95.0%, 99.0%] -> 25%", "[0%, 90.0%) -> 20%")


def _objective(index: int, rng: random.Random, defective: bool) -> list[str]:
    kind = ("availability", "success_rate", "latency")[index % 3]
    lines = [
        f'    objective {kind} obj{index} "Objective {index}" {{',
        '        quote "The Service will be available ninety-nine point nine percent (99.9%) of the time."',
        f"        service svc{index % 4}",
    ]
    if kind == "availability":
        lines += [
            f"        down when any of (outage impact major_outage, api{index}.error_rate > 5%)",
            "        slice 1 minute",
            "        partial slices count as down",
            "        minimum run 5 minutes",
            "        minimum volume 100 requests",
            "        missing data counts as up",
            f"        target >= {rng.choice(('99.9', '99.95', '99.5'))}%",
            "        exclude maintenance announced at least 48 hours ahead at most 8 hours per period",
            "        exclude cause customer, force_majeure",
        ]
    elif kind == "success_rate":
        lines += [
            "        aggregate pooled",
            "        minimum volume 1000 messages",
            "        remove excluded from good and total",
            "        target >= 99.9%",
        ]
    else:
        lines += [
            "        percentile nearest_rank",
            f"        target p95 <= {rng.choice((200, 400, 800))} ms",
            "        credit 5% of monthly_fee per breach",
            "        cap 20% of monthly_fee per period",
            "    }",
            "",
        ]
        return lines
    tiers = _BAD_TIERS if defective else _GOOD_TIERS
    lines += ["        credit of monthly_fee {", *(f"            {t}" for t in tiers), "        }"]
    lines += ["    }", ""]
    return lines


def _support(rng: random.Random, defective: bool) -> list[str]:
    respond = "8 hours" if defective else "1 hour"
    return [
        "    support {",
        "        calendar office",
        "        severity assigned by customer",
        "        severity taken as highest",
        "        automated responses ignored",
        "        pauses honoured",
        '        severity S1 "Production down" {',
        '            means "The service is unusable"',
        f"            respond within {respond} 24x7",
        "            resolve within 4 hours 24x7",
        "        }",
        '        severity S2 "Degraded" {',
        f"            respond within {rng.choice((2, 4))} business hours on office",
        "            resolve within 3 business days on office",
        "        }",
        "        compliance 95% of tickets",
        "    }",
        "",
    ]


def contract(seed: int) -> str:
    rng = random.Random(seed)
    defective = seed % 3 == 0
    zone = rng.choice(_ZONES)
    lines = [
        f"# Generated lint benchmark contract {seed}.",
        f'contract "Lint bench {seed}" version "1" {{',
        '    provider "Bench Cloud"',
        '    customer "Bench Corp"',
        "    effective from 2026-01-01 through 2026-12-31",
        *([] if defective else [f'    timezone "{zone}"']),
        "    currency USD",
        '    fee monthly_fee "Monthly fee"',
        "    period calendar month",
        "",
        "    calendar office {",
        f'        timezone "{zone}"',
        "        open mon..fri 09:00 to 18:00",
        '        holidays "US"',
        "    }",
        "",
        *(f'    service svc{i} "Service {i}"' for i in range(4)),
        "",
    ]
    for index in range(rng.randint(3, 9)):
        lines += _objective(index, rng, defective)
    lines += _support(rng, defective)
    lines += [
        "    compensation {",
        "        combine sum",
        "        cap 100% of monthly_fee per period",
        "        minimum credit 100 USD",
        "        rounding half_even 0.01",
        "        form invoice_credit",
        '        claim from period end to 30 days after period end via "support portal"',
        "        remedy sole",
        "    }",
        "}",
    ]
    return "\n".join(lines) + "\n"


def lint_corpus(count: int, seed: int = 0) -> list[str]:
    return [contract(seed + i) for i in range(count)]
