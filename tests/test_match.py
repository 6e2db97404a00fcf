"""The calibrated match decision: document-context features, the fitted model, and what
the pipeline matches with it; the MSRP documents layout."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
from meeting import accounts

from readouts.similarity import PairScores
from readouts.similarity.match import FEATURES, RANK_CAP, context_features, match_model

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))


def scores(matrix) -> PairScores:
    related = np.asarray(matrix, dtype=float)
    return PairScores(related=related, equivalent=related / 2)


def test_context_features_rank_margin_mutual_and_assignment():
    found = context_features(scores([[0.9, 0.8, 0.0], [0.85, 0.1, 0.2]]))
    assert set(found) == set(FEATURES)
    # A1-B1 is the best of its row and column, but the assignment takes A1-B2 and A2-B1.
    assert found["mutual_best"].tolist() == [[1, 0, 0], [0, 0, 0]]
    assert found["assigned"].tolist() == [[0, 1, 0], [1, 0, 0]]
    assert found["row_rank"][0].tolist() == pytest.approx([0, 1 / RANK_CAP, 2 / RANK_CAP])
    assert found["row_margin"][0].tolist() == pytest.approx([0.1, -0.1, -0.9])
    assert found["column_margin"][:, 0].tolist() == pytest.approx([0.05, -0.05])
    # The median of each claim's best score (0.9, 0.85; 0.9, 0.8, 0.2).
    assert found["parallel"][0, 0] == pytest.approx(0.85)


@pytest.mark.parametrize("shape", [(0, 3), (3, 0), (1, 1), (1, 4), (4, 1)])
def test_context_features_of_small_matrices(shape):
    found = context_features(scores(np.full(shape, 0.5)))
    assert all(value.shape == shape for value in found.values())


@pytest.mark.parametrize("backend", ["lexical", "fused"])
def test_fitted_model_is_a_probability_and_zero_where_unscored(backend):
    model = match_model(backend)
    if model is None:
        pytest.skip(f"no fitted match model for {backend}")
    assert 0.3 <= model.threshold < 1.0
    rng = np.random.default_rng(0)
    matrix = rng.random((6, 7))
    matrix[2, :] = 0.0
    probability = model.probability(scores(matrix))
    assert probability.shape == (6, 7)
    assert ((probability >= 0) & (probability <= 1)).all()
    assert (probability[2] == 0).all()
    # A clear one-to-one pairing (strong diagonal, weak elsewhere) is matched; a weak
    # pair with no context is not.
    clear = np.full((4, 4), 0.05) + np.eye(4) * 0.85
    assert (np.diag(model.probability(scores(clear))) >= model.threshold).all()
    assert model.probability(scores([[0.1, 0.05], [0.05, 0.08]])).max() < model.threshold


@pytest.fixture(scope="module")
def four_accounts():
    import readouts

    return readouts.compare(accounts(4), backend="lexical")


def test_unrelated_sentence_is_not_matched_to_the_meeting(four_accounts):
    # Before calibrated matching, "Reyes will visit Norvalia again in June." (D6) was
    # matched as partial to the meeting sentence and reported as a softening, while "The
    # two foreign ministers met in Kessel on Tuesday." (D1) was listed as one-sided.
    texts = {claim.id: claim.text for claim in four_accounts.claims}
    assert texts["D6"].startswith("Reyes will visit Norvalia")
    assert not any("D6" in match.claims for match in four_accounts.matches)
    meeting_group = next(group for group in four_accounts.groups if "A1" in group)
    assert "D1" in meeting_group


def test_every_match_reaches_the_calibrated_threshold(four_accounts):
    threshold = four_accounts.thresholds["match"]
    assert threshold == match_model("lexical").threshold
    assert four_accounts.matches
    for match in four_accounts.matches:
        assert match.probability is not None and match.probability >= threshold
        assert match.to_dict()["probability"] == round(match.probability, 3)
    summarised = {cid for item in four_accounts.summary for cid in item.claims}
    matched = {cid for match in four_accounts.matches for cid in match.claims}
    paired = [item for item in four_accounts.summary if item.kind in ("conflict", "softening")]
    assert paired
    assert all(set(item.claims) <= matched for item in paired)
    assert summarised


def test_groups_hold_one_claim_per_document(four_accounts):
    for group in four_accounts.groups:
        docs = [cid[0] for cid in group]
        assert len(docs) == len(set(docs))


def test_msrp_docs_layout_is_deterministic_and_well_formed():
    from msrp_docs import build_layout

    pairs = [(i % 3 != 0, 2 * i, 2 * i + 1) for i in range(40)]
    first = build_layout(pairs, k=8, seed=3)
    assert first == build_layout(pairs, k=8, seed=3)
    assert first != build_layout(pairs, k=8, seed=4)
    assert len(first) == 5
    for layout in first:
        assert len(layout.left) == len(layout.right) == 10
        assert len(layout.links) == 8 and len(layout.extras) == 4
        linked = {s for link in layout.links for s in link}
        assert not linked & layout.extras
        assert set(layout.left) | set(layout.right) == linked | layout.extras
    only = build_layout(pairs, k=8, paraphrase_only=True)
    positives = {(a, b) for label, a, b in pairs if label}
    assert all(layout.links <= positives for layout in only)
