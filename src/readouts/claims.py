"""The claim: one statement of one document, with everything later steps compare."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from heapq import heappop, heappush
from typing import TYPE_CHECKING, Any, Literal

from readouts import progress
from readouts.attribution import REPORTING_VERBS as REPORTING_CUES
from readouts.attribution import Attribution, SentenceAttribution, extract, split_statements
from readouts.attribution.datelines import datelines_of, end_within
from readouts.nlp import entities_in, text_of
from readouts.spans import Span, trim
from readouts.terms import Term, entity_key, parse_number

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
        }
        if self.title:
            data["title"] = True
        return data

    def markers_of(self, *kinds: str) -> tuple[Marker, ...]:
        return tuple(marker for marker in self.markers if marker.kind in kinds)


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
STRONG = frozenset(
    "fully firmly strongly completely totally absolutely resolutely unequivocally explicitly "
    "always must definitely certainly clearly deeply greatly highly vigorously all every "
    "entire unwavering staunch strong full firm resolute categorically never".split()
)
HEDGE = frozenset(
    "may might could possibly perhaps partly partially somewhat some likely probably "
    "reportedly allegedly relatively fairly slightly hope consider seek try suggest "
    "willingness willing potential possible limited modest cautious cautiously".split()
)
# Inflected forms of the hedges above that the small model sometimes lemmatises wrongly
# ("hopes" -> "hop").
HEDGE_FORMS = {
    "hopes": "hope",
    "hoped": "hope",
    "hoping": "hope",
    "considers": "consider",
    "considered": "consider",
    "seeks": "seek",
    "sought": "seek",
    "tries": "try",
    "tried": "try",
    "suggests": "suggest",
    "suggested": "suggest",
}
NEGATIONS = frozenset("not n't never no without neither nor".split())
# Words that negate the action they govern: "failed to address", "refusal to take part",
# "declined to comment", "no comment".
NEGATING_GOVERNORS = frozenset("refuse refusal decline fail failure deny unable".split())


def extract_claims(doc_id: str, parsed: Doc) -> list[Claim]:
    """Cut a parsed document into claims, with speaker, key terms and markers.

    A sentence the document says more than once by the same speaker (a story pasted
    twice, a refrain) is one claim, at its first place, with the others as ``repeats``.

    >>> doc = nlp("Li met Volodin. He said talks went well.")  # doctest: +SKIP
    >>> [claim.id for claim in extract_claims("A", doc)]  # doctest: +SKIP
    ['A1', 'A2']
    """
    text = text_of(parsed)
    with progress.task(
        "Finding claims", total=len(text), expected_s=len(text) / CLAIM_CHARS_PER_SECOND
    ) as advance:
        datelines = datelines_of(parsed)
        units = []
        for sentence in parsed.sents:
            for statement in split_statements(sentence):
                unit = _past_dateline(statement, datelines)
                if unit is not None and _is_claim(unit):
                    units.append(unit)
        advance(0.1 * len(text))
        found = extract(parsed)  # the attributions: most of this step's time
        advance(0.6 * len(text))
        attributed = speakers_of(units, found)
        claims = [
            claim_of(doc_id, index, unit, attribution)
            for index, (unit, attribution) in enumerate(zip(units, attributed), start=1)
        ]
        advance(0.3 * len(text))
    return merge_repeats(claims)


# Characters of parsed text the claim step (attributions included) gets through per
# second on the machine of docs/benchmarks.md: 40,000 to 100,000, three to six times as
# many as the parser.
CLAIM_CHARS_PER_SECOND = 50_000


def merge_repeats(claims: Sequence[Claim]) -> list[Claim]:
    """``claims`` with every repeated statement folded into its first occurrence.

    Two claims repeat each other when their texts are the same up to case and spacing and
    they have the same speaker. The first keeps its place, attribution and terms and lists
    the later ones' spans in ``repeats``; the claims left are numbered 1, 2, ... again.
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


def claim_of(doc_id: str, index: int, span: SpacySpan, attribution: SentenceAttribution) -> Claim:
    """Build the claim ``doc_id``+``index`` from a parsed span and its attribution."""
    text = text_of(span.doc)
    start, end = trim(text, span.start_char, span.end_char)
    # A statement cut from a longer sentence ends at a comma: leave the comma out.
    end = trim(text, start, end, " \t\r\n\f\v,;:")[1]
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
    )


def _is_claim(sentence: SpacySpan) -> bool:
    words = [token for token in sentence if token.is_alpha or token.like_num]
    return len(words) >= 2


def _terms(sentence: SpacySpan) -> tuple[Term, ...]:
    doc = sentence.doc
    terms: list[Term] = []
    covered: set[int] = set()
    text_all = text_of(doc)
    for ent in entities_in(doc, sentence.start, sentence.end):
        covered.update(range(ent.start, ent.end))
        start, end = trim(text_all, ent.start_char, ent.end_char, " \t\r\n.,;:\"'“”‘’()")
        if start >= end:
            continue
        text = text_all[start:end]
        if ent.label_ in NUMERIC_LABELS:
            terms.extend(_number_terms(ent))
            continue
        if ent.label_ == "ORDINAL":
            continue
        key = entity_key(text)
        if key:
            terms.append(Term("entity", key, text, start, end, ent.label_))
    for token in sentence:
        if token.i in covered:
            continue
        if token.like_num and not token.is_alpha:
            value = parse_number([token.text])
            if value is not None:
                unit = token.head.lemma_.lower() if token.dep_ == "nummod" else "count"
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
    terms.sort(key=lambda term: (term.start, term.end))
    return tuple(terms)


# Words that join the two ends of a range: "2 to 3 inches", "between $7.6 and $7.8 billion".
RANGE_WORDS = frozenset("to and or between from - – — versus vs".split())


def _number_terms(ent: SpacySpan) -> list[Term]:
    """One number term per value of a numeric entity; a range gives one per end."""
    doc = ent.doc
    unit = _unit(ent)
    segments: list[list[Token]] = [[]]
    for token in ent:
        if token.lower_ in RANGE_WORDS and _separates(token, ent):
            segments.append([])
        else:
            segments[-1].append(token)
    terms = []
    for segment in segments:
        value = parse_number([token.text for token in segment])
        if value is None:
            continue
        text = text_of(doc)
        start, end = trim(
            text,
            segment[0].idx,
            segment[-1].idx + len(segment[-1].text),
            " \t\r\n.,;:\"'“”‘’()",
        )
        terms.append(
            Term(
                "number",
                f"#{unit}:{value:g}",
                text[start:end],
                start,
                end,
                ent.label_,
                value,
                unit,
            )
        )
    return terms


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


def _unit(ent: SpacySpan) -> str:
    lowered = ent.text.lower()
    if ent.label_ == "PERCENT" or "%" in lowered or "percent" in lowered or "per cent" in lowered:
        return "percent"
    if ent.label_ == "MONEY":
        return "money"
    if ent.label_ == "QUANTITY":
        return ent[-1].lemma_.lower()
    root = ent.root
    if root.dep_ == "nummod" or (
        root.dep_ in ("quantmod", "compound") and root.head.pos_ == "NOUN"
    ):
        return root.head.lemma_.lower()
    for token in reversed(ent):
        if token.dep_ == "nummod" and token.head.i >= ent.end:
            return token.head.lemma_.lower()
    return "count"


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
        if lower in STRONG or lemma in STRONG:
            markers.append(Marker("strong", lemma, span))
        elif lower in HEDGE_FORMS:
            markers.append(Marker("hedge", HEDGE_FORMS[lower], span))
        elif lower in HEDGE or lemma in HEDGE:
            markers.append(Marker("hedge", lemma, span))
    del doc
    return tuple(markers)


def _scope(token: Token) -> frozenset[str]:
    """Keys of a predicate and the words it governs: what a negation or stance is about."""
    keys = {token.lemma_.lower()}
    for child in token.children:
        if child.dep_ in ("dobj", "pobj", "attr", "prep", "ccomp", "xcomp", "acomp", "nsubjpass"):
            keys.update(t.lemma_.lower() for t in child.subtree if _is_content(t))
            keys.update(entity_key(t.text) for t in child.subtree if t.ent_type_)
    return frozenset(keys)
