"""readouts batch on a LocalCluster of two worker processes: the same claims as one
process, a bad document recorded and never fatal, resume without recomputing, and the
results loaded into the store without parsing again."""

from __future__ import annotations

import json
import os
import sys

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
    rows = [
        {"text": TEXTS[0], "id": "a0", "outlet": "TASS"},
        {"text": TEXTS[1], "id": "a1", "outlet": "Xinhua"},
    ]
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


def _rows(report, name):
    rows = []
    for result in report.shards:
        rows += pq.read_table(os.path.join(result.folder, f"{name}.parquet")).to_pylist()
    return rows


def test_attributions_point_at_the_words_of_each_speaker(batch_run):
    _, report = batch_run
    texts = {row["identity"]: row["text"] for row in _rows(report, "documents")}
    rows = _rows(report, "attributions")
    assert rows, "the Volodin and Lin statements are attributed"
    speakers = {row["speaker"] for row in rows}
    assert any("Volodin" in (s or "") for s in speakers), speakers
    for row in rows:
        for span in [row["source"], row["cue"], *row["content"]]:
            if span is not None:
                assert texts[row["identity"]][span["start"] : span["end"]] == span["text"]


def test_the_second_stage_groups_the_batch_and_compares_each_event(batch_run):
    _, report = batch_run
    assert report.events is not None
    events = pq.read_table(os.path.join(report.events.folder, "events.parquet")).to_pylist()
    members = sorted(sorted(row["members"]) for row in events)
    assert ["id:a0", "id:a1"] in members, members
    assert sum(len(row["members"]) for row in events) == 4
    parts = [name for name in os.listdir(report.events.folder) if name.startswith("part-")]
    compared = []
    for name in parts:
        compared += pq.read_table(os.path.join(report.events.folder, name)).to_pylist()
    assert len(compared) == report.events.compared == sum(len(r["members"]) > 1 for r in events)
    event = next(row for row in compared if sorted(row["members"]) == ["id:a0", "id:a1"])
    data = json.loads(event["comparison"])
    assert [d["label"] for d in data["documents"]] == ["TASS", "Xinhua"]


def test_the_second_stage_writes_what_the_store_shows(batch_run, lexical, tmp_path):
    """readouts event over the ingested batch gives the comparison the batch wrote."""
    from readouts.corpus import event_report
    from readouts.render import render

    out, report = batch_run
    compared = []
    for name in os.listdir(report.events.folder):
        if name.startswith("part-"):
            compared += pq.read_table(os.path.join(report.events.folder, name)).to_pylist()
    with open_store(str(tmp_path / "e.db")) as store:
        ingest(store, [out], lexical)
        first = next(d for d in store.documents() if d.outlet == "TASS")
        shown = render(event_report(store, lexical, first.id).comparison, "json")
    written = next(row for row in compared if "id:a0" in row["members"])
    assert json.loads(shown) == json.loads(written["comparison"])


def test_a_second_stage_run_again_writes_nothing(batch_run, shards, lexical):
    from readouts.batch import run_batch

    out, first = batch_run
    again = run_batch(shards, out, lexical, workers=1)
    assert again.events.skipped == again.events.parts == first.events.parts


def test_vectors_are_the_encoder_s_and_spare_a_later_encoding(shards, tmp_path):
    """With an encoder backend, each claim's vector is written under its cache key; a
    process that remembers them encodes nothing."""
    import numpy as np

    from readouts.batch import analyse_shard, remember_vectors
    from readouts.similarity import semantic
    from readouts.similarity.encoders import load_encoder

    multilingual = Settings.resolve(backend="multilingual")
    result = analyse_shard(shards[0], str(tmp_path), {"backend": "multilingual"})
    rows = pq.read_table(os.path.join(result.folder, "vectors.parquet")).to_pylist()
    documents = pq.read_table(os.path.join(result.folder, "documents.parquet")).to_pylist()
    from readouts.store.codec import claims_from_json

    claims = [c for row in documents for c in claims_from_json(row["claims"])]
    assert len(rows) == len(claims) and len(claims) >= 3
    encoder = load_encoder("multilingual")
    expected = encoder.encode([claim.text for claim in claims])
    got = np.array([row["vector"] for row in rows], dtype=np.float32)
    assert np.allclose(got, expected, atol=1e-5)
    semantic.clear_cache()
    assert remember_vectors(result.folder) == len(rows)
    backend = semantic.SemanticBackend.default(name="multilingual")

    class Refuse:
        def encode(self, texts):
            raise AssertionError(f"encoded again: {texts}")

    import readouts.similarity.semantic as module

    original = module.load_encoder
    module.load_encoder = lambda *args, **kwargs: Refuse()
    try:
        vectors = backend.vectors(backend.encode(claims))
    finally:
        module.load_encoder = original
    assert np.allclose(vectors, expected, atol=1e-5)
    assert multilingual.backend == "multilingual"


def test_a_worker_killed_mid_shard_loses_and_duplicates_nothing(tmp_path, lexical):
    """One worker process dies while it analyses a shard: Dask gives the shard to
    another worker, and every document is in the output exactly once."""
    from readouts.batch import local_cluster, run_batch

    Client = pytest.importorskip("distributed").Client
    WorkerPlugin = pytest.importorskip("distributed.diagnostics.plugin").WorkerPlugin

    marker = str(tmp_path / "killed")

    class KillOnce(WorkerPlugin):
        """Ends its worker process half a second into the first shard any worker runs."""

        def transition(self, key, start, finish, **kwargs):
            if finish == "executing" and "analyse_shard" in str(key):
                try:
                    os.close(os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
                except FileExistsError:
                    return
                import threading

                threading.Timer(0.5, os._exit, args=(1,)).start()

    paths = []
    for number in range(4):
        path = tmp_path / f"s{number}.jsonl"
        path.write_text(
            "\n".join(
                json.dumps({"text": f"{TEXTS[i % 2]} Story {number}-{i}.", "id": f"{number}-{i}"})
                for i in range(6)
            )
            + "\n"
        )
        paths.append(str(path))
    out = tmp_path / "out"
    with local_cluster(2) as cluster, Client(cluster) as client:
        client.register_plugin(KillOnce())
        report = run_batch(
            paths, str(out), lexical, scheduler=cluster.scheduler_address, events=False
        )
    assert os.path.exists(marker), "a worker was killed"
    identities = [row["identity"] for row in _rows(report, "documents")]
    assert sorted(identities) == sorted(f"id:{n}-{i}" for n in range(4) for i in range(6))
    assert not [name for name in os.listdir(out) if name.startswith(".staging-")]


def test_local_workers_run_without_dask_s_profiler():
    """The profiler's samples cost throughput and memory (docs/benchmarks.md)."""
    from readouts.batch import local_cluster

    Client = pytest.importorskip("distributed").Client

    def profiling():
        return sys.modules["dask"].config.get("distributed.worker.profile.enabled")

    with local_cluster(1) as cluster, Client(cluster) as client:
        assert list(client.run(profiling).values()) == [False]
