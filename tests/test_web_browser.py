"""The web app in a real browser (headless Chromium through Playwright, Debian's
executable; no browser download): the events page, an event page, a comparison from the
paste form, a JSON twin, the matrix of a ten-account event at 1300 and 800 pixels, and an
upload through the form with its job page. The server is readouts' own app on uvicorn, on loopback.
Screenshots go to a temporary folder, and to ``$READOUTS_SCREENSHOTS`` when set."""

from __future__ import annotations

import json
import socket
import threading
import time

import pytest

pytest.importorskip("fastapi")
uvicorn = pytest.importorskip("uvicorn")
try:
    from playwright import sync_api
except ImportError:
    pytest.skip("playwright is not installed", allow_module_level=True)

from test_browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402 - skips without Chromium
from test_web import DOCUMENTS, ten_documents  # noqa: E402

from readouts.ingest import ingest  # noqa: E402
from readouts.settings import Settings  # noqa: E402
from readouts.store import open_store  # noqa: E402
from readouts.web import create_app  # noqa: E402


def corpus(folder, documents) -> Settings:
    """Settings over a store in ``folder`` holding ``documents`` (JSON Lines records)."""
    path = folder / "docs.jsonl"
    path.write_text("\n".join(json.dumps(d) for d in documents) + "\n")
    db = str(folder / "corpus.db")
    settings = Settings.resolve(backend="lexical", db=db)
    with open_store(db) as store:
        ingest(store, [str(path)], settings)
    return settings


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    yield from serve(corpus(tmp_path_factory.mktemp("site"), DOCUMENTS))


@pytest.fixture(scope="module")
def ten_site(tmp_path_factory):
    """A site whose corpus is one event told by ten accounts."""
    yield from serve(corpus(tmp_path_factory.mktemp("ten"), ten_documents()))


@pytest.fixture(scope="module")
def upload_site(tmp_path_factory):
    """A site of its own for uploads (they change the corpus)."""
    yield from serve(corpus(tmp_path_factory.mktemp("upload"), DOCUMENTS[:1]))


def serve(settings: Settings):
    """readouts' app over ``settings.db`` on uvicorn, on a free loopback port."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(100):
        if server.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def tab():
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        messages: list[str] = []
        page.on("console", lambda message: messages.append(message.text))
        page.messages = messages
        yield page
        browser.close()


def fits(tab) -> bool:
    return tab.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_the_events_page_and_an_event(site, tab, screenshots):
    tab.goto(f"{site}/events")
    assert tab.title() == "Events · readouts"
    events = tab.locator("li.event")
    assert events.count() == 2
    first = events.first
    assert "Reported by: TASS, Xinhua" in first.inner_text()
    assert first.locator(".missing").inner_text().startswith("not by: AP <script>")
    assert fits(tab)
    tab.screenshot(path=str(screenshots / "web-events.png"), full_page=True)
    first.locator("h2 a").click()
    tab.wait_for_load_state()
    assert tab.url.startswith(f"{site}/event/")
    assert "Not reported by: AP" in tab.locator("p.coverage").inner_text()
    assert tab.locator("ol.findings li").count() >= 1
    assert fits(tab)
    tab.screenshot(path=str(screenshots / "web-event.png"), full_page=True)
    # the side-by-side report, under its hashed policy
    tab.locator("a.button", has_text="Side by side").click()
    tab.wait_for_load_state()
    assert "Claims side by side" in tab.content()
    # its own inline style applies (a blocked style would leave the body unstyled)
    assert tab.evaluate("getComputedStyle(document.body).fontFamily") != "Times New Roman"
    assert not [m for m in tab.messages if "Content Security Policy" in m]
    tab.screenshot(path=str(screenshots / "web-report.png"), full_page=True)


def test_a_comparison_from_the_paste_form(site, tab, screenshots):
    tab.goto(f"{site}/compare")
    fieldsets = tab.locator("fieldset")
    for index in range(2):
        fieldsets.nth(index).locator("input[name=label]").fill(DOCUMENTS[index]["outlet"])
        fieldsets.nth(index).locator("textarea").fill(DOCUMENTS[index]["text"])
    tab.screenshot(path=str(screenshots / "web-paste.png"), full_page=True)
    tab.locator("button[type=submit]").click()
    tab.wait_for_load_state()
    text = tab.inner_text("body")
    assert "TASS" in text and "Xinhua" in text and "Summary" in text
    assert not [m for m in tab.messages if "Content Security Policy" in m]
    tab.screenshot(path=str(screenshots / "web-compared.png"), full_page=True)


def test_a_json_twin_in_the_browser(site, tab):
    tab.goto(f"{site}/events")
    tab.locator("footer a").click()
    tab.wait_for_load_state()
    assert tab.url == f"{site}/events.json"
    data = json.loads(tab.inner_text("body"))
    assert sorted(len(event["documents"]) for event in data["events"]) == [1, 2]


@pytest.mark.parametrize("width", [1300, 800])
def test_the_matrix_of_ten_accounts_is_readable(ten_site, tab, screenshots, width):
    tab.set_viewport_size({"width": width, "height": 900})
    tab.goto(f"{ten_site}/event/1")
    tab.locator('a.button[href$="/matrix"]').click()
    tab.wait_for_load_state()
    assert tab.url == f"{ten_site}/event/1/matrix"
    assert not [m for m in tab.messages if "Content Security Policy" in m]
    header = tab.locator("table.matrix thead th.doc")
    assert header.count() == 10
    assert fits(tab)  # nothing wider than the window, the header included
    table = tab.locator("table.matrix").bounding_box()
    assert table["x"] >= 0 and table["x"] + table["width"] <= width
    for index in range(10):
        box = header.nth(index).bounding_box()
        assert box["width"] >= 20 and box["x"] + box["width"] <= width
    # the claim column keeps room to read (wrapped, not squeezed to a word)
    assert tab.locator("table.matrix td.claim").first.bounding_box()["width"] >= 300
    cells = tab.locator("table.matrix td.cell")
    rows = tab.locator("table.matrix tbody tr").count()
    assert rows >= 4 and cells.count() == rows * 10
    for index in range(cells.count()):
        assert cells.nth(index).is_visible()
    # an account's name, for a screen reader, though drawn as its letter
    assert "Kyodo <script>" in header.nth(9).text_content()
    tab.screenshot(path=str(screenshots / f"web-matrix-{width}.png"), full_page=True)
    # the header stays in view when the page scrolls (CSS only)
    tab.set_viewport_size({"width": width, "height": 160})
    below = tab.evaluate(
        "() => { const top = document.querySelector('table.matrix').getBoundingClientRect()"
        ".top + window.scrollY + 60; window.scrollTo(0, top); return top; }"
    )
    tab.wait_for_timeout(200)
    assert tab.evaluate("window.scrollY") >= below - 1  # the table's top is out of view
    assert abs(header.first.bounding_box()["y"]) < 2  # but its header is not
    tab.screenshot(path=str(screenshots / f"web-matrix-{width}-scrolled.png"))
    tab.set_viewport_size({"width": width, "height": 900})
    # a cell leads to its claim, marked in its document
    conflict = tab.locator("table.matrix td.state-conflict a").first
    conflict.click()
    tab.wait_for_load_state()
    assert "/documents/" in tab.url and "start=" in tab.url
    mark = tab.locator("mark#span")
    assert "rounds of consultations" in mark.inner_text() and mark.is_visible()


def test_an_upload_through_the_form(upload_site, tab, screenshots, tmp_path):
    tab.set_viewport_size({"width": 1200, "height": 900})
    good = tmp_path / "reuters.txt"
    good.write_text(
        "Li meets Volodin\n\nLi Wenqing met Pavel Volodin in Beijing on Monday. Volodin said "
        "the parliaments would hold three rounds of consultations."
    )
    bad = tmp_path / "photo.png"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    tab.goto(f"{upload_site}/ingest")
    tab.locator("input[type=file]").set_input_files([str(good), str(bad)])
    tab.locator("input[name=outlet]").fill("Reuters")
    tab.screenshot(path=str(screenshots / "web-upload.png"), full_page=True)
    tab.locator("form.upload button[type=submit]").click()
    tab.wait_for_load_state()
    assert "/jobs/" in tab.url
    summary = tab.locator("p.summary")
    summary.filter(has_text="rejected").wait_for(timeout=60_000)
    tab.locator("p.state", has_text="Finished").wait_for(timeout=60_000)  # refreshed itself
    assert tab.locator("p.summary").inner_text() == (
        "1 added, 0 unchanged, 0 new versions, 1 rejected"
    )
    assert "photo.png" in tab.locator("ul.rejected").inner_text()
    assert not [m for m in tab.messages if "Content Security Policy" in m]
    tab.screenshot(path=str(screenshots / "web-job.png"), full_page=True)
