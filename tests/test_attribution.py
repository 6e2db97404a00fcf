"""readouts.attribution: speaker, source and cue of each claim, on the real pipeline."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readouts.attribution.sentences import DocumentSpeakers, quote_regions

# (text, claim position, speaker, via, source text, cue text)
ATTRIBUTED = [
    (
        "Tomas Reyes arrived in Kessel on Monday. "
        "Minister Reyes stressed that the talks were useful.",
        1,
        "Tomas Reyes",
        (),
        "Minister Reyes",
        "stressed",
    ),
    (
        "According to Xinhua, Li said China supports the plan.",
        0,
        "Li",
        ("Xinhua",),
        "Li",
        "said",
    ),
    ("According to Xinhua, the talks were useful.", 0, "Xinhua", (), "Xinhua", "According to"),
    ("The talks were useful, Li Zhanshu said.", 0, "Li Zhanshu", (), "Li Zhanshu", "said"),
    (
        "Li Zhanshu was quoted as saying the talks were useful.",
        0,
        "Li Zhanshu",
        (),
        "Li Zhanshu",
        "was quoted as saying",
    ),
    (
        "Volodin told reporters that the talks were useful.",
        0,
        "Volodin",
        (),
        "Volodin",
        "told",
    ),
    (
        "Maria Lopez said trade grew. She added that the talks were useful.",
        1,
        "Maria Lopez",
        (),
        "She",
        "added",
    ),
    (
        "Li Zhanshu said trade grew. He added that the talks were useful.",
        1,
        "Li Zhanshu",
        (),
        "He",
        "added",
    ),
    (
        "The Chinese side stressed that trade is growing.",
        0,
        "Chinese side",
        (),
        "The Chinese side",
        "stressed",
    ),
]


@pytest.mark.parametrize(("text", "position", "speaker", "via", "source", "cue"), ATTRIBUTED)
def test_speaker_source_and_cue(claims_of, text, position, speaker, via, source, cue):
    claim = claims_of(text)[position]
    assert claim.speaker == speaker
    assert claim.via == via
    assert claim.source is not None and claim.cue is not None
    assert claim.source.text == source
    assert claim.cue.text == cue
    # Both spans are exact slices of the document text.
    assert text[claim.source.start : claim.source.end] == source
    assert text[claim.cue.start : claim.cue.end] == cue


QUOTED = [
    # (text, positions of the quoted claims, speaker): a quotation attributed where it
    # closes gives its speaker to every sentence inside it.
    (
        "Li Zhanshu said relations were strong. "
        "“Trade is growing. Investment is rising,” he added.",
        (1, 2),
        "Li Zhanshu",
    ),
    (
        'Li Zhanshu said relations were strong. "Trade is growing. Investment is rising," he added.',
        (1, 2),
        "Li Zhanshu",
    ),
    ("“Trade is growing. Investment is rising,” Li Zhanshu said.", (0, 1), "Li Zhanshu"),
    pytest.param(
        "Tomas Reyes spoke in Kessel. “The talks were useful. We will meet again,” he said.",
        (1, 2),
        "Tomas Reyes",
        id="pronoun-after-non-reporting-sentence",
    ),
]


@pytest.mark.parametrize(("text", "positions", "speaker"), QUOTED)
def test_sentences_inside_a_quotation_share_its_speaker(claims_of, text, positions, speaker):
    claims = claims_of(text)
    assert len(claims) == max(positions) + 1
    assert [claims[i].speaker for i in positions] == [speaker] * len(positions)
    # The inherited attribution points at the same source and cue words.
    sources = {(claims[i].source, claims[i].cue) for i in positions}
    assert len(sources) == 1


@pytest.mark.parametrize(
    "text",
    [
        "Xi is expected to win the election.",
        "It is expected that prices will rise.",
        "The plan is widely expected to fail.",
        "The weather was cold in Moscow.",
        "Li Zhanshu met Volodin in Moscow.",
        "She said the talks were useful.",  # no one to resolve the pronoun to
    ],
)
def test_no_speaker(claims_of, text):
    (claim,) = claims_of(text)
    assert claim.speaker is None
    assert claim.source is None
    assert claim.cue is None
    assert claim.via == ()


def test_coordinated_reporting_verb_shares_the_subject(claims_of):
    text = "Tomas Reyes arrived. Reyes raised the detention of six fishermen and called for their release."
    claim = claims_of(text)[1]
    assert claim.speaker == "Tomas Reyes"
    assert claim.source is not None and claim.source.text == "Reyes"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a “b” c", [(2, 5)]),
        ('a "b" c "d"', [(2, 5), (8, 11)]),
        ("«b» and „c”", [(0, 3), (8, 11)]),
        ("“open and never closed", []),
        ("“open\n\nclosed” later", []),
        ("“one\nline” ok", [(0, 10)]),
        ("no quotes at all", []),
    ],
)
def test_quote_regions(text, expected):
    regions = quote_regions(text)
    assert regions == expected
    for start, end in regions:
        assert text[start] in '“«„"' and text[end - 1] in '”»"'


@pytest.mark.parametrize(
    ("names_text", "short", "expected"),
    [
        ("Li Zhanshu met Volodin.", "Li", "Li Zhanshu"),
        ("Li Zhanshu met Volodin.", "Zhanshu", "Li Zhanshu"),
        ("Foreign Minister Tomas Reyes met Li.", "Reyes", "Tomas Reyes"),
        ("Li Zhanshu met Volodin.", "Putin", "Putin"),
        ("Li Zhanshu met Volodin.", "Zhan", "Zhan"),
    ],
)
def test_short_names_resolve_to_the_fullest_name(parsed, names_text, short, expected):
    assert DocumentSpeakers(parsed(names_text)).canonical(short) == expected


@pytest.fixture(scope="session")
def attributions_of(parsed):
    from readouts.attribution import extract

    return lambda text: extract(parsed(text))


def test_byline_dash_names_the_author_of_the_quotation(attributions_of):
    text = "“He represents our greatest shame.” ― Sonya Herridge\n“Vote.” ― Ana Ruiz"
    found = attributions_of(text)
    assert [(a.cue.text, a.source.text, a.speaker) for a in found] == [
        ("―", "Sonya Herridge", "Sonya Herridge"),
        ("―", "Ana Ruiz", "Ana Ruiz"),
    ]
    assert [[c.text for c in a.content] for a in found] == [
        ["He represents our greatest shame"],
        ["Vote"],
    ]
    assert all(a.kind == "direct" for a in found)


def test_byline_after_a_quoted_line_whose_marks_do_not_pair(attributions_of):
    # Opened with a closing mark, and a quoted word inside: the marks do not pair up into
    # one quotation, but the whole line is quoted and the dash names its author.
    text = "”Mr. Trump is our shame.” ― Sonya Herridge\n“He called it “hell” and left.” ― Ana Ruiz"
    found = [a for a in attributions_of(text) if a.cue and a.cue.text == "―"]
    assert [(a.source.text, [c.text for c in a.content]) for a in found] == [
        ("Sonya Herridge", ["Mr. Trump is our shame"]),
        ("Ana Ruiz", ["He called it “hell” and left"]),
    ]
    assert all(span.text == text[span.start : span.end] for a in found for span in a.content)


@pytest.mark.parametrize(
    "text",
    [
        "The choice ― Sonya Herridge and her sister ran it for years.",  # no quotation
        "“Vote.” ― said by someone at the back of a long and noisy hall.",  # no name
    ],
)
def test_no_byline_without_a_quotation_and_a_name(attributions_of, text):
    assert not [a for a in attributions_of(text) if a.cue and a.cue.text == "―"]


def test_speaker_label_opens_a_transcript_line(attributions_of):
    text = "WALLACE: Let us start with the debate.\nPENCE: Gennifer Flowers will not attend."
    found = [a for a in attributions_of(text) if a.cue and a.cue.text == ":"]
    assert [(a.source.text, [c.text for c in a.content]) for a in found] == [
        ("WALLACE", ["Let us start with the debate"]),
        ("PENCE", ["Gennifer Flowers will not attend"]),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Correction: An earlier version of this article misstated the date.",
        "The Latest: Trump urges supporters to monitor polling places.",
        "Stealth Over Health: The council failed again.",
    ],
)
def test_layout_labels_are_not_speakers(attributions_of, text):
    assert not [a for a in attributions_of(text) if a.cue and a.cue.text == ":"]


def test_according_to_keeps_its_cue_when_no_one_speaks_inside(attributions_of):
    found = attributions_of(
        "Clinton beats Trump by 46 percent to 42 percent, according to the poll."
    )
    assert [(a.cue.text, a.source.text) for a in found] == [("according to", "the poll")]


# --- property: layout-heavy text (quotes, dashes, colons, labels) never breaks extraction ---

PIECES = [
    "“We will win.”",
    '"Soon," he said',
    " ― Sonya Herridge",
    "—",
    "―\xa0",
    "PENCE:",
    "Correction:",
    "Li Zhanshu said that",
    "according to Xinhua,",
    "the talks were useful",
    ":",
    "\n",
    "\n\n",
    " ",
    "“",
    "”",
    "Ana Ruiz",
    ".",
    "BEIJING, Sept. 9 (Xinhua) --",
    "MOSCOW (Reuters) -",
    "HAINAN PROVINCE, China:",
    "It added that",
]


@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(parts=st.lists(st.sampled_from(PIECES), min_size=1, max_size=14))
def test_spans_are_exact_on_layout_heavy_text(nlp, parts):
    from readouts.attribution import extract

    text = " ".join(parts)
    for found in extract(nlp(text)):
        roles = [found.cue, found.source, *found.content]
        for span in (role for role in roles if role is not None):
            assert 0 <= span.start < span.end <= len(text)
            assert text[span.start : span.end] == span.text
        assert found.kind in ("direct", "indirect", "mixed")


def test_a_quotation_in_the_next_paragraph_is_not_resumed(attributions_of):
    text = (
        "“We are providing our assistance,” Li was quoted as saying.\n\n"
        "“Russia made an important choice,” he added."
    )
    found = attributions_of(text)
    assert [[c.text for c in a.content] for a in found] == [
        ["We are providing our assistance"],
        ["Russia made an important choice"],
    ]


def test_a_quotation_resumed_after_its_cue_on_the_same_line(attributions_of):
    (found,) = attributions_of("“Here comes Big Daddy,” he said, “The Donald.”")
    assert [c.text for c in found.content] == ["Here comes Big Daddy", "The Donald"]


def test_a_quoted_word_earlier_in_the_clause_is_not_the_statement(attributions_of):
    text = (
        "Chinese officials have not endorsed the “necessity” of the invasion, "
        "or admitted that Beijing was providing assistance."
    )
    admitted = [a for a in attributions_of(text) if a.cue.text == "admitted"]
    assert [[c.text for c in a.content] for a in admitted] == [
        ["that Beijing was providing assistance"]
    ]


def test_a_passive_cue_with_its_own_subject_borrows_no_source(attributions_of):
    text = (
        "Russia's setbacks could create a dilemma for China, just weeks before Xi is "
        "widely expected to secure a third term in power."
    )
    expected = [a for a in attributions_of(text) if "expected" in a.cue.text]
    assert expected and all(a.source is None and a.speaker is None for a in expected)


@pytest.mark.parametrize(
    ("text", "source", "speaker"),
    [
        (
            "BEIJING, Sept. 9 (Xinhua) -- Chinese President Xi Jinping said on Friday that "
            "China is ready to work with Russia.",
            "Chinese President Xi Jinping",
            "Xi Jinping",
        ),
        (
            "MOSCOW (Reuters) - Russian Foreign Minister Sergei Lavrov said on Tuesday that "
            "talks had stalled.",
            "Russian Foreign Minister Sergei Lavrov",
            "Sergei Lavrov",
        ),
        (
            "HAINAN PROVINCE, China: Singapore Prime Minister Goh Chok Tong said China plays "
            "an important role in the integration of Asia.",
            "Singapore Prime Minister Goh Chok Tong",
            "Goh Chok Tong",
        ),
    ],
)
def test_a_dateline_is_neither_source_nor_speaker(attributions_of, text, source, speaker):
    found = attributions_of(text)
    assert [(a.cue.text, a.source.text, a.speaker) for a in found] == [("said", source, speaker)]
    assert text[found[0].source.start : found[0].source.end] == source


def test_it_is_the_last_body_that_spoke(attributions_of):
    text = "The ministry said the talks were useful. It added that more meetings would follow."
    assert [a.speaker for a in attributions_of(text)] == ["ministry", "ministry"]


def test_an_expletive_it_is_nobody(attributions_of):
    text = "The ministry said the talks were useful. It is said that more meetings will follow."
    found = attributions_of(text)
    assert [(a.cue.text, a.speaker) for a in found] == [("said", "ministry"), ("It is said", None)]


def test_a_wire_readout(attributions_of):
    text = (
        "BEIJING, Feb. 24 (Xinhua) -- Chinese President Xi Jinping held talks with Russian "
        "President Vladimir Putin via video link on Thursday.\n\n"
        "Xi pointed out that China and Russia should strengthen strategic coordination. He "
        "stressed that the two sides must firmly oppose unilateral sanctions.\n\n"
        "According to the Kremlin, Putin told Xi that Western sanctions were illegitimate. "
        "The Chinese foreign ministry said in a statement that the talks were candid. It "
        "added that both leaders agreed to meet again."
    )
    assert [(a.cue.text, a.speaker, a.via) for a in attributions_of(text)] == [
        ("pointed out", "Xi Jinping", ()),
        ("stressed", "Xi Jinping", ()),
        ("told", "Vladimir Putin", ("Kremlin",)),
        ("said in a statement", "Chinese foreign ministry", ()),
        ("added", "Chinese foreign ministry", ()),
    ]


def test_a_joint_statement_names_everyone(attributions_of):
    text = (
        "Chinese President Xi Jinping met Russian President Vladimir Putin. Xi and Putin "
        "agreed that the two countries would deepen cooperation. It was their first meeting."
    )
    (found,) = attributions_of(text)
    assert (found.source.text, found.speaker) == ("Xi and Putin", "Xi Jinping and Vladimir Putin")


@pytest.mark.parametrize(
    ("text", "speakers"),
    [
        (
            "Chinese President Xi Jinping met Russian President Vladimir Putin. Xi and Putin "
            "agreed that the two countries would deepen cooperation. They also said that "
            "trade would grow.",
            ["Xi Jinping and Vladimir Putin", "Xi Jinping and Vladimir Putin"],
        ),
        (
            "Chinese officials said the visit was a success. They added that more talks "
            "would follow.",
            ["Chinese officials", "Chinese officials"],
        ),
        ("They said the plan would fail.", [None]),  # nobody spoke before
    ],
)
def test_they_is_the_last_group_that_spoke(attributions_of, text, speakers):
    assert [a.speaker for a in attributions_of(text)] == speakers
