"""Front-end totality: any input ends in diagnostics or a contract, never an exception."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from slalang import dumps, loads
from slalang.cli import main
from slalang.loader import loads_bytes

SAMPLE = (
    Path(__file__).resolve().parents[1] / "contracts" / "acme-chat-enterprise.sla"
).read_text()
VOCABULARY = (
    "contract",
    "objective",
    "availability",
    "target",
    ">=",
    "<",
    "99.9%",
    "[",
    "]",
    "(",
    ")",
    "{",
    "}",
    ",",
    ";",
    "->",
    "credit",
    "of",
    "cap",
    "per",
    "period",
    "15 minutes",
    "4 business hours",
    "2026-10-01",
    "2026-10-01T09:00:00Z",
    "09:00",
    '"text"',
    "# note\n",
    "\n",
    "all of (",
    "24x7",
    "at least 2 scopes (",
    "99,9%",
    "1e5",
    "\\",
    '"',
    "\x00",
    "\ufeff",
    "\r\n",
    "é",
    "9" * 40,
)


def _assert_total(text: str) -> None:
    result = loads(text, path="fuzz.sla")
    if result.contract is None:
        assert result.diagnostics, "a failed parse must say why"
        for d in result.diagnostics:
            assert d.code.startswith("SLA") and d.span is not None
    elif not result.format_problems:
        formatted = dumps(result.contract, result.comments)
        assert loads(formatted).contract == result.contract


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_random_text_never_crashes(text: str) -> None:
    _assert_total(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(VOCABULARY), max_size=60).map(" ".join))
def test_token_soup_never_crashes(text: str) -> None:
    _assert_total(text)


@st.composite
def mutated_sample(draw: st.DrawFn) -> str:
    text = SAMPLE
    for _ in range(draw(st.integers(1, 4))):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, min(len(text), start + 40)))
        replacement = draw(st.sampled_from(VOCABULARY) | st.just(""))
        text = text[:start] + replacement + text[end:]
    return text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_sample())
def test_mutated_contract_never_crashes(text: str) -> None:
    _assert_total(text)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_random_bytes_never_crash(data: bytes) -> None:
    result = loads_bytes(data, "bytes.sla")
    assert result.contract is not None or result.diagnostics


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_sample(), st.sampled_from(["lint", "fmt", "parse"]))
def test_cli_never_shows_a_traceback(text: str, command: str) -> None:
    args = [command, "-"] if command != "fmt" else ["fmt", "--check", "-"]
    outcome = CliRunner().invoke(main, args, input=text.encode("utf-8", "surrogatepass"))
    assert outcome.exception is None or isinstance(outcome.exception, SystemExit), outcome.output
    assert outcome.exit_code in (0, 1, 2)
    assert "Traceback" not in outcome.output
