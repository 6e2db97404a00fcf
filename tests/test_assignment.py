"""readouts.assignment picks the very pairs SciPy's linear_sum_assignment picks.

Where several assignments are optimal (ties: constant, integer or mostly-zero matrices, as
the alignment's thresholded scores are) the choice is SciPy's too, so the match model
fitted with SciPy sees the same ``assigned`` feature.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy.optimize import linear_sum_assignment as scipy_assignment

from readouts.assignment import linear_sum_assignment


def same(matrix: np.ndarray, maximize: bool) -> bool:
    ours = linear_sum_assignment(matrix, maximize=maximize)
    theirs = scipy_assignment(matrix, maximize=maximize)
    return all(np.array_equal(a, b) for a, b in zip(ours, theirs))


def _matrices(seed: int, count: int):
    rng = np.random.default_rng(seed)
    for trial in range(count):
        rows, columns = rng.integers(1, 14, size=2)
        kind = trial % 4
        if kind == 0:
            yield rng.random((rows, columns))
        elif kind == 1:
            yield rng.integers(0, 3, size=(rows, columns)).astype(float)
        elif kind == 2:  # thresholded scores: most pairs 0
            yield np.where(rng.random((rows, columns)) < 0.7, 0.0, rng.random((rows, columns)))
        else:
            yield np.full((rows, columns), 0.5)


@pytest.mark.parametrize("maximize", [False, True])
def test_the_same_pairs_as_scipy_on_random_tied_and_rectangular_matrices(maximize):
    mismatched = [m for m in _matrices(11, 1200) if not same(m, maximize)]
    assert not mismatched, mismatched[0]


@settings(max_examples=200, deadline=None)
@given(
    arrays(
        float,
        st.tuples(st.integers(1, 8), st.integers(1, 8)),
        elements=st.one_of(st.sampled_from([0.0, 1.0, 0.5]), st.floats(-1e6, 1e6)),
    ),
    st.booleans(),
)
def test_any_finite_matrix(matrix, maximize):
    assert same(matrix, maximize)


def test_a_larger_matrix_of_scores():
    rng = np.random.default_rng(5)
    scores = np.where(rng.random((120, 90)) < 0.9, 0.0, rng.random((120, 90)))
    assert same(scores, True) and same(scores.T, True)


def test_empty_and_invalid_matrices():
    rows, columns = linear_sum_assignment(np.zeros((0, 4)))
    assert rows.size == 0 and columns.size == 0
    assert [list(x) for x in linear_sum_assignment(np.eye(3), maximize=True)] == [
        [0, 1, 2],
        [0, 1, 2],
    ]
    with pytest.raises(ValueError, match="invalid"):
        linear_sum_assignment(np.array([[np.nan, 1.0]]))
    with pytest.raises(ValueError, match="infeasible"):
        linear_sum_assignment(np.array([[np.inf, np.inf], [1.0, 2.0]]))
    with pytest.raises(ValueError, match="matrix"):
        linear_sum_assignment(np.zeros(3))
