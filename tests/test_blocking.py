"""Blocking: nearest-neighbour candidates before alignment when three or more long
documents are compared."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import sparse

import readouts
from readouts import Document
from readouts.similarity import get_backend
from readouts.similarity.blocking import BLOCK_FROM_CLAIMS, candidates, should_block


def test_candidates_keep_each_rows_nearest_both_ways():
    left = np.eye(4)
    right = np.array([[0, 0, 1, 0], [1, 0, 0, 0], [0.6, 0.8, 0, 0]], dtype=float)
    mask = candidates(left, right, neighbours=1)
    assert mask.shape == (4, 3)
    # each left row's nearest right row ...
    assert mask[0, 1] and mask[1, 2] and mask[2, 0]
    # ... and each right row's nearest left row
    assert mask[2, 0] and mask[0, 1] and mask[1, 2]
    assert mask.sum(axis=1).min() >= 1 and mask.sum(axis=0).min() >= 1
    assert mask.sum() <= 4 + 3


def test_candidates_accept_sparse_rows_and_empty_sides():
    left = sparse.csr_matrix(np.eye(3))
    right = sparse.csr_matrix(np.eye(3)[::-1])
    mask = candidates(left, right, neighbours=1)
    assert mask[0, 2] and mask[1, 1] and mask[2, 0]
    assert candidates(np.zeros((0, 3)), np.eye(3)).shape == (0, 3)


@pytest.mark.parametrize(
    ("documents", "claims", "expected"),
    [
        (2, 500, False),  # two documents: always every pair
        (3, BLOCK_FROM_CLAIMS, False),  # short documents: every pair
        (3, BLOCK_FROM_CLAIMS + 1, True),
        (10, 200, True),
    ],
)
def test_blocking_only_for_three_or_more_long_documents(documents, claims, expected):
    assert should_block(documents, claims, claims) is expected


def _account(order: list[int], label: str) -> Document:
    sentences = [
        f"Minister {name} visited {city} on {day} to discuss {topic}."
        for name, city, day, topic in _FACTS
    ]
    return Document(" ".join(sentences[i] for i in order), label=label)


_NAMES = "Reyes Okafor Lindqvist Tanaka Moreau Haddad Kowalski Novak Silva Byrne".split()
_CITIES = "Kessel Varna Tallin Porto Ghent Lyon".split()
_DAYS = "Monday Tuesday Wednesday Thursday Friday".split()
_TOPICS = "grain exports|fishing quotas|rail links|power lines|water rights|port fees|visas".split(
    "|"
)
_FACTS = [
    (_NAMES[i % 10], _CITIES[i % 6], _DAYS[i % 5], _TOPICS[i % 7])
    for i in range(BLOCK_FROM_CLAIMS + 6)
]


class Spy:
    """The lexical backend, recording the candidate masks it is handed."""

    def __init__(self) -> None:
        self.inner = get_backend("lexical")
        self.name = "lexical"
        self.match_threshold = self.inner.match_threshold
        self.equivalent_threshold = self.inner.equivalent_threshold
        self.masks: list[np.ndarray | None] = []

    def encode(self, claims):
        return self.inner.encode(claims)

    def vectors(self, encoded):
        return self.inner.vectors(encoded)

    def pair_scores(self, left, right, candidates=None):
        self.masks.append(candidates)
        return self.inner.pair_scores(left, right, candidates)


def test_three_long_documents_are_blocked_and_keep_their_matches(monkeypatch):
    import readouts.pipeline as pipeline

    count = len(_FACTS)
    rng = np.random.default_rng(7)
    orders = [list(range(count))] + [list(rng.permutation(count)) for _ in range(2)]
    documents = [_account(order, label) for order, label in zip(orders, "ABC")]
    spy = Spy()
    monkeypatch.setattr(pipeline, "get_backend", lambda name, **_: spy)
    blocked = readouts.compare(documents)
    masks = [m for m in spy.masks if m is not None and m.shape == (count, count)]
    assert len(masks) == 3, "each of the three document pairs is blocked"
    assert all(m.sum() < count * count / 2 for m in masks)
    # every account tells the same facts in another order: all are matched, one to one
    assert len(blocked.matches) == 3 * count
    assert all(m.relation == "equivalent" for m in blocked.matches)
    spy.masks.clear()
    pair = readouts.compare(documents[:2])
    assert spy.masks[0] is None, "two documents: every pair is scored"
    assert {m.claims for m in pair.matches} == {
        m.claims for m in blocked.matches if m.claims[0].startswith("A") and "B" in m.claims[1]
    }
