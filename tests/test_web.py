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


# --- the matrix, a highlighted span, uploads and jobs -----------------------------------

TEN_OUTLETS = [
    "TASS",
    "Xinhua",
    "RIA Novosti",
    "Reuters",
    "Associated Press",
    "AFP",
    "BBC News",
    "CGTN",
    "Interfax",
    f"Kyodo {HOSTILE}",
]
_ROUNDS = ["four", "two", "four", "four", "three", "four", "two", "four", "four", "four"]
_EXTRA = [
    "Li said trade between the two countries grew by 12 percent last year.",
    "Li said trade grew by 9 percent last year.",
    "",
    "The talks lasted three hours.",
    "Li said trade grew by 12 percent last year.",
    "",
    "Volodin did not comment on sanctions.",
    "Li said trade grew by 12 percent.",
    "",
    f"Li said the talks were {HOSTILE} useful.",
]


def ten_documents() -> list[dict[str, str]]:
    """Ten accounts of one meeting: the number of rounds conflicts, some add a claim."""
    return [
        {
            "text": "Li meets Volodin in Beijing\n\nLi Wenqing met Pavel Volodin in Beijing on "
            f"Monday. Volodin said the parliaments would hold {rounds} rounds of "
            f"consultations. {extra}".strip(),
            "outlet": outlet,
            "date": "2026-03-14",
            "id": f"ten-{number}",
        }
        for number, (outlet, rounds, extra) in enumerate(zip(TEN_OUTLETS, _ROUNDS, _EXTRA))
    ]


@pytest.fixture(scope="module")
def ten(tmp_path_factory):
    """A client over a corpus of one event told by ten accounts."""
    folder = tmp_path_factory.mktemp("ten")
    path = folder / "ten.jsonl"
    path.write_text("\n".join(json.dumps(d) for d in ten_documents()) + "\n")
    location = str(folder / "ten.db")
    settings = Settings.resolve(backend="lexical", db=location)
    with open_store(location) as store:
        assert ingest(store, [str(path)], settings).added == 10
    return TestClient(create_app(settings))


def test_the_matrix_has_a_column_per_account_and_a_cell_per_claim(ten):
    from readouts.corpus import event_report
    from readouts.render.view import build_view

    view = ten.get("/event/1/matrix.json").json()
    labels = [column["label"] for column in view["columns"]]
    assert labels == TEN_OUTLETS
    store = ten.app.state.store
    expected = build_view(event_report(store, Settings.resolve(backend="lexical"), 1).comparison)
    assert len(view["rows"]) == len(expected.matrix) >= 4
    for row, wanted in zip(view["rows"], expected.matrix, strict=True):
        assert [cell["relation"] for cell in row["cells"]] == [c.relation for c in wanted.cells]
        for cell, wanted_cell in zip(row["cells"], wanted.cells, strict=True):
            assert [span["claim"] for span in cell["spans"]] == list(wanted_cell.ids)
            assert (cell["state"] == "not-said") == (not cell["spans"])
            assert cell["label"] and cell["symbol"]
    rounds = next(row for row in view["rows"] if "rounds" in row["text"])
    states = [cell["state"] for cell in rounds["cells"]]
    # four rounds (the row's wording) against two or three rounds
    assert (
        states
        == ["said", "conflict", "said", "said", "conflict", "said", "conflict"] + ["said"] * 3
    )
    talks = next(row for row in view["rows"] if "three hours" in row["text"])
    assert [cell["state"] for cell in talks["cells"]].count("not-said") == 9


def test_every_matrix_span_is_the_text_at_its_offsets(ten):
    view = ten.get("/event/1/matrix.json").json()
    texts = {}
    spans = [span for row in view["rows"] for cell in row["cells"] for span in cell["spans"]]
    assert len(spans) >= 25
    for span in spans:
        if span["document"] not in texts:
            texts[span["document"]] = ten.get(f"/documents/{span['document']}.json").json()["text"]
        text = texts[span["document"]]
        assert text[span["start"] : span["end"]] == span["text"] and span["text"].strip()
        assert span["href"] == (
            f"/documents/{span['document']}?start={span['start']}&end={span['end']}#span"
        )


def test_the_matrix_page_links_each_cell_to_its_claim_marked_in_its_document(ten):
    import html

    page = ten.get("/event/1/matrix")
    assert page.status_code == 200 and page.headers["content-security-policy"] == PAGE_CSP
    assert HOSTILE not in page.text and "Kyodo &lt;script&gt;" in page.text
    assert "<script" not in page.text
    # every cell says what it is in words, for those who cannot see the symbol
    view = ten.get("/event/1/matrix.json").json()
    said = sum(1 for row in view["rows"] if row["cells"][0]["spans"])
    assert said >= 3 and page.text.count('<span class="sr">TASS: said') == said
    assert page.text.count('<td class="cell') == len(view["rows"]) * 10
    assert '<span class="sr">Xinhua: said otherwise: a conflict</span>' in page.text
    assert '<span class="sr">AFP: not said</span>' in page.text
    links = re.findall(r'<td class="cell[^"]*"><a href="([^"]+)"', page.text)
    assert links
    hostile = next(
        span
        for row in view["rows"]
        for cell in row["cells"]
        for span in cell["spans"]
        if "<script>" in span["text"]
    )
    target = ten.get(hostile["href"].replace("#span", ""))
    assert target.status_code == 200
    marked = re.search(r'<mark id="span">(.*?)</mark>', target.text, re.DOTALL).group(1)
    assert html.unescape(marked) == hostile["text"] and "&lt;script&gt;" in marked
    assert HOSTILE not in target.text
    # the event page leads to the matrix
    assert 'href="/event/1/matrix"' in ten.get("/event/1").text


def test_a_marked_span_must_be_within_the_text(client):
    text = client.get("/documents/1.json").json()["text"]
    view = client.get("/documents/1.json?start=0&end=5").json()
    assert view["highlight"]["text"] == text[:5] == "Li me"
    assert client.get("/documents/1.json").json()["highlight"] is None
    for query in (
        "start=abc&end=5",
        "start=5&end=3",
        "start=3&end=3",
        f"start=0&end={len(text) + 1}",
        "start=-1&end=4",
        "start=2",
        "end=9",
        "start=1e3&end=2e3",
        "start=" + "9" * 30 + "&end=1",
    ):
        page = client.get(f"/documents/1?{query}")
        assert page.status_code == 400, query
        assert "Traceback" not in page.text and "<mark" not in page.text
        error = client.get(f"/documents/1.json?{query}")
        assert error.status_code == 400 and len(error.json()["error"].splitlines()) == 1
    assert client.get("/documents/99?start=0&end=2").status_code == 404


def form_token(client, path: str) -> str:
    page = client.get(path)
    assert page.status_code == 200
    return re.search(r'name="token" value="([^"]+)"', page.text).group(1)


def finished(client, location: str, timeout: float = 120) -> dict:
    """The job at ``location`` once it has finished."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = client.get(f"{location}.json").json()
        if not job["running"]:
            return job
        time.sleep(0.1)
    raise AssertionError(f"the job at {location} did not finish")


@pytest.fixture
def empty(tmp_path):
    """A client over an empty store (small files only: 3,000 bytes each)."""
    settings = Settings.resolve(backend="lexical", db=str(tmp_path / "up.db"), max_bytes=3000)
    return TestClient(create_app(settings))


def upload(client, files, token=None, **data):
    token = form_token(client, "/ingest") if token is None else token
    return client.post(
        "/ingest", data={"token": token, **data}, files=files, follow_redirects=False
    )


GOOD = ("tass.txt", DOCUMENTS[0]["text"].encode(), "text/plain")


def test_uploaded_files_are_ingested_a_bad_one_rejected_with_its_reason(empty):
    bad = ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image/png")
    big = ("big.txt", b"Li met Volodin. " * 200, "text/plain")
    sent = upload(empty, [("files", GOOD), ("files", bad), ("files", big)], outlet="TASS")
    assert sent.status_code == 303 and sent.headers["location"].startswith("/jobs/")
    job = finished(empty, sent.headers["location"])
    assert job["state"] == "finished" and job["done"] == job["total"] == 3
    assert job["summary"] == "1 added, 0 unchanged, 0 new versions, 2 rejected"
    reasons = {item["source"]: item["reason"] for item in job["report"]["rejected"]}
    assert "binary" in reasons["photo.txt"] and "too large" in reasons["big.txt"]
    documents = empty.get("/events.json").json()["documents"]
    assert documents == 1
    assert empty.get("/documents/1.json").json()["outlet"] == "TASS"
    page = empty.get(sent.headers["location"]).text
    assert "1 added, 0 unchanged, 0 new versions, 2 rejected" in page
    assert "photo.txt</span>: " in page and 'http-equiv="refresh"' not in page
    # the same file again changes nothing; a new text of it is a new version
    again = finished(empty, upload(empty, [("files", GOOD)]).headers["location"])
    assert again["summary"] == "0 added, 1 unchanged, 0 new versions, 0 rejected"
    newer = ("tass.txt", GOOD[1] + b" Li said trade grew.", "text/plain")
    changed = finished(empty, upload(empty, [("files", newer)]).headers["location"])
    assert changed["summary"] == "0 added, 0 unchanged, 1 new version, 0 rejected"


def test_an_upload_with_a_hostile_name_is_escaped(empty):
    hostile = "<img src=x onerror=alert(1)>"
    named = (f"{hostile}.txt", DOCUMENTS[1]["text"].encode(), "text/plain")
    bad = (f"C:\\fakepath\\{hostile}.bin", b"\x00\x01", "application/octet-stream")
    location = upload(empty, [("files", named), ("files", bad)]).headers["location"]
    job = finished(empty, location)
    assert [item["source"] for item in job["report"]["rejected"]] == [f"{hostile}.bin"]
    page = empty.get(location).text
    assert hostile not in page and "&lt;img src=x onerror=alert(1)&gt;.bin" in page
    assert empty.get("/documents/1.json").json()["history"][0]["source"] == f"{hostile}.txt"


def test_uploads_need_a_token_a_bounded_size_and_a_writable_store(empty, db):
    assert upload(empty, [("files", GOOD)], token="forged").status_code == 403
    token = form_token(empty, "/ingest")
    other = TestClient(empty.app)  # another browser: no cookie
    assert upload(other, [("files", GOOD)], token=token).status_code == 403
    huge = ("huge.txt", b"x" * 200_000, "text/plain")  # more than 20 files of 3,000 bytes
    refused = upload(empty, [("files", huge)])
    assert refused.status_code == 413 and "Traceback" not in refused.text
    many = [("files", (f"{n}.txt", b"Li met Volodin.", "text/plain")) for n in range(21)]
    assert upload(empty, many).status_code == 400
    assert upload(empty, []).status_code == 400
    assert empty.get("/events.json").json()["documents"] == 0
    shared = TestClient(create_app(Settings.resolve(backend="lexical", db=db), read_only=True))
    page = shared.get("/ingest")
    assert "read-only" in page.text and 'type="file"' not in page.text
    assert "/ingest" not in page.text.split("<main>")[0]  # no link to it either
    files = [("files", GOOD)]
    for refused in (
        shared.post("/ingest", data={"token": "x"}, files=files),
        shared.post("/reanalyse", data={"token": "x"}),
    ):
        assert refused.status_code == 403 and "open read-only" in refused.text


def test_a_job_shows_its_progress_then_what_it_did(empty):
    jobs = empty.app.state.jobs
    with jobs.writing:  # another job is writing: this one waits its turn
        location = upload(empty, [("files", GOOD)]).headers["location"]
        page = empty.get(location)
        assert page.status_code == 200
        assert '<meta http-equiv="refresh" content="1">' in page.text
        assert "Waiting" in page.text and "0 of 1 files" in page.text
        waiting = empty.get(f"{location}.json").json()
        assert waiting["state"] == "waiting" and waiting["summary"] is None
    job = finished(empty, location)
    assert job["summary"] == "1 added, 0 unchanged, 0 new versions, 0 rejected"
    page = empty.get(location).text
    assert "refresh" not in page and "1 of 1 files" in page and "Finished." in page
    assert empty.get("/jobs/" + "A" * 24).status_code == 404
    assert empty.get("/jobs/nope.json").status_code == 404
    assert len(location.rsplit("/", 1)[1]) >= 24


def test_reanalysis_reads_again_the_claims_a_version_lacks(empty):
    from sqlalchemy import delete

    from readouts.store.schema import analyses

    finished(empty, upload(empty, [("files", GOOD)]).headers["location"])
    store = empty.app.state.store
    with store.transaction() as connection:
        connection.execute(delete(analyses))
    settings = Settings.resolve(backend="lexical")
    assert store.claims([1], settings) == {}
    sent = empty.post(
        "/reanalyse", data={"token": form_token(empty, "/ingest")}, follow_redirects=False
    )
    assert sent.status_code == 303
    job = finished(empty, sent.headers["location"])
    assert job["summary"] == "1 versions read again, 0 rejected" and job["total"] == 1
    assert len(store.claims([1], settings)[1]) >= 2
    assert empty.post("/reanalyse", data={"token": "forged"}).status_code == 403


def test_jobs_are_bounded():
    import threading

    from readouts.web.jobs import Busy, Jobs

    jobs = Jobs(kept=2, waiting=2)
    done = threading.Event()
    first = jobs.start("ingest", 1, lambda update: None)
    for _ in range(100):
        if not jobs.get(first.id).running:
            break
        done.wait(0.02)
    with jobs.writing:
        second = jobs.start("ingest", 1, lambda update: None)
        third = jobs.start("ingest", 1, lambda update: None)
        assert jobs.get(first.id) is None  # the oldest finished one is dropped
        with pytest.raises(Busy):
            jobs.start("ingest", 1, lambda update: None)
    failing = Jobs()

    def fail(update):
        raise ValueError("a broken step\nwith a second line")

    job = failing.start("ingest", 1, fail)
    for _ in range(100):
        if not failing.get(job.id).running:
            break
        done.wait(0.02)
    assert failing.get(job.id).state == "failed"
    assert failing.get(job.id).error == "a broken step"
    assert jobs.get(second.id) is not None and jobs.get(third.id) is not None
