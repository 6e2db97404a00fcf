"""readouts.terms: number values and entity keys (pure functions, no pipeline)."""

from __future__ import annotations

import pytest

from readouts.terms import Term, entity_key, format_number, parse_number, weight


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (["3,000"], 3000),
        (["1,250,000"], 1_250_000),
        (["2.5", "billion"], 2.5e9),
        (["3.5", "bn"], 3.5e9),
        (["1.2", "mln"], 1.2e6),
        (["10", "k"], 10_000),
        (["five"], 5),
        (["Five"], 5),
        (["twelve"], 12),
        (["a", "dozen"], 12),
        (["twenty", "five"], 25),
        (["twenty", "-", "five"], 25),
        (["half"], 0.5),
        (["two", "hundred"], 200),
        (["three", "million"], 3e6),
        (["three", "hundred", "thousand"], 300_000),
        (["12"], 12),
        (["0"], 0),
        (["2,5"], 2.5),
        (["1,000.5"], 1000.5),
        (["$", "5", "million"], 5e6),
        (["$5"], 5),
        (["€40"], 40),
        (["20%"], 20),
        (["~3"], 3),
        (["+7"], 7),
        (["abc"], None),
        (["million"], None),
        (["first"], None),
        ([], None),
        ([""], None),
        (["$"], None),
        (["1.2.3"], None),
        (["1e400"], None),
        pytest.param(
            ["two", "thousand", "five", "hundred"],
            2500,
            id="two-thousand-five-hundred",
        ),
        pytest.param(
            ["one", "million", "two", "hundred", "thousand"],
            1_200_000,
            id="one-million-two-hundred-thousand",
        ),
    ],
)
def test_parse_number(words, expected):
    value = parse_number(words)
    if expected is None:
        assert value is None
    else:
        assert value == pytest.approx(expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the United States", "united states"),
        ("The United States", "united states"),
        ("United States’", "united states"),
        ("United States'", "united states"),
        ("China’s", "china"),
        ("China's", "china"),
        ("the  Kremlin ", "kremlin"),
        ("“Xinhua”", "xinhua"),
        ("Li Zhanshu", "li zhanshu"),
        ("Li\nZhanshu", "li zhanshu"),
        ("an Estmark official", "estmark official"),
        ("A Russian", "russian"),
        ("Theresa May", "theresa may"),
        ("Andorra", "andorra"),
        ("", ""),
    ],
)
def test_entity_key(text, expected):
    assert entity_key(text) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(3000.0, "3,000"), (12.0, "12"), (2.5, "2.5"), (1e9, "1,000,000,000"), (0.5, "0.5")],
)
def test_format_number(value, expected):
    assert format_number(value) == expected


@pytest.mark.parametrize(
    ("rare", "common"),
    [("fishermen", "the"), ("blockade", "meet"), ("zhanshu", "minister")],
)
def test_rare_words_weigh_more(rare, common):
    assert weight(rare) > weight(common)
    assert 0.5 <= weight(common) <= 8.0


def test_weight_bounds():
    assert weight("the") == 0.5
    assert weight("qzxjvwk") == 8.0


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        (
            Term("number", "#agreement:12", "12", 5, 7, "CARDINAL", 12.0, "agreement"),
            {
                "kind": "number",
                "text": "12",
                "start": 5,
                "end": 7,
                "label": "CARDINAL",
                "value": 12.0,
                "unit": "agreement",
            },
        ),
        (
            Term("entity", "china", "China", 0, 5, "GPE"),
            {"kind": "entity", "text": "China", "start": 0, "end": 5, "label": "GPE"},
        ),
        (
            Term("word", "plan", "plan", 3, 7),
            {"kind": "word", "text": "plan", "start": 3, "end": 7},
        ),
    ],
)
def test_term_to_dict(term, expected):
    assert term.to_dict() == expected


# --- amounts: number words, shares and qualifiers as intervals ---------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from readouts.terms import Amount, is_number_word, read_amount, spelled_number  # noqa: E402

INF = float("inf")


@pytest.mark.parametrize(
    ("text", "value", "low", "high", "percent"),
    [
        ("12", 12, 12, 12, False),
        ("twelve", 12, 12, 12, False),
        ("a dozen", 12, 12, 12, False),
        ("two dozen", 24, 24, 24, False),
        ("two hundred", 200, 200, 200, False),
        ("a hundred", 100, 100, 100, False),
        ("thirty-two", 32, 32, 32, False),
        ("two and a half", 2.5, 2.5, 2.5, False),
        ("half a million", 500_000, 500_000, 500_000, False),
        ("one million two hundred thousand", 1_200_000, 1_200_000, 1_200_000, False),
        ("nearly 40", 40, 36, 40, False),
        ("almost forty", 40, 36, 40, False),
        ("about 770", 770, 693, 847, False),
        ("around a dozen", 12, 10.8, 13.2, False),
        ("more than 30", 30, 30, INF, False),
        ("at least 30", 30, 30, INF, False),
        ("over 1,000", 1000, 1000, INF, False),
        ("fewer than 10", 10, 0, 10, False),
        ("up to 5,000", 5000, 0, 5000, False),
        ("tens of thousands", 10_000, 10_000, 100_000, False),
        ("hundreds of thousands", 100_000, 100_000, 1_000_000, False),
        ("thousands", 1000, 1000, 10_000, False),
        ("dozens", 24, 24, 144, False),
        ("half", 50, 45, 55, True),
        ("a third", 100 / 3, 30, 37, True),
        ("two-thirds", 200 / 3, 60, 74, True),
        ("a quarter", 25, 22, 28, True),
        ("three quarters", 75, 67, 83, True),
        ("one in five", 20, 18, 22, True),
        ("1 in 4", 25, 22, 28, True),
        ("two out of three", 200 / 3, 60, 74, True),
    ],
)
def test_read_amount(text, value, low, high, percent):
    amount = read_amount(text.split())
    assert amount is not None
    assert amount.value == pytest.approx(value)
    assert amount.low == pytest.approx(low)
    assert amount.high == pytest.approx(high)
    assert amount.percent is percent


@pytest.mark.parametrize("text", ["", "abc", "million", "the first quarter", "first"])
def test_read_amount_of_no_number(text):
    assert read_amount(text.split()) is None


def test_qualifiers_come_from_the_context_but_the_number_does_not():
    amount = read_amount(["40"], context=["the", "two", "sides", "saw", "nearly"])
    assert (amount.value, amount.low, amount.high) == (40, 36, 40)
    assert read_amount(["a", "dozen"], context=["the", "two", "sides", "signed"]).value == 12


@pytest.mark.parametrize(
    ("first", "second", "agree"),
    [
        ("a dozen", "12", True),
        ("nearly 40", "38", True),
        ("nearly 40", "41", False),
        ("more than 30", "32", True),
        ("more than 30", "25", False),
        ("tens of thousands", "20,000", True),
        ("tens of thousands", "5,000", False),
        ("one in five", "20", True),
        ("a third", "33", True),
        ("a third", "40", False),
        ("a fifth", "18", True),
        ("a fifth", "25", False),
        ("twelve", "nine", False),
    ],
)
def test_amounts_agree(first, second, agree):
    assert read_amount(first.split()).agrees(read_amount(second.split())) is agree


def test_amount_intervals_are_ordered_for_negative_values():
    amount = read_amount(["about", "-10"])
    assert amount.low <= amount.value <= amount.high or amount.low <= amount.high


@pytest.mark.parametrize(
    ("words", "expected"),
    [(["twenty", "five"], 25), (["dozen"], 12), (["two", "dozen"], 24), (["million"], None)],
)
def test_spelled_number(words, expected):
    assert spelled_number(words) == expected


@pytest.mark.parametrize(
    ("word", "expected"),
    [("twelve", True), ("Dozen", True), ("hundred", True), ("tens", False), ("cat", False)],
)
def test_is_number_word(word, expected):
    assert is_number_word(word) is expected


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=12), max_size=8), st.lists(st.text(max_size=8), max_size=4))
def test_any_words_give_an_amount_or_none(words, context):
    amount = read_amount(words, context)
    assert amount is None or isinstance(amount, Amount)
    if amount is not None:
        assert amount.low <= amount.high


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            "a an one two twelve dozen half third in out of more than nearly about tens "
            "thousands hundred million 3 40 1,000 - and".split()
        ),
        max_size=7,
    )
)
def test_number_word_salad_gives_an_amount_or_none(words):
    amount = read_amount(words)
    assert amount is None or amount.low <= amount.high


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=15), max_size=10))
def test_any_words_give_a_number_or_none(words):
    value = parse_number(words)
    assert value is None or value == value  # a float, never NaN, never an error
