"""Lint work grows about linearly with the contract, and its output is bounded (issue 10, class 1).

Each big input here took minutes (or hours) before the rules were rewritten as sort-and-sweep
and hashing; the time limits are generous, so that only a return to quadratic work fails them.
"""

from __future__ import annotations

import time

import pytest

import slalang
from slalang.diagnostics import Diagnostic
from slalang.lint import limits

HEADER = 'contract "Big" {\n    timezone "UTC"\n    period calendar month\n'


def _lint(text: str, seconds: float = 20.0) -> list[Diagnostic]:
    result = slalang.loads(text)
    assert result.contract is not None, [d.message for d in result.diagnostics]
    start = time.perf_counter()
    found = slalang.lint(result)
    assert time.perf_counter() - start < seconds
    return found


def _table(rows: int) -> str:
    """A credit table whose rows all overlap (took 268 s and printed 500,000 findings at 1,000)."""
    body = "".join(f"            < {99.9 - i * 0.01:.2f}% -> {1 + i % 50}%\n" for i in range(rows))
    return (
        f"{HEADER}    objective availability up {{\n        slice exact\n"
        f"        target >= 99.9%\n        credit {{\n{body}        }}\n    }}\n}}\n"
    )


def _objectives(count: int, body: str = "slice exact") -> str:
    """`count` objectives with no target (SLA604 each)."""
    return (
        HEADER + "".join(f"    objective latency o{i} {{ {body} }}\n" for i in range(count)) + "}\n"
    )


def test_two_thousand_overlapping_tiers_lint_fast_with_bounded_output() -> None:
    found = _lint(_table(2000))
    overlaps = [d for d in found if d.code == "SLA101"]
    assert len(found) < 20
    assert len(overlaps) == 1
    assert "and 1998 more SLA101 findings in this block (the next 5 are marked)" in (
        overlaps[0].message
    )
    assert len(overlaps[0].related) == 1 + limits.GROUP_SHOWN
    assert overlaps[0].span is not None and overlaps[0].span.line == 9  # the second row


def test_findings_of_one_rule_in_one_block_are_grouped_past_the_threshold() -> None:
    at_limit = [d for d in _lint(_objectives(limits.GROUP_AFTER)) if d.code == "SLA604"]
    assert len(at_limit) == limits.GROUP_AFTER
    over = [d for d in _lint(_objectives(limits.GROUP_AFTER + 1)) if d.code == "SLA604"]
    assert len(over) == 1
    assert over[0].message == (
        "objective 'o0' has no target; and 10 more SLA604 findings in this block "
        "(the next 5 are marked)"
    )
    assert [r.message for r in over[0].related] == [
        f"objective 'o{i}' has no target" for i in range(1, 6)
    ]


def test_suppressions_apply_before_grouping() -> None:
    text = _objectives(limits.GROUP_AFTER + 1).replace(
        "    objective latency o3",
        "    # slalang: disable-next-line=SLA604 -- o3 is measured elsewhere\n    objective latency o3",
    )
    assert len([d for d in _lint(text) if d.code == "SLA604"]) == limits.GROUP_AFTER


def test_findings_per_file_are_capped_with_a_final_diagnostic(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(limits, "MAX_FINDINGS", 5)
    found = _lint(_objectives(8))  # SLA604 eight times: below the grouping threshold
    assert len(found) == 6
    last = found[-1]
    assert (last.code, last.name) == ("SLA005", "input-too-large")
    assert last.message.startswith("lint stopped after 5 findings, the limit per file; ")
    assert last.span is not None


def test_many_support_targets_in_one_severity() -> None:
    targets = "".join(
        f"            respond within {h} hours 24x7\n            resolve within 1 hour 24x7\n"
        for h in range(2, 1502)
    )
    text = f'contract "Support" {{\n    support {{\n        severity S1 {{\n{targets}        }}\n    }}\n}}\n'
    late = [d for d in _lint(text) if d.code == "SLA301"]
    assert len(late) == 1 and "1499 more SLA301 findings" in late[0].message


def test_a_long_quote_is_scanned_once() -> None:
    """The spelled-number pattern backtracked over every start: 7 s for 1,000 words."""
    words = "the " * 20000 + "ninety "
    text = f'contract "Quote" {{\n    quote "{words}(90) and nine (9{" " * 20000}x"\n}}\n'
    assert [d.code for d in _lint(text, 5.0)] == []


def test_dst_rule_over_ten_thousand_years() -> None:
    """Checked day by day over the whole span, and an end past 9999-12-31 overflowed."""
    text = (
        'contract "Night" {\n    effective from 0001-01-01 through 9999-12-31\n'
        '    calendar night { timezone "Europe/Berlin"; open sun 02:30 to 06:00 }\n}\n'
    )
    assert {d.code for d in _lint(text, 5.0)} == {"SLA601"}
    late = text.replace("0001-01-01 through 9999-12-31", "9999-12-01")
    assert {d.code for d in _lint(late, 5.0)} == {"SLA601"}


def test_many_suppressions_in_a_row() -> None:
    comments = "    # slalang: disable-next-line=SLA604 -- measured elsewhere\n" * 5000
    text = HEADER + comments + "    objective latency o { percentile linear }\n}\n"
    found = _lint(text, 10.0)
    assert [d.code for d in found if d.code != "SLA902"] == []
