"""Does a fine-tuned cross-encoder raise gold link F1? (An experiment; nothing ships.)

    python experiments/crossencoder/crossencoder_gold.py --model DIR [--top 5] [--onnx FILE]

The cross-encoder (``fit_crossencoder.py``) rescores the candidate pairs of the
fused backend's calibrated match probability ``p``: the top ``--top`` pairs of each row and
of each column by ``p`` (pairs the match model scored, titles with titles). For those a
second-stage logistic regression over ``logit(p)``, the cross-encoder logit and its row and
column margins among the candidates replaces ``p``; every other pair keeps ``p``.
``readouts.compare`` then runs as usual (assignment, groups), hooked at
``pipeline._match_probability``, and ``benchmarks/gold.py``'s scorer counts the links.

Leakage: the shipped fused match model (``match.json``) fitted its regression on the gold
sets of even places (by name) and only its isotonic calibration and threshold on the odd
ones. The second stage is fitted, and its threshold chosen (best link F1 at precision >=
0.95), on the even sets only; before/after are reported on the odd sets, which neither
the cross-encoder nor either regression saw (their calibration, which favours the
baseline, did). Parses are cached per document text within one run.

Measured 2026-12-03 (a 3-layer cross-encoder, ``fit_crossencoder.py --layers 3
--epochs 2 --threads 1``; test = the 5 odd sets, 84 gold links):

| run | link P | R | F1 |
|---|---:|---:|---:|
| fused as shipped (before) | 0.985 | 0.798 | 0.882 |
| ``--identity`` (threshold re-chosen on the fit sets only) | 0.985 | 0.798 | 0.882 |
| ``--columns 0`` (logit p refitted alone) | 0.985 | 0.798 | 0.882 |
| ``--columns 0,1`` (p + cross logit) | 0.971 | 0.810 | 0.883 |
| ``--columns 0,2,3`` (p + cross margins) | 0.986 | 0.845 | 0.910 |
| all four, ``--top 5`` (torch fp32) | 0.973 | 0.869 | 0.918 |
| all four, ``--top 3`` (torch fp32) | 0.974 | 0.881 | 0.925 |
| all four, ``--top 2`` (torch fp32) | 0.986 | 0.810 | 0.889 |
| all four, ``--top 5``, int8 ONNX | 0.973 | 0.857 | 0.911 |
| all four, ``--top 3``, int8 ONNX | 0.973 | 0.845 | 0.904 |

The gain is in the cross-encoder's row and column margins (which candidate of a row is its
partner), not its raw logit (a negative coefficient; p + logit alone adds nothing). It is
+5 to +7 links of 84 on 5 sets, so one link is about 0.007 of F1. Cost
(``crossencoder_onnx.py``): the fp32 ONNX file is 69.6 MB at 77 pairs/s on one
thread, int8 17.6 MB at 151 pairs/s (MSRP val AUC 0.776 -> 0.762). Two 50-claim documents
give about 195 candidates at ``--top 3`` and 309 at ``--top 5``: 2.5-4 s in fp32, 1.3-2 s in
int8, against a budget of about 1 s. Not integrated: only fp32 reaches +0.03 F1, and fp32
costs 2.5-4x the budget.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

from gold import GOLD_DIR, aggregate, load_set, score_set  # noqa: E402

THRESHOLDS = tuple(np.round(np.arange(0.30, 0.96, 0.05), 2))
PRECISION_FLOOR = 0.95


class Cross:
    """Cross-encoder logits of text pairs, cached (a torch folder or an ONNX file)."""

    def __init__(self, folder: str, onnx: str | None = None):
        from transformers import AutoTokenizer

        self.tokenizer = AutoTokenizer.from_pretrained(folder)
        self.cache: dict[tuple[str, str], float] = {}
        self.onnx = None
        if onnx:
            import onnxruntime as ort

            options = ort.SessionOptions()
            options.intra_op_num_threads = 1
            self.onnx = ort.InferenceSession(onnx, options, providers=["CPUExecutionProvider"])
        else:
            import torch
            from transformers import AutoModelForSequenceClassification

            torch.set_num_threads(1)
            self.model = AutoModelForSequenceClassification.from_pretrained(folder).eval()

    def logits(self, pairs: list[tuple[str, str]]) -> np.ndarray:
        todo = sorted({p for p in pairs if p not in self.cache})
        for start in range(0, len(todo), 32):
            chunk = todo[start : start + 32]
            for pair, value in zip(chunk, self._run(chunk), strict=True):
                self.cache[pair] = float(value)
        return np.array([self.cache[p] for p in pairs])

    def _run(self, chunk):
        kind = "np" if self.onnx else "pt"
        encoded = self.tokenizer(
            [a for a, _ in chunk],
            [b for _, b in chunk],
            truncation=True,
            max_length=128,
            padding=True,
            return_tensors=kind,
        )
        if self.onnx:
            names = {i.name for i in self.onnx.get_inputs()}
            feed = {k: v.astype(np.int64) for k, v in encoded.items() if k in names}
            return self.onnx.run(None, feed)[0][:, 0]
        import torch

        with torch.inference_mode():
            return self.model(**encoded).logits[:, 0].numpy()


def candidates(p: np.ndarray, top: int) -> np.ndarray:
    """The ``top`` highest-probability scored pairs of each row and of each column."""
    mask = np.zeros(p.shape, bool)
    if p.size == 0:
        return mask
    for axis in (1, 0):
        keep = min(top, p.shape[axis])
        order = np.argsort(-p, axis=axis)
        index = np.take(order, np.arange(keep), axis=axis)
        np.put_along_axis(mask, index, True, axis=axis)
    return mask & (p > 0)


def _margins(values: np.ndarray, mask: np.ndarray, axis: int) -> np.ndarray:
    """Each candidate's value minus the best other candidate of its row/column (0: none)."""
    work = np.where(mask, values, -np.inf)
    if axis == 0:
        work, mask_t = work.T, mask.T
    else:
        mask_t = mask
    out = np.zeros(work.shape)
    for r in range(work.shape[0]):
        cols = np.flatnonzero(mask_t[r])
        for c in cols:
            others = [work[r, o] for o in cols if o != c]
            out[r, c] = work[r, c] - max(others) if others else 0.0
    return out if axis == 1 else out.T


def stage_features(p: np.ndarray, cross: np.ndarray, mask: np.ndarray) -> np.ndarray:
    clipped = np.clip(p, 1e-4, 1 - 1e-4)
    logit_p = np.log(clipped / (1 - clipped))
    return np.stack([logit_p, cross, _margins(cross, mask, 1), _margins(cross, mask, 0)], axis=-1)


class Hook:
    """Patches ``readouts.pipeline``: cached claims, and the rescored match probability."""

    def __init__(self, cross: Cross, top: int):
        import readouts.pipeline as pipeline

        self.pipeline, self.cross, self.top = pipeline, cross, top
        self.original = pipeline._match_probability
        self.original_claims = pipeline.claims_of
        self.claims_cache: dict = {}
        self.rows: list[tuple[str, object, object, np.ndarray]] = []  # set, left, right, f
        self.stage = None  # (coefficients, intercept)
        self.set_name = ""
        pipeline._match_probability = self.probability
        pipeline.claims_of = self.claims_of

    def claims_of(self, entries, settings):
        key = tuple(e.document.text for e in entries)
        if key not in self.claims_cache:
            self.claims_cache[key] = self.original_claims(entries, settings)
        return self.claims_cache[key]

    def probability(self, model, scores, left, right):
        p = self.original(model, scores, left, right)
        if model is None:
            return p
        mask = candidates(p, self.top)
        rows, cols = np.nonzero(mask)
        if not len(rows):
            return p
        pairs = [(left[r].text, right[c].text) for r, c in zip(rows, cols)]
        cross = np.zeros(p.shape)
        cross[rows, cols] = self.cross.logits(pairs)
        features = stage_features(p, cross, mask)[rows, cols]
        for (r, c), f in zip(zip(rows, cols), features):
            self.rows.append((self.set_name, left[r], right[c], f))
        if self.stage is None:
            return p
        coefficients, intercept = self.stage
        out = p.copy()
        out[rows, cols] = 1.0 / (1.0 + np.exp(-(features @ coefficients + intercept)))
        return out


def run(gold, hook: Hook, threshold: float | None):
    import readouts

    hook.set_name = gold.name
    documents = [readouts.Document(text, label=label) for label, text in gold.documents]
    comparison = readouts.compare(documents, backend="fused", match_threshold=threshold)
    return score_set(gold, comparison)


def label(gold, left, right) -> float:
    def inside(claim):
        return {
            g.id
            for g in gold.claims.values()
            if g.doc == claim.doc and claim.start <= g.start and g.end <= claim.end
        }

    return float(any(frozenset((g, h)) in gold.links for g in inside(left) for h in inside(right)))


def figures(results) -> str:
    f = aggregate(results)
    return (
        f"P {f['link_precision']:.3f} R {f['link_recall']:.3f} F1 {f['link_f1']:.3f} "
        f"(system {f['links']['system']}, gold {f['links']['gold']})"
    )


def main(argv: list[str] | None = None) -> int:
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import roc_auc_score

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", required=True, help="the fine-tuned cross-encoder folder")
    parser.add_argument("--onnx", default=None, help="score with this ONNX file instead")
    parser.add_argument("--top", type=int, default=5)
    parser.add_argument(
        "--columns",
        default="0,1,2,3",
        help="second-stage features: 0 logit p, 1 cross logit, 2 and 3 its row and column "
        "margins (the ablation '0' refits p alone)",
    )
    parser.add_argument(
        "--identity",
        action="store_true",
        help="no second stage (p as it is): only the threshold is chosen on the fit sets",
    )
    args = parser.parse_args(argv)
    sets = [load_set(path) for path in sorted(GOLD_DIR.glob("*.json"))]
    fit_sets, test_sets = sets[0::2], sets[1::2]
    print("second stage fitted on: " + ", ".join(g.name for g in fit_sets))
    print("scored on: " + ", ".join(g.name for g in test_sets), flush=True)
    hook = Hook(Cross(args.model, args.onnx), args.top)
    before = {g.name: run(g, hook, None) for g in sets}
    print(f"before, fit sets:  {figures([before[g.name] for g in fit_sets])}")
    print(f"before, test sets: {figures([before[g.name] for g in test_sets])}", flush=True)
    by_name = {g.name: g for g in sets}
    x = np.array([f for _, _, _, f in hook.rows])
    y = np.array([label(by_name[s], a, b) for s, a, b, _ in hook.rows])
    fit = np.array([s in {g.name for g in fit_sets} for s, _, _, _ in hook.rows])
    print(
        f"candidate pairs: {len(y)} ({int(y.sum())} linked), cross-encoder pairs scored "
        f"{len(hook.cross.cache)}"
    )
    for name, column in (("logit p", 0), ("cross logit", 1)):
        auc = roc_auc_score(y[~fit], x[~fit, column])
        print(f"  AUC on test-set candidates, {name}: {auc:.4f}")
    columns = [int(c) for c in args.columns.split(",")]
    coefficients = np.zeros(x.shape[1])
    if args.identity:
        coefficients[0], intercept = 1.0, 0.0
    else:
        regression = LogisticRegression(C=1.0, max_iter=2000).fit(x[fit][:, columns], y[fit])
        coefficients[columns], intercept = regression.coef_[0], float(regression.intercept_[0])
    hook.stage = (coefficients, intercept)
    print(f"second stage: coefficients {np.round(coefficients, 3)} intercept {intercept:.3f}")
    hook.rows = []
    best, chosen = -1.0, None
    for threshold in THRESHOLDS:
        results = [run(g, hook, float(threshold)) for g in fit_sets]
        f = aggregate(results)
        ok = (f["link_precision"] or 0) >= PRECISION_FLOOR
        print(f"  fit sets, threshold {threshold:.2f}: {figures(results)}{'' if ok else ' (<P)'}")
        if ok and (f["link_f1"] or 0) > best + 1e-6:
            best, chosen = f["link_f1"], float(threshold)
    chosen = chosen if chosen is not None else 0.5
    after = [run(g, hook, chosen) for g in test_sets]
    print(f"after (threshold {chosen:.2f}), test sets: {figures(after)}")
    for g, result in zip(test_sets, after):
        print(f"  {g.name}: before {figures([before[g.name]])}; after {figures([result])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
