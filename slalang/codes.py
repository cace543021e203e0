"""Every diagnostic code that is not a lint rule: its name, default severity, summary and example.

The front end (SLA0xx), the records reader (SLA7xx) and `slalang test` (SLA800) raise these
codes; the lint rules (SLA1xx-SLA6xx, SLA9xx) document themselves in the rule registry, and the
lint catalogue joins both into one table. Each example is a minimal input that produces its code
and nothing else, and is run as a test: the suffix of `example_file` says how (`.sla` through
the loader and the contract's examples, `.jsonl` and `.json` through the records reader).
"""

from __future__ import annotations

from dataclasses import dataclass

from slalang.diagnostics import Level

FAMILIES: dict[str, str] = {
    "SLA0": "Front end",
    "SLA1": "Credits",
    "SLA2": "Measurement",
    "SLA3": "Support",
    "SLA4": "Exclusions, claims and remedies",
    "SLA5": "Numbers and text",
    "SLA6": "Structure",
    "SLA7": "Records",
    "SLA8": "Examples",
    "SLA9": "Tool",
}


@dataclass(frozen=True)
class Code:
    code: str
    name: str
    severity: Level
    summary: str
    example: str
    example_file: str = "contract.sla"

    @property
    def family(self) -> str:
        return FAMILIES[self.code[:4]]

    @property
    def anchor(self) -> str:
        return f"{self.code.lower()}-{self.name}"


def _error(code: str, name: str, summary: str, example: str, file: str = "contract.sla") -> Code:
    return Code(code, name, Level.ERROR, summary, example, file)


_DEEP = "(" * 49

CODES: dict[str, Code] = {
    c.code: c
    for c in (
        _error(
            "SLA001",
            "syntax-error",
            "The parser met a word it did not expect: an unknown clause or a misspelt keyword.",
            'contract "Typo" {\n    currncy EUR\n}\n',
        ),
        _error(
            "SLA002",
            "unexpected-character",
            "A character that starts no word, number or symbol of the language.",
            'contract "Stray" {\n    currency EUR @\n}\n',
        ),
        _error(
            "SLA003",
            "unexpected-end",
            "The file ends inside a block, or is empty.",
            'contract "Unclosed" {\n    currency EUR\n',
        ),
        _error(
            "SLA004",
            "invalid-encoding",
            "The file is not UTF-8 text, or holds a NUL byte.",
            'contract "Binary" {\x00}\n',
        ),
        _error(
            "SLA005",
            "input-too-large",
            "The input is over a limit: its size, clauses, tiers of a credit table, terms of a"
            " formula, downtime definitions or lint findings; or its brackets nest too deep"
            " (nesting-too-deep).",
            f'contract "Deep" {{\n    downtime d when {_DEEP}\n}}\n',
        ),
        _error(
            "SLA010",
            "unknown-word",
            "A word outside its enumeration: a weekday, impact, statistic, ... that does not exist.",
            'contract "Week" {\n    calendar office { open mon..fry 09:00 to 17:00 }\n}\n',
        ),
        _error(
            "SLA011",
            "duplicate-clause",
            "A clause that takes one value is given twice in one block.",
            'contract "Twice" {\n    currency EUR\n    currency USD\n}\n',
        ),
        _error(
            "SLA012",
            "invalid-literal",
            "An impossible literal: a date that does not exist, a time without an offset, ...",
            'contract "Leap" {\n    effective from 2026-02-30\n}\n',
        ),
        _error(
            "SLA013",
            "invalid-value",
            "A value outside its domain: a percentage over 100%, tier bounds out of order, ...",
            'contract "Much" {\n    objective availability up {\n        target >= 120%\n'
            "    }\n}\n",
        ),
        _error(
            "SLA014",
            "unknown-reference",
            "A name that is not defined: a service, fee base, calendar, downtime or objective.",
            'contract "Who" {\n    objective availability up {\n        service chat\n'
            "        target >= 99.9%\n    }\n}\n",
        ),
        _error(
            "SLA015",
            "duplicate-name",
            "Two definitions of one kind share a name.",
            'contract "Twins" {\n    service chat\n    service chat\n}\n',
        ),
        _error(
            "SLA016",
            "unknown-timezone",
            "A time zone that is not an IANA name.",
            'contract "Where" {\n    timezone "Mars/Olympus"\n}\n',
        ),
        _error(
            "SLA020",
            "misplaced-comment",
            "A comment inside a clause that spans lines: the formatter cannot keep it in place.",
            'contract "Aside" {\n    downtime d when any of (\n        # why\n        outage)\n}\n',
        ),
        _error(
            "SLA700",
            "unreadable-input",
            "A records input that cannot be read as a whole: missing, of unknown format, not"
            " UTF-8, or a misshapen JSON document or CSV header.",
            '{"schema": "slalang.records/v1", "records": 3}\n',
            "records.json",
        ),
        _error(
            "SLA701",
            "malformed-record",
            "A JSON line that is not an object, or a CSV row with the wrong number of cells.",
            "[1, 2, 3]\n",
            "records.jsonl",
        ),
        _error(
            "SLA702",
            "unknown-kind",
            "A record whose `kind` is missing or not a record kind.",
            '{"kind": "outgae", "id": "o1"}\n',
            "records.jsonl",
        ),
        _error(
            "SLA703",
            "invalid-field",
            "A field that is missing, mistyped, out of range, or inconsistent with another.",
            '{"kind": "outage", "id": "o1", "service": "api", "start": "2026-10-01T09:00:00Z",'
            ' "end": "2026-10-01T08:00:00Z", "impact": "major_outage"}\n',
            "records.jsonl",
        ),
        _error(
            "SLA704",
            "unknown-field",
            "A field that the record's kind does not have.",
            '{"kind": "outage", "id": "o1", "service": "api", "start": "2026-10-01T09:00:00Z",'
            ' "impact": "major_outage", "colour": "red"}\n',
            "records.jsonl",
        ),
        _error(
            "SLA705",
            "time-without-offset",
            "A time with no offset (and no --assume-tz), or one its assumed zone skips or repeats.",
            '{"kind": "outage", "id": "o1", "service": "api", "start": "2026-10-01T09:00:00",'
            ' "impact": "major_outage"}\n',
            "records.jsonl",
        ),
        _error(
            "SLA706",
            "duplicate-id",
            "One id, two different records of one kind.",
            '{"kind": "outage", "id": "o1", "service": "api", "start": "2026-10-01T09:00:00Z",'
            ' "impact": "major_outage"}\n'
            '{"kind": "outage", "id": "o1", "service": "api", "start": "2026-10-02T09:00:00Z",'
            ' "impact": "major_outage"}\n',
            "records.jsonl",
        ),
        _error(
            "SLA707",
            "unknown-service",
            "A record names a service that the contract does not define.",
            'contract "Records" {\n    service api\n    example "An outage" {\n'
            "        period 2026-10\n"
            '        record outage "o1" {\n            service chat\n'
            "            start 2026-10-01T09:00:00Z\n            impact major_outage\n"
            "        }\n    }\n}\n",
        ),
        _error(
            "SLA708",
            "unknown-severity",
            "A ticket's severity is not one of the contract's support severities.",
            'contract "Tickets" {\n    support {\n        severity S1 { respond within 1 hour }\n'
            '    }\n    example "A ticket" {\n        period 2026-10\n'
            '        record ticket "t1" {\n            severity S9\n'
            "            opened 2026-10-01T09:00:00Z\n        }\n    }\n}\n",
        ),
        _error(
            "SLA800",
            "example-input",
            "A contract example that cannot be run: a records file that is missing or outside"
            " the contract's directory, or inputs that cannot be evaluated.",
            'contract "Elsewhere" {\n    example "Records next door" {\n        period 2026-10\n'
            '        records "../outages.jsonl"\n    }\n}\n',
        ),
    )
}
