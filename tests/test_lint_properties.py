"""Every rule on arbitrary valid contracts: no crash, a span on every finding, a stable order."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from slalang import dumps, loads
from slalang.lint import all_rules, make_settings, run
from slalang.model import Contract
from tests.strategies import contracts

CODES = {r.code for r in all_rules()}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(contracts())
def test_lint_never_crashes_and_locates_every_finding(contract: Contract) -> None:
    result = loads(dumps(contract), "generated.sla")
    if result.contract is None:
        return  # the front end's own properties are tested elsewhere
    first = run(result, make_settings())
    assert first == run(result, make_settings())
    for d in first.diagnostics:
        assert d.code in CODES
        assert d.span is not None and d.span.file == "generated.sla"
        assert 1 <= d.span.line <= result.text.count("\n") + 1
        assert all(r.span.file == "generated.sla" for r in d.related)
