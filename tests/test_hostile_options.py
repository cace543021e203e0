"""Command-line values of `evaluate` that cannot be used are exit 2 with one line (issue 10).

Before: a negative --fee gave a negative credit with exit 0; a huge one hung; --period 0001-01 in
a zone east of UTC and an --as-of at the end of time were OverflowError tracebacks; an --as-of
before the period was accepted.
"""

from __future__ import annotations

import time

import pytest
from click.testing import CliRunner

from slalang.cli import main

from .conftest import ROOT

CONTRACT = ROOT / "contracts" / "acme-chat-enterprise.sla"
RECORDS = ROOT / "examples" / "acme-2026-10.jsonl"


@pytest.fixture(scope="module")
def tokyo(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("c") / "tokyo.sla"
    text = CONTRACT.read_text(encoding="utf-8").replace('"Asia/Shanghai"', '"Asia/Tokyo"')
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--fee", "-100 CNY"], "--fee '-100 CNY' is not more than 0"),
        (["--fee", "0 CNY"], "--fee '0 CNY' is not more than 0"),
        (["--fee", "1e999999999 CNY"], "--fee '1e999999999 CNY' is not an amount like"),
        (["--fee", "\uff11\uff10\uff10 CNY"], "is not an amount like"),  # full-width digits
        (["--as-of", "2020-01-01T00:00:00Z"], "is before the evaluated period starts"),
        (["--as-of", "9999-12-31T23:59:59-12:00"], "is past the dates slalang can compute"),
    ],
)
def test_unusable_evaluate_options(tokyo: str, args: list[str], message: str) -> None:
    started = time.monotonic()
    result = CliRunner().invoke(
        main, ["evaluate", tokyo, str(RECORDS), "--period", "2026-10", *args]
    )
    assert time.monotonic() - started < 30
    assert result.exit_code == 2
    assert message in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize(
    "period",
    [["--period", "0001-01"], ["--from", "0001-01-01T00:00:00+00:00", "--to", "0001-02-01"]],
)
def test_a_range_at_the_start_of_time(tokyo: str, period: list[str]) -> None:
    result = CliRunner().invoke(main, ["evaluate", tokyo, str(RECORDS), *period])
    assert result.exit_code == 2
    assert "reaches past the dates slalang can compute" in result.stderr


def test_at_most_1200_periods_at_once(tmp_path_factory: pytest.TempPathFactory) -> None:
    text = CONTRACT.read_text(encoding="utf-8")
    forever = tmp_path_factory.mktemp("c") / "forever.sla"  # no effective dates to clip the range
    forever.write_text(text.replace("effective from 2026-01-01 through 2026-12-31\n", ""))
    assert forever.read_text() != text
    started = time.monotonic()
    result = CliRunner().invoke(
        main, ["evaluate", str(forever), str(RECORDS), "--from", "1000-01", "--to", "2999-12"]
    )
    assert time.monotonic() - started < 30
    assert result.exit_code == 2
    assert "at most 1,200 at once" in result.stderr


def test_no_credit_for_a_period_after_the_contract_expired() -> None:
    result = CliRunner().invoke(
        main, ["evaluate", str(CONTRACT), str(RECORDS), "--period", "2027-02"]
    )
    assert result.exit_code == 2  # effective through 2026-12-31; before, 2027-02 was evaluated
    assert "outside the contract's effective dates" in result.stderr
    result = CliRunner().invoke(
        main, ["evaluate", str(CONTRACT), str(RECORDS), "--from", "2026-11", "--to", "2027-02"]
    )
    assert result.exit_code == 0, result.stderr
    assert "period 2026-11, 2026-12: " in result.stdout  # 2027-01 is left out
