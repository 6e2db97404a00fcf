"""readouts.align: optimal one-to-one assignment, one-to-two cover, groups across documents."""

from __future__ import annotations

from itertools import pairwise

import numpy as np
import pytest

from readouts.align import assign, consistent_groups, groups
from readouts.claims import Claim


def claim(claim_id: str, *keys: str) -> Claim:
    doc, index = claim_id[0], int(claim_id[1:])
    return Claim(id=claim_id, doc=doc, index=index, start=0, end=1, text="x", keys=frozenset(keys))


def pairs(pairings) -> list[tuple[str, tuple[str, ...]]]:
    return [(p.left.id, tuple(c.id for c in p.right)) for p in pairings]


def test_optimal_assignment_beats_greedy():
    # Greedy takes A1-B1 (0.9) and strands A2; the optimum pairs A1-B2 and A2-B1 (1.65).
    left = [claim("A1", "alpha"), claim("A2", "beta")]
    right = [claim("B1", "gamma"), claim("B2", "delta")]
    scores = np.array([[0.9, 0.8], [0.85, 0.1]])
    result = assign(left, right, scores, threshold=0.5)
    assert pairs(result) == [("A1", ("B2",)), ("A2", ("B1",))]
    assert [p.score for p in result] == pytest.approx([0.8, 0.85])


@pytest.mark.parametrize(
    ("scores", "threshold", "expected"),
    [
        ([[0.4]], 0.5, []),
        ([[0.5]], 0.5, [("A1", ("B1",))]),
        ([[0.49, 0.2], [0.1, 0.7]], 0.5, [("A2", ("B2",))]),
        ([[0.9, 0.6], [0.6, 0.2]], 0.65, [("A1", ("B1",))]),
        ([[0.0, 0.0], [0.0, 0.0]], 0.1, []),
        ([[0.3, 0.9, 0.2]], 0.5, [("A1", ("B2",))]),
    ],
)
def test_threshold_is_respected(scores, threshold, expected):
    matrix = np.array(scores)
    left = [claim(f"A{i + 1}", f"left{i}") for i in range(matrix.shape[0])]
    right = [claim(f"B{j + 1}", f"right{j}") for j in range(matrix.shape[1])]
    result = assign(left, right, matrix, threshold=threshold)
    assert pairs(result) == expected
    assert all(p.score >= threshold for p in result)


@pytest.mark.parametrize(("n_left", "n_right"), [(0, 2), (2, 0), (0, 0)])
def test_no_claims_no_pairings(n_left, n_right):
    left = [claim(f"A{i + 1}") for i in range(n_left)]
    right = [claim(f"B{j + 1}") for j in range(n_right)]
    assert assign(left, right, np.zeros((n_left, n_right)), threshold=0.5) == []


LONG = ("pipeline", "border", "fishermen", "blockade")


def test_leftover_covered_claim_joins_as_one_to_two():
    host = claim("A1", *LONG)
    right = [claim("B1", "pipeline", "border"), claim("B2", "fishermen", "blockade")]
    result = assign([host], right, np.array([[0.8, 0.6]]), threshold=0.5)
    assert pairs(result) == [("A1", ("B1", "B2"))]
    assert result[0].score == pytest.approx(0.8)


def test_covered_claims_on_the_left_join_the_right_host():
    left = [claim("A1", "pipeline", "border"), claim("A2", "fishermen", "blockade")]
    host = claim("B1", *LONG)
    result = assign(left, [host], np.array([[0.8], [0.6]]), threshold=0.5)
    assert pairs(result) == [("B1", ("A1", "A2"))]
    assert result[0].score == pytest.approx(0.8)


@pytest.mark.parametrize(
    ("leftover_keys", "score"),
    [
        (("weather", "rain"), 0.6),  # the host does not say what the leftover says
        (("fishermen", "blockade"), 0.4),  # below the threshold
        (("pipeline", "border"), 0.6),  # adds nothing the partner did not already give
    ],
)
def test_leftover_not_covered_stays_unmatched(leftover_keys, score):
    host = claim("A1", *LONG)
    right = [claim("B1", "pipeline", "border"), claim("B2", *leftover_keys)]
    result = assign([host], right, np.array([[0.8, score]]), threshold=0.5)
    assert pairs(result) == [("A1", ("B1",))]


def test_pairings_come_in_left_document_order():
    left = [claim(f"A{i}", f"k{i}") for i in (1, 2, 3)]
    right = [claim(f"B{j}", f"m{j}") for j in (1, 2, 3)]
    scores = np.array([[0.1, 0.1, 0.9], [0.1, 0.9, 0.1], [0.9, 0.1, 0.1]])
    result = assign(left, right, scores, threshold=0.5)
    assert pairs(result) == [("A1", ("B3",)), ("A2", ("B2",)), ("A3", ("B1",))]


ORDER = ["A1", "A2", "A3", "B1", "B2", "C1", "C2"]


@pytest.mark.parametrize(
    ("matched", "expected"),
    [
        ([("A1", "B1"), ("B1", "C2")], [("A1", "B1", "C2")]),
        ([("B1", "C2"), ("A1", "B1")], [("A1", "B1", "C2")]),
        ([("C2", "B1"), ("B1", "A1")], [("A1", "B1", "C2")]),
        (
            [("A2", "B2"), ("A1", "B1"), ("B1", "C2")],
            [("A1", "B1", "C2"), ("A2", "B2")],
        ),
        ([("A1", "B1", "B2"), ("B2", "C1")], [("A1", "B1", "B2", "C1")]),
        ([("A3", "C1"), ("A1", "B2")], [("A1", "B2"), ("A3", "C1")]),
        ([], []),
    ],
)
def test_groups(matched, expected):
    assert groups(matched, ORDER) == expected


CHAIN_ORDER = ["A1", "A2", "B1", "B2", "C1", "C2"]


@pytest.mark.parametrize(
    ("matched", "strengths", "expected", "kept"),
    [
        # B1 is matched to A1 and (weakly) to A2's partner C2: chaining would put A1 and
        # A2 in one row; the weaker link B1-C2 is left out.
        (
            [("A1", "B1"), ("A2", "C2"), ("B1", "C2"), ("A1", "C1")],
            [0.9, 0.9, 0.6, 0.8],
            [("A1", "B1", "C1"), ("A2", "C2")],
            [0, 1, 3],
        ),
        # The same matches, the other link weaker: the strongest links win whatever order.
        (
            [("B1", "C2"), ("A1", "B1"), ("A2", "C2"), ("A1", "C1")],
            [0.95, 0.6, 0.9, 0.5],
            [("A1", "C1"), ("A2", "B1", "C2")],
            [0, 2, 3],
        ),
        # A one-to-two match holds two claims of B: allowed, and others may join it.
        (
            [("A1", "B1", "B2"), ("B2", "C1")],
            [0.7, 0.8],
            [("A1", "B1", "B2", "C1")],
            [0, 1],
        ),
        # ... but a second claim of C may not.
        (
            [("A1", "B1", "B2"), ("B2", "C1"), ("B1", "C2")],
            [0.7, 0.8, 0.6],
            [("A1", "B1", "B2", "C1")],
            [0, 1],
        ),
    ],
)
def test_groups_never_hold_two_claims_of_one_document(matched, strengths, expected, kept):
    found, kept_matches = consistent_groups(matched, CHAIN_ORDER, strengths)
    assert found == expected
    assert kept_matches == kept
    assert groups(matched, CHAIN_ORDER, strengths) == expected
    for group in found:
        docs = [claim_id[0] for claim_id in group]
        shared = {doc for doc in docs if docs.count(doc) > 1}
        assert all(
            any({c for c in group if c[0] == doc} <= set(m) for m in matched) for doc in shared
        )


def test_chained_pairwise_matches_make_no_long_row():
    # 26 accounts, each claim i of one matched to claims i and i+1 of the next (two
    # statements, chained): union-find made one row of every claim.
    docs = [chr(ord("A") + n) for n in range(26)]
    order = [f"{doc}{i}" for doc in docs for i in (1, 2)]
    matched, strengths = [], []
    for here, there in pairwise(docs):
        matched += [(f"{here}1", f"{there}1"), (f"{here}2", f"{there}2"), (f"{here}1", f"{there}2")]
        strengths += [0.9, 0.9, 0.55]
    found = groups(matched, order, strengths)
    assert found == [tuple(f"{doc}1" for doc in docs), tuple(f"{doc}2" for doc in docs)]
