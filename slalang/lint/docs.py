"""The rule catalogue as a table, JSON, Markdown (`docs/rules.md`) and one rule's explanation."""

from __future__ import annotations

import json
from collections.abc import Sequence

from slalang.lint.registry import FAMILIES, Rule

REGENERATE = "slalang rules --format markdown > docs/rules.md"


def _option_names(rule: Rule) -> list[str]:
    return [f"{name.replace('_', '-')} = {value!r}" for name, value in rule.options.items()]


def table(rules: Sequence[Rule]) -> str:
    width = max((len(r.name) for r in rules), default=0)
    lines = [f"{r.code}  {r.name:<{width}}  {r.severity.value:<7}  {r.summary}" for r in rules]
    return "".join(line + "\n" for line in lines)


def as_json(rules: Sequence[Rule]) -> str:
    items = [
        {
            "code": r.code,
            "name": r.name,
            "family": r.family,
            "severity": r.severity.value,
            "summary": r.summary,
            "rationale": r.rationale,
            "options": dict(r.options),
            "bad": list(r.bad),
            "good": list(r.good),
            "anchor": f"docs/rules.md#{r.anchor}",
        }
        for r in rules
    ]
    return json.dumps({"version": 1, "rules": items}, indent=2, ensure_ascii=False) + "\n"


def _examples(title: str, examples: Sequence[str]) -> list[str]:
    out = []
    for text in examples:
        out.extend([f"{title}:", "", "```sla", text.rstrip("\n"), "```", ""])
    return out


def rule_markdown(rule: Rule, level: str = "###") -> list[str]:
    out = [f"{level} {rule.code} {rule.name}", "", f"{rule.summary}", ""]
    out.append(f"Default severity: **{rule.severity.value}**.")
    options = _option_names(rule)
    if options:
        out.append("")
        out.append(
            f"Options (`[tool.slalang.rules.{rule.code}]`): "
            + ", ".join(f"`{o}`" for o in options)
            + "."
        )
    out.extend(["", rule.rationale, ""])
    out.extend(_examples("Bad", rule.bad))
    out.extend(_examples("Good", rule.good))
    return out


def markdown(rules: Sequence[Rule]) -> str:
    out = [
        "# Lint rules",
        "",
        f"<!-- Generated from the rule registry by `{REGENERATE}`; do not edit by hand. -->",
        "",
        f"`slalang lint` checks a contract against {len(rules)} rules. Every finding names its rule;",
        "`slalang explain CODE` prints the rule's page below. Choose rules with `--select` and",
        "`--ignore` (codes, prefixes such as `SLA1`, or names), change a rule's severity or options",
        "in `[tool.slalang.rules]`, and silence one finding with a reasoned comment:",
        "",
        "```sla",
        "# slalang: disable-next-line=SLA102 -- the gap below 95% is intended, see annex B",
        "```",
        "",
        "Forms: `disable=` (this line), `disable-next-line=`, `disable-file=`; the reason after",
        "` -- ` is required. Codes SLA001 to SLA020 belong to the front end (see",
        "[ARCHITECTURE.md](ARCHITECTURE.md)) and cannot be selected away or suppressed.",
        "",
        "| code | name | severity | summary |",
        "|---|---|---|---|",
    ]
    out.extend(
        f"| [{r.code}](#{r.anchor}) | {r.name} | {r.severity.value} | {r.summary} |" for r in rules
    )
    out.append("")
    for prefix, family in FAMILIES.items():
        members = [r for r in rules if r.code.startswith(prefix)]
        if not members:
            continue
        out.extend([f"## {family} ({prefix}xx)", ""])
        for r in members:
            out.extend(rule_markdown(r))
    return "\n".join(out).rstrip("\n") + "\n"


def explain(rule: Rule) -> str:
    return "\n".join(rule_markdown(rule, "#")).rstrip("\n") + "\n"
