"""Build the genre statistic of boilerplate phrases: src/readouts/boilerplate.json.

    python scripts/build_boilerplate.py [--pac FILE] [--sets DIR ...]

For every story (a PAC story: its two outlets' articles; one of our readout sets: all its
accounts; the demo's two readouts) the two- and three-word phrases of content words
(readouts.summary.content_words) are collected once; the file keeps, for each phrase
found in at least MINIMUM stories, a 32-bit hash of it and its story count. No text is
kept: a hash cannot be read back into the articles. At run time a phrase found in
BOILERPLATE_UNITS stories or more is boilerplate ("safeguard national sovereignty",
"issues of common concern"), and a claim made mostly of such phrases ranks low in the
summary.

A readout set is a folder holding the accounts of one event as .txt files (or a folder of
such folders); --sets may be given several times. Without --sets, the readout sets under
scripts/boilerplate_sets/ are read. The gold sets of benchmarks/gold/ are left out on
purpose: the summary is scored on them, so their phrases must not be learned.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
OUTPUT = ROOT / "src" / "readouts" / "boilerplate.json"
PAC = ROOT.parent / "shared" / "data" / "pac" / "stories.jsonl"
# Invented readouts of ten invented events in the styles of ministries, defence ministries
# and news agencies, written for this statistic (not gold: nothing is labelled in them).
OWN = ROOT / "scripts" / "boilerplate_sets"
MINIMUM = 3


def pac_stories(path: Path) -> Iterator[list[str]]:
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                story = json.loads(line)
                yield [article.get("text", "") for article in story["articles"]]


def set_stories(folder: Path) -> Iterator[list[str]]:
    """Every folder under ``folder`` that holds .txt files is one story."""
    for directory in sorted({path.parent for path in folder.rglob("*.txt")}):
        texts = [path.read_text(encoding="utf-8") for path in sorted(directory.glob("*.txt"))]
        if texts:
            yield texts


def demo_story() -> list[str]:
    samples = ROOT / "src" / "readouts" / "samples"
    return [path.read_text(encoding="utf-8") for path in sorted(samples.glob("*.txt"))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pac", type=Path, default=PAC)
    parser.add_argument("--sets", type=Path, action="append", default=None)
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    from readouts.summary import Genre

    sources: dict[str, int] = {}
    stories: list[list[str]] = []
    if args.pac.is_file():
        found = list(pac_stories(args.pac))
        sources["pac"] = len(found)
        stories += found
    for folder in args.sets if args.sets is not None else [OWN]:
        if folder.is_dir():
            found = list(set_stories(folder))
            sources[str(folder.name)] = len(found)
            stories += found
    stories.append(demo_story())
    sources["demo"] = 1
    statistic = Genre.from_stories(stories)
    data = {"sources": sources, **statistic.to_dict(MINIMUM)}
    args.output.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")
    print(
        f"{statistic.units} stories ({sources}); {len(data['phrases'])} phrases in >= {MINIMUM}"
        f" stories; {args.output.stat().st_size:,} bytes written to {args.output}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
