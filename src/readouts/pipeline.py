"""The pipeline from documents to one :class:`~readouts.comparison.Comparison`.

load -> nlp -> attribution + claims -> similarity -> align -> relations -> summary.
"""

from __future__ import annotations

import string
from collections.abc import Sequence
from dataclasses import replace
from itertools import combinations
from typing import TYPE_CHECKING, Any

import numpy as np

from readouts.align import Pairing, assign, consistent_groups
from readouts.attribution import Attribution, extract
from readouts.claims import Claim, merge_claims
from readouts.comparison import Comparison, DocumentEntry
from readouts.documents import Document, printable, with_distinct_labels
from readouts.errors import InputError, UsageError
from readouts.languages import claims_of, language_of
from readouts.load import load
from readouts.nlp import parse
from readouts.relations import Match, relate
from readouts.settings import Settings
from readouts.similarity import PairScores, SimilarityBackend, get_backend, mask_scores
from readouts.summary import summarise
from readouts.versions import Version, split_versions, version_claims, versions_to_compare

if TYPE_CHECKING:
    from spacy.tokens import Doc

MAX_DOCUMENTS = len(string.ascii_uppercase)


def compare(
    documents: Sequence[Document | str], *, settings: Settings | None = None, **options: Any
) -> Comparison:
    """Compare two or more accounts of one event, claim by claim.

    ``documents`` are :class:`Document` objects or paths; ``options`` override settings
    (see :class:`~readouts.settings.Settings`), e.g. ``backend="lexical"``.

    >>> result = compare([Document("Li met Volodin.", label="TASS"),
    ...                   Document("Volodin met Li.", label="Xinhua")])  # doctest: +SKIP
    >>> result.to_dict()["matches"][0]["relation"]  # doctest: +SKIP
    'equivalent'
    """
    settings = settings or Settings.resolve(**options)
    docs = with_distinct_labels([_one_document(document, settings) for document in documents])
    if len(docs) < 2:
        raise UsageError("compare needs at least two documents")
    if len(docs) > MAX_DOCUMENTS:
        raise UsageError(f"compare takes at most {MAX_DOCUMENTS} documents")
    docs = [_with_language(doc) for doc in docs]
    entries = tuple(DocumentEntry(string.ascii_uppercase[i], doc) for i, doc in enumerate(docs))
    claims_per_doc = claims_of(entries, settings)
    _require_statements(entries, claims_per_doc)
    return compare_claims(entries, claims_per_doc, settings)


def _with_language(document: Document) -> Document:
    """``document`` with its language: the one it was given, else the detected one."""
    found = language_of(document.text, document.lang, printable(document.path or document.name))
    return document if found == document.lang else replace(document, lang=found)


def _require_statements(
    entries: Sequence[DocumentEntry], claims_per_doc: Sequence[Sequence[Claim]]
) -> None:
    """A comparison needs two documents with statements; the others are reported as having
    none (``DocumentEntry.claims == 0``). Raises :class:`InputError` naming the first
    document without statements when fewer than two have any."""
    if sum(1 for claims in claims_per_doc if claims) >= 2:
        return
    empty = next(entry for entry, claims in zip(entries, claims_per_doc) if not claims)
    raise InputError(
        printable(empty.document.path or empty.label),
        "no statements found (nothing to compare)",
    )


def attributions(
    document: Document | str, *, settings: Settings | None = None, **options: Any
) -> list[Attribution]:
    """Who said what in one document, according to whom, with character spans.

    >>> found = attributions(Document("Li said China supports Russia."))  # doctest: +SKIP
    >>> [attribution.speaker for attribution in found]  # doctest: +SKIP
    ['Li']
    """
    from readouts.languages import attributions_of

    settings = settings or Settings.resolve(**options)
    doc = _with_language(_one_document(document, settings))
    if doc.lang != "en":
        return attributions_of(doc, doc.lang or "en")
    (parsed,) = parse([doc.text], model=settings.spacy_model, batch_size=settings.batch_size)
    return extract(parsed)


def split(
    document: Document | str, *, settings: Settings | None = None, **options: Any
) -> list[Version]:
    """The versions one article reports: its statements grouped by speaker and channel."""
    settings = settings or Settings.resolve(**options)
    return attributions_by_version(_one_document(document, settings), settings)[1]


def compare_within(
    document: Document | str,
    *,
    speaker: str | None = None,
    settings: Settings | None = None,
    **options: Any,
) -> Comparison:
    """Compare the versions of one speaker's statements that an article reports through
    different channels (``speaker`` by name, else the one with the most channels)."""
    settings = settings or Settings.resolve(**options)
    doc = _one_document(document, settings)
    parsed, versions = attributions_by_version(doc, settings)
    chosen = versions_to_compare(versions, speaker)
    entries = tuple(
        DocumentEntry(
            string.ascii_uppercase[index],
            Document(text=doc.text, label=version.label, path=doc.path),
        )
        for index, version in enumerate(chosen)
    )
    claims = [version_claims(entry.id, version, parsed) for entry, version in zip(entries, chosen)]
    return compare_claims(entries, claims, settings)


def attributions_by_version(document: Document, settings: Settings) -> tuple[Doc, list[Version]]:
    """Parse ``document`` once; its parse and its versions."""
    from readouts.languages import english_only

    document = _with_language(document)
    english_only(document.lang or "en", "splitting an article into versions", document.name)
    (parsed,) = parse([document.text], model=settings.spacy_model, batch_size=settings.batch_size)
    return parsed, split_versions(extract(parsed))


def _one_document(document: Document | str, settings: Settings) -> Document:
    """``document`` itself, or the file it names, read within the size limit."""
    if isinstance(document, Document):
        return document
    return load(document, max_bytes=settings.max_bytes)


def compare_claims(
    entries: Sequence[DocumentEntry], claims_per_doc: Sequence[Sequence[Claim]], settings: Settings
) -> Comparison:
    """Align, relate and summarise claims that are already extracted."""
    languages = {entry.document.lang or "en" for entry in entries}
    backend = get_backend(settings.backend_name(languages), semantic_model=settings.semantic_model)
    from readouts.similarity.match import match_model

    model = match_model(backend.name)
    fitted_match = model.threshold if model is not None else backend.match_threshold
    match_threshold = (
        settings.match_threshold if settings.match_threshold is not None else fitted_match
    )
    equivalent_threshold = (
        settings.equivalent_threshold
        if settings.equivalent_threshold is not None
        else backend.equivalent_threshold
    )
    from readouts.similarity.blocking import candidates as nearest
    from readouts.similarity.blocking import should_block

    encoded = [backend.encode(claims) if claims else None for claims in claims_per_doc]
    matches: list[Match] = []
    contradictions: list[Match] = []
    # Each claim's highest match probability against each other document: what keeps a
    # claim with a likely but unconfirmed partner out of the summary's one-sided findings.
    closest: dict[tuple[str, str], float] = {}
    for i, j in combinations(range(len(entries)), 2):
        if encoded[i] is None or encoded[j] is None:
            continue  # a document without statements has nothing to match
        candidates = None
        if should_block(len(entries), len(claims_per_doc[i]), len(claims_per_doc[j])):
            candidates = nearest(backend.vectors(encoded[i]), backend.vectors(encoded[j]))
        scores = _titles_with_titles(
            backend.pair_scores(encoded[i], encoded[j], candidates),
            claims_per_doc[i],
            claims_per_doc[j],
        )
        probability = _match_probability(model, scores, claims_per_doc[i], claims_per_doc[j])
        threshold = match_threshold
        across = entries[i].document.lang != entries[j].document.lang
        if across and settings.match_threshold is None and model and model.across_threshold:
            threshold = model.across_threshold
        if model is not None:
            _note_best(closest, probability, claims_per_doc[i], claims_per_doc[j])
        pairings = assign(
            claims_per_doc[i],
            claims_per_doc[j],
            probability,
            threshold=threshold,
            reported=scores.equivalent,
            cover=scores.related,
            cover_threshold=backend.match_threshold,
        )
        for found in pairings:
            pairing = _score_as_whole(backend, found) if len(found.right) > 1 else found
            match = relate(
                pairing.left,
                pairing.right,
                pairing.score,
                equivalent_threshold=equivalent_threshold,
                probability=pairing.probability,
            )
            matches.append(_in_document_order(match, pairing.left, pairing.right))
        if model is not None:
            contradictions.extend(
                _contradictions(
                    claims_per_doc[i],
                    claims_per_doc[j],
                    probability,
                    scores,
                    pairings,
                    threshold,
                    equivalent_threshold,
                )
            )
    order = [claim.id for claims in claims_per_doc for claim in claims]
    found_groups, kept = consistent_groups(
        [m.claims for m in matches],
        order,
        [m.probability if m.probability is not None else m.score for m in matches],
        {claim.id: claim.doc for claims in claims_per_doc for claim in claims},
    )
    # A match that would chain two statements of one document into one group is dropped.
    matches = [matches[index] for index in kept]
    matches.extend(_kept_contradictions(contradictions, matches))
    all_claims = tuple(claim for claims in claims_per_doc for claim in claims)
    labels = {entry.id: entry.label for entry in entries}
    summary = summarise(all_claims, matches, labels, limit=settings.summary_size, closest=closest)
    return Comparison(
        documents=tuple(entries),
        claims=all_claims,
        matches=tuple(matches),
        groups=tuple(found_groups),
        summary=tuple(summary),
        backend=backend.name,
        thresholds={"match": match_threshold, "equivalent": equivalent_threshold},
    )


# A pair the match model leaves out can still be news: two claims that put one event at
# times that cannot both hold, or where one denies what the other states, or one opposes
# what the other supports, about the same things. relate's checks are strict about "one
# event" (the same verb for a time; the same word denied; a shared object for a stance);
# these pairs are looked at only above a floor of match probability, and must share a
# content word of some rarity besides the word the conflict turns on.
CONTRADICTION_FLOOR = 0.01
CONTRADICTION_KINDS = frozenset({"time", "negation", "stance"})


def _contradictions(
    left: Sequence[Claim],
    right: Sequence[Claim],
    probability: np.ndarray,
    scores: PairScores,
    pairings: Sequence[Pairing],
    threshold: float,
    equivalent_threshold: float,
) -> list[Match]:
    """Conflicts between claims of two documents that the assignment did not pair."""
    if not probability.size:
        return []
    paired = {(pairing.left.id, claim.id) for pairing in pairings for claim in pairing.right} | {
        (claim.id, pairing.left.id) for pairing in pairings for claim in pairing.right
    }
    found = []
    # Across languages the gate is the relatedness of the two claims (ACROSS_RELATED).
    across = bool(left) and bool(right) and left[0].lang != right[0].lang
    floor = 0.0 if across else CONTRADICTION_FLOOR
    rows, columns = np.nonzero((probability >= floor) & (probability < threshold))
    for i, j in zip(rows.tolist(), columns.tolist()):
        first, second = left[i], right[j]
        if first.title or second.title or (first.id, second.id) in paired:
            continue
        match = relate(
            first,
            [second],
            float(scores.equivalent[i, j]),
            equivalent_threshold=equivalent_threshold,
            probability=float(probability[i, j]),
        )
        if match.relation != "conflict":
            continue
        if first.lang != second.lang:
            if _amounts_across(match, float(scores.related[i, j])):
                found.append(_in_document_order(match, first, [second]))
            continue
        if not all(conflict.kind in CONTRADICTION_KINDS for conflict in match.conflicts):
            continue
        if not _shares_beyond(first, second, match) or not all(
            _turns_on_core(conflict, first, second) for conflict in match.conflicts
        ):
            continue
        found.append(_in_document_order(match, first, [second]))
    return found


# Across two languages no word is shared to show two claims are about one thing: an
# unpaired pair is a contradiction only when it gives two amounts of one currency, or two
# percentages, that cannot both hold, and is this related (the cosine, on one
# language's scale) besides.
ACROSS_RELATED = 0.35


def _amounts_across(match: Match, related: float) -> bool:
    """Whether an unpaired pair of claims in two languages contradicts on an amount of
    money or a percentage (nothing else: a count or a date across languages needs the
    claims matched first)."""
    return related >= ACROSS_RELATED and all(
        conflict.kind == "number"
        and (conflict.detail.startswith("money:") or conflict.detail.startswith("percent:"))
        for conflict in match.conflicts
    )


def _shares_beyond(first: Claim, second: Claim, match: Match) -> bool:
    """The two claims share a name or a content word of some rarity other than the
    words the conflict's evidence points at."""
    from readouts.relations import MIN_WORD_WEIGHT
    from readouts.terms import weight

    turned_on = {
        span.text.lower()
        for conflict in match.conflicts
        for spans in conflict.spans.values()
        for span in spans
    }
    for term in first.terms:
        if term.kind not in ("word", "entity") or term.text.lower() in turned_on:
            continue
        if term.kind == "word" and weight(term.key) < MIN_WORD_WEIGHT:
            continue
        if term.key in second.keys:
            return True
    return False


def _turns_on_core(conflict: Any, first: Claim, second: Claim) -> bool:
    """A denial or a stance is about a predicate or its subject or object on both sides
    ("no agreement was reached" against "agreed", not against "obligations under the
    agreement"), and a denied word is the same part of speech as the word stated unless
    one derives from the other ("did not care" is not against "access to health care";
    "no agreement" is against "agreed"); times conflict only between two past or two
    coming events ("held talks on October 13" is not against "the next round will be
    held in late October")."""
    if conflict.kind == "time":
        return first.future and second.future
    found = []
    for claim in (first, second):
        starts = {span.start for span in conflict.spans.get(claim.id, ())}
        entries = {(lemma, pos) for start, lemma, pos in claim.core if start in starts}
        if not entries:
            return False
        found.append(entries)
    if conflict.kind == "negation":
        lemmas = [{lemma for lemma, _ in entries} for entries in found]
        if lemmas[0] & lemmas[1] and not found[0] & found[1]:
            return False
    return True


def _kept_contradictions(contradictions: Sequence[Match], matches: Sequence[Match]) -> list[Match]:
    """Each rescued contradiction once, and none that repeats a kept match's pair."""
    seen = {frozenset(match.claims) for match in matches}
    kept = []
    for match in sorted(contradictions, key=lambda m: -(m.probability or 0.0)):
        key = frozenset(match.claims)
        if key not in seen:
            seen.add(key)
            kept.append(match)
    return kept


def _note_best(
    closest: dict[tuple[str, str], float],
    probability: np.ndarray,
    left: Sequence[Claim],
    right: Sequence[Claim],
) -> None:
    """Record, for every claim of ``left`` and ``right``, its highest match probability
    against the other document's claims."""
    if not probability.size:
        return
    other_left, other_right = right[0].doc, left[0].doc
    for claim, best in zip(left, probability.max(axis=1)):
        closest[(claim.id, other_left)] = float(best)
    for claim, best in zip(right, probability.max(axis=0)):
        closest[(claim.id, other_right)] = float(best)


def _match_probability(
    model: Any, scores: PairScores, left: Sequence[Claim], right: Sequence[Claim]
) -> np.ndarray:
    """The calibrated probability that each pair is the same statement or event (the
    backend's relatedness when no model is fitted for it). Titles are scored among
    titles only, statements among statements, so a headline's context is the headlines."""
    if model is None:
        return scores.related
    left_titles = np.fromiter((claim.title for claim in left), bool, len(left))
    right_titles = np.fromiter((claim.title for claim in right), bool, len(right))
    if not left_titles.any() and not right_titles.any():
        return model.probability(scores)
    probability = np.zeros(scores.related.shape)
    for rows, columns in ((left_titles, right_titles), (~left_titles, ~right_titles)):
        if rows.any() and columns.any():
            where = np.ix_(rows, columns)
            part = PairScores(related=scores.related[where], equivalent=scores.equivalent[where])
            probability[where] = model.probability(part)
    return probability


def _titles_with_titles(
    scores: PairScores, left: Sequence[Claim], right: Sequence[Claim]
) -> PairScores:
    """``scores`` with every pair of a title and a statement set to 0: a headline is
    compared only with the other documents' headlines."""
    left_titles = np.fromiter((claim.title for claim in left), bool, len(left))
    right_titles = np.fromiter((claim.title for claim in right), bool, len(right))
    if not left_titles.any() and not right_titles.any():
        return scores
    same = left_titles[:, None] == right_titles[None, :]
    return mask_scores(scores, same)


def _score_as_whole(backend: SimilarityBackend, pairing: Pairing) -> Pairing:
    """A claim matched to two consecutive claims is scored against the two as one text."""
    ordered = sorted(pairing.right, key=lambda claim: claim.index)
    merged = merge_claims(ordered)
    scores = backend.pair_scores(backend.encode([pairing.left]), backend.encode([merged]))
    return replace(pairing, score=float(scores.equivalent[0, 0]))


def _in_document_order(match: Match, left: Claim, right: Sequence[Claim]) -> Match:
    """List a match's claims by document, then position, whichever side hosted it."""
    ordered = tuple(c.id for c in sorted((left, *right), key=lambda c: (c.doc, c.index)))
    return match if ordered == match.claims else replace(match, claims=ordered)
