"""Diagnostics as SARIF 2.1.0, as GitHub code scanning accepts it.

The driver lists every lint rule (with help links into docs/rules.md) and any other code that
occurs; each result points at its rule by id and index, with a relative file URI and a region.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from slalang.diagnostics import Diagnostic, Severity, Span
from slalang.lint.docs import explain
from slalang.lint.registry import Rule

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _uri(file: str | None, root: Path) -> str:
    if not file:
        return "stdin"
    path = Path(file)
    if path.is_absolute():
        try:
            path = path.resolve().relative_to(root.resolve())
        except ValueError:
            return path.as_uri()
    return path.as_posix()


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
        location["message"] = {"text": message}
    return location


def _descriptor(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.rationale},
        # The project has no public home page, so the help travels in the file: GitHub code
        # scanning shows `help.markdown` (rationale and Bad/Good examples) beside each alert.
        "help": {"text": f"{rule.summary} {rule.rationale}", "markdown": explain(rule)},
        "defaultConfiguration": {"level": _LEVELS[rule.severity]},
        "properties": {"tags": [rule.family]},
    }


def render_sarif(
    diagnostics: Sequence[Diagnostic], rules: Sequence[Rule], version: str, root: Path
) -> str:
    descriptors = [_descriptor(r) for r in rules]
    index = {r.code: i for i, r in enumerate(rules)}
    for d in diagnostics:
        if d.code not in index:  # front-end codes: syntax and validity errors
            index[d.code] = len(descriptors)
            descriptors.append(
                {
                    "id": d.code,
                    "name": d.name,
                    "shortDescription": {"text": d.name.replace("-", " ")},
                    "defaultConfiguration": {"level": "error"},
                }
            )
    results = []
    for d in diagnostics:
        text = d.message + "".join(f"\nhelp: {hint}" for hint in d.hints)
        result: dict[str, Any] = {
            "ruleId": d.code,
            "ruleIndex": index[d.code],
            "level": _LEVELS[d.severity],
            "message": {"text": text},
        }
        if d.span is not None:
            result["locations"] = [_location(d.span, root)]
        if d.related:
            result["relatedLocations"] = [
                {"id": i, **_location(r.span, root, r.message)} for i, r in enumerate(d.related)
            ]
        results.append(result)
    document = {
        "$schema": SCHEMA,
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
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
