"""Datelines: where a wire story was filed is not who speaks in it."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from readouts.attribution.datelines import dateline_spans, inside


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
