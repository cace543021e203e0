"""Where things are in a contract's text: model paths and the map from them to source spans.

A `ModelPath` names a node of the contract model the way pydantic names error locations
(`("objectives", 0, "credit", "tiers", 2)`). The `SourceMap`, filled by the lowering, gives each
path its span; the model itself carries no positions.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from slalang.diagnostics import Span

ModelPath = tuple[str | int, ...]


@dataclass
class SourceMap:
    """Spans of every lowered node, and the layout facts the formatter needs for comments."""

    file: str | None
    spans: dict[ModelPath, Span] = field(default_factory=dict)
    statements: list[ModelPath] = field(default_factory=list)  # in source order
    blocks: dict[ModelPath, Span] = field(default_factory=dict)  # path -> its closing brace

    def span(self, path: ModelPath) -> Span | None:
        """The span of `path`, or of its nearest ancestor that has one."""
        for end in range(len(path), -1, -1):
            found = self.spans.get(path[:end])
            if found is not None:
                return found
        return None
