"""PolNeAR articles and their gold attributions, read from brat standoff files.

No spaCy here: this module only reads ``../shared/data/polnear/<split>/``.

- ``text/NAME.txt``: the article (UTF-8).
- ``attributions/NAME_ANNOTATOR.ann``: brat standoff. ``T`` records are text spans
  (``Tn<TAB>LABEL START END[;START END...]<TAB>text``); ``E`` records tie one attribution
  together (``En<TAB>Attribution:T4 Content:T3 Cue:T2 Source:T1``).

Variants found in the real files, and how they are read:

- the text of a ``T`` record may run over several lines (a span crossing a paragraph
  break): every line that does not start a record continues the previous one;
- the trigger (first argument) is ``Attribution`` or ``Attribution-no-source``; it is a
  copy of the cue, and stands in for the cue when the event has no ``Cue`` argument;
- an event may have a second content (``Content2``), no content, no source, or (rarely) a
  source although its trigger says ``Attribution-no-source``: the arguments decide;
- role names with a numeric suffix (``Content2``) are that role;
- ``Discard`` and ``Discuss`` spans and ``#`` annotator notes belong to no attribution and
  are ignored, as are ``T`` spans no event refers to;
- an article with several annotator files is read from the alphabetically first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
POLNEAR = ROOT.parent / "shared" / "data" / "polnear"
SPLITS = ("train", "dev")

Fragment = tuple[int, int]
Fragments = tuple[Fragment, ...]

_RECORD_START = re.compile(r"(?:[TERAMN]\d+|#\d*|\*)\t")
_ROLE_SUFFIX = re.compile(r"\d+$")


@dataclass(frozen=True)
class TextBound:
    """A brat ``T`` record: ``label`` over ``fragments``; ``text`` as written in the file."""

    id: str
    label: str
    fragments: Fragments
    text: str


@dataclass(frozen=True)
class Event:
    """A brat ``E`` record: trigger ``(type, T id)`` and ``(role, T id)`` arguments."""

    id: str
    trigger: tuple[str, str]
    arguments: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class BratDocument:
    spans: dict[str, TextBound]
    events: tuple[Event, ...]


@dataclass(frozen=True)
class GoldAttribution:
    """One attribution; each role is a tuple of ``(start, end)`` fragments, ``()`` if absent."""

    source: Fragments
    cue: Fragments
    content: Fragments
    id: str = ""


@dataclass(frozen=True)
class Article:
    name: str
    text: str
    attributions: tuple[GoldAttribution, ...]
    annotator: str = ""
    annotators: tuple[str, ...] = field(default=())


def parse_fragments(offsets: str) -> Fragments:
    """``"10 20;25 30"`` -> ``((10, 20), (25, 30))``."""
    fragments = []
    for piece in offsets.split(";"):
        start, end = piece.split()
        fragments.append((int(start), int(end)))
    return tuple(fragments)


def _records(content: str) -> list[str]:
    """The records of a .ann file, continuation lines joined back with their newlines."""
    lines = content.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the file's final newline
    records: list[list[str]] = []
    for line in lines:
        if _RECORD_START.match(line) or not records:
            records.append([line])
        else:
            records[-1].append(line)
    return ["\n".join(record).rstrip("\n") for record in records if "".join(record).strip()]


def parse_ann(content: str) -> BratDocument:
    """Parse the text of one .ann file (``T`` and ``E`` records; others are skipped)."""
    spans: dict[str, TextBound] = {}
    events: list[Event] = []
    for record in _records(content):
        kind = record[0]
        if kind == "T":
            identifier, head, text = record.split("\t", 2)
            label, offsets = head.split(" ", 1)
            spans[identifier] = TextBound(identifier, label, parse_fragments(offsets), text)
        elif kind == "E":
            identifier, body = record.split("\t", 1)
            pairs = [tuple(argument.split(":", 1)) for argument in body.split()]
            if not pairs or any(len(pair) != 2 for pair in pairs):
                raise ValueError(f"malformed event record: {record!r}")
            events.append(Event(identifier, pairs[0], tuple(pairs[1:])))
    return BratDocument(spans, tuple(events))


def _fragments(spans: dict[str, TextBound], ids: list[str]) -> Fragments:
    return tuple(sorted({fragment for tid in ids for fragment in spans[tid].fragments}))


def attributions_of(document: BratDocument) -> tuple[GoldAttribution, ...]:
    """Every event as a :class:`GoldAttribution`, in file order."""
    found = []
    for event in document.events:
        roles: dict[str, list[str]] = {"Source": [], "Cue": [], "Content": []}
        for role, tid in (event.trigger, *event.arguments):
            if tid not in document.spans:
                raise ValueError(f"event {event.id} refers to unknown span {tid}")
            base = _ROLE_SUFFIX.sub("", role)
            if base in roles:
                roles[base].append(tid)
        cue_ids = roles["Cue"] or [event.trigger[1]]
        found.append(
            GoldAttribution(
                source=_fragments(document.spans, roles["Source"]),
                cue=_fragments(document.spans, cue_ids),
                content=_fragments(document.spans, roles["Content"]),
                id=event.id,
            )
        )
    return tuple(found)


def annotation_files(split: str, root: Path = POLNEAR) -> dict[str, list[Path]]:
    """Article name -> its .ann files, alphabetical (the first one is gold)."""
    files: dict[str, list[Path]] = {}
    for path in sorted((root / split / "attributions").glob("*.ann")):
        name, _annotator = path.stem.rsplit("_", 1)
        files.setdefault(name, []).append(path)
    return files


def load_split(split: str, root: Path = POLNEAR, limit: int | None = None) -> list[Article]:
    """The articles of ``split`` in name order, each with the gold attributions."""
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r}; expected one of {SPLITS}")
    texts = sorted((root / split / "text").glob("*.txt"))
    if not texts:
        raise FileNotFoundError(f"no PolNeAR texts in {root / split / 'text'}")
    annotations = annotation_files(split, root)
    articles = []
    for path in texts[:limit]:
        text = path.read_text("utf-8")
        files = annotations.get(path.stem, [])
        gold = attributions_of(parse_ann(files[0].read_text("utf-8"))) if files else ()
        annotators = tuple(file.stem.rsplit("_", 1)[1] for file in files)
        articles.append(
            Article(path.stem, text, gold, annotators[0] if annotators else "", annotators)
        )
    return articles
