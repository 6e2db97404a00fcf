"""Ingest against spaCy alone: PAC articles into a fresh SQLite store.

Prints, for the same documents (PAC articles cut to about ``--words`` words; the set
repeated with a numbered closing line when ``--count`` asks for more than it holds):
- the seconds spaCy's pipeline takes to parse them (``readouts.nlp.parse``, model loaded
  beforehand), and the seconds ``readouts.ingest.store_documents`` takes to parse them,
  read their claims and write documents, versions and claims (same warm model), and the
  ratio (target <= 1.3);
- the seconds a second ingest of the same documents takes (all unchanged: hashed, looked
  up, never parsed), as a share of the first (target < 5%);
- the store's size per document.

    python benchmarks/ingest_speed.py --count 300
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAC = ROOT.parent / "shared" / "data" / "pac" / "stories.jsonl"


def articles(count: int, words: int) -> list[tuple[str, str, str]]:
    """(identity, outlet, text) for ``count`` documents of about ``words`` words."""
    found = []
    with open(PAC, encoding="utf-8") as handle:
        for line in handle:
            for article in json.loads(line)["articles"]:
                text = " ".join(article["text"].split()[:words])
                found.append((article["id"], article["source"], text))
    documents = []
    for index in range(count):
        identity, outlet, text = found[index % len(found)]
        if index >= len(found):
            text += f"\nThis is copy {index // len(found)} of the story."
        documents.append((f"id:{identity}/{index}", outlet, text))
    return documents


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--words", type=int, default=700)
    args = parser.parse_args()
    if not PAC.exists():
        print(f"no PAC data at {PAC}", file=sys.stderr)
        return 1
    from readouts.ingest import IngestReport, store_documents
    from readouts.nlp import parse
    from readouts.settings import Settings
    from readouts.store import Incoming, open_store

    settings = Settings.resolve(backend="lexical")
    documents = articles(args.count, args.words)
    texts = [text for _, _, text in documents]
    words = sum(len(text.split()) for text in texts)
    parse(["Warm-up: the model loads once."], model=settings.spacy_model)

    started = time.perf_counter()
    parse(texts, model=settings.spacy_model, batch_size=settings.batch_size)
    parse_s = time.perf_counter() - started

    incoming = [
        Incoming(text=text, source=identity, identity=identity, outlet=outlet, lang="en")
        for identity, outlet, text in documents
    ]
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "corpus.db")
        with open_store(path) as store:
            report = IngestReport()
            started = time.perf_counter()
            store_documents(store, incoming, settings, report)
            ingest_s = time.perf_counter() - started
            again = IngestReport()
            started = time.perf_counter()
            store_documents(store, incoming, settings, again)
            again_s = time.perf_counter() - started
        size = sum(os.path.getsize(os.path.join(folder, name)) for name in os.listdir(folder))
    print(f"documents             {len(documents)} ({words / len(documents):.0f} words each)")
    print(f"spaCy parse           {parse_s:.1f} s")
    print(f"ingest                {ingest_s:.1f} s  ({report.added} added)")
    print(f"ingest / parse        {ingest_s / parse_s:.2f}  (target <= 1.3)")
    print(
        f"second ingest         {again_s:.2f} s  ({again.unchanged} unchanged), "
        f"{100 * again_s / ingest_s:.1f}% of the first (target < 5%)"
    )
    print(f"store size            {size / len(documents) / 1024:.1f} KB per document")
    return 0


if __name__ == "__main__":
    sys.exit(main())
