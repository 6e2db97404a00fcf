"""The lexical backend's hashed rows are scikit-learn's and SciPy's, to the last bit.

The backend's weights were fitted on vectors from ``FeatureHasher`` and ``normalize`` and
on SciPy's sparse products; :mod:`readouts.similarity.hashed` replaces all three at run
time, so every column, value and product must be theirs exactly (``==``, not ``isclose``).
"""

from __future__ import annotations

import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import sparse
from sklearn.feature_extraction import FeatureHasher
from sklearn.preprocessing import normalize
from sklearn.utils import murmurhash3_32

from readouts.similarity.hashed import HASH_COLUMNS, HashedRows, hash_column, hash_rows

# Words of several scripts, spaces and digits: the lemmas, bigrams, entity keys and number
# values the backend hashes. Lone surrogates cannot be UTF-8 encoded by either side.
TERMS = st.text(st.characters(exclude_categories=("Cs",)), min_size=0, max_size=12)
VALUES = st.one_of(st.just(1.0), st.just(0.0), st.floats(0.001, 50.0))
ROWS = st.lists(st.dictionaries(TERMS, VALUES, max_size=12), min_size=1, max_size=12)


def reference(rows, width=HASH_COLUMNS) -> sparse.csr_matrix:
    hasher = FeatureHasher(n_features=width, input_type="dict", alternate_sign=False)
    return sparse.csr_matrix(hasher.transform(rows))


def same_rows(ours: HashedRows, theirs: sparse.csr_matrix) -> bool:
    return (
        np.array_equal(ours.indptr, theirs.indptr)
        and np.array_equal(ours.indices, theirs.indices)
        and np.array_equal(ours.data, theirs.data)
        and ours.shape == theirs.shape
    )


def _random_rows(rng: random.Random, words: list[str], count: int) -> list[dict[str, float]]:
    return [
        {
            rng.choice(words): rng.choice([1.0, 0.0, rng.random() * 8])
            for _ in range(rng.randint(0, 15))
        }
        for _ in range(count)
    ]


@pytest.fixture(scope="module")
def words() -> list[str]:
    rng = random.Random(3)
    letters = "abcdefghij éжщыё中文新闻报道 0123456789-'"
    return ["".join(rng.choice(letters) for _ in range(rng.randint(1, 8))) for _ in range(400)]


@pytest.mark.parametrize("width", [HASH_COLUMNS, 64, 7])  # small widths: many collisions
def test_rows_products_sums_and_units_are_the_references(words, width):
    rng = random.Random(width)
    for _ in range(40):
        left_rows = _random_rows(rng, words, rng.randint(1, 30))
        right_rows = _random_rows(rng, words, rng.randint(1, 30))
        left, right = hash_rows(left_rows, width), hash_rows(right_rows, width)
        left_ref, right_ref = reference(left_rows, width), reference(right_rows, width)
        assert same_rows(left, left_ref) and same_rows(right, right_ref)
        assert same_rows(left.unit(), normalize(left_ref))
        assert same_rows(left.binary(), _binary(left_ref))
        assert np.array_equal(left.row_sums(), np.asarray(left_ref.sum(axis=1)).ravel())
        for ours, theirs in [
            (left.dot(right), left_ref @ right_ref.T),
            (left.unit().dot(right.unit()), normalize(left_ref) @ normalize(right_ref).T),
            (left.dot(right.binary()), left_ref @ _binary(right_ref).T),
        ]:
            assert np.array_equal(ours, np.asarray(theirs.todense()))
        start = rng.randint(0, len(left))
        stop = rng.randint(start, len(left))
        assert same_rows(left.rows(slice(start, stop)), left_ref[start:stop])


def _binary(matrix: sparse.csr_matrix) -> sparse.csr_matrix:
    matrix = matrix.copy()
    matrix.data[:] = 1.0
    return matrix


@settings(max_examples=150, deadline=None)
@given(ROWS, ROWS)
def test_any_text_hashes_and_multiplies_as_the_references(left_rows, right_rows):
    left, right = hash_rows(left_rows), hash_rows(right_rows)
    left_ref, right_ref = reference(left_rows), reference(right_rows)
    assert same_rows(left, left_ref)
    assert same_rows(left.unit(), normalize(left_ref))
    assert np.array_equal(left.dot(right), np.asarray((left_ref @ right_ref.T).todense()))


@given(TERMS)
def test_a_terms_column_is_feature_hashers(term):
    assert hash_column(term) == reference([{term: 1.0}]).indices[0]
    assert hash_column(term) == abs(murmurhash3_32(term, seed=0)) % HASH_COLUMNS


def test_the_one_hash_abs_cannot_take_gets_feature_hashers_column(monkeypatch):
    # MurmurHash3 gives -2**31 for some key; FeatureHasher's column for it is 2**31 - 1
    # - (width - 1), modulo the width (its abs() of -2**31 in 32 bits).
    import readouts.similarity.hashed as hashed

    monkeypatch.setattr(hashed, "murmurhash3_32", lambda term: -(2**31))
    assert hash_column("x") == (2**31 - 1 - (HASH_COLUMNS - 1)) % HASH_COLUMNS == 0
    assert hash_column("x", 7) == (2**31 - 1 - 6) % 7


def test_empty_rows_and_empty_sides():
    rows = hash_rows([{}, {"a": 1.0}, {}])
    assert len(rows) == 3 and rows.shape == (3, HASH_COLUMNS)
    assert np.array_equal(rows.row_sums(), [0.0, 1.0, 0.0])
    assert np.array_equal(rows.unit().data, [1.0])
    assert rows.dot(hash_rows([])).shape == (3, 0)
    assert rows.rows(slice(0, 0)).dot(rows).shape == (0, 3)
    assert np.array_equal(rows.dot(rows), np.diag([0.0, 1.0, 0.0]))


def test_different_widths_do_not_multiply():
    with pytest.raises(ValueError, match="columns"):
        hash_rows([{"a": 1.0}], 8).dot(hash_rows([{"a": 1.0}], 16))
