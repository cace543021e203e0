"""`slalang.fmt.reformat`: whether a file would change, and the unified diff `fmt --diff` prints."""

from __future__ import annotations

from slalang.fmt import Formatting, reformat
from slalang.loader import loads, loads_bytes

CANONICAL = 'contract "x" {\n    timezone "UTC"\n    currency USD\n}\n'
UNFORMATTED = 'contract "x" { timezone "UTC" ; currency USD }\n'


def _reformat(text: str) -> Formatting:
    result = loads(text)
    assert result.contract is not None
    return reformat(result.contract, result.text, result.comments, result.normalised)


def test_canonical_text_is_unchanged_and_has_no_diff() -> None:
    formatting = _reformat(CANONICAL)
    assert formatting.formatted == CANONICAL
    assert not formatting.changed
    assert formatting.diff("c.sla") == ""


def test_unformatted_text_changes_and_its_diff_is_labelled() -> None:
    formatting = _reformat(UNFORMATTED)
    assert formatting.formatted == CANONICAL
    assert formatting.changed
    assert formatting.diff("c.sla") == (
        "--- c.sla (original)\n"
        "+++ c.sla (formatted)\n"
        "@@ -1 +1,4 @@\n"
        '-contract "x" { timezone "UTC" ; currency USD }\n'
        '+contract "x" {\n'
        '+    timezone "UTC"\n'
        "+    currency USD\n"
        "+}\n"
    )


def test_a_bom_or_crlf_alone_is_a_change_with_an_empty_diff() -> None:
    data = b"\xef\xbb\xbf" + CANONICAL.replace("\n", "\r\n").encode()
    result = loads_bytes(data, "c.sla")
    assert result.contract is not None and result.normalised
    formatting = reformat(result.contract, result.text, result.comments, result.normalised)
    assert formatting.formatted == result.text == CANONICAL
    assert formatting.changed
    assert formatting.diff("c.sla") == ""


def test_comments_are_kept_in_the_canonical_text() -> None:
    formatting = _reformat('# why\ncontract "x" { timezone "UTC" }  # zone\n')
    assert formatting.formatted == '# why\ncontract "x" {\n    timezone "UTC"\n}  # zone\n'
    assert formatting.changed
