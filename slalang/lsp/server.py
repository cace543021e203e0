"""The language server: pygls features wired to the analysis of each open document.

Diagnostics are published on open at once, and after changes at most once per `debounce`
seconds (the initialisation option `debounceMs`): a change after a quiet spell is analysed at
once, the changes that follow within the window make one analysis of the latest text at its
end. Every request works on the analysis of the document's current version, made on demand and
kept until the document changes.
"""

from __future__ import annotations

import asyncio
from typing import Any

from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from slalang import __version__
from slalang.diagnostics import has_errors
from slalang.fmt import reformat
from slalang.lsp.actions import code_actions
from slalang.lsp.analysis import Analysis
from slalang.lsp.completion import complete
from slalang.lsp.convert import document_symbols, to_lsp
from slalang.lsp.hover import hover_text
from slalang.lsp.symbols import Index
from slalang.render.diagnostics import render_text

DEBOUNCE_SECONDS = 0.05
REQUEST_FAILED = -32803  # LSP's RequestFailed: the request was valid, its answer is a refusal


class SlaServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__(
            "slalang", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental
        )
        self.analyses: dict[str, Analysis] = {}
        self.pending: dict[str, asyncio.Task[None]] = {}
        self.published_at: dict[str, float] = {}  # loop time of the last publication after a change
        self.debounce = DEBOUNCE_SECONDS
        self.told: set[str] = set()  # configuration problems already shown
        self.named: dict[str, Index] = {}  # per document, the last index that defined names

    def analysis(self, uri: str) -> Analysis:
        """The analysis of the document's current text (made now if it is out of date)."""
        document = self.workspace.get_text_document(uri)
        cached = self.analyses.get(uri)
        if (
            cached is not None
            and cached.version == document.version
            and cached.lines.text == document.source
        ):
            return cached
        path = to_fs_path(uri) if uri.startswith("file:") else None
        made = Analysis(document.source, path, document.version)
        self.analyses[uri] = made
        return made

    def names(self, uri: str) -> Index:
        """The names of the current text, or of the last text of `uri` that defined some."""
        index = self.analysis(uri).index
        if index.definitions:
            self.named[uri] = index
        return self.named.get(uri, index)

    def publish(self, uri: str) -> None:
        found = self.analysis(uri)
        if found.config_problem and found.config_problem not in self.told:
            self.told.add(found.config_problem)
            self.window_show_message(
                types.ShowMessageParams(
                    type=types.MessageType.Warning, message=found.config_problem
                )
            )
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(
                uri=uri,
                version=found.version,
                diagnostics=[to_lsp(d, found.lines, uri) for d in found.diagnostics],
            )
        )
        self.names(uri)  # remembered for completion while the text is being typed

    def schedule(self, uri: str) -> None:
        """Publish soon: at once after a quiet spell, else at the end of the `debounce` window
        that began with the last publication (all changes inside it make one analysis, of the
        latest text)."""
        if uri in self.pending:
            return
        now = asyncio.get_running_loop().time()
        wait = max(0.0, self.debounce - (now - self.published_at.get(uri, now - self.debounce)))
        self.pending[uri] = asyncio.ensure_future(self._later(uri, wait))

    async def _later(self, uri: str, wait: float) -> None:
        await asyncio.sleep(wait)
        self.pending.pop(uri, None)
        if uri in self.workspace.text_documents:
            self.publish(uri)
            self.published_at[uri] = asyncio.get_running_loop().time()


server = SlaServer()


@server.feature(types.INITIALIZE)
def initialize(ls: SlaServer, params: types.InitializeParams) -> None:
    """Reads the option `debounceMs` (how long a document must be quiet before diagnostics)."""
    options: Any = params.initialization_options
    if isinstance(options, dict) and isinstance(options.get("debounceMs"), int | float):
        ls.debounce = max(0.0, float(options["debounceMs"])) / 1000


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: SlaServer, params: types.DidOpenTextDocumentParams) -> None:
    ls.publish(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: SlaServer, params: types.DidChangeTextDocumentParams) -> None:
    ls.schedule(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: SlaServer, params: types.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    ls.analyses.pop(uri, None)
    ls.named.pop(uri, None)
    ls.published_at.pop(uri, None)
    ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))


@server.feature(types.TEXT_DOCUMENT_HOVER)
def hover(ls: SlaServer, params: types.HoverParams) -> types.Hover | None:
    found = ls.analysis(params.text_document.uri)
    column = found.lines.column(params.position)
    text = hover_text(found, params.position.line, column)
    if text is None:
        return None
    return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text))


@server.feature(
    types.TEXT_DOCUMENT_COMPLETION,
    types.CompletionOptions(trigger_characters=['"', " "]),
)
def completion(ls: SlaServer, params: types.CompletionParams) -> types.CompletionList:
    found = ls.analysis(params.text_document.uri)
    items = complete(found, params.position, ls.names(params.text_document.uri))
    return types.CompletionList(is_incomplete=False, items=items)


@server.feature(types.TEXT_DOCUMENT_FORMATTING)
def formatting(ls: SlaServer, params: types.DocumentFormattingParams) -> list[types.TextEdit]:
    """The whole document in canonical form; refused, as `slalang fmt` refuses, when the
    contract has errors or a comment the printer cannot place."""
    found = ls.analysis(params.text_document.uri)
    result = found.result
    problems = result.diagnostics + result.format_problems
    if result.contract is None or has_errors(problems) or problems:
        shown = render_text(problems).strip()
        raise JsonRpcException(f"slalang fmt refuses this file:\n{shown}", code=REQUEST_FAILED)
    formatting = reformat(result.contract, result.text, result.comments, result.normalised)
    if not formatting.changed:
        return []
    whole = found.lines.offset_range(0, len(found.lines.text))
    return [types.TextEdit(range=whole, new_text=formatting.formatted)]


@server.feature(types.TEXT_DOCUMENT_DEFINITION)
def definition(ls: SlaServer, params: types.DefinitionParams) -> types.Location | None:
    found = ls.analysis(params.text_document.uri)
    column = found.lines.column(params.position) + 1
    key = found.index.key_at(params.position.line + 1, column)
    target = found.index.definitions.get(key) if key is not None else None
    if target is None:
        return None
    return types.Location(uri=params.text_document.uri, range=found.lines.range(target.name_span))


@server.feature(types.TEXT_DOCUMENT_REFERENCES)
def references(ls: SlaServer, params: types.ReferenceParams) -> list[types.Location]:
    uri = params.text_document.uri
    found = ls.analysis(uri)
    key = found.index.key_at(params.position.line + 1, found.lines.column(params.position) + 1)
    if key is None:
        return []
    spans = found.index.references_to(key)
    declared = found.index.definitions.get(key)
    if params.context.include_declaration and declared is not None:
        spans.insert(0, declared.name_span)
    return [types.Location(uri=uri, range=found.lines.range(s)) for s in spans]


@server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
def symbols(ls: SlaServer, params: types.DocumentSymbolParams) -> list[types.DocumentSymbol]:
    found = ls.analysis(params.text_document.uri)
    return document_symbols(found.index, found.lines)


@server.feature(
    types.TEXT_DOCUMENT_CODE_ACTION,
    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]),
)
def actions(ls: SlaServer, params: types.CodeActionParams) -> list[types.CodeAction]:
    uri = params.text_document.uri
    return code_actions(ls.analysis(uri), uri, params.range)
