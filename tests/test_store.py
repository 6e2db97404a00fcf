"""readouts.store and readouts ingest: documents, versions and claims kept between runs."""

from __future__ import annotations

import json
import os
import sqlite3
from datetime import UTC, datetime

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readouts.cli import cli
from readouts.errors import InputError, UsageError
from readouts.ingest import IngestReport, Rejected, ingest, read_inputs, store_documents
from readouts.settings import Settings
from readouts.store import Incoming, content_hash, database_url, open_store
from readouts.store.codec import claims_from_json, claims_to_json

MEETING = (
    "Li meets Volodin in Beijing\n\n"
    "BEIJING, March 14 -- Li Wenqing met Pavel Volodin in Beijing on Monday.\n"
    "Volodin said the two parliaments would hold four rounds of consultations this year.\n"
)
CHANGED = MEETING.replace("four rounds", "two rounds")
RUSSIAN = "Вячеслав Володин заявил, что парламенты проведут четыре раунда консультаций."


@pytest.fixture
def lexical():
    return Settings.resolve(backend="lexical")


@pytest.fixture
def store(tmp_path):
    with open_store(str(tmp_path / "corpus.db")) as opened:
        yield opened


def write(path, text: str):
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_the_same_text_again_is_a_no_op_and_a_changed_one_a_new_version(store, tmp_path, lexical):
    path = write(tmp_path / "meeting.txt", MEETING)
    first = ingest(store, [path], lexical)
    assert (first.added, first.unchanged, first.versions, first.rejected) == (1, 0, 0, [])
    again = ingest(store, [path], lexical)
    assert (again.added, again.unchanged, again.versions) == (0, 1, 0)
    write(tmp_path / "meeting.txt", CHANGED)
    changed = ingest(store, [path], lexical)
    assert (changed.added, changed.unchanged, changed.versions) == (0, 0, 1)
    (document,) = store.documents()
    assert [v.number for v in document.versions] == [1, 2]
    assert document.versions[0].text == MEETING and document.latest.text == CHANGED
    assert document.latest.title == "Li meets Volodin in Beijing"
    assert document.identity == f"file:{os.path.realpath(path)}"
    assert store.raw(document.latest.id) == CHANGED.encode()
    assert store.counts() == {"documents": 1, "versions": 2, "analyses": 2, "comparisons": 0}


def test_stored_claims_are_the_claims_readouts_reads(store, tmp_path, lexical):
    from readouts.comparison import DocumentEntry
    from readouts.documents import Document
    from readouts.languages import claims_of

    ingest(store, [write(tmp_path / "a.txt", MEETING)], lexical)
    (document,) = store.documents()
    stored = store.claims([document.latest.id], lexical)[document.latest.id]
    fresh = claims_of((DocumentEntry("A", Document(MEETING, lang="en")),), lexical)[0]
    assert stored == fresh
    assert [claim.core for claim in stored] == [claim.core for claim in fresh]
    for claim in stored:
        assert MEETING[claim.start : claim.end] == claim.text
    # another spaCy pipeline has no stored claims
    other = Settings.resolve(backend="lexical", spacy_model="en_core_web_sm")
    assert store.claims([document.latest.id], other) == {}


def test_claims_round_trip_through_json_and_refuse_junk(lexical):
    from readouts.comparison import DocumentEntry
    from readouts.documents import Document
    from readouts.languages import claims_of

    claims = claims_of((DocumentEntry("A", Document(RUSSIAN, lang="ru")),), lexical)[0]
    assert claims_from_json(claims_to_json(claims)) == claims
    with pytest.raises(Exception):  # noqa: B017 - cattrs' own error types
        claims_from_json('[{"id": 1}]')


def test_jsonl_documents_keep_their_fields_and_a_url_names_the_document(store, tmp_path, lexical):
    lines = [
        {"text": RUSSIAN, "outlet": "TASS", "url": "https://tass.ru/1", "date": "2026-03-14"},
        {"text": MEETING, "id": "reuters-1", "lang": "en", "title": "Li meets Volodin in Beijing"},
        {
            "html": "<html><body><article><p>"
            + "Volodin met Li. " * 20
            + "</p></article></body></html>"
        },
    ]
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(json.dumps(line, ensure_ascii=False) for line in lines) + "\n")
    report = ingest(store, [str(path)], lexical)
    assert (report.added, report.rejected) == (3, [])
    russian, english, page = store.documents()
    assert (russian.identity, russian.outlet, russian.url) == (
        "url:https://tass.ru/1",
        "TASS",
        "https://tass.ru/1",
    )
    assert (russian.latest.lang, russian.latest.published) == ("ru", "2026-03-14")
    assert english.identity == "id:reuters-1" and english.latest.source == f"{path}:2"
    assert page.identity.startswith("sha256:") and page.latest.media_type == "text/html"
    assert "<p>" not in page.latest.text
    # the same story at the same URL, changed: a new version
    lines[0]["text"] = RUSSIAN.replace("четыре", "два")
    path.write_text("\n".join(json.dumps(line, ensure_ascii=False) for line in lines) + "\n")
    again = ingest(store, [str(path)], lexical)
    assert (again.added, again.unchanged, again.versions) == (0, 2, 1)


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("not json", "not valid JSON"),
        ("[1, 2]", "not a JSON object"),
        ('{"title": "x"}', 'needs one of "text" and "html"'),
        ('{"text": "a", "html": "b"}', 'needs one of "text" and "html"'),
        ('{"text": 5}', '"text" must be a string, not int'),
        ('{"text": "Li met Volodin.", "url": "javascript:alert(1)"}', '"url" must be an http'),
        ('{"text": "Li met Volodin.", "date": "next week"}', '"date" must be an ISO date'),
        (
            '{"text": "Ceci est un texte entièrement écrit en français, rien d\'autre."}',
            "not supported",
        ),
        ('{"text": "   "}', "empty"),
        ("[" * 100_000 + "]" * 100_000, "not valid JSON"),
    ],
)
def test_a_bad_jsonl_line_is_rejected_with_its_reason_and_the_rest_stored(
    store, tmp_path, lexical, line, reason
):
    path = tmp_path / "batch.jsonl"
    path.write_text(json.dumps({"text": MEETING}) + "\n" + line + "\n")
    report = ingest(store, [str(path)], lexical)
    assert report.added == 1
    (rejected,) = report.rejected
    assert rejected.source == f"{path}:2" and reason in rejected.reason
    assert "\n" not in str(rejected)
    assert store.counts()["documents"] == 1


FEED = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>Xinhua English</title>
<item><title>Li meets Volodin in Beijing</title><link>https://example.org/li-volodin</link>
<guid>li-volodin</guid><pubDate>Sat, 14 Mar 2026 08:00:00 GMT</pubDate>
<description><![CDATA[<p>Li Wenqing met Pavel Volodin in Beijing on Monday.</p>
<script>alert(1)</script><p>The two sides agreed to deepen exchanges.</p>]]></description></item>
<item><title>Empty</title><link>https://example.org/empty</link><description></description></item>
<item><title>Entity</title><link>https://example.org/entity</link><description>&secret;</description></item>
</channel></rss>
"""


def test_feed_entries_are_documents_and_the_feed_fetches_nothing(store, tmp_path, lexical):
    path = write(tmp_path / "xinhua.rss", FEED)
    report = ingest(store, [path], lexical)
    assert report.added == 2  # the story, and the entry whose entity was left unread
    assert [r.source for r in report.rejected] == [f"{path}#2"]
    documents = store.documents()
    (story,) = [d for d in documents if d.url == "https://example.org/li-volodin"]
    assert story.outlet == "Xinhua English" and story.latest.published == "2026-03-14"
    assert story.latest.title == "Li meets Volodin in Beijing"
    assert "alert" not in story.latest.text and "<p>" not in story.latest.text
    assert "Li Wenqing met Pavel Volodin" in story.latest.text
    for document in documents:  # the external entity was never read
        assert "root:" not in document.latest.text


def test_a_folder_is_read_recursively_and_bad_files_are_named(store, tmp_path, lexical):
    (tmp_path / "sub").mkdir()
    write(tmp_path / "a.txt", MEETING)
    write(tmp_path / "sub" / "b.md", CHANGED)
    (tmp_path / "sub" / "c.txt").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "notes.csv").write_text("ignored")
    os.mkfifo(tmp_path / "pipe.txt")
    report = ingest(store, [str(tmp_path)], lexical)
    assert report.added == 2
    reasons = {os.path.basename(r.source): r.reason for r in report.rejected}
    assert set(reasons) == {"c.txt", "pipe.txt"}
    assert "binary" in reasons["c.txt"] and "FIFO" in reasons["pipe.txt"]


def test_a_failed_write_leaves_nothing_of_that_document(store, lexical, monkeypatch):
    from sqlalchemy.exc import IntegrityError

    original = store.add_claims

    def failing(connection, version_id, claims, settings):
        if any("four rounds" in claim.text for claim in claims):
            raise IntegrityError("insert", {}, Exception("disk says no"))
        return original(connection, version_id, claims, settings)

    monkeypatch.setattr(store, "add_claims", failing)
    report = IngestReport()
    items = [Incoming(MEETING, source="bad.txt"), Incoming(CHANGED, source="good.txt")]
    store_documents(store, items, lexical, report)
    assert report.added == 1 and [r.source for r in report.rejected] == ["bad.txt"]
    assert "not stored" in report.rejected[0].reason
    assert store.counts() == {"documents": 1, "versions": 1, "analyses": 1, "comparisons": 0}
    assert store.documents()[0].latest.text == CHANGED


def test_the_schema_is_built_by_the_migrations_and_matches_the_tables(tmp_path):
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from readouts.store.migrate import current, head
    from readouts.store.schema import metadata

    with open_store(str(tmp_path / "m.db")) as opened:
        assert current(opened.engine) == head() == "0004"
        with opened.engine.connect() as connection:
            assert compare_metadata(MigrationContext.configure(connection), metadata) == []
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    with open_store(str(tmp_path / "m.db")) as reopened:  # a second open changes nothing
        assert current(reopened.engine) == "0004"


def test_read_only_refuses_writes_and_stores_that_need_upgrading(tmp_path, lexical):
    path = tmp_path / "r.db"
    with open_store(str(path)) as opened:
        ingest(opened, [write(tmp_path / "a.txt", MEETING)], lexical)
    with open_store(str(path), read_only=True) as shared:
        assert len(shared.documents()) == 1
        with pytest.raises(UsageError, match="read-only"):
            ingest(shared, [write(tmp_path / "b.txt", CHANGED)], lexical)
    with pytest.raises(InputError, match="no such store"):
        open_store(str(tmp_path / "missing.db"), read_only=True)
    sqlite3.connect(tmp_path / "empty.db").close()
    with pytest.raises(UsageError, match="no readouts tables"):
        open_store(str(tmp_path / "empty.db"), read_only=True)


def test_a_file_that_is_no_database_is_one_clear_error(tmp_path):
    path = write(tmp_path / "notes.txt", "just some notes, " * 200)
    with pytest.raises(InputError, match="cannot be used as a store") as caught:
        open_store(path)
    assert str(caught.value).startswith(path)
    with pytest.raises(UsageError, match="SQLite or PostgreSQL"):
        open_store("mysql://user@host/db")


def test_database_urls():
    assert database_url("corpus.db") == "sqlite:///corpus.db"
    assert database_url(":memory:") == "sqlite://"
    assert database_url("postgresql://u:p@h/db") == "postgresql+psycopg://u:p@h/db"
    assert database_url("sqlite:////tmp/x.db") == "sqlite:////tmp/x.db"


def test_ingest_command_prints_a_summary_and_exits_1_on_rejections(tmp_path):
    good = write(tmp_path / "a.txt", MEETING)
    bad = tmp_path / "b.txt"
    bad.write_bytes(b"\xff\xfe\x00\x00junk\x00")
    db = str(tmp_path / "c.db")
    runner = CliRunner()
    result = runner.invoke(cli, ["ingest", good, str(bad), "--db", db, "--json"])
    assert result.exit_code == 1, result.output
    summary = json.loads(result.stdout)
    assert (summary["added"], summary["unchanged"], summary["versions"]) == (1, 0, 0)
    assert [r["source"] for r in summary["rejected"]] == [str(bad)]
    assert f"readouts: rejected: {bad}:" in result.stderr
    again = runner.invoke(cli, ["ingest", good, "--db", db])
    assert again.exit_code == 0 and again.stdout.startswith("0 added, 1 unchanged, 0 new versions")


def test_ingest_command_errors_are_one_line(tmp_path):
    runner = CliRunner()
    text = write(tmp_path / "a.txt", MEETING)
    not_db = write(tmp_path / "x.db", "junk " * 1000)
    for arguments, wanted in (
        (["ingest", text, "--db", not_db], "cannot be used as a store"),
        (["ingest", text, "--db", "mysql://h/db"], "SQLite or PostgreSQL"),
        (["ingest", text, "--lang", "fr", "--db", str(tmp_path / "y.db")], "not supported"),
    ):
        result = runner.invoke(cli, arguments)
        assert result.exit_code == 2, (arguments, result.output)
        assert wanted in result.stderr and "Traceback" not in result.output
        assert len(result.stderr.strip().splitlines()) == 1


_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=200)
_FIELD = st.one_of(st.none(), _TEXT, st.integers(), st.lists(_TEXT, max_size=2))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.one_of(
            st.binary(max_size=200),
            st.dictionaries(
                st.sampled_from(["text", "html", "title", "url", "date", "lang", "id"]), _FIELD
            ).map(lambda record: json.dumps(record).encode()),
        ),
        max_size=5,
    )
)
def test_any_jsonl_file_gives_documents_or_one_line_rejections(tmp_path_factory, lines):
    path = tmp_path_factory.mktemp("j") / "any.jsonl"
    path.write_bytes(b"\n".join(line.replace(b"\n", b" ") for line in lines))
    for item in read_inputs([str(path)], max_bytes=10_000):
        if isinstance(item, Rejected):
            assert item.source.startswith(str(path)) and "\n" not in item.reason
        else:
            assert item.text.strip() and item.lang in ("en", "ru", "zh")
            assert item.content_hash == content_hash(item.text)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.binary(max_size=400)
    | _TEXT.map(
        lambda t: (
            f"<rss><channel><item><description>{t}</description></item></channel></rss>".encode()
        )
    )
)
def test_any_feed_file_gives_documents_or_one_line_rejections(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("f") / "any.xml"
    path.write_bytes(data)
    for item in read_inputs([str(path)], max_bytes=10_000):
        if isinstance(item, Rejected):
            assert "\n" not in item.reason
        else:
            assert item.text.strip()


def test_the_store_on_postgresql_keeps_versions_and_claims(postgres_url, tmp_path, lexical):
    from readouts.store.migrate import current

    with open_store(postgres_url) as opened:
        assert current(opened.engine) == "0004"
        path = write(tmp_path / "meeting.txt", MEETING)
        assert ingest(opened, [path], lexical).added == 1
        assert ingest(opened, [path], lexical).unchanged == 1
        write(tmp_path / "meeting.txt", CHANGED)
        assert ingest(opened, [path], lexical).versions == 1
        (document,) = [d for d in opened.documents() if d.identity.endswith("meeting.txt")]
        assert [v.text for v in document.versions] == [MEETING, CHANGED]
        stored = opened.claims([document.latest.id], lexical)[document.latest.id]
        assert any("two rounds" in claim.text for claim in stored)
        assert opened.raw(document.latest.id) == CHANGED.encode()


FISHING = (
    "China demands Norvalia release seized fishing boat\n\n"
    "China demanded on Thursday that Norvalia release the Lu Yuan Yu 318 and its crew, "
    "spokeswoman Lin Hui said.\n"
)
OTHER_ACCOUNT = (
    "Volodin and Li pledge closer parliamentary ties\n\n"
    "Pavel Volodin held talks with Li Wenqing in Beijing on Monday, agreeing on two rounds of "
    "consultations.\n"
)


def test_events_group_the_corpus_and_keep_a_users_decisions(store, tmp_path, lexical):
    from readouts.corpus import corpus_events

    paths = [
        write(tmp_path / "tass.txt", MEETING),
        write(tmp_path / "xinhua.txt", OTHER_ACCOUNT),
        write(tmp_path / "ap.txt", FISHING),
    ]
    ingest(store, paths, lexical)
    events, documents = corpus_events(store, lexical)
    assert [event.members for event in events] == [("1", "2"), ("3",)]
    assert documents["1"].latest.title == "Li meets Volodin in Beijing"
    assert "beijing" in events[0].shared_names
    store.decide("apart", 2, 1)
    store.decide("together", 1, 3)
    events, _ = corpus_events(store, lexical)
    assert sorted(sorted(event.members) for event in events) == [["1", "3"], ["2"]]
    # re-ingesting, or a new version, does not undo a decision
    write(tmp_path / "xinhua.txt", OTHER_ACCOUNT.replace("two rounds", "four rounds"))
    ingest(store, paths, lexical)
    events, _ = corpus_events(store, lexical)
    assert sorted(sorted(event.members) for event in events) == [["1", "3"], ["2"]]
    # the latest decision about a pair is the one kept
    store.decide("together", 1, 2)
    assert ("together", 1, 2) in store.decisions() and ("apart", 1, 2) not in store.decisions()
    with pytest.raises(InputError, match="has no document 99"):
        store.decide("apart", 1, 99)
    with pytest.raises(UsageError, match="one document"):
        store.decide("apart", 1, 1)


def test_an_event_s_comparison_is_kept_until_its_inputs_change(
    store, tmp_path, lexical, monkeypatch
):
    """The second look at an event reads its stored comparison (nothing compared again);
    a new version of one document, or other settings, compare again."""
    import readouts.corpus as corpus
    from readouts.render import render

    paths = [write(tmp_path / "tass.txt", MEETING), write(tmp_path / "xinhua.txt", OTHER_ACCOUNT)]
    ingest(store, paths, lexical)
    first = corpus.event_report(store, lexical, 1).comparison
    assert store.counts()["comparisons"] == 1
    real = corpus.compare_members
    calls = []

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(corpus, "compare_members", counted)
    again = corpus.event_report(store, lexical, 2).comparison
    assert calls == [] and again == first and render(again, "json") == render(first, "json")
    corpus.event_report(store, Settings.resolve(backend="lexical", summary_size=3), 1)
    assert calls == [1]
    write(tmp_path / "xinhua.txt", OTHER_ACCOUNT.replace("two rounds", "four rounds"))
    ingest(store, paths, lexical)
    changed = corpus.event_report(store, lexical, 1).comparison
    assert calls == [1, 1] and any("four rounds" in claim.text for claim in changed.claims)
    assert store.counts()["comparisons"] == 3


def test_a_stored_comparison_that_is_not_one_is_compared_again(store):
    from sqlalchemy import insert

    from readouts.store.codec import pack
    from readouts.store.schema import comparisons

    bomb = __import__("zlib").compress(b"[" + b" " * (300 * 2**20) + b"]", 9)
    junk = {
        "not compressed": b'{"documents": []}',
        "no comparison": pack('{"documents": "junk"}'),
        "a bomb": bomb,
        "cut short": pack('{"documents": []}')[:-4],
    }
    with store.transaction() as connection:
        for key, payload in junk.items():
            connection.execute(
                insert(comparisons).values(
                    key=key,
                    versions="1",
                    readouts_version="x",
                    settings_key="y",
                    payload=payload,
                    created_at=datetime.now(UTC),
                )
            )
    for key in [*junk, "missing"]:
        assert store.comparison(key) is None, key


def test_packed_payloads_round_trip_and_refuse_what_pack_never_writes():
    from readouts.store.codec import PackedError, pack, unpack

    assert unpack(pack("[1, \"é\"]")) == "[1, \"é\"]"
    assert len(pack("x" * 100_000)) < 1_000
    with pytest.raises(PackedError, match="more than 10"):
        unpack(pack("x" * 11), limit=10)
    with pytest.raises(PackedError, match="not a compressed"):
        unpack(b"plain")
    with pytest.raises(PackedError, match="UTF-8"):
        unpack(__import__("zlib").compress(b"\xff\xfe"))


def test_an_older_store_is_upgraded_and_its_claims_kept(tmp_path, lexical):
    """A store written at migration 0003 (claims as plain JSON) opens at head with the
    same claims, now compressed."""
    import sqlalchemy as sa
    from alembic import command

    from readouts.store.migrate import _config

    path = tmp_path / "old.db"
    engine = sa.create_engine(f"sqlite:///{path}")
    config = _config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0003")
        now = datetime.now(UTC)
        connection.execute(
            sa.text(
                "INSERT INTO documents (id, identity, created_at) VALUES (1, 'id:a', :now)"
            ),
            {"now": now},
        )
        connection.execute(
            sa.text(
                "INSERT INTO versions (id, document_id, number, content_hash, lang, text, raw, "
                "media_type, source, ingested_at) VALUES (1, 1, 1, 'h', 'en', 't', x'74', "
                "'text/plain', 'a', :now)"
            ),
            {"now": now},
        )
        connection.execute(
            sa.text(
                "INSERT INTO analyses (version_id, kind, readouts_version, settings_key, "
                "payload, created_at) VALUES (1, 'claims', 'old', 'k', '[]', :now)"
            ),
            {"now": now},
        )
    engine.dispose()
    with open_store(str(path)) as opened, opened.engine.connect() as connection:
        (payload,) = connection.execute(sa.text("SELECT payload FROM analyses")).one()
    from readouts.store.codec import unpack

    assert unpack(payload) == "[]"
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:  # and back: the plain JSON again
        config.attributes["connection"] = connection
        command.downgrade(config, "0003")
        (payload,) = connection.execute(sa.text("SELECT payload FROM analyses")).one()
    engine.dispose()
    assert payload == "[]"


def test_events_command_lists_events_and_records_decisions(tmp_path):
    db = str(tmp_path / "c.db")
    runner = CliRunner()
    paths = [
        write(tmp_path / "tass.txt", MEETING),
        write(tmp_path / "xinhua.txt", OTHER_ACCOUNT),
        write(tmp_path / "ap.txt", FISHING),
    ]
    assert runner.invoke(cli, ["ingest", *paths, "--db", db]).exit_code == 0
    listed = runner.invoke(cli, ["events", "--db", db])
    assert listed.exit_code == 0, listed.output
    assert listed.stdout.startswith("2 events of 3 documents")
    assert "Li meets Volodin in Beijing" in listed.stdout and "weakest link" in listed.stdout
    moved = runner.invoke(cli, ["events", "--db", db, "--apart", "1", "2", "--json"])
    data = json.loads(moved.stdout)
    assert sorted(len(event["documents"]) for event in data["events"]) == [1, 1, 1]
    assert {d["title"] for e in data["events"] for d in e["documents"]} >= {
        "Li meets Volodin in Beijing"
    }
    for arguments, wanted in (
        (["events", "--db", str(tmp_path / "none.db")], "no such store"),
        (["events", "--db", db, "--together", "1", "99"], "has no document 99"),
    ):
        result = runner.invoke(cli, arguments)
        assert result.exit_code == 2 and wanted in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
    assert not os.path.exists(tmp_path / "none.db")


def test_event_command_compares_an_events_accounts_with_its_coverage(tmp_path):
    lines = [
        {"text": MEETING, "outlet": "TASS", "id": "t"},
        {"text": OTHER_ACCOUNT, "outlet": "Xinhua", "id": "x"},
        {"text": FISHING, "outlet": "AP", "id": "a"},
    ]
    path = tmp_path / "docs.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    db = str(tmp_path / "c.db")
    runner = CliRunner()
    assert runner.invoke(cli, ["ingest", str(path), "--db", db]).exit_code == 0
    result = runner.invoke(cli, ["event", "2", "--db", db, "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["event"]["documents"] == [1, 2]
    assert data["event"]["covered_by"] == ["TASS", "Xinhua"]
    assert data["event"]["not_covered_by"] == ["AP"]
    assert [entry["label"] for entry in data["documents"]] == ["TASS", "Xinhua"]
    for claim in data["claims"]:
        text = MEETING if claim["doc"] == "A" else OTHER_ACCOUNT
        assert text[claim["start"] : claim["end"]] == claim["text"]
    shown = runner.invoke(cli, ["event", "1", "--db", db])
    assert shown.stdout.splitlines()[1] == "Reported by: TASS, Xinhua. Not reported by: AP."
    page = runner.invoke(cli, ["event", "1", "--db", db, "--format", "html"])
    assert '<p class="coverage">Reported by: TASS, Xinhua. Not reported by: AP.</p>' in page.stdout
    for arguments, wanted in (
        (["event", "3", "--db", db], "an event of its own"),
        (["event", "8", "--db", db], "has no document 8"),
    ):
        failed = runner.invoke(cli, arguments)
        assert failed.exit_code == 2 and wanted in failed.stderr
        assert len(failed.stderr.strip().splitlines()) == 1


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.binary(max_size=300)
    | _TEXT.map(lambda t: f"<html><title>{t}</title><body><p>{t}</p></body></html>".encode()),
    st.sampled_from(["page.html", "note.txt", "file.md", "scan.pdf", "memo.docx"]),
)
def test_any_file_gives_a_document_or_a_one_line_rejection(tmp_path_factory, data, name):
    path = tmp_path_factory.mktemp("any") / name
    path.write_bytes(data)
    (item,) = list(read_inputs([str(path)], max_bytes=10_000))
    if isinstance(item, Rejected):
        assert item.source == str(path) and "\n" not in item.reason
    else:
        assert item.text.strip() and item.raw == data and item.identity.startswith("file:")
