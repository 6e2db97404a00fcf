"""The fused backend: the lexical overlap features and the semantic cosine, combined.

One logistic regression over the lexical backend's features plus the cosine of the two
claims' sentence embeddings, fitted on MSRP train by ``scripts/fit_fused.py`` (plain
numbers in ``fused.json``). Relatedness is the largest of the lexical relatedness signals,
the cosine, and the fused equivalence. The embeddings are all-MiniLM-L6-v2's (on
onnxruntime, or a ``semantic_model`` folder on PyTorch): ``fused.json`` and the fused
entry of ``match.json`` were fitted on MiniLM's cosine.

TODO(multilingual): a fused backend on the multilingual encoder needs its own
``fused.json`` coefficients (scripts/fit_fused.py on USE-m cosines) and its own entry in
``match.json`` (scripts/fit_match.py); until then ``multilingual`` is the cosine backend
only (:mod:`readouts.similarity.semantic`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from readouts.claims import Claim
from readouts.similarity import PairScores, in_blocks, load_parameters, mask_scores
from readouts.similarity.lexical import FEATURES as LEXICAL_FEATURES
from readouts.similarity.lexical import Encoded, encode, pair_features
from readouts.similarity.semantic import SemanticBackend

FEATURES = (*LEXICAL_FEATURES, "semantic_cosine")


@dataclass(frozen=True)
class FusedEncoded:
    lexical: Encoded
    semantic: np.ndarray


@dataclass(frozen=True)
class FusedBackend:
    """Lexical features and the semantic cosine in one fitted logistic regression."""

    semantic: SemanticBackend
    coefficients: tuple[float, ...]
    intercept: float
    match_threshold: float
    equivalent_threshold: float
    name: str = "fused"

    @classmethod
    def default(cls, model_path: str | None = None) -> FusedBackend:
        params = load_parameters("fused")
        return cls(
            semantic=SemanticBackend.default(model_path),
            coefficients=tuple(params["coefficients"]),
            intercept=float(params["intercept"]),
            match_threshold=float(params["match_threshold"]),
            equivalent_threshold=float(params["equivalent_threshold"]),
        )

    def encode(self, claims: Sequence[Claim]) -> FusedEncoded:
        semantic = self.semantic.vectors(self.semantic.encode(claims))
        return FusedEncoded(lexical=encode(claims), semantic=semantic)

    def vectors(self, encoded: FusedEncoded) -> np.ndarray:
        """The claims' embeddings: paraphrases are near neighbours there."""
        return encoded.semantic

    def pair_scores(
        self, left: FusedEncoded, right: FusedEncoded, candidates: np.ndarray | None = None
    ) -> PairScores:

        def score(rows: slice, columns: slice) -> PairScores:
            some_left = FusedEncoded(left.lexical.rows(rows), left.semantic[rows])
            some_right = FusedEncoded(right.lexical.rows(columns), right.semantic[columns])
            mask = None if candidates is None else candidates[rows, columns]
            features = fused_features(some_left, some_right, mask)
            z = np.full(features["cosine"].shape, self.intercept)
            for coefficient, name in zip(self.coefficients, FEATURES, strict=True):
                z += coefficient * features[name]
            equivalent = 1.0 / (1.0 + np.exp(-z))
            related = np.maximum.reduce(
                [features["cosine"], features["words"], features["semantic_cosine"], equivalent]
            )
            return PairScores(related=related, equivalent=equivalent)

        scores = in_blocks(len(left.lexical), len(right.lexical), score)
        return mask_scores(scores, candidates)


def fused_features(
    left: FusedEncoded, right: FusedEncoded, candidates: np.ndarray | None = None
) -> dict[str, np.ndarray]:
    """The lexical features of every pair, and the cosine of their embeddings."""
    features = pair_features(left.lexical, right.lexical, candidates)
    if left.semantic.size and right.semantic.size:
        cosine = np.clip(left.semantic @ right.semantic.T, 0.0, 1.0).astype(float)
    else:
        cosine = np.zeros(features["cosine"].shape)
    features["semantic_cosine"] = cosine
    return features
