"""readouts.claims: claim units, exact offsets, number terms and markers (real pipeline)."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readouts.claims import Claim, Marker, extract_claims
from readouts.spans import Span


def assert_exact(text: str, claims: list[Claim]) -> None:
    """Every offset a claim carries indexes ``text`` exactly."""
    for claim in claims:
        assert claim.text == text[claim.start : claim.end]
        assert claim.text == claim.text.strip(" \t\r\n\f\v")
        for term in claim.terms:
            assert term.text == text[term.start : term.end], term
            assert claim.start <= term.start < term.end <= claim.end
        for marker in claim.markers:
            span = marker.span
            assert span.text == text[span.start : span.end], marker
            assert claim.start <= span.start < span.end <= claim.end
        for span in (claim.source, claim.cue):
            if span is not None:
                assert span.text == text[span.start : span.end]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Li met Volodin. They discussed trade.", ["Li met Volodin.", "They discussed trade."]),
        # Headline and byline lines are claims of their own.
        (
            "Ministers Meet In Kessel\nTalks Focus On Trade\nThe ministers met on Monday.",
            ["Ministers Meet In Kessel", "Talks Focus On Trade", "The ministers met on Monday."],
        ),
        (
            "Minister Reyes holds talks in Kessel\n\nThe two sides signed 9 agreements.",
            ["Minister Reyes holds talks in Kessel", "The two sides signed 9 agreements."],
        ),
        (
            "Ministers meet in Kessel\r\nThe ministers met on Monday.",
            ["Ministers meet in Kessel", "The ministers met on Monday."],
        ),
        # A line break before a lower-case word is hard-wrapped prose: one claim.
        (
            "The ministers discussed trade\nand energy in Kessel on Monday.",
            ["The ministers discussed trade\nand energy in Kessel on Monday."],
        ),
        # Fragments of fewer than two words are not claims.
        ("Kessel.\n\nThe ministers met on Monday.", ["The ministers met on Monday."]),
        # Surrounding whitespace is trimmed from the claim, offsets still index the text.
        (
            "  The ministers met.  \r\n\r\nThey talked about trade.\r\n",
            ["The ministers met.", "They talked about trade."],
        ),
    ],
)
def test_claim_units_and_offsets(claims_of, text, expected):
    claims = claims_of(text)
    assert [claim.text for claim in claims] == expected
    assert_exact(text, claims)


def test_claim_ids_count_from_one_per_document(claims_of):
    text = "Li met Volodin. They discussed trade. They agreed to meet again."
    claims = claims_of(text, "C")
    assert [(c.id, c.doc, c.index) for c in claims] == [
        ("C1", "C", 1),
        ("C2", "C", 2),
        ("C3", "C", 3),
    ]


def test_claim_to_dict(claims_of):
    text = "According to Xinhua, Li said China signed 12 agreements."
    (claim,) = claims_of(text)
    data = claim.to_dict()
    assert list(data) == [
        "id",
        "doc",
        "start",
        "end",
        "text",
        "speaker",
        "source",
        "cue",
        "via",
        "terms",
        "repeats",
        "content",
    ]
    assert data["text"] == text[data["start"] : data["end"]]
    assert data["content"] == [{"start": 29, "end": 55, "text": "China signed 12 agreements"}]
    assert data["speaker"] == "Li"
    assert data["via"] == ["Xinhua"]
    assert data["source"] == {"start": 21, "end": 23, "text": "Li"}
    assert data["cue"] == {"start": 24, "end": 28, "text": "said"}
    numbers = [term for term in data["terms"] if term["kind"] == "number"]
    assert numbers == [
        {
            "kind": "number",
            "text": "12",
            "start": 42,
            "end": 44,
            "label": "CARDINAL",
            "value": 12.0,
            "unit": "agreement",
        }
    ]


@pytest.mark.parametrize(
    ("text", "number", "value", "unit"),
    [
        ("The two sides signed 12 agreements on energy.", "12", 12, "agreement"),
        ("The two sides signed 9 agreements on energy.", "9", 9, "agreement"),
        ("They signed twelve agreements on energy.", "twelve", 12, "agreement"),
        ("The sides signed nine agreements.", "nine", 9, "agreement"),
        ("The road is 40 kilometers long.", "40 kilometers", 40, "kilometer"),
        ("Trade grew by 20% last year.", "20%", 20, "percent"),
        ("China pledged $2.5 billion in aid.", "$2.5 billion", 2.5e9, "money:usd"),
        ("The EU pledged €450m in aid.", "450m", 4.5e8, "money:eur"),
        ("The council cut the ceiling by about 700.", "about 700", 700, "change"),
        ("Estmark welcomes resolution 2817.", "2817", 2817, "resolution no."),
        ("Tens of thousands of people marched.", "Tens of thousands", 1e4, "people"),
        (
            "The pipeline will carry 5 billion cubic meters of gas.",
            "5 billion cubic meters",
            5e9,
            "meter",
        ),
    ],
)
def test_numbers_with_units(claims_of, text, number, value, unit):
    (claim,) = claims_of(text)
    numbers = {term.text: term for term in claim.terms if term.kind == "number"}
    assert number in numbers, numbers
    term = numbers[number]
    assert term.value == pytest.approx(value)
    assert term.unit == unit
    assert term.key == f"#{unit}:{term.value:g}"
    assert text[term.start : term.end] == number
    assert_exact(text, [claim])


@pytest.mark.parametrize(
    ("text", "entity", "label"),
    [
        ("According to Xinhua, Li said China supports the plan.", "China", "GPE"),
        ("Li Zhanshu met Volodin in Moscow.", "Moscow", "GPE"),
        ("Li Zhanshu met Volodin in Moscow.", "Li Zhanshu", "PERSON"),
    ],
)
def test_entities(claims_of, text, entity, label):
    (claim,) = claims_of(text)
    entities = {(t.text, t.label) for t in claim.terms if t.kind == "entity"}
    assert (entity, label) in entities


def test_reporting_verbs_are_not_content_terms(claims_of):
    (claim,) = claims_of("Li Zhanshu said relations were strong.")
    assert "say" not in {term.key for term in claim.terms}
    assert "relation" in {term.key for term in claim.terms}


# (text, kind, lemma the marker is about, marker text)
MARKERS = [
    ("China does not support the plan.", "negation", "support", "not"),
    ("The sides did not sign the treaty.", "negation", "sign", "not"),
    ("Russia will never accept the plan.", "negation", "accept", "never"),
    ("China refused to sign the treaty.", "negation", "sign", "refused"),
    ("China supports the plan.", "support", "support", "supports"),
    ("Estmark welcomes the initiative.", "support", "welcome", "welcomes"),
    ("Estmark firmly rejects the claim.", "oppose", "reject", "rejects"),
    ("Russia condemns the sanctions.", "oppose", "condemn", "condemns"),
    ("Estmark firmly rejects the claim.", "strong", "firmly", "firmly"),
    ("Estmark fully supports the plan.", "strong", "fully", "fully"),
    ("The sides might possibly cooperate.", "hedge", "might", "might"),
    ("The sides might possibly cooperate.", "hedge", "possibly", "possibly"),
    ("The plan is partly funded.", "hedge", "partly", "partly"),
    ("They hope the plan can work.", "hedge", "hope", "hope"),
    pytest.param(
        "Estmark hopes the plan can work.",
        "hedge",
        "hope",
        "hopes",
        id="hopes-is-a-hedge",
    ),
]


@pytest.mark.parametrize(("text", "kind", "lemma", "word"), MARKERS)
def test_markers(claims_of, text, kind, lemma, word):
    (claim,) = claims_of(text)
    found = {(m.kind, m.lemma, m.span.text) for m in claim.markers}
    assert (kind, lemma, word) in found, found
    assert_exact(text, [claim])


@pytest.mark.parametrize(
    "text",
    ["China supports the plan.", "The ministers met on Monday.", "Trade is growing."],
)
def test_plain_sentences_have_no_negation(claims_of, text):
    (claim,) = claims_of(text)
    assert claim.markers_of("negation") == ()


def test_negation_scope_covers_the_object(claims_of):
    (claim,) = claims_of("China does not support the plan.")
    (negation,) = claim.markers_of("negation")
    assert {"support", "plan"} <= negation.scope


def test_marker_to_dict():
    marker = Marker("hedge", "may", Span(3, 6, "may"), frozenset({"x"}))
    assert marker.to_dict() == {
        "kind": "hedge",
        "lemma": "may",
        "start": 3,
        "end": 6,
        "text": "may",
    }


def test_markers_of_filters_by_kind(claims_of):
    (claim,) = claims_of("Estmark firmly rejects the claim.")
    assert [m.kind for m in claim.markers_of("oppose")] == ["oppose"]
    assert [m.kind for m in claim.markers_of("strong", "oppose")] == ["strong", "oppose"]
    assert claim.markers_of("hedge") == ()


# --- property: offsets are exact for any sentence built from a small vocabulary -----------

SUBJECTS = ["Li Zhanshu", "Minister Reyes", "The two sides", "China", "He", "Officials"]
VERBS = ["said", "signed", "does not support", "firmly rejects", "may welcome", "stressed that"]
OBJECTS = [
    "the plan",
    "12 agreements",
    "$2.5 billion in aid",
    "the blockade of Lusk",
    "nine pipelines",
    "20% more trade",
]
PUNCTUATION = [".", ".", "!", ","]
GLUE = [" ", "  ", "\n", "\n\n", "\r\n", " “", "” "]

sentence = st.builds(
    lambda s, v, o, p: f"{s} {v} {o}{p}",
    st.sampled_from(SUBJECTS),
    st.sampled_from(VERBS),
    st.sampled_from(OBJECTS),
    st.sampled_from(PUNCTUATION),
)
documents = st.builds(
    lambda parts, glue, head: head + "".join(p + g for p, g in zip(parts, glue)),
    st.lists(sentence, min_size=1, max_size=4),
    st.lists(st.sampled_from(GLUE), min_size=4, max_size=4),
    st.sampled_from(["", " ", "\ufeff", "“", "Headline Here\n", "BEIJING, Sept. 9 (Xinhua) -- "]),
)


@settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(text=documents)
def test_every_offset_is_exact(nlp, text):
    claims = extract_claims("A", nlp(text))
    assert claims
    assert_exact(text, claims)
    assert [c.index for c in claims] == list(range(1, len(claims) + 1))
    starts = [c.start for c in claims]
    assert starts == sorted(starts)
    assert all(a.end <= b.start for a, b in itertools.pairwise(claims))


# (sentence, expected claims as (text, speaker))
SPLITS = [
    (
        "Xi said the talks were useful, while Putin stressed that sanctions must end.",
        [
            ("Xi said the talks were useful", "Xi"),
            ("while Putin stressed that sanctions must end.", "Putin"),
        ],
    ),
    (
        "Reyes raised the detention of fishermen and called for their release.",
        [("Reyes raised the detention of fishermen and called for their release.", "Reyes")],
    ),
    (
        "According to Xinhua, Li said China supports Russia.",
        [("According to Xinhua, Li said China supports Russia.", "Li")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), SPLITS)
def test_two_attributed_statements_become_two_claims(claims_of, text, expected):
    claims = claims_of(text)
    assert [(claim.text, claim.speaker) for claim in claims] == expected
    assert_exact(text, claims)


@pytest.mark.parametrize(
    "text",
    [
        "Mr. Weingarten said that he expected Mr. Ebbers to be exonerated at trial.",
        'Sen. Ron Wyden said the "idea is ridiculous and grotesque," WBAL reported.',
    ],
)
def test_one_statement_reported_twice_stays_one_claim(claims_of, text):
    assert [claim.text for claim in claims_of(text)] == [text]


def test_a_dateline_is_not_part_of_the_claim(claims_of):
    text = (
        "BEIJING, Sept. 9 (Xinhua) -- Chinese President Xi Jinping said on Friday that China "
        "is ready to work with Russia."
    )
    (claim,) = claims_of(text)
    assert claim.text.startswith("Chinese President Xi Jinping said")
    assert text[claim.start : claim.end] == claim.text
    assert claim.speaker == "Xi Jinping"
    assert not [t for t in claim.terms if t.text in ("BEIJING", "Xinhua", "Sept. 9")]


# --- whole sentences and what was said (issue 10, item 8) -------------------------------


def assert_content_inside(text: str, claims: list[Claim]) -> None:
    for claim in claims:
        for span in claim.content:
            assert span.text == text[span.start : span.end]
            assert claim.start <= span.start < span.end <= claim.end
        assert list(claim.content) == sorted(claim.content)


@pytest.mark.parametrize(
    ("text", "expected", "content"),
    [
        # The parser ends the sentence at the quotation's full stop: the reporting clause
        # joins it, so the quotation keeps its speaker and its closing quotation mark.
        (
            "“We will not back down.” Li said. The talks ended.",
            "“We will not back down.” Li said.",
            ["We will not back down."],
        ),
        (
            "“China understands Russia’s position.” Volodin said, adding that Li had agreed.",
            "“China understands Russia’s position.” Volodin said, adding that Li had agreed.",
            None,
        ),
        (
            "“We are providing our assistance,” Volodin said, adding that Russia values "
            "the partnership.",
            "“We are providing our assistance,” Volodin said, adding that Russia values "
            "the partnership.",
            ["We are providing our assistance", "that Russia values the partnership"],
        ),
        (
            "Volodin said: “We are providing our assistance.” Li agreed.",
            "Volodin said: “We are providing our assistance.”",
            ["We are providing our assistance"],
        ),
    ],
)
def test_claim_is_the_whole_sentence_with_its_reporting_verb(claims_of, text, expected, content):
    claims = claims_of(text)
    assert_exact(text, claims)
    assert_content_inside(text, claims)
    claim = claims[0]
    assert claim.text == expected
    assert claim.speaker in ("Li", "Volodin")
    if content is not None:
        assert [span.text for span in claim.content] == content
    # The reporting verb is in the text but not among the terms compared.
    assert not any(term.key in ("say", "add") for term in claim.terms)


def test_each_statement_of_a_split_sentence_keeps_its_reporting_clause(claims_of):
    text = "Li said China supports Russia, while Volodin stressed that sanctions must end."
    first, second = claims_of(text)
    assert_exact(text, [first, second])
    assert_content_inside(text, [first, second])
    assert first.text == "Li said China supports Russia" and first.speaker == "Li"
    assert [span.text for span in first.content] == ["China supports Russia"]
    assert second.text == "while Volodin stressed that sanctions must end."
    assert [span.text for span in second.content] == ["that sanctions must end"]


def test_claim_of_an_action_has_no_content(claims_of):
    (claim,) = claims_of("Reyes met Varga in Kessel on Monday.")
    assert claim.content == ()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.sampled_from(
            [
                "“We will not back down.”",
                "Li said.",
                "Volodin said, adding that talks went well.",
                "BEIJING, Sept. 9 (Xinhua) -- Xi met Putin.",
                "Xi meets Putin\n",
                "“It is good,” he said, while Li stressed that trade grew.",
                "By John Smith\n\n",
                "September 9, 2026\n",
                "The ministers met.",
            ]
        ),
        min_size=1,
        max_size=6,
    )
)
def test_content_and_text_index_the_document(parsed, pieces):
    from readouts.documents import title_span

    text = "\n".join(pieces)
    claims = extract_claims("A", parsed(text), title_span(text))
    assert_exact(text, claims)
    assert_content_inside(text, claims)
    assert all("(Xinhua) --" not in claim.text for claim in claims)
