"""Ten real PAC stories read as a reader would: are the summary's top five findings right?

PAC (``../shared/data/pac/stories.jsonl``) has two outlets' articles per story and no
alignment gold, so the findings are judged by hand. This script shows, for ten fixed
stories, each of the first five findings of the summary (``unique_terms`` lines aside)
with the claims' whole texts, and scores them against the judgments recorded in
``benchmarks/pac_judgments.json``. A finding nobody has judged yet (the code changed what
it finds) is listed as such and counted as not right until it is read.

    python benchmarks/pac_read.py            # show the findings, with recorded judgments
    python benchmarks/pac_read.py --score    # per story: findings right of five

Each article is given as its title on the first line, then its text (PAC keeps the
headline apart, where a reader sees it above the story), with its publication date.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED = HERE.parents[0].parent / "shared" / "data" / "pac" / "stories.jsonl"
JUDGMENTS = HERE / "pac_judgments.json"
STORIES = 10
TOP = 5


def chosen_stories(path: Path = SHARED, count: int = STORIES) -> list[dict]:
    """The first ``count`` stories whose two articles are both in PAC's dev split."""
    stories = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            story = json.loads(line)
            if all(article["split"] == "dev" for article in story["articles"]):
                stories.append(story)
            if len(stories) == count:
                break
    return stories


def finding_key(story: str, finding: dict, claims: dict[str, dict]) -> str:
    """A finding's identity across runs: its kind and the texts of its claims (claim ids
    move when the code finds more or fewer claims)."""
    texts = "\n".join(claims[cid]["text"] for cid in finding["claims"] if cid in claims)
    digest = hashlib.sha1(f"{finding['kind']}\n{texts}".encode()).hexdigest()[:12]
    return f"{story}:{digest}"


def top_findings(comparison: dict) -> list[dict]:
    shown = [f for f in comparison["summary"] if f["kind"] != "unique_terms"]
    return shown[:TOP]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--score", action="store_true", help="only the per-story counts")
    parser.add_argument("--backend", default="auto")
    args = parser.parse_args(argv)
    if not SHARED.exists():
        print(f"no PAC data at {SHARED}", file=sys.stderr)
        return 2
    import readouts

    judgments = json.loads(JUDGMENTS.read_text("utf-8")) if JUDGMENTS.exists() else {}
    started = time.perf_counter()
    totals = [0, 0, 0]  # right, judged, shown
    for story in chosen_stories():
        documents = [
            readouts.Document(
                f"{article['title']}\n\n{article['text']}",
                label=article["source"],
                date=article.get("date") or None,
            )
            for article in story["articles"]
        ]
        comparison = readouts.compare(documents, backend=args.backend).to_dict()
        claims = {claim["id"]: claim for claim in comparison["claims"]}
        findings = top_findings(comparison)
        right = judged = 0
        if not args.score:
            labels = " vs ".join(article["source"] for article in story["articles"])
            print(f"\n=== {story['story']} · {labels} · {story['articles'][0]['title']}")
        for rank, finding in enumerate(findings, start=1):
            key = finding_key(story["story"], finding, claims)
            verdict = judgments.get(key)
            if verdict is not None:
                judged += 1
                right += bool(verdict["right"])
            if args.score:
                continue
            mark = "UNJUDGED" if verdict is None else ("RIGHT" if verdict["right"] else "WRONG")
            print(f"{rank}. [{mark}] {key} {finding['kind']}: {finding['title']}")
            for cid in finding["claims"]:
                claim = claims[cid]
                print(f"     {cid} ({claim.get('speaker')}): {' '.join(claim['text'].split())}")
            if verdict is not None and verdict.get("why"):
                print(f"     why: {verdict['why']}")
        totals[0] += right
        totals[1] += judged
        totals[2] += len(findings)
        print(
            f"{story['story']}: {right} of {len(findings)} right"
            + (f" ({len(findings) - judged} not judged yet)" if judged < len(findings) else "")
        )
    share = totals[0] / totals[2] if totals[2] else 0.0
    print(
        f"PAC, {STORIES} dev stories, top {TOP}: {totals[0]} of {totals[2]} findings right "
        f"({share:.2f}); {totals[2] - totals[1]} not judged; "
        f"{time.perf_counter() - started:.0f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
