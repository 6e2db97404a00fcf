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
