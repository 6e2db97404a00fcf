"""The lexical backend: weighted lemma overlap plus entity and number agreement.

Each claim becomes a few sparse vectors (hashed, so documents are encoded independently:
:mod:`readouts.similarity.hashed`): lemmas weighted by rarity (wordfreq), lemma bigrams,
entity names and number values. A
pair of claims gets a handful of overlap features, combined by a logistic regression fitted
on MSRP train (``scripts/fit_lexical.py``; numbers in ``lexical.json``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

import numpy as np

from readouts.claims import Claim
from readouts.similarity import PairScores, in_blocks, load_parameters, mask_scores
from readouts.similarity.hashed import HashedRows, hash_rows
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


@dataclass(frozen=True)
class Encoded:
    """The sparse vectors of one document's claims (rows in claim order)."""

    lemmas_unit: HashedRows
    lemmas_weight: HashedRows
    lemmas_binary: HashedRows
    bigrams: HashedRows
    entities: HashedRows
    numbers: HashedRows
    lengths: np.ndarray
    words: HashedRows
    trigrams: HashedRows
    word_counts: np.ndarray
    sequences: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]

    def __len__(self) -> int:
        return int(self.lengths.shape[0])

    def rows(self, selected: slice) -> Encoded:
        """The claims ``selected`` (a slice), encoded as they are here."""
        return Encoded(
            lemmas_unit=self.lemmas_unit.rows(selected),
            lemmas_weight=self.lemmas_weight.rows(selected),
            lemmas_binary=self.lemmas_binary.rows(selected),
            bigrams=self.bigrams.rows(selected),
            entities=self.entities.rows(selected),
            numbers=self.numbers.rows(selected),
            lengths=self.lengths[selected],
            words=self.words.rows(selected),
            trigrams=self.trigrams.rows(selected),
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

    def vectors(self, encoded: Encoded) -> HashedRows:
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
    weighted = hash_rows(lemma_rows)
    return Encoded(
        lemmas_unit=weighted.unit(),
        lemmas_weight=weighted,
        lemmas_binary=weighted.binary(),
        bigrams=hash_rows(bigram_rows).binary(),
        entities=hash_rows(entity_rows).binary(),
        numbers=hash_rows(number_rows).binary(),
        lengths=np.asarray(lengths, dtype=float),
        words=hash_rows(word_rows).binary(),
        trigrams=hash_rows(trigram_rows).binary(),
        word_counts=np.asarray([len(claim.words) for claim in claims], dtype=float),
        sequences=tuple((claim.words, claim.lemmas) for claim in claims),
    )


def pair_features(
    left: Encoded, right: Encoded, candidates: np.ndarray | None = None
) -> dict[str, np.ndarray]:
    """Every feature in :data:`FEATURES` as a ``(len(left), len(right))`` matrix. The
    overlap counts are sparse products over all pairs; the word-sequence comparisons, one
    pair at a time, run only for ``candidates`` (all pairs when it is None)."""
    cosine = left.lemmas_unit.dot(right.lemmas_unit)
    left_total = left.lemmas_weight.row_sums()
    right_total = right.lemmas_weight.row_sums()
    left_weight_shared = left.lemmas_weight.dot(right.lemmas_binary)
    right_weight_shared = left.lemmas_binary.dot(right.lemmas_weight)
    left_in_right = left_weight_shared / _safe(left_total)[:, None]
    right_in_left = right_weight_shared / _safe(right_total)[None, :]
    entities, left_e, right_e = _jaccard(left.entities, right.entities)
    numbers, left_n, right_n = _jaccard(left.numbers, right.numbers)
    shorter = np.minimum(left.lengths[:, None], right.lengths[None, :])
    longer = np.maximum(left.lengths[:, None], right.lengths[None, :])
    both_numbers = (left_n[:, None] > 0) & (right_n[None, :] > 0)
    words, left_w, right_w = _jaccard(left.words, right.words)
    shared_words = left.words.dot(right.words)
    left_cover = shared_words / _safe(left_w)[:, None]
    right_cover = shared_words / _safe(right_w)[None, :]
    word_order, lemma_order = _orders(left, right, words, candidates)
    shared_lemmas = left.lemmas_binary.dot(right.lemmas_binary)
    left_count = left.lemmas_binary.row_sums()
    right_count = right.lemmas_binary.row_sums()
    left_unshared = left_count[:, None] - shared_lemmas
    right_unshared = right_count[None, :] - shared_lemmas
    left_unshared_weight = np.log1p(np.maximum(left_total[:, None] - left_weight_shared, 0.0))
    right_unshared_weight = np.log1p(np.maximum(right_total[None, :] - right_weight_shared, 0.0))
    shared_entities = left.entities.dot(right.entities)
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


def _jaccard(left: HashedRows, right: HashedRows) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    shared = left.dot(right)
    left_size = left.row_sums()
    right_size = right.row_sums()
    union = left_size[:, None] + right_size[None, :] - shared
    return shared / _safe(union), left_size, right_size


def _safe(values: np.ndarray) -> np.ndarray:
    return np.where(values == 0, 1.0, values)
