"""Run the selected rules on a parsed contract, then apply inline suppressions."""

from __future__ import annotations

from dataclasses import dataclass

from slalang.diagnostics import Diagnostic, Related
from slalang.lint.catalogue import find_rule
from slalang.lint.context import Context
from slalang.lint.settings import Settings, make_settings
from slalang.lint.suppressions import MALFORMED, UNUSED, apply, parse_directives, unused
from slalang.loader import ParseResult


@dataclass(frozen=True)
class LintResult:
    diagnostics: list[Diagnostic]
    suppressed: int = 0


def run(result: ParseResult, settings: Settings | None = None) -> LintResult:
    """Front-end diagnostics when the contract does not load; otherwise the rules' findings."""
    if result.contract is None or result.source_map is None:
        return LintResult(list(result.diagnostics))
    settings = settings or make_settings()
    source_map = result.source_map
    base = Context(result.contract, source_map, result.text)
    findings: list[Diagnostic] = []
    for rule in settings.rules:
        if rule.check is None:
            continue
        options = settings.options.get(rule.code, rule.options)
        context = Context(result.contract, source_map, result.text, options) if options else base
        severity = settings.severity(rule)
        for finding in rule.check(context):
            findings.append(
                Diagnostic(
                    code=rule.code,
                    name=rule.name,
                    severity=severity,
                    message=finding.message,
                    span=source_map.span(finding.path),
                    related=tuple(
                        Related(span=span, message=message)
                        for path, message in finding.related
                        if (span := source_map.span(path)) is not None
                    ),
                    hints=finding.hints,
                )
            )
    directives, malformed = parse_directives(result.text, result.path, find_rule)
    kept, suppressed = apply(findings, directives)
    codes = settings.codes
    tool = [d for d in malformed if MALFORMED in codes]
    if UNUSED in codes:
        tool.extend(unused(directives, codes))
    by_code = {r.code: r for r in settings.rules}
    tool = [d.model_copy(update={"severity": settings.severity(by_code[d.code])}) for d in tool]
    return LintResult(sorted(kept + tool, key=lambda d: d.sort_key), suppressed)
