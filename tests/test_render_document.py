"""`slalang.render` and `slalang render`: documents from the model, escaped, seen in a browser."""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from markdown_it import MarkdownIt

import slalang
from slalang.cli import main
from slalang.document import Document, render
from slalang.loader import load, loads
from slalang.model import Contract
from tests.strategies import contracts

ROOT = Path(__file__).resolve().parents[1]
CONTRACTS = sorted((ROOT / "contracts").rglob("*.sla"))
ACME = ROOT / "contracts/acme-chat-enterprise.sla"
SCREENSHOT = ROOT / "docs/render-acme.png"


def _name(path: Path) -> str:
    return str(path.relative_to(ROOT / "contracts")).replace("/", "-").removesuffix(".sla")


@pytest.mark.parametrize("path", CONTRACTS, ids=_name)
def test_markdown_goldens(path: Path, golden: Callable[[str, str], None]) -> None:
    golden(f"buyers/render/{_name(path)}.md", render(load(path)).text)


@pytest.mark.parametrize("name", ["acme-chat-enterprise", "plans/free", "plans/paid"])
def test_chinese_and_html_goldens(name: str, golden: Callable[[str, str], None]) -> None:
    parsed = load(ROOT / "contracts" / f"{name}.sla")
    flat = name.replace("/", "-")
    golden(f"buyers/render/{flat}.zh.md", render(parsed, "markdown", "zh").text)
    golden(f"buyers/render/{flat}.html", render(parsed, "html", "en").text)


def test_every_clause_of_acme_is_stated_in_plain_words() -> None:
    text = render(load(ACME)).text
    for words in (
        "The provider promises availability of at least 99.9% per period.",
        "Outages shorter than 5 minutes do not count.",
        "Maintenance does not count as down when announced 48 hours ahead, up to 8 hours per month.",
        "| urgent (Production down) | The service is unusable for most users | 1 hour 24x7 |",
        "Claim from the end of the period to 30 days after the end of the period via support portal.",
        "Expected for im\\_availability: measured 99.000%; met false; credit\\_percent 10%",
    ):
        assert words in text


def test_chinese_formats_numbers_dates_and_units() -> None:
    text = render(load(ACME), "markdown", "zh").text
    assert "有效期自 2026年1月1日 至 2026年12月31日。" in text
    assert "赔偿金额按 银行家舍入 方式舍入至 0.01。" in text
    assert "低于 100 元 的赔偿不予支付。" in text
    assert "费用 20,000 元" in text
    assert "| 4 个工作小时\uff08按 support\\_hours 计时\uff09\uff08可申请 7x24 支持\uff09 |" in text


def test_findings_are_shown_next_to_their_clause() -> None:
    source = ACME.read_text(encoding="utf-8").replace("        minimum run 5 minutes\n", "")
    source = source.replace("        cap 100% of monthly_fee per period\n", "")
    document = render(loads(source, "acme.sla"))
    assert document.findings == ["SLA105 no-cap: 'credit 1000 CNY per breach' has no cap"]
    lines = document.text.splitlines()
    credit = lines.index("- A credit of 1,000 CNY for each breach.")
    assert lines[credit + 1] == (
        "  - **Review notes (slalang lint):** SLA105 no-cap: 'credit 1000 CNY per breach' has no cap"
    )
    assert "The linter found nothing to review" not in document.text
    assert "The linter found nothing to review" in render(load(ACME)).text


HOSTILE = "evil <script>alert(1)</script> *bold* [link](http://x) | pipe \u202e rtl"


def _hostile() -> Contract:
    text = ACME.read_text(encoding="utf-8")
    text = text.replace('"Acme Chat Enterprise SLA"', '"' + HOSTILE + '"')
    text = text.replace('"Production down"', '"<img src=x onerror=alert(1)>"')
    parsed = loads(text)
    assert parsed.contract is not None, parsed.diagnostics
    return parsed.contract


def test_html_escapes_every_string_from_the_contract() -> None:
    page = render(_hostile(), "html").text
    assert "<script>" not in page and "<img" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "\u202e" not in page
    assert not re.search(r"<[^>]*\s(src|href)\s*=|url\(|<script|<link", page), "self-contained"


def test_markdown_escapes_every_string_from_the_contract() -> None:
    text = render(_hostile(), "markdown").text
    html = MarkdownIt("commonmark").enable("table").render(text)
    assert "<script>" not in html and "<img" not in html and "<a " not in html
    assert "<em>bold</em>" not in html
    assert "\u202e" not in text


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(contracts())
def test_generated_contracts_render(contract: Contract) -> None:
    for output in ("markdown", "html"):
        for lang in ("en", "zh"):
            document = render(contract, output, lang)  # type: ignore[arg-type]
            assert document.text.strip()


def test_the_api_is_exported_and_checks_its_options() -> None:
    parsed = load(ACME)
    assert slalang.render(parsed) == render(parsed)
    assert isinstance(render(parsed.contract), Document)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="format"):
        render(parsed, "pdf")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="lang"):
        render(parsed, "markdown", "fr")  # type: ignore[arg-type]


def test_cli_writes_the_file_atomically(tmp_path: Path) -> None:
    out = tmp_path / "acme.html"
    result = CliRunner().invoke(main, ["render", str(ACME), "--format", "html", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == render(load(ACME), "html").text
    missing = CliRunner().invoke(main, ["render", str(ACME), "-o", str(tmp_path / "no/dir.md")])
    assert missing.exit_code == 2
    bad = tmp_path / "bad.sla"
    bad.write_text("contract {", encoding="utf-8")
    assert CliRunner().invoke(main, ["render", str(bad)]).exit_code == 2


# ---- in a real browser ------------------------------------------------------------------------


def _browser() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def _png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and the unfiltered rows of an 8-bit RGB or RGBA PNG (as Chromium writes)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, at = {}, 8
    idat = b""
    while at < len(data):
        length, kind = struct.unpack(">I4s", data[at : at + 8])
        body = data[at + 8 : at + 8 + length]
        if kind == b"IDAT":
            idat += body
        chunks[kind] = body
        at += 12 + length
    width, height, depth, colour = struct.unpack(">IIBB", chunks[b"IHDR"][:10])
    assert depth == 8 and colour in (2, 6)
    step = 3 if colour == 2 else 4
    raw, rows, previous = zlib.decompress(idat), [], bytearray(width * step)
    for y in range(height):
        start = y * (width * step + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + width * step])
        for i in range(len(line)):
            left = line[i - step] if i >= step else 0
            up, corner = previous[i], previous[i - step] if i >= step else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                line[i] = (
                    line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)
                ) & 255
        rows.append(
            bytes(line if step == 3 else b"".join(line[j : j + 3] for j in range(0, len(line), 4)))
        )
        previous = line
    return width, height, rows


def _count(rows: list[bytes], colour: tuple[int, int, int], tolerance: int = 12) -> int:
    found = 0
    for row in rows:
        for i in range(0, len(row), 3):
            if all(abs(row[i + k] - colour[k]) <= tolerance for k in range(3)):
                found += 1
    return found


@pytest.fixture(scope="module")
def browser() -> str:
    found = _browser()
    if found is None:
        pytest.skip(
            "no headless Chromium: install the Debian package `chromium` "
            "(apt-get install -y chromium; .ci/run does)"
        )
    return found


def _chromium(browser: str, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", *args],
        capture_output=True,
        timeout=120,
        check=True,
    )


def test_the_html_page_in_headless_chromium(
    browser: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    page = tmp_path / "acme.html"
    page.write_text(render(load(ACME), "html").text, encoding="utf-8")
    dom = _chromium(browser, "--dump-dom", page.as_uri()).stdout.decode("utf-8")
    assert dom.count('<svg class="credit-curve"') == 3  # one chart per objective
    assert dom.count("<table>") == 3  # two tier tables and the support matrix
    assert dom.count("<tr>") == (1 + 3) + (1 + 1) + (1 + 2)  # headers and rows
    assert dom.count('<line class="curve"') >= 5
    shot = tmp_path / "acme.png"
    _chromium(browser, "--window-size=1000,2600", f"--screenshot={shot}", page.as_uri())
    width, height, rows = _png_pixels(shot.read_bytes())
    assert (width, height) == (1000, 2600)
    assert _count(rows, (0x09, 0x69, 0xDA)) > 1500, "the credit curves are drawn"
    assert _count(rows, (0xEE, 0xF1, 0xF4), tolerance=2) > 5000, "table headers are drawn"
    if request.config.getoption("--update-goldens"):
        SCREENSHOT.write_bytes(shot.read_bytes())
    assert SCREENSHOT.exists(), "docs/render-acme.png: run pytest --update-goldens"
