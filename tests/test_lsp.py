"""The language server end to end: an editor session over stdio (`slalang lsp`), each feature
asserted on what the CLI and the library say about the same text."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("pygls")

from lsprotocol import types

import slalang
from slalang.fmt import reformat
from tests.lsp_client import Editor

ROOT = Path(__file__).resolve().parents[1]
ACME = (ROOT / "contracts" / "acme-chat-enterprise.sla").read_text(encoding="utf-8")
BROKEN = ACME.replace('    timezone "Asia/Shanghai"\n    currency', "    currency", 1).replace(
    "target >= 99.9%", "targt >= 99.9%"
)
FIXED = BROKEN.replace("targt", "target")


@pytest.fixture(scope="module")
def editor(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Editor, Path]]:
    root = tmp_path_factory.mktemp("workspace")
    session = Editor(root, {"debounceMs": 20})
    yield session, root
    session.close()


def at(text: str, needle: str, offset: int = 0) -> types.Position:
    """The position of the first `needle` in `text`, plus `offset` characters."""
    index = text.index(needle) + offset
    line = text.count("\n", 0, index)
    return types.Position(line=line, character=index - (text.rfind("\n", 0, index) + 1))


def triples(found: list[types.Diagnostic]) -> list[tuple[str, int, int]]:
    return sorted((str(d.code), d.range.start.line + 1, d.range.start.character + 1) for d in found)


def cli_triples(text: str, path: Path) -> list[tuple[str, int, int]]:
    found = slalang.lint(slalang.loads(text, str(path)))
    return sorted((d.code, d.span.line, d.span.column) for d in found if d.span is not None)


def test_diagnostics_on_open_and_after_an_edit(editor: tuple[Editor, Path]) -> None:
    session, root = editor
    path = root / "edit.sla"
    uri = path.as_uri()
    session.open(uri, BROKEN)
    first = session.diagnostics(uri)
    assert triples(first) == cli_triples(BROKEN, path)
    assert [d.code for d in first] == ["SLA001"]
    assert "did you mean 'target'" in first[0].message
    session.change(uri, FIXED)
    second = session.diagnostics(uri)
    assert triples(second) == cli_triples(FIXED, path)
    zone = next(d for d in second if d.code == "SLA202")
    assert zone.code_description is not None
    assert zone.code_description.href.endswith("rules.md#sla202-missing-timezone")
    assert zone.related_information and "hint: " in zone.related_information[0].message
    assert zone.severity == types.DiagnosticSeverity.Error


def test_configuration_and_suppressions_are_honoured(editor: tuple[Editor, Path]) -> None:
    session, root = editor
    folder = root / "configured"
    folder.mkdir()
    (folder / ".slalang.toml").write_text('[rules]\nSLA202 = "off"\n', encoding="utf-8")
    uri = (folder / "c.sla").as_uri()
    suppressed = FIXED.replace(
        "    objective latency",
        "    # slalang: disable-next-line=SLA209 -- p95 is stated\n    objective latency",
    )
    session.open(uri, suppressed)
    codes = {d.code for d in session.diagnostics(uri)}
    assert "SLA202" not in codes
    assert "SLA902" in codes  # SLA209 does not fire there, so the suppression is unused
    assert codes == {d.code for d in slalang.lint(suppressed, rules={"SLA202": "off"})}


def test_hover(editor: tuple[Editor, Path]) -> None:
    session, root = editor
    uri = (root / "hover.sla").as_uri()
    text = ACME.replace(
        "    objective latency",
        "    # slalang: disable-next-line=SLA212 -- stated\n    objective latency",
    )
    session.open(uri, text)
    session.diagnostics(uri)

    def hover(position: types.Position) -> str:
        doc = types.TextDocumentIdentifier(uri=uri)
        found = session.call(
            "text_document_hover", types.HoverParams(text_document=doc, position=position)
        )
        assert found is not None
        return str(found.contents.value)

    assert "no time zone" not in hover(at(text, "timezone", 2))
    assert "IANA zone" in hover(at(text, "timezone", 2))  # docs/language.md's row for timezone
    assert "Beijing office hours" in hover(at(text, "on support_hours", 5))  # a reference
    business = hover(at(text, "4 business hours", 1))
    assert (
        "`4 business hours` on support_hours" in business and "mon..fri 09:00 to 18:00" in business
    )
    assert "= 60 minutes = 3600 seconds" in hover(at(text, "1 hour 24x7", 0))
    assert "999/1000" in hover(at(text, "target >= 99.9%", 11))
    assert "SLA212 no-percentile-method" in hover(at(text, "SLA212", 2))


def test_completion(editor: tuple[Editor, Path]) -> None:
    session, root = editor

    def labels(name: str, text: str, position: types.Position) -> set[str]:
        uri = (root / name).as_uri()
        session.open(uri, ACME)  # as loaded, then edited
        session.diagnostics(uri)
        session.change(uri, text)
        doc = types.TextDocumentIdentifier(uri=uri)
        params = types.CompletionParams(text_document=doc, position=position)
        return {item.label for item in session.call("text_document_completion", params).items}

    text = ACME.replace("slice 1 minute\n", "slice 1 \n", 1)
    units = labels("units.sla", text, at(text, "slice 1 ", 8))
    assert {"minute", "minutes", "seconds", "ms"} <= units and "target" not in units
    text = ACME.replace("30%\n", "30%\n        \n", 1)
    clauses = labels("clauses.sla", text, at(text, "30%\n        \n", 12))
    assert {"target", "exclude", "credit", "partial", "minimum"} <= clauses
    assert "provider" not in clauses and "im" not in clauses
    text = ACME.replace("        service rtc\n", "        service \n", 1)
    assert labels("names.sla", text, at(text, "service \n", 8)) == {"im", "rtc"}
    text = ACME.replace('timezone "Asia/Shanghai"', 'timezone "Europe/Be"', 1)
    zones = labels("zones.sla", text, at(text, 'timezone "Europe/Be', 19))
    assert {"Europe/Berlin", "Europe/Belgrade"} <= zones and "Asia/Shanghai" not in zones
    text = ACME.replace('holidays "CN"', 'holidays "U"')
    assert {"US", "US-CA", "UA"} <= labels("regions.sla", text, at(text, 'holidays "U', 11))


def test_formatting_and_its_refusal(editor: tuple[Editor, Path]) -> None:
    session, root = editor
    uri = (root / "fmt.sla").as_uri()
    messy = ACME.replace("    provider", "  provider").replace(
        "period calendar month", "period   calendar month"
    )
    session.open(uri, messy)
    options = types.FormattingOptions(tab_size=4, insert_spaces=True)
    params = types.DocumentFormattingParams(
        text_document=types.TextDocumentIdentifier(uri=uri), options=options
    )
    edits = session.call("text_document_formatting", params)
    loaded = slalang.loads(messy)
    assert loaded.contract is not None
    assert [e.new_text for e in edits] == [
        reformat(loaded.contract, messy, loaded.comments).formatted
    ]
    session.change(uri, BROKEN)
    with pytest.raises(Exception, match="SLA001"):
        session.call("text_document_formatting", params)


def test_definition_references_and_symbols(editor: tuple[Editor, Path]) -> None:
    session, root = editor
    uri = (root / "nav.sla").as_uri()
    session.open(uri, ACME)
    doc = types.TextDocumentIdentifier(uri=uri)
    found = session.call(
        "text_document_definition",
        types.DefinitionParams(text_document=doc, position=at(ACME, "on support_hours", 5)),
    )
    assert found.range.start == at(ACME, 'support_hours "Beijing')
    refs = session.call(
        "text_document_references",
        types.ReferenceParams(
            text_document=doc,
            position=at(ACME, "fee monthly_fee", 5),
            context=types.ReferenceContext(include_declaration=False),
        ),
    )
    assert len(refs) == 3  # two credit tables and the cap
    lines = ACME.split("\n")
    assert all(
        lines[r.range.start.line][r.range.start.character :].startswith("monthly_fee") for r in refs
    )
    downtime = session.call(
        "text_document_definition",
        types.DefinitionParams(text_document=doc, position=at(ACME, "im_down)", 2)),
    )
    assert downtime.range.start == at(ACME, 'im_down "')
    outline = session.call(
        "text_document_document_symbol", types.DocumentSymbolParams(text_document=doc)
    )
    names = [s.name for s in outline[0].children]
    assert outline[0].name == "Acme Chat Enterprise SLA"
    assert {
        "im_availability",
        "delivery",
        "rtc_latency",
        "support_hours",
        "im",
        "monthly_fee",
    } <= set(names)
    support = next(s for s in outline[0].children if s.name == "support")
    assert [s.name for s in support.children or []] == ["urgent", "normal"]


def test_code_actions(editor: tuple[Editor, Path]) -> None:
    session, root = editor
    uri = (root / "actions.sla").as_uri()
    session.open(uri, FIXED)
    found = session.diagnostics(uri)
    zone = next(d for d in found if d.code == "SLA202")
    params = types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        range=zone.range,
        context=types.CodeActionContext(diagnostics=[zone]),
    )
    actions = session.call("text_document_code_action", params)
    titles = [a.title for a in actions]
    fix = next(a for a in actions if a.title.startswith('Add timezone "UTC"'))
    suppress = next(a for a in actions if a.title.startswith("Suppress SLA202"))
    assert len(titles) == 2
    fixed = apply(FIXED, fix.edit.changes[uri])
    assert "SLA202" not in {d.code for d in slalang.lint(fixed)}
    suppressed = apply(FIXED, suppress.edit.changes[uri])
    codes = [d.code for d in slalang.lint(suppressed)]
    assert (
        "SLA202" in codes and "SLA901" in codes
    )  # it suppresses once its author writes the reason
    reasoned = suppressed.replace("=SLA202 -- ", "=SLA202 -- the customer's zone is in annex A")
    assert not {"SLA202", "SLA901", "SLA902"} & {d.code for d in slalang.lint(reasoned)}


def apply(text: str, edits: list[types.TextEdit]) -> str:
    lines = text.split("\n")
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    for edit in sorted(
        edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True
    ):
        a = starts[edit.range.start.line] + edit.range.start.character
        b = starts[edit.range.end.line] + edit.range.end.character
        text = text[:a] + edit.new_text + text[b:]
    return text
