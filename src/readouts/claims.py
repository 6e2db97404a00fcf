"""The claim: one statement of one document, with everything later steps compare."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from heapq import heappop, heappush
from typing import TYPE_CHECKING, Any, Literal

from readouts import progress
from readouts.attribution import REPORTING_VERBS as REPORTING_CUES
from readouts.attribution import Attribution, SentenceAttribution, extract, split_statements
from readouts.attribution.datelines import datelines_of, end_within
from readouts.attribution.sentences import quotations_of
from readouts.nlp import entities_in, text_of
from readouts.spans import Span, trim
from readouts.terms import (
    SCALES,
    Term,
    entity_key,
    is_number_word,
    parse_number,
    rated,
    read_amount,
)
from readouts.times import CUE_WORDS, TIME_LABELS, reference_of, time_value

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

Stance = Literal["support", "oppose"]
Intensity = Literal["strong", "hedge"]


@dataclass(frozen=True)
class Marker:
    """A word that carries polarity, stance or intensity, with its place in the text."""

    kind: str  # "negation" | "support" | "oppose" | "strong" | "hedge"
    lemma: str
    span: Span
    # Keys of the words this marker governs (the negated verb and its object, say).
    scope: frozenset[str] = frozenset()

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "lemma": self.lemma, **self.span.to_dict()}


@dataclass(frozen=True)
class Claim:
    """A claim unit: a sentence, or one attributed statement of a sentence that holds two.

    ``text == document.text[start:end]``. ``speaker`` is the canonical name of who the
    document says made the statement; ``source`` and ``cue`` point at the words that say so.
    ``repeats`` are the later places the document says the same thing again.
    """

    id: str
    doc: str
    index: int
    start: int
    end: int
    text: str
    speaker: str | None = None
    source: Span | None = None
    cue: Span | None = None
    via: tuple[str, ...] = ()
    terms: tuple[Term, ...] = ()
    lemmas: tuple[str, ...] = ()
    words: tuple[str, ...] = ()
    markers: tuple[Marker, ...] = ()
    keys: frozenset[str] = field(default=frozenset(), compare=False)
    # The other places the document says the same sentence (same words, whatever the
    # case and spacing, and the same speaker), in text order: one claim stands for all.
    repeats: tuple[Span, ...] = ()
    # The document's headline: matched only with other documents' titles, never reported
    # as a one-sided statement or a softening.
    title: bool = False
    # What was said (from the attribution), inside ``[start, end)``: the claim's text is
    # the whole sentence, reporting verb and quotation marks included; ``content`` is the
    # part the speaker is reported to have said. Empty when the claim is no statement.
    content: tuple[Span, ...] = ()
    # The claim's predicates and their subjects and objects, as (start offset, lemma,
    # "VERB" or "NOUN" or "ADJ"): "reached" and "agreement" in "the ministers reached
    # agreement on the line", not "agreement" in "obligations under the ceasefire
    # agreement". A word that negates one of them ("not" in "did not care") is there with
    # the lemma and part of speech of the word it negates. Internal, not in the JSON: what
    # a contradiction between unmatched claims must turn on.
    core: frozenset[tuple[int, str, str]] = field(default=frozenset(), compare=False)
    # Whether the claim speaks of something to come ("will meet", "agreed to hold"):
    # a time of a past event is not set against a time of a coming one.
    future: bool = field(default=False, compare=False)
    # The language the claim is written in (a code of readouts.languages.LANGUAGES):
    # words and names are compared as words only within one language.
    lang: str = field(default="en", compare=False)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "doc": self.doc,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "speaker": self.speaker,
            "source": self.source.to_dict() if self.source else None,
            "cue": self.cue.to_dict() if self.cue else None,
            "via": list(self.via),
            "terms": [term.to_dict() for term in self.terms],
            "repeats": [span.to_dict() for span in self.repeats],
            "content": [span.to_dict() for span in self.content],
        }
        if self.title:
            data["title"] = True
        return data

    def markers_of(self, *kinds: str) -> tuple[Marker, ...]:
        return tuple(marker for marker in self.markers if marker.kind in kinds)


def as_document(claims: Sequence[Claim], doc_id: str) -> list[Claim]:
    """``claims`` (of one document, read under any id) as the claims of document
    ``doc_id`` of a comparison: ids "B1", "B2", ... in order, offsets unchanged."""
    return [
        replace(claim, doc=doc_id, id=f"{doc_id}{number}")
        for number, claim in enumerate(claims, 1)
    ]


def merge_claims(claims: Sequence[Claim]) -> Claim:
    """One claim standing for consecutive claims of one document, to score it as a whole
    against a claim that covers them all. Internal only, never reported: its offsets run
    from the first start to the last end, but its text joins the claims' texts with single
    spaces. It keeps the first claim's id and attribution."""
    first, last = claims[0], claims[-1]
    text = " ".join(claim.text for claim in claims)
    return Claim(
        id=first.id,
        doc=first.doc,
        index=first.index,
        start=first.start,
        end=last.end,
        text=text,
        speaker=first.speaker,
        source=first.source,
        cue=first.cue,
        via=first.via,
        terms=tuple(term for claim in claims for term in claim.terms),
        lemmas=tuple(lemma for claim in claims for lemma in claim.lemmas),
        words=tuple(word for claim in claims for word in claim.words),
        markers=tuple(marker for claim in claims for marker in claim.markers),
        keys=frozenset().union(*(claim.keys for claim in claims)),
        core=frozenset().union(*(claim.core for claim in claims)),
        future=any(claim.future for claim in claims),
        lang=first.lang,
    )


# --- extraction -------------------------------------------------------------------------

NUMERIC_LABELS = frozenset({"CARDINAL", "MONEY", "PERCENT", "QUANTITY"})
CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "ADV", "NUM"})
# Verbs too light to count as a difference on their own.
LIGHT_VERBS = frozenset("be have do make take get go give come put set keep".split())
SUPPORT = frozenset(
    "support back endorse welcome praise approve favor favour commend applaud defend champion "
    "understand embrace uphold".split()
)
OPPOSE = frozenset(
    "condemn oppose criticize criticise reject denounce deplore protest disapprove blame "
    "attack slam veto decry censure".split()
)
# Intensifiers: words that say a statement is meant in full ("firmly", "fully",
# "immediately"). Quantifiers ("all", "every") and negations ("never") are not intensity.
STRONG = frozenset(
    "fully firmly strongly completely totally absolutely resolutely unequivocally explicitly "
    "definitely certainly deeply vigorously staunch staunchly unwavering unswervingly "
    "steadfastly full firm resolute categorically immediately immediate urgently".split()
)
# Demands: verbs that ask for an action rather than wish for it ("urged", "demanded").
DEMANDS = frozenset("demand urge insist".split())
# Modal verbs (tagged MD, so the month "May" is none of them): "will" and "must" state,
# "may" and "could" allow. "would" counts as "will" only in reported speech ("said they
# would build"); elsewhere it is a conditional ("would welcome") and no marker. "should"
# advocates ("the two sides should jointly oppose") as much as "called for": no hedge.
STRONG_MODALS = frozenset("will must shall".split())
HEDGE_MODALS = frozenset("may might could".split())
HEDGE = frozenset(
    "possibly perhaps partly partially somewhat likely probably reportedly allegedly "
    "relatively fairly slightly hope wish seek try suggest willingness willing".split()
)
# Inflected forms of the hedges above that the small model sometimes lemmatises wrongly
# ("hopes" -> "hop").
HEDGE_FORMS = {
    "hopes": "hope",
    "hoped": "hope",
    "hoping": "hope",
    "wishes": "wish",
    "wished": "wish",
    "seeks": "seek",
    "sought": "seek",
    "tries": "try",
    "tried": "try",
    "suggests": "suggest",
    "suggested": "suggest",
}
# Several-word markers, matched token by token on the word or its lemma; a word inside
# one is no marker of its own ("possible" in "as soon as possible").
HEDGE_PHRASES: tuple[tuple[str, ...], ...] = (
    ("study", "the", "possibility"),
    ("explore", "the", "possibility"),
    ("consider", "the", "possibility"),
    ("would", "like", "to"),
    ("as", "soon", "as", "possible"),
    ("look", "forward", "to"),
    ("if", "possible"),
    ("where", "possible"),
    ("in", "principle"),
    ("expected", "to"),
    ("would", "consider"),
    ("will", "consider"),
    ("consider", "resume"),
)
STRONG_PHRASES: tuple[tuple[str, ...], ...] = (
    ("call", "on"),
    ("call", "upon"),
    ("call", "for"),
    ("at", "once"),
    ("without", "delay"),
    ("commit", "to"),
)
NEGATIONS = frozenset("not n't never no without neither nor".split())
# Words that negate the action they govern: "failed to address", "refusal to take part",
# "declined to comment", "no comment".
NEGATING_GOVERNORS = frozenset("refuse refusal decline fail failure deny unable".split())


def extract_claims(doc_id: str, parsed: Doc, title: Span | None = None) -> list[Claim]:
    """Cut a parsed document into claims, with speaker, key terms and markers.

    A sentence the document says more than once by the same speaker (a story pasted
    twice, a refrain) is one claim, at its first place, with the others as ``repeats``.

    ``title`` is where the document's headline is (:attr:`Document.title
    <readouts.documents.Document.title>`): it becomes the first claim, with ``title=True``,
    unless it is not a claim (fewer than two words, a date alone). A dateline is never part
    of a claim; a sentence that is only a reporting clause after a quotation ("“We will
    not back down.” Li said.") is one claim with the quotation.

    >>> doc = nlp("Li met Volodin. He said talks went well.")  # doctest: +SKIP
    >>> [claim.id for claim in extract_claims("A", doc)]  # doctest: +SKIP
    ['A1', 'A2']
    """
    text = text_of(parsed)
    with progress.task(
        "Finding claims", total=len(text), expected_s=len(text) / CLAIM_CHARS_PER_SECOND
    ) as advance:
        datelines = datelines_of(parsed)
        heading = _title_unit(parsed, title)
        units = [] if heading is None else [heading]
        after = 0 if heading is None else heading.end_char
        for whole in _sentences(parsed):
            sentence = whole
            if whole.start_char < after:  # the headline's line: the rest of it, if any
                rest = [token for token in whole if token.idx >= after]
                if not rest:
                    continue
                sentence = parsed[rest[0].i : whole.end]
            for statement in split_statements(sentence):
                for unit in _around_datelines(statement, datelines):
                    if _is_claim(unit):
                        units.append(unit)
        advance(0.1 * len(text))
        found = extract(parsed)  # the attributions: most of this step's time
        advance(0.6 * len(text))
        attributed = speakers_of(units, found)
        contents = _contents(units, attributed, found)
        claims = [
            claim_of(doc_id, index, unit, attribution, content=content)
            for index, (unit, attribution, content) in enumerate(
                zip(units, attributed, contents), start=1
            )
        ]
        if heading is not None:
            claims[0] = replace(claims[0], title=True)
        advance(0.3 * len(text))
    return merge_repeats(claims)


def _title_unit(parsed: Doc, title: Span | None) -> SpacySpan | None:
    """The tokens of the headline at ``title``, if it makes a claim: two words or more,
    not only a date or a time (a date line is no headline)."""
    if title is None or not 0 <= title.start < title.end <= len(parsed.text):
        return None
    unit = parsed.char_span(title.start, title.end, alignment_mode="contract")
    if unit is None or not len(unit):
        return None
    end = unit.end
    while end < len(parsed) and parsed[end].is_space:  # the line break, as a sentence has it
        end += 1
    unit = parsed[unit.start : end]
    return unit if _is_claim(unit) else None


def _sentences(parsed: Doc) -> Iterator[SpacySpan]:
    """The document's sentences, a reporting clause alone ("Li said.", "Volodin said,
    adding that ...") joined to the quotation before it when that sentence is a quotation
    and nothing else: the parser ends a sentence at the quotation's full stop, and the
    quotation would lose its speaker, the clause its content."""
    previous: SpacySpan | None = None
    for sentence in parsed.sents:
        if previous is not None and _quotation_only(previous) and _reporting_clause(sentence):
            previous = parsed[previous.start : sentence.end]
            yield previous
            previous = None
            continue
        if previous is not None:
            yield previous
        previous = sentence
    if previous is not None:
        yield previous


_OPENING_QUOTES = "“\"«„‘'"
_CLOSING_QUOTES = "”\"»’'"


def _quotation_only(sentence: SpacySpan) -> bool:
    """Whether ``sentence`` opens with a quotation mark and ends with a closing one."""
    words = sentence.text.strip()
    return len(words) > 2 and words[0] in _OPENING_QUOTES and words[-1] in _CLOSING_QUOTES


def _reporting_clause(sentence: SpacySpan) -> bool:
    """Whether ``sentence`` opens with who spoke and a reporting verb whose content is not
    in the sentence: "Li said.", "said Li.", "Volodin said, adding that ..."."""
    root = sentence.root
    if root.lemma_.lower() not in REPORTING_CUES or root.pos_ not in ("VERB", "AUX"):
        return False
    children = list(root.children)
    subjects = [child for child in children if child.dep_ == "nsubj"]
    if not subjects or any(child.dep_ in ("ccomp", "xcomp", "dobj") for child in children):
        return False
    first = next((token for token in sentence if not (token.is_punct or token.is_space)), None)
    return first is not None and first.i in (root.i, subjects[0].left_edge.i)


def _around_datelines(unit: SpacySpan, datelines: list[tuple[int, int]]) -> list[SpacySpan]:
    """``unit`` without the datelines in it: the part before a dateline (a headline the
    parser ran into the next line) and the part after it, each its own unit."""
    rest = _past_dateline(unit, datelines)
    if rest is None:
        return []
    pieces: list[SpacySpan] = []
    while True:
        # The first dateline that starts inside the unit (they are sorted): a bisection,
        # so a text of many short wire items stays linear.
        index = bisect_left(datelines, (rest.start_char + 1, -1))
        if index >= len(datelines) or datelines[index][0] >= rest.end_char:
            break
        start, end = datelines[index]
        before = [token for token in rest if token.idx + len(token.text) <= start]
        if before:
            pieces.append(rest.doc[rest.start : before[-1].i + 1])
        after = [token for token in rest if token.idx >= end]
        if not after:
            return pieces
        rest = rest.doc[after[0].i : rest.end]
    pieces.append(rest)
    return pieces


def _contents(
    units: Sequence[SpacySpan],
    attributed: Sequence[SentenceAttribution],
    attributions: Sequence[Attribution],
) -> list[tuple[Span, ...]]:
    """What was said in each unit: the content spans, inside the unit, of the attributions
    of its speaker whose cue lies in it (of the one it inherits its speaker from, inside
    a longer quotation), trimmed of spaces and quotation marks. A statement whose
    attribution found no content ("“We will not back down.” Li said.") has the
    quotations of its unit as content."""
    by_cue: dict[tuple[int, int], list[Attribution]] = {}
    for attribution in attributions:
        if attribution.cue is not None:
            by_cue.setdefault((attribution.cue.start, attribution.cue.end), []).append(attribution)
    cues = sorted(by_cue)
    found: list[tuple[Span, ...]] = []
    for unit, owner in zip(units, attributed):
        if owner.speaker is None:
            found.append(())
            continue
        start, end = unit.start_char, unit.end_char
        if owner.inherited and owner.cue is not None:
            keys = [(owner.cue.start, owner.cue.end)]
        else:
            keys = cues[bisect_left(cues, (start, -1)) : bisect_left(cues, (end, -1))]
        spans: list[Span] = []
        for key in keys:
            for attribution in by_cue.get(key, ()):
                if attribution.speaker != owner.speaker:
                    continue
                for span in attribution.content:
                    piece = _content_piece(unit, max(start, span.start), min(end, span.end))
                    if piece is not None and piece not in spans:
                        spans.append(piece)
        if not spans and not owner.inherited:
            quotes = quotations_of(unit.doc).starting_within(start, end)
            for low_q, high_q in quotes:
                if high_q <= end:
                    piece = _content_piece(unit, low_q, high_q)
                    if piece is not None:
                        spans.append(piece)
        found.append(_union(unit, spans))
    return found


def _union(unit: SpacySpan, spans: list[Span]) -> tuple[Span, ...]:
    """``spans`` in text order with overlapping or touching ones joined."""
    text = text_of(unit.doc)
    joined: list[tuple[int, int]] = []
    for span in sorted(spans):
        if joined and span.start <= joined[-1][1]:
            joined[-1] = (joined[-1][0], max(joined[-1][1], span.end))
        else:
            joined.append((span.start, span.end))
    return tuple(Span(start, end, text[start:end]) for start, end in joined)


_CONTENT_EDGES = " \t\r\n\f\v,;:\"'“”‘’«»„"


def _content_piece(unit: SpacySpan, start: int, end: int) -> Span | None:
    text = text_of(unit.doc)
    start, end = trim(text, start, end, _CONTENT_EDGES)
    return Span(start, end, text[start:end]) if start < end else None


# Characters of parsed text the claim step (attributions included) gets through per
# second on the machine of docs/benchmarks.md: 40,000 to 100,000, three to six times as
# many as the parser.
CLAIM_CHARS_PER_SECOND = 50_000


def merge_repeats(claims: Sequence[Claim]) -> list[Claim]:
    """``claims`` with every repeated statement folded into its first occurrence.

    Two claims repeat each other when their texts are the same up to case and spacing and
    they have the same speaker. The first keeps its place, attribution and terms and lists
    the later ones' spans in ``repeats``; the claims left are numbered 1, 2, ... again. A
    line that says the headline again (an article pasted twice) is a repeat of the title.
    """
    first: dict[tuple[str, str | None], int] = {}
    kept: list[Claim] = []
    repeats: list[list[Span]] = []
    for claim in claims:
        key = (" ".join(claim.text.split()).casefold(), claim.speaker)
        position = first.get(key)
        if position is None:
            first[key] = len(kept)
            kept.append(claim)
            repeats.append(list(claim.repeats))
        else:
            repeats[position].append(Span(claim.start, claim.end, claim.text))
            repeats[position].extend(claim.repeats)
    if len(kept) == len(claims):
        return list(claims)
    doc_id = kept[0].doc
    return [
        replace(claim, id=f"{doc_id}{index}", index=index, repeats=tuple(spans))
        for index, (claim, spans) in enumerate(zip(kept, repeats), start=1)
    ]


def speaker_of(unit: SpacySpan, attributions: Sequence[Attribution]) -> SentenceAttribution:
    """Who a claim unit is attributed to: the attribution whose cue lies in it (the one
    whose content overlaps it most, when there are several), else the attribution whose
    quoted content covers it (a sentence inside a longer quotation)."""
    return speakers_of([unit], attributions)[0]


def speakers_of(
    units: Sequence[SpacySpan], attributions: Sequence[Attribution]
) -> list[SentenceAttribution]:
    """:func:`speaker_of` for every unit of one document, in one sweep: the units in text
    order against the attributions' cues and content spans sorted by where they start,
    so each unit looks only at the attributions that touch it and the step stays linear
    in the document (asking every attribution about every unit was quadratic)."""
    with_speaker = [a for a in attributions if a.speaker]
    cued = sorted((a.cue.start, position) for position, a in enumerate(with_speaker) if a.cue)
    cue_starts = [start for start, _ in cued]
    pieces = sorted(
        (span.start, span.end, position)
        for position, a in enumerate(with_speaker)
        for span in a.content
    )
    found: list[SentenceAttribution] = [SentenceAttribution(None, None, None)] * len(units)
    active: list[tuple[int, int]] = []  # (end, attribution) of the content spans begun
    next_piece = 0
    for index in sorted(range(len(units)), key=lambda i: units[i].start_char):
        start, end = units[index].start_char, units[index].end_char

        def overlap(attribution: Attribution, start: int = start, end: int = end) -> int:
            return sum(
                max(0, min(end, span.end) - max(start, span.start)) for span in attribution.content
            )

        while next_piece < len(pieces) and pieces[next_piece][0] < end:
            heappush(active, (pieces[next_piece][1], pieces[next_piece][2]))
            next_piece += 1
        while active and active[0][0] <= start:
            heappop(active)
        owners = sorted(
            position
            for _, position in cued[bisect_left(cue_starts, start) : bisect_left(cue_starts, end)]
        )
        if owners:
            best = max((with_speaker[i] for i in owners), key=overlap)
            # A statement a channel reports points at its speaker's words ("Halloran
            # proposed"), not at the channel's ("the Pentagon said").
            found[index] = SentenceAttribution(
                best.speaker,
                best.speaker_source or best.source,
                best.speaker_cue or best.cue,
                best.via,
            )
            continue
        covering = [
            with_speaker[i]
            for i in sorted({position for _, position in active})
            if overlap(with_speaker[i]) >= (end - start) // 2
        ]
        if covering:
            best = max(covering, key=overlap)
            found[index] = SentenceAttribution(
                best.speaker,
                best.speaker_source or best.source,
                best.speaker_cue or best.cue,
                best.via,
                inherited=True,
            )
    return found


def _past_dateline(unit: SpacySpan, datelines: list[tuple[int, int]]) -> SpacySpan | None:
    """``unit`` without the dateline that opens it ("BEIJING, Sept. 9 (Xinhua) --"), so
    that where a story was filed is not taken for something one account says."""
    cut = end_within(datelines, unit.start_char, unit.start_char + 1)
    if cut is None:
        return unit
    rest = [token for token in unit if token.idx >= cut]
    return unit.doc[rest[0].i : unit.end] if rest else None


def claim_of(
    doc_id: str,
    index: int,
    span: SpacySpan,
    attribution: SentenceAttribution,
    *,
    content: tuple[Span, ...] = (),
) -> Claim:
    """Build the claim ``doc_id``+``index`` from a parsed span and its attribution.

    The claim's text is the whole span (its reporting verb and quotation marks included)
    without surrounding spaces; a statement cut from a longer sentence leaves out the
    comma, semicolon or colon it ends at, but not a closing quotation mark. ``content``
    (what was said) is kept where it lies inside the claim.
    """
    text = text_of(span.doc)
    start, end = trim(text, span.start_char, span.end_char)
    # A statement cut from a longer sentence ends at a comma: leave the comma out.
    end = trim(text, start, end, " \t\r\n\f\v,;:")[1]
    content = tuple(piece for piece in content if start <= piece.start < piece.end <= end)
    terms = _terms(span)
    lemmas = _lemmas(span)
    return Claim(
        id=f"{doc_id}{index}",
        doc=doc_id,
        index=index,
        start=start,
        end=end,
        text=text[start:end],
        speaker=attribution.speaker,
        source=attribution.source,
        cue=attribution.cue,
        via=attribution.via,
        terms=terms,
        lemmas=lemmas,
        words=tuple(t.lower_ for t in span if not (t.is_punct or t.is_space)),
        markers=_markers(span),
        keys=frozenset(lemmas) | {term.key for term in terms},
        content=content,
        core=_core(span),
        future=_future(span),
    )


# Entity labels of a date or time: a line that holds nothing else is no claim.
_WHEN_LABELS = frozenset({"DATE", "TIME"})


def _is_claim(sentence: SpacySpan) -> bool:
    """Whether a unit says something: two words or more, and not only a date or time
    ("Wednesday, September 9, 2026"), nor a byline ("By John Smith")."""
    words = [token for token in sentence if token.is_alpha or token.like_num]
    if len(words) < 2:
        return False
    if all(token.ent_type_ in _WHEN_LABELS or token.like_num for token in words):
        return False
    return not _is_byline(sentence, words)


def _is_byline(sentence: SpacySpan, words: list[Token]) -> bool:
    """"By John Smith", "By Jane Doe and Li Wei, Reuters": "By" and names, no verb."""
    if words[0].lower_ != "by" or words[0].i != sentence.start or len(words) > 12:
        return False
    return all(
        token.pos_ in ("PROPN", "CCONJ", "PUNCT", "SPACE", "ADP", "DET", "NUM")
        or token.ent_type_ in ("PERSON", "ORG", "GPE", "NORP")
        or not token.is_alpha
        for token in sentence[1:]
    )


def _terms(sentence: SpacySpan) -> tuple[Term, ...]:
    doc = sentence.doc
    terms: list[Term] = []
    covered: set[int] = set()
    text_all = text_of(doc)
    for first, last in _shares(sentence):
        covered.update(range(first.i, last.i + 1))
        amount = read_amount([t.text for t in doc[first.i : last.i + 1]])
        if amount is not None:
            start, end = first.idx, last.idx + len(last.text)
            terms.append(_amount_term(text_all[start:end], start, end, "NUM", amount, "percent"))
    for ent in entities_in(doc, sentence.start, sentence.end):
        if ent.start in covered and ent.end - 1 in covered:
            continue
        covered.update(range(ent.start, ent.end))
        start, end = trim(text_all, ent.start_char, ent.end_char, " \t\r\n.,;:\"'“”‘’()")
        if start >= end:
            continue
        text = text_all[start:end]
        if ent.label_ in NUMERIC_LABELS:
            terms.extend(_number_terms(ent))
            continue
        if ent.label_ == "ORDINAL":
            terms.extend(_share_of_ordinal(ent))
            continue
        if ent.label_ == "DATE" and _RATE_DATE.match(text) and ent[0].like_num:
            covered.difference_update(range(ent.start, ent.end))
            continue  # "10 a week": a count per week, read below, not a date
        if ent.label_ in TIME_LABELS:
            found = time_value(ent, reference_of(doc), REPORTING_CUES)
            if found is not None:
                value, start, end = found
                text = text_all[start:end]
                terms.append(Term("time", value.key, text, start, end, ent.label_, time=value))
                continue
            if all(token.lower_ in CUE_WORDS for token in ent):
                continue  # "no later than" tagged apart from its date
        key = entity_key(text)
        if key:
            terms.append(Term("entity", key, text, start, end, ent.label_))
    spelled: list[Token] = []
    for token in sentence:
        if token.i in covered:
            continue
        if _spelled_number(token):
            spelled.append(token)
            continue
        if spelled:
            terms.extend(_spelled_terms(spelled))
            spelled = []
        if token.like_num and not token.is_alpha:
            value = parse_number([token.text])
            if value is not None:
                unit = token.head.lemma_.lower() if token.dep_ == "nummod" else "count"
                if token.dep_ == "nummod" and token.head.i < token.i:
                    unit += " no."  # "resolution 2817": a name, not a count
                terms.append(
                    Term(
                        "number",
                        f"#{unit}:{value:g}",
                        token.text,
                        token.idx,
                        token.idx + len(token.text),
                        "NUM",
                        value,
                        unit,
                    )
                )
            continue
        if _is_content(token) and token.lemma_.lower() not in LIGHT_VERBS:
            key = token.lemma_.lower()
            if key in REPORTING_CUES:
                continue
            terms.append(
                Term("word", key, token.text, token.idx, token.idx + len(token.text), token.pos_)
            )
    if spelled:
        terms.extend(_spelled_terms(spelled))
    terms = [rated(term, text_all, "en", sentence.start_char, sentence.end_char) for term in terms]
    terms.sort(key=lambda term: (term.start, term.end))
    return tuple(terms)


# A date entity that is a count per period: "10 a week", "three per day".
_RATE_DATE = re.compile(r"^\S+\s+(?:a|an|per)\s+(?:day|week|month|year)$", re.IGNORECASE)


# Spelled-out numbers the parser does not tag: "a dozen agreements", "twelve ships".
# "one" alone is left out: mostly a pronoun ("the one that ...") or an article.
_NOT_COUNTS = frozenset({"one", "half"})


def _share_of_ordinal(ent: SpacySpan) -> list[Term]:
    """'a third of the budget', 'two-thirds of members': a share the parser tags as an
    ORDINAL; 'the third round' stays no number."""
    doc = ent.doc
    first = ent.start
    if ent[0].lower_ not in ("a", "an", "one") and not is_number_word(ent[0].text):
        if first == 0 or doc[first - 1].lower_ not in ("a", "an", "one"):
            return []
        first -= 1
    words = [token.text for token in doc[first : ent.end]]
    amount = read_amount(words)
    if amount is None or not amount.percent:
        return []
    start, end = doc[first].idx, ent.end_char
    return [_amount_term(text_of(doc)[start:end], start, end, "NUM", amount, "percent")]


def _shares(sentence: SpacySpan) -> list[tuple[Token, Token]]:
    """Shares written as two numbers: "one in five", "1 out of 4" (the parser tags the
    two numbers apart, or not at all)."""
    found = []
    tokens = list(sentence)
    for i, token in enumerate(tokens[:-2]):
        if not _counts(token):
            continue
        if tokens[i + 1].lower_ == "in" and _counts(tokens[i + 2]):
            found.append((token, tokens[i + 2]))
        elif (
            i + 3 < len(tokens)
            and tokens[i + 1].lower_ == "out"
            and tokens[i + 2].lower_ == "of"
            and _counts(tokens[i + 3])
        ):
            found.append((token, tokens[i + 3]))
    return found


def _counts(token: Token) -> bool:
    return (token.like_num and not token.text[:1].isdigit() and is_number_word(token.text)) or (
        token.text.isdigit() and len(token.text) <= 3
    )


def _spelled_number(token: Token) -> bool:
    """A number word outside any entity: 'dozen', 'twelve', 'two' (when it counts)."""
    if not token.is_alpha or token.lower_ in _NOT_COUNTS:
        return False
    return token.pos_ in ("NUM", "NOUN", "ADJ") and is_number_word(token.text)


def _spelled_terms(tokens: list[Token]) -> list[Term]:
    """The number term of a run of spelled-out number words ("a dozen", "two hundred"),
    counting the noun it modifies; none when the words give no number."""
    doc = tokens[0].doc
    first = tokens[0]
    if first.i > 0 and doc[first.i - 1].lower_ in ("a", "an"):
        first = doc[first.i - 1]
    amount = read_amount([token.text for token in tokens])
    if amount is None:
        return []
    last = tokens[-1]
    head = last.head if last.dep_ in ("nummod", "quantmod", "compound", "amod") else None
    if last.dep_ == "pobj" or (last.dep_ == "prep" and last.lower_ == "of"):
        head = None
    if head is None and last.i + 2 < len(doc) and doc[last.i + 1].lower_ == "of":
        head = doc[last.i + 2]  # "a dozen of the ships"
    unit = head.lemma_.lower() if head is not None and head.pos_ in ("NOUN", "PROPN") else "count"
    start, end = first.idx, last.idx + len(last.text)
    return [_amount_term(text_of(doc)[start:end], start, end, "NUM", amount, unit)]


def _amount_term(text: str, start: int, end: int, label: str, amount, unit: str) -> Term:
    """A number term for ``amount`` (a :class:`~readouts.terms.Amount`); a share in words
    ("half", "one in five") counts percent."""
    unit = "percent" if amount.percent else unit
    return Term(
        "number",
        f"#{unit}:{amount.value:g}",
        text,
        start,
        end,
        label,
        amount.value,
        unit,
        low=amount.low,
        high=amount.high,
    )


# Words that join the two ends of a range: "2 to 3 inches", "between $7.6 and $7.8 billion".
RANGE_WORDS = frozenset("to and or between from - – — versus vs".split())
# Words before a numeric entity that qualify it: "nearly 40", "more than 30".
_QUALIFIER_WINDOW = 3


def _number_terms(ent: SpacySpan) -> list[Term]:
    """One number term per value of a numeric entity; a range gives one per end. Each
    value is read with its qualifiers ("nearly", "more than", in the entity or just
    before it) as an interval."""
    doc = ent.doc
    unit = _as_money(_unit(ent))
    segments: list[list[Token]] = [[]]
    tokens = list(ent)
    after = doc[ent.end] if ent.end < len(doc) else None
    if (
        after is not None
        and after.lower_ in SCALES
        and after.idx == ent[-1].idx + len(ent[-1].text)
    ):
        tokens.append(after)  # "€450m": the parser leaves the "m" out of the entity
    for token in tokens:
        if token.lower_ in RANGE_WORDS and _separates(token, ent) and not _in_fraction(token):
            segments.append([])
        else:
            segments[-1].append(token)
    before = [t.text for t in doc[max(ent.sent.start, ent.start - _QUALIFIER_WINDOW) : ent.start]]
    terms = []
    for position, segment in enumerate(segments):
        if not segment:
            continue
        context = before if position == 0 else []
        amount = read_amount([token.text for token in segment], context)
        if amount is None:
            continue
        text = text_of(doc)
        start, end = trim(
            text,
            segment[0].idx,
            segment[-1].idx + len(segment[-1].text),
            " \t\r\n.,;:\"'“”‘’()",
        )
        terms.append(_amount_term(text[start:end], start, end, ent.label_, amount, unit))
    return terms


def _in_fraction(token: Token) -> bool:
    """'and' of "two and a half" joins one number, not a range."""
    doc = token.doc
    return (
        token.lower_ == "and"
        and token.i + 2 < len(doc)
        and doc[token.i + 1].lower_ in ("a", "one")
        and doc[token.i + 2].lower_ in ("half", "quarter", "third")
    )


def _separates(token: Token, ent: SpacySpan) -> bool:
    """A dash is a range only between two figures ("2-3"), not in "thirty-two" or
    "$53.7-million"; a word such as "to" or "and" always is."""
    if token.lower_ not in ("-", "–", "—"):
        return True
    doc = token.doc
    before = doc[token.i - 1] if token.i > ent.start else None
    after = doc[token.i + 1] if token.i + 1 < ent.end else None
    return bool(
        before is not None
        and after is not None
        and before.text[:1].isdigit()
        and after.text[:1].isdigit()
    )


# Currencies a MONEY entity names (by symbol or word, in it or just around it): "€450
# million" and "$490 million" are two amounts in two currencies, no conflict.
CURRENCIES = {
    "$": "usd",
    "us$": "usd",
    "usd": "usd",
    "dollar": "usd",
    "dollars": "usd",
    "€": "eur",
    "eur": "eur",
    "euro": "eur",
    "euros": "eur",
    "£": "gbp",
    "gbp": "gbp",
    "pound": "gbp",
    "pounds": "gbp",
    "sterling": "gbp",
    "¥": "jpy/cny",
    "yen": "jpy",
    "yuan": "cny",
    "renminbi": "cny",
    "rmb": "cny",
    "rouble": "rub",
    "roubles": "rub",
    "ruble": "rub",
    "rubles": "rub",
}
_CURRENCY_PARTS = re.compile(r"us\$|[$€£¥]|[a-z]+")


def _as_money(unit: str) -> str:
    """A count of a currency ("40 million euros", which the small model tags as a
    CARDINAL of "euro") is an amount of money, as "€40 million" is."""
    currency = CURRENCIES.get(unit)
    return f"money:{currency}" if currency and "/" not in currency else unit


def _unit(ent: SpacySpan) -> str:
    lowered = ent.text.lower()
    if ent.label_ == "PERCENT" or "%" in lowered or "percent" in lowered or "per cent" in lowered:
        return "percent"
    if ent.label_ == "MONEY":
        return _currency(ent)
    if ent.label_ == "QUANTITY":
        return ent[-1].lemma_.lower()
    root = ent.root
    if (
        root.dep_ in ("nummod", "compound", "appos", "npadvmod")
        and root.head.i < ent.start
        and (
            root.head.pos_ in ("NOUN", "PROPN")
            # "lease 257" with "lease" tagged as a verb: a numeral modifying the word
            # just before it still names that thing
            or (root.dep_ == "nummod" and root.head.i == ent.start - 1)
        )
    ):
        return f"{root.head.lemma_.lower()} no."  # "resolution 2817": a name, not a count
    if _changed_by(ent):
        return "change"  # "cut by about 700": a difference, not a level
    if root.dep_ == "nummod" or (
        root.dep_ in ("quantmod", "compound") and root.head.pos_ == "NOUN"
    ):
        return root.head.lemma_.lower()
    for token in reversed(ent):
        if token.dep_ == "nummod" and token.head.i >= ent.end:
            return token.head.lemma_.lower()
    for child in root.children:  # "tens of thousands of people", "dozens of ships"
        if child.dep_ == "prep" and child.lower_ == "of" and child.i >= ent.end:
            for noun in child.children:
                if noun.dep_ == "pobj" and noun.pos_ == "NOUN":
                    return noun.lemma_.lower()
    return "count"


def _currency(ent: SpacySpan) -> str:
    doc = ent.doc
    around = [token.lower_ for token in doc[max(0, ent.start - 1) : min(len(doc), ent.end + 1)]]
    found = {
        CURRENCIES[part]
        for word in around
        for part in _CURRENCY_PARTS.findall(word)
        if part in CURRENCIES
    }
    return f"money:{found.pop()}" if len(found) == 1 else "money"


def _changed_by(ent: SpacySpan) -> bool:
    """'by' just before the number, governed by a verb: "cut by 700", "rose by 5"."""
    doc = ent.doc
    before = doc[ent.start - 1] if ent.start > 0 else None
    if before is None or before.lower_ != "by":
        return False
    return before.head.pos_ == "VERB"


def _is_content(token: Token) -> bool:
    return (
        token.pos_ in CONTENT_POS and not token.is_stop and token.is_alpha and len(token.text) > 1
    )


def _lemmas(sentence: SpacySpan) -> tuple[str, ...]:
    lemmas = []
    for token in sentence:
        if token.is_punct or token.is_space:
            continue
        if token.like_num and not token.is_alpha:
            value = parse_number([token.text])
            lemmas.append(f"{value:g}" if value is not None else token.lower_)
        elif _is_content(token) or (token.lower_ in NEGATIONS):
            lemmas.append(token.lemma_.lower())
    return tuple(lemmas)


def _markers(sentence: SpacySpan) -> tuple[Marker, ...]:
    doc = sentence.doc
    markers: list[Marker] = []
    for token in sentence:
        lower, lemma = token.lower_, token.lemma_.lower()
        span = Span(token.idx, token.idx + len(token.text), token.text)
        if (token.dep_ == "neg" and token.head.pos_ in ("VERB", "AUX", "ADJ")) or (
            lower in ("no", "nor") and token.head.pos_ in ("NOUN", "VERB", "AUX")
        ):
            head = token.head
            markers.append(Marker("negation", head.lemma_.lower(), span, _scope(head)))
        if lemma in NEGATING_GOVERNORS and token.pos_ in ("VERB", "NOUN", "ADJ"):
            for child in token.children:
                if child.dep_ in ("xcomp", "acl", "ccomp") and child.pos_ == "VERB":
                    markers.append(Marker("negation", child.lemma_.lower(), span, _scope(child)))
                elif child.dep_ == "prep":  # "failure to determine" parsed via a preposition
                    for grandchild in child.children:
                        if grandchild.pos_ == "VERB":
                            markers.append(
                                Marker(
                                    "negation", grandchild.lemma_.lower(), span, _scope(grandchild)
                                )
                            )
        if token.pos_ == "VERB" and (lemma in SUPPORT or lemma in OPPOSE):
            kind = "support" if lemma in SUPPORT else "oppose"
            markers.append(Marker(kind, lemma, span, _scope(token)))
    markers.extend(_intensity(sentence))
    markers.sort(key=lambda marker: marker.span.start)
    del doc
    return tuple(markers)


def _intensity(sentence: SpacySpan) -> list[Marker]:
    """The intensifiers, demands and strong modals (``strong``) and the hedges, wishes and
    weak modals (``hedge``) of a sentence, several-word ones ("is studying the
    possibility", "called on") as one marker spanning their words."""
    text = text_of(sentence.doc)
    tokens = list(sentence)
    markers: list[Marker] = []
    inside: set[int] = set()
    for position in range(len(tokens)):
        for kind, phrases in (("hedge", HEDGE_PHRASES), ("strong", STRONG_PHRASES)):
            for phrase in phrases:
                found = _phrase_at(tokens, position, phrase)
                if found is None or any(token.i in inside for token in found):
                    continue
                first, last = found[0], found[-1]
                start, end = first.idx, last.idx + len(last.text)
                markers.append(Marker(kind, " ".join(phrase), Span(start, end, text[start:end])))
                inside.update(token.i for token in found)
    for token in tokens:
        if token.i in inside:
            continue
        lower, lemma = token.lower_, token.lemma_.lower()
        span = Span(token.idx, token.idx + len(token.text), token.text)
        if token.tag_ == "MD":
            if (lower in STRONG_MODALS or _reported_will(token)) and not _negated(token.head):
                markers.append(Marker("strong", "will" if lower == "would" else lower, span))
            elif lower in HEDGE_MODALS and not _negated(token.head):  # "could not agree"
                markers.append(Marker("hedge", lower, span))
        elif lower in STRONG or lemma in STRONG or (token.pos_ == "VERB" and lemma in DEMANDS):
            # An intensifying adverb keeps the verb it strengthens ("fully ... lift").
            verb = token.head
            while verb.pos_ == "ADV" and verb.head is not verb:  # "fully and immediately"
                verb = verb.head
            following = token.nbor() if token.i + 1 < len(token.doc) else token
            # "immediately after the vote" times the verb rather than strengthening it
            intensifies = token.pos_ == "ADV" and verb.pos_ == "VERB" and following.pos_ != "ADP"
            scope = frozenset({verb.lemma_.lower()}) if intensifies else frozenset()
            markers.append(Marker("strong", lemma, span, scope))
        elif lower in HEDGE_FORMS:
            markers.append(Marker("hedge", HEDGE_FORMS[lower], span))
        elif lower in HEDGE or lemma in HEDGE:
            markers.append(Marker("hedge", lemma, span))
    markers.sort(key=lambda marker: marker.span.start)
    return markers


def _phrase_at(
    tokens: Sequence[Token], position: int, phrase: tuple[str, ...]
) -> list[Token] | None:
    """The tokens of ``phrase`` starting at ``tokens[position]``, each equal to its word or
    lemma; None when they are not there. "called on" before a date ("called on Monday")
    is no demand."""
    if position + len(phrase) > len(tokens):
        return None
    found = tokens[position : position + len(phrase)]
    for token, word in zip(found, phrase):
        if token.lower_ != word and token.lemma_.lower() != word:
            return None
    if phrase[0] == "call" and position + len(phrase) < len(tokens):
        after = tokens[position + len(phrase)]
        if after.ent_type_ in ("DATE", "TIME"):
            return None
    return found


def _reported_will(token: Token) -> bool:
    """"would" as the past of "will" in reported speech: "said the pipeline would be
    finished" (the verb it goes with is the clause a reporting verb governs)."""
    head = token.head
    return token.lower_ == "would" and head.dep_ == "ccomp" and head.head.pos_ == "VERB"


# Clause heads, and the arguments of a clause head that make the core of a claim.
_CLAUSE_DEPS = frozenset({"ROOT", "ccomp", "xcomp", "conj", "advcl", "relcl", "parataxis"})
_ARGUMENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "attr", "oprd", "acomp", "agent"})
_CORE_POS = frozenset({"VERB", "AUX", "NOUN", "PROPN", "ADJ"})


def _core(sentence: SpacySpan) -> frozenset[tuple[int, str, str]]:
    """The sentence's clause heads, their subjects and objects, and the words that negate
    any of them ("not" in "will not meet", "No" in "No agreement was reached"), each as
    (start offset, lemma, part of speech); a negating word carries its head's lemma and
    part of speech."""
    heads = []
    for token in sentence:
        if token.dep_ in _CLAUSE_DEPS and token.pos_ in ("VERB", "AUX"):
            heads.append(token)
            heads.extend(
                child
                for child in token.children
                if child.dep_ in _ARGUMENT_DEPS and child.pos_ in _CORE_POS
            )
    found = {(token.idx, token.lemma_.lower(), _coarse(token)) for token in heads}
    for token in heads:
        found.update(
            (child.idx, token.lemma_.lower(), _coarse(token))
            for child in token.children
            if child.dep_ == "neg" or child.lower_ in ("no", "nor", "never")
        )
    return frozenset(found)


def _coarse(token: Token) -> str:
    if token.pos_ in ("VERB", "AUX"):
        return "VERB"
    return "ADJ" if token.pos_ == "ADJ" else "NOUN"


# Modals that put an event ahead ("will meet", "could be finished by 2030", "may sign").
_FUTURE_MODALS = frozenset(
    {"will", "would", "shall", "'ll", "wo", "could", "may", "might", "should", "must", "ca", "can"}
)


# Verbs whose infinitive is something to come: "agreed to hold", "plans to visit", "asks
# the Secretary-General to report", "is expected to meet".
_INTENDING = frozenset(
    "agree plan expect decide intend aim hope promise pledge vow prepare schedule set due "
    "ask urge call invite propose offer want wish seek try resolve commit undertake "
    "arrange mean threaten vote".split()
)


def _future(sentence: SpacySpan) -> bool:
    """A modal of the future, or an infinitive after a verb of intent ("agreed to hold",
    "is expected to meet"; not the purpose in "visited Tallin to discuss quotas"),
    or "is to" ("is to present options": the small parser often reads "present" there as
    an adjective)."""
    doc = sentence.doc
    for token in sentence:
        if token.tag_ == "MD" and token.lower_ in _FUTURE_MODALS:
            return True
        if (
            token.lemma_ == "be"
            and token.i + 1 < sentence.end
            and doc[token.i + 1].lower_ == "to"
        ):
            return True
        if (
            token.tag_ == "VB"
            and token.dep_ == "xcomp"
            and token.head.lemma_.lower() in _INTENDING
            and any(child.dep_ == "aux" and child.lower_ == "to" for child in token.children)
        ):
            return True
    return False


def _negated(token: Token) -> bool:
    return any(child.dep_ == "neg" for child in token.children)


def _scope(token: Token) -> frozenset[str]:
    """Keys of a predicate and the words it governs: what a negation or stance is about."""
    keys = {token.lemma_.lower()}
    for child in token.children:
        if child.dep_ in ("dobj", "pobj", "attr", "prep", "ccomp", "xcomp", "acomp", "nsubjpass"):
            keys.update(t.lemma_.lower() for t in child.subtree if _is_content(t))
            keys.update(entity_key(t.text) for t in child.subtree if t.ent_type_)
    return frozenset(keys)
