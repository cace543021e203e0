"""One escaping policy per output format, for text that came from input (docs/SECURITY.md#escaping).

Renderers apply these at their boundary, to every field that can hold input (file names, ids,
names, messages, source lines); the characters a renderer adds itself (its own newlines, colours,
table pipes) are never escaped.

- `visible`, `log_line`: terminal, `text` and standard-error messages. Every control (C0, DEL, C1), format
  character (bidi overrides and isolates, zero-width characters), lone surrogate and line or
  paragraph separator is shown as a Python-style escape (`\\x1b`, `\\u202e`, `\\n`), so a field is
  one line and cannot move the cursor, retitle the terminal or reorder what is shown.
- `markdown`, `markdown_code`: Markdown documents (inline text, code spans).
- `json_text`: JSON documents, UTF-8 with every such character written as a `\\u` escape.
- `sarif_message`, `uri_path`: SARIF plain-text message strings (placeholder braces, embedded
  links) and file names in URIs (percent-encoded).
- `github_data`, `github_property`: GitHub Actions workflow commands.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from urllib.parse import quote

# Cc controls, Cf format characters, Cs surrogates, Zl/Zp line and paragraph separators.
_HIDDEN = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
_SHORT = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}
_NOT_PRINTABLE_ASCII = re.compile(r"[^\x20-\x7e]")
_NOT_ASCII = re.compile(r"[^\x00-\x7e]")  # DEL and above: JSON serialisers leave them raw


def _hidden(char: str) -> bool:
    return unicodedata.category(char) in _HIDDEN


def _replace_hidden(pattern: re.Pattern[str], text: str, shown: Callable[[str], str]) -> str:
    """`text` with every hidden character that `pattern` finds replaced by `shown(char)`."""
    return pattern.sub(lambda m: shown(m[0]) if _hidden(m[0]) else m[0], text)


def _python_escape(char: str) -> str:
    code = ord(char)
    if char in _SHORT:
        return _SHORT[char]
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def visible(text: str) -> str:
    """`text` on one line, with every control or invisible character shown as an escape."""
    if text.isprintable():
        return text
    return _replace_hidden(_NOT_PRINTABLE_ASCII, text, _python_escape)


def log_line(line: str) -> str:
    """A line of text output that cannot be read as a CI workflow command (`::error::...`).

    CI runners take a line whose first characters after leading white space are `::` as a
    command; such a line from input gets its first `:` written as `\\x3a`, like `visible` does.
    """
    stripped = line.lstrip()
    if not stripped.startswith("::"):
        return line
    return line[: len(line) - len(stripped)] + "\\x3a" + stripped[1:]


# Markdown: HTML as entities (also `&`, so no entity can smuggle a character in); backslash
# before every character that opens inline syntax (emphasis, code, links and images, tables,
# strikethrough, math); at the start, before what would open a heading, quote, list or rule.
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_INLINE = {char: "\\" + char for char in "\\`*_[]|~$"}
_MARKDOWN = str.maketrans({**_ENTITIES, **_INLINE})
_BLOCK_START = re.compile(r"^(?:[#+=-]|\d+[.)](?=[ \t]|$))")


def markdown(text: str) -> str:
    """`text` as inline Markdown that renders as itself: one line, no HTML, links or emphasis."""
    escaped = visible(text).translate(_MARKDOWN)
    return _BLOCK_START.sub(lambda m: m[0][:-1] + "\\" + m[0][-1], escaped, count=1)


def markdown_code(text: str) -> str:
    """`text` as a Markdown code span (not for table cells, where `|` would split the cell)."""
    content = visible(text)
    ticks = max((len(run) for run in re.findall("`+", content)), default=0)
    fence = "`" * (ticks + 1)
    if content.strip(" ") and (content[0] in " `" or content[-1] in " `"):
        content = f" {content} "  # CommonMark strips one space from each side
    return f"{fence}{content or ' '}{fence}"  # an empty span cannot be written: one space


def _json_escape(char: str) -> str:
    code = ord(char)
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def json_text(serialised: str) -> str:
    """A serialised JSON document (UTF-8, not ASCII-only) with every hidden character escaped.

    JSON serialisers escape C0 controls already; DEL, C1, format characters, separators and
    lone surrogates they write raw. Outside strings JSON is ASCII, so only strings change, and
    `json.loads` gives back the original strings exactly.
    """
    return _replace_hidden(_NOT_ASCII, serialised, _json_escape)


_LINK_CLOSE = re.compile(r"(\\*)\](?=\()")


def sarif_message(text: str) -> str:
    """A SARIF plain-text message string that shows `text` (SARIF 2.1.0, 3.11.5 and 3.11.6).

    Braces are doubled (a placeholder is `{0}`); each `](` that would close an embedded link gets
    its `]` escaped with a backslash (and the backslashes before it doubled), so no link forms.
    """
    doubled = text.replace("{", "{{").replace("}", "}}")
    return _LINK_CLOSE.sub(lambda m: m[1] * 2 + "\\]", doubled)


def uri_path(name: str) -> str:
    """A file name as a percent-encoded URI path; undecodable bytes of the name kept as they were."""
    try:
        raw = name.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a lone surrogate that stands for no byte
        raw = name.encode("utf-8", "surrogatepass")
    return quote(raw)


# GitHub's escaping of workflow commands (actions/toolkit, command.ts): `%`, CR and LF in the
# message; also `:` and `,` in a property. `visible` has shown CR and LF as `\r` and `\n`
# already, so a message can never end the command line and start another.
_DATA = {"%": "%25", "\r": "%0D", "\n": "%0A"}
_WORKFLOW_DATA = str.maketrans(_DATA)
_WORKFLOW_PROPERTY = str.maketrans({**_DATA, ":": "%3A", ",": "%2C"})


def github_data(text: str) -> str:
    """`text` as (part of) the message of a workflow command; join parts with `%0A`."""
    return visible(text).translate(_WORKFLOW_DATA)


def github_property(text: str) -> str:
    """`text` as the value of a workflow command property (`file=`, `title=`)."""
    return visible(text).translate(_WORKFLOW_PROPERTY)
