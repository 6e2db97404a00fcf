"""MSRP accuracy of `readouts.compare`: each pair as two one-sentence documents.

A pair counts as a paraphrase when every claim of both documents sits in an
`equivalent` match. Usage:

    python benchmarks/msrp.py [--split val] [--backend lexical] [--limit N]
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "msrp"


def read_pairs(split: str) -> list[tuple[int, str, str]]:
    """(label, sentence 1, sentence 2) rows of ``../shared/data/msrp/<split>.tsv``."""
    path = SHARED / f"{split}.tsv"
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [(int(row[0]), row[3], row[4]) for row in rows[1:] if len(row) >= 5]


def is_paraphrase(comparison) -> bool:
    equivalent = {cid for m in comparison.matches if m.relation == "equivalent" for cid in m.claims}
    return bool(comparison.claims) and all(c.id in equivalent for c in comparison.claims)


def evaluate(split: str, backend: str = "lexical", limit: int | None = None) -> dict[str, float]:
    import readouts

    pairs = read_pairs(split)[:limit]
    correct = true_pos = predicted = positives = 0
    for label, first, second in pairs:
        comparison = readouts.compare(
            [readouts.Document(first, label="1"), readouts.Document(second, label="2")],
            backend=backend,
        )
        guess = is_paraphrase(comparison)
        correct += guess == bool(label)
        true_pos += guess and bool(label)
        predicted += guess
        positives += label
    precision = true_pos / predicted if predicted else 0.0
    recall = true_pos / positives if positives else 0.0
    return {
        "pairs": len(pairs),
        "accuracy": correct / len(pairs),
        "precision": precision,
        "recall": recall,
        "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        "always_yes": positives / len(pairs),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="val", choices=("train", "val"))
    parser.add_argument("--backend", default="lexical")
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args(argv)
    if not SHARED.exists():
        print(f"no benchmark data at {SHARED}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    result = evaluate(args.split, args.backend, args.limit)
    elapsed = time.perf_counter() - started
    print(
        f"MSRP {args.split} ({result['pairs']} pairs, backend {args.backend}): "
        f"accuracy {result['accuracy']:.3f}  precision {result['precision']:.3f}  "
        f"recall {result['recall']:.3f}  F1 {result['f1']:.3f}  "
        f"(always-yes {result['always_yes']:.3f}; {elapsed:.1f} s)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
