"""Inline suppressions: the three forms, the required reason, malformed and unused ones."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from slalang.lint import find_rule, make_settings, run
from slalang.lint.suppressions import parse_directives
from slalang.loader import loads

BODY = """contract "x" {{
    {above}
    fee monthly "Monthly fee"{same}
}}
"""


def lint(above: str = "", same: str = "", *, select: str = "SLA502,SLA9") -> tuple[list[str], int]:
    text = BODY.format(above=above, same=same)
    result = run(loads(text, "x.sla"), make_settings([s for s in select.split(",")]))
    return [
        f"{d.code}:{d.span.line if d.span else 0}" for d in result.diagnostics
    ], result.suppressed_count


def test_unsuppressed_finding() -> None:
    assert lint() == (["SLA502:3"], 0)


@pytest.mark.parametrize(
    ("above", "same"),
    [
        ("", "  # slalang: disable=SLA502 -- invoiced in the customer's currency"),
        ("# slalang: disable-next-line=SLA502 -- invoiced in the customer's currency", ""),
        ("# slalang: disable-file=no-currency -- invoiced in the customer's currency", ""),
        ("# slalang: disable-next-line = SLA101, SLA502 --  two rules, one reason", ""),
    ],
)
def test_each_form_suppresses_and_is_counted(above: str, same: str) -> None:
    codes, suppressed = lint(above, same)
    assert suppressed == 1
    assert "SLA502:3" not in codes


def test_next_line_skips_blank_and_comment_lines() -> None:
    text = (
        'contract "x" {\n    # slalang: disable-next-line=SLA502 -- reason\n\n'
        '    # an ordinary comment\n    fee monthly "Monthly fee"\n}\n'
    )
    result = run(loads(text, "x.sla"), make_settings(["SLA502", "SLA9"]))
    assert result.diagnostics == [] and len(result.suppressed) == result.suppressed_count == 1


@pytest.mark.parametrize(
    ("comment", "message"),
    [
        ("# slalang: disable=SLA502", "needs a reason"),
        ("# slalang: disable=SLA502 --   ", "needs a reason"),
        ("# slalang: disable=SLA777 -- reason", "'SLA777' is not a rule"),
        ("# slalang: disabel=SLA502 -- reason", "not a suppression"),
        ("# slalang: disable-line=SLA502 -- reason", "not a suppression"),
    ],
)
def test_malformed_suppressions_are_reported_and_suppress_nothing(
    comment: str, message: str
) -> None:
    text = BODY.format(above=comment, same="")
    result = run(loads(text, "x.sla"), make_settings(["SLA502", "SLA9"]))
    assert [d.code for d in result.diagnostics] == ["SLA901", "SLA502"]
    assert message in result.diagnostics[0].message
    assert result.suppressed == []


def test_unused_suppression_is_reported_per_code() -> None:
    directive = "# slalang: disable-next-line=SLA502,SLA101 -- reason"
    codes, suppressed = lint(directive, select="SLA502,SLA101,SLA9")
    assert codes == ["SLA902:2"] and suppressed == 1


def test_suppression_of_a_rule_that_did_not_run_is_not_unused() -> None:
    codes, _ = lint("# slalang: disable-next-line=SLA101 -- reason", select="SLA502,SLA9")
    assert codes == ["SLA502:3"]
    codes, _ = lint("# slalang: disable-next-line=SLA502 -- reason", select="SLA9")
    assert codes == []


def test_directive_text_inside_a_string_is_not_a_comment() -> None:
    text = 'contract "# slalang: disable-file=SLA502" {\n    fee monthly "Monthly fee"\n}\n'
    result = run(loads(text, "x.sla"), make_settings(["SLA502", "SLA9"]))
    assert [d.code for d in result.diagnostics] == ["SLA502"]


@given(st.text(alphabet=st.characters(exclude_characters="\n\r"), max_size=60))
def test_any_slalang_comment_is_a_directive_or_a_malformed_report(tail: str) -> None:
    text = f"# slalang:{tail}\n"
    directives, problems = parse_directives(text, "x.sla", find_rule)
    assert len(directives) + len(problems) <= 1
    assert all(p.code == "SLA901" and p.span is not None for p in problems)
    assert all(d.reason and d.codes for d in directives)
