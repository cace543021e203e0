"""Diagnostics as SARIF 2.1.0, as GitHub code scanning accepts it.

The driver lists every lint rule and any other code that occurs, each with its name and help
(the page `slalang explain` prints); each result points at its rule by id and index, with a
relative file URI and a region. Text from input is escaped here (slalang.render.escape): URIs
are percent-encoded, message strings follow SARIF's rules for placeholders and embedded links,
and the document is JSON with every control or invisible character escaped.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from slalang.codes import CODES, Code
from slalang.diagnostics import Diagnostic, Level, Span, Suppressed
from slalang.lint.docs import code_page, explain
from slalang.lint.registry import Rule
from slalang.render.escape import json_text, sarif_message, uri_path

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVELS = {Level.ERROR: "error", Level.WARNING: "warning", Level.INFO: "note"}


def _uri(file: str | None, root: Path) -> str:
    """A relative URI reference (percent-encoded), or a file URI outside `root`."""
    if not file:
        return "stdin"
    path = Path(file)
    if path.is_absolute():
        try:
            path = path.resolve().relative_to(root.resolve())
        except ValueError:
            return "file://" + uri_path(path.as_posix())
    return uri_path(path.as_posix())


def _location(span: Span, root: Path, message: str | None = None) -> dict[str, Any]:
    location: dict[str, Any] = {
        "physicalLocation": {
            "artifactLocation": {"uri": _uri(span.file, root), "uriBaseId": "%SRCROOT%"},
            "region": {
                "startLine": span.line,
                "startColumn": span.column,
                "endLine": span.end_line,
                "endColumn": span.end_column,
            },
        }
    }
    if message is not None:
        location["message"] = {"text": sarif_message(message)}
    return location


def _descriptor(code: Code, markdown: str, rationale: str = "") -> dict[str, Any]:
    descriptor: dict[str, Any] = {
        "id": code.code,
        "name": code.name,
        "shortDescription": {"text": code.summary},
    }
    if rationale:
        descriptor["fullDescription"] = {"text": rationale}
    # The project has no public home page, so the help travels in the file: GitHub code
    # scanning shows `help.markdown` (rationale and examples) beside each alert.
    text = f"{code.summary} {rationale}" if rationale else code.summary
    descriptor["help"] = {"text": text, "markdown": markdown}
    descriptor["defaultConfiguration"] = {"level": _LEVELS[code.severity]}
    descriptor["properties"] = {"tags": [code.family]}
    return descriptor


def render_sarif(
    diagnostics: Sequence[Diagnostic],
    rules: Sequence[Rule],
    version: str,
    root: Path,
    suppressed: Sequence[Suppressed] = (),
) -> str:
    """The SARIF log; each suppressed finding is a result with an in-source suppression that
    carries its reason (code scanning shows it as dismissed)."""
    descriptors = [_descriptor(r.entry, explain(r), r.rationale) for r in rules]
    index = {r.code: i for i, r in enumerate(rules)}
    entries = [(d, None) for d in diagnostics] + [(x.diagnostic, x) for x in suppressed]
    for d, _ in entries:
        if d.code not in index:  # the front end's, the records' and the examples' codes
            index[d.code] = len(descriptors)
            code = CODES[d.code]
            descriptors.append(_descriptor(code, code_page(code)))
    results = []
    for d, hidden in entries:
        text = d.message + "".join(f"\nhelp: {hint}" for hint in d.hints)
        result: dict[str, Any] = {
            "ruleId": d.code,
            "ruleIndex": index[d.code],
            "level": _LEVELS[d.severity],
            "message": {"text": sarif_message(text)},
        }
        if d.span is not None:
            result["locations"] = [_location(d.span, root)]
        if d.related:
            result["relatedLocations"] = [
                {"id": i, **_location(r.span, root, r.message)} for i, r in enumerate(d.related)
            ]
        if hidden is not None:
            result["suppressions"] = [
                {
                    "kind": "inSource",
                    "justification": sarif_message(hidden.reason),
                    "location": _location(hidden.by, root),
                }
            ]
        results.append(result)
    document = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "slalang",
                        "version": version,
                        "semanticVersion": version,
                        "rules": descriptors,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return json_text(json.dumps(document, indent=2, ensure_ascii=False)) + "\n"
