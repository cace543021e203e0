"""slalang diagnostics and symbols as LSP values: ranges, severities, links, related information."""

from __future__ import annotations

from lsprotocol import types

from slalang.diagnostics import Diagnostic, Level
from slalang.lint.catalogue import code_table
from slalang.lsp.docs import rule_href
from slalang.lsp.positions import Lines
from slalang.lsp.symbols import Index

SOURCE = "slalang"
_SEVERITY = {
    Level.ERROR: types.DiagnosticSeverity.Error,
    Level.WARNING: types.DiagnosticSeverity.Warning,
    Level.INFO: types.DiagnosticSeverity.Information,
}
_SYMBOL_KINDS = {
    "fee base": types.SymbolKind.Variable,
    "calendar": types.SymbolKind.Object,
    "service": types.SymbolKind.Interface,
    "downtime": types.SymbolKind.Event,
    "objective": types.SymbolKind.Property,
    "severity": types.SymbolKind.EnumMember,
}
_WHOLE_FILE = types.Range(
    start=types.Position(line=0, character=0), end=types.Position(line=0, character=0)
)


def to_lsp(d: Diagnostic, lines: Lines, uri: str) -> types.Diagnostic:
    """One diagnostic: its code linked to docs/rules.md, related spans and hints as related
    information (a hint is placed at the diagnostic itself)."""
    where = lines.range(d.span) if d.span is not None else _WHOLE_FILE
    related = [
        types.DiagnosticRelatedInformation(
            location=types.Location(uri=uri, range=lines.range(r.span)), message=r.message
        )
        for r in d.related
    ]
    related += [
        types.DiagnosticRelatedInformation(
            location=types.Location(uri=uri, range=where), message=f"hint: {hint}"
        )
        for hint in d.hints
    ]
    entry = code_table().get(d.code)
    href = rule_href(entry.anchor) if entry is not None else None
    return types.Diagnostic(
        range=where,
        message=d.message,
        severity=_SEVERITY[d.severity],
        code=d.code,
        code_description=types.CodeDescription(href=href) if href else None,
        source=SOURCE,
        related_information=related or None,
        data={"name": d.name},
    )


def document_symbols(index: Index, lines: Lines) -> list[types.DocumentSymbol]:
    """The outline: definitions under the contract, severities under `support`."""
    if index.source_map is None or () not in index.source_map.spans:
        return []
    children: list[types.DocumentSymbol] = []
    severities: list[types.DocumentSymbol] = []
    for d in index.definitions.values():
        symbol = types.DocumentSymbol(
            name=d.name,
            detail=f"{d.kind}" + (f": {d.title}" if d.title else ""),
            kind=_SYMBOL_KINDS[d.kind],
            range=lines.range(d.clause),
            selection_range=lines.range(d.name_span),
        )
        (severities if d.kind == "severity" else children).append(symbol)
    support = index.source_map.spans.get(("support",))
    if support is not None:
        whole = lines.range(support)
        children.append(
            types.DocumentSymbol(
                name="support",
                kind=types.SymbolKind.Namespace,
                range=whole,
                selection_range=whole,
                children=severities,
            )
        )
    children.sort(key=lambda s: (s.range.start.line, s.range.start.character))
    contract = lines.range(index.source_map.spans[()])
    name = index.contract.name if index.contract is not None else "contract"
    return [
        types.DocumentSymbol(
            name=name,
            kind=types.SymbolKind.Module,
            range=contract,
            selection_range=contract,
            children=children,
        )
    ]
