"""Step 5: which claims of different documents report the same statement.

For each pair of documents a global one-to-one assignment (SciPy's
``linear_sum_assignment``, here :mod:`readouts.assignment`) maximises the total score over
pairs above the match threshold.
A claim left over may then join a match when the claim on the other side covers it too
(one long sentence that says what the other document says in two). Matches across N
documents are joined into groups by shared claims, strongest first, and a match that would
put two claims of one document in a group (other than the two of one one-to-two match) is
left out: two statements are never chained into one row.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from readouts.assignment import linear_sum_assignment
from readouts.claims import Claim
from readouts.terms import weight

# A leftover claim joins a match when this share of its weighted terms is in the claim
# that covers it, and that claim gains at least COVER_GAIN coverage by taking it in.
COVER_SHARE = 0.6
COVER_GAIN = 0.1


@dataclass(frozen=True)
class Pairing:
    """One claim of one document matched to one or two claims of another."""

    left: Claim
    right: tuple[Claim, ...]
    score: float
    # The score the match was decided on (the calibrated match probability in the pipeline).
    probability: float | None = None


def assign(
    left: Sequence[Claim],
    right: Sequence[Claim],
    scores: np.ndarray,
    *,
    threshold: float,
    reported: np.ndarray | None = None,
    cover: np.ndarray | None = None,
    cover_threshold: float | None = None,
) -> list[Pairing]:
    """Match claims of two documents, one to one, then one to two where one covers both.

    ``scores`` (in the pipeline, the calibrated match probability) decides the matching at
    ``threshold``; a pairing's ``score`` is taken from ``reported`` when given (the
    equivalence probability), else from ``scores``. A leftover claim joins a match on
    ``cover`` (relatedness) at ``cover_threshold`` (default: ``scores`` at ``threshold``).
    """
    if not len(left) or not len(right):
        return []
    shown = scores if reported is None else reported
    joining = scores if cover is None else cover
    join_at = threshold if cover_threshold is None else cover_threshold
    usable = np.where(scores >= threshold, scores, 0.0)
    rows, cols = linear_sum_assignment(usable, maximize=True)
    partner_of_left: dict[int, list[int]] = {}
    partner_of_right: dict[int, list[int]] = {}
    for row, col in zip(rows, cols):
        if scores[row, col] >= threshold:
            partner_of_left[row] = [col]
            partner_of_right[col] = [row]
    _cover(joining, join_at, left, right, partner_of_left, partner_of_right)
    _cover(joining.T, join_at, right, left, partner_of_right, partner_of_left)
    pairings: list[Pairing] = []
    for row, cols_of_row in sorted(partner_of_left.items()):
        if len(cols_of_row) == 1 and len(partner_of_right.get(cols_of_row[0], [])) > 1:
            continue  # reported from the right side's one-to-two pairing below
        best = max(float(shown[row, col]) for col in cols_of_row)
        decided = max(float(scores[row, col]) for col in cols_of_row)
        pairings.append(Pairing(left[row], tuple(right[col] for col in cols_of_row), best, decided))
    for col, rows_of_col in sorted(partner_of_right.items()):
        if len(rows_of_col) > 1:
            best = max(float(shown[row, col]) for row in rows_of_col)
            decided = max(float(scores[row, col]) for row in rows_of_col)
            pairings.append(
                Pairing(right[col], tuple(left[row] for row in rows_of_col), best, decided)
            )
    left_doc = left[0].doc
    pairings.sort(key=lambda p: min(c.index for c in (p.left, *p.right) if c.doc == left_doc))
    return pairings


def _cover(
    scores: np.ndarray,
    threshold: float,
    left: Sequence[Claim],
    right: Sequence[Claim],
    partner_of_left: dict[int, list[int]],
    partner_of_right: dict[int, list[int]],
) -> None:
    """Let a leftover right claim join the match of the left claim that covers it."""
    for col in range(len(right)):
        if col in partner_of_right:
            continue
        row = int(np.argmax(scores[:, col]))
        if scores[row, col] < threshold or len(partner_of_left.get(row, [])) != 1:
            continue
        other = partner_of_left[row][0]
        if len(partner_of_right.get(other, [])) != 1:
            continue
        host, leftover, partner = left[row], right[col], right[other]
        if _share(leftover.keys, host.keys) < COVER_SHARE:
            continue
        gain = _share(host.keys, partner.keys | leftover.keys) - _share(host.keys, partner.keys)
        if gain < COVER_GAIN:
            continue
        partner_of_left[row] = sorted([other, col])
        partner_of_right[col] = [row]


def _share(keys: frozenset[str], other: frozenset[str]) -> float:
    """Weighted share of ``keys`` found in ``other``."""
    total = sum(weight(key) for key in keys)
    if not total:
        return 0.0
    return sum(weight(key) for key in keys if key in other) / total


def groups(
    matched: Sequence[tuple[str, ...]],
    order: Sequence[str],
    strengths: Sequence[float] | None = None,
    doc_of: Mapping[str, str] | None = None,
) -> list[tuple[str, ...]]:
    """Join matches that share a claim into groups across documents, in document order
    (see :func:`consistent_groups`)."""
    return consistent_groups(matched, order, strengths, doc_of)[0]


def consistent_groups(
    matched: Sequence[tuple[str, ...]],
    order: Sequence[str],
    strengths: Sequence[float] | None = None,
    doc_of: Mapping[str, str] | None = None,
) -> tuple[list[tuple[str, ...]], list[int]]:
    """Groups of claims across documents, and the indices of the matches they keep.

    Matches are taken strongest first (``strengths``, ties in the order given) and joined
    by shared claims, unless the joined group would hold two claims of one document that
    are not the two sides of one one-to-two match: then the weaker match is left out (it
    would chain two statements into one row). ``doc_of`` names each claim's document
    (default: the claim id without its trailing digits).
    """
    parent: dict[str, str] = {}
    # Per group root: the claims of each document, and the sets of one document's claims
    # that one match holds together (a one-to-two match).
    members: dict[str, dict[str, set[str]]] = {}
    together: dict[str, dict[str, list[frozenset[str]]]] = {}

    def document(claim_id: str) -> str:
        return doc_of[claim_id] if doc_of is not None else claim_id.rstrip("0123456789")

    def find(item: str) -> str:
        if item not in parent:
            parent[item] = item
            members[item] = {document(item): {item}}
            together[item] = {}
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    ranked = sorted(
        range(len(matched)),
        key=lambda index: -(strengths[index] if strengths is not None else 0.0),
    )
    kept: list[int] = []
    for index in ranked:
        claim_ids = matched[index]
        roots = list(dict.fromkeys(find(claim_id) for claim_id in claim_ids))
        own: dict[str, set[str]] = {}
        for claim_id in claim_ids:
            own.setdefault(document(claim_id), set()).add(claim_id)
        claims_of: dict[str, set[str]] = {}
        allowed: dict[str, list[frozenset[str]]] = {}
        for root in roots:
            for doc, ids in members[root].items():
                claims_of.setdefault(doc, set()).update(ids)
            for doc, sets in together[root].items():
                allowed.setdefault(doc, []).extend(sets)
        for doc, ids in own.items():
            if len(ids) > 1:
                allowed.setdefault(doc, []).append(frozenset(ids))
        if any(
            len(ids) > 1 and not any(ids <= chunk for chunk in allowed.get(doc, ()))
            for doc, ids in claims_of.items()
        ):
            continue
        kept.append(index)
        root = roots[0]
        for other in roots[1:]:
            parent[other] = root
            del members[other], together[other]
        members[root] = claims_of
        together[root] = allowed
    position = {claim_id: index for index, claim_id in enumerate(order)}
    grouped: dict[str, list[str]] = {}
    for claim_id in parent:
        grouped.setdefault(find(claim_id), []).append(claim_id)
    result = [
        tuple(sorted(ids, key=position.__getitem__)) for ids in grouped.values() if len(ids) > 1
    ]
    result.sort(key=lambda ids: position[ids[0]])
    return result, sorted(kept)
