"""readouts.summary: who reported what across accounts, ranked against the genre's boilerplate."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from readouts.relations import relate
from readouts.summary import (
    BOILERPLATE_UNITS,
    Genre,
    boilerplate_spans,
    genre,
    informativeness,
    summarise,
)

LABELS3 = {"A": "Alpha", "B": "Beta", "C": "Gamma"}
SIGNED = "The ministers signed an agreement on fisheries in Kessel."
MET = "Varga met Reyes in Kessel on Monday."
ALONE = "Reyes raised the detention of six fishermen held near Lusk."
BOILERPLATE = "China will resolutely safeguard its national sovereignty and territorial integrity."
FACT = "The navy conducted four rounds of live-fire drills near the Penghu islands."
EMPTY = Genre(0, {})


def one(claims_of, text: str, doc: str):
    (claim,) = claims_of(text, doc)
    return claim


def match(left, right, score: float = 0.9):
    return relate(left, [right], score, equivalent_threshold=0.5)


def test_a_statement_all_but_one_report_is_an_omission_of_that_one(claims_of):
    a = one(claims_of, SIGNED, "A")
    c = one(claims_of, SIGNED, "C")
    b = one(claims_of, MET, "B")
    summary = summarise([a, b, c], [match(a, c)], LABELS3, statistic=EMPTY)
    (omission,) = [f for f in summary if f.kind == "omission"]
    assert omission.doc == "B"
    assert omission.claims == ("A1", "C1")
    assert omission.title.startswith("Reported by Alpha and Gamma, not by Beta: ")
    assert SIGNED in omission.title
    for claim_id, span in omission.spans:
        claim = {"A1": a, "C1": c}[claim_id]
        assert claim.text[span.start - claim.start : span.end - claim.start] == span.text


def test_two_accounts_have_no_omission(claims_of):
    a, b = one(claims_of, SIGNED, "A"), one(claims_of, SIGNED, "B")
    summary = summarise([a, b], [match(a, b)], {"A": "Alpha", "B": "Beta"}, statistic=EMPTY)
    assert [f.kind for f in summary if f.kind in ("omission", "only")] == []


def test_a_statement_every_account_reports_is_no_omission(claims_of):
    a, b, c = (one(claims_of, SIGNED, doc) for doc in "ABC")
    summary = summarise([a, b, c], [match(a, b), match(a, c)], LABELS3, statistic=EMPTY)
    assert [f for f in summary if f.kind in ("omission", "only")] == []


def test_what_one_account_alone_says_is_only_that_account(claims_of):
    a, c = one(claims_of, SIGNED, "A"), one(claims_of, SIGNED, "C")
    b = one(claims_of, ALONE, "B")
    summary = summarise([a, b, c], [match(a, c)], LABELS3, statistic=EMPTY)
    (only,) = [f for f in summary if f.kind == "only"]
    assert (only.doc, only.claims) == ("B", ("B1",))
    assert only.title.startswith("Only Beta reports")


def test_a_claim_with_a_likely_partner_is_not_called_one_sided(claims_of):
    a, c = one(claims_of, SIGNED, "A"), one(claims_of, SIGNED, "C")
    b = one(claims_of, ALONE, "B")
    unsure = {("B1", "A"): 0.35, ("B1", "C"): 0.02}
    summary = summarise([a, b, c], [match(a, c)], LABELS3, statistic=EMPTY, closest=unsure)
    assert [f for f in summary if f.kind == "only"] == []
    sure = {("B1", "A"): 0.21, ("B1", "C"): 0.02}
    summary = summarise([a, b, c], [match(a, c)], LABELS3, statistic=EMPTY, closest=sure)
    assert [f.claims for f in summary if f.kind == "only"] == [("B1",)]


def test_no_omission_when_the_silent_account_may_say_it_in_other_words(claims_of):
    a, c = one(claims_of, SIGNED, "A"), one(claims_of, SIGNED, "C")
    b = one(claims_of, MET, "B")
    unsure = {("A1", "B"): 0.4, ("C1", "B"): 0.05}
    summary = summarise([a, b, c], [match(a, c)], LABELS3, statistic=EMPTY, closest=unsure)
    assert [f for f in summary if f.kind == "omission"] == []


def genre_with(phrase_text: str, stories: int) -> Genre:
    """A statistic in which ``phrase_text`` recurs in ``stories`` stories of other events."""
    unrelated = [["The weather in Kessel was mild."]] * 20
    return Genre.from_stories([[phrase_text]] * stories + unrelated)


def test_boilerplate_ranks_below_a_one_sided_fact(claims_of):
    statistic = genre_with(BOILERPLATE, BOILERPLATE_UNITS + 2)
    a = one(claims_of, BOILERPLATE, "A")
    b = one(claims_of, FACT, "B")
    assert informativeness(a, statistic) < informativeness(b, statistic)
    summary = summarise([a, b], [], {"A": "Alpha", "B": "Beta"}, statistic=statistic)
    assert [f.claims for f in summary if f.kind == "only"] == [("B1",), ("A1",)]
    # without the statistic, the boilerplate's rare words ("resolutely", "sovereignty",
    # "integrity") would outweigh the fact: the statistic is what ranks it low
    assert informativeness(a, EMPTY) > informativeness(b, EMPTY)


def test_boilerplate_spans_point_at_the_phrase(claims_of):
    statistic = genre_with("safeguard national sovereignty", BOILERPLATE_UNITS)
    claim = one(claims_of, BOILERPLATE, "A")
    spans = boilerplate_spans(claim, statistic)
    assert spans
    texts = {claim.text[s - claim.start : e - claim.start] for s, e in spans}
    assert "safeguard its national sovereignty" in texts
    rare = genre_with("safeguard national sovereignty", BOILERPLATE_UNITS - 1)
    assert boilerplate_spans(claim, rare) == []


def test_the_shipped_statistic_loads_and_keeps_no_text():
    statistic = genre()
    assert statistic.units >= 100  # the PAC stories and our own sets
    assert all(isinstance(key, int) and key < 2**32 for key in list(statistic.counts)[:100])
    assert statistic.stories("white house") >= BOILERPLATE_UNITS
    # the readout genre's formulae, learned from our own readout sets
    for phrase in ("resolutely safeguard", "exchanged view", "common concern"):
        assert statistic.stories(phrase) >= BOILERPLATE_UNITS, phrase


PENTAGON = """Secretary of Defense Lloyd Halloran spoke with Minister of National Defense Zhao Ming.
Secretary Halloran noted that the two militaries have held four rounds of maritime safety talks.
Secretary Halloran proposed establishing a working group on crisis communications.
"""
XINHUA = """Defense Minister Zhao Ming held a video call with Defense Secretary Lloyd Halloran.
Zhao said the Chinese military will resolutely safeguard national sovereignty, security and development interests.
The two sides have held two rounds of maritime safety talks, Zhao said.
The two sides exchanged views on international and regional issues of common concern.
Zhao said the PLA Navy will hold drills near the Penghu islands in August.
"""


def test_a_defence_call_puts_the_conflict_and_the_facts_above_the_boilerplate():
    import readouts
    from readouts.documents import Document

    comparison = readouts.compare(
        [Document(PENTAGON, label="Pentagon"), Document(XINHUA, label="Xinhua")]
    )
    summary = [f for f in comparison.summary if f.kind != "unique_terms"]
    assert summary[0].kind == "conflict" and "four" in summary[0].title
    texts = [comparison.claim(f.claims[0]).text for f in summary if f.kind == "only"]
    rank = {text.split()[-1]: index for index, text in enumerate(texts)}
    facts = [rank["August."], rank["communications."]]
    boilerplate = [rank.get("interests.", len(texts)), rank.get("concern.", len(texts))]
    assert max(facts) < min(boilerplate), texts


def test_conflicts_and_softenings_rank_above_one_sided_statements(claims_of):
    a1 = one(claims_of, "The two sides signed 12 agreements.", "A")
    b1 = one(claims_of, "The two sides signed 9 agreements.", "B")
    a2 = one(claims_of, FACT, "A")
    a2 = replace(a2, id="A2", index=2)
    firm = one(claims_of, "Halloran firmly called on the PRC to immediately stop.", "A")
    soft = one(claims_of, "Halloran hoped the PRC could stop.", "B")
    firm, soft = replace(firm, id="A3", index=3), replace(soft, id="B2", index=2)
    summary = summarise(
        [a1, a2, firm, b1, soft],
        [match(a1, b1), match(firm, soft)],
        {"A": "Alpha", "B": "Beta"},
        statistic=EMPTY,
    )
    kinds = [f.kind for f in summary]
    assert kinds.index("conflict") < kinds.index("only")
    assert kinds.index("softening") < kinds.index("only")
    (softening,) = [f for f in summary if f.kind == "softening"]
    assert softening.claims == ("A3", "B2")
    assert "Beta softens Alpha" in softening.title
    assert {span.text for _, span in softening.spans} >= {"firmly", "hoped", "could"}


def test_a_title_never_reaches_the_summary(claims_of):
    a = replace(one(claims_of, FACT, "A"), title=True)
    b = one(claims_of, ALONE, "B")
    summary = summarise([a, b], [], {"A": "Alpha", "B": "Beta"}, statistic=EMPTY)
    assert all("A1" not in f.claims or f.kind == "unique_terms" for f in summary)
    assert [f.claims for f in summary if f.kind == "only"] == [("B1",)]


def test_the_summary_quotes_the_whole_claim(claims_of):
    text = (
        "Volodin said that the Duma, which has followed the humanitarian situation in the "
        "region since the spring and discussed it at two sessions of its council, stands "
        "ready to help and that we are providing our assistance."
    )
    assert len(text) > 200
    claim = one(claims_of, text, "A")
    summary = summarise([claim], [], {"A": "Alpha", "B": "Beta"}, statistic=EMPTY)
    (only,) = [f for f in summary if f.kind == "only"]
    assert "we are providing our assistance.”" in only.title
    assert "…" not in only.title


@pytest.mark.parametrize("limit", [20, 37, 50, 61, 79])
def test_the_terminal_shortens_a_line_at_a_word_boundary(limit):
    from readouts.render.terminal import _shorten

    title = "Only Beta reports: “Reyes raised the detention of six fishermen held near Lusk.”"
    short = _shorten(title, limit)
    assert len(short) <= limit
    assert short.endswith("…”")
    kept = short[: -len("…”")]
    assert title.startswith(kept)
    assert title[len(kept)] in " ,.;:"
    assert _shorten(title, len(title)) == title


def test_one_contradiction_across_accounts_is_one_finding_naming_each_side(claims_of):
    a = one(claims_of, "The two sides signed 12 agreements.", "A")
    b = one(claims_of, "The two sides signed 9 agreements.", "B")
    c = one(claims_of, "The two sides signed 12 agreements.", "C")
    matches = [match(a, b), match(a, c), match(b, c)]
    assert [m.relation for m in matches] == ["conflict", "equivalent", "conflict"]
    summary = summarise([a, b, c], matches, LABELS3, statistic=EMPTY)
    (conflict,) = [f for f in summary if f.kind == "conflict"]
    assert conflict.claims == ("A1", "B1", "C1")
    assert "Alpha and Gamma say “12”; Beta says “9”" in conflict.title
    assert {(cid, span.text) for cid, span in conflict.spans} == {
        ("A1", "12"),
        ("B1", "9"),
        ("C1", "12"),
    }


def test_one_softer_account_against_several_firm_ones_is_one_finding(claims_of):
    firm = "Halloran firmly called on the PRC to immediately stop."
    a, c = one(claims_of, firm, "A"), one(claims_of, firm, "C")
    b = one(claims_of, "Halloran hoped the PRC could stop.", "B")
    summary = summarise([a, b, c], [match(a, b), match(a, c), match(b, c)], LABELS3, statistic=EMPTY)
    (softening,) = [f for f in summary if f.kind == "softening"]
    assert softening.title.startswith("Beta softens Alpha and Gamma (“hoped”, “could” against ")
    assert softening.claims[1] == "B1"


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_content_words_of_any_text_point_into_it(text):
    from readouts.summary import content_words, phrases

    words = content_words(text)
    for word, start, end in words:
        assert 0 <= start < end <= len(text)
        assert text[start:end].lower().replace("’", "'").startswith(word[:1])
    for first, last, gram in phrases([word for word, _, _ in words]):
        assert 0 <= first < last < len(words) and gram.count(" ") == last - first


def test_a_title_gives_no_unique_terms(claims_of):
    a = replace(one(claims_of, "Halloran lands in Penghu", "A"), title=True)
    b = one(claims_of, MET, "B")
    summary = summarise([a, b], [], {"A": "Alpha", "B": "Beta"}, statistic=EMPTY)
    assert [f.doc for f in summary if f.kind == "unique_terms"] == ["B"]
