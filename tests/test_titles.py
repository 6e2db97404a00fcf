"""Titles and datelines (issue 10, item 2): a document's headline is its title claim,
shown as the column header, compared only with other headlines and never a finding; a
dateline is never a claim."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from readouts.claims import extract_claims
from readouts.documents import TITLE_MAX_CHARS, Document, title_span
from readouts.errors import InputError
from readouts.spans import Span


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Li meets Volodin in Moscow\n\nLi met Volodin on Monday.", "Li meets Volodin in Moscow"),
        ("Li meets Volodin in Moscow\r\nLi met Volodin on Monday.", "Li meets Volodin in Moscow"),
        ("\n  Li meets Volodin  \nThey met.", "Li meets Volodin"),
        ("# Li meets Volodin\n\nThey met.", "Li meets Volodin"),
        ("# Li meets Volodin. #\n\nThey met.", "Li meets Volodin."),  # an explicit heading
        ("Is peace near?”\nThey met.", None),
        ("Li met Volodin.\nThey talked.", None),
        ("Li said:\n“We are ready.”", None),
        ("Li meets Volodin", None),  # nothing follows: the only line is the text itself
        ("Li meets Volodin\n\n   ", None),
        ("By Jane Doe\n\nLi met Volodin.", None),
        ("Home » World » Asia\n\nLi met Volodin.", None),
        ("BEIJING, Sept. 9 (Xinhua) -- Li met Volodin\nThey talked.", None),
        ("## Section two\n\nThey met.", None),
        ("The ministers discussed trade\nand energy in Kessel.", None),  # hard-wrapped prose
        ("Sept. 9, 2026\n\nThey met.", None),
        ("x" * (TITLE_MAX_CHARS + 1) + " y\n\nThey met.", None),
    ],
)
def test_title_span(text, title):
    found = title_span(text)
    assert (found.text if found else None) == title
    if found is not None:
        assert text[found.start : found.end] == found.text


@given(st.text(alphabet=st.sampled_from("Ab #.?!”\"'»:,\n\r\t-—(X)19By "), max_size=200))
def test_title_span_never_raises_and_indexes_the_text(text):
    found = title_span(text)
    if found is not None:
        assert 0 <= found.start < found.end <= len(text)
        assert text[found.start : found.end] == found.text
        assert found.text == found.text.strip()
        assert "\n" not in found.text and "\r" not in found.text


@given(st.text(max_size=300))
def test_title_span_on_any_text(text):
    found = title_span(text)
    assert found is None or text[found.start : found.end] == found.text


def test_document_heading_must_index_its_text():
    text = "Li meets Volodin\n\nThey met."
    assert Document(text, heading=Span(0, 2, "Li")).title == Span(0, 2, "Li")
    with pytest.raises(InputError):
        Document(text, heading=Span(0, 2, "No"))
    with pytest.raises(InputError):
        Document(text, heading=Span(5, 99, text[5:]))


# --- claims ------------------------------------------------------------------------------


def test_headline_is_the_first_claim_and_a_title(parsed):
    text = "Li meets Volodin in Moscow\n\nLi met Volodin on Monday. They discussed trade."
    claims = extract_claims("A", parsed(text), title_span(text))
    assert [claim.title for claim in claims] == [True, False, False]
    assert claims[0].text == "Li meets Volodin in Moscow"
    # Without the title, the same line is an ordinary claim.
    assert not any(claim.title for claim in extract_claims("A", parsed(text)))


def test_markdown_heading_is_the_title_without_its_hash(parsed):
    text = "# Li meets Volodin in Moscow\n\nLi met Volodin on Monday."
    claims = extract_claims("A", parsed(text), title_span(text))
    assert claims[0].title and claims[0].text == "Li meets Volodin in Moscow"
    assert claims[0].start == 2
    assert [claim.text for claim in claims[1:]] == ["Li met Volodin on Monday."]


def test_dateline_after_headline_is_no_claim(parsed):
    text = (
        "Xi meets Putin in Moscow\n"
        "BEIJING, Sept. 9 (Xinhua) -- Chinese President Xi Jinping met Russian President "
        "Vladimir Putin on Tuesday.\n\n"
        "The two leaders discussed trade."
    )
    claims = extract_claims("A", parsed(text), title_span(text))
    assert [claim.text for claim in claims] == [
        "Xi meets Putin in Moscow",
        "Chinese President Xi Jinping met Russian President Vladimir Putin on Tuesday.",
        "The two leaders discussed trade.",
    ]
    assert claims[0].title
    for claim in claims:
        assert claim.text == text[claim.start : claim.end]
        assert "BEIJING" not in claim.text and "Xinhua" not in claim.text


def test_dateline_inside_a_unit_is_cut_out(parsed):
    # No title given: the headline and the dateline line still make no dateline claim.
    text = "Talks in Moscow\nBEIJING, Sept. 9 (Xinhua) -- Xi met Putin on Tuesday."
    claims = extract_claims("A", parsed(text))
    assert all("BEIJING" not in claim.text for claim in claims)
    assert claims[-1].text == "Xi met Putin on Tuesday."


@pytest.mark.parametrize(
    "line", ["Wednesday, September 9, 2026", "By John Smith", "By Jane Doe and Li Wei, Reuters"]
)
def test_date_lines_and_bylines_are_no_claims(parsed, line):
    text = f"{line}\n\nThe ministers met in Kessel."
    claims = extract_claims("A", parsed(text), title_span(text))
    assert [claim.text for claim in claims] == ["The ministers met in Kessel."]


def test_a_headline_that_is_a_date_is_no_title(parsed):
    text = "September 9, 2026\n\nThe ministers met in Kessel."
    claims = extract_claims("A", parsed(text), Span(0, 17, "September 9, 2026"))
    assert [(claim.text, claim.title) for claim in claims] == [
        ("The ministers met in Kessel.", False)
    ]


# --- end to end --------------------------------------------------------------------------

ESTMARK = (
    "Reyes and Varga hold talks in Kessel\n\n"
    "Foreign Minister Tomas Reyes held talks with Foreign Minister Ilona Varga in Kessel on "
    "14 March.\n\n"
    "The two ministers signed 9 agreements on energy and transport.\n\n"
    "Reyes raised the detention of six Estmark fishermen in Norvalian waters."
)
NORVALIA = (
    "Varga <welcomes> Estmark's foreign minister\n\n"
    "Foreign Minister Ilona Varga received Foreign Minister Tomas Reyes in Kessel on "
    "14 March.\n\n"
    "The two ministers signed 12 agreements on energy and transport.\n\n"
    "Varga said the two countries would build a new gas pipeline by 2028."
)


@pytest.fixture(scope="module")
def headlined():
    import readouts

    return readouts.compare(
        [Document(ESTMARK, label="Estmark"), Document(NORVALIA, label="Norvalia")],
        backend="lexical",
    )


def test_headlines_are_titles_and_never_findings(headlined):
    titles = [claim for claim in headlined.claims if claim.title]
    assert [claim.id for claim in titles] == ["A1", "B1"]
    # (unique_terms lines are the summary's own business: they may still cite a headline)
    finding_claims = {
        claim_id
        for finding in headlined.summary
        if finding.kind in ("only", "softening", "conflict")
        for claim_id in finding.claims
    }
    assert {"A1", "B1", "A4", "B4"} & finding_claims == {"A4", "B4"}
    for match in headlined.matches:
        # A headline is matched with a headline or nothing.
        assert len({headlined.claim(claim_id).title for claim_id in match.claims}) == 1
    data = json.loads(json.dumps(headlined.to_dict()))
    assert data["documents"][0]["title"] == {
        "start": 0,
        "end": 36,
        "text": "Reyes and Varga hold talks in Kessel",
    }
    assert data["claims"][0]["title"] is True
    assert "title" not in data["claims"][1]


def test_headlines_head_the_columns_and_stay_out_of_the_rows(headlined):
    from readouts.render.html import render_html
    from readouts.render.markdown import render_markdown
    from readouts.render.terminal import render_terminal
    from readouts.render.view import build_view

    view = build_view(headlined)
    assert {doc for row in view.headlines for doc in row.cells if row.cells[doc]} == {"A", "B"}
    assert not any(claim_id in ("A1", "B1") for row in view.rows for claim_id in row.claims)
    assert view.title_of("A") == "Reyes and Varga hold talks in Kessel"
    assert view.headline_notes
    terminal = render_terminal(headlined, width=100, color=False)
    assert "Reyes and Varga hold talks in Kessel" in terminal
    assert "Headlines:" in terminal
    html = render_html(headlined)
    assert '<span class="doc-title" lang="en">Varga &lt;welcomes&gt; Estmark&#39;s foreign minister' in html
    assert "<welcomes>" not in html
    assert "Headlines:" in html
    markdown = render_markdown(headlined)
    assert "*Varga &lt;welcomes&gt; Estmark's foreign minister*" in markdown
    assert "**Headlines:**" in markdown


def test_html_page_title_becomes_the_documents_title(tmp_path):
    import readouts
    from readouts.load import load

    page = (
        "<!DOCTYPE html><html><head><title>Ministers meet in Kessel | Ministry</title></head>"
        "<body><article><p>Foreign Minister Tomas Reyes held talks with Foreign Minister "
        "Ilona Varga in Kessel on Monday about trade and energy.</p><p>The two ministers "
        "signed twelve agreements on energy and transport along the border.</p></article>"
        "</body></html>"
    )
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    document = load(str(path))
    assert document.title is not None
    assert document.text[document.title.start : document.title.end] == document.title.text
    assert document.title.text.startswith("Ministers meet in Kessel")
    other = Document("Reyes and Varga meet\n\nReyes met Varga in Kessel on Monday.", label="b")
    comparison = readouts.compare([document, other], backend="lexical")
    assert comparison.claims_of("A")[0].title
    assert comparison.to_dict()["documents"][0]["title"]["text"] == document.title.text


def test_every_html_link_has_its_target(headlined):
    import re

    from readouts.render.html import render_html

    html = render_html(headlined)
    targets = set(re.findall(r'id="([^"]+)"', html))
    assert len(targets) == len(re.findall(r'id="([^"]+)"', html))  # ids are unique
    assert set(re.findall(r'href="#([^"]+)"', html)) <= targets
    assert 'id="claim-A1"' in html  # the headline, in its column header
