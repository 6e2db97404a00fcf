"""readouts.relations: equivalent / partial / conflict, differences and their evidence."""

from __future__ import annotations

import pytest

from readouts.relations import relate

EQUIVALENT = 0.5


def related(claims_of, left_text: str, right_text: str, score: float = 0.8):
    (left,) = claims_of(left_text, "A")
    (right,) = claims_of(right_text, "B")
    return relate(left, [right], score, equivalent_threshold=EQUIVALENT)


def spans_of(match_conflict, claim_id: str) -> list[str]:
    return [span.text for span in match_conflict.spans[claim_id]]


@pytest.mark.parametrize(
    "text",
    [
        "Li met Volodin in Moscow.",
        "The two sides signed 12 agreements on energy.",
        "China does not support the plan.",
        "Russia condemns the sanctions.",
        "According to Xinhua, Li said China supports the plan.",
        "The ministers condemned the attack on the embassy.",
        pytest.param(
            "Estmark backs the protest against the blockade.", id="support-verb-with-protest-noun"
        ),
        pytest.param(
            "Both sides support the investigation of the attack on the port.",
            id="support-verb-with-attack-noun",
        ),
    ],
)
def test_equal_sentences_are_equivalent(claims_of, text):
    match = related(claims_of, text, text, score=0.99)
    assert match.relation == "equivalent"
    assert match.conflicts == ()
    assert match.differences == {"A1": (), "B1": ()}
    assert match.evidence == {"A1": (), "B1": ()}
    assert match.shift is None


def test_number_conflict_points_at_the_numbers(claims_of):
    left = "The two sides signed 12 agreements on energy."
    right = "The two sides signed 9 agreements on energy."
    match = related(claims_of, left, right)
    assert match.relation == "conflict"
    (conflict,) = match.conflicts
    assert conflict.kind == "number"
    assert "12" in conflict.detail and "9" in conflict.detail
    assert spans_of(conflict, "A1") == ["12"]
    assert spans_of(conflict, "B1") == ["9"]
    (twelve,) = conflict.spans["A1"]
    (nine,) = conflict.spans["B1"]
    assert left[twelve.start : twelve.end] == "12"
    assert right[nine.start : nine.end] == "9"
    assert match.differences == {"A1": ("12",), "B1": ("9",)}


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("The sides signed nine agreements.", "The sides signed 9 agreements."),
        ("The sides signed 12 agreements.", "The sides signed twelve agreements."),
        # Different things counted: no contradiction.
        ("The sides signed 12 agreements.", "The sides opened 9 consulates."),
    ],
)
def test_no_number_conflict(claims_of, left, right):
    match = related(claims_of, left, right)
    assert [c.kind for c in match.conflicts if c.kind == "number"] == []


def test_negation_conflict(claims_of):
    left = "China supports the plan."
    right = "China does not support the plan."
    match = related(claims_of, left, right)
    assert match.relation == "conflict"
    negations = [c for c in match.conflicts if c.kind == "negation"]
    assert len(negations) == 1
    assert spans_of(negations[0], "B1") == ["not"]
    assert spans_of(negations[0], "A1") == ["supports"]
    for span in negations[0].spans["B1"]:
        assert right[span.start : span.end] == span.text
    for span in negations[0].spans["A1"]:
        assert left[span.start : span.end] == span.text


def test_negation_on_both_sides_is_no_conflict(claims_of):
    match = related(
        claims_of, "China does not support the plan.", "China did not support the plan."
    )
    assert [c for c in match.conflicts if c.kind == "negation"] == []


@pytest.mark.parametrize(
    ("left", "right", "left_word", "right_word"),
    [
        (
            "Russia supports the sanctions.",
            "Russia condemns the sanctions.",
            "supports",
            "condemns",
        ),
        (
            "Estmark welcomes the initiative.",
            "Estmark rejects the initiative.",
            "welcomes",
            "rejects",
        ),
    ],
)
def test_stance_conflict(claims_of, left, right, left_word, right_word):
    match = related(claims_of, left, right)
    assert match.relation == "conflict"
    stances = [c for c in match.conflicts if c.kind == "stance"]
    assert len(stances) == 1
    assert spans_of(stances[0], "A1") == [left_word]
    assert spans_of(stances[0], "B1") == [right_word]


def test_speaker_conflict_when_equivalent(claims_of):
    left = "Li said the talks were useful."
    right = "Volodin said the talks were useful."
    match = related(claims_of, left, right, score=0.9)
    speakers = [c for c in match.conflicts if c.kind == "speaker"]
    assert len(speakers) == 1
    assert spans_of(speakers[0], "A1") == ["Li"]
    assert spans_of(speakers[0], "B1") == ["Volodin"]


def test_no_speaker_conflict_below_equivalence(claims_of):
    match = related(
        claims_of,
        "Li said the talks were useful.",
        "Volodin said the talks were useful.",
        score=0.3,
    )
    assert match.relation == "partial"
    assert match.conflicts == ()


def test_differences_only_on_the_side_that_has_them(claims_of):
    left = "Li discussed the crisis in Ukraine with Volodin."
    right = "Li discussed the crisis with Volodin."
    match = related(claims_of, left, right)
    assert match.differences["A1"] == ("Ukraine",)
    assert match.differences["B1"] == ()
    (span,) = match.evidence["A1"]
    assert left[span.start : span.end] == "Ukraine" == span.text
    assert match.evidence["B1"] == ()
    assert match.relation == "equivalent"


@pytest.mark.parametrize(
    ("score", "relation"), [(0.49, "partial"), (0.5, "equivalent"), (0.9, "equivalent")]
)
def test_relation_follows_the_equivalence_threshold(claims_of, score, relation):
    match = related(claims_of, "Li met Volodin in Moscow.", "Li met Volodin in Moscow.", score)
    assert match.relation == relation
    assert match.score == score


def test_softening_shift(claims_of):
    left = "Estmark fully supports the plan and stands firmly behind it."
    right = "Estmark hopes the plan can work."
    match = related(claims_of, left, right)
    assert match.shift is not None
    assert (match.shift.stronger, match.shift.softer) == ("A1", "B1")
    assert match.shift.amount >= 1.0
    assert {span.text for span in match.shift.markers["A1"]} == {"fully", "firmly"}
    for span in match.shift.markers["A1"]:
        assert left[span.start : span.end] == span.text


def test_one_to_two_match_lists_every_claim(claims_of):
    (left,) = claims_of("Li discussed trade and energy with Volodin in Moscow.", "A")
    right = claims_of("Li discussed trade with Volodin. They also discussed energy in Moscow.", "B")
    match = relate(left, right, 0.7, equivalent_threshold=EQUIVALENT)
    assert match.claims == ("A1", "B1", "B2")
    assert set(match.differences) == {"A1", "B1", "B2"}
    assert match.differences["A1"] == ()


def test_match_to_dict_shape(claims_of):
    match = related(
        claims_of,
        "The two sides signed 12 agreements on energy.",
        "The two sides signed 9 agreements on energy.",
        score=0.12345,
    )
    data = match.to_dict()
    assert list(data) == ["claims", "relation", "score", "differences", "evidence", "conflicts"]
    assert data["claims"] == ["A1", "B1"]
    assert data["score"] == 0.123
    assert data["differences"] == {"A1": ["12"], "B1": ["9"]}
    assert data["evidence"]["A1"] == [{"start": 21, "end": 23, "text": "12"}]
    assert data["conflicts"][0]["kind"] == "number"
    assert data["conflicts"][0]["spans"]["B1"] == [{"start": 21, "end": 22, "text": "9"}]


# --- shifts: softening and strengthening ------------------------------------------------

# One speaker on both sides: a statement given to two speakers is a speaker conflict, and
# a conflicting match carries no shift.
FIRM = "Halloran firmly called on the PRC to immediately stop its dangerous maneuvers."
HOPEFUL = "Halloran hoped the two militaries could manage their differences."


def test_a_demand_against_a_wish_is_a_softening_with_markers_on_both_sides(claims_of):
    match = related(claims_of, FIRM, HOPEFUL)
    assert match.shift is not None
    assert (match.shift.stronger, match.shift.softer) == ("A1", "B1")
    texts = {cid: [span.text for span in spans] for cid, spans in match.shift.markers.items()}
    assert texts == {"A1": ["firmly", "called on", "immediately"], "B1": ["hoped", "could"]}
    for cid, text in (("A1", FIRM), ("B1", HOPEFUL)):
        for span in match.shift.markers[cid]:
            assert text[span.start : span.end] == span.text


def test_the_direction_follows_the_markers_not_the_order(claims_of):
    match = related(claims_of, HOPEFUL, FIRM)
    assert match.shift is not None
    assert (match.shift.stronger, match.shift.softer) == ("B1", "A1")


@pytest.mark.parametrize(
    ("firm", "soft"),
    [
        ("Reyes will visit Kessel in May.", "Reyes may visit Kessel in May."),
        (
            "The ministry must review the deal.",
            "The ministry is studying the possibility of a review of the deal.",
        ),
        (
            "Reyes urged Varga to release the fishermen at once.",
            "Reyes would like Varga to release the fishermen as soon as possible.",
        ),
        (
            "China committed to resume soybean purchases by October.",
            "China will consider resuming soybean purchases.",
        ),
        ("The assembly will vote on the bill.", "The assembly is expected to vote on the bill."),
    ],
)
def test_modality_and_demands(claims_of, firm, soft):
    match = related(claims_of, soft, firm)
    assert match.shift is not None
    assert (match.shift.stronger, match.shift.softer) == ("B1", "A1")


def test_a_hedge_phrase_is_one_marker_with_its_span(claims_of):
    text = "The ministry is studying the possibility of a visit."
    (claim,) = claims_of(text)
    (marker,) = claim.markers_of("hedge")
    assert (marker.lemma, marker.span.text) == ("study the possibility", "studying the possibility")
    assert text[marker.span.start : marker.span.end] == marker.span.text


@pytest.mark.parametrize(
    "text",
    [
        "Varga met Reyes in May.",  # the month is no modal
        "Reyes called on Monday for talks on fisheries.",  # a call on a day is no demand
        "All members and every delegation attended.",  # quantifiers are no intensity
        "The sides could not agree on a date.",  # inability, not a hedge
    ],
)
def test_words_that_are_no_intensity_markers(claims_of, text):
    (claim,) = claims_of(text)
    assert claim.markers_of("strong", "hedge") == ()


def test_a_claim_that_reports_part_of_another_is_partial_not_a_softening(claims_of):
    full = "The ministers signed agreements on energy in Kessel on Thursday, the U.S. said."
    part = "The ministers signed agreements on energy."
    match = related(claims_of, full, part, score=0.4)
    assert match.relation == "partial"
    assert match.shift is None
    assert "Thursday" in match.differences["A1"]


def test_an_intensifier_against_no_marker_at_all_is_no_shift(claims_of):
    match = related(
        claims_of, "Reyes met Varga immediately after the vote.", "Reyes met Varga after the vote."
    )
    assert match.shift is None


def test_an_intensifier_against_the_same_stance_taken_plainly(claims_of):
    firm = "Voronin said the Russian side firmly adheres to the one-China principle."
    plain = "Voronin noted that Russia supports the one-China principle."
    match = related(claims_of, plain, firm)
    assert match.shift is not None
    assert (match.shift.stronger, match.shift.softer) == ("B1", "A1")
    texts = {cid: [span.text for span in spans] for cid, spans in match.shift.markers.items()}
    assert texts == {"B1": ["firmly"], "A1": ["supports"]}


def test_a_hedge_against_the_same_firm_word(claims_of):
    firm = "Kovac said the EU will provide more money in the autumn."
    soft = "Kovac said the EU will perhaps provide more money in the autumn."
    match = related(claims_of, soft, firm)
    assert match.shift is not None
    assert (match.shift.stronger, match.shift.softer) == ("B1", "A1")
    assert [span.text for span in match.shift.markers["A1"]] == ["perhaps"]
    assert [span.text for span in match.shift.markers["B1"]] == ["will"]


@pytest.mark.parametrize(
    ("left", "right"),
    [
        # a modal or a demand against a plain stance says something else, not more firmly
        ("The EU will extend the visa waiver.", "The EU welcomed the visa waiver."),
        ("Li called for closer ties.", "China and Russia should jointly oppose hegemonism."),
    ],
)
def test_a_modal_or_demand_against_a_plain_stance_is_no_shift(claims_of, left, right):
    assert related(claims_of, left, right).shift is None


def test_a_conflicting_match_has_no_shift(claims_of):
    left = "The ministers will certainly sign 12 agreements."
    right = "The ministers may sign 9 agreements."
    match = related(claims_of, left, right)
    assert match.relation == "conflict"
    assert match.shift is None


def test_a_stance_against_a_hedge_is_a_softening(claims_of):
    firm = "Kovac supported the corridor proposal."
    soft = "Kovac said Estmark is studying the possibility of joining the corridor."
    match = related(claims_of, soft, firm)
    assert match.shift is not None
    assert (match.shift.stronger, match.shift.softer) == ("B1", "A1")
    texts = {cid: [span.text for span in spans] for cid, spans in match.shift.markers.items()}
    assert texts == {"B1": ["supported"], "A1": ["studying the possibility"]}


def test_a_negated_stance_is_not_firm(claims_of):
    match = related(
        claims_of, "Kovac did not support the proposal.", "Kovac may support the proposal."
    )
    assert match.shift is None



# --- times: conflicts about when, and times that agree -----------------------------------


def dated(nlp, text: str, doc_id: str, iso: str | None = "2026-01-15"):
    from readouts.claims import extract_claims
    from readouts.times import set_reference

    doc = nlp(text)
    set_reference(doc, iso)
    (claim,) = extract_claims(doc_id, doc)
    return claim


def related_dated(nlp, left: str, right: str, iso: str | None = "2026-01-15", score=0.8):
    return relate(
        dated(nlp, left, "A", iso), [dated(nlp, right, "B", iso)], score,
        equivalent_threshold=EQUIVALENT,
    )


def kinds(match) -> list[str]:
    return [conflict.kind for conflict in match.conflicts]


def test_meeting_in_march_conflicts_with_not_before_2027(nlp):
    match = related_dated(
        nlp, "The commission will meet in March.", "The commission will not meet before 2027."
    )
    assert match.relation == "conflict"
    assert kinds(match) == ["time"]  # the "not" moves the meeting, it does not deny it
    (conflict,) = match.conflicts
    assert spans_of(conflict, "A1") == ["in", "March"]
    assert spans_of(conflict, "B1") == ["not", "before", "2027"]
    assert "March" in conflict.detail and "not before 2027" in conflict.detail


@pytest.mark.parametrize(
    ("left", "right", "iso"),
    [
        (
            "The commission will meet in March.",
            "The commission will not meet before next year.",
            "2026-01-15",
        ),
        ("The ministers will sign the deal on Monday.", "The ministers will sign the deal on "
         "Wednesday.", "2026-01-15"),
        ("The ministers will sign the deal on Monday.", "The ministers will sign the deal on "
         "Wednesday.", None),
        ("The pipeline will be finished in 2028.", "The pipeline will be finished in 2030.", None),
        ("The pipeline will be finished by 2027.", "The pipeline will be finished in 2030.", None),
        ("The talks ended on 3 June.", "The talks ended on 5 June.", "2026-06-10"),
        ("The deal will be signed by the end of the month.", "The deal will be signed in "
         "March.", "2026-01-15"),
        # "will meet": the coming December, not the last one.
        ("The commission will meet in December.", "The commission will not meet before 2027.",
         "2026-06-01"),
        # Two deadlines for one report; "asks ... to report": a report still to come.
        ("The resolution asks the Secretary-General to report on a drawdown by the end of "
         "March.", "The Secretary-General is to report on a drawdown by the end of May.",
         "2026-01-15"),
        ("The pipeline will be finished by 2028.", "The pipeline will be finished by 2030.",
         None),
    ],
)
def test_time_conflicts(nlp, left, right, iso):
    match = related_dated(nlp, left, right, iso)
    assert kinds(match) == ["time"]
    for claim_id in ("A1", "B1"):
        (conflict,) = match.conflicts
        assert conflict.spans[claim_id]
        assert all(span.text for span in conflict.spans[claim_id])


@pytest.mark.parametrize(
    ("left", "right", "iso"),
    [
        # "by 2030" is at the latest 2030: 2028 fits.
        ("The pipeline will be finished in 2028.", "The pipeline will be finished by 2030.", None),
        ("The talks ended on 3 June.", "The talks ended on June 3.", "2026-06-10"),
        ("The commission will meet next year.", "The commission will meet next year.", None),
        ("The commission will meet in 2027.", "The commission will not meet before 2027.", None),
        # Undated: "March" of which year? No conflict with an absolute year.
        ("The commission will meet in March.", "The commission will not meet before 2027.", None),
        # The dates of the reports, not of the event.
        ("Li said on Monday that the talks went well.",
         "Li said on Tuesday that the talks went well.", "2026-01-15"),
        # Nothing says when instead: "not in March" leaves every other time open.
        ("The commission will not meet in March.", "The commission will meet in April.",
         "2026-01-15"),
        # A year that is a guess (last December or next? the tense does not say) makes no
        # conflict.
        ("The commission meets in December.", "The commission will not meet before 2027.",
         "2026-06-01"),
        ("The deal will be signed by the end of the month.", "The deal will be signed on "
         "January 20.", "2026-01-15"),
        # Deadlines of which one holds the other agree.
        ("The report is due by June 30.", "The report is due by the end of June.",
         "2026-01-15"),
        ("The pipeline will be finished by 2030.", "The pipeline will be finished by March "
         "2030.", None),
        # Undated: Monday of which week? Not set against a day of the month.
        ("MOSCOW, April 14 (Xinhua) -- Li held talks with Voronin on Monday.",
         "Li held talks with Voronin on 14 April.", None),
    ],
)
def test_times_that_do_not_conflict(nlp, left, right, iso):
    assert "time" not in kinds(related_dated(nlp, left, right, iso))


def test_two_events_of_a_weak_pairing_are_no_time_conflict(nlp):
    left, right = "Varga received Reyes in Kessel on Monday.", "Reyes will visit Kessel in June."
    assert "time" not in kinds(related_dated(nlp, left, right, score=0.3))


def test_equal_times_in_other_notations_are_shared(nlp):
    match = related_dated(nlp, "The talks ended on 3 June.", "The talks ended on June 3.")
    assert match.differences == {"A1": (), "B1": ()}
    assert match.relation == "equivalent"


def test_negation_of_the_event_itself_stays_a_negation_conflict(nlp):
    match = related_dated(
        nlp, "The commission will meet in March.", "The commission will not meet in March."
    )
    assert kinds(match) == ["negation"]


# --- numbers in words and approximations -------------------------------------------------


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("The two sides signed a dozen agreements.", "The two sides signed 12 agreements."),
        ("The two sides signed twelve agreements.", "The two sides signed 12 agreements."),
        ("Nearly 40 people were killed in the attack.", "38 people were killed in the attack."),
        ("More than 30 people were hurt.", "32 people were hurt."),
        ("One in five voters backs the plan.", "20 percent of voters back the plan."),
        ("Half of the members backed the plan.", "50 percent of the members backed the plan."),
        ("Tens of thousands of people marched.", "20,000 people marched."),
        ("Two hundred ships sailed.", "200 ships sailed."),
        ("A third of the budget went to defence.", "33% of the budget went to defence."),
    ],
)
def test_number_words_and_approximations_agree(claims_of, left, right):
    match = related(claims_of, left, right)
    assert "number" not in kinds(match)
    numbers = [t for t in (*match.evidence["A1"], *match.evidence["B1"]) if t.text[:1].isdigit()]
    assert numbers == []  # the values are shared, not differences


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("The two sides signed twelve agreements.", "The two sides signed nine agreements."),
        ("Nearly 40 people were killed in the attack.", "41 people were killed in the attack."),
        ("More than 30 people were hurt.", "25 people were hurt."),
    ],
)
def test_number_words_that_differ_conflict(claims_of, left, right):
    assert kinds(related(claims_of, left, right)) == ["number"]


def test_one_time_each_in_a_strong_match_is_one_event(nlp):
    left = "The ministers agreed that the exchange of prisoners will be completed by the end of the month."
    right = "The ministers agreed that the exchange of prisoners will begin next month."
    assert kinds(related_dated(nlp, left, right, score=0.9)) == ["time"]
    # The same pair scored below the equivalent threshold: the verbs differ, no conflict.
    assert "time" not in kinds(related_dated(nlp, left, right, score=0.3))


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("Gas hit a record $4.404 a gallon.", "Gas hit a record $4.40 a gallon."),
        ("The IRS will hire 87,000 agents.", "The IRS will hire 87,412 agents."),
        ("Prices rose 5.8 percent.", "Prices rose 5.75 percent."),
    ],
)
def test_a_figure_rounded_to_fewer_places_is_no_conflict(claims_of, left, right):
    assert "number" not in kinds(related(claims_of, left, right))


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("Shares dropped $2.21 on Monday.", "Shares dropped $1.21 on Monday."),
        ("Gas hit a record $4.45 a gallon.", "Gas hit a record $4.40 a gallon."),
        ("The ministers signed 12 agreements.", "The ministers signed 10 agreements."),
    ],
)
def test_figures_apart_by_more_than_their_rounding_conflict(claims_of, left, right):
    assert "number" in kinds(related(claims_of, left, right))


def test_a_time_both_claims_give_is_no_time_conflict(nlp):
    match = related_dated(
        nlp,
        "The national average hit $4.374 on Tuesday, a new record, and $4.404 on Wednesday.",
        "On Wednesday, the national average hit an all-time high of $4.40.",
    )
    assert kinds(match) == []


def test_a_numbered_lease_is_no_count_of_leases(claims_of):
    match = related(
        claims_of,
        "A court invalidated another Gulf of Mexico lease, lease 257, in January.",
        "The department halted two leases in the Gulf of Mexico region.",
    )
    assert "number" not in kinds(match)


def test_two_quotes_sharing_only_common_words_are_no_speaker_conflict(claims_of):
    match = related(
        claims_of,
        "“You think we don’t have hearts,” said Rep. Louis Gohmert.",
        "“I don’t think we have to get it done all at once,” said Sen. Chris Murphy.",
        score=0.9,
    )
    assert "speaker" not in kinds(match)


def test_no_agreement_reached_denies_that_the_sides_agreed(claims_of):
    match = related(
        claims_of,
        "No agreement was reached on the delineation of the ceasefire line.",
        "The sides agreed on the delineation of the ceasefire line.",
    )
    assert kinds(match) == ["negation"]
    (conflict,) = match.conflicts
    assert spans_of(conflict, "A1") == ["No"]
    assert spans_of(conflict, "B1") == ["agreed"]


def test_intensifiers_against_the_same_action_done_plainly_are_a_softening(claims_of):
    match = related(
        claims_of,
        "Brennan urged the PRC to fully and immediately lift its export restrictions.",
        "Brennan pressed Beijing to lift its export restrictions.",
        score=0.4,
    )
    assert match.shift is not None
    assert (match.shift.stronger, match.shift.softer) == ("A1", "B1")
    assert [s.text for s in match.shift.markers["A1"]] == ["fully", "immediately"]
    assert [s.text for s in match.shift.markers["B1"]] == ["lift"]


def test_deadlines_in_different_months_conflict_whatever_year_was_guessed(nlp):
    # Undated: "by the end of May" after a reference in June is a guess of next May.
    match = related_dated(
        nlp,
        "The resolution asks the Secretary-General to report on a drawdown by the end of "
        "March.",
        "The Secretary-General is to present options for a drawdown by the end of May.",
        iso=None,
    )
    assert kinds(match) == ["time"]
    same = related_dated(
        nlp,
        "The Secretary-General is to report on a drawdown by the end of May.",
        "The Secretary-General must present options for a drawdown by the end of May.",
        iso=None,
    )
    assert "time" not in kinds(same)


def test_two_speakers_demands_are_no_softening_of_one_statement(claims_of):
    match = related(
        claims_of,
        "Halloran urged the PRC to immediately stop its coercive activities.",
        "Zhao urged the U.S. side to stop its provocations.",
        score=0.4,
    )
    assert match.shift is None


def test_a_weekday_without_a_tense_is_no_time_conflict(nlp):
    # 2026-03-14 is a Saturday: "met on Monday" is the 9th; the parser reads "held" in
    # "held talks" as a modifier of "talks", and a Monday without a tense could be the 9th
    # or the 16th: a guess, which sets no conflict.
    match = related_dated(
        nlp,
        "Li Wenqing met Pavel Volodin in Beijing on Monday.",
        "Pavel Volodin held talks with Li Wenqing in Beijing on Monday.",
        "2026-03-14",
    )
    assert kinds(match) == []
    talks = dated(nlp, "The talks on Monday, officials said, went well.", "A", "2026-03-14")
    (monday,) = [t for t in talks.terms if t.kind == "time"]
    assert monday.time.guessed
