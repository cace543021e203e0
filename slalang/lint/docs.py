"""The code catalogue as a table, JSON, Markdown (`docs/rules.md`) and one code's explanation.

`slalang rules` lists the lint rules; with `every`, the table and JSON also list the codes of
the front end, records and examples, which the Markdown page always documents after the rules.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from slalang.codes import CODES, FAMILIES, Code
from slalang.lint.catalogue import RULES, find_rule
from slalang.lint.limits import GROUP_AFTER, GROUP_SHOWN, MAX_FINDINGS
from slalang.lint.registry import Rule, RuleExample

REGENERATE = "slalang rules --format markdown > docs/rules.md"
_FENCES = {".sla": "sla", ".jsonl": "json", ".json": "json"}


def _option_names(rule: Rule) -> list[str]:
    return [f"{name.replace('_', '-')} = {value!r}" for name, value in rule.options.items()]


def table(rules: Sequence[Rule], others: Sequence[Code] = ()) -> str:
    entries = [*(r.entry for r in rules), *others]
    width = max((len(c.name) for c in entries), default=0)
    lines = [f"{c.code}  {c.name:<{width}}  {c.severity.value:<7}  {c.summary}" for c in entries]
    return "".join(line + "\n" for line in lines)


def as_json(rules: Sequence[Rule], others: Sequence[Code] = ()) -> str:
    items = [
        {
            "code": r.code,
            "name": r.name,
            "family": r.family,
            "severity": r.severity.value,
            "summary": r.summary,
            "rationale": r.rationale,
            "options": dict(r.options),
            "bad": [e.text for e in r.bad],
            "good": [e.text for e in r.good],
            "anchor": f"docs/rules.md#{r.anchor}",
        }
        for r in rules
    ]
    document: dict[str, object] = {"version": 1, "rules": items}
    if others:
        document["codes"] = [
            {
                "code": c.code,
                "name": c.name,
                "family": c.family,
                "severity": c.severity.value,
                "summary": c.summary,
                "example": c.example,
                "example_file": c.example_file,
                "anchor": f"docs/rules.md#{c.anchor}",
            }
            for c in others
        ]
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _visible(text: str) -> str:
    """Control characters (a NUL byte, say) as their Unicode pictures, so a page can show them."""
    return "".join(chr(0x2400 + ord(c)) if ord(c) < 32 and c not in "\n\t" else c for c in text)


def _fenced(title: str, text: str, fence: str = "sla") -> list[str]:
    return [f"{title}:", "", f"```{fence}", _visible(text).rstrip("\n"), "```", ""]


def _examples(title: str, examples: Sequence[RuleExample]) -> list[str]:
    return [line for example in examples for line in _fenced(title, example.text)]


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


def code_markdown(code: Code, level: str = "###") -> list[str]:
    """The page of a code that is not a lint rule: summary, severity and example."""
    out = [f"{level} {code.code} {code.name}", "", code.summary, ""]
    out.extend([f"Severity: **{code.severity.value}**.", ""])
    suffix = code.example_file[code.example_file.rindex(".") :]
    return out + _fenced(f"Example (`{code.example_file}`)", code.example, _FENCES[suffix])


def _summary_table(entries: Sequence[Code]) -> list[str]:
    rows = [
        f"| [{c.code}](#{c.anchor}) | {c.name} | {c.severity.value} | {c.summary} |"
        for c in entries
    ]
    return ["| code | name | severity | summary |", "|---|---|---|---|", *rows, ""]


def _limits() -> list[str]:
    """The paragraph on bounded output, with the limits of `slalang.lint.limits`."""
    return [
        f"Output is bounded. When a rule finds more than {GROUP_AFTER} problems in one block (the",
        "rows of one credit table, the targets of one severity, the objectives of the contract),",
        "it reports them as one finding: the first problem in the text, the count of the others,",
        f"and the next {GROUP_SHOWN} places as related spans. A file reports at most "
        f"{MAX_FINDINGS:,} findings;",
        "then one SLA005 diagnostic says how many were left out. Every rule takes time about",
        "linear in the size of the contract (see the contract limits in `docs/language.md`).",
        "",
    ]


def as_markdown(rules: Sequence[Rule], others: Sequence[Code]) -> str:
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
        "` -- ` is required. The codes of the front end (SLA0xx), the records reader (SLA7xx) and",
        "`slalang test` (SLA8xx) are [listed after the rules](#other-codes); they cannot be",
        "selected away or suppressed.",
        "",
        *_limits(),
        *_summary_table([r.entry for r in rules]),
    ]
    for prefix, family in FAMILIES.items():
        members = [r for r in rules if r.code.startswith(prefix)]
        if not members:
            continue
        out.extend([f"## {family} ({prefix}xx)", ""])
        for r in members:
            out.extend(rule_markdown(r))
    if others:
        out.extend(["## Other codes", "", "A contract or records input that cannot be used, and a"])
        out.extend(["contract example that cannot be run.", "", *_summary_table(others)])
        for code in others:
            out.extend(code_markdown(code))
    return _page(out)


def _page(lines: list[str]) -> str:
    return "\n".join(lines).rstrip("\n") + "\n"


def explain(rule: Rule) -> str:
    return _page(rule_markdown(rule, "#"))


def code_page(code: Code) -> str:
    """The explanation of a code that is not a lint rule."""
    return _page(code_markdown(code, "#"))


def explain_code(key: str) -> str | None:
    """The page of a lint rule (by code or name) or of any other code; None if there is none."""
    found = find_rule(key)
    if found is not None:
        return explain(found)
    code = CODES.get(key.strip().upper())
    return None if code is None else code_page(code)


def listing(output: str, every: bool = False) -> str:
    """`slalang rules --format OUTPUT` (with `--all` when `every`)."""
    rules, others = list(RULES), list(CODES.values())
    if output == "markdown":
        return as_markdown(rules, others)
    listed = others if every else []
    return table(rules, listed) if output == "table" else as_json(rules, listed)
