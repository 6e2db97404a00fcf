"""What the extractor and the claims share about speakers, quotations and sentences.

- ``DocumentSpeakers``: short names and pronouns resolved to the fullest name the document
  gives ("he", "Li" -> "Li Zhanshu"; "Xinhua" -> "Xinhua News Agency").
- ``quote_regions``: where the document's quotations open and close.
- ``split_statements``: a sentence carrying two separately attributed statements, in two.
- ``SentenceAttribution``: who a claim unit is attributed to (for :mod:`readouts.claims`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from readouts.nlp import entities_in, text_of
from readouts.spans import Span

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
_PUNCT = " \t\r\n,.;:—–-\"'“”‘’«»()"


@dataclass(frozen=True)
class SentenceAttribution:
    """Who a claim unit is attributed to, and through which channel; ``inherited`` when it
    lies inside a quotation attributed elsewhere."""

    speaker: str | None
    source: Span | None
    cue: Span | None
    via: tuple[str, ...] = ()
    inherited: bool = False


class DocumentSpeakers:
    """Resolves short names and pronouns to the fullest name used in one document: "he"
    and "she" to the last person speaking or acting, "it" to the last body that spoke,
    "they" to the last group that spoke ("Xi and Putin", "officials")."""

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
        self.last_body: str | None = None
        self.last_group: str | None = None

    def observe(self, sentence: SpacySpan, attribution: SentenceAttribution) -> None:
        """Remember the person a later "he" or "she" most likely means."""
        self.observe_attributed(sentence, attribution.speaker)

    def observe_attributed(self, sentence: SpacySpan, speaker: str | None) -> None:
        """Remember the person a later "he" or "she" most likely means: this sentence's
        speaker if it is a person, else a person who is the subject of its main verb."""
        if speaker and speaker in self.names:
            self.last_person = speaker
            return
        if speaker and not any(name in speaker for name in self.names):
            self.last_body = speaker  # an organisation or a body: what a later "it" means
        for token in sentence:
            if token.dep_ in ("nsubj", "nsubjpass") and token.ent_type_ == "PERSON":
                ents = entities_in(sentence.doc, sentence.start, sentence.end)
                ent = next((e for e in ents if e.start <= token.i < e.end), None)
                if ent is not None:
                    self.last_person = self.canonical(clean_name(ent.text))
                    return

    def observe_subject(self, subject: Token, speaker: str | None) -> None:
        """Remember a group that spoke ("Xi and Putin", "officials"): what a later
        "they" most likely means."""
        group = subject.conjuncts or subject.tag_ in ("NNS", "NNPS")
        if speaker and group and subject.lower_ != "they":
            self.last_group = speaker

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


def _inside(regions: list[tuple[int, int]], position: int) -> bool:
    return any(start < position < end for start, end in regions)
