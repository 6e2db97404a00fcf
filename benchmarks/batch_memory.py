"""Worker memory over a long batch: is it flat from the first thousand documents to the
last?

PAC articles (cut to ``--words`` words), repeated with small changes (each copy gets its
own closing sentence and a changed number) until there are ``--documents``, are written as
shards of ``--per-shard`` documents and analysed by ``run_batch`` on a local cluster of
``--workers`` processes (the first stage only: the copies of one article would all be one
event). A sampler asks every worker for its resident memory every ``--every`` seconds and
notes how many documents are done; the script prints the mean worker memory over the
first and over the last thousand documents and the growth between them (target: at most
10%).

    python benchmarks/batch_memory.py --documents 10000
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAC = ROOT.parent / "shared" / "data" / "pac" / "stories.jsonl"


def documents(count: int, words: int) -> list[str]:
    """``count`` texts from the PAC articles, each copy a little different."""
    articles = []
    with open(PAC, encoding="utf-8") as handle:
        for line in handle:
            for article in json.loads(line)["articles"]:
                articles.append(" ".join(article["text"].split()[:words]))
    texts = []
    for number in range(count):
        base = articles[number % len(articles)]
        copy = number // len(articles)
        texts.append(f"{base} Officials said {copy + 2} more meetings were planned.")
    return texts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--per-shard", type=int, default=100)
    parser.add_argument("--words", type=int, default=400)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--every", type=float, default=5.0)
    args = parser.parse_args()
    if not PAC.exists():
        print(f"no PAC data at {PAC}", file=sys.stderr)
        return 1
    from distributed import Client

    from readouts.batch import DONE, _resident, local_cluster, run_batch
    from readouts.settings import Settings

    texts = documents(args.documents, args.words)
    settings = Settings.resolve(backend="lexical")
    samples: list[tuple[float, int, list[int]]] = []
    with tempfile.TemporaryDirectory() as folder:
        shards = []
        for index in range(0, len(texts), args.per_shard):
            path = Path(folder) / f"shard-{index // args.per_shard:05d}.jsonl"
            path.write_text(
                "".join(
                    json.dumps({"text": text, "id": f"d{index + n}", "lang": "en"}) + "\n"
                    for n, text in enumerate(texts[index : index + args.per_shard])
                )
            )
            shards.append(str(path))
        out = Path(folder) / "out"
        with (
            local_cluster(args.workers) as cluster,
            Client(cluster) as client,
        ):
            stop = threading.Event()

            def sample() -> None:
                started = time.perf_counter()
                while not stop.wait(args.every):
                    done = 0
                    if out.exists():
                        for name in os.listdir(out):
                            manifest = out / name / DONE
                            if manifest.exists():
                                done += json.loads(manifest.read_text())["documents"]
                    try:
                        memory = sorted(client.run(_resident).values())
                    except Exception:  # noqa: BLE001 - a worker restarting: skip one sample
                        continue
                    samples.append((time.perf_counter() - started, done, memory))

            sampler = threading.Thread(target=sample, daemon=True)
            sampler.start()
            started = time.perf_counter()
            report = run_batch(
                shards,
                str(out),
                settings,
                scheduler=cluster.scheduler_address,
                vectors=False,
                events=False,
            )
            elapsed = time.perf_counter() - started
            stop.set()
            sampler.join()
    done = sum(result.documents for result in report.shards)
    print(f"{done} documents in {elapsed:.0f} s ({done / elapsed:.2f} documents/s)")
    for seconds, count, memory in samples[:: max(1, len(samples) // 20)]:
        shown = ", ".join(f"{rss / 2**20:.0f}" for rss in memory)
        print(f"  {seconds:7.0f} s  {count:6d} documents  worker MB: {shown}")
    first = [sum(m) / len(m) for _, count, m in samples if 0 < count <= 1000 and m]
    last = [sum(m) / len(m) for _, count, m in samples if count >= done - 1000 and m]
    if first and last:
        a, b = sum(first) / len(first), sum(last) / len(last)
        print(
            f"mean worker memory: first thousand {a / 2**20:.0f} MB, last thousand "
            f"{b / 2**20:.0f} MB, growth {100 * (b - a) / a:+.1f}% (target <= 10%)"
        )
    peak = max((max(m) for _, _, m in samples if m), default=0)
    print(f"peak worker memory {peak / 2**20:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
