"""Speed of a Russian-Chinese compare against an English one, in one process.

    python benchmarks/languages_speed.py [--runs 3]

Two documents of about 1,000 words each (words as each language's own reader counts
them: spaCy tokens, natasha tokens, jieba words; punctuation left out), built from the
accounts of the cross-language gold sets (``benchmarks/gold/multilingual``) taken in
order until the count is reached. Each compare runs with ``auto``: ``multilingual`` for
Russian and Chinese, ``fused`` for English. Every model is loaded by one warm-up compare
first (loading is timed apart: a first run in a fresh process pays it once); the
embedding cache is emptied before every timed run. Target: Russian-Chinese at most 2x
English.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
SETS = ROOT / "benchmarks" / "gold" / "multilingual"
ENGLISH_SETS = ROOT / "benchmarks" / "gold"
WORDS = 1000


def _count(text: str, lang: str) -> int:
    if lang == "en":
        return len([word for word in text.split() if any(c.isalnum() for c in word)])
    from readouts.languages import ru, zh

    module = {"ru": ru, "zh": zh}[lang]
    return sum(1 for word in module.analyse(text).words if word.pos not in ("PUNCT", "X"))


def document(lang: str, half: int) -> str:
    """About WORDS words of ``lang`` accounts; ``half`` 0 or 1 takes every other one, so
    the two English documents differ."""
    folder = ENGLISH_SETS if lang == "en" else SETS
    pieces: list[str] = []
    count = 0
    found = 0
    for path in sorted(folder.glob("*.json")):
        for doc in json.loads(path.read_text("utf-8"))["documents"]:
            if doc.get("lang", "en") != lang:
                continue
            found += 1
            if lang == "en" and found % 2 != half:
                continue
            pieces.append(doc["text"])
            count += _count(doc["text"], lang)
            if count >= WORDS:
                return "\n\n".join(pieces)
    text = "\n\n".join(pieces)
    while _count(text, lang) < WORDS:  # too few accounts: the same ones again
        text = text + "\n\n" + "\n\n".join(pieces)
    return text


def timed(documents, runs: int) -> float:
    import readouts
    from readouts.similarity.semantic import clear_cache

    times = []
    for _ in range(runs):
        clear_cache()
        start = time.perf_counter()
        readouts.compare(documents, backend="auto")
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    from readouts import Document

    russian = Document(document("ru", 0), label="ru", lang="ru")
    chinese = Document(document("zh", 0), label="zh", lang="zh")
    english = [
        Document(document("en", 0), label="en1", lang="en"),
        Document(document("en", 1), label="en2", lang="en"),
    ]
    for doc in (russian, chinese, *english):
        print(f"{doc.label}: {_count(doc.text, doc.lang)} words, {len(doc.text)} characters")
    start = time.perf_counter()
    import readouts

    readouts.compare([russian, chinese], backend="auto")
    print(
        f"first Russian-Chinese compare (loads natasha, jieba, USE-m): "
        f"{time.perf_counter() - start:.2f} s"
    )
    start = time.perf_counter()
    readouts.compare(english, backend="auto")
    print(f"first English compare (loads spaCy, MiniLM): {time.perf_counter() - start:.2f} s")
    ru_zh = timed([russian, chinese], args.runs)
    en = timed(english, args.runs)
    print(f"Russian-Chinese compare: {ru_zh:.2f} s (median of {args.runs})")
    print(f"English compare:         {en:.2f} s (median of {args.runs})")
    print(f"ratio Russian-Chinese / English: {ru_zh / en:.2f} (target <= 2)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
