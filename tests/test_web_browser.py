"""The web app in a real browser (headless Chromium through Playwright, Debian's
executable; no browser download): the events page, an event page, a comparison from the
paste form, and a JSON twin. The server is readouts' own app on uvicorn, on loopback.
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
from test_web import DOCUMENTS  # noqa: E402

from readouts.ingest import ingest  # noqa: E402
from readouts.settings import Settings  # noqa: E402
from readouts.store import open_store  # noqa: E402
from readouts.web import create_app  # noqa: E402


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("site")
    path = folder / "docs.jsonl"
    path.write_text("\n".join(json.dumps(d) for d in DOCUMENTS) + "\n")
    db = str(folder / "corpus.db")
    settings = Settings.resolve(backend="lexical", db=db)
    with open_store(db) as store:
        ingest(store, [str(path)], settings)
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
    tab.locator("a.button").click()  # the side-by-side report, under its hashed policy
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
