"""The semantic backends: cosine of sentence embeddings, and a fitted logistic of it.

Two built-in encoders, both core dependencies (no PyTorch, :mod:`readouts.similarity.encoders`):

* ``semantic``: all-MiniLM-L6-v2 on onnxruntime (English), the vectors of the
  sentence-transformers model; numbers in ``semantic.json``. With ``semantic_model`` (a
  sentence-transformers model folder of the user's own) it runs that model on PyTorch
  instead, which needs the optional extra ``readouts[semantic]``; the fitted numbers stay
  MiniLM's.
* ``multilingual``: Google's multilingual Universal Sentence Encoder v3, for accounts in
  Russian, Chinese and 14 more languages in one space; numbers in ``multilingual.json``.

Each encoder loads once per process. Each claim text is encoded once per process and
encoder: vectors are cached by a hash of the encoder and the text, in a bounded cache.

Relatedness is the cosine of two claims' embeddings; equivalence a logistic function of
it, fitted on MSRP train by ``scripts/fit_semantic.py``.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from readouts.claims import Claim
from readouts.similarity import PairScores, load_parameters, mask_scores
from readouts.similarity.encoders import load_encoder

CACHE_SIZE = 50_000
# Backend name -> (encoder, file of fitted numbers).
ENCODER_OF = {"semantic": ("minilm", "semantic"), "multilingual": ("multilingual", "multilingual")}


@dataclass
class EmbeddingCache:
    """Vectors by a hash of (encoder, text), least recently used dropped beyond ``size``."""

    size: int = CACHE_SIZE
    vectors: OrderedDict[str, np.ndarray] = field(default_factory=OrderedDict)

    def encode(self, texts: Sequence[str], encoder: Any, space: str = "") -> np.ndarray:
        """``encoder.encode`` of every text not cached yet; ``space`` names the encoder, so
        two models' vectors of one text never mix."""
        keys = [cache_key(space, text) for text in texts]
        missing = [i for i, key in enumerate(keys) if key not in self.vectors]
        if missing:
            fresh = encoder.encode([texts[i] for i in missing])
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


    def remember(self, keys: Sequence[str], vectors: np.ndarray) -> None:
        """Keep vectors computed elsewhere (a batch's ``vectors.parquet``) under their
        :func:`cache_key`: texts seen there are not encoded again in this process."""
        for key, vector in zip(keys, vectors, strict=True):
            self.vectors[key] = np.asarray(vector, dtype=np.float32)
            self.vectors.move_to_end(key)
        while len(self.vectors) > self.size:
            self.vectors.popitem(last=False)


def cache_key(space: str, text: str) -> str:
    """The key of ``text``'s vector in the encoder ``space``."""
    return hashlib.sha256(f"{space}\0{text}".encode()).hexdigest()


_CACHE = EmbeddingCache()


def clear_cache() -> None:
    """Forget every cached vector (the next encode of any text runs the model again)."""
    _CACHE.vectors.clear()


@dataclass(frozen=True)
class Embedded:
    """The embeddings of one document's claims, and the language they are in."""

    vectors: np.ndarray
    lang: str = "en"

    @property
    def size(self) -> int:
        return self.vectors.size

    @property
    def shape(self) -> tuple[int, ...]:
        return self.vectors.shape


@dataclass(frozen=True)
class SemanticBackend:
    """Cosine of sentence embeddings; equivalence as a fitted logistic function of it.

    ``encoder`` is one of :data:`~readouts.similarity.encoders.ENCODERS`; ``model_path``
    its model folder (None: the packaged one)."""

    encoder: str
    model_path: str | None
    slope: float
    intercept: float
    match_threshold: float
    equivalent_threshold: float
    name: str = "semantic"
    # Per pair of languages ("en-ru"), the line that puts a cosine across them on the
    # scale of one language (scripts/fit_crosslingual.py); empty for one-language models.
    across: tuple[tuple[str, float, float], ...] = ()

    @classmethod
    def default(cls, model_path: str | None = None, name: str = "semantic") -> SemanticBackend:
        """The backend ``name`` (``semantic`` or ``multilingual``) with its fitted numbers;
        ``model_path``, a sentence-transformers folder, replaces MiniLM."""
        encoder, numbers = ENCODER_OF[name]
        if model_path is not None:
            encoder = "sentence-transformers"
        params = load_parameters(numbers)
        return cls(
            encoder=encoder,
            model_path=model_path,
            slope=float(params["slope"]),
            intercept=float(params["intercept"]),
            match_threshold=float(params["match_threshold"]),
            equivalent_threshold=float(params["equivalent_threshold"]),
            name=name,
            across=tuple(
                (pair, float(line["slope"]), float(line["intercept"]))
                for pair, line in sorted(params.get("across", {}).items())
            ),
        )

    @property
    def space(self) -> str:
        """The name of the vector space this backend's encoder maps texts into."""
        return f"{self.encoder}:{self.model_path or ''}"

    def encode(self, claims: Sequence[Claim]) -> Embedded:
        encoder = load_encoder(self.encoder, self.model_path)
        vectors = _CACHE.encode([claim.text for claim in claims], encoder, self.space)
        return Embedded(vectors, claims[0].lang if claims else "en")

    def vectors(self, encoded: Embedded | np.ndarray) -> np.ndarray:
        """The embeddings themselves (unit length)."""
        return encoded.vectors if isinstance(encoded, Embedded) else encoded

    def pair_scores(
        self,
        left: Embedded | np.ndarray,
        right: Embedded | np.ndarray,
        candidates: np.ndarray | None = None,
    ) -> PairScores:
        left_vectors, right_vectors = self.vectors(left), self.vectors(right)
        if left_vectors.size == 0 or right_vectors.size == 0:
            empty = np.zeros((left_vectors.shape[0], right_vectors.shape[0]))
            return PairScores(related=empty, equivalent=empty)
        cosine = (left_vectors @ right_vectors.T).astype(float)
        cosine = np.clip(self._one_scale(cosine, left, right), 0.0, 1.0)
        equivalent = 1.0 / (1.0 + np.exp(-(self.slope * cosine + self.intercept)))
        return mask_scores(PairScores(related=cosine, equivalent=equivalent), candidates)

    def _one_scale(
        self, cosine: np.ndarray, left: Embedded | np.ndarray, right: Embedded | np.ndarray
    ) -> np.ndarray:
        """Cosines across two languages put on the scale of one (the one the thresholds
        were fitted on); within one language, unchanged."""
        if not isinstance(left, Embedded) or not isinstance(right, Embedded):
            return cosine
        if left.lang == right.lang:
            return cosine
        pair = "-".join(sorted((left.lang, right.lang)))
        for name, slope, intercept in self.across:
            if name == pair:
                return slope * cosine + intercept
        return cosine


def remember(keys: Sequence[str], vectors: np.ndarray) -> None:
    """Keep vectors computed elsewhere (by :func:`cache_key`) in this process's cache."""
    _CACHE.remember(keys, vectors)
