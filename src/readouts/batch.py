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

    def line(self) -> str:
        done = [s for s in self.shards if not s.skipped]
        skipped = len(self.shards) - len(done)
        return (
            f"{len(self.shards)} shards ({skipped} already done): "
            f"{sum(s.documents for s in self.shards)} documents, "
            f"{sum(s.errors for s in self.shards)} errors"
        )


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


def analyse_shard(shard: str, out: str, settings: dict[str, Any]) -> ShardResult:
    """One task: analyse ``shard`` and write its folder under ``out`` (skipped when it is
    there already). ``settings`` are :class:`~readouts.settings.Settings` fields."""
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
    rows = []
    for start in range(0, len(good), chosen.batch_size * 4):
        chunk = good[start : start + chosen.batch_size * 4]
        found = read_claims([item.document() for item in chunk], chosen)
        for item, claims in zip(chunk, found, strict=True):
            if isinstance(claims, InputError):
                errors.append({"source": item.source, "reason": claims.problem})
                continue
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
    os.makedirs(out, exist_ok=True)
    staging = tempfile.mkdtemp(prefix=".staging-", dir=out)
    documents_schema, errors_schema = _schemas()
    try:
        documents = pa.Table.from_pylist(rows, schema=documents_schema)
        pq.write_table(documents, os.path.join(staging, "documents.parquet"))
        pq.write_table(
            pa.Table.from_pylist(errors, schema=errors_schema),
            os.path.join(staging, "errors.parquet"),
        )
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


def _schemas():
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
    return documents, errors


def _resident() -> int:
    """This process's resident memory, in bytes (run on each worker)."""
    import psutil

    return psutil.Process().memory_info().rss


def run_batch(
    inputs: Sequence[str],
    out: str,
    settings: Any,
    *,
    scheduler: str | None = None,
    workers: int = 2,
    memory_limit: str = "3GiB",
) -> BatchReport:
    """Analyse every shard of ``inputs`` on Dask: on the cluster at ``scheduler``, else on
    a local cluster of ``workers`` processes with one thread each. A shard whose task fails
    is retried twice (a worker killed mid-shard leaves no folder behind)."""
    import dataclasses

    from distributed import Client, LocalCluster, as_completed

    from readouts.progress import task

    shards = shards_of(inputs)
    os.makedirs(out, exist_ok=True)
    fields = {
        f.name: getattr(settings, f.name)
        for f in dataclasses.fields(settings)
        if getattr(settings, f.name) is not None
    }
    cluster = None
    if scheduler is None:
        cluster = LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            memory_limit=memory_limit,
            dashboard_address=None,
        )
        client = Client(cluster)
    else:
        client = Client(scheduler)
    report = BatchReport()
    try:
        futures = client.map(analyse_shard, shards, out=out, settings=fields, pure=False, retries=2)
        with task("Analysing shards", total=len(shards), expected_s=len(shards) * 10) as advance:
            for future in as_completed(futures):
                report.shards.append(future.result())
                advance(1)
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
