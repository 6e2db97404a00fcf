"""Event grouping of the PAC articles mixed together: BCubed P/R/F1, and its cost curve.

The 304 articles (152 stories, two outlets each) are ingested into a store (``--db``,
kept between runs: a second run parses nothing), profiled from their stored claims and
grouped by ``readouts.events.group``. Prints BCubed precision, recall and F1 over all
articles and per PAC split, how many stories come back whole and unmerged, and the
seconds blocking, scoring and grouping take at 100, 300 and 1,000 documents (the articles
repeated as copies a year apart, so that copies are other events). ``--fit`` sweeps the
link threshold on the train split.

    python benchmarks/events.py --db /tmp/pac.db
    python benchmarks/events.py --db /tmp/pac.db --fit
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAC = ROOT.parent / "shared" / "data" / "pac" / "stories.jsonl"


def load_pac():
    articles = []
    with open(PAC, encoding="utf-8") as handle:
        for line in handle:
            story = json.loads(line)
            for article in story["articles"]:
                articles.append((story["story"], article))
    return articles


def profiles_from_store(db: str, articles):
    from readouts.events import profile
    from readouts.ingest import IngestReport, store_documents
    from readouts.settings import Settings
    from readouts.store import Incoming, open_store

    settings = Settings.resolve(backend="lexical")
    incoming = [
        Incoming(
            text=f"{article['title']}\n\n{article['text']}",
            source=article["id"],
            identity=f"id:{article['id']}",
            outlet=article["source"],
            title=article["title"],
            published=(article.get("date") or "")[:10] or None,
            lang="en",
        )
        for _, article in articles
    ]
    with open_store(db) as store:
        report = IngestReport()
        store_documents(store, incoming, settings, report)
        print(f"ingest: {report.line()}", file=sys.stderr)
        by_identity = {document.identity: document for document in store.documents()}
        versions = [by_identity[item.key].latest for item in incoming]
        claims = store.claims([version.id for version in versions], settings)
    return [
        profile(item.source, claims[version.id], item.published)
        for item, version in zip(incoming, versions, strict=True)
    ]


def score(events, gold):
    from readouts.events import bcubed

    precision, recall, f1 = bcubed([event.members for event in events], gold)
    wanted: dict[str, set[str]] = {}
    for member, label in gold.items():
        wanted.setdefault(label, set()).add(member)
    found = [set(event.members) & set(gold) for event in events]
    whole = sum(1 for members in wanted.values() if members in found)
    return precision, recall, f1, whole, len(wanted)


def shifted(profiles, copies: int):
    """``profiles`` and ``copies`` - 1 copies of them, each a year later than the last."""
    result = []
    for copy in range(copies):
        for item in profiles:
            day = item.day
            if day:
                day = (date.fromisoformat(day) + timedelta(days=366 * copy)).isoformat()
            result.append(replace(item, id=f"{item.id}/{copy}", day=day))
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default="pac-events.db", help="store to keep the parsed articles")
    parser.add_argument("--fit", action="store_true", help="sweep the link threshold on train")
    parser.add_argument("--threshold", type=float, default=None)
    args = parser.parse_args()
    if not PAC.exists():
        print(f"no PAC data at {PAC}", file=sys.stderr)
        return 1
    from readouts.events import LINK_THRESHOLD, group, scored_pairs

    articles = load_pac()
    profiles = profiles_from_store(args.db, articles)
    gold = {article["id"]: story for story, article in articles}
    split = {article["id"]: article["split"] for _, article in articles}
    scores = scored_pairs(profiles)
    if args.fit:
        train = [item for item in profiles if split[item.id] == "train"]
        train_scores = scored_pairs(train)
        train_gold = {item.id: gold[item.id] for item in train}
        print("threshold  P      R      F1     (train)")
        for threshold in [step / 100 for step in range(2, 16)] + [0.2, 0.3, 0.4, 0.5]:
            p, r, f1, _, _ = score(
                group(train, threshold=threshold, scores=train_scores), train_gold
            )
            print(f"{threshold:9.2f}  {p:.3f}  {r:.3f}  {f1:.3f}")
        return 0
    threshold = LINK_THRESHOLD if args.threshold is None else args.threshold
    events = group(profiles, threshold=threshold, scores=scores)
    print(f"link threshold {threshold}, {len(scores)} candidate pairs of {len(profiles)} articles")
    p, r, f1, whole, total = score(events, gold)
    print(
        f"all    BCubed P {p:.3f} R {r:.3f} F1 {f1:.3f}  stories whole and unmerged {whole}/{total}"
    )
    for name in ("train", "dev", "test"):
        part = {member: label for member, label in gold.items() if split[member] == name}
        kept = [
            replace(event, members=tuple(m for m in event.members if m in part)) for event in events
        ]
        kept = [event for event in kept if event.members]
        p, r, f1, whole, total = score(kept, part)
        print(
            f"{name:6} BCubed P {p:.3f} R {r:.3f} F1 {f1:.3f}  "
            f"stories whole and unmerged {whole}/{total}"
        )
    print("documents  candidate pairs  seconds (block + score + group)")
    for size in (100, 300, 1000):
        many = shifted(profiles, -(-size // len(profiles)))[:size]
        started = time.perf_counter()
        many_scores = scored_pairs(many)
        group(many, threshold=threshold, scores=many_scores)
        print(f"{size:9}  {len(many_scores):15}  {time.perf_counter() - started:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
