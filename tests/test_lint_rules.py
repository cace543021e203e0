"""Every rule's documented examples: each Bad one fires the rule exactly where its caret marks
say, each Good one does not fire it."""

from __future__ import annotations

import pytest

from slalang.diagnostics import Diagnostic
from slalang.lint import Rule, all_rules, lint
from slalang.lint.catalogue import rules_of
from slalang.lint.registry import Mark, RuleExample, parse_example
from slalang.lint.rules import credits
from slalang.loader import loads

RULES = all_rules()
BAD = [pytest.param(r, ex, id=f"{r.code}-bad{i}") for r in RULES for i, ex in enumerate(r.bad)]
GOOD = [pytest.param(r, ex, id=f"{r.code}-good{i}") for r in RULES for i, ex in enumerate(r.good)]


def _findings(text: str) -> list[Diagnostic]:
    result = loads(text, "example.sla")
    assert result.contract is not None, result.diagnostics
    return lint(result)


def _mark(d: Diagnostic, lines: list[str]) -> Mark:
    """Where `d` is reported, as a caret line would mark it: to the end of its first line."""
    assert d.span is not None
    s = d.span
    end = s.end_column if s.end_line == s.line else len(lines[s.line - 1]) + 1
    return Mark(d.code, s.line, s.column, end - s.column)


@pytest.mark.parametrize(("rule", "example"), BAD)
def test_bad_example_fires_where_marked(rule: Rule, example: RuleExample) -> None:
    assert example.marks, "a Bad example marks each finding with a caret line"
    codes = {rule.code} | {m.code for m in example.marks}
    lines = example.text.split("\n")
    found = [_mark(d, lines) for d in _findings(example.text) if d.code in codes]
    assert sorted(found, key=lambda m: (m.line, m.column, m.code)) == list(example.marks)


@pytest.mark.parametrize(("rule", "example"), GOOD)
def test_good_example_is_silent(rule: Rule, example: RuleExample) -> None:
    assert not example.marks
    assert rule.code not in [d.code for d in _findings(example.text)]


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_is_documented(rule: Rule) -> None:
    assert rule.bad and rule.good, "a rule needs Bad and Good examples"
    assert rule.summary.endswith(".") and rule.rationale
    assert rule.name == rule.name.lower() and " " not in rule.name


def test_catalogue_size_and_families() -> None:
    assert len(RULES) >= 30
    assert {r.code[:4] for r in RULES} == {"SLA1", "SLA2", "SLA3", "SLA4", "SLA5", "SLA6", "SLA9"}
    assert len({r.name for r in RULES}) == len(RULES)


def test_caret_lines_mark_the_line_above_and_leave_the_text() -> None:
    example = parse_example(
        [
            'contract "x" {',
            "    period calendar month",
            "    ^^^^^^ SLA202",
            "           ^^^^^^^^ SLA999",
            "}",
        ]
    )
    assert example.text == 'contract "x" {\n    period calendar month\n}\n'
    assert example.marks == (Mark("SLA202", 2, 5, 6), Mark("SLA999", 2, 12, 8))


def test_the_catalogue_refuses_a_rule_listed_twice() -> None:
    with pytest.raises(ValueError, match="two rules share the code SLA101"):
        rules_of((credits, credits), ())


COMPENSATION_TERMS = {
    "SLA404": "claim from period end to 30 days after period end",
    "SLA405": "form invoice_credit",
    "SLA406": "minimum credit 100 USD",
    "SLA504": "rounding half_even 0.01",
}


@pytest.mark.parametrize("code", sorted(COMPENSATION_TERMS))
def test_an_unstated_compensation_term_is_reported_on_the_compensation_block(code: str) -> None:
    stated = "; ".join(term for other, term in COMPENSATION_TERMS.items() if other != code)
    text = (
        'contract "Terms" {\n'
        "    currency USD\n"
        "    objective latency fast { target p95 <= 400 ms; credit 5% per breach }\n"
        "    objective latency faster { target p99 <= 900 ms; credit 5% per breach }\n"
        f"    compensation {{ {stated} }}\n"
        "}\n"
    )
    found = [d for d in _findings(text) if d.code in COMPENSATION_TERMS]
    assert [(d.code, d.span and (d.span.line, d.span.column)) for d in found] == [(code, (5, 5))]
    assert [(r.span.line, r.span.column) for r in found[0].related] == [(3, 52)]


@pytest.mark.parametrize("code", sorted(COMPENSATION_TERMS))
def test_a_suppression_above_compensation_hides_its_unstated_term(code: str) -> None:
    text = (
        'contract "Terms" {\n'
        "    objective latency fast { target p95 <= 400 ms; credit 5% per breach }\n"
        f"    # slalang: disable-next-line={code} -- not stated in the signed text\n"
        "    compensation { combine sum }\n"
        "}\n"
    )
    codes = [d.code for d in _findings(text)]
    assert code not in codes and "SLA902" not in codes


def test_support_credit_tiers_are_linted_like_an_objectives() -> None:
    """The number rules read every credit table through one walk, support's included."""
    text = (
        'contract "Support tiers" {\n'
        '    timezone "UTC"\n'
        "    support {\n"
        "        severity S1 { respond within 1 hour; credit { [0.5, 0.95) -> 5% } }\n"
        "    }\n"
        "}\n"
    )
    found = [(d.code, d.span and d.span.column) for d in _findings(text) if d.code == "SLA207"]
    assert found == [("SLA207", 56), ("SLA207", 61)]


CLAIM_CALENDARS = {
    "named": ("claim from period end to 10 business days after period end on office", []),
    "by default": ("claim from period end to 10 business days after period end", []),
    "in days": ("claim from period end to 10 days after period end", [3]),
}


@pytest.mark.parametrize("claim", sorted(CLAIM_CALENDARS))
def test_a_calendar_a_claim_window_counts_on_is_used(claim: str) -> None:
    window, lines = CLAIM_CALENDARS[claim]
    text = (
        'contract "Claims" {\n'
        '    timezone "UTC"\n'
        "    calendar office { open mon..fri 09:00 to 17:00 }\n"
        f"    compensation {{ {window} }}\n"
        "}\n"
    )
    assert [d.span and d.span.line for d in _findings(text) if d.code == "SLA601"] == lines


def test_an_objective_without_a_service_uses_every_service() -> None:
    text = (
        'contract "All" {\n    service api\n    objective availability up { target >= 99.9% }\n}\n'
    )
    assert "SLA601" not in [d.code for d in _findings(text)]


@pytest.mark.parametrize("cap_in", ["objective", "compensation"])
def test_a_cap_of_the_fee_bounds_a_credit_over_the_fee(cap_in: str) -> None:
    """SLA106 leaves a clause that a cap bounds; SLA107 names the tier the cap cuts."""
    objective_cap = "; cap 100% per period" if cap_in == "objective" else ""
    compensation_cap = " compensation { cap 100% per period }" if cap_in == "compensation" else ""
    text = (
        'contract "Capped" {\n'
        "    objective availability up {\n"
        f"        target >= 99.9%; credit {{ < 99.9% -> 150% }}{objective_cap}\n"
        f"    }}{compensation_cap}\n"
        "}\n"
    )
    found = [(d.code, d.span and d.span.column) for d in _findings(text)]
    assert [x for x in found if x[0] in ("SLA106", "SLA107")] == [("SLA107", 46)]


def _codes_for(objective: str, codes: set[str]) -> list[str]:
    text = f'contract "One" {{\n    timezone "UTC"\n    {objective}\n}}\n'
    return sorted(d.code for d in _findings(text) if d.code in codes)


MEASUREMENT_CASES = {
    "counts only, no slice": (
        "objective availability up { down when send.success_rate < 99%; target >= 99.9% }",
        [],
    ),
    "counts only, slice without a partial rule": (
        "objective availability up { down when error_rate > 5%; slice 5 minutes; target >= 99.9% }",
        [],
    ),
    "outages, no slice": ("objective availability up { target >= 99.9% }", ["SLA204"]),
    "counts or outages, no slice": (
        "objective availability up { down when any of (outage, error_rate > 5%); target >= 99.9% }",
        ["SLA204"],
    ),
}


@pytest.mark.parametrize("case", sorted(MEASUREMENT_CASES))
def test_slicing_is_asked_for_only_where_it_acts(case: str) -> None:
    objective, expected = MEASUREMENT_CASES[case]
    assert _codes_for(objective, {"SLA204"}) == expected


@pytest.mark.parametrize(
    ("objective", "expected"),
    [
        (
            "objective availability up { down when users_affected > 5%; slice exact;"
            " missing data counts as up; target >= 99.9% }",
            [],
        ),
        (
            "objective availability up { down when error_rate > 5%; slice exact;"
            " missing data counts as up; target >= 99.9% }",
            ["SLA205"],
        ),
        (
            "objective success_rate ok { minimum volume 10 requests; down when error_rate > 5%;"
            " target >= 99.9% }",
            [],
        ),
        ("objective latency fast { down when error_rate > 5%; target p95 <= 400 ms }", []),
    ],
)
def test_volume_and_gap_rules_read_only_what_the_kind_measures(
    objective: str, expected: list[str]
) -> None:
    assert _codes_for(objective, {"SLA205", "SLA206"}) == expected


def test_exclusions_cover_the_target_only_as_a_share_of_time() -> None:
    maintenance = "exclude maintenance announced at least 48 hours ahead at most 16 days per period"
    body = f"period calendar month; target >= 50%; {maintenance}"
    assert _codes_for(f"objective availability up {{ {body} }}", {"SLA403"}) == ["SLA403"]
    assert _codes_for(f"objective success_rate ok {{ {body} }}", {"SLA403"}) == []


@pytest.mark.parametrize(
    ("objective", "message"),
    [
        (
            "objective availability up { target >= 99.9%; credit { [95%, 99.9%) -> 10% } }",
            "no tier covers [0%, 95%): the worst service earns no credit, less than the last"
            " tier pays",
        ),
        (
            "objective latency fast { target p95 <= 400 ms; credit { (400 ms, 900 ms] -> 10% } }",
            "no tier covers values above 900 ms: the worst service earns no credit, less than the last"
            " tier pays",
        ),
    ],
)
def test_a_table_that_stops_short_of_the_worst_service_is_info(
    objective: str, message: str
) -> None:
    text = f'contract "Short" {{\n    {objective}\n}}\n'
    for configured, level in [(None, "info"), ("error", "info"), ("info", "info")]:
        rules = {"SLA102": configured} if configured else None
        found = [
            (d.severity.value, d.message)
            for d in lint(loads(text, "c.sla"), rules=rules)
            if d.code == "SLA102"
        ]
        assert found == [(level, message)]


@pytest.mark.parametrize(("services", "expected"), [(1, []), (2, ["SLA605"]), (3, ["SLA605"])])
def test_an_objective_without_a_service_is_flagged_only_among_several(
    services: int, expected: list[str]
) -> None:
    declared = "".join(f"    service s{n}\n" for n in range(services))
    text = f'contract "S" {{\n{declared}    objective availability up {{ target >= 99.9% }}\n}}\n'
    found = [d for d in _findings(text) if d.code == "SLA605"]
    assert [d.code for d in found] == expected
    if found:
        assert f"all {services} services" in found[0].message


@pytest.mark.parametrize(
    ("clauses", "expected"),
    [
        ("down when outage impact major_outage", ["SLA409"]),
        ("down when any of (outage impact major_outage, outage impact partial_outage)", ["SLA409"]),
        ("down when outage impact (major_outage, maintenance)", []),
        ("down when outage", []),
        ("down when error_rate > 5%", []),
        ("down when outage impact major_outage; weight maintenance 100%", []),
        (
            "down when outage impact major_outage;"
            " exclude maintenance announced at least 2 days ahead at most 4 hours per period",
            [],
        ),
    ],
)
def test_maintenance_counting_as_down_is_hinted(clauses: str, expected: list[str]) -> None:
    assert (
        _codes_for(f"objective availability up {{ {clauses}; target >= 99.9% }}", {"SLA409"})
        == expected
    )


def test_maintenance_hint_follows_downtime_references() -> None:
    text = (
        'contract "Named" {\n'
        "    downtime major when outage impact major_outage\n"
        "    objective availability up { down when major; target >= 99.9% }\n"
        "}\n"
    )
    assert [(d.code, d.span and d.span.line) for d in _findings(text) if d.code == "SLA409"] == [
        ("SLA409", 3)
    ]


IMPLICIT = {
    "operations of its service": ("service a", "service a", ["SLA607"]),
    "operations of another service": ("service a", "service b", []),
    "operations of every service": ("", "service b", ["SLA607"]),
    "an operation clause": ("service a", "service a; operation send", []),
}


@pytest.mark.parametrize("case", sorted(IMPLICIT))
def test_an_implicit_operation_filter_is_hinted(case: str) -> None:
    up, rate, expected = IMPLICIT[case]
    text = (
        'contract "Ops" {\n    service a\n    service b\n'
        f"    objective availability up {{ {up}; down when send.success_rate < 99%;"
        " target >= 99.9% }\n"
        f"    objective success_rate ok {{ {rate}; target >= 99.5% }}\n"
        "}\n"
    )
    assert [d.code for d in _findings(text) if d.code == "SLA607"] == expected


def test_an_unused_downtime_names_operations_of_every_service() -> None:
    text = (
        'contract "Ops" {\n    service a\n'
        "    downtime sending when send.success_rate < 99%\n"
        "    objective latency fast { service a; target p95 <= 400 ms }\n"
        "}\n"
    )
    found = [d for d in _findings(text) if d.code == "SLA607"]
    assert [(d.span and d.span.line, "(send)" in d.message) for d in found] == [(4, True)]
