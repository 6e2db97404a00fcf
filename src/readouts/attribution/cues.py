"""Cue detection: which words of a sentence report speech, thought or belief.

A logistic regression over features of each candidate head word (its lemma, part of
speech, dependency, and what it governs: a clausal complement, a subject that names
someone, a quotation next to it) decides whether it heads a cue. A second one ranks the
runs of words around each head ("said", "said in an interview", "has said") and the best
is the cue. Both are fitted on PolNeAR train by ``scripts/fit_cues.py``; the weights ship
as plain numbers in ``cues.json``.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from readouts.attribution.sentences import Quotations

if TYPE_CHECKING:
    from spacy.tokens import Token

_TELLING_DEPS = frozenset(
    {"ccomp", "xcomp", "dobj", "nsubj", "nsubjpass", "prep", "agent", "poss", "acl"}
)
# "He said: ...", and the dash that introduces a quotation's author ("” ― Sonya Herridge").
PUNCTUATION_CUES = frozenset({":", "―", "—"})
CANDIDATE_POS = frozenset({"VERB", "AUX", "NOUN", "ADP", "PUNCT", "ADJ", "PROPN"})
PERSONISH = frozenset({"PERSON", "ORG", "NORP", "GPE"})
SUBJECT_PRONOUNS = frozenset("he she they i we you it who".split())


def is_candidate(token: Token) -> bool:
    """Words that could head a cue: verbs, nouns ("claims"), "according", a colon."""
    if token.text in PUNCTUATION_CUES:
        return True
    if token.pos_ not in CANDIDATE_POS or token.pos_ == "PUNCT":
        return False
    if token.pos_ == "ADP":
        return token.lower_ in ("according", "in", "for", "to", "from", "per")
    return token.is_alpha


@dataclass(frozen=True)
class QuoteContext:
    """Where a word stands relative to the document's quotations."""

    inside: bool  # within a quotation: usually quoted speech, not its cue
    closes_before: bool  # a quotation ends shortly before it: "“...,” Li said"
    opens_after: bool  # a quotation starts right after it: "said: “...”"


# How far (in characters) a quotation may end before a cue, or start after one.
QUOTE_BEFORE_CHARS = 40
QUOTE_AFTER_CHARS = 6


def quote_context(token: Token, regions: Quotations | list[tuple[int, int]]) -> QuoteContext:
    """The quotation context of ``token`` given the document's quotations (the index
    :func:`~readouts.attribution.sentences.quotations_of` gives, or their regions)."""
    quotes = regions if isinstance(regions, Quotations) else Quotations(regions, token.doc.text)
    position = token.idx
    end_of_token = position + len(token.text)
    return QuoteContext(
        inside=bool(quotes.around(position, position, strict=True)),
        closes_before=bool(quotes.ending_within(position - QUOTE_BEFORE_CHARS, position)),
        opens_after=bool(quotes.starting_within(end_of_token, end_of_token + QUOTE_AFTER_CHARS)),
    )


def features(token: Token, quotes: QuoteContext) -> list[str]:
    """String features of a candidate cue head, as the model's weights are keyed."""
    lemma = token.lemma_.lower()
    children = list(token.children)
    deps = {child.dep_ for child in children}
    subject = next((c for c in children if c.dep_ in ("nsubj", "nsubjpass")), None)
    found = [
        "bias",
        f"lemma={lemma}",
        f"pos={token.pos_}",
        f"tag={token.tag_}",
        f"dep={token.dep_}",
        f"lemma_pos={lemma}|{token.pos_}",
        f"lemma_dep={lemma}|{token.dep_}",
        f"head_lemma={token.head.lemma_.lower()}",
        f"quoted={quotes.inside}",
        f"quote_before={quotes.closes_before}",
        f"quote_after={quotes.opens_after}",
        f"lemma_quote_before={lemma}|{quotes.closes_before}",
        f"lemma_quote_after={lemma}|{quotes.opens_after}",
    ]
    for dep in ("ccomp", "xcomp", "dobj", "prep", "nsubj", "nsubjpass", "agent", "neg", "aux"):
        if dep in deps:
            found.append(f"has={dep}")
            found.append(f"lemma_has={lemma}|{dep}")
    if subject is not None:
        kind = (
            "pronoun"
            if subject.lower_ in SUBJECT_PRONOUNS
            else "named"
            if subject.ent_type_ in PERSONISH
            else "noun"
        )
        found.append(f"subject={kind}")
        found.append(f"lemma_subject={lemma}|{kind}")
    found.append("deps=" + "+".join(sorted(deps & _TELLING_DEPS)))
    found.append(f"lemma_deps={lemma}|" + "+".join(sorted(deps & _TELLING_DEPS)))
    for child in children:
        if child.dep_ in ("dobj", "pobj", "attr"):
            found.append(f"object={child.lemma_.lower()}")
        if child.dep_ == "prep":
            found.append(f"lemma_prep={lemma}|{child.lower_}")
    if subject is not None:
        found.append(f"subject_lemma={subject.lemma_.lower()}")
        found.append(f"lemma_subject_entity={lemma}|{subject.ent_type_}")
    for child in children:
        found.append(f"child={child.dep_}|{child.lemma_.lower()}")
    sentence = token.sent
    first_verb = next((t.i for t in sentence if t.pos_ == "VERB"), -1)
    found.append(f"first_verb={token.i == first_verb}")
    found.append(f"lemma_head_dep={lemma}|{token.head.dep_}")
    if token.head.i != token.i:
        found.append(f"head_dep={token.head.dep_}|{token.dep_}")
    nxt = token.nbor(1) if token.i + 1 < len(token.doc) else None
    prv = token.nbor(-1) if token.i > 0 else None
    if nxt is not None:
        found.append(f"next={nxt.lower_}")
        found.append(f"lemma_next={lemma}|{nxt.lower_}")
    if prv is not None:
        found.append(f"prev={prv.lower_}")

    return found


# A cue is one unbroken run of words around its head: at most this many words before it
# ("has not yet said") and after it ("said in an interview on Monday").
EXTENT_LEFT = 4
EXTENT_RIGHT = 6


def _attached(token: Token, chosen: set[int]) -> bool:
    """A cue is a piece of the parse tree: a word joins only through a word already in it
    ("has" through "said"), never a determiner whose noun stays out ("sent a")."""
    if token.head.i in chosen:
        return True
    return any(child.i in chosen for child in token.children)


def _path(token: Token, head: Token) -> str:
    if token.head.i == head.i:
        return token.dep_
    if token.head.head.i == head.i:
        return f"{token.head.dep_}>{token.dep_}"
    if head.head.i == token.i:
        return f"<{head.dep_}"
    return "far"


def extent_candidates(head: Token) -> list[tuple[int, int]]:
    """The (first, last) token indices of every run around ``head`` that could be its cue:
    within the sentence and the window, not starting or ending on a space."""
    sentence = head.sent
    doc = head.doc
    lefts = range(max(sentence.start, head.i - EXTENT_LEFT), head.i + 1)
    rights = range(head.i, min(sentence.end - 1, head.i + EXTENT_RIGHT) + 1)
    return [
        (left, right)
        for left in lefts
        if left == head.i or not doc[left].is_space
        for right in rights
        if right == head.i or not doc[right].is_space
    ]


def _outside(doc, index: int, step: int, sentence) -> Token | None:
    """The first word beyond a run's edge, skipping spaces; None at the sentence's edge."""
    while sentence.start <= index < sentence.end and doc[index].is_space:
        index += step
    return doc[index] if sentence.start <= index < sentence.end else None


def extent_runs(head: Token) -> list[tuple[tuple[int, int], list[str]]]:
    """Every candidate cue run around ``head`` (:func:`extent_candidates`) with its string
    features: the words it takes in (by their path from the head), how long it is, and the
    first word left out on each side. Each word's features are built once per head and
    shared by the runs that take it in."""
    doc = head.doc
    lemma = head.lemma_.lower()
    sentence = head.sent
    words: dict[int, list[str]] = {}
    afters: dict[int, list[str]] = {}
    befores: dict[int, list[str]] = {}
    runs = []
    for left, right in extent_candidates(head):
        found = [
            "bias",
            f"right={right - head.i}",
            f"left={head.i - left}",
            f"head_right={lemma}|{right - head.i}",
            f"head_left={lemma}|{head.i - left}",
        ]
        members = set(range(left, right + 1))
        for index in range(left, right + 1):
            if index == head.i:
                continue
            if index not in words:
                words[index] = _word_features(doc[index], head, lemma)
            found += words[index]
            if not _attached(doc[index], members - {index}):
                found.append("detached")
        if right not in afters:
            afters[right] = _after_features(head, right, lemma, sentence)
        if left not in befores:
            befores[left] = _before_features(head, left, sentence)
        runs.append(((left, right), found + afters[right] + befores[left]))
    return runs


def _word_features(token: Token, head: Token, lemma: str) -> list[str]:
    path = _path(token, head)
    return [
        f"in={path}|{token.lower_}",
        f"in={path}|{token.pos_}",
        f"in_head={lemma}|{path}",
        f"in_low={token.lower_}",
        f"in_head_low={lemma}|{token.lower_}",
    ]


def _after_features(head: Token, right: int, lemma: str, sentence) -> list[str]:
    doc = head.doc
    after = _outside(doc, right + 1, 1, sentence)
    if after is None:
        return ["after=END"]
    path = _path(after, head)
    return [
        f"after={after.lower_}",
        f"after={after.pos_}|{after.dep_}",
        f"after_path={path}",
        f"after_last={doc[right].lower_}|{after.lower_}",
        f"after_head={lemma}|{after.pos_}",
        f"after_path_pos={path}|{after.pos_}",
        f"after_last_pos={doc[right].pos_}|{after.pos_}",
    ]


def _before_features(head: Token, left: int, sentence) -> list[str]:
    doc = head.doc
    before = _outside(doc, left - 1, -1, sentence)
    if before is None:
        return ["before=START"]
    path = _path(before, head)
    return [
        f"before={before.lower_}",
        f"before={before.pos_}|{before.dep_}",
        f"before_path={path}",
        f"before_first={before.lower_}|{doc[left].lower_}",
        f"before_path_pos={path}|{before.pos_}",
    ]


@dataclass(frozen=True)
class LinearModel:
    """A logistic regression as plain numbers: feature string -> weight, and a threshold."""

    weights: dict[str, float]
    threshold: float

    def score(self, feats: list[str]) -> float:
        return sum(self.weights.get(feat, 0.0) for feat in feats)

    def probability(self, feats: list[str]) -> float:
        z = self.score(feats)
        return 1.0 / (1.0 + math.exp(-max(min(z, 50.0), -50.0)))

    def decide(self, feats: list[str]) -> bool:
        return self.probability(feats) >= self.threshold


@dataclass(frozen=True)
class CueModels:
    """The two models: which words head a cue, and which run of words around a head is
    its cue."""

    head: LinearModel
    extent: LinearModel


@lru_cache(maxsize=1)
def default_models() -> CueModels:
    """The models fitted on PolNeAR train and shipped with the package."""
    text = resources.files("readouts.attribution").joinpath("cues.json").read_text("utf-8")
    data = json.loads(text)
    return CueModels(
        head=LinearModel(data["head"]["weights"], float(data["head"]["threshold"])),
        extent=LinearModel(data["extent"]["weights"], float(data["extent"]["threshold"])),
    )


def cue_tokens(head: Token, model: LinearModel) -> list[int]:
    """Token indices of the cue headed by ``head``: the candidate run the extent model
    ranks highest."""
    (left, right), _ = max(extent_runs(head), key=lambda run: model.score(run[1]))
    return list(range(left, right + 1))
