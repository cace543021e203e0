"""Sentences for one output format: our words as written, every value from a contract escaped.

A `Writer` fills the locale's phrases with values. Values are escaped for the format
(`escape.markdown` for Markdown, HTML entities for HTML) unless they are `Markup` already, the
mark of a value this module has escaped or built. Every string a template prints is such a
`Markup`, so HTML templates can keep Jinja2's autoescape on without escaping twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from markupsafe import Markup, escape

from slalang.document.locale import Locale
from slalang.render import escape as policy

Format = Literal["markdown", "html"]


@dataclass(frozen=True)
class Writer:
    format: Format
    locale: Locale

    def text(self, value: object) -> Markup:
        """A value from the contract, escaped for the format."""
        if isinstance(value, Markup):
            return value
        raw = str(value)
        if self.format == "html":
            return escape(policy.visible(raw) if not raw.isprintable() else raw)
        return Markup(policy.markdown(raw))

    def code(self, value: str) -> Markup:
        """A formal clause of the language, shown as code."""
        if self.format == "html":
            return Markup("<code>{}</code>").format(self.text(value))
        return Markup(policy.markdown_code(value))

    def cell(self, value: object) -> Markup:
        """A table cell: Markdown code spans cannot hold a `|`, so cells are plain text."""
        return self.text(value)

    def say(self, key: str, **values: object) -> Markup:
        """The locale's phrase `key` with every value escaped (a `Markup` value as it is)."""
        return Markup(self.locale.say(key).format(**{k: self.text(v) for k, v in values.items()}))

    def heading(self, key: str) -> Markup:
        return Markup(self.locale.heading(key))

    def join(self, parts: list[Markup], separator: str = ", ") -> Markup:
        return Markup(separator.join(parts))
