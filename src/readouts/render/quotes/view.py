"""What every rendering of ``readouts quotes`` shows, built once from the results.

Each attribution becomes a :class:`QuoteRow`: its speaker, kind and channel, and an
*excerpt* (the stretch of text from its first span to its last, with adjacent quotation
marks and closing punctuation) split into segments by role: ``source``, ``cue``,
``content`` or plain text. Segments are plain text, so each renderer escapes document text
its own way and never has to trust it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from readouts.render.view import anchor, language_tag

if TYPE_CHECKING:
    from readouts.attribution.model import Attribution
    from readouts.documents import Document
    from readouts.quotes import DocumentQuotes
    from readouts.spans import Span

SOURCE, CUE, CONTENT = "source", "cue", "content"
ROLES: tuple[str, ...] = (SOURCE, CUE, CONTENT)
"""The highlighted parts of an attribution, in legend order."""

ROLE_HELP: dict[str, str] = {
    SOURCE: "who is reported",
    CUE: "the reporting verb or phrase",
    CONTENT: "what was said",
}
KIND_HELP: dict[str, str] = {
    "direct": "quoted word for word",
    "indirect": "reported in other words",
    "mixed": "partly quoted",
}
# Where spans overlap, the narrower role shows: a cue inside a content span stays a cue.
_PRIORITY = {CUE: 0, SOURCE: 1, CONTENT: 2}
_OPENING = "\"'“‘«‹„‚([—–"
_CLOSING = "\"'”’»›)].,;:!?…"
SENTENCE_REACH = 160
"""How far (in characters) an excerpt may widen beyond its spans to whole sentences."""
# A sentence ends at . ! ? or … (and closing marks) before a line break, the end of the
# text, or a space and a capital or digit ("U.S. officials" and "3.5" do not end one).
_ENDS = "[.!?…]+[\"'”’»)\\]]*"
_CAPITAL = "[\"'“‘«(\\[]*[A-Z0-9]"
_SENTENCE_BEFORE = re.compile(rf"{_ENDS}\s+(?={_CAPITAL})|\n\s*")
_SENTENCE_AFTER = re.compile(rf"{_ENDS}(?=\s*\Z|[ \t]*\n|\s+{_CAPITAL})|\n")

Segment = tuple[str, str | None]
"""A piece of document text and its role (``None`` for plain text)."""

Piece = tuple[str, str | None, tuple["QuoteRow", ...]]
"""A segment of a whole document, with the attributions whose excerpts start there."""


@dataclass(frozen=True)
class QuoteRow:
    """One attribution as the renderers show it."""

    number: int
    attribution: Attribution
    excerpt: tuple[Segment, ...]
    start: int | None  # where the excerpt starts in the document (None: no spans)
    anchor: str  # id of the attribution's table row
    marker: str  # id of its number in the document text

    @property
    def speaker(self) -> str | None:
        """The canonical name of who is reported, if known."""
        return self.attribution.speaker

    @property
    def via(self) -> tuple[str, ...]:
        """The channels that report the statement, outermost first."""
        return self.attribution.via

    @property
    def kind(self) -> str:
        """``direct``, ``indirect`` or ``mixed``."""
        return self.attribution.kind

    @property
    def source_text(self) -> str:
        """The words naming the source, or ``""``."""
        return self.attribution.source.text if self.attribution.source else ""

    @property
    def cue_text(self) -> str:
        """The reporting verb or phrase, or ``""``."""
        return self.attribution.cue.text if self.attribution.cue else ""

    @property
    def content_text(self) -> str:
        """What was said; the pieces of a split quotation joined by `` … ``."""
        return " … ".join(span.text for span in self.attribution.content)


@dataclass(frozen=True)
class DocumentView:
    """One document: its attributions in order, and its whole text split by role."""

    number: int
    document: Document
    rows: tuple[QuoteRow, ...]
    anchor: str

    @property
    def label(self) -> str:
        """The document's label, else its file name."""
        return self.document.name

    @property
    def lang(self) -> str | None:
        """The document's language tag, when known (the ``lang`` of its text in HTML)."""
        return language_tag(self.document)

    @property
    def path(self) -> str | None:
        """Where the document was read from (``None`` for standard input or text)."""
        return self.document.path

    @property
    def chars(self) -> int:
        """Length of the document text, in characters."""
        return len(self.document.text)

    @cached_property
    def body(self) -> tuple[Piece, ...]:
        """The whole text as pieces; each attribution rides on the piece its excerpt starts."""
        starts: dict[int, list[QuoteRow]] = {}
        for row in self.rows:
            if row.start is not None:
                starts.setdefault(row.start, []).append(row)
        segments = role_segments(
            self.document.text,
            _role_spans(row.attribution for row in self.rows),
            breaks=starts,
        )
        pieces: list[Piece] = []
        position = 0
        for text, role in segments:
            pieces.append((text, role, tuple(starts.get(position, ()))))
            position += len(text)
        return tuple(pieces)


@dataclass(frozen=True)
class QuotesView:
    """Everything a renderer needs, documents in input order."""

    documents: tuple[DocumentView, ...]

    @property
    def title(self) -> str:
        """The labels joined (``duma.txt · xinhua.txt``), or a count for more than three."""
        if len(self.documents) > 3:
            return f"{len(self.documents)} documents"
        return " · ".join(entry.label for entry in self.documents) or "no documents"

    @property
    def attribution_count(self) -> int:
        """How many attributions all documents have together."""
        return sum(len(entry.rows) for entry in self.documents)

    def kind_counts(self) -> dict[str, int]:
        """How many attributions of each kind, in :data:`KIND_HELP` order."""
        counts = dict.fromkeys(KIND_HELP, 0)
        for entry in self.documents:
            for row in entry.rows:
                counts[row.kind] = counts.get(row.kind, 0) + 1
        return counts


def build_quotes_view(results: Sequence[DocumentQuotes]) -> QuotesView:
    """Number the documents (from 1) and their attributions, and split excerpts by role."""
    documents = []
    for doc_number, result in enumerate(results, start=1):
        text = result.document.text
        rows = []
        for number, attribution in enumerate(result.attributions, start=1):
            bounds = excerpt_bounds(text, attribution)
            excerpt = (
                tuple(
                    role_segments(text, _role_spans([attribution]), start=bounds[0], end=bounds[1])
                )
                if bounds
                else ()
            )
            key = f"d{doc_number}-{number}"
            rows.append(
                QuoteRow(
                    number=number,
                    attribution=attribution,
                    excerpt=excerpt,
                    start=bounds[0] if bounds else None,
                    anchor=anchor("quote", key),
                    marker=anchor("text", key),
                )
            )
        documents.append(
            DocumentView(
                number=doc_number,
                document=result.document,
                rows=tuple(rows),
                anchor=anchor("document", str(doc_number)),
            )
        )
    return QuotesView(tuple(documents))


def excerpt_bounds(text: str, attribution: Attribution) -> tuple[int, int] | None:
    """``[start, end)`` of the sentence around the attribution's spans, in ``text``.

    From the attribution's first span to its last, widened to the sentence: back to just
    after the previous sentence end (``.``, ``!``, ``?`` or ``…`` and a space) or line
    break, forward to the next sentence end with its closing quotation marks. Each side
    looks at most :data:`SENTENCE_REACH` characters away; beyond that the excerpt keeps to
    the spans plus adjacent quotation marks and punctuation. ``None`` without spans.

    >>> from readouts.attribution.model import Attribution
    >>> from readouts.spans import Span
    >>> text = 'Talks ended. "We will win," Putin told reporters. He left.'
    >>> a = Attribution(Span.of(text, 28, 33), Span.of(text, 34, 38),
    ...                 (Span.of(text, 14, 25),), "direct")
    >>> start, end = excerpt_bounds(text, a)
    >>> text[start:end]
    '"We will win," Putin told reporters.'
    """
    spans = _spans(attribution)
    if not spans:
        return None
    start = max(0, min(span.start for span in spans))
    end = min(len(text), max(span.end for span in spans))
    reach = max(0, start - SENTENCE_REACH)
    # Look past ``start`` so the lookahead can see the capital that opens the sentence.
    before = [m for m in _SENTENCE_BEFORE.finditer(text, reach, start + 8) if m.end() <= start]
    if before:
        start = before[-1].end()
    elif reach == 0:
        start = len(text[:start]) - len(text[:start].lstrip())
    else:
        while start > 0 and text[start - 1] in _OPENING:
            start -= 1
    after = _SENTENCE_AFTER.search(text, end, end + SENTENCE_REACH)
    if end > 0 and text[end - 1] in ".!?…":  # the spans already end the sentence
        after = None
    if after:
        end = after.start() if after.group() == "\n" else after.end()
    elif end + SENTENCE_REACH >= len(text) and not (end > 0 and text[end - 1] in ".!?…"):
        end = len(text.rstrip())
    else:
        while end < len(text) and text[end] in _CLOSING:
            end += 1
    return start, max(end, start)


def role_segments(
    text: str,
    spans: Iterable[tuple[Span, str]],
    *,
    start: int = 0,
    end: int | None = None,
    breaks: Iterable[int] = (),
) -> list[Segment]:
    """Split ``text[start:end]`` into ``(segment, role)`` pairs.

    ``spans`` pair document spans with roles; where they overlap the cue wins over the
    source, and both over the content. Spans are clipped to ``[start, end)``; ``breaks``
    are extra offsets where a segment must start. The segments join to ``text[start:end]``.

    >>> from readouts.spans import Span
    >>> text = "Li said that China supports Russia."
    >>> role_segments(text, [(Span.of(text, 0, 2), "source"), (Span.of(text, 3, 7), "cue"),
    ...                      (Span.of(text, 8, 34), "content")])  # doctest: +NORMALIZE_WHITESPACE
    [('Li', 'source'), (' ', None), ('said', 'cue'), (' ', None),
     ('that China supports Russia', 'content'), ('.', None)]
    """
    end = len(text) if end is None else end
    events: list[tuple[int, int, str | None]] = [
        (point, 0, None) for point in breaks if start < point < end
    ]
    for span, role in spans:
        first, last = max(start, span.start), min(end, span.end)
        if first < last:
            events += [(first, 1, role), (last, -1, role)]
    events.sort(key=lambda event: event[0])
    active = dict.fromkeys(ROLES, 0)
    segments: list[Segment] = []
    position = start
    index = 0
    while index < len(events):
        point = events[index][0]
        if point > position:
            segments.append((text[position:point], _top(active)))
            position = point
        while index < len(events) and events[index][0] == point:
            _, delta, role = events[index]
            if role is not None:
                active[role] += delta
            index += 1
    if position < end:
        segments.append((text[position:end], _top(active)))
    return _merge(segments, {point for point, _, role in events if role is None}, start)


def _top(active: dict[str, int]) -> str | None:
    roles = [role for role, count in active.items() if count > 0]
    return min(roles, key=_PRIORITY.__getitem__) if roles else None


def _merge(segments: list[Segment], breaks: set[int], start: int) -> list[Segment]:
    """Join neighbours of the same role, except at a break (``start``: where they begin)."""
    merged: list[Segment] = []
    position = start
    for text, role in segments:
        if merged and merged[-1][1] == role and position not in breaks:
            merged[-1] = (merged[-1][0] + text, role)
        else:
            merged.append((text, role))
        position += len(text)
    return merged


def _spans(attribution: Attribution) -> list[Span]:
    spans = [span for span in (attribution.source, attribution.cue) if span is not None]
    return spans + list(attribution.content)


def _role_spans(attributions: Iterable[Attribution]) -> list[tuple[Span, str]]:
    spans: list[tuple[Span, str]] = []
    for attribution in attributions:
        if attribution.source is not None:
            spans.append((attribution.source, SOURCE))
        if attribution.cue is not None:
            spans.append((attribution.cue, CUE))
        spans += [(span, CONTENT) for span in attribution.content]
    return spans
