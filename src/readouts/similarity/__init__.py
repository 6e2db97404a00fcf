"""Step 4: how alike two claims are, behind one interface so backends can be swapped.

A backend encodes each document's claims once (``encode``), then scores two encoded
documents against each other in one pass (``pair_scores``): how related each pair of
claims is (to match them) and how likely they say the same thing (to call a match
equivalent). Backends: ``lexical`` (word overlap), ``semantic`` (sentence embeddings of
all-MiniLM-L6-v2), ``fused`` (both in one regression) and ``multilingual`` (embeddings
of the multilingual Universal Sentence Encoder); each plugs in without touching alignment
or relations.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from readouts.claims import Claim
from readouts.errors import UsageError


@dataclass(frozen=True)
class PairScores:
    """Two ``(len(left), len(right))`` matrices with values in [0, 1].

    ``related``: how much two claims are about the same statement; claims are matched on it
    (against ``match_threshold``). ``equivalent``: the probability that they say the same
    thing; a match is equivalent when it reaches ``equivalent_threshold``.
    """

    related: np.ndarray
    equivalent: np.ndarray


class SimilarityBackend(Protocol):
    """What alignment needs from a similarity backend."""

    name: str
    match_threshold: float
    equivalent_threshold: float

    def encode(self, claims: Sequence[Claim]) -> Any:
        """Whatever the backend needs per claim, computed once per document."""

    def vectors(self, encoded: Any) -> Any:
        """One vector per claim (dense or sparse rows), for nearest-neighbour blocking."""

    def pair_scores(
        self, left: Any, right: Any, candidates: np.ndarray | None = None
    ) -> PairScores:
        """Both score matrices for every claim of ``left`` against every claim of ``right``;
        with a boolean ``candidates`` mask, only those pairs are scored (others are 0)."""


def mask_scores(scores: PairScores, candidates: np.ndarray | None) -> PairScores:
    """``scores`` with every pair outside ``candidates`` set to 0 (unchanged for None)."""
    if candidates is None:
        return scores
    return PairScores(
        related=np.where(candidates, scores.related, 0.0),
        equivalent=np.where(candidates, scores.equivalent, 0.0),
    )


# Pairs of claims scored at once: a backend's features are a few dozen matrices of one
# float per pair, so a long document is scored against another one block of its claims
# at a time (about 2 MB per matrix), keeping memory bounded whatever their length.
BLOCK_PAIRS = 250_000


def in_blocks(rows: int, columns: int, score: Callable[[slice, slice], PairScores]) -> PairScores:
    """``score(left_claims, right_claims)`` (two slices) run over blocks of at most
    :data:`BLOCK_PAIRS` pairs, cut along the longer side, and put back together: the same
    matrices as one call over every pair, since every feature is computed pair by pair."""
    every_row, every_column = slice(0, rows), slice(0, columns)
    if rows * columns <= BLOCK_PAIRS:
        return score(every_row, every_column)
    related = np.zeros((rows, columns))
    equivalent = np.zeros((rows, columns))
    along_rows = rows >= columns
    step = max(1, BLOCK_PAIRS // max(1, columns if along_rows else rows))
    for start in range(0, rows if along_rows else columns, step):
        block = slice(start, min(rows if along_rows else columns, start + step))
        where = (block, every_column) if along_rows else (every_row, block)
        scores = score(*where)
        related[where] = scores.related
        equivalent[where] = scores.equivalent
    return PairScores(related=related, equivalent=equivalent)


def load_parameters(name: str) -> dict[str, Any]:
    """The fitted numbers a backend ships in ``readouts/similarity/<name>.json``."""
    import json
    from importlib import resources

    text = resources.files("readouts.similarity").joinpath(f"{name}.json").read_text("utf-8")
    return json.loads(text)


def get_backend(name: str, *, semantic_model: str | None = None) -> SimilarityBackend:
    """The backend called ``name``; raises :class:`~readouts.errors.UsageError` if unknown
    and :class:`~readouts.errors.MissingDependency` (naming the pip command) when a model
    it needs is not installed. ``semantic_model``, a sentence-transformers folder, replaces
    MiniLM in ``semantic`` and ``fused`` (``multilingual`` has its own model)."""
    if name == "lexical":
        from readouts.similarity.lexical import LexicalBackend

        return LexicalBackend.default()
    if name == "semantic":
        from readouts.similarity.semantic import SemanticBackend

        return SemanticBackend.default(semantic_model)
    if name == "fused":
        from readouts.similarity.fused import FusedBackend

        return FusedBackend.default(semantic_model)
    if name == "multilingual":
        if semantic_model is not None:
            raise UsageError(
                "--semantic-model / READOUTS_SEMANTIC_MODEL replaces MiniLM in the semantic "
                "and fused backends; the multilingual backend has its own model"
            )
        from readouts.similarity.semantic import SemanticBackend

        return SemanticBackend.default(name="multilingual")
    raise UsageError(
        f"unknown similarity backend {name!r}; choose one of: lexical, semantic, fused, "
        "multilingual"
    )
