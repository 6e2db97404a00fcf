"""Datelines: where a wire story was filed is not who speaks in it."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from readouts.attribution.datelines import dateline_spans, end_within, inside


@pytest.mark.parametrize(
    ("text", "dateline"),
    [
        ("BEIJING, Sept. 9 (Xinhua) -- Xi said ...", "BEIJING, Sept. 9 (Xinhua) --"),
        ("MOSCOW (Reuters) - Lavrov said ...", "MOSCOW (Reuters) -"),
        ("WASHINGTON — The State Department said ...", "WASHINGTON —"),
        ("HAINAN PROVINCE, China: Goh said ...", "HAINAN PROVINCE, China:"),
        ("FLINT, Mich., Oct. 4 (UPI) — Clinton said ...", "FLINT, Mich., Oct. 4 (UPI) —"),
        ("New York (AFP) – Susan Sarandon said ...", "New York (AFP) –"),
        ("First line.\n  ROME - Sanders met the Pope.", "ROME -"),
        ("MOSCOW, September 10. /TASS/. Putin held talks ...", "MOSCOW, September 10. /TASS/."),
    ],
)
def test_datelines_are_found_with_their_closing_mark(text, dateline):
    spans = dateline_spans(text)
    assert [text[start:end] for start, end in spans] == [dateline]


@pytest.mark.parametrize(
    "text",
    [
        "PENCE: Gennifer Flowers will not attend.",  # a transcript's speaker label
        "Pat Caddell: The voters are angry.",
        "Washington - the capital - was quiet.",  # title case, no agency: prose
        "Li Zhanshu said that China supports Russia.",
        "He said: “We are providing our assistance.”",
        "The talks -- long delayed -- began.",  # a dash, but not at a place
        "Talks ended. /TASS/ has more.",
    ],
)
def test_no_dateline_in_labels_and_prose(text):
    assert dateline_spans(text) == []


def test_inside():
    assert inside([(0, 5)], 0) and inside([(0, 5)], 4)
    assert not inside([(0, 5)], 5) and not inside([], 0)


@given(st.text(alphabet=st.sampled_from("ABC ab,.():-—–\n\t\xa0(19)Xinhua"), max_size=300))
def test_spans_are_ordered_bounded_and_end_at_a_mark(text):
    spans = dateline_spans(text)
    assert spans == sorted(spans)
    for start, end in spans:
        assert 0 <= start < end <= len(text)
        assert start == 0 or text[start - 1] in "\n \t\xa0"
        assert text[start:end].rstrip().endswith(("-", "—", "–", ":"))


def test_end_within():
    spans = [(0, 5), (10, 15)]
    assert end_within(spans, 3, 4) == 5
    assert end_within(spans, 4, 12) == 15  # the last one that overlaps
    assert end_within(spans, 5, 10) is None
    assert end_within([], 0, 9) is None


@given(
    st.lists(st.integers(0, 200), max_size=20).map(lambda xs: sorted(set(xs))),
    st.integers(0, 210),
)
def test_inside_agrees_with_a_scan(bounds, position):
    spans = list(zip(bounds[::2], bounds[1::2]))
    assert inside(spans, position) == any(a <= position < b for a, b in spans)


def test_many_datelines_stay_fast():
    text = "AB - x\n" * 50_000
    spans = dateline_spans(text)
    assert len(spans) == 50_000
    assert all(inside(spans, start) for start, _ in spans[::1000])
