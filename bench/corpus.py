"""Deterministic generator of realistic contracts of any size, for the benchmarks.

`contract_text(objectives, seed)` writes a contract with `objectives` availability / success-rate /
latency objectives (about 12 lines each), a support block and a compensation block.
"""

from __future__ import annotations

import random

_TIERS = ("[99.0%, 99.9%) -> 10%", "[95.0%, 99.0%) -> 25%", "[0%, 95.0%) -> 50%")


def _objective(index: int, rng: random.Random) -> list[str]:
    kind = ("availability", "success_rate", "latency")[index % 3]
    service = f"svc{index % 7}"
    lines = [
        f'    objective {kind} obj{index} "Objective number {index}" {{',
        f"        service {service}",
    ]
    if kind == "availability":
        lines += [
            "        down when any of (outage impact major_outage, api.error_rate > 5%)",
            "        slice 1 minute",
            "        minimum run 5 minutes",
            f"        target >= {rng.choice(('99.9', '99.95', '99.5'))}%",
            "        exclude maintenance announced at least 48 hours ahead at most 8 hours per month",
        ]
    elif kind == "success_rate":
        lines += [
            "        aggregate mean per 5 minutes",
            "        minimum volume 100 requests",
            f"        target >= {rng.choice(('99.5', '99.0'))}%",
            "        remove excluded from good and total",
        ]
    else:
        lines += [
            "        percentile nearest_rank",
            f"        target p95 <= {rng.choice((200, 400, 800))} ms",
        ]
    lines += [
        "        credit of monthly_fee {",
        *(f"            {t}" for t in _TIERS),
        "        }",
        "    }",
        "",
    ]
    return lines


def contract_text(objectives: int, seed: int = 0) -> str:
    rng = random.Random(seed)
    lines = [
        f"# Generated benchmark contract {seed}.",
        f'contract "Benchmark {seed}" version "1" {{',
        '    provider "Bench Cloud"',
        '    timezone "UTC"',
        "    currency USD",
        '    fee monthly_fee "Monthly fee"',
        "    period calendar month",
        *(f'    service svc{i} "Service {i}"' for i in range(7)),
        "",
    ]
    for index in range(objectives):
        lines += _objective(index, rng)
    lines += [
        "    support {",
        "        severity S1 {",
        "            respond within 15 minutes 24x7",
        "            resolve within 4 hours 24x7",
        "        }",
        "    }",
        "",
        "    compensation {",
        "        cap 100% of monthly_fee per period",
        "        rounding half_even 0.01",
        "        claim from period end to 30 days after period end",
        "    }",
        "}",
    ]
    return "\n".join(lines) + "\n"


def contract_of_lines(target_lines: int, seed: int = 0) -> str:
    """A contract of about `target_lines` lines."""
    objectives = 1
    while (text := contract_text(objectives, seed)).count("\n") < target_lines:
        objectives += 1
    return text
