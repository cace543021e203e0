"""An editor for tests and benchmarks: drives `slalang lsp` over stdio with pygls's client.

The client's event loop runs in a thread; each method waits for its answer, so tests read as
an editor session. Published diagnostics are collected per document as they arrive.
"""

from __future__ import annotations

import asyncio
import sys
import threading
import time
from collections.abc import Coroutine
from pathlib import Path
from typing import Any, TypeVar

from lsprotocol import types
from pygls.lsp.client import LanguageClient

T = TypeVar("T")
TIMEOUT = 30.0


class Editor:
    """One server process and one client session."""

    def __init__(self, root: Path, options: dict[str, Any] | None = None) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.client = LanguageClient("slalang-tests", "1")
        self.published: dict[str, list[types.PublishDiagnosticsParams]] = {}
        self.arrived = threading.Condition()
        self.versions: dict[str, int] = {}
        self.messages: list[str] = []

        def on_diagnostics(_client: LanguageClient, params: types.PublishDiagnosticsParams) -> None:
            self._on_diagnostics(params)

        def on_message(_client: LanguageClient, params: types.ShowMessageParams) -> None:
            self.messages.append(params.message)

        self.client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)(on_diagnostics)
        self.client.feature(types.WINDOW_SHOW_MESSAGE)(on_message)
        command = str(Path(sys.executable).with_name("slalang"))  # the installed script
        self.run(self.client.start_io(command, "lsp", cwd=str(root)))
        self.result = self.run(
            self.client.initialize_async(
                types.InitializeParams(
                    capabilities=types.ClientCapabilities(),
                    root_uri=root.as_uri(),
                    initialization_options=options or {},
                )
            )
        )
        self.loop.call_soon_threadsafe(self.client.initialized, types.InitializedParams())

    def _on_diagnostics(self, params: types.PublishDiagnosticsParams) -> None:
        with self.arrived:
            self.published.setdefault(params.uri, []).append(params)
            self.arrived.notify_all()

    def run(self, work: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(work, self.loop).result(TIMEOUT)

    def call(self, method: str, params: Any) -> Any:
        """A request from the client's generated `<method>_async` functions."""
        return self.run(getattr(self.client, f"{method}_async")(params))

    def open(self, uri: str, text: str) -> None:
        self.versions[uri] = 1
        item = types.TextDocumentItem(uri=uri, language_id="sla", version=1, text=text)
        self.loop.call_soon_threadsafe(
            self.client.text_document_did_open, types.DidOpenTextDocumentParams(text_document=item)
        )

    def change(self, uri: str, text: str) -> None:
        """Replace the whole text (a full-document change)."""
        self.versions[uri] += 1
        params = types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(
                uri=uri, version=self.versions[uri]
            ),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
        self.loop.call_soon_threadsafe(self.client.text_document_did_change, params)

    def diagnostics(self, uri: str, version: int | None = None) -> list[types.Diagnostic]:
        """The diagnostics published for `version` (default: the latest sent), once they arrive."""
        wanted = self.versions.get(uri) if version is None else version
        deadline = time.monotonic() + TIMEOUT
        with self.arrived:
            while True:
                for params in reversed(self.published.get(uri, [])):
                    if params.version == wanted:
                        return list(params.diagnostics)
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"no diagnostics for {uri} version {wanted}")
                self.arrived.wait(left)

    def close(self) -> None:
        try:
            self.run(self.client.shutdown_async(None))
            self.client.exit(None)
            self.run(self.client.stop())
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(5)
