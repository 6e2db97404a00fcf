"""Fit the cue models on PolNeAR train; write src/readouts/attribution/cues.json.

    python scripts/fit_cues.py [--cache DIR]

Two logistic regressions over the string features of `readouts.attribution.cues`:

1. head: for every candidate word (verbs, nouns, "according", a colon or dash), whether it
   is the syntactic head of a gold cue span;
2. extent: for each gold cue head, every candidate run of words around it
   (`extent_runs`), labelled by whether it is the gold cue (punctuation and
   spaces aside); at run time the highest-scoring run is the cue.

Features seen fewer than MIN_COUNT times in train are dropped and weights are rounded, so
the file stays small. Dev is not read here (benchmarks/polnear.py reports on it).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
OUTPUT = ROOT / "src" / "readouts" / "attribution" / "cues.json"
MIN_COUNT = 10
HEAD = {"C": 0.3, "threshold": 0.5, "min_count": MIN_COUNT}
# The extent threshold is unused (the best-ranked run wins); C 3.0 against 1.0 gained
# 0.005 cue exact F1 on dev (chosen there).
EXTENT = {"C": 3.0, "threshold": 0.5, "min_count": MIN_COUNT}


def training_rows(articles, docs):
    from readouts.attribution.cues import (
        extent_runs,
        features,
        is_candidate,
        quote_context,
    )
    from readouts.attribution.sentences import quote_regions

    heads_x, heads_y, extent_x, extent_y = [], [], [], []
    for article, doc in zip(articles, docs):
        regions = quote_regions(article.text)
        gold: dict[int, set[int]] = {}
        for attribution in article.attributions:
            if not attribution.cue:
                continue
            first = doc.char_span(*attribution.cue[0], alignment_mode="expand")
            if first is None:
                continue
            tokens: set[int] = set()
            for start, end in attribution.cue:
                span = doc.char_span(start, end, alignment_mode="expand")
                if span is not None:
                    tokens.update(token.i for token in span)
            gold[first.root.i] = tokens
        for token in doc:
            if not is_candidate(token):
                continue
            heads_x.append(features(token, quote_context(token, regions)))
            heads_y.append(token.i in gold)
        for head_index, tokens in gold.items():
            head = doc[head_index]
            wanted = _words(doc, tokens)
            for (left, right), run_features in extent_runs(head):
                extent_x.append(run_features)
                extent_y.append(_words(doc, range(left, right + 1)) == wanted)
    return heads_x, heads_y, extent_x, extent_y


def _words(doc, indices) -> set[int]:
    """The token indices that count when comparing cue extents: no punctuation, no spaces."""
    return {i for i in indices if not (doc[i].is_punct or doc[i].is_space)}


def fit(
    rows: list[list[str]], labels: list[bool], C: float, threshold: float, min_count: int
) -> dict:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    counts = Counter(feature for row in rows for feature in row)
    kept = [{f: 1 for f in row if counts[f] >= min_count} for row in rows]
    vectorizer = DictVectorizer()
    matrix = vectorizer.fit_transform(kept)
    model = LogisticRegression(C=C, max_iter=5000).fit(matrix, labels)
    weights = {
        name: round(float(weight), 3)
        for name, weight in zip(vectorizer.feature_names_, model.coef_[0])
        if abs(weight) >= 0.05
    }
    # The intercept rides on the "bias" feature that every row carries.
    weights["bias"] = round(weights.get("bias", 0.0) + float(model.intercept_[0]), 3)
    return {"weights": weights, "threshold": threshold, "C": C, "rows": len(rows)}


def main(argv: list[str] | None = None) -> int:
    from polnear import parse_texts
    from polnear_data import load_split

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=None, help="DocBin cache folder")
    args = parser.parse_args(argv)
    articles = load_split("train")
    docs, seconds, cached = parse_texts([a.text for a in articles], jobs=2, cache=args.cache)
    print(f"parsed {len(docs)} train articles in {seconds:.0f} s ({cached} from cache)")
    heads_x, heads_y, extent_x, extent_y = training_rows(articles, docs)
    result = {
        "fitted_on": "PolNeAR train (scripts/fit_cues.py)",
        "head": fit(heads_x, heads_y, **HEAD),
        "extent": fit(extent_x, extent_y, **EXTENT),
    }
    OUTPUT.write_text(json.dumps(result, sort_keys=True, separators=(",", ":")) + "\n", "utf-8")
    sizes = {part: len(result[part]["weights"]) for part in ("head", "extent")}
    print(f"wrote {OUTPUT} ({OUTPUT.stat().st_size:,} bytes; weights {sizes})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
