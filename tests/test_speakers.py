"""Speakers of statements, not of actions (issue 10, item 5).

A claim has a speaker only when someone says, believes or is reported; groups that refer
back to a meeting's participants resolve to the people the document names, never to the
common noun; a negated report is no statement; the same statement given to two named
people is a speaker conflict whatever the NER model makes of the names; and a channel
that reports ("the Pentagon said", "according to the Chinese defence ministry") is a
version that ``compare --within`` sets against another channel's.
"""

from __future__ import annotations

import pytest

import readouts
from readouts import Document, UsageError
from readouts.attribution.sentences import clean_name
from readouts.claims import Claim
from readouts.pipeline import compare_within, split
from readouts.relations import relate
from readouts.spans import Span

MEETING = (
    "Foreign Minister Ilona Varga received Estmark's Foreign Minister Tomas Reyes in Kessel "
    "on 14 March for talks on trade.\n\n"
)
COMMON_NOUNS = {
    "sides",
    "two sides",
    "parties",
    "ministers",
    "two ministers",
    "both ministries",
    "ministries",
    "two leaders",
    "leaders",
}


def speakers(claims_of, text: str) -> list[str | None]:
    return [claim.speaker for claim in claims_of(text)]


# --- actions are no statements; groups are the participants or no one ---------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "The two sides signed 9 agreements on energy and transport.",
        "The two ministers signed 12 agreements on energy and transport.",
        "The parties signed a memorandum on fisheries.",
        # Agreeing to do something is a decision, not a statement (benchmarks/gold).
        "The ministers agreed to meet again in Tamsk in the autumn.",
        "Reyes agreed to send 40 engineers to the border.",
        # A sum pledged is a gift.
        "Estmark pledged 40 million euros for the new bridge.",
    ],
)
def test_an_action_has_no_speaker(claims_of, sentence):
    claims = claims_of(MEETING + sentence)
    assert claims[-1].speaker is None
    assert claims[-1].source is None and claims[-1].cue is None


@pytest.mark.parametrize(
    "sentence",
    [
        "The two sides agreed that trade should grow.",
        "Both sides stressed that the dispute must be settled peacefully.",
        "The two ministers said in a joint statement that the border would stay open.",
    ],
)
def test_a_group_of_participants_is_the_people_the_document_names(claims_of, sentence):
    speaker = claims_of(MEETING + sentence)[-1].speaker
    assert speaker is not None
    assert set(speaker.split(" and ")) == {"Ilona Varga", "Tomas Reyes"}


@pytest.mark.parametrize(
    "text",
    [
        "The two sides agreed that they would meet again in the autumn.",  # no one named
        MEETING + "Both ministries said the talks were useful.",  # bodies, not people
        # Three titled people: which two are "the two sides" is not known.
        MEETING + "Deputy Minister Ana Ruiz joined them. The two sides said the talks went well.",
    ],
)
def test_a_group_no_one_can_be_resolved_to_is_no_speaker(claims_of, text):
    speaker = claims_of(text)[-1].speaker
    assert speaker is None


def test_the_demo_names_no_common_noun_as_a_speaker(demo_comparison):
    names = {claim.speaker for claim in demo_comparison.claims if claim.speaker}
    assert not {name.lower() for name in names} & COMMON_NOUNS
    assert {"Tomas Reyes", "Ilona Varga"} <= names
    agreed = [c for c in demo_comparison.claims if "agreed to meet again" in c.text]
    assert len(agreed) == 2 and all(c.speaker is None for c in agreed)
    signed = [c for c in demo_comparison.claims if "signed" in c.text]
    assert signed and all(c.speaker is None for c in signed)


# --- a negated report is no statement -------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "In the Chinese version, Li is not quoted as making any reference to Ukraine at all.",
        "Volodin did not say whether Russia would send more troops.",
        "Lavrov never said that the talks had failed.",
        "A Kremlin spokesman declined to comment on the talks.",
        "Peskov has not commented on the report.",
        "Volodin would not say whether the talks would resume.",
    ],
)
def test_a_negated_report_is_no_statement(claims_of, sentence):
    text = "Li Zhanshu met Vyacheslav Volodin in Moscow on Friday.\n\n" + sentence
    claim = claims_of(text)[-1]
    assert claim.speaker is None


def test_a_report_stays_a_report_when_its_content_is_negative(claims_of):
    claim = claims_of("Li Zhanshu said that China did not support the sanctions.")[0]
    assert claim.speaker == "Li Zhanshu"


# --- speaker conflicts: titles and surnames, with or without the NER model ------------------


def _claim(cid: str, text: str, source: str, speaker: str, via: tuple[str, ...] = ()) -> Claim:
    """A claim with no entity terms at all: what a claim looks like when the NER model
    tagged none of its names."""
    start = text.index(source)
    words = tuple(word.strip(".").lower() for word in text.split())
    return Claim(
        id=cid,
        doc=cid[0],
        index=1,
        start=0,
        end=len(text),
        text=text,
        speaker=speaker,
        source=Span(start, start + len(source), source),
        cue=None,
        via=via,
        lemmas=words,
        words=words,
        keys=frozenset(words),
    )


def _speaker_kinds(left: Claim, right: Claim) -> list[str]:
    match = relate(left, [right], 0.95, equivalent_threshold=0.5)
    return [conflict.kind for conflict in match.conflicts if conflict.kind == "speaker"]


@pytest.mark.parametrize(
    ("left", "right"),
    [
        (("Secretary Halloran proposed a working group.", "Secretary Halloran", "Mark Halloran"),
         ("Zhao proposed a working group.", "Zhao", "Zhao Lin")),
        (("Minister Reyes proposed a working group.", "Minister Reyes", "Reyes"),
         ("Minister Varga proposed a working group.", "Minister Varga", "Varga")),
        (("Defense Minister Zhao Lin proposed a working group.", "Defense Minister Zhao Lin",
          "Zhao Lin"),
         ("Secretary Halloran proposed a working group.", "Secretary Halloran", "Halloran")),
    ],
)
def test_different_named_people_conflict_without_entities(left, right):
    assert _speaker_kinds(_claim("A1", *left), _claim("B1", *right)) == ["speaker"]


@pytest.mark.parametrize(
    ("left", "right"),
    [
        # The same person by two forms of the name.
        (("Zhao proposed a working group.", "Zhao", "Zhao Lin"),
         ("Defense Minister Zhao Lin proposed a working group.", "Defense Minister Zhao Lin",
          "Zhao Lin")),
        # "the minister" resolved to a minister, a pronoun, unnamed officials.
        (("The minister proposed a working group.", "The minister", "Tomas Reyes"),
         ("Minister Varga proposed a working group.", "Minister Varga", "Ilona Varga")),
        (("He proposed a working group.", "He", "Mark Halloran"),
         ("Zhao proposed a working group.", "Zhao", "Zhao Lin")),
        (("Officials proposed a working group.", "Officials", "Officials"),
         ("Zhao proposed a working group.", "Zhao", "Zhao Lin")),
        # A capitalised word the document never introduced as a name.
        (("Beijing proposed a working group.", "Beijing", "Beijing"),
         ("Zhao proposed a working group.", "Zhao", "Zhao Lin")),
        # A joint statement against one of its speakers.
        (("The two leaders proposed a working group.", "The two leaders",
          "Mark Halloran and Zhao Lin"),
         ("Zhao proposed a working group.", "Zhao", "Zhao Lin")),
        # The same person, titled in one account and not in the other; a spelling variant.
        (("Secretary Halloran proposed a working group.", "Secretary Halloran", "Halloran"),
         ("Halloran proposed a working group.", "Halloran", "Mark Halloran")),
        (("Secretary Halloran proposed a working group.", "Secretary Halloran", "Halloran"),
         ("Secretary Haloran proposed a working group.", "Secretary Haloran", "Haloran")),
    ],
)
def test_no_speaker_conflict_for_one_person_or_no_name(left, right):
    assert _speaker_kinds(_claim("A1", *left), _claim("B1", *right)) == []


def test_a_channel_speaking_for_itself_is_no_speaker_conflict():
    left = _claim("A1", "The Pentagon said the call was candid.", "The Pentagon", "Pentagon",
                  via=("Pentagon",))
    right = _claim("B1", "Xinhua said the call was candid.", "Xinhua", "Xinhua",
                   via=("Xinhua",))
    assert _speaker_kinds(left, right) == []


PENTAGON = (
    "Readout of Secretary of Defense Mark Halloran's Call With PRC Minister of National "
    "Defense Zhao Lin\n\n"
    "Secretary of Defense Mark Halloran spoke by phone today with People's Republic of China "
    "Minister of National Defense Zhao Lin.\n\n"
    "Secretary Halloran proposed establishing a working group on maritime safety.\n\n"
    "The two leaders agreed to hold four rounds of talks this year.\n\n"
    "The two sides signed a memorandum on maritime safety.\n"
)
XINHUA = (
    "Chinese defense minister holds phone talks with U.S. counterpart\n\n"
    "BEIJING, March 3 (Xinhua) -- Chinese Defense Minister Zhao Lin held a phone call with "
    "U.S. Secretary of Defense Mark Halloran on Tuesday.\n\n"
    "Zhao proposed establishing a working group on maritime safety.\n\n"
    "The two sides agreed to hold two rounds of talks this year.\n\n"
    "The two sides signed a memorandum on maritime safety.\n"
)


@pytest.fixture(scope="module")
def readouts_of_one_call():
    return readouts.compare(
        [Document(PENTAGON, label="Pentagon"), Document(XINHUA, label="Xinhua")]
    )


def _pair(comparison, left_words: str, right_words: str):
    for match in comparison.matches:
        texts = [comparison.claim(cid).text for cid in match.claims]
        if left_words in texts[0] and right_words in texts[-1]:
            return match
    raise AssertionError(f"no match of {left_words!r} with {right_words!r}")


def test_two_readouts_give_one_proposal_to_different_people(readouts_of_one_call):
    match = _pair(readouts_of_one_call, "Secretary Halloran proposed", "Zhao proposed")
    (conflict,) = [c for c in match.conflicts if c.kind == "speaker"]
    assert match.relation == "conflict"
    sources = {cid: [span.text for span in spans] for cid, spans in conflict.spans.items()}
    assert sorted(sources.values()) == [["Secretary Halloran"], ["Zhao"]]
    for cid, spans in conflict.spans.items():
        text = PENTAGON if cid.startswith("A") else XINHUA
        assert all(text[span.start : span.end] == span.text for span in spans)


def test_two_readouts_name_participants_not_common_nouns(readouts_of_one_call):
    comparison = readouts_of_one_call
    named = {claim.speaker.lower() for claim in comparison.claims if claim.speaker}
    assert not named & COMMON_NOUNS
    agreed = _pair(comparison, "four rounds", "two rounds")
    assert not [c for c in agreed.conflicts if c.kind == "speaker"]
    assert [c.kind for c in agreed.conflicts] == ["number"]
    signed = [c for c in comparison.claims if "signed" in c.text]
    assert len(signed) == 2 and all(c.speaker is None for c in signed)


# --- channels -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "speaker", "via"),
    [
        (
            "Chinese Defense Minister Zhao Lin spoke with Mark Halloran. Zhao hoped the two "
            "militaries could manage their differences, the Chinese defense ministry said in a "
            "statement.",
            "Zhao Lin",
            ("Chinese defense ministry",),
        ),
        (
            "Chinese Defense Minister Zhao Lin spoke with Mark Halloran. Xinhua said Zhao "
            "proposed establishing a working group.",
            "Zhao Lin",
            ("Xinhua",),
        ),
    ],
)
def test_a_channel_reports_someone_elses_statement(claims_of, text, speaker, via):
    claim = claims_of(text)[-1]
    assert (claim.speaker, claim.via) == (speaker, via)
    # The claim points at the words that name the speaker, not at the channel's.
    assert claim.source is not None and claim.source.text == "Zhao"
    assert text[claim.source.start : claim.source.end] == "Zhao"


def test_a_channel_that_reports_no_one_else_speaks_itself(claims_of):
    claim = claims_of("TASS reported that Russia was following the talks closely.")[0]
    assert (claim.speaker, claim.via) == ("TASS", ())


WIRE = (
    "U.S., Chinese defense chiefs hold first call in months\n\n"
    "WASHINGTON (Reuters) - U.S. Defense Secretary Mark Halloran and Chinese Defense "
    "Minister Zhao Lin spoke by phone on Tuesday, their first conversation in six months.\n\n"
    "Halloran proposed establishing a working group on maritime safety, the Pentagon said "
    "in a statement.\n\n"
    "According to a statement from the Chinese defence ministry, Zhao proposed establishing "
    "a working group on maritime safety.\n\n"
    "The Pentagon said the two leaders agreed to hold four rounds of talks this year.\n\n"
    "The Chinese defence ministry said the two sides agreed to hold two rounds of talks this "
    "year.\n\n"
    "Halloran urged China to stop its dangerous intercepts of U.S. aircraft, the Pentagon "
    "said.\n\n"
    "Zhao said the United States should stop its provocations near China's coast, according "
    "to the Chinese defence ministry.\n\n"
    "Neither government gave details of the working group.\n"
)


@pytest.fixture(scope="module")
def wire():
    return Document(WIRE, label="wire story")


def test_a_wire_story_citing_both_governments_splits_by_channel(wire):
    versions = {version.channel: version for version in split(wire)}
    assert set(versions) == {"Pentagon", "Chinese defence ministry"}
    pentagon, ministry = versions["Pentagon"], versions["Chinese defence ministry"]
    # Each channel's version holds the minister it reports and its own statements ("the
    # two leaders agreed to ..." is a decision the channel reports, not a statement).
    assert set(pentagon.speakers) == {"Mark Halloran", "Pentagon"}
    assert set(ministry.speakers) == {"Zhao Lin", "Chinese defence ministry"}
    assert len(pentagon.attributions) == 3 and len(ministry.attributions) == 3
    for version in versions.values():
        for attribution in version.attributions:
            for span in attribution.content:
                assert WIRE[span.start : span.end] == span.text


def test_compare_within_sets_one_channel_against_the_other(wire):
    comparison = compare_within(wire)
    assert [entry.label for entry in comparison.documents] == [
        "Pentagon",
        "Chinese defence ministry",
    ]
    conflicts = [conflict for match in comparison.matches for conflict in match.conflicts]
    assert sorted(conflict.kind for conflict in conflicts) == ["number", "speaker"]
    speaker_conflict = next(conflict for conflict in conflicts if conflict.kind == "speaker")
    sources = sorted(span.text for spans in speaker_conflict.spans.values() for span in spans)
    assert sources == ["Halloran", "Zhao"]
    for claim in comparison.claims:
        assert WIRE[claim.start : claim.end] == claim.text


def test_compare_within_one_speaker_needs_two_channels(wire):
    with pytest.raises(UsageError, match="only one channel"):
        compare_within(wire, speaker="Mark Halloran")


# --- who a title, an apposition, a document or a poll is ------------------------------------

WHITFIELD = (
    "Secretary of State Daniel Whitfield met today in Geneva with Alvaran Foreign Minister "
    "Irena Sato and Brenmark Foreign Minister Samuel Okafor.\n\n"
)


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # A title alone is the one person the document introduces with it.
        (WHITFIELD + "The Secretary reaffirmed that the United States supports the ceasefire.",
         "Daniel Whitfield"),
        (
            "The High Representative of the Union for Foreign Affairs and Security Policy, "
            "Karin Lindqvist, and China's Foreign Minister Wang Jun held the dialogue.\n\n"
            "The High Representative underlined that the EU and China share a responsibility.",
            "Karin Lindqvist",
        ),
        # An apposed name.
        ("Estmark's ambassador, Lena Varga, said her country supported the extension.",
         "Lena Varga"),
        # A statement is its issuer's; a joint statement the participants'.
        (
            "A statement from the U.S. Trade Representative's office said China committed to "
            "resume soybean purchases.",
            "U.S. Trade Representative's office",
        ),
        # A ministry named by its country.
        ("Alvara's foreign ministry said no agreement had been reached on the line.",
         "Alvara's foreign ministry"),
        # A decision a channel reports is the channel's.
        (WHITFIELD + "The ministers agreed to complete a prisoner exchange by the end of June, "
         "according to the State Department.", "State Department"),
    ],
)
def test_who_a_source_names(claims_of, text, speaker):
    assert claims_of(text)[-1].speaker == speaker


def test_a_joint_statement_is_the_participants(claims_of):
    text = (
        "Vladimir Putin held talks in the Kremlin with President of the Republic of Karsia "
        "Aram Tevosyan.\n\nThe joint statement says the two countries oppose the deployment "
        "of foreign military bases in the region."
    )
    speaker = claims_of(text)[-1].speaker
    assert speaker is not None and set(speaker.split(" and ")) == {
        "Vladimir Putin",
        "Aram Tevosyan",
    }


@pytest.mark.parametrize(
    "text",
    [
        "Nearly two-thirds of respondents oppose the reform, the latest poll shows.",
        "65 percent of voters oppose the reform.",
        "The resolution asks the secretary-general to report on a drawdown by March.",
    ],
)
def test_a_poll_share_or_an_unissued_document_is_no_speaker(claims_of, text):
    speaker = claims_of(text)[-1].speaker
    assert speaker is None or ("percent" not in speaker and "two-thirds" not in speaker)
    assert speaker in (None, "poll", "latest poll")


# --- who can speak, and what is no statement (PAC coverage, issue 10) ----------------------


@pytest.mark.parametrize(
    "text",
    [
        # Negated coordinated subjects of an act: no one of them supported the bill.
        "Neither Sen. Ann Ross (R-Maine) nor Sen. Lisa Ward (R-Alaska) supported the bill "
        "despite efforts by Democrats to narrow it.",
        # An inanimate subject of "suggests" draws an inference; it says nothing.
        "A breach of such magnitude suggests a breakdown of internal norms at the court.",
        # "threaten / seek to" + a verb: a plan, an act.
        "President Biden and the Democratic Congress are threatening to impose a series of "
        "new taxes.",
        "The vote shows that the bill has broad support. It also seeks to close the "
        "“boyfriend loophole” by keeping guns away from abusers.",
        # Scare-quoted words in an act are no quotation.
        "Biden also emboldened “extremist” Xavier Becerra, now the secretary of health.",
        # Dismissing a case is a decision of an office.
        "Becerra quietly dismissed a case against a hospital in Illinois.",
        # A placeholder for an outlet's name is no one's name.
        "The draft opinion is authentic, according to <mask>.",
    ],
)
def test_no_speaker_for_an_act_an_inference_or_a_placeholder(claims_of, text):
    assert [claim.speaker for claim in claims_of(text)] == [None] * len(claims_of(text))


def test_a_quoted_headline_word_before_a_colon_is_no_speaker(claims_of):
    text = (
        "'Enough': Biden Exhorts Congress To Pass Gun Laws\n\n"
        "Biden delivered his 15-minute speech on Thursday night."
    )
    assert "Enough" not in [claim.speaker for claim in claims_of(text)]


def test_a_party_and_state_in_parentheses_are_no_part_of_the_speaker(claims_of):
    text = "Sen. Ann Ross (R-Maine) said the bill goes too far."
    assert claims_of(text)[-1].speaker == "Ann Ross"
    # The name as the parser may cut it, the parenthesis left open or closed.
    assert clean_name("Susan Collins ( R - Maine ) or Lisa Murkowski") == (
        "Susan Collins or Lisa Murkowski"
    )
    assert clean_name("Chuck Schumer ( D - N.Y") == "Chuck Schumer"
    assert clean_name("(Xinhua)") == "Xinhua"


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Reyes threatened that the talks would end in March.", "Reyes"),
        ("Officials said the border would stay open.", "Officials"),
        ("Lawmakers warned that the budget would not pass.", "Lawmakers"),
        ("Neither Reyes nor Varga said a word about the border. Varga said trade grew.", "Varga"),
        ("The ministry dismissed the claim as baseless.", "ministry"),
    ],
)
def test_a_statement_by_one_who_can_speak_keeps_its_speaker(claims_of, text, speaker):
    assert claims_of(text)[-1].speaker == speaker


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "Chief Justice John Roberts issued a statement on Tuesday saying he had launched "
            "an investigation, saying, “This was a singular and egregious breach of trust.”",
            "John Roberts",
        ),
        (
            "Still, Biden took time in his speech to praise the “law-abiding” gun owners.",
            "Joe Biden",
        ),
    ],
)
def test_a_statement_made_through_an_act_keeps_its_speaker(claims_of, text, speaker):
    claims = claims_of("President Joe Biden spoke on Thursday.\n\n" + text)
    assert claims[-1].speaker == speaker


def test_delivering_a_speech_states_nothing(claims_of):
    text = (
        "'Enough': Biden Exhorts Congress To Pass Gun Laws\n\n"
        "Biden delivered his 15-minute speech, informed by his recent trips to Texas."
    )
    assert claims_of(text)[-1].speaker is None


def test_a_document_that_is_no_issuer_is_no_speaker(claims_of):
    text = "The leaked majority draft opinion says that Roe was wrong from the start."
    assert claims_of(text)[-1].speaker is None


def test_a_plural_title_is_no_speaker(claims_of):
    text = (
        "Sens. Susan Collins ( R - Maine ) and Lisa Murkowski ( R - Alaska ) said they "
        "would back the bill."
    )
    speaker = claims_of(text)[-1].speaker
    assert speaker is not None and "Sens" not in speaker and "Susan Collins" in speaker
