"""Step 7: rank the findings a reader should see first."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from readouts.claims import Claim
from readouts.relations import Match
from readouts.spans import Span
from readouts.terms import Term, weight

FindingKind = Literal["only", "omission", "conflict", "softening", "unique_terms"]


@dataclass(frozen=True)
class Finding:
    """One line of the summary, pointing at the claims and spans that prove it.

    kinds: ``only`` (a statement only ``doc`` reports), ``omission`` (a statement every
    account but ``doc`` reports; ``claims`` are the others' claims), ``conflict``,
    ``softening`` (one claim softens another), ``unique_terms`` (terms of ``doc`` no other
    document mentions).
    """

    kind: FindingKind
    title: str
    claims: tuple[str, ...] = ()
    doc: str | None = None
    terms: tuple[str, ...] = ()
    spans: tuple[tuple[str, Span], ...] = ()  # (claim id, span)
    score: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "title": self.title,
            "doc": self.doc,
            "claims": list(self.claims),
            "terms": list(self.terms),
            "spans": [{"claim": cid, **span.to_dict()} for cid, span in self.spans],
            "score": round(self.score, 3),
        }


# --- the genre's boilerplate -----------------------------------------------------------

# A phrase (two or three content words in a row) found in at least this many unrelated
# stories of the genre statistic is boilerplate: "safeguard national sovereignty",
# "issues of common concern". Three is the smallest count that two accounts of one event
# and one echo elsewhere cannot reach.
BOILERPLATE_UNITS = 3
BOILERPLATE_FILE = Path(__file__).with_name("boilerplate.json")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|\d+|[.!?;]")
BREAK = ""
"""The word content_words gives for a figure or the end of a sentence: no phrase spans it
("nearly 40 percent" holds no phrase "nearly percent")."""


def content_words(text: str) -> list[tuple[str, int, int]]:
    """The content words of ``text`` as (normal form, start, end): lowercased, a plural
    or possessive "s" dropped, stop words left out; a figure or a full stop gives
    :data:`BREAK`. The build script of the genre statistic (scripts/build_boilerplate.py)
    reads its corpus with this very function."""
    from spacy.lang.en.stop_words import STOP_WORDS

    words: list[tuple[str, int, int]] = []
    for found in _WORD.finditer(text):
        word = found.group().lower().replace("’", "'")
        if not word[0].isalpha():
            if words and words[-1][0] != BREAK:
                words.append((BREAK, found.start(), found.end()))
            continue
        if word.endswith("'s"):
            word = word[:-2]
        if word in STOP_WORDS or len(word) < 2:
            continue
        if len(word) > 4 and word.endswith("ies"):
            word = word[:-3] + "y"
        elif len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
            word = word[:-1]
        words.append((word, found.start(), found.end()))
    return words


def phrases(words: Sequence[str]) -> list[tuple[int, int, str]]:
    """The two- and three-word phrases of a content-word sequence, none across a
    :data:`BREAK`: (first, last, text)."""
    grams = []
    for size in (2, 3):
        for first in range(len(words) - size + 1):
            gram = words[first : first + size]
            if BREAK not in gram:
                grams.append((first, first + size - 1, " ".join(gram)))
    return grams


def phrase_hash(phrase: str) -> int:
    """A 32-bit hash of a phrase: the statistic keeps hashes and counts, never text."""
    return int.from_bytes(hashlib.blake2b(phrase.encode(), digest_size=4).digest(), "big")


@dataclass(frozen=True)
class Genre:
    """In how many stories of the genre each phrase occurs (hashed): ``units`` stories
    in all. Built by scripts/build_boilerplate.py from the PAC articles and the project's
    own readout sets; one story (a set of accounts of one event) counts once."""

    units: int
    counts: dict[int, int]

    def stories(self, phrase: str) -> int:
        return self.counts.get(phrase_hash(phrase), 0)

    @classmethod
    def from_stories(cls, stories: Iterable[Iterable[str]]) -> Genre:
        """The statistic of ``stories``, each a list of texts (its accounts)."""
        counts: dict[int, int] = {}
        units = 0
        for texts in stories:
            units += 1
            seen: set[int] = set()
            for text in texts:
                words = [word for word, _, _ in content_words(text)]
                seen.update(phrase_hash(gram) for _, _, gram in phrases(words))
            for key in seen:
                counts[key] = counts.get(key, 0) + 1
        return cls(units, counts)

    def to_dict(self, minimum: int = 2) -> dict[str, Any]:
        kept = sorted((key, count) for key, count in self.counts.items() if count >= minimum)
        return {"units": self.units, "minimum": minimum, "phrases": [list(p) for p in kept]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Genre:
        return cls(int(data["units"]), {int(key): int(count) for key, count in data["phrases"]})


@lru_cache(maxsize=1)
def genre() -> Genre:
    """The shipped statistic (an empty one when the file is missing)."""
    try:
        return Genre.from_dict(json.loads(BOILERPLATE_FILE.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError):
        return Genre(0, {})


def boilerplate_spans(claim: Claim, statistic: Genre) -> list[tuple[int, int]]:
    """Where in the document the claim's boilerplate phrases are (start, end offsets).

    The words that say who speaks (the source and the reporting verb: "Varga said") are
    left out first: they frame the statement and are not part of what it says."""
    words = _statement_words(claim)
    covered: list[tuple[int, int]] = []
    names = [(t.start, t.end) for t in claim.terms if t.kind == "entity"]
    for first, last, gram in phrases([word for word, _, _ in words]):
        start, end = claim.start + words[first][1], claim.start + words[last][2]
        if any(s <= start and end <= e for s, e in names):
            continue  # a name ("the United States") is no formula however often it is said
        if statistic.stories(gram) >= BOILERPLATE_UNITS:
            covered.append((start, end))
    return covered


def _statement_words(claim: Claim) -> list[tuple[str, int, int]]:
    """The content words of a claim outside its source and reporting verb."""
    frame = [span for span in (claim.source, claim.cue) if span is not None]
    return [
        (word, start, end)
        for word, start, end in content_words(claim.text)
        if not any(f.start <= claim.start + start < f.end for f in frame)
    ]


def informativeness(claim: Claim, statistic: Genre | None = None) -> float:
    """How much a claim tells a reader: the rarity weight of its entities, numbers and
    rare words that are not inside a phrase of the genre's boilerplate, less the share of
    its content words that are boilerplate. "will resolutely safeguard national
    sovereignty" comes to nearly nothing, "conducted four rounds of drills" does not."""
    statistic = genre() if statistic is None else statistic
    covered = boilerplate_spans(claim, statistic)
    words = _statement_words(claim)

    def inside(start: int, end: int) -> bool:
        return any(s < end and start < e for s, e in covered)

    rare = 0.0
    seen: set[str] = set()
    for term in claim.terms:
        if term.key in seen or inside(term.start, term.end):
            continue
        seen.add(term.key)
        if term.kind == "number":
            rare += NUMBER_WEIGHT
        elif term.kind == "entity" or weight(term.key) >= RARE_WORD_WEIGHT:
            rare += weight(term.key)
    words = [word for word in words if word[0] != BREAK]
    share = sum(inside(claim.start + s, claim.start + e) for _, s, e in words) / max(1, len(words))
    return rare * (1.0 - share)


# --- ranking ----------------------------------------------------------------------------

# A claim whose closest candidate in another account has at least this calibrated match
# probability is not called one-sided against that account: with a fair chance that the
# other account says it too, "only A reports" is not a finding to show. The model gives
# about 0.21 to a leftover pair that shares nothing but its place in the two documents
# (the demo's fishermen against the blockade), so the bar sits above that; the gold sets'
# summary precision at 5 is 0.74 without it, 0.80 at 0.3 and 0.81 at 0.1 or 0.2 (see
# docs/benchmarks.md).
DOUBT = 0.3
# An omission ("A and B report it, not C") is doubted sooner: each claim of its group is
# a chance that C's partner was missed. The bar stays above the leftover-pair level (0.21)
# or no omission of a short account would ever be shown (on the gold sets, fused: 5 of 9
# omissions right at 0.3, 6 of 7 at 0.25 and at 0.15).
OMISSION_DOUBT = 0.25
ONLY_LIMIT = 6
SOFTENING_LIMIT = 4
UNIQUE_TERMS_LIMIT = 8
# Nouns at least this rare (Zipf 4.5 and below: "jurisdiction", "sanctions"; not "issue")
# count as terms of their own; entities always do.
UNIQUE_WORD_WEIGHT = 3.5
# Words this rare (Zipf 5 and below) count towards what a claim tells; a number counts
# as much as a rare name.
RARE_WORD_WEIGHT = 3.0
NUMBER_WEIGHT = 6.0


def summarise(
    claims: Sequence[Claim],
    matches: Sequence[Match],
    labels: dict[str, str],
    *,
    limit: int = 12,
    statistic: Genre | None = None,
    closest: Mapping[tuple[str, str], float] | None = None,
) -> list[Finding]:
    """Findings in the order a reader should see them.

    First conflicts, then softenings (attributed statements before others within each),
    then what only one account says and, from three accounts on, what all but one report
    (an omission), the most informative against the genre's boilerplate first; last, for
    each document, the terms no other document mentions. Titles never take part.

    ``closest`` gives each claim's highest match probability against each other document
    (from the calibrated match model): a claim that has a partner there at
    :data:`DOUBT` or more is not reported as one-sided against it, since the reader
    would be told "only A says this" when B may well say it in other words.
    """
    by_id = {claim.id: claim for claim in claims}
    titles = {claim.id for claim in claims if claim.title}
    findings: list[Finding] = []

    from readouts.align import groups

    grouped = groups([match.claims for match in matches], [claim.id for claim in claims])
    findings.extend(_conflicts(matches, by_id, labels, titles, grouped))

    shifts = [
        match
        for match in matches
        if match.shift is not None
        and match.relation != "conflict"
        and not titles.intersection(match.claims)
    ]
    shifts.sort(key=lambda m: (not _attributed(m, by_id), -(m.shift.amount if m.shift else 0.0)))
    # One line per softer claim: an account that softens what three others say firmly
    # is one finding, naming the three.
    by_softer: dict[str, list[Match]] = {}
    for match in shifts:
        assert match.shift is not None
        by_softer.setdefault(match.shift.softer, []).append(match)
    for softer_id, found in list(by_softer.items())[:SOFTENING_LIMIT]:
        match = found[0]
        assert match.shift is not None
        stronger, softer = by_id[match.shift.stronger], by_id[softer_id]
        said = {
            claim_id: ", ".join(f"“{span.text}”" for span in spans)
            for claim_id, spans in match.shift.markers.items()
        }
        firmer = list(dict.fromkeys(labels[by_id[m.shift.stronger].doc] for m in found if m.shift))
        findings.append(
            Finding(
                kind="softening",
                title=(
                    f"{labels[softer.doc]} softens {_and(firmer)} "
                    f"({said.get(softer.id, '')} against {said.get(stronger.id, '')}): "
                    f"{_who(softer)}{_quote(softer.text)}"
                ),
                claims=(stronger.id, softer.id),
                spans=tuple(
                    dict.fromkeys(
                        (claim_id, span)
                        for m in found
                        if m.shift
                        for claim_id, spans in m.shift.markers.items()
                        for span in spans
                    )
                ),
                score=match.shift.amount,
            )
        )

    statistic = genre() if statistic is None else statistic
    findings.extend(_one_sided(claims, grouped, labels, titles, statistic, closest or {}))

    for doc_id in labels:
        terms = unique_terms(doc_id, claims)
        if not terms:
            continue
        shown = terms[:UNIQUE_TERMS_LIMIT]
        findings.append(
            Finding(
                kind="unique_terms",
                title=f"Only {labels[doc_id]} mentions: {', '.join(t.text for _, t in shown)}",
                doc=doc_id,
                claims=tuple(dict.fromkeys(claim_id for claim_id, _ in shown)),
                terms=tuple(t.text for _, t in shown),
                spans=tuple((claim_id, Span(t.start, t.end, t.text)) for claim_id, t in shown),
                score=sum(weight(t.key) for _, t in shown),
            )
        )
    return _cap(findings, limit, len(labels))


def _conflicts(
    matches: Sequence[Match],
    by_id: dict[str, Claim],
    labels: dict[str, str],
    titles: set[str],
    grouped: Sequence[tuple[str, ...]],
) -> list[Finding]:
    """One finding per contradiction: the pairwise conflicts of one group of claims and
    one kind (six accounts that say "six" and "eight" fishermen give nine pairs) are one
    line that names the accounts on each side."""
    group_of = {claim_id: index for index, group in enumerate(grouped) for claim_id in group}
    clusters: dict[tuple[int, tuple[str, ...]], list[Match]] = {}
    for match in matches:
        if match.relation != "conflict" or titles.intersection(match.claims):
            continue
        kinds = tuple(sorted({conflict.kind for conflict in match.conflicts}))
        clusters.setdefault((group_of.get(match.claims[0], -1), kinds), []).append(match)
    found = []
    for (_, kinds), cluster in clusters.items():
        cluster.sort(key=lambda m: -m.score)
        first = cluster[0]
        claim_ids = tuple(dict.fromkeys(cid for m in cluster for cid in m.claims))
        spans = tuple(
            dict.fromkeys(
                (claim_id, span)
                for match in cluster
                for conflict in match.conflicts
                for claim_id, claim_spans in conflict.spans.items()
                for span in claim_spans
            )
        )
        details = "; ".join(conflict.detail for conflict in first.conflicts)
        left, right = (labels[by_id[cid].doc] for cid in first.claims[:2])
        title = f"{left} and {right} conflict ({', '.join(kinds)}): {details}"
        sides = _sides(cluster, by_id, labels) if len(cluster) > 1 else None
        if sides is not None:
            head = first.conflicts[0].detail.split(": ")[0] + " " if kinds == ("number",) else ""
            title = f"{head}({', '.join(kinds)}): " + "; ".join(
                f"{_and(names)} {'says' if len(names) == 1 else 'say'} {value}"
                for value, names in sides
            )
        attributed = _attributed(first, by_id)
        found.append(
            (
                (not attributed, -first.score),
                Finding(
                    kind="conflict",
                    title=title,
                    claims=tuple(sorted(claim_ids, key=lambda c: (by_id[c].doc, by_id[c].index))),
                    spans=spans,
                    score=first.score,
                ),
            )
        )
    found.sort(key=lambda item: item[0])
    return [finding for _, finding in found]


def _sides(
    cluster: Sequence[Match], by_id: dict[str, Claim], labels: dict[str, str]
) -> list[tuple[str, list[str]]] | None:
    """What each side of a cluster of conflicts says (the words of its conflict spans,
    quoted) and which accounts say it, when every claim says one thing; else None."""
    said: dict[str, dict[str, str]] = {}
    for match in cluster:
        for conflict in match.conflicts:
            for claim_id, spans in conflict.spans.items():
                words = ", ".join(f"“{span.text}”" for span in spans)
                said.setdefault(claim_id, {}).setdefault(words.lower(), words)
    if any(len(values) != 1 for values in said.values()):
        return None
    sides: dict[str, tuple[str, list[str]]] = {}
    for claim_id in sorted(said, key=lambda c: (by_id[c].doc, by_id[c].index)):
        ((key, words),) = said[claim_id].items()
        names = sides.setdefault(key, (words, []))[1]
        if labels[by_id[claim_id].doc] not in names:
            names.append(labels[by_id[claim_id].doc])
    return list(sides.values()) if len(sides) >= 2 else None


def _one_sided(
    claims: Sequence[Claim],
    grouped: Sequence[tuple[str, ...]],
    labels: dict[str, str],
    titles: set[str],
    statistic: Genre,
    closest: Mapping[tuple[str, str], float],
) -> list[Finding]:
    """What one account alone says, and (from three accounts on) what every account but
    one says, as one list ranked by informativeness; never a claim that may have a
    partner in the account said to leave it out (``closest`` at :data:`DOUBT` or more)."""
    by_id = {claim.id: claim for claim in claims}
    docs = [doc for doc in labels if any(claim.doc == doc for claim in claims)]
    ranked: list[tuple[float, Finding]] = []
    in_group = {claim_id for group in grouped for claim_id in group}
    for claim in claims:
        if claim.id in in_group or claim.title:
            continue
        if any(closest.get((claim.id, doc), 0.0) >= DOUBT for doc in docs if doc != claim.doc):
            continue
        score = informativeness(claim, statistic)
        ranked.append(
            (
                score,
                Finding(
                    kind="only",
                    title=f"Only {labels[claim.doc]} reports: {_who(claim)}{_quote(claim.text)}",
                    claims=(claim.id,),
                    doc=claim.doc,
                    spans=((claim.id, Span(claim.start, claim.end, claim.text)),),
                    score=score,
                ),
            )
        )
    if len(docs) >= 3:
        for group in grouped:
            if titles.intersection(group):
                continue
            present = {by_id[claim_id].doc for claim_id in group}
            missing = [doc for doc in docs if doc not in present]
            if len(missing) != 1:
                continue
            if any(
                closest.get((claim_id, missing[0]), 0.0) >= OMISSION_DOUBT for claim_id in group
            ):
                continue
            members = [by_id[claim_id] for claim_id in group]
            scored = [(informativeness(c, statistic), c) for c in members]
            score, best = max(scored, key=lambda item: item[0])
            reporters = [labels[doc] for doc in docs if doc in present]
            who = _and(reporters) if len(reporters) <= 3 else "every account but one"
            ranked.append(
                (
                    score,
                    Finding(
                        kind="omission",
                        title=(
                            f"Reported by {who}, not by {labels[missing[0]]}: "
                            f"{_who(best)}{_quote(best.text)}"
                        ),
                        claims=tuple(group),
                        doc=missing[0],
                        spans=tuple(
                            (c.id, Span(c.start, c.end, c.text)) for c in members
                        ),
                        score=score,
                    ),
                )
            )
    ranked.sort(key=lambda item: -item[0])
    only = [finding for _, finding in ranked if finding.kind == "only"][:ONLY_LIMIT]
    kept = {id(finding) for finding in only}
    return [f for _, f in ranked if f.kind == "omission" or id(f) in kept]


def _attributed(match: Match, by_id: dict[str, Claim]) -> bool:
    return any(by_id[claim_id].speaker for claim_id in match.claims)


def _who(claim: Claim) -> str:
    return f"{claim.speaker}: " if claim.speaker else ""


def _and(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def unique_terms(doc_id: str, claims: Sequence[Claim]) -> list[tuple[str, Term]]:
    """Entities and rare content words of ``doc_id`` that no other document mentions.

    Each comes with the claim of its first mention; the rarest and most repeated first.
    A headline's terms are not counted for its own document (a title is no statement),
    but do count as mentioned by the others.
    """
    others = _Mentions(
        [t for c in claims if c.doc != doc_id for t in c.terms],
        frozenset().union(*(c.keys for c in claims if c.doc != doc_id)),
    )
    first: dict[str, tuple[str, Term]] = {}
    counts: dict[str, int] = {}
    for claim in claims:
        if claim.doc != doc_id or claim.title:
            continue
        for term in claim.terms:
            rare_noun = term.label == "NOUN" and weight(term.key) >= UNIQUE_WORD_WEIGHT
            if term.kind == "word" and not rare_noun:
                continue
            if term.kind == "number" or others.covers(term):
                continue
            counts[term.key] = counts.get(term.key, 0) + 1
            first.setdefault(term.key, (claim.id, term))
    ranked = sorted(
        first,
        key=lambda key: (
            first[key][1].kind != "entity",
            -counts[key] * weight(key),
            first[key][1].start,
        ),
    )
    return [first[key] for key in ranked]


class _Mentions:
    """The terms and keys of the other documents, with their entities indexed by word:
    :meth:`covers` answers as :func:`~readouts.relations.covers` does, but looks only at
    the entities that share a word with the term, so that the unique terms of a long
    document cost time in proportion to its terms, not to its terms times the others'."""

    def __init__(self, terms: Sequence[Term], keys: frozenset[str]) -> None:
        self.keys = keys
        self.values = {term.value for term in terms if term.kind == "number"}
        self.entities: list[frozenset[str]] = []
        self.by_word: dict[str, list[int]] = {}
        for term in terms:
            if term.kind != "entity":
                continue
            words = frozenset(term.key.split())
            for word in words:
                self.by_word.setdefault(word, []).append(len(self.entities))
            self.entities.append(words)

    def covers(self, term: Term) -> bool:
        if term.kind == "number":
            return term.value in self.values
        if term.key in self.keys:
            return True
        if term.kind != "entity":
            return False
        words = frozenset(term.key.split())
        sharing = {index for word in words for index in self.by_word.get(word, ())}
        for index in sharing:
            other = self.entities[index]
            if words <= other or other <= words:
                return True
        return all(word in self.keys for word in words)


def _quote(text: str) -> str:
    """The whole claim in quotation marks, its spacing made single."""
    return f"“{' '.join(text.split())}”"


def _cap(findings: list[Finding], limit: int, documents: int) -> list[Finding]:
    """At most ``limit`` findings besides one unique-terms line per document.

    Each kind present keeps at least one place, so a long list of one-sided statements
    cannot push every conflict out; within that, the order above is kept.
    """
    unique = [f for f in findings if f.kind == "unique_terms"][:documents]
    rest = [f for f in findings if f.kind != "unique_terms"]
    keep: set[int] = set()
    for kind in ("conflict", "softening", "omission", "only"):
        first = next((i for i, f in enumerate(rest) if f.kind == kind), None)
        if first is not None and len(keep) < limit:
            keep.add(first)
    for index in range(len(rest)):
        if len(keep) >= limit:
            break
        keep.add(index)
    return [rest[i] for i in sorted(keep)] + unique
