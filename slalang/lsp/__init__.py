"""The language server for .sla files, `slalang lsp` (the `lsp` extra: pygls and lsprotocol).

Diagnostics, hover, completion, formatting, definitions, references, the outline and code
actions, all from the loader, the linter and the formatter; see docs/editors.md.
"""

from __future__ import annotations


def serve() -> None:
    """Serve one editor over standard input and output until it exits."""
    from slalang.lsp.server import server

    server.start_io()
