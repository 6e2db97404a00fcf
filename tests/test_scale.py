"""Long and repetitive documents: compare completes on shapes that used to stall, every
offset stays exact, and a document that says the same thing many times has one claim for
it, with the other places as repeats."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import readouts
from readouts.claims import Claim, merge_repeats
from readouts.relations import covers
from readouts.samples import sample_documents
from readouts.spans import Span
from readouts.summary import _Mentions
from readouts.terms import Term


def assert_offsets_exact(text: str, claims: list[Claim]) -> None:
    assert claims
    for claim in claims:
        assert text[claim.start : claim.end] == claim.text
        for term in claim.terms:
            assert text[term.start : term.end] == term.text
        for span in (claim.source, claim.cue, *claim.repeats):
            if span is not None:
                assert text[span.start : span.end] == span.text


def words_of_samples() -> list[str]:
    return " ".join(document.text for document in sample_documents()).split()


def long_claims(result) -> list[Claim]:
    return [claim for claim in result.claims if claim.doc == "A"]


# --- shapes that used to stall (each parses 200-250 KB: a few seconds of spaCy) ---------


@pytest.mark.slow
def test_twenty_thousand_short_lines_complete_with_exact_offsets():
    words = itertools.cycle(words_of_samples())
    # One to three words and a number: the sample's words come round again and again, so
    # the number keeps the lines distinct.
    lines = [
        " ".join([*(next(words) for _ in range(1 + index % 3)), str(index)])
        for index in range(20_000)
    ]
    text = "\n".join(lines) + "\n"
    other = sample_documents()[1]
    result = readouts.compare([readouts.Document(text), other], backend="lexical")
    claims = long_claims(result)
    assert_offsets_exact(text, claims)
    # Lines that start in capitals are sentences of their own: thousands of claims.
    assert len(claims) > 1000


@pytest.mark.slow
def test_a_200_kb_single_line_completes_with_exact_offsets():
    base = " ".join(words_of_samples())
    text = ""
    copy = 0
    while len(text) < 200_000:
        # Each copy a little different, so that the copies are not repeats of each other.
        text += base.replace("Kessel", f"Kessel{copy}") + " "
        copy += 1
    text = text[:200_000]
    assert "\n" not in text
    other = sample_documents()[1]
    result = readouts.compare([readouts.Document(text), other], backend="lexical")
    claims = long_claims(result)
    assert_offsets_exact(text, claims)
    # The copies share most sentences: those are one claim each, with repeats.
    assert sum(1 + len(claim.repeats) for claim in claims) > 1000
    # No claim is longer than a sentence the parser was allowed (200 tokens): 1,500 chars.
    assert max(claim.end - claim.start for claim in claims) < 1500


# --- repeated statements ------------------------------------------------------------------


def test_a_document_pasted_six_times_has_one_claim_per_statement(claims_of):
    once = sample_documents()[0].text.strip()
    text = "\n\n".join([once] * 6)
    single = claims_of(once)
    claims = claims_of(text)
    assert [claim.text for claim in claims] == [claim.text for claim in single]
    assert [claim.id for claim in claims] == [f"A{i}" for i in range(1, len(single) + 1)]
    assert [claim.start for claim in claims] == [claim.start for claim in single]
    for claim in claims:
        assert len(claim.repeats) == 5
        assert [span.text for span in claim.repeats] == [claim.text] * 5
        starts = [claim.start, *(span.start for span in claim.repeats)]
        assert starts == sorted(starts)
        assert claim.to_dict()["repeats"] == [span.to_dict() for span in claim.repeats]
    assert_offsets_exact(text, claims)


def test_repeats_ignore_case_and_spacing_but_not_the_speaker(claims_of):
    text = (
        "The talks were useful, Li said.\n\n"
        "Trade grew last year.\n\n"
        "the talks  were USEFUL, Li said.\n\n"
        "The talks were useful, Volodin said."
    )
    claims = claims_of(text)
    assert [claim.text for claim in claims] == [
        "The talks were useful, Li said.",
        "Trade grew last year.",
        "The talks were useful, Volodin said.",
    ]
    assert [c.speaker for c in claims] == ["Li", None, "Volodin"]
    again = "the talks  were USEFUL, Li said."
    start = text.index(again)
    assert claims[0].repeats == (Span(start, start + len(again), again),)
    assert claims[1].repeats == () and claims[2].repeats == ()
    assert_offsets_exact(text, claims)


def test_merge_repeats_leaves_distinct_claims_alone():
    claims = [
        Claim(id="A1", doc="A", index=1, start=0, end=2, text="Hi"),
        Claim(id="A2", doc="A", index=2, start=3, end=6, text="Bye"),
    ]
    assert merge_repeats(claims) == claims


def test_the_summary_names_a_repeated_statement_once():
    norvalia, estmark = sample_documents()
    pasted = readouts.Document("\n\n".join([norvalia.text.strip()] * 6), label="Pasted")
    result = readouts.compare([pasted, estmark], backend="lexical")
    quoted = [finding.claims for finding in result.summary if finding.kind == "only"]
    texts = [result.claim(ids[0]).text for ids in quoted]
    assert texts and len(texts) == len(set(texts))
    assert len(long_claims(result)) == len([c for c in result.claims if c.doc == "A"])
    assert all(len(claim.repeats) == 5 for claim in long_claims(result))


# --- the summary's unique terms, indexed --------------------------------------------------

ENTITY_WORDS = st.sampled_from(["li", "zhanshu", "state", "duma", "xinhua", "china", "new"])
TERMS = st.lists(
    st.tuples(
        st.sampled_from(["entity", "word", "number"]),
        st.lists(ENTITY_WORDS, min_size=1, max_size=3),
        st.integers(0, 3),
    ),
    max_size=12,
).map(
    lambda rows: [
        Term(kind, " ".join(words), " ".join(words), 0, 1, value=float(value))
        for kind, words, value in rows
    ]
)


@settings(max_examples=300, deadline=None)
@given(TERMS, TERMS, st.sets(ENTITY_WORDS))
def test_indexed_coverage_answers_as_relations_covers(terms, others, keys):
    mentions = _Mentions(others, frozenset(keys))
    for term in terms:
        assert mentions.covers(term) == covers(term, others, frozenset(keys))


# --- pair scores in blocks ----------------------------------------------------------------


@pytest.mark.parametrize("block_pairs", [1, 7, 40, 10**9])
def test_pair_scores_in_blocks_are_the_scores_of_one_pass(claims_of, monkeypatch, block_pairs):
    """A long document is scored against another a block of claims at a time (bounded
    memory); the scores are exactly those of one pass over every pair, either side long."""
    import numpy as np

    from readouts import similarity
    from readouts.similarity.lexical import LexicalBackend

    norvalia, estmark = (document.text for document in sample_documents())
    backend = LexicalBackend.default()
    long = backend.encode(claims_of("\n\n".join([norvalia, estmark.replace("Reyes", "Li")])))
    short = backend.encode(claims_of(estmark, "B"))
    candidates = np.random.default_rng(0).random((len(long), len(short))) > 0.5
    expected = [
        backend.pair_scores(long, short),
        backend.pair_scores(short, long),
        backend.pair_scores(long, short, candidates),
    ]
    monkeypatch.setattr(similarity, "BLOCK_PAIRS", block_pairs)
    found = [
        backend.pair_scores(long, short),
        backend.pair_scores(short, long),
        backend.pair_scores(long, short, candidates),
    ]
    for want, got in zip(expected, found, strict=True):
        assert np.array_equal(want.related, got.related)
        assert np.array_equal(want.equivalent, got.equivalent)
