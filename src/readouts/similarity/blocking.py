"""Blocking: which claim pairs of two long documents are worth scoring at all.

With three or more documents, every pair of documents is aligned. Scoring every claim of
one against every claim of the other costs the backend's full pass (for the lexical
backend, a word-sequence comparison per overlapping pair). Blocking first keeps, for
each claim, its nearest neighbours in the other document on the backend's claim vectors
(exact cosine search: one product of unit vectors, then the top few per row and per
column), in both directions; the backend then scores only those pairs and alignment
assigns among them.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from readouts.similarity.hashed import HashedRows

# Each claim keeps this many nearest claims of the other document as candidates.
NEIGHBOURS = 5
# Blocking starts when both documents have more claims than this; below, every pair of
# claims is scored (it is cheap and nothing can be missed).
BLOCK_FROM_CLAIMS = 30


def should_block(documents: int, left_claims: int, right_claims: int) -> bool:
    """Whether to block a pair of documents in a comparison of ``documents`` documents."""
    return documents >= 3 and min(left_claims, right_claims) > BLOCK_FROM_CLAIMS


def candidates(left: Any, right: Any, neighbours: int = NEIGHBOURS) -> np.ndarray:
    """A ``(rows of left, rows of right)`` boolean mask: each row's ``neighbours`` nearest
    rows of the other matrix by cosine, both ways. ``left`` and ``right`` are claim
    vectors, one row per claim: dense arrays, :class:`HashedRows` or anything with
    ``@``, ``.T`` and (if sparse) ``toarray``."""
    rows, columns = left.shape[0], right.shape[0]
    mask = np.zeros((rows, columns), dtype=bool)
    if rows == 0 or columns == 0:
        return mask
    similarity = left.dot(right) if isinstance(left, HashedRows) else left @ right.T
    similarity = np.asarray(
        similarity.toarray() if hasattr(similarity, "toarray") else similarity, dtype=float
    )
    for axis, size in ((1, columns), (0, rows)):
        count = min(neighbours, size)
        nearest = np.argpartition(-similarity, count - 1, axis=axis)
        nearest = nearest[:, :count] if axis == 1 else nearest[:count, :]
        np.put_along_axis(mask, nearest, True, axis=axis)
    return mask
