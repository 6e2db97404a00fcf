"""Batch analysis on Dask distributed: shards of documents in, Parquet out.

A *shard* is one JSON Lines or Parquet file of documents (the fields of ``readouts
ingest``'s JSON Lines: ``text`` or ``html``, ``title``, ``outlet``, ``url``, ``date``,
``lang``, ``id``). Each shard is one task: its documents are checked, read in their
languages (the spaCy pipeline and the other readers load once per worker process, on
first use), and their claims written, with one row per document that failed and why, as
Parquet files in the shard's own output folder. The folder appears whole or not at all
(written beside, then renamed), so a finished shard is never computed again and a
killed run goes on where it stopped. Only paths and plain data cross the wire; the
results are what ``readouts ingest OUT/`` loads into the store without parsing again.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from readouts.errors import InputError, UsageError

SHARD_SUFFIXES = (".jsonl", ".ndjson", ".parquet")
DONE = "_DONE"
# Most rows one Parquet shard may hold (a shard is one task: keep it a few minutes' work).
MAX_SHARD_ROWS = 100_000


@dataclass(frozen=True)
class ShardResult:
    """What one shard gave: its output folder, documents done, documents that failed."""

    shard: str
    folder: str
    documents: int
    errors: int
    skipped: bool = False


@dataclass
class BatchReport:
    shards: list[ShardResult] = field(default_factory=list)
    # Resident memory of each worker process at the end of the run, in bytes.
    worker_memory: dict[str, int] = field(default_factory=dict)
    events: EventsResult | None = None

    def line(self) -> str:
        done = [s for s in self.shards if not s.skipped]
        skipped = len(self.shards) - len(done)
        line = (
            f"{len(self.shards)} shards ({skipped} already done): "
            f"{sum(s.documents for s in self.shards)} documents, "
            f"{sum(s.errors for s in self.shards)} errors"
        )
        return line if self.events is None else f"{line}; {self.events.line()}"


def shard_folder(out: str, shard: str) -> str:
    """The output folder of ``shard``: its name and a hash of its path and size."""
    info = os.stat(shard)
    key = f"{os.path.realpath(shard)}:{info.st_size}:{info.st_mtime_ns}"
    digest = hashlib.sha256(key.encode()).hexdigest()[:12]
    stem = os.path.basename(shard).rsplit(".", 1)[0][:60]
    return os.path.join(out, f"{stem}-{digest}")


def shards_of(inputs: Sequence[str]) -> list[str]:
    """The shard files ``inputs`` name (folders read for .jsonl/.ndjson/.parquet)."""
    from readouts.quotes import _expand

    found = _expand(inputs, SHARD_SUFFIXES)
    for item in found.items:
        if isinstance(item, InputError):
            raise item
    shards = []
    for path in found.paths:
        if not path.lower().endswith(SHARD_SUFFIXES):
            raise InputError(path, "is not a shard (.jsonl, .ndjson or .parquet)")
        if not os.path.isfile(path):
            raise InputError(path, "no such file")
        shards.append(path)
    if not shards:
        raise UsageError("no shards to analyse")
    return shards


def _records(shard: str, max_bytes: int):
    """(source, Incoming or error message) for each document of ``shard``."""
    from readouts.ingest import Rejected, _jsonl, record_document

    if shard.lower().endswith(".parquet"):
        import pyarrow.parquet as pq

        table = pq.read_table(shard)
        if table.num_rows > MAX_SHARD_ROWS:
            raise InputError(shard, f"holds {table.num_rows:,} rows; at most {MAX_SHARD_ROWS:,}")
        for number, row in enumerate(table.to_pylist(), 1):
            source = f"{shard}:{number}"
            record = {key: value for key, value in row.items() if value is not None}
            raw = json.dumps(record, ensure_ascii=False, default=str).encode("utf-8")
            try:
                yield source, record_document(record, raw, source, max_bytes, None, None)
            except InputError as error:
                yield source, error.problem
        return
    for item in _jsonl(shard, max_bytes, None, None):
        if isinstance(item, Rejected):
            yield item.source, item.reason
        else:
            yield item.source, item


def analyse_shard(
    shard: str, out: str, settings: dict[str, Any], with_vectors: bool = True
) -> ShardResult:
    """One task: analyse ``shard`` and write its folder under ``out`` (skipped when it is
    there already). ``settings`` are :class:`~readouts.settings.Settings` fields. With
    ``with_vectors``, the claims' embeddings in the space the settings compare them in."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from readouts.ingest import read_claims
    from readouts.settings import Settings
    from readouts.store import settings_key
    from readouts.store.codec import claims_to_json

    chosen = Settings.resolve(**settings)
    folder = shard_folder(out, shard)
    if os.path.exists(os.path.join(folder, DONE)):
        done = pq.read_metadata(os.path.join(folder, "documents.parquet")).num_rows
        failed = pq.read_metadata(os.path.join(folder, "errors.parquet")).num_rows
        return ShardResult(shard, folder, done, failed, skipped=True)
    good, errors = [], []
    try:
        for source, item in _records(shard, chosen.max_bytes):
            if isinstance(item, str):
                errors.append({"source": source, "reason": item})
            else:
                good.append(item)
    except InputError as error:
        errors.append({"source": error.source, "reason": error.problem})
    rows: list[dict[str, Any]] = []
    attributions: list[dict[str, Any]] = []
    vectors: list[dict[str, Any]] = []
    for start in range(0, len(good), chosen.batch_size * 4):
        chunk = good[start : start + chosen.batch_size * 4]
        found = read_claims([item.document() for item in chunk], chosen)
        read = []
        for item, claims in zip(chunk, found, strict=True):
            if isinstance(claims, InputError):
                errors.append({"source": item.source, "reason": claims.problem})
                continue
            read.append((item, claims))
            attributions += attribution_rows(item.key, claims)
            rows.append(
                {
                    "source": item.source,
                    "identity": item.key,
                    "content_hash": item.content_hash,
                    "text": item.text,
                    "raw": item.raw or item.text.encode("utf-8"),
                    "media_type": item.media_type,
                    "url": item.url,
                    "outlet": item.outlet,
                    "title": item.title,
                    "published": item.published,
                    "lang": item.lang,
                    "claims": claims_to_json(claims),
                    "claim_count": len(claims),
                }
            )
        if with_vectors:
            vectors += vector_rows(read, chosen)
    os.makedirs(out, exist_ok=True)
    staging = tempfile.mkdtemp(prefix=".staging-", dir=out)
    schemas = _schemas()
    try:
        for name, table_rows in (
            ("documents", rows),
            ("errors", errors),
            ("attributions", attributions),
            ("vectors", vectors),
        ):
            table = pa.Table.from_pylist(table_rows, schema=schemas[name])
            pq.write_table(table, os.path.join(staging, f"{name}.parquet"))
        from readouts import __version__

        manifest = {
            "shard": os.path.realpath(shard),
            "readouts_version": __version__,
            "settings_key": settings_key(chosen),
            "documents": len(rows),
            "errors": len(errors),
        }
        with open(os.path.join(staging, DONE), "w", encoding="utf-8") as handle:
            json.dump(manifest, handle)
        try:
            os.rename(staging, folder)
        except OSError:
            if not os.path.exists(os.path.join(folder, DONE)):  # another attempt won: keep it
                raise
            shutil.rmtree(staging, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return ShardResult(shard, folder, len(rows), len(errors))


def attribution_rows(identity: str, claims: Sequence[Any]) -> list[dict[str, Any]]:
    """One row per attributed claim: who the document says made it, the words that name
    the speaker (``source``) and that report it (``cue``), with offsets into the text."""
    rows = []
    for claim in claims:
        if claim.speaker is None and claim.cue is None:
            continue
        shown = claim.to_dict()  # the claim's JSON, as every report gives it
        rows.append(
            {
                "identity": identity,
                "claim": claim.id,
                **{name: shown[name] for name in ("speaker", "source", "cue", "via", "content")},
            }
        )
    return rows


def vector_space(settings: Any, lang: str) -> Any:
    """The semantic backend whose vectors compare claims in ``lang`` under ``settings``
    (None when the comparison is lexical)."""
    from readouts.similarity import get_backend

    name = settings.backend_name([lang])
    if name == "lexical":
        return None
    backend = get_backend(name, semantic_model=settings.semantic_model)
    return getattr(backend, "semantic", backend)


def vector_rows(read: Sequence[tuple[Any, Sequence[Any]]], settings: Any) -> list[dict[str, Any]]:
    """The embedding of every claim of ``read`` ((Incoming, claims) pairs), one encoder
    call per space; each row keyed as the embedding cache keys it (``key``), so a later
    comparison in any process takes the vector instead of encoding the text again."""
    from readouts.similarity.semantic import cache_key

    by_space: dict[str, tuple[Any, list[tuple[str, Any]]]] = {}
    backends: dict[str, Any] = {}
    for item, claims in read:
        if item.lang not in backends:  # one backend (and its fitted numbers) per language
            backends[item.lang] = vector_space(settings, item.lang)
        backend = backends[item.lang]
        if backend is None or not claims:
            continue
        by_space.setdefault(backend.space, (backend, []))[1].extend(
            (item.key, claim) for claim in claims
        )
    rows = []
    for space, (backend, owned) in by_space.items():
        vectors = backend.vectors(backend.encode([claim for _, claim in owned]))
        for (identity, claim), vector in zip(owned, vectors, strict=True):
            rows.append(
                {
                    "identity": identity,
                    "claim": claim.id,
                    "space": space,
                    "key": cache_key(space, claim.text),
                    "vector": vector.astype("float32").tolist(),
                }
            )
    return rows


def remember_vectors(folder: str) -> int:
    """Put the vectors of the shard ``folder`` in this process's embedding cache; how many."""
    import numpy as np
    import pyarrow.parquet as pq

    from readouts.similarity.semantic import remember

    path = os.path.join(folder, "vectors.parquet")
    if not os.path.exists(path):
        return 0
    table = pq.read_table(path, columns=["key", "vector"])
    if table.num_rows == 0:
        return 0
    keys = table.column("key").to_pylist()
    values = table.column("vector").combine_chunks()
    matrix = np.asarray(values.flatten().to_numpy(zero_copy_only=False), dtype=np.float32)
    remember(keys, matrix.reshape(len(keys), -1))
    return len(keys)


def _schemas() -> dict[str, Any]:
    import pyarrow as pa

    documents = pa.schema(
        [
            ("source", pa.string()),
            ("identity", pa.string()),
            ("content_hash", pa.string()),
            ("text", pa.string()),
            ("raw", pa.binary()),
            ("media_type", pa.string()),
            ("url", pa.string()),
            ("outlet", pa.string()),
            ("title", pa.string()),
            ("published", pa.string()),
            ("lang", pa.string()),
            ("claims", pa.string()),
            ("claim_count", pa.int64()),
        ]
    )
    errors = pa.schema([("source", pa.string()), ("reason", pa.string())])
    span = pa.struct([("start", pa.int64()), ("end", pa.int64()), ("text", pa.string())])
    attributions = pa.schema(
        [
            ("identity", pa.string()),
            ("claim", pa.string()),
            ("speaker", pa.string()),
            ("source", span),
            ("cue", span),
            ("via", pa.list_(pa.string())),
            ("content", pa.list_(span)),
        ]
    )
    vectors = pa.schema(
        [
            ("identity", pa.string()),
            ("claim", pa.string()),
            ("space", pa.string()),
            ("key", pa.string()),
            ("vector", pa.list_(pa.float32())),
        ]
    )
    return {
        "documents": documents,
        "errors": errors,
        "attributions": attributions,
        "vectors": vectors,
    }


def _resident() -> int:
    """This process's resident memory, in bytes (run on each worker)."""
    import psutil

    return psutil.Process().memory_info().rss


def local_cluster(workers: int, memory_limit: str = "3GiB") -> Any:
    """A local Dask cluster of ``workers`` processes with one thread each (the models run
    single-threaded). Dask's statistical profiler is off in its workers:
    sampling every thread's stack every 10 ms cost a quarter of a worker's throughput here
    and kept memory growing with the run's length (docs/benchmarks.md, 2026-12-03
    evening)."""
    import dask
    from distributed import LocalCluster

    with dask.config.set({"distributed.worker.profile.enabled": False}):
        return LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            memory_limit=memory_limit,
            # Its HTTP endpoints on a free loopback port: with none given Dask takes 8787,
            # and a second batch on the machine would then fail to start.
            dashboard_address="127.0.0.1:0",
        )


def run_batch(
    inputs: Sequence[str],
    out: str,
    settings: Any,
    *,
    scheduler: str | None = None,
    workers: int = 2,
    memory_limit: str = "3GiB",
    vectors: bool = True,
    events: bool = True,
) -> BatchReport:
    """Analyse every shard of ``inputs`` on Dask: on the cluster at ``scheduler``, else on
    a local cluster of ``workers`` processes with one thread each. A shard whose task fails
    is retried twice (a worker killed mid-shard leaves no folder behind). With ``vectors``
    the claims' embeddings are written too; with ``events`` the second stage
    (:func:`run_events`) groups the batch's documents into events and compares them."""
    from distributed import Client, as_completed

    from readouts.progress import task

    shards = shards_of(inputs)
    os.makedirs(out, exist_ok=True)
    fields = settings_fields(settings)
    if vectors:
        for lang in ("en", "ru"):  # a backend whose encoder is missing: one line, now
            vector_space(settings, lang)
    cluster = None
    if scheduler is None:
        cluster = local_cluster(workers, memory_limit)
        client = Client(cluster)
    else:
        client = Client(scheduler)
    report = BatchReport()
    try:
        futures = client.map(
            analyse_shard,
            shards,
            out=out,
            settings=fields,
            with_vectors=vectors,
            pure=False,
            retries=2,
        )
        with task("Analysing shards", total=len(shards), expected_s=len(shards) * 10) as advance:
            for future in as_completed(futures):
                report.shards.append(future.result())
                advance(1)
        if events:
            folders = sorted({result.folder for result in report.shards})
            report.events = run_events(client, out, folders, settings)
        try:
            report.worker_memory = {
                str(worker): int(rss) for worker, rss in client.run(_resident).items()
            }
        except Exception:  # noqa: BLE001 - a figure for the report, never worth failing for
            report.worker_memory = {}
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    report.shards.sort(key=lambda result: shards.index(result.shard))
    return report


def is_batch_output(folder: str) -> bool:
    """Whether ``folder`` holds finished shard folders of :func:`run_batch`."""
    try:
        return os.path.isdir(folder) and any(
            os.path.exists(os.path.join(folder, name, DONE)) for name in os.listdir(folder)
        )
    except OSError:
        return False


def load_batch(store: Any, folder: str, report: Any) -> None:
    """Store the documents and claims of every finished shard under ``folder`` (what
    ``readouts ingest OUT/`` does with a batch's output): nothing is parsed again. Claims
    are kept under the release and settings that made them."""
    import pyarrow.parquet as pq

    from readouts.ingest import Rejected, store_one
    from readouts.store import Incoming

    for name in sorted(os.listdir(folder)):
        shard = os.path.join(folder, name)
        if not os.path.exists(os.path.join(shard, DONE)):
            continue
        with open(os.path.join(shard, DONE), encoding="utf-8") as handle:
            manifest = json.load(handle)
        for row in pq.read_table(os.path.join(shard, "errors.parquet")).to_pylist():
            report.rejected.append(Rejected(row["source"], row["reason"]))
        rows = pq.read_table(os.path.join(shard, "documents.parquet")).to_pylist()
        with store.transaction() as connection:
            for row in rows:
                incoming = Incoming(
                    text=row["text"],
                    source=row["source"],
                    identity=row["identity"],
                    raw=row["raw"],
                    media_type=row["media_type"],
                    url=row["url"],
                    outlet=row["outlet"],
                    title=row["title"],
                    published=row["published"],
                    lang=row["lang"],
                )

                def put(
                    connection: Any,
                    version_id: int,
                    payload: str = row["claims"],
                    made_by: tuple[str, str] = (
                        manifest["readouts_version"],
                        manifest["settings_key"],
                    ),
                ) -> None:
                    store.add_claims_payload(connection, version_id, payload, *made_by)

                store_one(store, connection, incoming, put, report)


# The second stage: events of the batch and their comparisons.
EVENTS_FOLDER = "events"
# Events compared by one task (a task is a few seconds' work, not one event).
EVENTS_PER_TASK = 20


@dataclass(frozen=True)
class EventsResult:
    """What the second stage gave: events found, events compared, comparison parts
    written now and parts found already written."""

    folder: str
    events: int
    compared: int
    parts: int
    skipped: int

    def line(self) -> str:
        return (
            f"{self.events} events, {self.compared} compared "
            f"({self.skipped} of {self.parts} parts already done)"
        )


def shard_profiles(folder: str) -> list[Any]:
    """The event profile of every document of the shard ``folder`` (from its stored
    claims: nothing parsed), each named ``folder`` + NUL + identity."""
    import pyarrow.parquet as pq

    from readouts.events import profile
    from readouts.store.codec import claims_from_json

    table = pq.read_table(
        os.path.join(folder, "documents.parquet"), columns=["identity", "published", "claims"]
    )
    return [
        profile(
            f"{os.path.basename(folder)}\0{row['identity']}",
            claims_from_json(row["claims"]),
            row["published"],
        )
        for row in table.to_pylist()
    ]


def group_profiles(profiles: Sequence[Any]) -> list[Any]:
    """:func:`readouts.events.group` as one task: average linkage over the pairs blocked
    by shared names within a few days, so its cost grows about linearly."""
    from readouts.events import group

    return group(profiles)


def compare_part(
    out: str, part: str, events: Sequence[Any], settings: dict[str, Any]
) -> tuple[int, bool]:
    """One task: compare each event of ``events`` from its documents' stored claims and
    vectors, and write the comparisons as ``events/<part>.parquet`` (whole or not at
    all; skipped when it is there). Returns (events compared, skipped)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from readouts.corpus import Member, compare_members
    from readouts.pipeline import MAX_DOCUMENTS
    from readouts.render import render
    from readouts.settings import Settings
    from readouts.store.codec import claims_from_json

    target = os.path.join(out, EVENTS_FOLDER, f"{part}.parquet")
    if os.path.exists(target):
        return len(events), True
    chosen = Settings.resolve(**settings)
    wanted: dict[str, set[str]] = {}
    for event in events:
        for member in event.members[:MAX_DOCUMENTS]:
            shard, identity = member.split("\0", 1)
            wanted.setdefault(shard, set()).add(identity)
    found: dict[str, dict[str, Any]] = {}
    for shard, identities in wanted.items():
        folder = os.path.join(out, shard)
        remember_vectors(folder)
        table = pq.read_table(
            os.path.join(folder, "documents.parquet"),
            columns=["identity", "outlet", "text", "published", "lang", "claims"],
            filters=[("identity", "in", sorted(identities))],
        )
        for row in table.to_pylist():
            found[f"{shard}\0{row['identity']}"] = row
    rows = []
    for event in events:
        members = [found[member] for member in event.members[:MAX_DOCUMENTS]]
        comparison = compare_members(
            [
                Member(
                    label=row["outlet"] or row["identity"],
                    text=row["text"],
                    published=row["published"],
                    lang=row["lang"],
                    claims=tuple(claims_from_json(row["claims"])),
                )
                for row in members
            ],
            chosen,
        )
        rows.append(
            {
                "event": event_key(event),
                "members": [member.split("\0", 1)[1] for member in event.members],
                "comparison": render(comparison, "json"),
            }
        )
    schema = pa.schema(
        [("event", pa.string()), ("members", pa.list_(pa.string())), ("comparison", pa.string())]
    )
    _write_atomically(pa.Table.from_pylist(rows, schema=schema), target)
    return len(events), False


def event_key(event: Any) -> str:
    """A name of an event that stays the same while its members do."""
    joined = "\n".join(sorted(event.members))
    return hashlib.sha256(joined.encode()).hexdigest()[:16]


def _write_atomically(table: Any, target: str) -> None:
    """``table`` as Parquet at ``target``, written beside it and renamed."""
    import pyarrow.parquet as pq

    os.makedirs(os.path.dirname(target), exist_ok=True)
    handle, staging = tempfile.mkstemp(prefix=".staging-", dir=os.path.dirname(target))
    os.close(handle)
    try:
        pq.write_table(table, staging)
        os.replace(staging, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.remove(staging)
        raise


def run_events(client: Any, out: str, folders: Sequence[str], settings: Any) -> EventsResult:
    """The second stage on ``client``: profiles per shard (a task each), the grouping (one
    task), then the events of two or more documents compared, EVENTS_PER_TASK to a task.
    Writes ``events/events.parquet`` (one row per event: members, shared names, days,
    weakest link) and the comparisons (``readouts event --format json``'s report) in
    parts named by their events, so a second run with the same events writes nothing."""
    import pyarrow as pa
    from distributed import as_completed

    from readouts.progress import task
    from readouts.settings import Settings
    from readouts.store import settings_key

    fields = settings_fields(settings)
    profiles = [
        item
        for part in client.gather(client.map(shard_profiles, list(folders), pure=False))
        for item in part
    ]
    events = client.submit(group_profiles, profiles, pure=False).result()
    rows = [
        {
            "event": event_key(event),
            "members": [member.split("\0", 1)[1] for member in event.members],
            "shards": [member.split("\0", 1)[0] for member in event.members],
            "shared_names": list(event.shared_names),
            "first_day": event.first_day,
            "last_day": event.last_day,
            "weakest": float(event.weakest),
        }
        for event in events
    ]
    schema = pa.schema(
        [
            ("event", pa.string()),
            ("members", pa.list_(pa.string())),
            ("shards", pa.list_(pa.string())),
            ("shared_names", pa.list_(pa.string())),
            ("first_day", pa.string()),
            ("last_day", pa.string()),
            ("weakest", pa.float64()),
        ]
    )
    folder = os.path.join(out, EVENTS_FOLDER)
    _write_atomically(
        pa.Table.from_pylist(rows, schema=schema), os.path.join(folder, "events.parquet")
    )
    several = [event for event in events if len(event.members) > 1]
    key = settings_key(Settings.resolve(**fields))
    parts = []
    for start in range(0, len(several), EVENTS_PER_TASK):
        chunk = several[start : start + EVENTS_PER_TASK]
        digest = hashlib.sha256(
            ("\n".join(event_key(event) for event in chunk) + key).encode()
        ).hexdigest()[:16]
        parts.append((f"part-{digest}", chunk))
    futures = [
        client.submit(compare_part, out, name, chunk, fields, pure=False, retries=2)
        for name, chunk in parts
    ]
    compared = skipped = 0
    with task("Comparing events", total=len(futures), expected_s=len(several)) as advance:
        for future in as_completed(futures):
            count, was_skipped = future.result()
            compared += count
            skipped += was_skipped
            advance(1)
    current = {f"{name}.parquet" for name, _ in parts} | {"events.parquet"}
    for name in os.listdir(folder):  # parts of an earlier grouping
        if name.startswith("part-") and name not in current:
            with contextlib.suppress(OSError):
                os.remove(os.path.join(folder, name))
    return EventsResult(folder, len(events), compared, len(parts), skipped)


def settings_fields(settings: Any) -> dict[str, Any]:
    """The fields of ``settings`` that are set: plain data for a task."""
    import dataclasses

    return {
        f.name: getattr(settings, f.name)
        for f in dataclasses.fields(settings)
        if getattr(settings, f.name) is not None
    }
