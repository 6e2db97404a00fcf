"""What a reader sees of the matrix report in a real browser (headless Chromium).

The 10- and 26-account reports are opened at 1300 and 800 pixels; the tests measure the
page as laid out: column heads not clipped, no cell narrower than its symbol, the legend
in view, the page itself never wider than the window (the table scrolls in its own box),
and opening a row shows every account's words. Screenshots go to a temporary folder, and
also to ``$READOUTS_SCREENSHOTS`` when that is set.

Needs Playwright for Python (``pip install playwright``; its own browser download is never
used) and the Debian ``chromium`` package at ``/usr/bin/chromium``; skips without either.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from meeting import accounts

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WIDTHS = (1300, 800)
COUNTS = (10, 26)
HEIGHT = 900

try:
    from playwright import sync_api
except ImportError:  # not installed, or installed without its driver
    pytest.skip("playwright is not installed (pip install playwright)", allow_module_level=True)
if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)", allow_module_level=True)


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    """The HTML report of the first 10 and of all 26 accounts, written once."""
    import readouts
    from readouts.render.html import render_html

    folder = tmp_path_factory.mktemp("reports")
    paths = {}
    for count in COUNTS:
        path = folder / f"report-{count}.html"
        path.write_text(render_html(readouts.compare(accounts(count), backend="lexical")))
        paths[count] = path
    return paths


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@dataclass(frozen=True)
class Report:
    """A report open in a browser tab: the tab, how many accounts, how wide the window."""

    tab: Any
    count: int
    width: int

    def shoot(self, folder: Path, name: str) -> Path:
        path = folder / f"matrix-{self.count}docs-{self.width}px-{name}.png"
        self.tab.screenshot(path=str(path))
        return path


@pytest.fixture(
    params=[(count, width) for count in COUNTS for width in WIDTHS],
    ids=lambda param: f"{param[0]}docs-{param[1]}px",
)
def report(
    request: pytest.FixtureRequest, browser: Any, reports: dict[int, Path]
) -> Iterator[Report]:
    count, width = request.param
    tab = browser.new_page(viewport={"width": width, "height": HEIGHT})
    tab.goto(reports[count].as_uri())
    yield Report(tab, count, width)
    tab.close()


def test_page_screenshots(report: Report, screenshots: Path) -> None:
    """The top (summary), the matrix, and a long row opened: for a reader to look at."""
    report.shoot(screenshots, "1-top")
    report.tab.locator("#claims").scroll_into_view_if_needed()
    report.tab.evaluate("document.querySelector('#claims').scrollIntoView()")
    report.shoot(screenshots, "2-matrix")
    conflict = report.tab.locator("tr.mrow.rel-conflict").first
    conflict.locator("summary").click()
    conflict.evaluate("row => row.scrollIntoView()")
    report.shoot(screenshots, "3-open-row")
    assert len(list(screenshots.glob(f"matrix-{report.count}docs-{report.width}px-*.png"))) == 3


def test_column_heads_are_never_clipped(report: Report) -> None:
    heads = report.tab.eval_on_selector_all(
        ".matrix thead th",
        "cells => cells.map(c => ({text: c.textContent.trim(), scroll: c.scrollWidth,"
        " client: c.clientWidth, inner: c.firstElementChild ?"
        " c.firstElementChild.getBoundingClientRect().width : 0}))",
    )
    assert len(heads) == report.count + 2
    assert [head["text"] for head in heads[2:]] == [chr(ord("A") + i) for i in range(report.count)]
    for head in heads:
        assert head["scroll"] <= head["client"], head
        assert head["inner"] <= head["client"], head


def test_no_cell_is_narrower_than_its_symbol(report: Report) -> None:
    cells = report.tab.eval_on_selector_all(
        ".matrix td.cell",
        "cells => cells.map(c => { const s = c.firstElementChild.getBoundingClientRect();"
        " const r = c.getBoundingClientRect(); const range = document.createRange();"
        " range.selectNodeContents(c.firstElementChild);"
        " const glyph = range.getBoundingClientRect();"
        " return {text: c.textContent.trim(), scroll: c.scrollWidth, client: c.clientWidth,"
        " glyph: glyph.width, left: s.left - r.left, right: r.right - s.right}; })",
    )
    assert cells, "no matrix cells"
    rows = report.tab.locator("tr.mrow").count()
    assert len(cells) == rows * report.count
    for cell in cells:
        assert cell["text"] in {"=", "≈", "≠", "○", "·"}, cell
        assert cell["scroll"] <= cell["client"], cell
        assert 0 < cell["glyph"] <= cell["client"], cell
        assert cell["left"] >= 0 and cell["right"] >= 0, cell


def test_legend_and_key_are_visible_and_fit_the_window(report: Report) -> None:
    legend = report.tab.locator(".matrix-legend")
    legend.scroll_into_view_if_needed()
    assert legend.is_visible()
    items = legend.locator("li")
    assert items.count() == 8  # = ≈ ≠ ○ · ringed, the highlighted term, the words said
    for index in range(items.count()):
        box = items.nth(index).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= report.width
    key = report.tab.locator(".key li")
    assert key.count() == report.count
    for index in range(key.count()):
        box = key.nth(index).bounding_box()
        assert box is not None and box["x"] + box["width"] <= report.width


def test_page_never_scrolls_sideways_only_the_table_does(report: Report) -> None:
    sizes = report.tab.evaluate(
        "() => { const w = document.querySelector('.matrix-wrap');"
        " return {page: document.documentElement.scrollWidth, window: window.innerWidth,"
        " wrap: w.clientWidth, table: w.scrollWidth}; }"
    )
    assert sizes["page"] <= sizes["window"], sizes
    if report.width == 1300:
        assert sizes["table"] <= sizes["wrap"], sizes  # everything in view
    if report.count == 26 and report.width == 800:
        assert sizes["table"] > sizes["wrap"], sizes  # the table scrolls in its box


WORDS_PER_LINE = """els => els.map(e => {
    const range = document.createRange();
    range.selectNodeContents(e);
    const tops = new Set([...range.getClientRects()].map(rect => Math.round(rect.top / 4)));
    return {text: e.textContent.trim(), words: e.textContent.trim().split(/\\s+/).length,
            lines: tops.size};
})"""


def test_text_is_never_one_word_per_line(report: Report) -> None:
    """Claims, summary lines and labels keep 2.5 words to a line or more (rows open).

    Text squeezed one word to a line, as in the ten-column report, averages 1."""
    report.tab.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    measured = report.tab.eval_on_selector_all(
        ".matrix .gist, .texts .claim-text, .findings .title, .key .label, .texts .doc-label",
        WORDS_PER_LINE,
    )
    assert len(measured) > report.count * 2
    for text in measured:
        assert text["lines"] >= 1, text
        assert text["lines"] == 1 or text["words"] / text["lines"] >= 2.5, text


def test_head_and_cells_do_not_overlap(report: Report) -> None:
    boxes = report.tab.eval_on_selector_all(
        ".matrix thead th, .matrix tbody tr:first-child > *",
        "els => els.map(e => { const r = e.getBoundingClientRect();"
        " return [e.parentElement.rowIndex, r.left, r.right]; })",
    )
    for row in {box[0] for box in boxes}:
        edges = sorted((left, right) for index, left, right in boxes if index == row)
        for (_, right), (left, _) in pairwise(edges):
            assert right <= left + 0.5, edges


def test_opening_a_row_shows_every_account_s_words(report: Report) -> None:
    row = report.tab.locator("tr.mrow.rel-conflict").first
    texts = row.locator(".texts li")
    assert not texts.first.is_visible()
    row.locator("summary").click()
    said = row.locator("td.cell:not(.rel-none)").count()
    assert texts.count() >= said >= 2
    for index in range(texts.count()):
        item = texts.nth(index)
        assert item.is_visible()
        assert item.locator(".claim-text").inner_text().strip()
        assert item.locator(".doc-label").inner_text().strip()
    assert row.locator(".texts mark").count() > 0  # the differing terms
    # The opened texts start below the row's symbols and keep a readable width.
    symbols = row.locator("td.cell").first.locator("a, span").first.bounding_box()
    opened = row.locator(".opened").bounding_box()
    assert symbols is not None and opened is not None
    assert opened["y"] >= symbols["y"] + symbols["height"]
    assert opened["width"] >= 280


def test_a_cell_leads_to_its_claim(report: Report) -> None:
    row = report.tab.locator("tr.mrow.rel-conflict").first
    link = row.locator("td.cell.rel-conflict a").first
    target = link.get_attribute("href")
    assert target and target.startswith("#claim-")
    link.click()
    claim = report.tab.locator(f"[id='{target[1:]}']")
    assert claim.is_visible()  # the row opened on the way
    assert row.locator("details").evaluate("d => d.open")
    assert report.tab.evaluate("location.hash") == target


def test_a_chinese_and_russian_report_lays_out_its_text(
    browser: Any, tmp_path: Path, screenshots: Path
) -> None:
    """The claim texts of a zh/ru report take up room on the page: every text's glyphs
    have boxes of non-zero width (whatever font the machine falls back to), the lang of
    each document is on its text, and no Chinese line runs out of its column."""
    from test_render_scripts import two_scripts

    from readouts.render.html import render_html

    path = tmp_path / "scripts.html"
    path.write_text(render_html(two_scripts()), encoding="utf-8")
    tab = browser.new_page(viewport={"width": 800, "height": HEIGHT})
    try:
        tab.goto(path.as_uri())
        boxes = tab.eval_on_selector_all(
            ".claim-text",
            """texts => texts.map(text => {
                const range = document.createRange();
                range.selectNodeContents(text);
                const glyphs = range.getBoundingClientRect();
                const cell = text.closest("td").getBoundingClientRect();
                return {lang: text.lang, chars: text.textContent.length, width: glyphs.width,
                        height: glyphs.height, right: glyphs.right, cellRight: cell.right};
            })""",
        )
        tab.screenshot(path=str(screenshots / "scripts-2docs-800px.png"))
    finally:
        tab.close()
    assert {box["lang"] for box in boxes} == {"zh", "ru"}
    for box in boxes:
        assert box["chars"] > 0 and box["width"] > 0 and box["height"] > 0, box
        assert box["right"] <= box["cellRight"] + 1, box
