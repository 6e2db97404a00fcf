"""The calibrated match decision: how likely two claims report the same statement or event.

A backend's two scores of a pair (``related``, ``equivalent``) say how alike two claims
are; whether they are the same statement also depends on the rest of the two documents:
is this the best candidate of its row and of its column, by how much, and does the global
one-to-one assignment pick it. :func:`context_features` computes those for every pair of
two documents (one pass over the score matrices, a few top values per row and column); a
logistic regression over them, followed by an isotonic calibration, gives a probability.
Both were fitted on documents built from MSRP train and STS headlines with distractor
sentences (``scripts/fit_match.py``; the numbers, per backend, in ``match.json``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from readouts.assignment import linear_sum_assignment
from readouts.similarity import PairScores, load_parameters

FEATURES = (
    "related",
    "equivalent",
    "row_rank",  # how many claims of the row score higher (capped at RANK_CAP), / RANK_CAP
    "column_rank",
    "row_margin",  # related minus the best other score of its row (negative if not best)
    "column_margin",
    "equivalent_row_margin",  # the same on the equivalence score
    "equivalent_column_margin",
    "mutual_best",  # the best of its row and of its column
    "assigned",  # chosen by the global one-to-one assignment on ``related``
    "related_if_assigned",  # related * assigned: how strong the chosen pair is
    "equivalent_if_assigned",
    "related_if_mutual",  # related * mutual_best
    "parallel",  # how alike the two documents are: the median best score of a claim
    "parallel_if_assigned",  # parallel * assigned
)
RANK_CAP = 3


def context_features(scores: PairScores) -> dict[str, np.ndarray]:
    """Every feature of :data:`FEATURES` as a ``(rows, columns)`` matrix."""
    related, equivalent = scores.related, scores.equivalent
    row_rank, row_margin = _rank_and_margin(related, axis=1)
    column_rank, column_margin = _rank_and_margin(related, axis=0)
    _, equivalent_row_margin = _rank_and_margin(equivalent, axis=1)
    _, equivalent_column_margin = _rank_and_margin(equivalent, axis=0)
    assigned = np.zeros(related.shape)
    if related.size:
        rows, columns = linear_sum_assignment(related, maximize=True)
        assigned[rows, columns] = 1.0
    # Two close accounts (most claims have a strong partner) make a weak assigned pair
    # likelier a link than two accounts that mostly say different things.
    parallel = np.full(related.shape, _parallel(related))
    mutual = ((row_rank == 0) & (column_rank == 0) & (related > 0)).astype(float)
    return {
        "related": related,
        "equivalent": equivalent,
        "row_rank": row_rank / RANK_CAP,
        "column_rank": column_rank / RANK_CAP,
        "row_margin": row_margin,
        "column_margin": column_margin,
        "equivalent_row_margin": equivalent_row_margin,
        "equivalent_column_margin": equivalent_column_margin,
        "mutual_best": mutual,
        "assigned": assigned,
        "related_if_assigned": related * assigned,
        "equivalent_if_assigned": equivalent * assigned,
        "related_if_mutual": related * mutual,
        "parallel": parallel,
        "parallel_if_assigned": parallel * assigned,
    }


def _parallel(related: np.ndarray) -> float:
    """The median, over the claims of both documents, of each claim's best score."""
    if related.size == 0:
        return 0.0
    return float(np.median(np.concatenate([related.max(axis=1), related.max(axis=0)])))


def _rank_and_margin(matrix: np.ndarray, axis: int) -> tuple[np.ndarray, np.ndarray]:
    """Per entry: how many entries of its row (``axis=1``) or column (``axis=0``) are
    strictly higher, capped at :data:`RANK_CAP`; and its value minus the highest other
    entry there (0 when it has none)."""
    if matrix.size == 0:
        return np.zeros(matrix.shape), np.zeros(matrix.shape)
    work = matrix if axis == 1 else matrix.T
    size = work.shape[1]
    keep = min(RANK_CAP + 1, size)
    top = -np.sort(-np.partition(work, size - keep, axis=1)[:, size - keep :], axis=1)
    rank = np.zeros(work.shape)
    for place in range(keep):
        rank += top[:, place : place + 1] > work
    best = top[:, :1]
    second = top[:, 1:2] if keep > 1 else np.zeros_like(best)
    # The best other entry: the runner-up for the best, the best for every other entry.
    is_best = work >= best
    margin = np.where(is_best, work - second, work - best) if size > 1 else np.zeros(work.shape)
    rank = np.minimum(rank, RANK_CAP)
    return (rank, margin) if axis == 1 else (rank.T, margin.T)


@dataclass(frozen=True)
class MatchModel:
    """Logistic regression over :data:`FEATURES`, then isotonic calibration
    (``calibration_x`` -> ``calibration_y``, piecewise linear), and the probability at
    which a pair is matched (``threshold``, chosen for precision on held-out documents)."""

    coefficients: tuple[float, ...]
    intercept: float
    calibration_x: tuple[float, ...]
    calibration_y: tuple[float, ...]
    threshold: float
    # The threshold for two documents in different languages, where fitted
    # (scripts/fit_crosslingual.py --threshold); None: ``threshold``.
    across_threshold: float | None = None

    def probability(self, scores: PairScores) -> np.ndarray:
        """The calibrated probability that each pair is the same statement or event."""
        features = context_features(scores)
        z = np.full(scores.related.shape, self.intercept)
        for coefficient, name in zip(self.coefficients, FEATURES, strict=True):
            z += coefficient * features[name]
        raw = 1.0 / (1.0 + np.exp(-z))
        calibrated = np.interp(raw, self.calibration_x, self.calibration_y)
        # A pair the backend did not score (blocked, or a title against a statement) is none.
        return np.where(scores.related > 0, calibrated, 0.0)


@lru_cache(maxsize=8)
def match_model(backend: str) -> MatchModel | None:
    """The fitted model for ``backend`` (None when ``match.json`` has none for it)."""
    params = load_parameters("match").get("backends", {}).get(backend)
    if params is None:
        return None
    return MatchModel(
        coefficients=tuple(params["coefficients"]),
        intercept=float(params["intercept"]),
        calibration_x=tuple(params["calibration_x"]),
        calibration_y=tuple(params["calibration_y"]),
        threshold=float(params["threshold"]),
        across_threshold=(
            float(params["across_threshold"]) if "across_threshold" in params else None
        ),
    )
