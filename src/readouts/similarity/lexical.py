"""The lexical backend: weighted lemma overlap plus entity and number agreement.

Each claim becomes a few sparse vectors (hashed, so documents are encoded independently):
lemmas weighted by rarity (wordfreq), lemma bigrams, entity names and number values. A
pair of claims gets a handful of overlap features, combined by a logistic regression fitted
on MSRP train (``scripts/fit_lexical.py``; numbers in ``lexical.json``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.feature_extraction import FeatureHasher
from sklearn.preprocessing import normalize

from readouts.claims import Claim
from readouts.similarity import PairScores, in_blocks, load_parameters, mask_scores
from readouts.terms import entity_key, weight

FEATURES = (
    "cosine",  # cosine of rarity-weighted lemma vectors
    "cover_min",  # weighted share of the less-covered claim's lemmas found in the other
    "cover_max",  # the same for the better-covered claim
    "bigrams",  # Jaccard of lemma bigrams (word order)
    "entities",  # Jaccard of entity names (0 when neither has one)
    "no_entities",  # 1 when neither claim names an entity
    "numbers",  # Jaccard of number values (0 when neither has one)
    "number_clash",  # 1 when both give numbers and share none
    "length_ratio",  # shorter / longer, in content lemmas
    "words",  # Jaccard of all lowercased words, function words included
    "words_cover_min",  # share of the shorter claim's words found in the other
    "words_cover_max",
    "word_order",  # difflib ratio of the two word sequences
    "lemma_order",  # difflib ratio of the two content-lemma sequences
    "length_gap",  # |difference in words| / longer
    "unshared_min",  # content lemmas of one claim missing from the other (the smaller count)
    "unshared_max",  # ... and the larger count
    "unshared_weight_min",  # log(1 + rarity weight of those lemmas), smaller side
    "unshared_weight_max",
    "entities_unshared_min",  # entity names of one claim missing from the other
    "entities_unshared_max",
    "trigrams",  # Jaccard of word trigrams
)
_HASH_FEATURES = 2**20


@dataclass(frozen=True)
class Encoded:
    """The sparse vectors of one document's claims (rows in claim order)."""

    lemmas_unit: sparse.csr_matrix
    lemmas_weight: sparse.csr_matrix
    lemmas_binary: sparse.csr_matrix
    bigrams: sparse.csr_matrix
    entities: sparse.csr_matrix
    numbers: sparse.csr_matrix
    lengths: np.ndarray
    words: sparse.csr_matrix
    trigrams: sparse.csr_matrix
    word_counts: np.ndarray
    sequences: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]

    def __len__(self) -> int:
        return int(self.lengths.shape[0])

    def rows(self, selected: slice) -> Encoded:
        """The claims ``selected`` (a slice), encoded as they are here."""
        return Encoded(
            lemmas_unit=self.lemmas_unit[selected],
            lemmas_weight=self.lemmas_weight[selected],
            lemmas_binary=self.lemmas_binary[selected],
            bigrams=self.bigrams[selected],
            entities=self.entities[selected],
            numbers=self.numbers[selected],
            lengths=self.lengths[selected],
            words=self.words[selected],
            trigrams=self.trigrams[selected],
            word_counts=self.word_counts[selected],
            sequences=self.sequences[selected],
        )


@dataclass(frozen=True)
class LexicalBackend:
    """Scores claim pairs with a logistic regression over lexical overlap features."""

    coefficients: tuple[float, ...]
    intercept: float
    match_threshold: float
    equivalent_threshold: float
    name: str = "lexical"

    @classmethod
    def default(cls) -> LexicalBackend:
        """The backend with the weights fitted on MSRP train and shipped in the package."""
        params = load_parameters("lexical")
        return cls(
            coefficients=tuple(params["coefficients"]),
            intercept=float(params["intercept"]),
            match_threshold=float(params["match_threshold"]),
            equivalent_threshold=float(params["equivalent_threshold"]),
        )

    def encode(self, claims: Sequence[Claim]) -> Encoded:
        return encode(claims)

    def vectors(self, encoded: Encoded) -> sparse.csr_matrix:
        """Each claim's lemmas, weighted by rarity, as a unit-length sparse row."""
        return encoded.lemmas_unit

    def pair_scores(
        self, left: Encoded, right: Encoded, candidates: np.ndarray | None = None
    ) -> PairScores:
        """Equivalence from the fitted model; relatedness is the strongest of the weighted
        lemma cosine, the word overlap and the equivalence itself, so that a pair the model
        calls equivalent can always be matched, and claims of common words only can too."""

        def score(rows: slice, columns: slice) -> PairScores:
            some_left, some_right = left.rows(rows), right.rows(columns)
            mask = None if candidates is None else candidates[rows, columns]
            features = pair_features(some_left, some_right, mask)
            z = np.full((len(some_left), len(some_right)), self.intercept)
            for coefficient, name in zip(self.coefficients, FEATURES):
                z += coefficient * features[name]
            equivalent = 1.0 / (1.0 + np.exp(-z))
            related = np.maximum.reduce([features["cosine"], features["words"], equivalent])
            return PairScores(related=related, equivalent=equivalent)

        scores = in_blocks(len(left), len(right), score)
        return mask_scores(scores, candidates)


def encode(claims: Sequence[Claim]) -> Encoded:
    """Hash each claim's lemmas, bigrams, entities and numbers into sparse rows."""
    hasher = FeatureHasher(n_features=_HASH_FEATURES, input_type="dict", alternate_sign=False)
    lemma_rows, bigram_rows, entity_rows, number_rows, lengths = [], [], [], [], []
    word_rows, trigram_rows = [], []
    for claim in claims:
        word_rows.append({word: 1.0 for word in claim.words})
        trigram_rows.append(
            {" ".join(claim.words[i : i + 3]): 1.0 for i in range(len(claim.words) - 2)}
        )
        lemmas = {lemma: weight(lemma) for lemma in claim.lemmas}
        lemma_rows.append(lemmas)
        bigram_rows.append({f"{a} {b}": 1.0 for a, b in zip(claim.lemmas, claim.lemmas[1:])})
        # Dates stay among the entities by their words, as when they were entity terms
        # (the fitted weights expect them there); their values join the number rows, so
        # "on 3 June" and "June 3" share one, as "a dozen" and "12" do.
        entity_rows.append(
            {
                (t.key if t.kind == "entity" else entity_key(t.text)): 1.0
                for t in claim.terms
                if t.kind in ("entity", "time")
            }
        )
        number_rows.append(
            {
                (f"{t.value:g}" if t.kind == "number" else t.key): 1.0
                for t in claim.terms
                if t.kind in ("number", "time")
            }
        )
        lengths.append(len(lemmas))
    weighted = sparse.csr_matrix(hasher.transform(lemma_rows))
    binary = weighted.copy()
    binary.data[:] = 1.0
    return Encoded(
        lemmas_unit=normalize(weighted),
        lemmas_weight=weighted,
        lemmas_binary=binary,
        bigrams=_binary(hasher.transform(bigram_rows)),
        entities=_binary(hasher.transform(entity_rows)),
        numbers=_binary(hasher.transform(number_rows)),
        lengths=np.asarray(lengths, dtype=float),
        words=_binary(hasher.transform(word_rows)),
        trigrams=_binary(hasher.transform(trigram_rows)),
        word_counts=np.asarray([len(claim.words) for claim in claims], dtype=float),
        sequences=tuple((claim.words, claim.lemmas) for claim in claims),
    )


def pair_features(
    left: Encoded, right: Encoded, candidates: np.ndarray | None = None
) -> dict[str, np.ndarray]:
    """Every feature in :data:`FEATURES` as a ``(len(left), len(right))`` matrix. The
    overlap counts are sparse products over all pairs; the word-sequence comparisons, one
    pair at a time, run only for ``candidates`` (all pairs when it is None)."""
    cosine = _dense(left.lemmas_unit @ right.lemmas_unit.T)
    left_total = np.asarray(left.lemmas_weight.sum(axis=1)).ravel()
    right_total = np.asarray(right.lemmas_weight.sum(axis=1)).ravel()
    left_in_right = _dense(left.lemmas_weight @ right.lemmas_binary.T) / _safe(left_total)[:, None]
    right_in_left = _dense(left.lemmas_binary @ right.lemmas_weight.T) / _safe(right_total)[None, :]
    entities, left_e, right_e = _jaccard(left.entities, right.entities)
    numbers, left_n, right_n = _jaccard(left.numbers, right.numbers)
    shorter = np.minimum(left.lengths[:, None], right.lengths[None, :])
    longer = np.maximum(left.lengths[:, None], right.lengths[None, :])
    both_numbers = (left_n[:, None] > 0) & (right_n[None, :] > 0)
    words, left_w, right_w = _jaccard(left.words, right.words)
    shared_words = _dense(left.words @ right.words.T)
    left_cover = shared_words / _safe(left_w)[:, None]
    right_cover = shared_words / _safe(right_w)[None, :]
    word_order, lemma_order = _orders(left, right, words, candidates)
    shared_lemmas = _dense(left.lemmas_binary @ right.lemmas_binary.T)
    left_count = np.asarray(left.lemmas_binary.sum(axis=1)).ravel()
    right_count = np.asarray(right.lemmas_binary.sum(axis=1)).ravel()
    left_unshared = left_count[:, None] - shared_lemmas
    right_unshared = right_count[None, :] - shared_lemmas
    left_unshared_weight = np.log1p(
        np.maximum(left_total[:, None] - _dense(left.lemmas_weight @ right.lemmas_binary.T), 0.0)
    )
    right_unshared_weight = np.log1p(
        np.maximum(right_total[None, :] - _dense(left.lemmas_binary @ right.lemmas_weight.T), 0.0)
    )
    shared_entities = _dense(left.entities @ right.entities.T)
    left_entities_unshared = left_e[:, None] - shared_entities
    right_entities_unshared = right_e[None, :] - shared_entities
    more = np.maximum(left.word_counts[:, None], right.word_counts[None, :])
    gap = np.abs(left.word_counts[:, None] - right.word_counts[None, :]) / _safe(more)
    return {
        "cosine": cosine,
        "cover_min": np.minimum(left_in_right, right_in_left),
        "cover_max": np.maximum(left_in_right, right_in_left),
        "bigrams": _jaccard(left.bigrams, right.bigrams)[0],
        "entities": entities,
        "no_entities": ((left_e[:, None] == 0) & (right_e[None, :] == 0)).astype(float),
        "numbers": numbers,
        "number_clash": (both_numbers & (numbers == 0)).astype(float),
        "length_ratio": shorter / _safe(longer),
        "words": words,
        "words_cover_min": np.minimum(left_cover, right_cover),
        "words_cover_max": np.maximum(left_cover, right_cover),
        "word_order": word_order,
        "lemma_order": lemma_order,
        "length_gap": gap,
        "unshared_min": np.minimum(left_unshared, right_unshared),
        "unshared_max": np.maximum(left_unshared, right_unshared),
        "unshared_weight_min": np.minimum(left_unshared_weight, right_unshared_weight),
        "unshared_weight_max": np.maximum(left_unshared_weight, right_unshared_weight),
        "entities_unshared_min": np.minimum(left_entities_unshared, right_entities_unshared),
        "entities_unshared_max": np.maximum(left_entities_unshared, right_entities_unshared),
        "trigrams": _jaccard(left.trigrams, right.trigrams)[0],
    }


# Pairs sharing fewer words than this are too far apart for the sequence features to matter.
_ORDER_MIN_WORDS = 0.15


def _orders(
    left: Encoded, right: Encoded, words: np.ndarray, candidates: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray]:
    """difflib ratios of word and lemma sequences, only for pairs that share words."""
    word_order = np.zeros(words.shape)
    lemma_order = np.zeros(words.shape)
    matcher = SequenceMatcher(autojunk=False)
    wanted = words >= _ORDER_MIN_WORDS
    if candidates is not None:
        wanted &= candidates
    for i, j in zip(*np.nonzero(wanted)):
        (left_words, left_lemmas), (right_words, right_lemmas) = (
            left.sequences[i],
            right.sequences[j],
        )
        matcher.set_seqs(left_words, right_words)
        word_order[i, j] = matcher.ratio()
        matcher.set_seqs(left_lemmas, right_lemmas)
        lemma_order[i, j] = matcher.ratio()
    return word_order, lemma_order


def _jaccard(
    left: sparse.csr_matrix, right: sparse.csr_matrix
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    shared = _dense(left @ right.T)
    left_size = np.asarray(left.sum(axis=1)).ravel()
    right_size = np.asarray(right.sum(axis=1)).ravel()
    union = left_size[:, None] + right_size[None, :] - shared
    return shared / _safe(union), left_size, right_size


def _binary(matrix: Any) -> sparse.csr_matrix:
    matrix = sparse.csr_matrix(matrix)
    matrix.data[:] = 1.0
    return matrix


def _dense(matrix: Any) -> np.ndarray:
    return np.asarray(matrix.todense() if sparse.issparse(matrix) else matrix, dtype=float)


def _safe(values: np.ndarray) -> np.ndarray:
    return np.where(values == 0, 1.0, values)
