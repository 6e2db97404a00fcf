"""Fit the fused backend on MSRP train; write src/readouts/similarity/fused.json.

    python scripts/fit_fused.py        (needs readouts[semantic])

The same procedure as scripts/fit_lexical.py, with one more feature: the cosine of the
two sentences' all-MiniLM-L6-v2 embeddings. A logistic regression on standardised
features (scaling folded into plain coefficients); the match threshold on relatedness
against hard negatives (best balanced accuracy); the equivalent threshold for the best
train accuracy of the library's decision. Val is read only to report.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "scripts"))
OUTPUT = ROOT / "src" / "readouts" / "similarity" / "fused.json"


def main() -> int:
    from fit_lexical import best_threshold, conflicted, features, split_claims
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    from readouts.similarity.fused import FEATURES, FusedBackend
    from readouts.similarity.semantic import SemanticBackend, default_model_path

    semantic = SemanticBackend(default_model_path(), 1.0, 0.0, 0.0, 0.0)
    data = {}
    for split in ("train", "val"):
        labels, left, right = split_claims(split)
        cosine = np.sum(
        semantic.vectors(semantic.encode(left)) * semantic.vectors(semantic.encode(right)), axis=1
    )
        x = np.hstack([features(left, right), np.clip(cosine, 0.0, 1.0)[:, None]])
        data[split] = (labels, x, conflicted(left, right), left, right)

    labels, x, blocked, left, right = data["train"]
    scaler = StandardScaler().fit(x)
    model = LogisticRegression(C=1.0, max_iter=5000).fit(scaler.transform(x), labels)
    coefficients = model.coef_[0] / scaler.scale_
    intercept = float(model.intercept_[0] - np.sum(model.coef_[0] * scaler.mean_ / scaler.scale_))

    def score(matrix: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-(matrix @ coefficients + intercept)))

    backend = FusedBackend(semantic, tuple(coefficients), intercept, 0.0, 0.0)
    encoded_right = backend.encode(right)
    true_related, hard = [], []
    for start in range(0, len(left), 400):
        block = backend.pair_scores(backend.encode(left[start : start + 400]), encoded_right)
        related = block.related
        for offset in range(related.shape[0]):
            true_related.append(related[offset, start + offset])
            related[offset, start + offset] = -1.0
        hard.append(related.max(axis=1))
    scores = np.concatenate([np.asarray(true_related), np.concatenate(hard)])
    wanted = np.concatenate([np.ones(len(left), bool), np.zeros(len(left), bool)])
    match, balanced = best_threshold(scores, wanted, np.zeros(len(wanted), bool), True)
    equivalent, train_accuracy = best_threshold(score(x), labels, blocked, False)
    labels_val, x_val, blocked_val, _, _ = data["val"]
    guess = (score(x_val) >= equivalent) & ~blocked_val
    params = {
        "features": list(FEATURES),
        "coefficients": [round(float(c), 6) for c in coefficients],
        "intercept": round(intercept, 6),
        "match_threshold": match,
        "equivalent_threshold": equivalent,
        "fitted_on": "MSRP train (scripts/fit_fused.py)",
        "train_accuracy": round(train_accuracy, 4),
        "match_balanced_accuracy": round(balanced, 4),
        "val_accuracy_whole_sentence": round(float((guess == labels_val).mean()), 4),
    }
    print(json.dumps({k: v for k, v in params.items() if k != "coefficients"}, indent=1))
    OUTPUT.write_text(json.dumps(params, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {OUTPUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
