"""Blocking: which claim pairs of two long documents are worth scoring at all.

With three or more documents, every pair of documents is aligned. Scoring every claim of
one against every claim of the other costs the backend's full pass (for the lexical
backend, a word-sequence comparison per overlapping pair). Blocking first keeps, for
each claim, its nearest neighbours in the other document on the backend's claim vectors
(scikit-learn's exact cosine search), in both directions; the backend then scores only
those pairs and alignment assigns among them.
"""

from __future__ import annotations

from typing import Any

import numpy as np

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
    vectors, dense or sparse, one row per claim."""
    from sklearn.neighbors import NearestNeighbors

    rows, columns = left.shape[0], right.shape[0]
    mask = np.zeros((rows, columns), dtype=bool)
    if rows == 0 or columns == 0:
        return mask
    for query, index, transpose in ((left, right, False), (right, left, True)):
        count = min(neighbours, index.shape[0])
        search = NearestNeighbors(n_neighbors=count, metric="cosine", algorithm="brute")
        nearest = search.fit(index).kneighbors(query, return_distance=False)
        hits = np.repeat(np.arange(query.shape[0]), count), nearest.ravel()
        if transpose:
            mask[hits[1], hits[0]] = True
        else:
            mask[hits] = True
    return mask
