"""readouts.times: time expressions as periods and windows, and a document's reference date."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from readouts.claims import extract_claims
from readouts.terms import relative_date
from readouts.times import parse_period, reference_of, set_reference, set_references

REFERENCE = date(2026, 2, 10)  # a Tuesday


def period(text: str, reference: date | None = REFERENCE) -> tuple[str, str, str] | None:
    found = parse_period(text, reference)
    if found is None:
        return None
    return found[0].isoformat(), found[1].isoformat(), found[2]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3 June", ("2026-06-03", "2026-06-03", "day")),
        ("June 3", ("2026-06-03", "2026-06-03", "day")),
        ("on 3 June", ("2026-06-03", "2026-06-03", "day")),
        ("the 3rd of June", ("2026-06-03", "2026-06-03", "day")),
        ("14 March 2026", ("2026-03-14", "2026-03-14", "day")),
        ("March 14, 2026", ("2026-03-14", "2026-03-14", "day")),
        ("2026-03-14", ("2026-03-14", "2026-03-14", "day")),
        ("Sept. 9, 2025", ("2025-09-09", "2025-09-09", "day")),
        ("9 September 2025", ("2025-09-09", "2025-09-09", "day")),
        ("March", ("2026-03-01", "2026-03-31", "month")),
        ("in March", ("2026-03-01", "2026-03-31", "month")),
        ("March 2027", ("2027-03-01", "2027-03-31", "month")),
        ("2027", ("2027-01-01", "2027-12-31", "year")),
        ("next year", ("2027-01-01", "2027-12-31", "year")),
        ("this year", ("2026-01-01", "2026-12-31", "year")),
        ("last year", ("2025-01-01", "2025-12-31", "year")),
        ("next month", ("2026-03-01", "2026-03-31", "month")),
        ("last week", ("2026-02-02", "2026-02-08", "week")),
        ("today", ("2026-02-10", "2026-02-10", "day")),
        ("yesterday", ("2026-02-09", "2026-02-09", "day")),
        ("Monday", ("2026-02-09", "2026-02-09", "day")),
        ("on Wednesday", ("2026-02-11", "2026-02-11", "day")),
        ("Thursday's", ("2026-02-12", "2026-02-12", "day")),
        ("the end of the month", ("2026-02-20", "2026-02-28", "day")),
        ("the end of 2026", ("2026-09-02", "2026-12-31", "month")),
        ("early next year", ("2027-01-01", "2027-05-01", "month")),
        ("mid-2027", ("2027-05-02", "2027-09-01", "month")),
        ("the 1990s", ("1990-01-01", "1999-12-31", "decade")),
    ],
)
def test_periods(text, expected):
    assert period(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "three years",
        "two days",
        "the next five years",
        "a few weeks",
        "several months",
        "recent years",
        "annual",
        "the day",
        "15",
        "",
        "autumn",
        "x" * 200,
    ],
)
def test_durations_and_vague_words_are_no_dates(text):
    assert period(text) is None


@pytest.mark.parametrize(
    ("first", "second"),
    [("on 3 June", "June 3"), ("Sept. 9", "9 September"), ("14 March 2026", "March 14, 2026")],
)
def test_notations_of_one_day_are_one_period(first, second):
    assert period(first) == period(second)
    assert parse_period(first, None)[:3] == parse_period(second, None)[:3]


def test_a_year_is_the_nearest_to_the_reference():
    november = date(2026, 11, 20)
    assert period("in March", november)[0] == "2027-03-01"  # four months on, not eight back
    assert period("in March", REFERENCE)[0] == "2026-03-01"
    # Six months either way: the year is a guess, and is flagged so, unless the tense says.
    assert parse_period("in December", date(2026, 6, 1))[4] is True
    future = parse_period("in December", date(2026, 6, 1), tense="future")
    assert (future[0], future[4]) == (date(2026, 12, 1), False)
    past = parse_period("in December", date(2026, 6, 1), tense="past")
    assert (past[0], past[4]) == (date(2025, 12, 1), False)
    assert parse_period("in March", REFERENCE)[4] is False
    # Thursday, seen from a Monday: three days on or four back; the tense decides.
    monday = date(2026, 2, 9)
    assert parse_period("Thursday", monday)[4] is True
    assert parse_period("Thursday", monday, tense="past")[0] == date(2026, 2, 5)
    assert parse_period("Thursday", monday, tense="future")[0] == date(2026, 2, 12)


def test_an_undated_document_is_read_from_the_day_it_gives(nlp):
    from readouts.times import undated_base

    doc = nlp("VALMORA, June 3 (Reuters) - The commission will meet in October.")
    assert undated_base(doc) == date(2001, 6, 3)
    (claim,) = extract_claims("A", doc)
    (october,) = [t for t in claim.terms if t.kind == "time"]
    assert october.time.relative and not october.time.guessed
    assert october.to_dict()["time"]["start"] == "Y-10-01"


def test_undated_accounts_read_the_month_against_the_day_of_the_event(nlp):
    from readouts.times import undated_base

    first = nlp("The ceasefire has held since May 4. The exchange will end by the end of June.")
    second = nlp("On 12 June, the ministers met. The exchange will be completed by the end of "
                 "the month.")
    third = nlp("The ministers met on Thursday. The exchange will begin next month.")
    set_references([first, second, third], [None, None, None])
    # "since May 4" bounds a window and "the end of June" is part of a month: neither dates
    # the event, so the first account (and the third) share the second's day.
    assert [undated_base(doc) for doc in (first, second, third)] == [date(2001, 6, 12)] * 3
    (_, completed) = extract_claims("B", second)
    (month,) = [t for t in completed.terms if t.kind == "time"]
    assert month.to_dict()["time"]["end"] == "Y-06-30"


def test_undated_values_are_relative_and_comparable_among_themselves():
    next_year = parse_period("next year", None)
    assert next_year[3] is True  # relative
    assert next_year == parse_period("next year", None)
    assert parse_period("2027", None)[3] is False  # a year is absolute without a reference
    assert relative_date(next_year[0].isoformat()) == "Y+1-01-01"


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=80))
def test_any_text_gives_a_period_or_none(text):
    for reference in (REFERENCE, None):
        found = parse_period(text, reference)
        assert found is None or found[0] <= found[1]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            "on in by before after not the end of next last this early mid late March June "
            "Monday 3 14 2026 2027 , . - year month week day ago".split()
        ),
        max_size=6,
    )
)
def test_date_like_word_salad_gives_a_period_or_none(words):
    found = parse_period(" ".join(words), REFERENCE)
    assert found is None or found[0] <= found[1]


def test_reference_is_the_document_date_else_its_first_full_date(nlp):
    doc = nlp("The talks were held on 14 March 2026. They will resume in May.")
    assert reference_of(doc) == date(2026, 3, 14)
    set_reference(doc, "2026-01-05")
    assert reference_of(doc) == date(2026, 1, 5)
    undated = nlp("They will resume in May.")
    assert reference_of(undated) is None
    set_reference(undated, "not a date")
    assert reference_of(undated) is None


def test_an_undated_account_borrows_the_reference_of_the_others(nlp):
    dated, undated = nlp("Talks began on 14 March 2026."), nlp("Talks will resume in May.")
    set_references([dated, undated], [None, None])
    assert reference_of(undated) == date(2026, 3, 14)


def windows(nlp, text: str, iso: str | None = "2026-02-10") -> list[tuple]:
    doc = nlp(text)
    set_reference(doc, iso)
    (claim,) = extract_claims("A", doc)
    return [
        (t.text, t.time.modifier, t.time.earliest, t.time.latest)
        for t in claim.terms
        if t.kind == "time"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The commission will meet in March.",
            [("March", "in", "2026-03-01", "2026-03-31")],
        ),
        (
            "The commission will not meet before 2027.",
            [("2027", "not before", "2027-01-01", None)],
        ),
        (
            "The commission will not meet before next year.",
            [("next year", "not before", "2027-01-01", None)],
        ),
        (
            "The pipeline will be finished by 2030.",
            [("2030", "by", None, "2030-12-31")],
        ),
        (
            "The deal will be signed by the end of the month.",
            [("the end of the month", "by", None, "2026-02-28")],
        ),
        (
            "The sides agreed to meet again before the end of the year.",
            [("the end of the year", "before", None, "2026-12-31")],
        ),
        (
            "The talks will not resume until 2027.",
            [("2027", "not until", "2027-01-01", None)],
        ),
        (
            "The talks will resume after 2027.",
            [("2027", "after", "2028-01-01", None)],
        ),
        (
            "The talks will resume no later than June 3.",
            [("June 3", "no later than", None, "2026-06-03")],
        ),
        (
            "The ministers signed the deal on Monday.",
            [("Monday", "on", "2026-02-09", "2026-02-09")],
        ),
        # The time of the report, not of the event: no window.
        (
            "Li said on Monday that the talks went well.",
            [("Monday", "said", None, None)],
        ),
        # "not in March" leaves any other time open: no window.
        (
            "The commission will not meet in March.",
            [("March", "not in", None, None)],
        ),
    ],
)
def test_windows_of_the_words_around_a_time(nlp, text, expected):
    assert windows(nlp, text) == expected


def test_time_terms_serialise_without_made_up_years(nlp):
    doc = nlp("The commission will meet next year.")
    (claim,) = extract_claims("A", doc)
    (term,) = [t for t in claim.terms if t.kind == "time"]
    data = term.to_dict()
    assert data["kind"] == "time"
    assert data["time"]["relative"] is True
    assert data["time"]["start"] == "Y+1-01-01"
    assert data["text"] == doc.text[data["start"] : data["end"]]


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("The talks ended on 3 June.", "The talks ended on June 3."),
        ("The ministers signed a dozen agreements.", "The ministers signed 12 agreements."),
        ("The talks ended on Sept. 9.", "The talks ended on September 9."),
    ],
)
def test_lexical_number_rows_match_values_whatever_the_notation(claims_of, left, right):
    from readouts.similarity.lexical import encode, pair_features

    features = pair_features(encode(claims_of(left, "A")), encode(claims_of(right, "B")))
    assert features["numbers"][0, 0] == 1.0
    assert features["number_clash"][0, 0] == 0.0
