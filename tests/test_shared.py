"""Real-world text from ../shared (skipped when absent): exact offsets, clean self-comparison."""

from __future__ import annotations

import pytest

import readouts
from readouts import Document, load
from readouts.claims import extract_claims

POLNEAR_SAMPLE = 3


@pytest.fixture(scope="module")
def seed(shared_dir) -> Document:
    path = shared_dir / "seed" / "article.txt"
    if not path.is_file():
        pytest.skip(f"{path} is absent")
    return load(str(path))


def assert_claims_exact(text: str, claims) -> None:
    assert claims
    for claim in claims:
        assert claim.text == text[claim.start : claim.end]
        for term in claim.terms:
            assert term.text == text[term.start : term.end]
        for marker in claim.markers:
            assert marker.span.text == text[marker.span.start : marker.span.end]
        for span in (claim.source, claim.cue):
            if span is not None:
                assert span.text == text[span.start : span.end]


def test_seed_article_offsets(nlp, seed):
    assert_claims_exact(seed.text, extract_claims("A", nlp(seed.text)))


def test_seed_article_compared_with_itself(seed):
    comparison = readouts.compare([seed, Document(seed.text, label="copy")])
    assert comparison.unmatched == ()
    for match in comparison.matches:
        first, second = match.claims
        assert first[1:] == second[1:]  # A7 with B7
        assert match.relation == "equivalent", match
        assert match.conflicts == ()
    assert [f.kind for f in comparison.summary if f.kind != "unique_terms"] == []


def polnear_texts(shared_dir):
    folder = shared_dir / "data" / "polnear" / "dev" / "text"
    files = sorted(folder.glob("*.txt"))[:POLNEAR_SAMPLE]
    if not files:
        pytest.skip(f"no PolNeAR texts in {folder}")
    return files


def test_polnear_offsets(nlp, shared_dir):
    for path in polnear_texts(shared_dir):
        document = load(str(path))
        raw = path.read_bytes().decode("utf-8-sig")
        assert document.text == raw  # annotations index the file's characters: keep them
        assert_claims_exact(document.text, extract_claims("A", nlp(document.text)))
