"""Step 6: what kind of match two aligned claims are, and what differs between them."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Any, Literal

import numpy as np

from readouts.claims import STRONG as INTENSIFIERS
from readouts.claims import Claim, Marker
from readouts.spans import Span
from readouts.terms import Term, weight
from readouts.times import WINDOWS

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
    """One side softens what the other says: hedged or weaker wording where the other is
    firm. ``markers`` holds, for each side, the words that carry the difference."""

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


# A calibrated match probability at which two claims are taken to report one event even
# when their words differ ("will be completed by the end of the month" and "will begin
# next month"): the one time each gives is then compared.
SURE_MATCH = 0.85


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
    left_only = _only(left.terms, right_terms, right_keys, _across(left, right))
    _record(left.id, left_only, differences, evidence, weights)
    for claim in right:
        only = _only(claim.terms, left.terms, left.keys, _across(claim, [left]))
        _record(claim.id, only, differences, evidence, weights)

    conflicts: list[Conflict] = []
    for claim in right:
        conflicts.extend(_number_conflicts(left, claim))
        # "One event" for the time check: scored equivalent, or matched with confidence.
        sure = score >= equivalent_threshold or (probability or 0.0) >= SURE_MATCH
        conflicts.extend(_time_conflicts(left, claim, strong=sure))
        conflicts.extend(
            conflict
            for conflict in (*_negation_conflicts(left, claim), *_negation_conflicts(claim, left))
            if not _negates_a_time(conflict, left, claim)
        )
        conflicts.extend(_stance_conflicts(left, claim))
        if score >= equivalent_threshold and claim.lang == left.lang:
            # Across languages a name is written in two scripts ("Воронин", "沃罗宁"):
            # telling two speakers apart needs more than their spelling.
            conflicts.extend(_speaker_conflicts(left, claim))
        conflicts = [c for c in conflicts if _one_event(c, left, claim)]
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
        shift=None if conflicts else _shift(left, right),
        weight_only=weights,
        probability=probability,
    )


def covers(term: Term, terms: Sequence[Term], keys: frozenset[str]) -> bool:
    """Whether ``term`` is said on the other side too (by key, name part, or value): a
    number by an agreeing value ("a dozen" and "12", "nearly 40" and "38"), a time by the
    same period whatever the notation ("on 3 June" and "June 3")."""
    if term.kind == "number":
        return any(other.kind == "number" and _agree(term, other) for other in terms)
    if term.kind == "time":
        return term.key in keys or any(
            other.kind == "time" and other.key == term.key for other in terms
        )
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


def _across(claim: Claim, others: Sequence[Claim]) -> bool:
    """Whether ``claim`` is compared with claims in another language."""
    return any(other.lang != claim.lang for other in others)


# What a term is compared on when the claims are in two languages: values only. Words
# and names are written differently in each ("Россия", "俄罗斯", "Russia"), so a word or
# a name is never reported as said on one side only across languages.
_ACROSS_KINDS = frozenset({"number", "time"})


def _only(
    terms: Sequence[Term],
    other_terms: Sequence[Term],
    other_keys: frozenset[str],
    across: bool = False,
) -> list[Term]:
    seen: set[str] = set()
    only = []
    for term in terms:
        if term.key in seen or (across and term.kind not in _ACROSS_KINDS):
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


# Qualifiers of a number: read by readouts.terms.read_amount into each term's low..high;
# kept here for terms built without them.
APPROXIMATE = frozenset(
    "about around nearly almost approximately roughly some over more than least up under less "
    "fewer close estimated approached roughly".split()
)
# Relative difference within which an approximate number ("about 770") agrees with another.
APPROXIMATE_TOLERANCE = 0.1


def _number_conflicts(left: Claim, right: Claim) -> list[Conflict]:
    """Different values for the same quantity (same unit) and no value in common: no
    interval of one side ("more than 30", "nearly 40") holds a value of the other."""
    conflicts = []
    left_numbers = [t for t in left.terms if t.kind == "number" and not _is_year(t)]
    right_numbers = [t for t in right.terms if t.kind == "number" and not _is_year(t)]
    if left.lang != right.lang:
        phrases = _phrases(left, left_numbers), _phrases(right, right_numbers)
        left_numbers, right_numbers = _counted_alike(left_numbers, right_numbers, *phrases)
    for unit in sorted({t.unit for t in left_numbers} & {t.unit for t in right_numbers}, key=str):
        mine = [t for t in left_numbers if t.unit == unit]
        theirs = [t for t in right_numbers if t.unit == unit]
        if any(_agree(a, b) for a in mine for b in theirs):
            continue
        # The same figure given for another unit on the other side ("a dozen agreements"
        # counted as "count" against "12 agreements"): the numbers agree, no conflict.
        if any(_agree(a, b) for a in mine for b in right_numbers) and any(
            _agree(a, b) for a in left_numbers for b in theirs
        ):
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


# Units that are the same words in every language: what readouts.terms and
# readouts.languages.values write for percentages and currencies.
_SHARED_UNIT = re.compile(r"^(percent|money(:\w+)?|change)$")


# How alike two counted nouns in two languages must be, as the cosine of their
# multilingual sentence embeddings, to be one thing ("раунд"/"round" 0.70, "раунд"/"轮"
# 0.56, "рейс"/"flight" 0.90, "закон"/"law" 0.91; "закон"/"agreement" 0.51,
# "парламент"/"round" 0.20).
UNIT_SIMILARITY = 0.55


def _phrases(claim: Claim, numbers: list[Term]) -> dict[str, str]:
    """What an English count counts, as written after the number with its modifiers
    ("19 crew members": "crew members", where the unit is "member"): the words from the
    number to the unit's word, at most four. Other languages' units stand as they are."""
    phrases: dict[str, str] = {}
    if claim.lang != "en":
        return phrases
    for term in numbers:
        if term.unit in phrases or not term.unit.isalpha():
            continue
        after = claim.text[term.end - claim.start :]
        stem = term.unit[: max(3, len(term.unit) - 2)]
        words = list(_WORD.finditer(after))[:4]
        for word in words:
            if word.group().lower().startswith(stem):
                phrases[term.unit] = after[: word.end()].strip()
                break
    return phrases


_WORD = re.compile(r"[^\W\d_][\w'-]*")


def _counted_alike(
    mine: list[Term],
    theirs: list[Term],
    mine_phrases: dict[str, str] | None = None,
    theirs_phrases: dict[str, str] | None = None,
) -> tuple[list[Term], list[Term]]:
    """Counts in two languages name what they count in their own words ("раунд", "轮",
    "rounds"): two counted nouns whose multilingual embeddings are close
    (:data:`UNIT_SIMILARITY`) are taken for one thing, under one unit. An English unit is
    embedded as written with its modifiers (:func:`_phrases`: "crew members", not
    "member")."""
    units = [
        sorted({t.unit for t in side if t.unit and not _SHARED_UNIT.match(t.unit)})
        for side in (mine, theirs)
    ]
    units = [
        [unit for unit in side if not unit.endswith(" no.") and unit != "count"] for side in units
    ]
    alias: dict[str, str] = {}
    # A rate per period, one a side ("10 a week", "每周14班"): one thing, whatever each
    # calls what it counts.
    rates = [[unit for unit in side if "/" in unit] for side in units]
    for period in {u.rsplit("/", 1)[1] for u in rates[0]} & {u.rsplit("/", 1)[1] for u in rates[1]}:
        ours = [u for u in rates[0] if u.endswith(f"/{period}")]
        yours = [u for u in rates[1] if u.endswith(f"/{period}")]
        if len(ours) == 1 and len(yours) == 1:
            alias[ours[0]] = alias[f"\0{yours[0]}"] = f"counted:rate/{period}"
    units = [[unit for unit in side if "/" not in unit] for side in units]
    if not units[0] or not units[1]:
        return _aliased(mine, theirs, alias)
    similarity = _unit_similarity(
        tuple((mine_phrases or {}).get(unit, unit) for unit in units[0]),
        tuple((theirs_phrases or {}).get(unit, unit) for unit in units[1]),
    )
    if similarity is not None:
        for i, j in _mutual_best(similarity):
            alias[units[0][i]] = f"counted:{units[0][i]}"
            alias[f"\0{units[1][j]}"] = f"counted:{units[0][i]}"
    return _aliased(mine, theirs, alias)


def _aliased(
    mine: list[Term], theirs: list[Term], alias: dict[str, str]
) -> tuple[list[Term], list[Term]]:
    if not alias:
        return mine, theirs
    return (
        [replace(t, unit=alias[t.unit]) if t.unit in alias else t for t in mine],
        [replace(t, unit=alias[f"\0{t.unit}"]) if f"\0{t.unit}" in alias else t for t in theirs],
    )


# Besides reaching UNIT_SIMILARITY, two counted nouns must be each other's closest, by
# this much over the next closest on either side.
UNIT_MARGIN = 0.1


def _mutual_best(similarity: np.ndarray) -> list[tuple[int, int]]:
    """Pairs (i, j) that are each other's closest, at least UNIT_SIMILARITY alike and
    UNIT_MARGIN closer than any other candidate of their row and column."""
    pairs = []
    for i in range(similarity.shape[0]):
        j = int(np.argmax(similarity[i]))
        best = similarity[i, j]
        if best < UNIT_SIMILARITY or int(np.argmax(similarity[:, j])) != i:
            continue
        others = np.concatenate([np.delete(similarity[i], j), np.delete(similarity[:, j], i)])
        if others.size and best - others.max() < UNIT_MARGIN:
            continue
        pairs.append((i, j))
    return pairs


@lru_cache(maxsize=4096)
def _unit_similarity(first: tuple[str, ...], second: tuple[str, ...]) -> np.ndarray | None:
    """Cosines of the multilingual embeddings of two lists of words (None when the
    encoder cannot be loaded)."""
    from readouts.errors import MissingDependency
    from readouts.similarity.encoders import load_encoder

    try:
        encoder = load_encoder("multilingual", None)
    except MissingDependency:
        return None
    vectors = np.asarray(encoder.encode([*first, *second]), dtype=float)
    vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
    return vectors[: len(first)] @ vectors[len(first) :].T


def _agree(first: Term, second: Term) -> bool:
    """Whether two numbers can be the same value: equal, or within each other's interval
    ("nearly 40" and 38, "more than 30" and 32, "tens of thousands" and 20,000)."""
    if first.value == second.value:
        return True
    if first.value is None or second.value is None:
        return False
    mine, theirs = first.interval, second.interval
    if mine is None or theirs is None:
        return False
    slack = 1e-9 * max(abs(first.value), abs(second.value), 1.0)
    if mine[0] <= theirs[1] + slack and theirs[0] <= mine[1] + slack:
        return True
    if abs(first.value - second.value) <= max(_rounding(first), _rounding(second)) + slack:
        return True  # "$4.40" is "$4.404" rounded; "87,000" may be 87,412 rounded
    if first.low is not None and second.low is not None:
        return False  # both read with their qualifiers: the intervals decide
    approximate = any(
        word.lower() in APPROXIMATE for term in (first, second) for word in term.text.split()
    )
    largest = max(abs(first.value), abs(second.value)) or 1.0
    return approximate and abs(first.value - second.value) / largest <= APPROXIMATE_TOLERANCE


_FIGURE = re.compile(r"\d[\d,]*(?:\.(\d+))?")


def _rounding(term: Term) -> float:
    """Half the last place a figure is written to, in its value's units: 0.005 for
    "4.40", 0.05e9 for "2.5 billion", 500 for "87,000" (three or more trailing zeros
    read as rounding); 0 for number words or when the value is not the figure's."""
    found = _FIGURE.search(term.text)
    if found is None or term.value is None:
        return 0.0
    digits = found.group(0).replace(",", "")
    try:
        figure = float(digits)
    except ValueError:
        return 0.0
    if not figure:
        return 0.0
    scale = term.value / figure
    decimals = found.group(1)
    if decimals:
        return 0.5 * 10 ** -len(decimals) * abs(scale)
    whole = digits.split(".")[0]
    zeros = len(whole) - len(whole.rstrip("0"))
    return 0.5 * 10**zeros * abs(scale) if zeros >= 3 else 0.0


def _is_year(term: Term) -> bool:
    """A bare four-digit figure the parser did not tag as a date: a year, not a count."""
    value = term.value or 0.0
    return (
        term.unit == "count"
        and value == int(value)
        and 1800 <= value <= 2100
        and term.text.isdigit()
    )


def _time_conflicts(left: Claim, right: Claim, *, strong: bool = False) -> list[Conflict]:
    """The two claims put the event at times that cannot both hold: no time of one side
    falls within the window of any time of the other ("in March" against "not before
    2027", "on Monday" against "on Wednesday"; "in 2028" and "by 2030" agree).

    Precision first: only times that bound the event (not "said on Monday", "until",
    "not in March"), only absolute against absolute or relative against relative (an
    undated "next year" is never set against 2027), never a year that had to be guessed,
    and only times of one event: attached to the same verb, or, in a ``strong`` match
    (scored equivalent), the one time each claim gives ("will be completed by the end of
    the month" and "will begin next month").
    """
    mine = [t for t in left.terms if _bounds_event(t)]
    theirs = [t for t in right.terms if _bounds_event(t)]
    if not mine or not theirs:
        return _deadline_conflicts(left, right, strong=strong)
    # A guessed reading cannot set a conflict, but it can show a time the two share.
    if any(
        _windows_meet(a, b) and not _other_deadline(a, b)
        for a in [t for t in left.terms if _bounds_event(t, guessed=True)]
        for b in [t for t in right.terms if _bounds_event(t, guessed=True)]
        if a.time.relative == b.time.relative
    ):
        return []  # a time the two share ("on Wednesday" in both), whatever else they say
    one_each = strong and len(mine) == 1 and len(theirs) == 1
    comparable = [
        (a, b)
        for a in mine
        for b in theirs
        if a.time.relative == b.time.relative
        and (one_each or _same_event(a, b, left, right))
        and _placed_alike(a, b)
    ]
    if not comparable:
        return []
    if any(_windows_meet(a, b) and not _other_deadline(a, b) for a, b in comparable):
        return []
    mine = [t for t in mine if any(t is a for a, _ in comparable)]
    theirs = [t for t in theirs if any(t is b for _, b in comparable)]
    detail = f"{'; '.join(_said(t) for t in mine)} vs {'; '.join(_said(t) for t in theirs)}"
    return [
        Conflict(
            "time",
            detail,
            {left.id: _time_spans(mine), right.id: _time_spans(theirs)},
        )
    ]


def _same_event(first: Term, second: Term, left: Claim, right: Claim) -> bool:
    """Both times attach to one event: the same word ("meet" and "meet"), or each side's
    word is said on the other side too. "received on Monday" and "will visit in June" are
    two events, whatever the alignment paired."""
    a, b = first.time, second.time
    assert a is not None and b is not None
    if not a.event or not b.event:
        return False
    return a.event == b.event or (a.event in right.keys and b.event in left.keys)


# Words that give a deadline: the latest date by which the event happens.
_DEADLINES = frozenset({"by", "no later than", "not later than", "not after"})


def _deadline_conflicts(left: Claim, right: Claim, *, strong: bool) -> list[Conflict]:
    """Two deadlines for one event in different months, where the year of one or both
    had to be guessed ("by the end of March" against "by the end of May" in undated
    accounts): whichever years are meant, the two name different days, so they disagree.
    The same month in both ("by the end of March" twice) is no conflict, whatever the
    years guessed."""
    mine = [t for t in left.terms if _deadline(t)]
    theirs = [t for t in right.terms if _deadline(t)]
    if len(mine) != 1 or len(theirs) != 1:
        return []
    (a,), (b,) = mine, theirs
    if a.time.relative != b.time.relative or not (strong or _same_event(a, b, left, right)):
        return []
    if a.time.granularity != b.time.granularity or a.time.start[5:] == b.time.start[5:]:
        return []
    if not _other_deadline(a, b, ignore_year=True):
        return []
    return [
        Conflict(
            "time",
            f"{_said(a)} vs {_said(b)}",
            {left.id: _time_spans(mine), right.id: _time_spans(theirs)},
        )
    ]


def _deadline(term: Term) -> bool:
    value = term.time
    return (
        term.kind == "time"
        and value is not None
        and value.modifier in _DEADLINES
        and value.latest is not None
        and value.granularity in ("day", "month")
    )


def _other_deadline(first: Term, second: Term, *, ignore_year: bool = False) -> bool:
    """Two deadlines for one event that end in different periods ("report by the end of
    March" against "present options by the end of May"): either is a logical consequence
    of nothing the other says, and as accounts of one decision they disagree. Deadlines
    of different granularity ("by June 30" and "by the end of June", "by 2030" and "by
    March 2030") are no conflict when one period holds the other."""
    a, b = first.time, second.time
    assert a is not None and b is not None
    if a.modifier not in _DEADLINES or b.modifier not in _DEADLINES:
        return False
    if a.latest is None or b.latest is None or a.latest == b.latest:
        return False
    if ignore_year:  # month and day only: the years were guessed
        return not (a.start[5:] <= b.end[5:] and b.start[5:] <= a.end[5:])
    return not (a.start <= b.end and b.start <= a.end)  # the named periods do not overlap


def _placed_alike(first: Term, second: Term) -> bool:
    """An undated weekday ("on Monday" without a date to count from) compares only with
    another such weekday, never with a date of the month ("on 14 April")."""
    a, b = first.time, second.time
    assert a is not None and b is not None
    return (a.granularity == "weekday") == (b.granularity == "weekday")


def _bounds_event(term: Term, *, guessed: bool = False) -> bool:
    value = term.time
    return (
        term.kind == "time"
        and value is not None
        and (guessed or not value.guessed)
        and (value.earliest is not None or value.latest is not None)
    )


def _windows_meet(first: Term, second: Term) -> bool:
    a, b = first.time, second.time
    assert a is not None and b is not None
    low = max(a.earliest or "", b.earliest or "")
    high = min(a.latest or "9999-12-31", b.latest or "9999-12-31")
    return low <= high


def _said(term: Term) -> str:
    value = term.time
    assert value is not None
    cue = " ".join(text for _, _, text in value.cues)
    return f"{cue} {term.text}".strip()


def _time_spans(terms: Sequence[Term]) -> tuple[Span, ...]:
    spans = {_span(term) for term in terms}
    for term in terms:
        if term.time is not None:
            spans.update(Span(start, end, text) for start, end, text in term.time.cues)
    return tuple(sorted(spans, key=lambda span: (span.start, span.end)))


def _one_event(conflict: Conflict, left: Claim, right: Claim) -> bool:
    """A time conflict sets a past event against a past one or a coming one against a
    coming one ("held talks on October 13" is not against "the next round will be held
    in late October"); a denial is of a predicate or its subject or object, and so is
    the word it is set against ("did not care" is not against "access to health care";
    "no agreement was reached" not against "obligations under the agreement"). Claims
    without predicates (``core``) are given the benefit."""
    if conflict.kind == "time":
        return left.future == right.future
    if conflict.kind != "negation" or not left.core or not right.core:
        return True
    for claim in (left, right):
        starts = {span.start for span in conflict.spans.get(claim.id, ())}
        if not any(start in starts for start, _, _ in claim.core):
            return False
    return True


def _negates_a_time(conflict: Conflict, left: Claim, right: Claim) -> bool:
    """A negation that sets a time window ("will not meet before 2027": the meeting is
    later, not denied) is no negation conflict; the time check judges it."""
    if conflict.kind != "negation":
        return False
    for claim in (left, right):
        cues = {
            (start, end)
            for term in claim.terms
            if term.kind == "time"
            and term.time is not None
            and term.time.modifier.startswith("not ")
            and term.time.modifier in WINDOWS
            for start, end, _ in term.time.cues
        }
        if any((span.start, span.end) in cues for span in conflict.spans.get(claim.id, ())):
            return True
    return False


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
        said = marker.lemma if marker.lemma in plain.keys else _derived_key(marker.lemma, plain)
        if said is not None:
            conflicts.append(
                Conflict(
                    "negation",
                    f"{negated.id} negates '{marker.lemma}', {plain.id} does not",
                    {negated.id: (marker.span,), plain.id: _lemma_spans(plain, said)},
                )
            )
    return conflicts


# Suffixes that make a noun of a verb: "no agreement was reached" denies "the sides agreed".
_NOMINAL_SUFFIXES = ("ment", "ion", "ation", "al", "ance", "ence")


def _derived_key(lemma: str, plain: Claim) -> str | None:
    """The key of ``plain`` that is ``lemma``'s verb or noun ("agreement" / "agree",
    "negotiation" / "negotiate"), or None."""
    for key in plain.keys:
        short, long = sorted((key, lemma), key=len)
        if len(short) < 4 or not short.isalpha():
            continue
        stem = short[:-1] if short.endswith("e") else short
        if any(long == stem + suffix or long == short + suffix for suffix in _NOMINAL_SUFFIXES):
            return key
    return None


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


# Content words (rarer than "think", "have") the two statements must share, outside the
# speakers' names, before giving them to two speakers is called a contradiction.
SPEAKER_SHARED_WORDS = 2


def _same_content(left: Claim, right: Claim) -> bool:
    """The two claims say the same thing in words that carry it: at least
    :data:`SPEAKER_SHARED_WORDS` shared content words of some rarity, names aside."""
    names = set((left.speaker or "").lower().split()) | set((right.speaker or "").lower().split())
    shared = {
        key
        for key in left.keys & right.keys
        if key.isalpha() and key not in names and weight(key) >= MIN_WORD_WEIGHT
    }
    return len(shared) >= SPEAKER_SHARED_WORDS


def _speaker_conflicts(left: Claim, right: Claim) -> list[Conflict]:
    """Both claims name who said it, and the names are clearly different speakers.

    A name is an entity of the source ("Li", "the IAEA"), a capitalised name after a
    title ("Secretary Halloran", "Minister Reyes") or a name the document introduced
    and the source shortens ("Zhao" for "Defense Minister Zhao Lin"), whether or not
    the NER model tags it. Never a conflict: one person by two forms of the name, a
    pronoun or an unnamed source ("officials", "the minister"), a channel that speaks
    for itself, or a joint statement against one of its speakers.
    """
    if not left.speaker or not right.speaker or not left.source or not right.source:
        return []
    if not _same_content(left, right):
        return []  # "You think we don't have hearts" and "I don't think we have to ..."
    if left.speaker in left.via or right.speaker in right.via:
        return []  # the channel's own words ("the Pentagon said"): no one's statement
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
    if _spelling_variants(mine, theirs):
        return []  # "Sundwell" and "Sundwall"
    return [
        Conflict(
            "speaker",
            f"{left.id} gives it to {left.speaker}, {right.id} to {right.speaker}",
            {left.id: (left.source,), right.id: (right.source,)},
        )
    ]


# Two spellings of one name differ in at most one letter in five ("Sundwell" and
# "Sundwall", "Gaddafi" and "Qaddafi"); "Zhao Lin" and "Halloran" share half their letters.
SPELLING_VARIANT_RATIO = 0.8


def _spelling_variants(first: str, second: str) -> bool:
    """Whether two lowercased names are one name spelled two ways: as wholes, or by a
    word of four letters or more in each (the surname)."""
    if SequenceMatcher(None, first, second).ratio() >= SPELLING_VARIANT_RATIO:
        return True
    return any(
        SequenceMatcher(None, mine, theirs).ratio() >= SPELLING_VARIANT_RATIO
        for mine in first.split()
        if len(mine) >= 4
        for theirs in second.split()
        if len(theirs) >= 4
    )


def _named_source(claim: Claim) -> bool:
    """The speaker is named in the source words, not "officials", "he" or "the
    minister": an entity of the source span carries the speaker's name, or the source
    is a title and capitalised words of the speaker's name, or capitalised words the
    speaker's (longer) name, as the document introduced it, contains."""
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
    return _titled_or_introduced(source.text, claim.speaker or "")


def _titled_or_introduced(source: str, speaker: str) -> bool:
    """ "Secretary Halloran" for "Mark Halloran", "Zhao" for "Zhao Lin": the source's
    capitalised words, past its title words, all belong to the speaker's name, and
    either a title comes before them or the speaker's name is longer (the document
    introduced it in full)."""
    from readouts.attribution.speech import PORTFOLIO_WORDS, TITLE_WORDS

    words = [word.strip(".,'’\"()") for word in source.split()]
    words = [word for word in words if word]
    if words and words[0].lower() in ("the", "a", "an"):
        words = words[1:]
    titled = False
    while words and words[0].lower().rstrip(".") in TITLE_WORDS | PORTFOLIO_WORDS:
        titled = titled or words[0].lower().rstrip(".") in TITLE_WORDS
        words = words[1:]
    if not words or len(words) > 3 or not all(word[:1].isupper() for word in words):
        return False
    name = [part.strip(",") for part in speaker.split()]
    if not all(word in name for word in words):
        return False
    return titled or len(name) > len(words)


def _source_words(text: str) -> set[str]:
    from readouts.attribution.speech import TITLE_WORDS

    words = {word.strip(".,'’\"").lower() for word in text.split()}
    return {
        word
        for word in words
        if len(word) > 2 and word not in _TITLE_WORDS and word not in TITLE_WORDS
    }


_TITLE_WORDS = frozenset("mr mrs ms dr the a an of".split())


def _acronym_of(short: str, long: str) -> bool:
    letters = short.replace(".", "").replace(" ", "")
    initials = "".join(word[0] for word in long.split() if word[:1].isupper())
    return letters.isupper() and len(letters) >= 2 and letters == initials


def _shift(left: Claim, right: Sequence[Claim]) -> Shift | None:
    """Which side says it more firmly, by the markers that carry the difference on both
    sides; None when the markers do not show it.

    One side is stronger when it has an intensifier, demand, strong modal or stance verb
    ("firmly", "called on", "will", "supports") the other lacks, *and* the other has a
    hedge, wish or weak modal ("hopes", "is studying the possibility", "could") the first
    lacks, and no marker points the other way as much; or when it has an intensifier where
    the other takes the same stance plainly ("firmly adheres to" against "supports"). An
    intensifier against no marker at all is no shift ("fully supports" against "signed").
    Terms one side leaves out are no shift: that is a partial match, and its missing terms
    are the differences.
    """
    mine = _intensities([left])
    theirs = _intensities(right)
    up = _unshared(mine, theirs, "strong"), _unshared(theirs, mine, "hedge")
    down = _unshared(theirs, mine, "strong"), _unshared(mine, theirs, "hedge")
    amount = len(up[0]) + len(up[1]) - len(down[0]) - len(down[1])
    if amount > 0 and all(up):
        stronger, softer, carried = left.id, right[0].id, up
    elif amount < 0 and all(down):
        stronger, softer, carried = right[0].id, left.id, down
    elif up[1] and not up[0] and not any(down) and (firm := _strong(mine)):
        # a hedge against the same firm word: "will be ready to give" against "will give"
        stronger, softer, carried = left.id, right[0].id, (firm, up[1])
    elif down[1] and not down[0] and not any(up) and (firm := _strong(theirs)):
        stronger, softer, carried = right[0].id, left.id, (firm, down[1])
    elif plain := _intensified_against_plain([left], right):
        stronger, softer, carried = left.id, right[0].id, plain
        amount = len(plain[0])
    elif plain := _intensified_against_plain(right, [left]):
        stronger, softer, carried = right[0].id, left.id, plain
        amount = len(plain[0])
    else:
        return None
    markers: dict[str, tuple[Span, ...]] = {}
    for found in carried:
        for claim_id, marker in found:
            markers[claim_id] = (*markers.get(claim_id, ()), marker.span)
    return Shift(stronger=stronger, softer=softer, amount=float(abs(amount)), markers=markers)


def _intensified_against_plain(
    firm: Sequence[Claim], plain: Sequence[Claim]
) -> tuple[list[tuple[str, Marker]], list[tuple[str, Marker]]] | None:
    """An intensifier on one side against the same stance taken plainly on the other:
    "firmly adheres to the one-China principle" against "supports the one-China
    principle". Only words of intensity count ("firmly", "fully"), not modals or demands
    ("will", "called for"): those say something else than a stance. The markers: the
    intensifiers, and the plain side's stance verb."""
    if any(c.markers_of("hedge") for c in (*firm, *plain)):
        return None
    if any(c.markers_of("strong") for c in plain):
        return None
    intensifiers = [
        (c.id, m) for c in firm for m in c.markers_of("strong") if m.lemma in INTENSIFIERS
    ]
    stances = [
        (c.id, m)
        for c in plain
        for m in c.markers_of("support", "oppose")
        if m.lemma not in {n.lemma for n in c.markers_of("negation")}
    ]
    if intensifiers and not stances and _one_speaker((*firm, *plain)):
        # The same action done plainly: "to fully and immediately lift its restrictions"
        # against "to lift curbs" (only when both sides say that verb, and give it to one
        # speaker: two speakers' demands are two statements, not one softened).
        verbs = {verb for _, m in intensifiers for verb in m.scope}
        stances = [
            (c.id, Marker("plain", verb, span))
            for c in plain
            for verb in sorted(verbs)
            if verb in c.keys and not {n.lemma for n in c.markers_of("negation")} & {verb}
            for span in _lemma_spans(c, verb)[:1]
            if span.end - span.start < c.end - c.start
        ]
        firm_verbs = {verb for _, m in stances for verb in (m.lemma,)}
        intensifiers = [(i, m) for i, m in intensifiers if m.scope & firm_verbs]
    if not intensifiers or not stances:
        return None
    return intensifiers, stances


def _one_speaker(claims: Sequence[Claim]) -> bool:
    """All ``claims`` give their statement to one speaker, by name."""
    speakers = {claim.speaker for claim in claims}
    return len(speakers) == 1 and None not in speakers


def _strong(markers: list[tuple[str, Marker]]) -> list[tuple[str, Marker]]:
    return [(claim_id, marker) for claim_id, marker in markers if marker.kind == "strong"]


def _intensities(claims: Sequence[Claim]) -> list[tuple[str, Marker]]:
    """The intensity markers of ``claims``. In a claim without an intensifier, a stance
    verb that is not negated ("supported", "condemned") counts as firm: it takes a
    position that a hedge ("is studying the possibility of joining") does not."""
    found = []
    for claim in claims:
        found.extend((claim.id, marker) for marker in claim.markers_of("strong", "hedge"))
        if claim.markers_of("strong"):
            continue
        negated = {marker.lemma for marker in claim.markers_of("negation")}
        for marker in claim.markers_of("support", "oppose"):
            if marker.lemma not in negated:
                found.append((claim.id, replace(marker, kind="strong")))
    found.sort(key=lambda item: item[1].span.start)
    return found


def _unshared(
    markers: list[tuple[str, Marker]], others: list[tuple[str, Marker]], kind: str
) -> list[tuple[str, Marker]]:
    """The ``kind`` markers of one side whose word the other side does not use."""
    said = {marker.lemma for _, marker in others if marker.kind == kind}
    seen: set[str] = set()
    found = []
    for claim_id, marker in markers:
        if marker.kind == kind and marker.lemma not in said and marker.lemma not in seen:
            seen.add(marker.lemma)
            found.append((claim_id, marker))
    return found


def _span(term: Term) -> Span:
    return Span(term.start, term.end, term.text)


def _lemma_spans(claim: Claim, lemma: str) -> tuple[Span, ...]:
    """Where ``claim`` says ``lemma``: its terms of that key, else the words that begin
    with the lemma's stem ("agreed" for "agree"), else the whole claim."""
    spans = tuple(_span(t) for t in claim.terms if t.key == lemma)
    if spans:
        return spans
    stem = lemma[:-1] if len(lemma) > 3 and lemma.endswith("e") else lemma
    if stem.isalpha():
        words = re.finditer(rf"\b{re.escape(stem)}\w*", claim.text, re.IGNORECASE)
        spans = tuple(
            Span(claim.start + w.start(), claim.start + w.end(), w.group()) for w in words
        )
    return spans or (Span(claim.start, claim.end, claim.text),)
