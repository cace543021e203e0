"""Code actions: a suppression comment for a finding, and a rule's fix where it has one.

The linter's findings carry hints, not edits; the machine-applicable fixes live here, in a table
keyed by rule code. A suppression is inserted with an empty reason: slalang never invents the
reason, and SLA901 flags the comment until its author writes one.
"""

from __future__ import annotations

from collections.abc import Callable

from lsprotocol import types

from slalang.diagnostics import Diagnostic
from slalang.lint.catalogue import find_rule
from slalang.lsp.analysis import Analysis
from slalang.lsp.symbols import lenient_contract

Fix = Callable[[Analysis], tuple[str, list[types.TextEdit]] | None]


def add_timezone(analysis: Analysis) -> tuple[str, list[types.TextEdit]] | None:
    """SLA202: a contract without a time zone gets `timezone "UTC"` as its first clause."""
    loaded = lenient_contract(analysis.result)
    if loaded is None or loaded[0].timezone is not None:
        return None
    header = loaded[1].spans.get(("version",)) or loaded[1].spans.get(("name",))
    if header is None:
        return None
    after = analysis.lines.char_offset(header.end_line, header.end_column)
    brace = analysis.lines.text.find("{", after)
    if brace < 0:
        return None
    at = analysis.lines.at(brace + 1)
    edit = types.TextEdit(range=types.Range(start=at, end=at), new_text='\n    timezone "UTC"')
    return 'Add timezone "UTC" to the contract (check that UTC is the zone meant)', [edit]


FIXES: dict[str, Fix] = {"SLA202": add_timezone}


def suppression(analysis: Analysis, d: Diagnostic) -> types.TextEdit | None:
    """A `disable-next-line` comment above the finding's line, indented like it."""
    rule = find_rule(d.code)
    if d.span is None or rule is None or rule.check is None:
        return None  # front-end errors and SLA9xx cannot be suppressed
    line = analysis.lines.line(d.span.line - 1)
    indent = line[: len(line) - len(line.lstrip())]
    at = types.Position(line=d.span.line - 1, character=0)
    text = f"{indent}# slalang: disable-next-line={d.code} -- \n"
    return types.TextEdit(range=types.Range(start=at, end=at), new_text=text)


def _overlaps(a: types.Range, b: types.Range) -> bool:
    return (a.start.line, a.start.character) <= (b.end.line, b.end.character) and (
        b.start.line,
        b.start.character,
    ) <= (a.end.line, a.end.character)


def code_actions(analysis: Analysis, uri: str, wanted: types.Range) -> list[types.CodeAction]:
    """The actions for the findings whose spans meet `wanted`."""
    actions: list[types.CodeAction] = []
    fixed: set[str] = set()
    for d in analysis.diagnostics:
        if d.span is None or not _overlaps(analysis.lines.range(d.span), wanted):
            continue
        fix = FIXES.get(d.code)
        made = fix(analysis) if fix is not None and d.code not in fixed else None
        if made is not None:
            fixed.add(d.code)
            actions.append(_action(made[0], uri, made[1], types.CodeActionKind.QuickFix, True))
        edit = suppression(analysis, d)
        if edit is not None:
            title = f"Suppress {d.code} ({d.name}) on this line: write the reason after --"
            actions.append(_action(title, uri, [edit], types.CodeActionKind.QuickFix, False))
    return actions


def _action(
    title: str, uri: str, edits: list[types.TextEdit], kind: str, preferred: bool
) -> types.CodeAction:
    return types.CodeAction(
        title=title,
        kind=kind,
        is_preferred=preferred,
        edit=types.WorkspaceEdit(changes={uri: edits}),
    )
