"""What the extractor and the claims share about speakers, quotations and sentences.

- ``DocumentSpeakers``: short names and pronouns resolved to the fullest name the document
  gives ("he", "Li" -> "Li Zhanshu"; "Xinhua" -> "Xinhua News Agency").
- ``quote_regions``: where the document's quotations open and close.
- ``split_statements``: a sentence carrying two separately attributed statements, in two.
- ``SentenceAttribution``: who a claim unit is attributed to (for :mod:`readouts.claims`).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import TYPE_CHECKING

from readouts.attribution.speech import BODY_GROUPS, PERSON_GROUPS, TITLE_WORDS, titled_names
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
        seen_names: set[str] = set()
        seen_organisations: set[str] = set()
        for ent in entities_in(doc, 0, len(doc)):
            name = clean_name(ent.text)
            if ent.label_ == "PERSON":
                name = clean_name(_proper_part(ent))
            if not name:
                continue
            if ent.label_ == "PERSON" and name not in seen_names:
                seen_names.add(name)
                self.names.append(name)
            elif ent.label_ in ("ORG", "NORP", "GPE") and name not in seen_organisations:
                seen_organisations.add(name)
                self.organisations.append(name)
        # People introduced with a title ("Secretary of Defense Mark Halloran"), whether
        # or not the NER model tags them: names, and the participants groups refer to.
        self.titled: list[tuple[str, frozenset[str]]] = titled_names(doc)
        self.titles: dict[str, frozenset[str]] = {}
        for name, titles in self.titled:
            self.titles[name] = self.titles.get(name, frozenset()) | titles
        for name, _ in self.titled:
            if name not in seen_names:
                seen_names.add(name)
                self.names.append(name)
        self.people = frozenset(self.names)
        # Lookups by word and by leading characters, so that resolving one name costs the
        # same in a long document as in a short one.
        self._full_names = _NameIndex(self.names)
        self._full_organisations = _NameIndex(self.organisations)
        self.last_person: str | None = None
        self.last_body: str | None = None
        self.last_group: str | None = None

    def observe(self, sentence: SpacySpan, attribution: SentenceAttribution) -> None:
        """Remember the person a later "he" or "she" most likely means."""
        self.observe_attributed(sentence, attribution.speaker)

    def observe_attributed(self, sentence: SpacySpan, speaker: str | None) -> None:
        """Remember the person a later "he" or "she" most likely means: this sentence's
        speaker if it is a person, else a person who is the subject of its main verb."""
        if speaker and self._full_names.has(speaker):
            self.last_person = speaker
            return
        if speaker and not self._full_names.any_within(speaker):
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

    def participants(self, noun: str, count: int) -> str | None:
        """Who "the two ministers", "both sides" or "the leaders" are: the people the
        document introduces with a title (with that title, for "ministers"), joined as a
        joint speaker ("Ilona Varga and Tomas Reyes"); None unless they are as many as
        the group says (two or more when it does not say), and for a group of bodies
        ("both ministries")."""
        if noun in BODY_GROUPS:
            return None
        if noun in TITLE_WORDS and noun not in ("leader", "chief", "head"):
            people = [self.canonical(name) for name, titles in self.titled if noun in titles]
            if count and len(set(people)) < count:
                # "Vladimir Putin held talks with President ... Aram Tevosyan. The two
                # presidents ...": the people named without a title make up the count.
                titled = {self.canonical(name) for name, _ in self.titled}
                people += [name for name in self.names if self.canonical(name) not in titled]
        elif noun and noun not in PERSON_GROUPS:
            return None
        else:
            people = [self.canonical(name) for name, _ in self.titled]
            if len(set(people)) < 2:
                # "Vladimir Putin held talks with President ... Aram Tevosyan. The joint
                # statement says": a bilateral meeting, its two named people.
                people += list(self.names)
                count = count or 2
        unique = list(dict.fromkeys(people))
        # One person named twice ("Reyes", "Tomas Reyes") is one participant.
        unique = [
            name
            for name in unique
            if not any(other != name and _contains(other.split(), name.split()) for other in unique)
        ]
        if (count and len(unique) != count) or len(unique) < 2:
            return None
        return ", ".join(unique[:-1]) + " and " + unique[-1]

    def holder_of(self, title: str) -> str | None:
        """The one person the document introduces with ``title`` ("the Secretary", "the
        High Representative", "Kaldera's prime minister"), else None."""
        holders = {self.canonical(name) for name, titles in self.titled if title in titles}
        return holders.pop() if len(holders) == 1 else None

    def canonical_channel(self, name: str) -> str:
        """A channel by its fullest name in the document: "Xinhua" -> "Xinhua News Agency"."""
        return self._full_organisations.fullest(name)

    def canonical(self, name: str) -> str:
        """A person by their fullest name in the document: "Li" -> "Li Zhanshu"."""
        return self._full_names.fullest(name)


def _proper_part(ent: SpacySpan) -> str:
    """A person's name without the words the NER model ran on into ("Wang Jun Co-chairs
    the dialogue" in a headline tags "Wang Jun Co-chairs")."""
    tokens = list(ent)
    while len(tokens) > 1 and (
        tokens[-1].pos_ != "PROPN" or not (tokens[-1].whitespace_ or tokens[-1].i + 1 >= ent.end)
    ):
        tokens.pop()  # and a word joined to what it ran on into ("Co-" of "Co-chairs")
    return ent.doc[tokens[0].i : tokens[-1].i + 1].text if tokens else ent.text


def _fullest(name: str, candidates: list[str]) -> str:
    """The longest of ``candidates`` that contains ``name`` word for word, else ``name``."""
    return _NameIndex(candidates).fullest(name)


class _NameIndex:
    """The names of one document, indexed: by each (lowercased) word, for
    :meth:`fullest`, and by their first two characters, for :meth:`any_within`. The
    list given stays the names' order, which decides ties."""

    def __init__(self, names: list[str]) -> None:
        self.names = names
        self._indexed = 0
        self._by_word: dict[str, list[int]] = {}
        self._by_prefix: dict[str, list[str]] = {}
        self._all: set[str] = set()

    def _update(self) -> None:
        for position in range(self._indexed, len(self.names)):
            name = self.names[position]
            self._all.add(name)
            for word in dict.fromkeys(part.lower() for part in name.split()):
                self._by_word.setdefault(word, []).append(position)
            if len(name) > 1:
                self._by_prefix.setdefault(name[:2], []).append(name)
        self._indexed = len(self.names)

    def has(self, name: str) -> bool:
        self._update()
        return name in self._all

    def any_within(self, text: str) -> bool:
        """Whether one of the names occurs in ``text`` (as a substring)."""
        self._update()
        if "" in self._all:
            return True
        for position in range(len(text)):
            if text[position] in self._all:
                return True  # a one-character name
            for name in self._by_prefix.get(text[position : position + 2], ()):
                if text.startswith(name, position):
                    return True
        return False

    def fullest(self, name: str) -> str:
        """The longest name that contains ``name`` word for word, else ``name``; of
        names as long, the first."""
        tokens = name.split()
        if not tokens:
            return name
        self._update()
        best = name
        best_words = len(tokens)
        for position in self._by_word.get(tokens[0].lower(), ()):
            full = self.names[position]
            parts = full.split()
            if len(parts) > best_words and _contains(parts, tokens):
                best, best_words = full, len(parts)
        return best


def _contains(parts: list[str], tokens: list[str]) -> bool:
    lowered = [p.lower() for p in parts]
    wanted = [t.lower() for t in tokens]
    n = len(wanted)
    return any(lowered[i : i + n] == wanted for i in range(len(lowered) - n + 1))


def clean_name(text: str) -> str:
    # "Susan Collins ( R - Maine )", "Chuck Schumer (D-N.Y": a party and state in
    # parentheses are no part of the name.
    text = re.sub(r"(?<=\S)\s*\([^()]*(?:\)|$)", "", text.strip())
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
    quotes = quotations_of(sentence.doc)
    verbs = [
        token
        for token in sentence
        if token.lemma_.lower() in REPORTING_VERBS
        and token.pos_ in ("VERB", "AUX")
        and not quotes.around(token.idx, token.idx, strict=True)
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


_QUOTATIONS = "readouts.quotations"


def quotations_of(doc: Doc) -> Quotations:
    """The quotations of a parsed document, found once per Doc (the attribution and the
    claim steps ask for them per sentence and per word)."""
    found = doc.user_data.get(_QUOTATIONS)
    if found is None:
        text = text_of(doc)
        found = doc.user_data[_QUOTATIONS] = Quotations(quote_regions(text), text)
    return found


class Quotations:
    """A document's quotations (``regions``, as :func:`quote_regions` gives them: in the
    order they close), indexed so that each lookup the extractor makes per word or per
    cue is a bisection, not a walk over every quotation of the document.

    Curly quotations never overlap one another, nor do straight ones, so of each kind at
    most one (two, when they touch) can hold a given place.
    """

    def __init__(self, regions: list[tuple[int, int]], text: str) -> None:
        self.regions = regions
        self._ends = [end for _, end in regions]
        by_start = sorted(range(len(regions)), key=lambda index: regions[index][0])
        self._by_start = by_start
        self._starts = [regions[index][0] for index in by_start]
        self._kinds: list[tuple[list[int], list[int]]] = []
        for straight in (True, False):
            members = [index for index in by_start if (text[regions[index][0]] == '"') == straight]
            self._kinds.append((members, [regions[index][0] for index in members]))

    def ending_within(self, low: int, high: int) -> list[tuple[int, int]]:
        """The quotations that close at ``low`` to ``high`` (inclusive), in order."""
        return self.regions[bisect_left(self._ends, low) : bisect_right(self._ends, high)]

    def starting_within(self, low: int, high: int) -> list[tuple[int, int]]:
        """The quotations that open at ``low`` to ``high`` (inclusive), in order."""
        first, last = bisect_left(self._starts, low), bisect_right(self._starts, high)
        return [self.regions[index] for index in sorted(self._by_start[first:last])]

    def around(self, low: int, high: int, *, strict: bool) -> list[tuple[int, int]]:
        """The quotations that hold ``low`` to ``high``: ``start < low`` and ``high <
        end`` when ``strict``, else ``start <= low`` and ``high <= end``; in order."""
        found = []
        for members, starts in self._kinds:
            count = bisect_left(starts, low) if strict else bisect_right(starts, low)
            for member in members[max(0, count - 2) : count]:
                start, end = self.regions[member]
                if (start < low and high < end) if strict else (start <= low and high <= end):
                    found.append(member)
        return [self.regions[index] for index in sorted(found)]

    def touching(self, low: int, high: int) -> bool:
        """Whether a quotation overlaps ``[low, high)``."""
        for members, starts in self._kinds:
            count = bisect_left(starts, high)
            if count and self.regions[members[count - 1]][1] > low:
                return True
        return False
