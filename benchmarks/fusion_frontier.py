"""How far one fused score can serve both MSRP and STS: the trade-off between the two.

    python benchmarks/fusion_frontier.py        (needs readouts[semantic] and ../shared)

Every fusion of the two signals that a linear model can form is, up to a monotone
transform, a weighted sum of the two standardised signals:

    z(w) = w * cosine' + (1 - w) * lexical'

where cosine' is the all-MiniLM-L6-v2 cosine and lexical' the lexical backend's log-odds,
each standardised on MSRP train. For w from 0 (lexical alone) to 1 (cosine alone) this
prints MSRP accuracy of the library's decision (equivalent when z(w) is at or above a
threshold fitted on train and the conflict rules find nothing; also without the conflict
rules) and the mean Spearman of z(w) with the STS headlines grades. The shipped fused
backend (23 features) is printed for reference. Issue 4 asks for MSRP val >= 0.77 and STS
>= 0.80 from the same fused score.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "scripts"))
SHARED = ROOT.parent / "shared" / "data"
BLOCK = 400


def diagonal_scores(backend, left, right) -> np.ndarray:
    """``backend``'s equivalence of each aligned pair (left[i], right[i])."""
    values = []
    for start in range(0, len(left), BLOCK):
        a = backend.encode(left[start : start + BLOCK])
        b = backend.encode(right[start : start + BLOCK])
        values.append(np.diag(backend.pair_scores(a, b).equivalent))
    return np.concatenate(values)


def signals(backends, left, right) -> dict[str, np.ndarray]:
    lexical = np.clip(diagonal_scores(backends["lexical"], left, right), 1e-9, 1 - 1e-9)
    semantic = backends["semantic"]
    cosine = np.sum(
        semantic.vectors(semantic.encode(left)) * semantic.vectors(semantic.encode(right)), axis=1
    )
    return {
        "lexical": np.log(lexical / (1.0 - lexical)),
        "cosine": cosine,
        "fused": diagonal_scores(backends["fused"], left, right),
    }


def main() -> int:
    from fit_lexical import best_threshold, claims_for, conflicted, split_claims
    from scipy.special import expit
    from scipy.stats import spearmanr
    from sts import YEARS, read_year

    from readouts.similarity import get_backend

    if not SHARED.exists():
        print(f"no benchmark data at {SHARED}", file=sys.stderr)
        return 2
    backends = {name: get_backend(name) for name in ("lexical", "semantic", "fused")}
    msrp = {}
    for split in ("train", "val"):
        labels, left, right = split_claims(split)
        msrp[split] = (labels, signals(backends, left, right), conflicted(left, right))
    sts = {}
    for year in YEARS:
        rows = read_year(year)
        left = claims_for([first for _, first, _ in rows])
        right = claims_for([second for _, _, second in rows])
        sts[year] = (np.asarray([grade for grade, _, _ in rows]), signals(backends, left, right))

    train = msrp["train"][1]
    centre = {name: (train[name].mean(), train[name].std()) for name in ("lexical", "cosine")}

    def fused_z(values: dict[str, np.ndarray], w: float) -> np.ndarray:
        standard = {k: (values[k] - m) / s for k, (m, s) in centre.items()}
        # As a probability, like the backends' scores, for the threshold search.
        return expit(w * standard["cosine"] + (1.0 - w) * standard["lexical"])

    def row(label: str, score) -> None:
        labels, values, blocked = msrp["train"]
        threshold, _ = best_threshold(score(values), labels, blocked, balanced=False)
        accuracy = {}
        for split in ("train", "val"):
            labels, values, blocked = msrp[split]
            guess = score(values) >= threshold
            accuracy[split] = np.mean((guess & ~blocked) == labels)
            accuracy[split + "_free"] = np.mean(guess == labels)
        rhos = [float(spearmanr(g, score(v)).statistic) for g, v in sts.values()]
        print(
            f"{label:<16} {accuracy['train']:.3f}  {accuracy['val']:.3f}  "
            f"{accuracy['val_free']:.3f}      "
            + "  ".join(f"{rho:.3f}" for rho in rhos)
            + f"  {np.mean(rhos):.3f}"
        )

    print("                 MSRP train/val   val without     STS Spearman")
    print("                 accuracy         conflict rules  " + "  ".join(YEARS) + "  mean")
    for w in np.linspace(0.0, 1.0, 11):
        row(f"w = {w:.1f}", lambda values, w=w: fused_z(values, w))
    row("shipped fused", lambda values: values["fused"])
    print("targets: MSRP val >= 0.77 (and lexical + 2); STS mean >= 0.80")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
