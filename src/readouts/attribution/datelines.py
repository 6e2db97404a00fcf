"""Datelines: the place (and date, and agency) that opens a wire story's first line.

"BEIJING, Sept. 9 (Xinhua) -- Chinese President Xi Jinping said ..." and
"MOSCOW (Reuters) - Lavrov said ..." name where the story was filed, not who speaks. The
parser tends to hang the place on the sentence's subject, so without this step the
speaker of such a sentence came out as "BEIJING". A dateline is:

- a place in capitals ("BEIJING", "HAINAN PROVINCE", "ST. LOUIS"), or any place followed by
  an agency in brackets ("Beijing (Xinhua)");
- optionally more of the place and a date after commas (", China", ", Sept. 9");
- optionally the agency in brackets ("(Xinhua)", "(Reuters)");
- then a dash ("--", "—", "–", "-"), or a colon when the place has a comma or an agency in
  it ("HAINAN PROVINCE, China:"): a bare "PENCE:" is a transcript's speaker label; or, as
  TASS writes them, the agency between slashes after a full stop ("MOSCOW, September 10.
  /TASS/.").
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from typing import TYPE_CHECKING

from readouts.nlp import text_of

if TYPE_CHECKING:
    from spacy.tokens import Doc

# Bounded repetitions only: the text is untrusted, and each match starts at a line start.
_DATELINE = re.compile(
    r"(?P<place>[A-Z][A-Za-z'.-]{1,30}(?: [A-Z][A-Za-z'.-]{1,30}){0,3})"
    r"(?P<more>(?:, [A-Z][A-Za-z'.-]{0,30}(?: [A-Z][A-Za-z'.-]{0,30}){0,3}){0,2})"
    r"(?P<date>, [A-Z][a-z]{2,8}\.? \d{1,2}(?:, \d{4})?)?"
    r"(?P<agency> ?\([A-Za-z][A-Za-z .&'/-]{1,40}\))?"
    r"[ \t\xa0]*(?P<mark>--|—|–|-|:|\. ?/[A-Z][A-Za-z-]{1,20}/\.?)[ \t\xa0]+"
)
LINE_PREFIX_CHARS = 120
_CACHE = "readouts.datelines"
_AFTER_ANY = 2**62  # sorts after every end offset


def datelines_of(doc: Doc) -> list[tuple[int, int]]:
    """``dateline_spans`` of a parsed document's text, found once per document (the
    attribution and the claim steps both ask)."""
    spans = doc.user_data.get(_CACHE)
    if spans is None:
        spans = doc.user_data[_CACHE] = dateline_spans(text_of(doc))
    return spans


def dateline_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each dateline in ``text``, its closing dash or colon included."""
    found = []
    start = 0
    while start < len(text):
        while start < len(text) and text[start] in " \t\xa0":
            start += 1
        match = _DATELINE.match(text[start : start + LINE_PREFIX_CHARS])
        if match is not None and _is_dateline(match):
            end = start + match.end("mark")
            found.append((start, end))
        newline = text.find("\n", start)
        if newline < 0:
            break
        start = newline + 1
    return found


def _is_dateline(match: re.Match[str]) -> bool:
    place = match.group("place")
    capitals = sum(ch.isupper() for ch in place) >= 2 and place == place.upper()
    if not (capitals or match.group("agency")):
        return False
    if match.group("mark") == ":":
        return bool(match.group("more") or match.group("date") or match.group("agency"))
    return True


def inside(spans: list[tuple[int, int]], position: int) -> bool:
    """Whether character ``position`` lies in one of ``spans`` (sorted, not overlapping,
    as ``dateline_spans`` gives them)."""
    index = bisect_right(spans, (position, _AFTER_ANY)) - 1
    return index >= 0 and spans[index][0] <= position < spans[index][1]


def end_within(spans: list[tuple[int, int]], start: int, end: int) -> int | None:
    """Where the last of ``spans`` that overlaps ``[start, end)`` ends, if one does."""
    index = bisect_left(spans, (end, -1)) - 1
    if index >= 0 and spans[index][1] > start:
        return spans[index][1]
    return None
