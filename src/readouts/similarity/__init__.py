"""Step 4: how alike two claims are, behind one interface so backends can be swapped.

A backend encodes each document's claims once (``encode``), then scores two encoded
documents against each other in one pass (``pair_scores``): how related each pair of
claims is (to match them) and how likely they say the same thing (to call a match
equivalent). The lexical backend ships here; a semantic one can
plug in without touching alignment or relations.
"""

from __future__ import annotations

from collections.abc import Sequence
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


def load_parameters(name: str) -> dict[str, Any]:
    """The fitted numbers a backend ships in ``readouts/similarity/<name>.json``."""
    import json
    from importlib import resources

    text = resources.files("readouts.similarity").joinpath(f"{name}.json").read_text("utf-8")
    return json.loads(text)


def get_backend(name: str, *, semantic_model: str | None = None) -> SimilarityBackend:
    """The backend called ``name``; raises :class:`~readouts.errors.UsageError` if unknown
    and :class:`~readouts.errors.MissingDependency` (naming the pip command) when the
    semantic backend's extra is not installed."""
    if name == "lexical":
        from readouts.similarity.lexical import LexicalBackend

        return LexicalBackend.default()
    if name == "semantic":
        from readouts.similarity.semantic import SemanticBackend

        return SemanticBackend.default(semantic_model)
    if name == "fused":
        from readouts.similarity.fused import FusedBackend

        return FusedBackend.default(semantic_model)
    raise UsageError(
        f"unknown similarity backend {name!r}; choose one of: lexical, semantic, fused"
    )
