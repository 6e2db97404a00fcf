"""Step 5: which claims of different documents report the same statement.

For each pair of documents a global one-to-one assignment (scipy's
``linear_sum_assignment``) maximises the total score over pairs above the match threshold.
A claim left over may then join a match when the claim on the other side covers it too
(one long sentence that says what the other document says in two). Matches across N
documents are joined into groups by shared claims.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment

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


def assign(
    left: Sequence[Claim],
    right: Sequence[Claim],
    scores: np.ndarray,
    *,
    threshold: float,
    reported: np.ndarray | None = None,
) -> list[Pairing]:
    """Match claims of two documents, one to one, then one to two where one covers both.

    ``scores`` (relatedness) decides the matching; a pairing's ``score`` is taken from
    ``reported`` when given (the equivalence probability), else from ``scores``.
    """
    if not len(left) or not len(right):
        return []
    shown = scores if reported is None else reported
    usable = np.where(scores >= threshold, scores, 0.0)
    rows, cols = linear_sum_assignment(usable, maximize=True)
    partner_of_left: dict[int, list[int]] = {}
    partner_of_right: dict[int, list[int]] = {}
    for row, col in zip(rows, cols):
        if scores[row, col] >= threshold:
            partner_of_left[row] = [col]
            partner_of_right[col] = [row]
    _cover(scores, threshold, left, right, partner_of_left, partner_of_right)
    _cover(scores.T, threshold, right, left, partner_of_right, partner_of_left)
    pairings: list[Pairing] = []
    for row, cols_of_row in sorted(partner_of_left.items()):
        if len(cols_of_row) == 1 and len(partner_of_right.get(cols_of_row[0], [])) > 1:
            continue  # reported from the right side's one-to-two pairing below
        best = max(float(shown[row, col]) for col in cols_of_row)
        pairings.append(Pairing(left[row], tuple(right[col] for col in cols_of_row), best))
    for col, rows_of_col in sorted(partner_of_right.items()):
        if len(rows_of_col) > 1:
            best = max(float(shown[row, col]) for row in rows_of_col)
            pairings.append(Pairing(right[col], tuple(left[row] for row in rows_of_col), best))
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


def groups(matched: Sequence[tuple[str, ...]], order: Sequence[str]) -> list[tuple[str, ...]]:
    """Join matches that share a claim into groups across documents, in document order."""
    parent: dict[str, str] = {}

    def find(item: str) -> str:
        parent.setdefault(item, item)
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    for claim_ids in matched:
        for claim_id in claim_ids[1:]:
            parent[find(claim_id)] = find(claim_ids[0])
        find(claim_ids[0])
    position = {claim_id: index for index, claim_id in enumerate(order)}
    members: dict[str, list[str]] = {}
    for claim_id in parent:
        members.setdefault(find(claim_id), []).append(claim_id)
    result = [tuple(sorted(ids, key=position.__getitem__)) for ids in members.values()]
    result.sort(key=lambda ids: position[ids[0]])
    return result
