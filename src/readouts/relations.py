"""Step 6: what kind of match two aligned claims are, and what differs between them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any, Literal

from readouts.claims import Claim, Marker
from readouts.spans import Span
from readouts.terms import Term, weight

Relation = Literal["equivalent", "partial", "conflict"]
ConflictKind = Literal["number", "time", "negation", "stance", "speaker"]


@dataclass(frozen=True)
class Conflict:
    """One contradiction between matched claims, with the words on each side."""

    kind: ConflictKind
    detail: str
    spans: dict[str, tuple[Span, ...]]

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "detail": self.detail,
            "spans": {cid: [span.to_dict() for span in spans] for cid, spans in self.spans.items()},
        }


@dataclass(frozen=True)
class Shift:
    """One side softens what the other says: fewer specifics, weaker or hedged wording."""

    stronger: str
    softer: str
    amount: float
    markers: dict[str, tuple[Span, ...]]

    def to_dict(self) -> dict[str, Any]:
        return {
            "stronger": self.stronger,
            "softer": self.softer,
            "amount": round(self.amount, 3),
            "markers": {cid: [s.to_dict() for s in spans] for cid, spans in self.markers.items()},
        }


@dataclass(frozen=True)
class Match:
    """Claims of different documents that report the same statement.

    ``claims`` holds one claim of one document and one or two of another (two when one
    claim covers both). ``differences`` maps each claim to the key terms only it has;
    ``evidence`` gives the same terms as spans of the document text.
    """

    claims: tuple[str, ...]
    relation: Relation
    score: float
    differences: dict[str, tuple[str, ...]]
    evidence: dict[str, tuple[Span, ...]]
    conflicts: tuple[Conflict, ...] = ()
    shift: Shift | None = None
    weight_only: dict[str, float] = field(default_factory=dict)
    # The calibrated probability that the claims are the same statement or event (what
    # matched them; None when they were matched otherwise, e.g. in a test).
    probability: float | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "claims": list(self.claims),
            "relation": self.relation,
            "score": round(self.score, 3),
            **({} if self.probability is None else {"probability": round(self.probability, 3)}),
            "differences": {cid: list(terms) for cid, terms in self.differences.items()},
            "evidence": {cid: [s.to_dict() for s in spans] for cid, spans in self.evidence.items()},
        }
        if self.conflicts:
            data["conflicts"] = [conflict.to_dict() for conflict in self.conflicts]
        if self.shift:
            data["shift"] = self.shift.to_dict()
        return data


# --- classification ---------------------------------------------------------------------

# Content words this common are not worth reporting as a difference on their own.
MIN_WORD_WEIGHT = 2.5
IGNORED_NEGATION_HEADS = frozenset("be have do matter".split())
# Any of these in a claim makes it negative somewhere; two negative claims are taken as
# parallel rather than contradictory.
NEGATIVE_WORDS = frozenset(
    "not n't never no nobody none nothing neither nor without unless deny denied denies "
    "refuse refused refuses decline declined declines fail failed fails unable".split()
)


def relate(
    left: Claim,
    right: Sequence[Claim],
    score: float,
    *,
    equivalent_threshold: float,
    probability: float | None = None,
) -> Match:
    """Classify the match of ``left`` with one or two claims ``right`` of another document.

    >>> relate(a, [b], 0.9, equivalent_threshold=0.5).relation  # doctest: +SKIP
    'equivalent'
    """
    right_keys = frozenset().union(*(claim.keys for claim in right))
    right_terms = tuple(term for claim in right for term in claim.terms)
    differences: dict[str, tuple[str, ...]] = {}
    evidence: dict[str, tuple[Span, ...]] = {}
    weights: dict[str, float] = {}
    left_only = _only(left.terms, right_terms, right_keys)
    _record(left.id, left_only, differences, evidence, weights)
    for claim in right:
        _record(claim.id, _only(claim.terms, left.terms, left.keys), differences, evidence, weights)

    conflicts: list[Conflict] = []
    for claim in right:
        conflicts.extend(_number_conflicts(left, claim))
        conflicts.extend(_negation_conflicts(left, claim))
        conflicts.extend(_negation_conflicts(claim, left))
        conflicts.extend(_stance_conflicts(left, claim))
        if score >= equivalent_threshold:
            conflicts.extend(_speaker_conflicts(left, claim))
    if conflicts:
        relation: Relation = "conflict"
    elif score >= equivalent_threshold:
        relation = "equivalent"
    else:
        relation = "partial"
    return Match(
        claims=(left.id, *(claim.id for claim in right)),
        relation=relation,
        score=float(score),
        differences=differences,
        evidence=evidence,
        conflicts=tuple(conflicts),
        shift=_shift(left, right, weights),
        weight_only=weights,
        probability=probability,
    )


def covers(term: Term, terms: Sequence[Term], keys: frozenset[str]) -> bool:
    """Whether ``term`` is said on the other side too (by key, name part, or value)."""
    if term.kind == "number":
        return any(other.kind == "number" and other.value == term.value for other in terms)
    if term.key in keys:
        return True
    if term.kind == "entity":
        words = term.key.split()
        for other in terms:
            if other.kind != "entity":
                continue
            other_words = other.key.split()
            if set(words) <= set(other_words) or set(other_words) <= set(words):
                return True
        return all(word in keys for word in words)
    return False


def _only(
    terms: Sequence[Term], other_terms: Sequence[Term], other_keys: frozenset[str]
) -> list[Term]:
    seen: set[str] = set()
    only = []
    for term in terms:
        if term.key in seen:
            continue
        if term.kind == "word" and weight(term.key) < MIN_WORD_WEIGHT:
            continue
        if not covers(term, other_terms, other_keys):
            seen.add(term.key)
            only.append(term)
    return only


def _record(
    claim_id: str,
    terms: list[Term],
    differences: dict[str, tuple[str, ...]],
    evidence: dict[str, tuple[Span, ...]],
    weights: dict[str, float],
) -> None:
    differences[claim_id] = tuple(term.text for term in terms)
    evidence[claim_id] = tuple(Span(term.start, term.end, term.text) for term in terms)
    weights[claim_id] = sum(weight(term.key) if term.kind != "number" else 6.0 for term in terms)


APPROXIMATE = frozenset(
    "about around nearly almost approximately roughly some over more than least up under less "
    "fewer close estimated approached roughly".split()
)
# Relative difference within which an approximate number ("about 770") agrees with another.
APPROXIMATE_TOLERANCE = 0.1


def _number_conflicts(left: Claim, right: Claim) -> list[Conflict]:
    """Different values for the same quantity (same unit) and no value in common."""
    conflicts = []
    left_numbers = [t for t in left.terms if t.kind == "number" and not _is_year(t)]
    right_numbers = [t for t in right.terms if t.kind == "number" and not _is_year(t)]
    for unit in sorted({t.unit for t in left_numbers} & {t.unit for t in right_numbers}, key=str):
        mine = [t for t in left_numbers if t.unit == unit]
        theirs = [t for t in right_numbers if t.unit == unit]
        if any(_agree(a, b) for a in mine for b in theirs):
            continue
        detail = f"{unit}: {', '.join(t.text for t in mine)} vs {', '.join(t.text for t in theirs)}"
        conflicts.append(
            Conflict(
                "number",
                detail,
                {left.id: tuple(_span(t) for t in mine), right.id: tuple(_span(t) for t in theirs)},
            )
        )
    return conflicts


def _agree(first: Term, second: Term) -> bool:
    if first.value == second.value:
        return True
    if first.value is None or second.value is None:
        return False
    approximate = any(
        word.lower() in APPROXIMATE for term in (first, second) for word in term.text.split()
    )
    largest = max(abs(first.value), abs(second.value)) or 1.0
    return approximate and abs(first.value - second.value) / largest <= APPROXIMATE_TOLERANCE


def _is_year(term: Term) -> bool:
    value = term.value or 0.0
    return (
        term.unit == "count"
        and value == int(value)
        and 1800 <= value <= 2100
        and term.text.isdigit()
    )


def _negation_conflicts(negated: Claim, plain: Claim) -> list[Conflict]:
    """``negated`` denies an action that ``plain`` states without any negation at all.

    When both claims negate something they are taken to be parallel ("would not confirm"
    and "would not say"); then only the stance and number checks apply.
    """
    if plain.markers_of("negation") or NEGATIVE_WORDS.intersection(plain.words):
        return []
    conflicts = []
    for marker in negated.markers_of("negation"):
        if marker.lemma in IGNORED_NEGATION_HEADS:
            continue
        if marker.lemma in plain.keys:
            conflicts.append(
                Conflict(
                    "negation",
                    f"{negated.id} negates '{marker.lemma}', {plain.id} does not",
                    {negated.id: (marker.span,), plain.id: _lemma_spans(plain, marker.lemma)},
                )
            )
    return conflicts


def _stance_conflicts(left: Claim, right: Claim) -> list[Conflict]:
    conflicts: list[Conflict] = []
    left_stances, right_stances = _stances(left), _stances(right)
    if {(s, m.lemma) for s, m in left_stances} == {(s, m.lemma) for s, m in right_stances}:
        return conflicts
    for mine in left_stances:
        for theirs in right_stances:
            if mine[0] == theirs[0]:
                continue
            shared = (mine[1].scope - {mine[1].lemma}) & (theirs[1].scope - {theirs[1].lemma})
            if shared:
                conflicts.append(
                    Conflict(
                        "stance",
                        f"{left.id} {mine[0]}s, {right.id} {theirs[0]}s "
                        f"({', '.join(sorted(shared))})",
                        {left.id: (mine[1].span,), right.id: (theirs[1].span,)},
                    )
                )
                return conflicts
    return conflicts


def _stances(claim: Claim) -> list[tuple[str, Marker]]:
    negated = {marker.lemma for marker in claim.markers_of("negation")}
    stances = []
    for marker in claim.markers_of("support", "oppose"):
        stance = marker.kind
        if marker.lemma in negated:
            stance = "oppose" if stance == "support" else "support"
        stances.append((stance, marker))
    return stances


SPEAKER_ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE"})


def _speaker_conflicts(left: Claim, right: Claim) -> list[Conflict]:
    """Both claims name who said it, and the names are clearly different speakers."""
    if not left.speaker or not right.speaker or not left.source or not right.source:
        return []
    if not (_named_source(left) and _named_source(right)):
        return []
    mine, theirs = left.speaker.lower(), right.speaker.lower()
    if set(mine.split()) & set(theirs.split()):
        return []
    # "George Heath, a Fort Campbell spokesman" and "a Fort Campbell spokesman" overlap.
    if _source_words(left.source.text) & _source_words(right.source.text):
        return []
    if _acronym_of(left.speaker, right.speaker) or _acronym_of(right.speaker, left.speaker):
        return []  # "IAEA" and "International Atomic Energy Agency"
    if SequenceMatcher(None, mine, theirs).ratio() >= 0.5:
        return []  # spelling variants: "Sundwell" and "Sundwall"
    return [
        Conflict(
            "speaker",
            f"{left.id} gives it to {left.speaker}, {right.id} to {right.speaker}",
            {left.id: (left.source,), right.id: (right.source,)},
        )
    ]


def _named_source(claim: Claim) -> bool:
    """The speaker is a named person, organisation or place, not "officials" or "the
    Connecticut Democrat": an entity of the source span carries the speaker's name."""
    source, speaker = claim.source, (claim.speaker or "").lower()
    if source is None:
        return False
    for term in claim.terms:
        if term.kind != "entity" or term.label not in SPEAKER_ENTITY_LABELS:
            continue
        if not (source.start <= term.start and term.end <= source.end):
            continue
        if term.key == speaker or term.key.endswith(" " + speaker) or speaker.endswith(term.key):
            return True
    return False


_TITLE_WORDS = frozenset("mr mrs ms dr the a an of".split())


def _source_words(text: str) -> set[str]:
    words = {word.strip(".,'’\"").lower() for word in text.split()}
    return {word for word in words if len(word) > 2 and word not in _TITLE_WORDS}


def _acronym_of(short: str, long: str) -> bool:
    letters = short.replace(".", "").replace(" ", "")
    initials = "".join(word[0] for word in long.split() if word[:1].isupper())
    return letters.isupper() and len(letters) >= 2 and letters == initials


# How much unshared detail weighs against one intensity marker: ten points of rarity
# weight (two or three rare words) count as much as one "firmly" or "hopes".
DETAIL_PER_MARKER = 10.0


def _shift(left: Claim, right: Sequence[Claim], weights: dict[str, float]) -> Shift | None:
    """Which side says it more strongly or in more detail; None when neither clearly does.

    Strength is the count of intensifiers ("fully", "firmly") less hedges ("hopes", "may"),
    plus the rarity weight of the terms only that side has, over DETAIL_PER_MARKER. A
    difference of one marker or more is a shift; the weaker side softens the stronger.
    """

    def strength(claims: Sequence[Claim]) -> float:
        markers = sum(len(c.markers_of("strong")) - len(c.markers_of("hedge")) for c in claims)
        return markers + sum(weights.get(c.id, 0.0) for c in claims) / DETAIL_PER_MARKER

    amount = strength([left]) - strength(right)
    if abs(amount) < 1.0:
        return None
    stronger, softer = (left.id, right[0].id) if amount > 0 else (right[0].id, left.id)
    markers = {
        claim.id: tuple(m.span for m in claim.markers_of("strong", "hedge"))
        for claim in (left, *right)
    }
    return Shift(stronger=stronger, softer=softer, amount=abs(amount), markers=markers)


def _span(term: Term) -> Span:
    return Span(term.start, term.end, term.text)


def _lemma_spans(claim: Claim, lemma: str) -> tuple[Span, ...]:
    spans = tuple(_span(t) for t in claim.terms if t.key == lemma)
    return spans or (Span(claim.start, claim.end, claim.text),)
