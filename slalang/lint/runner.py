"""Run the selected rules on a parsed contract, apply inline suppressions, bound the output."""

from __future__ import annotations

from dataclasses import dataclass

from slalang.diagnostics import Diagnostic, Level, Related
from slalang.lint.catalogue import find_rule
from slalang.lint.context import Context, Finding
from slalang.lint.limits import cap, group
from slalang.lint.registry import Rule
from slalang.lint.settings import Settings, make_settings
from slalang.lint.suppressions import MALFORMED, UNUSED, Suppressor, parse_directives, unused
from slalang.loader import ParseResult
from slalang.source import SourceMap


@dataclass(frozen=True)
class LintResult:
    diagnostics: list[Diagnostic]
    suppressed: int = 0


def _diagnostic(rule: Rule, severity: Level, f: Finding, source_map: SourceMap) -> Diagnostic:
    if f.level is not None and f.level.rank < severity.rank:
        severity = f.level
    return Diagnostic(
        code=rule.code,
        name=rule.name,
        severity=severity,
        message=f.message,
        span=source_map.span(f.path),
        related=tuple(
            Related(span=span, message=message)
            for path, message in f.related
            if (span := source_map.span(path)) is not None
        ),
        hints=f.hints,
    )


def run(result: ParseResult, settings: Settings | None = None) -> LintResult:
    """Front-end diagnostics when the contract does not load; otherwise the rules' findings,
    grouped and capped (`slalang.lint.limits`)."""
    if result.contract is None or result.source_map is None:
        return LintResult(list(result.diagnostics))
    settings = settings or make_settings()
    source_map = result.source_map
    directives, malformed = parse_directives(result.text, result.path, find_rule)
    suppressor = Suppressor(directives)
    base = Context(result.contract, source_map, result.text)
    findings: list[Diagnostic] = []
    for rule in settings.rules:
        if rule.check is None:
            continue
        options = settings.options.get(rule.code, rule.options)
        context = Context(result.contract, source_map, result.text, options) if options else base
        severity = settings.severity(rule)
        made = ((f.path, _diagnostic(rule, severity, f, source_map)) for f in rule.check(context))
        findings.extend(group((path, d) for path, d in made if not suppressor.hides(d)))
    codes = settings.codes
    tool = [d for d in malformed if MALFORMED in codes]
    if UNUSED in codes:
        tool.extend(unused(directives, codes))
    by_code = {r.code: r for r in settings.rules}
    tool = [d.model_copy(update={"severity": settings.severity(by_code[d.code])}) for d in tool]
    for code in sorted({d.code for d in tool}):
        findings.extend(group(((), d) for d in tool if d.code == code))
    return LintResult(cap(findings), suppressor.suppressed)
