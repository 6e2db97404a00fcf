"""The web app (readouts.web): every page and its JSON twin, the security headers, CSRF,
escaping of hostile text, bounded forms, read-only sharing."""

from __future__ import annotations

import base64
import hashlib
import json
import re

import pytest

from readouts.ingest import ingest
from readouts.settings import Settings
from readouts.store import open_store
from readouts.web import PAGE_CSP, create_app

pytest.importorskip("httpx")
TestClient = pytest.importorskip("fastapi.testclient").TestClient

HOSTILE = '<script>alert("x")</script>'
DOCUMENTS = [
    {
        "text": "Li meets Volodin in Beijing\n\nLi Wenqing met Pavel Volodin in Beijing on "
        "Monday. Volodin said the two parliaments would hold four rounds of consultations.",
        "outlet": "TASS",
        "date": "2026-03-14",
        "id": "tass-1",
    },
    {
        "text": "Volodin and Li pledge closer ties\n\nPavel Volodin held talks with Li Wenqing "
        "in Beijing on Monday. Volodin said the parliaments would hold two rounds of "
        "consultations.",
        "outlet": "Xinhua",
        "date": "2026-03-14",
        "id": "xinhua-1",
    },
    {
        "text": f"Norvalia seizes boat {HOSTILE}\n\nNorvalia seized the Lu Yuan Yu 318 and its "
        f"crew, spokeswoman Lin Hui said. {HOSTILE}",
        "outlet": f"AP {HOSTILE}",
        "date": "2026-06-12",
        "id": "ap-1",
    },
]


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("web")
    path = folder / "docs.jsonl"
    path.write_text("\n".join(json.dumps(d) for d in DOCUMENTS) + "\n")
    location = str(folder / "corpus.db")
    with open_store(location) as store:
        report = ingest(store, [str(path)], Settings.resolve(backend="lexical"))
        assert report.added == 3, report.rejected
    return location


@pytest.fixture(scope="module")
def client(db):
    return TestClient(create_app(Settings.resolve(backend="lexical", db=db)))


PAGES = [
    "/events",
    "/event/1",
    "/documents/1",
    "/documents/3",
    "/timeline?speaker=Volodin",
    "/search?q=volodin",
]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_and_its_json_twin_come_from_one_view(client, path):
    page = client.get(path)
    assert page.status_code == 200, page.text
    assert page.headers["content-type"].startswith("text/html")
    assert page.headers["content-security-policy"] == PAGE_CSP
    assert page.headers["x-content-type-options"] == "nosniff"
    assert "<script" not in page.text
    base, _, query = path.partition("?")
    twin = client.get(f"{base}.json" + (f"?{query}" if query else ""))
    assert twin.status_code == 200 and twin.headers["content-type"] == "application/json"
    assert f'href="{base}.json' in page.text  # each page links its twin
    assert twin.json()


def test_the_events_page_shows_events_and_coverage(client):
    view = client.get("/events.json").json()
    sizes = sorted(len(event["documents"]) for event in view["events"])
    assert sizes == [1, 2]
    (pair,) = [event for event in view["events"] if len(event["documents"]) == 2]
    assert pair["covered_by"] == ["TASS", "Xinhua"] and pair["not_covered_by"] == [f"AP {HOSTILE}"]
    page = client.get("/events").text
    assert "Reported by: TASS, Xinhua" in page and "Li meets Volodin in Beijing" in page


def test_the_event_page_has_summary_coverage_and_the_report(client):
    view = client.get("/event/2.json").json()
    assert view["event"]["documents"] == [1, 2]
    assert view["comparison"]["documents"][0]["label"] == "TASS"
    page = client.get("/event/2").text
    assert "Not reported by: AP &lt;script&gt;" in page
    report = client.get("/report/1")
    assert report.status_code == 200 and "Claims side by side" in report.text
    style = re.search(r"<style>(.*?)</style>", report.text, re.DOTALL).group(1)
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    assert f"style-src 'sha256-{digest}'" in report.headers["content-security-policy"]
    assert "unsafe-inline" not in report.headers["content-security-policy"]


def test_hostile_text_is_escaped_everywhere(client):
    for path in ("/events", "/documents/3", "/search?q=norvalia", "/timeline?about=Norvalia"):
        page = client.get(path).text
        assert HOSTILE not in page, path
        assert "&lt;script&gt;" in page, path


def test_missing_and_malformed_things_are_404_with_one_line(client):
    for path in ("/event/99", "/documents/99", "/documents/abc", "/versions/1", "/nothing"):
        page = client.get(path)
        assert page.status_code == 404, path
        assert "Traceback" not in page.text
    twin = client.get("/documents/99.json")
    assert twin.status_code == 404 and list(twin.json()) == ["error"]


def paste_form(client):
    page = client.get("/compare")
    token = re.search(r'name="token" value="([^"]+)"', page.text).group(1)
    return token


def test_the_paste_form_compares_with_a_csrf_token(client):
    token = paste_form(client)
    data = {
        "token": token,
        "label": ["TASS", "Xinhua"],
        "text": [DOCUMENTS[0]["text"], DOCUMENTS[1]["text"]],
    }
    result = client.post("/compare", data=data)
    assert result.status_code == 200, result.text
    assert "TASS" in result.text and "Xinhua" in result.text
    assert "'sha256-" in result.headers["content-security-policy"]


def test_the_paste_form_refuses_forged_and_oversized_posts(db):
    client = TestClient(create_app(Settings.resolve(backend="lexical", db=db, max_bytes=2000)))
    texts = {"text": [DOCUMENTS[0]["text"], DOCUMENTS[1]["text"]]}
    assert client.post("/compare", data={"token": "forged", **texts}).status_code == 403
    token = paste_form(client)
    other = TestClient(client.app)  # no cookie: a token from another browser
    assert other.post("/compare", data={"token": token, **texts}).status_code == 403
    big = {"token": token, "text": ["x" * 70_000, "y"]}
    assert client.post("/compare", data=big).status_code == 413
    one = client.post("/compare", data={"token": token, "text": [DOCUMENTS[0]["text"], " "]})
    assert one.status_code == 400 and "at least two" in one.text


def test_read_only_serves_an_existing_store_and_refuses_a_missing_one(db, tmp_path):
    from readouts.errors import InputError

    client = TestClient(create_app(Settings.resolve(backend="lexical", db=db), read_only=True))
    page = client.get("/events")
    assert page.status_code == 200 and "read-only" in page.text
    with pytest.raises(InputError, match="no such store"):
        create_app(Settings.resolve(db=str(tmp_path / "none.db")), read_only=True)


def test_a_cached_view_follows_the_corpus(tmp_path):
    location = str(tmp_path / "c.db")
    settings = Settings.resolve(backend="lexical", db=location)
    first = tmp_path / "a.txt"
    first.write_text(DOCUMENTS[0]["text"])
    with open_store(location) as store:
        ingest(store, [str(first)], settings)
    client = TestClient(create_app(settings))
    assert client.get("/events.json").json()["documents"] == 1
    assert client.get("/events.json").json()["documents"] == 1  # served from the cache
    second = tmp_path / "b.txt"
    second.write_text(DOCUMENTS[1]["text"])
    with open_store(location) as store:
        ingest(store, [str(second)], settings)
        store.decide("apart", 1, 2)
    view = client.get("/events.json").json()
    assert view["documents"] == 2 and len(view["events"]) == 2
