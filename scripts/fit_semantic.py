"""Fit a semantic backend on MSRP train; write src/readouts/similarity/<numbers>.json.

    python scripts/fit_semantic.py                          # semantic.json (ONNX MiniLM)
    python scripts/fit_semantic.py --backend multilingual   # multilingual.json (USE-m)
    python scripts/fit_semantic.py --check                  # only print, write nothing

Each MSRP sentence becomes one claim, encoded once with the backend's encoder. Equivalence is a
logistic regression on the cosine of the pair's embeddings; the match threshold separates
true pairs from each first sentence's most related second sentence of another pair
(best balanced accuracy, as for the lexical backend); the equivalent threshold maximises
train accuracy of the library's decision (matched, no conflict, score above it). Val is
read only to report.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "scripts"))
OUTPUT = ROOT / "src" / "readouts" / "similarity"


def main(argv: list[str] | None = None) -> int:
    from fit_lexical import best_threshold, conflicted, split_claims
    from sklearn.linear_model import LogisticRegression

    from readouts.similarity.semantic import ENCODER_OF, SemanticBackend

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", default="semantic", choices=sorted(ENCODER_OF))
    parser.add_argument("--check", action="store_true", help="print, do not write")
    args = parser.parse_args(argv)
    encoder, numbers = ENCODER_OF[args.backend]
    backend = SemanticBackend(encoder, None, 1.0, 0.0, 0.0, 0.0, name=args.backend)
    data = {}
    for split in ("train", "val"):
        labels, left, right = split_claims(split)
        a, b = backend.vectors(backend.encode(left)), backend.vectors(backend.encode(right))
        cosine = np.sum(a * b, axis=1)
        data[split] = (labels, cosine, conflicted(left, right), a, b)

    labels, cosine, blocked, a, b = data["train"]
    model = LogisticRegression(max_iter=1000).fit(cosine[:, None], labels)
    slope, intercept = float(model.coef_[0][0]), float(model.intercept_[0])

    def equivalence(values: np.ndarray) -> np.ndarray:
        return 1.0 / (1.0 + np.exp(-(slope * values + intercept)))

    others = a @ b.T
    np.fill_diagonal(others, -1.0)
    related = np.concatenate([cosine, others.max(axis=1)])
    wanted = np.concatenate([np.ones(len(cosine), bool), np.zeros(len(cosine), bool)])
    match, balanced = best_threshold(related, wanted, np.zeros(len(wanted), bool), True)
    equivalent, train_accuracy = best_threshold(equivalence(cosine), labels, blocked, False)
    labels_val, cosine_val, blocked_val, _, _ = data["val"]
    guess = (equivalence(cosine_val) >= equivalent) & ~blocked_val
    params = {
        "slope": round(slope, 6),
        "intercept": round(intercept, 6),
        "match_threshold": match,
        "equivalent_threshold": equivalent,
        "fitted_on": "MSRP train (scripts/fit_semantic.py"
        + ("" if args.backend == "semantic" else f" --backend {args.backend}")
        + ")",
        "train_accuracy": round(train_accuracy, 4),
        "match_balanced_accuracy": round(balanced, 4),
        "val_accuracy_whole_sentence": round(float((guess == labels_val).mean()), 4),
    }
    print(json.dumps(params, indent=1))
    if not args.check:
        output = OUTPUT / f"{numbers}.json"
        output.write_text(json.dumps(params, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
