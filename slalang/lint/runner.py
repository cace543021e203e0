"""Run the selected rules on a parsed contract, apply inline suppressions, bound the output."""

from __future__ import annotations

from dataclasses import dataclass, field

from slalang.diagnostics import Diagnostic, Level, Related, Suppressed
from slalang.lint.catalogue import find_rule
from slalang.lint.context import Context, Finding
from slalang.lint.limits import MAX_FINDINGS, cap, group
from slalang.lint.registry import Rule
from slalang.lint.settings import Settings, make_settings
from slalang.lint.suppressions import MALFORMED, UNUSED, Suppressor, parse_directives, unused
from slalang.loader import ParseResult
from slalang.source import ModelPath, SourceMap


@dataclass(frozen=True)
class LintResult:
    """The findings shown; the suppressed ones, in order, at most `MAX_FINDINGS` of
    `suppressed_count`."""

    diagnostics: list[Diagnostic]
    suppressed: list[Suppressed] = field(default_factory=list)
    suppressed_count: int = 0


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
    hidden: list[Suppressed] = []
    for rule in settings.rules:
        if rule.check is None:
            continue
        options = settings.options.get(rule.code, rule.options)
        context = Context(result.contract, source_map, result.text, options) if options else base
        severity = settings.severity(rule)
        shown: list[tuple[ModelPath, Diagnostic]] = []
        for f in rule.check(context):
            d = _diagnostic(rule, severity, f, source_map)
            by = suppressor.suppressing(d)
            if by is None:
                shown.append((f.path, d))
            else:
                hidden.append(Suppressed(diagnostic=d, reason=by.reason, by=by.span))
        findings.extend(group(shown))
    codes = settings.codes
    tool = [d for d in malformed if MALFORMED in codes]
    if UNUSED in codes:
        tool.extend(unused(directives, codes))
    by_code = {r.code: r for r in settings.rules}
    tool = [d.model_copy(update={"severity": settings.severity(by_code[d.code])}) for d in tool]
    for code in sorted({d.code for d in tool}):
        findings.extend(group(((), d) for d in tool if d.code == code))
    hidden.sort(key=lambda x: x.diagnostic.sort_key)
    return LintResult(cap(findings), hidden[:MAX_FINDINGS], len(hidden))
