"""Step 7: rank the findings a reader should see first."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from readouts.claims import Claim
from readouts.relations import Match
from readouts.spans import Span
from readouts.terms import Term, weight

FindingKind = Literal["only", "conflict", "softening", "unique_terms"]


@dataclass(frozen=True)
class Finding:
    """One line of the summary, pointing at the claims and spans that prove it.

    kinds: ``only`` (a statement only ``doc`` reports), ``conflict``, ``softening`` (one
    claim softens another), ``unique_terms`` (terms of ``doc`` no other document mentions).
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


# --- ranking ----------------------------------------------------------------------------

ONLY_LIMIT = 6
SOFTENING_LIMIT = 4
UNIQUE_TERMS_LIMIT = 8
# Nouns at least this rare (Zipf 4.5 and below: "jurisdiction", "sanctions"; not "issue")
# count as terms of their own; entities always do.
UNIQUE_WORD_WEIGHT = 3.5


def summarise(
    claims: Sequence[Claim],
    matches: Sequence[Match],
    labels: dict[str, str],
    *,
    limit: int = 12,
) -> list[Finding]:
    """Findings in the order a reader should see them.

    First the statements only one document reports (attributed ones first, then by how
    much they say), then conflicts, then the largest softenings, then for each document
    the terms no other document mentions.
    """
    by_id = {claim.id: claim for claim in claims}
    matched = {claim_id for match in matches for claim_id in match.claims}
    findings: list[Finding] = []

    only = [claim for claim in claims if claim.id not in matched and not claim.title]
    only.sort(key=lambda c: (c.speaker is None, -_substance(c), c.doc, c.index))
    for claim in only[:ONLY_LIMIT]:
        who = f"{claim.speaker}: " if claim.speaker else ""
        findings.append(
            Finding(
                kind="only",
                title=f"Only {labels[claim.doc]} reports: {who}{_quote(claim.text)}",
                claims=(claim.id,),
                doc=claim.doc,
                spans=((claim.id, Span(claim.start, claim.end, claim.text)),),
                score=_substance(claim),
            )
        )

    for match in matches:
        if match.relation != "conflict":
            continue
        first, second = by_id[match.claims[0]], by_id[match.claims[1]]
        details = "; ".join(conflict.detail for conflict in match.conflicts)
        kinds = ", ".join(sorted({conflict.kind for conflict in match.conflicts}))
        findings.append(
            Finding(
                kind="conflict",
                title=f"{labels[first.doc]} and {labels[second.doc]} conflict ({kinds}): {details}",
                claims=match.claims,
                spans=tuple(
                    (claim_id, span)
                    for conflict in match.conflicts
                    for claim_id, spans in conflict.spans.items()
                    for span in spans
                ),
                score=match.score,
            )
        )

    titles = {claim.id for claim in claims if claim.title}
    shifts = [
        match
        for match in matches
        if match.shift is not None
        and match.relation != "conflict"
        and not titles.intersection(match.claims)
    ]
    shifts.sort(key=lambda m: -(m.shift.amount if m.shift else 0.0))
    for match in shifts[:SOFTENING_LIMIT]:
        assert match.shift is not None
        stronger, softer = by_id[match.shift.stronger], by_id[match.shift.softer]
        dropped = match.differences.get(stronger.id, ())
        what = f" (drops: {', '.join(dropped)})" if dropped else ""
        findings.append(
            Finding(
                kind="softening",
                title=(
                    f"{labels[softer.doc]} softens {labels[stronger.doc]}{what}: "
                    f"{_quote(softer.text)}"
                ),
                claims=(stronger.id, softer.id),
                terms=tuple(dropped),
                spans=tuple((stronger.id, span) for span in match.evidence.get(stronger.id, ()))
                + tuple(
                    (claim_id, span)
                    for claim_id, spans in match.shift.markers.items()
                    for span in spans
                ),
                score=match.shift.amount,
            )
        )

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


def unique_terms(doc_id: str, claims: Sequence[Claim]) -> list[tuple[str, Term]]:
    """Entities and rare content words of ``doc_id`` that no other document mentions.

    Each comes with the claim of its first mention; the rarest and most repeated first.
    """
    others = _Mentions(
        [t for c in claims if c.doc != doc_id for t in c.terms],
        frozenset().union(*(c.keys for c in claims if c.doc != doc_id)),
    )
    first: dict[str, tuple[str, Term]] = {}
    counts: dict[str, int] = {}
    for claim in claims:
        if claim.doc != doc_id:
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


def _substance(claim: Claim) -> float:
    return sum(weight(term.key) for term in claim.terms if term.kind != "number") + 6.0 * sum(
        1 for term in claim.terms if term.kind == "number"
    )


def _quote(text: str, limit: int = 140) -> str:
    text = " ".join(text.split())
    return f"“{text if len(text) <= limit else text[: limit - 1] + '…'}”"


def _cap(findings: list[Finding], limit: int, documents: int) -> list[Finding]:
    """At most ``limit`` findings besides one unique-terms line per document.

    Each kind present keeps at least one place, so a long list of one-sided statements
    cannot push every conflict out; within that, the order above is kept.
    """
    unique = [f for f in findings if f.kind == "unique_terms"][:documents]
    rest = [f for f in findings if f.kind != "unique_terms"]
    keep: set[int] = set()
    for kind in ("only", "conflict", "softening"):
        first = next((i for i, f in enumerate(rest) if f.kind == kind), None)
        if first is not None and len(keep) < limit:
            keep.add(first)
    for index in range(len(rest)):
        if len(keep) >= limit:
            break
        keep.add(index)
    return [rest[i] for i in sorted(keep)] + unique
