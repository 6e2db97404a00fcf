"""Step 3: who said what, according to whom, for each sentence of a parsed document.

Rules over spaCy's dependency parse: the subject of a reporting verb ("Li stressed that
...", "... , he added"), the object of "according to", and speech inherited by the
sentences inside a quotation that is attributed where it opens or closes. Pronouns and
short names resolve to the fullest name the document gives ("he", "Li" -> "Li Zhanshu").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from readouts.nlp import entities_in, text_of
from readouts.spans import Span, trim

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token
    from spacy.tokens import Span as SpacySpan

REPORTING_VERBS = frozenset(
    """
    say tell state stress urge assure express add note point emphasize emphasise underline
    underscore insist claim argue announce declare warn call criticize criticise condemn
    praise welcome reiterate affirm reaffirm confirm deny suggest propose explain acknowledge
    admit agree believe think hope vow pledge promise write tweet report mention describe
    accuse remark observe indicate reveal recall complain demand ask answer reply respond
    quote voice highlight maintain assert contend predict estimate expect told reiterate
    caution concede conclude hail lament signal stipulate testify pledge appeal raise
    """.split()
)
PRONOUNS = frozenset("he she they it we i you his her their its".split())
SPEAKER_LABELS = ("PERSON", "ORG", "GPE", "NORP", "FAC")
OPEN_QUOTES = "“‘«„"
CLOSE_QUOTES = "”’»“"
_PUNCT = " \t\r\n,.;:—–-\"'“”‘’«»()"


@dataclass(frozen=True)
class SentenceAttribution:
    """Who a sentence attributes its statement to, and through which channel."""

    speaker: str | None
    source: Span | None
    cue: Span | None
    via: tuple[str, ...] = ()
    inherited: bool = False


NONE = SentenceAttribution(speaker=None, source=None, cue=None)


class DocumentSpeakers:
    """Resolves short names and pronouns to the fullest name used in one document."""

    def __init__(self, doc: Doc) -> None:
        self.names: list[str] = []
        self.organisations: list[str] = []
        for ent in entities_in(doc, 0, len(doc)):
            name = clean_name(ent.text)
            if not name:
                continue
            if ent.label_ == "PERSON" and name not in self.names:
                self.names.append(name)
            elif ent.label_ in ("ORG", "NORP", "GPE") and name not in self.organisations:
                self.organisations.append(name)
        self.last_person: str | None = None

    def observe(self, sentence: SpacySpan, attribution: SentenceAttribution) -> None:
        """Remember the person a later "he" or "she" most likely means."""
        self.observe_attributed(sentence, attribution.speaker)

    def observe_attributed(self, sentence: SpacySpan, speaker: str | None) -> None:
        """Remember the person a later "he" or "she" most likely means: this sentence's
        speaker if it is a person, else a person who is the subject of its main verb."""
        if speaker and speaker in self.names:
            self.last_person = speaker
            return
        for token in sentence:
            if token.dep_ in ("nsubj", "nsubjpass") and token.ent_type_ == "PERSON":
                ents = entities_in(sentence.doc, sentence.start, sentence.end)
                ent = next((e for e in ents if e.start <= token.i < e.end), None)
                if ent is not None:
                    self.last_person = self.canonical(clean_name(ent.text))
                    return

    def canonical_channel(self, name: str) -> str:
        """A channel by its fullest name in the document: "Xinhua" -> "Xinhua News Agency"."""
        return _fullest(name, self.organisations)

    def canonical(self, name: str) -> str:
        """A person by their fullest name in the document: "Li" -> "Li Zhanshu"."""
        return _fullest(name, self.names)


def _fullest(name: str, candidates: list[str]) -> str:
    """The longest of ``candidates`` that contains ``name`` word for word, else ``name``."""
    tokens = name.split()
    if not tokens:
        return name
    best = name
    for full in candidates:
        parts = full.split()
        if len(parts) > len(best.split()) and _contains(parts, tokens):
            best = full
    return best


def _contains(parts: list[str], tokens: list[str]) -> bool:
    lowered = [p.lower() for p in parts]
    wanted = [t.lower() for t in tokens]
    n = len(wanted)
    return any(lowered[i : i + n] == wanted for i in range(len(lowered) - n + 1))


def clean_name(text: str) -> str:
    text = re.sub(r"['’]s$", "", text.strip())
    text = re.sub(r"^(the|a|an)\s+", "", text, flags=re.IGNORECASE)
    return " ".join(text.split()).strip(_PUNCT)


def attribute_sentences(doc: Doc, sentences: Iterable[SpacySpan]) -> list[SentenceAttribution]:
    """One :class:`SentenceAttribution` per sentence, in order (``NONE`` where nobody is cited)."""
    sentences = list(sentences)
    speakers = DocumentSpeakers(doc)
    regions = quote_regions(text_of(doc))
    found = []
    for sentence in sentences:
        attribution = _attribute(sentence, speakers, regions)
        speakers.observe(sentence, attribution)
        found.append(attribution)
    # Sentences inside a quotation inherit the attribution of the quotation's other end.
    result: list[SentenceAttribution] = []
    for index, (sentence, own) in enumerate(zip(sentences, found)):
        attribution = own
        if own.speaker is None:
            region = _region_at(regions, sentence.start_char, sentence.end_char)
            donor = _donor(sentences, found, region, index) if region else None
            if donor is not None:
                attribution = SentenceAttribution(
                    donor.speaker, donor.source, donor.cue, donor.via, inherited=True
                )
        result.append(attribution)
    return result


def split_statements(sentence: SpacySpan) -> list[SpacySpan]:
    """Cut a sentence that carries two separately attributed statements in two.

    "Xi said the talks were useful, while Putin stressed that sanctions must end." gives
    "Xi said the talks were useful," and "while Putin stressed that sanctions must end.":
    the cut falls where the clause of a second reporting verb with a subject of its own
    begins, when that clause runs to the end of the sentence.
    """
    regions = quote_regions(text_of(sentence.doc))
    verbs = [
        token
        for token in sentence
        if token.lemma_.lower() in REPORTING_VERBS
        and token.pos_ in ("VERB", "AUX")
        and not _inside(regions, token.idx)
        and any(child.dep_ == "nsubj" for child in token.children)
    ]
    if len(verbs) < 2:
        return [sentence]
    first, second = verbs[0], verbs[1]
    subjects = [next(c for c in v.children if c.dep_ == "nsubj") for v in (first, second)]
    if subjects[0].lower_ == subjects[1].lower_ or second.left_edge.i <= first.i:
        return [sentence]
    # "A said he expected B" reports one statement; so does "A said B, WBAL reported",
    # whose second verb has no content of its own.
    if _reported_within(second, first):
        return [sentence]
    if not any(child.dep_ in ("ccomp", "xcomp", "dobj") for child in second.children):
        return [sentence]
    last_word = max((t.i for t in sentence if not t.is_punct and not t.is_space), default=0)
    if second.right_edge.i < last_word or second.left_edge.i <= sentence.start:
        return [sentence]
    cut = second.left_edge.i
    return [sentence.doc[sentence.start : cut], sentence.doc[cut : sentence.end]]


def _reported_within(inner: Token, outer: Token) -> bool:
    """``inner`` sits in the content of ``outer`` ("A said he expected ..."), not in a
    clause merely attached to it ("A said X, while B stressed Y")."""
    token, steps = inner, 0
    while token.i != outer.i and token.head.i != token.i and steps < 64:
        if token.dep_ in ("advcl", "conj", "parataxis"):
            return False
        token, steps = token.head, steps + 1
    return token.i == outer.i


def _donor(
    sentences: list[SpacySpan],
    found: list[SentenceAttribution],
    region: tuple[int, int],
    index: int,
) -> SentenceAttribution | None:
    start, end = region
    for other in range(index + 1, len(sentences)):
        if sentences[other].start_char > end:
            break
        if found[other].speaker and sentences[other].start_char <= end:
            return found[other]
    for other in range(index - 1, -1, -1):
        if sentences[other].end_char < start:
            break
        if found[other].speaker:
            return found[other]
    return None


def quote_regions(text: str) -> list[tuple[int, int]]:
    """(start, end) of each quotation, curly or straight, that opens and closes."""
    regions: list[tuple[int, int]] = []
    opened: int | None = None
    straight: int | None = None
    for position, char in enumerate(text):
        if char in "“«„" and opened is None:
            opened = position
        elif char in "”»" and opened is not None:
            regions.append((opened, position + 1))
            opened = None
        elif char == '"':
            if straight is None:
                straight = position
            else:
                regions.append((straight, position + 1))
                straight = None
        elif char == "\n" and text[position : position + 2] == "\n\n":
            # A quotation does not survive a blank line unless it reopens.
            opened = straight = None
    return regions


def _region_at(regions: list[tuple[int, int]], start: int, end: int) -> tuple[int, int] | None:
    """The quotation a sentence starts in (at its opening mark or inside it)."""
    for region in regions:
        if region[0] <= start < region[1] - 1:
            return region
    return None


def _inside(regions: list[tuple[int, int]], position: int) -> bool:
    return any(start < position < end for start, end in regions)


def _attribute(
    sentence: SpacySpan, speakers: DocumentSpeakers, regions: list[tuple[int, int]]
) -> SentenceAttribution:
    doc = sentence.doc
    channel = _according_to(sentence)
    verb = _reporting_verb(sentence, regions)
    if verb is not None:
        subject = _subject(verb)
        if subject is not None:
            source = _span_of(doc, subject.left_edge.i, subject.right_edge.i + 1)
            speaker = _speaker_name(subject, source, speakers)
            cue = _cue_span(verb)
            via = (channel[0],) if channel and channel[0] != speaker else ()
            if speaker:
                return SentenceAttribution(speaker, source, cue, via)
    if channel is not None:
        name, source, cue = channel
        return SentenceAttribution(name, source, cue)
    return NONE


def _reporting_verb(sentence: SpacySpan, regions: list[tuple[int, int]]) -> Token | None:
    candidates = [
        token
        for token in sentence
        if token.lemma_.lower() in REPORTING_VERBS
        and token.pos_ in ("VERB", "AUX")
        and _subject(token) is not None
    ]
    if not candidates:
        return None
    # A reporting verb inside a quotation belongs to the quoted speech, not to its source.
    outside = [t for t in candidates if not _inside(regions, t.idx)]
    if not outside:
        return None
    return min(outside, key=_depth)


def _depth(token: Token) -> int:
    depth = 0
    while token.head.i != token.i and depth < 64:
        token = token.head
        depth += 1
    return depth


def _subject(verb: Token) -> Token | None:
    for child in verb.children:
        # A passive reporting verb's subject is what is reported ("Xi is expected to ..."),
        # except in "X was quoted as saying".
        if child.dep_ == "nsubj" or (child.dep_ == "nsubjpass" and verb.lemma_ == "quote"):
            return child
    # "Reyes raised X and called for Y": a coordinated verb shares the first one's subject.
    if verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
        return _subject(verb.head)
    # "Li was quoted as saying": the subject sits on the governing verb.
    if verb.dep_ in ("advcl", "xcomp", "pcomp", "pobj") and verb.head.i != verb.i:
        head = verb.head
        if head.dep_ == "prep":
            head = head.head
        for child in head.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                return child
    return None


def _cue_span(verb: Token) -> Span:
    doc = verb.doc
    start, end = verb.i, verb.i + 1
    for child in verb.children:
        # "called for", "pointed out", "was quoted as saying"
        if child.dep_ in ("prt", "aux", "auxpass", "neg") and abs(child.i - verb.i) <= 2:
            start, end = min(start, child.i), max(end, child.i + 1)
        if child.dep_ == "prep" and child.i == verb.i + 1 and child.lower_ in ("for", "on", "as"):
            end = max(end, child.i + 1)
            for grandchild in child.children:
                if grandchild.i == child.i + 1 and grandchild.tag_ == "VBG":
                    end = grandchild.i + 1
    return _span_of(doc, start, end)


def _according_to(sentence: SpacySpan) -> tuple[str, Span, Span] | None:
    doc = sentence.doc
    for token in sentence:
        if token.lower_ == "according" and token.i + 1 < sentence.end:
            to = doc[token.i + 1]
            if to.lower_ != "to":
                continue
            objects = [child for child in to.children if child.dep_ == "pobj"]
            if not objects:
                continue
            obj = objects[0]
            source = _span_of(doc, obj.left_edge.i, obj.right_edge.i + 1)
            name = _entity_name(doc, obj.left_edge.i, obj.right_edge.i + 1) or clean_name(
                source.text
            )
            return name, source, _span_of(doc, token.i, to.i + 1)
    return None


def _speaker_name(subject: Token, source: Span, speakers: DocumentSpeakers) -> str | None:
    doc = subject.doc
    if subject.lower_ in PRONOUNS:
        if subject.lower_ in ("he", "she") and speakers.last_person:
            return speakers.last_person
        return None
    name = _entity_name(doc, subject.left_edge.i, subject.right_edge.i + 1, head=subject)
    if name is None:
        # A common-noun source: "the Chinese side", "officials". Keep the noun phrase.
        name = clean_name(doc[subject.left_edge.i : subject.i + 1].text)
    if name:
        name = speakers.canonical(name)
    return name or None


def _entity_name(doc: Doc, start: int, end: int, head: Token | None = None) -> str | None:
    entities = entities_in(doc, start, end)
    if not entities:
        return None
    if head is not None:
        for ent in entities:
            if ent.start <= head.i < ent.end:
                return clean_name(ent.text)
        if head.pos_ == "NOUN":
            # "a senior Chinese leader": the entity only modifies the speaker.
            return None
    for label in SPEAKER_LABELS:
        for ent in entities:
            if ent.label_ == label:
                return clean_name(ent.text)
    return None


def _span_of(doc: Doc, start_token: int, end_token: int) -> Span:
    start = doc[start_token].idx
    last = doc[end_token - 1]
    text = text_of(doc)
    start, end = trim(text, start, last.idx + len(last.text), _PUNCT)
    return Span.of(text, start, end)
