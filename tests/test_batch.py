"""readouts batch on a LocalCluster of two worker processes: the same claims as one
process, a bad document recorded and never fatal, resume without recomputing, and the
results loaded into the store without parsing again."""

from __future__ import annotations

import json
import os

import pytest

from readouts.comparison import DocumentEntry
from readouts.documents import Document
from readouts.ingest import ingest
from readouts.languages import claims_of
from readouts.settings import Settings
from readouts.store import open_store

pq = pytest.importorskip("pyarrow.parquet")
pa = pytest.importorskip("pyarrow")
pytest.importorskip("distributed")

TEXTS = [
    "Li meets Volodin in Beijing\n\nLi Wenqing met Pavel Volodin in Beijing on Monday. "
    "Volodin said the two parliaments would hold four rounds of consultations.",
    "Volodin and Li pledge closer ties\n\nPavel Volodin held talks with Li Wenqing in Beijing.",
    "Председатель Госдумы Вячеслав Володин заявил, что парламенты проведут четыре раунда "
    "консультаций.",
    "外交部发言人林慧表示，中方要求诺方立即释放被扣船员。",
]


@pytest.fixture(scope="module")
def lexical():
    return Settings.resolve(backend="lexical")


@pytest.fixture(scope="module")
def shards(tmp_path_factory):
    folder = tmp_path_factory.mktemp("shards")
    jsonl = folder / "a.jsonl"
    rows = [{"text": TEXTS[0], "id": "a0", "outlet": "TASS"}, {"text": TEXTS[1], "id": "a1"}]
    jsonl.write_text(
        "\n".join(json.dumps(row, ensure_ascii=False) for row in rows) + "\nnot json\n"
    )
    table = pa.Table.from_pylist(
        [
            {"text": TEXTS[2], "id": "b0", "lang": "ru"},
            {"text": TEXTS[3], "id": "b1", "lang": None},
            {"text": "Ceci est un texte entièrement en français, sans rien d'autre.", "id": "b2"},
        ]
    )
    parquet = folder / "b.parquet"
    pq.write_table(table, parquet)
    return [str(jsonl), str(parquet)]


@pytest.fixture(scope="module")
def batch_run(shards, lexical, tmp_path_factory):
    from readouts.batch import run_batch

    out = str(tmp_path_factory.mktemp("out"))
    return out, run_batch(shards, out, lexical, workers=2)


def test_a_batch_gives_the_claims_one_process_gives(batch_run, lexical):
    _, report = batch_run
    assert [(r.documents, r.errors, r.skipped) for r in report.shards] == [
        (2, 1, False),
        (2, 1, False),
    ]
    from readouts.store.codec import claims_from_json

    rows = []
    for result in report.shards:
        rows += pq.read_table(os.path.join(result.folder, "documents.parquet")).to_pylist()
    by_text = {row["text"]: claims_from_json(row["claims"]) for row in rows}
    for text in TEXTS:
        lang = {"Пр": "ru", "外交": "zh"}.get(text[:2], "en")
        (alone,) = claims_of((DocumentEntry("A", Document(text, lang=lang)),), lexical)
        assert by_text[text] == alone, text[:30]


def test_bad_documents_are_recorded_with_their_reason(batch_run):
    _, report = batch_run
    errors = []
    for result in report.shards:
        errors += pq.read_table(os.path.join(result.folder, "errors.parquet")).to_pylist()
    reasons = {row["source"].rsplit("/", 1)[-1]: row["reason"] for row in errors}
    assert set(reasons) == {"a.jsonl:3", "b.parquet:3"}
    assert "not valid JSON" in reasons["a.jsonl:3"] and "not supported" in reasons["b.parquet:3"]


def test_a_second_run_recomputes_nothing_and_leftovers_do_not_count(batch_run, shards, lexical):
    from readouts.batch import run_batch

    out, first = batch_run
    os.makedirs(os.path.join(out, ".staging-killed"))  # what a killed worker leaves
    again = run_batch(shards, out, lexical, workers=1)
    assert all(result.skipped for result in again.shards)
    assert [r.folder for r in again.shards] == [r.folder for r in first.shards]


def test_ingest_loads_a_batch_without_parsing(batch_run, lexical, tmp_path, monkeypatch):
    import readouts.languages as languages

    out, _ = batch_run

    def no_parsing(*_args, **_kwargs):
        raise AssertionError("a batch's output is never parsed again")

    monkeypatch.setattr(languages, "claims_of", no_parsing)
    with open_store(str(tmp_path / "c.db")) as store:
        report = ingest(store, [out], lexical)
        assert report.added == 4 and len(report.rejected) == 2
        documents = store.documents()
        stored = store.claims([d.latest.id for d in documents], lexical)
        assert len(stored) == 4
        assert ingest(store, [out], lexical).unchanged == 4
