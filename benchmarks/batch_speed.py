"""Batch throughput: the same documents on one and on two local Dask workers, against the
single-process pipeline.

PAC articles (cut to ``--words`` words) are written as ``--shards`` JSON Lines shards;
each run writes to a fresh output folder. Prints documents per second for the
single-process pipeline (``readouts.languages.claims_of`` over the same documents, model
warm), for ``run_batch`` with one worker and with two, cold (the cluster starts and each
worker loads its models inside the timed run) and warm (they are loaded first), and the
ratios. Targets: two workers >= 1.8x one; one worker within
1.15x of the single process (this machine has 2 cores).

    python benchmarks/batch_speed.py --documents 200 --shards 8
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAC = ROOT.parent / "shared" / "data" / "pac" / "stories.jsonl"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--shards", type=int, default=8)
    parser.add_argument("--words", type=int, default=400)
    args = parser.parse_args()
    if not PAC.exists():
        print(f"no PAC data at {PAC}", file=sys.stderr)
        return 1
    from readouts.comparison import DocumentEntry
    from readouts.documents import Document
    from readouts.languages import claims_of
    from readouts.settings import Settings

    texts = []
    with open(PAC, encoding="utf-8") as handle:
        for line in handle:
            for article in json.loads(line)["articles"]:
                texts.append(" ".join(article["text"].split()[: args.words]))
    texts = (texts * (1 + args.documents // len(texts)))[: args.documents]
    settings = Settings.resolve(backend="lexical")
    with tempfile.TemporaryDirectory() as folder:
        shards = []
        per = -(-len(texts) // args.shards)
        for index in range(args.shards):
            path = Path(folder) / f"shard-{index:03d}.jsonl"
            rows = texts[index * per : (index + 1) * per]
            path.write_text(
                "\n".join(
                    json.dumps({"text": t, "id": f"{index}-{n}", "lang": "en"})
                    for n, t in enumerate(rows)
                )
                + "\n"
            )
            shards.append(str(path))
        claims_of((DocumentEntry("A", Document("Warm up.", lang="en")),), settings)
        started = time.perf_counter()
        entries = tuple(DocumentEntry("A", Document(t, lang="en")) for t in texts)
        claims_of(entries, settings)
        single = len(texts) / (time.perf_counter() - started)
        rates: dict[tuple[int, bool], float] = {}
        for warm in (False, True):
            for workers in (1, 2):
                out = Path(folder) / f"out-{workers}-{warm}"
                elapsed, report = timed(shards, out, settings, workers, warm)
                done = sum(result.documents for result in report.shards)
                rates[workers, warm] = done / elapsed
                size = sum(p.stat().st_size for p in out.rglob("*.parquet"))
                memory = ", ".join(f"{rss / 2**20:.0f} MB" for rss in report.worker_memory.values())
                print(
                    f"{workers} worker(s), {'warm' if warm else 'cold'}: {done} documents in "
                    f"{elapsed:.1f} s: {rates[workers, warm]:.2f} documents/s; worker memory "
                    f"at the end: {memory}; Parquet {size / done / 1024:.1f} KB per document"
                )
    print(f"single process   {single:.2f} documents/s (model warm)")
    for warm in (False, True):
        name = (
            "warm workers (models loaded before the clock starts)"
            if warm
            else ("cold workers (cluster start and model loading timed)")
        )
        print(name)
        print(f"  2 workers / 1     {rates[2, warm] / rates[1, warm]:.2f}  (target >= 1.8)")
        print(f"  single / 1 worker {single / rates[1, warm]:.2f}  (target <= 1.15)")
    return 0


def _warm_up() -> None:
    """Load the spaCy pipeline in this worker (what the first shard would do)."""
    from readouts.comparison import DocumentEntry
    from readouts.documents import Document
    from readouts.languages import claims_of
    from readouts.settings import Settings

    claims_of(
        (DocumentEntry("A", Document("Warm up.", lang="en")),), Settings.resolve(backend="lexical")
    )


def timed(shards, out, settings, workers: int, warm: bool):
    """Seconds and report of one ``run_batch`` (no second stage: throughput of the
    analysis). Cold: the local cluster starts inside the clock, as ``readouts batch``
    runs. Warm: the cluster is up and every worker has loaded its models first."""
    from readouts.batch import run_batch

    if not warm:
        started = time.perf_counter()
        report = run_batch(shards, str(out), settings, workers=workers, events=False)
        return time.perf_counter() - started, report
    from distributed import Client

    from readouts.batch import local_cluster

    with (
        local_cluster(workers) as cluster,
        Client(cluster) as client,
    ):
        client.run(_warm_up)
        started = time.perf_counter()
        report = run_batch(
            shards, str(out), settings, scheduler=cluster.scheduler_address, events=False
        )
        return time.perf_counter() - started, report


if __name__ == "__main__":
    sys.exit(main())
