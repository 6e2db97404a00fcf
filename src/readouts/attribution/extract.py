"""Every attribution of a parsed document: source, cue, content spans, kind, speaker, via.

(First version: one attribution per sentence that names a source; the content is the rest
of the sentence. To be replaced by the cue model and the content rules.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from readouts.attribution.model import Attribution, Kind
from readouts.attribution.sentences import attribute_sentences, quote_regions
from readouts.nlp import text_of
from readouts.spans import Span, trim

if TYPE_CHECKING:
    from spacy.tokens import Doc

_STRIP = " \t\r\n,.;:—–-\"'“”‘’«»()"


def extract(doc: Doc) -> list[Attribution]:
    """The attributions of one parsed document, in text order."""
    text = text_of(doc)
    sentences = list(doc.sents)
    regions = quote_regions(text)
    found: list[Attribution] = []
    for sentence, attribution in zip(sentences, attribute_sentences(doc, sentences)):
        if attribution.cue is None or attribution.inherited:
            continue
        content = _rest(text, sentence.start_char, sentence.end_char, attribution)
        found.append(
            Attribution(
                source=attribution.source,
                cue=attribution.cue,
                content=content,
                kind=_kind(content, regions),
                speaker=attribution.speaker,
                via=attribution.via,
            )
        )
    return found


def _rest(text: str, start: int, end: int, attribution) -> tuple[Span, ...]:
    taken = sorted((span.start, span.end) for span in (attribution.source, attribution.cue) if span)
    pieces, cursor = [], start
    for taken_start, taken_end in taken:
        pieces.append((cursor, taken_start))
        cursor = max(cursor, taken_end)
    pieces.append((cursor, end))
    spans = []
    for raw_start, raw_end in pieces:
        piece_start, piece_end = trim(text, raw_start, raw_end, _STRIP)
        if piece_end - piece_start > 1:
            spans.append(Span.of(text, piece_start, piece_end))
    return tuple(spans)


def _kind(content: tuple[Span, ...], regions: list[tuple[int, int]]) -> Kind:
    if not content:
        return "indirect"
    quoted = [
        any(start <= span.start and span.end <= end for start, end in regions)
        or any(span.start < end and start < span.end for start, end in regions)
        for span in content
    ]
    if all(quoted) and all(
        any(start <= span.start + 1 and span.end - 1 <= end for start, end in regions)
        for span in content
    ):
        return "direct"
    return "mixed" if any(quoted) else "indirect"
