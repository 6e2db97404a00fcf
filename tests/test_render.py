"""Renderers: terminal, Markdown, JSON and HTML output of a hand-built Comparison.

Golden files live in ``tests/golden/render_*``; regenerate them with
``UPDATE_GOLDEN=1 python -m pytest tests/test_render.py``.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from readouts.claims import Claim
from readouts.comparison import Comparison, DocumentEntry
from readouts.documents import Document
from readouts.errors import UsageError
from readouts.relations import Conflict, Match, Shift
from readouts.render import FORMATS, render
from readouts.render.html import render_html
from readouts.render.markdown import escape, render_markdown
from readouts.render.terminal import render_terminal
from readouts.render.view import build_view, highlight_segments, one_line
from readouts.spans import Span
from readouts.summary import Finding
from readouts.terms import Term

GOLDEN = Path(__file__).parent / "golden"
SCRIPT = "<script>alert(1)</script>"

TEXT_A = (
    "Li Qiang met Vyacheslav Volodin in Beijing on Tuesday. "
    "Police said 3,000 people attended the rally. "
    "The talks covered trade | energy. "
    "Volodin said ties were at their best ever. "
    "The visit ends on Friday."
)
TEXT_B = (
    "Chinese Premier Li Qiang met Vyacheslav Volodin in Beijing on Tuesday. "
    "About 300 people attended the rally, police said. "
    "The talks covered trade | energy. "
    "Volodin said ties may be improving. "
    f"Protesters gathered outside {SCRIPT} with *stars* and _under_ [links](x)."
)
TEXT_C = (
    "Li Qiang and Vyacheslav Volodin met in Beijing on Tuesday. "
    "Some 30,000 people attended the rally. "
    "The talks covered trade. They also covered energy. "
    "Moscow welcomed the visit."
)


class Builder:
    """Builds claims and spans by quoting the document text, so offsets are exact."""

    def __init__(self, **texts: str) -> None:
        self.texts = texts
        self.claims: dict[str, Claim] = {}

    def claim(self, claim_id: str, sentence: str, speaker: str | None = None) -> Claim:
        doc = claim_id[0]
        start = self.texts[doc].index(sentence)
        terms = tuple(
            Term("word", word.lower(), word, start + m.start(), start + m.end())
            for m in re.finditer(r"[A-Z][a-z]+", sentence)
            for word in [m.group()]
        )
        claim = Claim(
            id=claim_id,
            doc=doc,
            index=int(claim_id[1:]) - 1,
            start=start,
            end=start + len(sentence),
            text=sentence,
            speaker=speaker,
            terms=terms,
        )
        self.claims[claim_id] = claim
        return claim

    def span(self, claim_id: str, words: str) -> Span:
        claim = self.claims[claim_id]
        start = claim.start + claim.text.index(words)
        return Span.of(self.texts[claim.doc], start, start + len(words))


def _documents(**texts: str) -> tuple[DocumentEntry, ...]:
    labels = {"A": "Xinhua", "B": "Reuters", "C": "TASS"}
    return tuple(
        DocumentEntry(doc_id, Document(text, label=labels[doc_id], path=f"{doc_id.lower()}.txt"))
        for doc_id, text in texts.items()
    )


def two_documents() -> Comparison:
    """Xinhua vs Reuters: one equivalent, two partials (one softened), a number conflict."""
    b = Builder(A=TEXT_A, B=TEXT_B)
    b.claim("A1", "Li Qiang met Vyacheslav Volodin in Beijing on Tuesday.")
    b.claim("A2", "Police said 3,000 people attended the rally.", speaker="police")
    b.claim("A3", "The talks covered trade | energy.")
    b.claim("A4", "Volodin said ties were at their best ever.", speaker="Vyacheslav Volodin")
    b.claim("A5", "The visit ends on Friday.")
    b.claim("B1", "Chinese Premier Li Qiang met Vyacheslav Volodin in Beijing on Tuesday.")
    b.claim("B2", "About 300 people attended the rally, police said.", speaker="police")
    b.claim("B3", "The talks covered trade | energy.")
    b.claim("B4", "Volodin said ties may be improving.", speaker="Vyacheslav Volodin")
    b.claim("B5", f"Protesters gathered outside {SCRIPT} with *stars* and _under_ [links](x).")
    matches = (
        Match(
            claims=("A1", "B1"),
            relation="partial",
            score=0.86,
            differences={"B1": ("Chinese Premier",)},
            evidence={"B1": (b.span("B1", "Chinese Premier"),)},
        ),
        Match(
            claims=("A2", "B2"),
            relation="conflict",
            score=0.74,
            differences={"A2": ("3,000",), "B2": ("300",)},
            evidence={"A2": (b.span("A2", "3,000"),), "B2": (b.span("B2", "300"),)},
            conflicts=(
                Conflict(
                    kind="number",
                    detail="3,000 people vs 300 people",
                    spans={"A2": (b.span("A2", "3,000"),), "B2": (b.span("B2", "300"),)},
                ),
            ),
        ),
        Match(
            claims=("A3", "B3"),
            relation="equivalent",
            score=0.97,
            differences={},
            evidence={},
        ),
        Match(
            claims=("A4", "B4"),
            relation="partial",
            score=0.62,
            differences={"A4": ("best ever",), "B4": ("improving",)},
            evidence={"A4": (b.span("A4", "best ever"),), "B4": (b.span("B4", "improving"),)},
            shift=Shift(
                stronger="A4", softer="B4", amount=0.5, markers={"B4": (b.span("B4", "may"),)}
            ),
        ),
    )
    summary = (
        Finding(
            kind="conflict",
            title="Xinhua and Reuters disagree on the crowd: 3,000 vs 300 people",
            claims=("A2", "B2"),
            terms=("3,000", "300"),
            spans=(("A2", b.span("A2", "3,000")), ("B2", b.span("B2", "300"))),
            score=0.9,
        ),
        Finding(
            kind="softening",
            title="Reuters softens Volodin's statement on ties",
            claims=("A4", "B4"),
            spans=(("B4", b.span("B4", "may")),),
            score=0.7,
        ),
        Finding(
            kind="only",
            title="Only Reuters reports protesters outside",
            claims=("B5",),
            doc="B",
            score=0.6,
        ),
        Finding(
            kind="only",
            title="Only Xinhua says when the visit ends",
            claims=("A5",),
            doc="A",
            score=0.5,
        ),
        Finding(
            kind="unique_terms",
            title="Only Reuters names Li Qiang's title: Chinese Premier",
            claims=("B1",),
            doc="B",
            terms=("Chinese Premier",),
            spans=(("B1", b.span("B1", "Chinese Premier")),),
            score=0.3,
        ),
    )
    return Comparison(
        documents=_documents(A=TEXT_A, B=TEXT_B),
        claims=tuple(b.claims.values()),
        matches=matches,
        groups=(("A1", "B1"), ("A2", "B2"), ("A3", "B3"), ("A4", "B4")),
        summary=summary,
        backend="lexical",
        thresholds={"match": 0.5},
    )


def three_documents() -> Comparison:
    """Xinhua, Reuters and TASS: groups across three documents, a claim split in two."""
    b = Builder(A=TEXT_A, B=TEXT_B, C=TEXT_C)
    b.claim("A1", "Li Qiang met Vyacheslav Volodin in Beijing on Tuesday.")
    b.claim("A2", "Police said 3,000 people attended the rally.", speaker="police")
    b.claim("A3", "The talks covered trade | energy.")
    b.claim("A5", "The visit ends on Friday.")
    b.claim("B1", "Chinese Premier Li Qiang met Vyacheslav Volodin in Beijing on Tuesday.")
    b.claim("B2", "About 300 people attended the rally, police said.", speaker="police")
    b.claim("B5", f"Protesters gathered outside {SCRIPT} with *stars* and _under_ [links](x).")
    b.claim("C1", "Li Qiang and Vyacheslav Volodin met in Beijing on Tuesday.")
    b.claim("C2", "Some 30,000 people attended the rally.")
    b.claim("C3", "The talks covered trade.")
    b.claim("C4", "They also covered energy.")
    b.claim("C5", "Moscow welcomed the visit.")
    number = {
        "A2": (b.span("A2", "3,000"),),
        "B2": (b.span("B2", "300"),),
        "C2": (b.span("C2", "30,000"),),
    }
    matches = (
        Match(
            ("A1", "B1"),
            "partial",
            0.86,
            {"B1": ("Chinese Premier",)},
            {"B1": (b.span("B1", "Chinese Premier"),)},
        ),
        Match(("A1", "C1"), "equivalent", 0.93, {}, {}),
        Match(
            ("A2", "B2"),
            "conflict",
            0.74,
            {},
            {k: number[k] for k in ("A2", "B2")},
            conflicts=(
                Conflict("number", "3,000 vs 300 people", {k: number[k] for k in ("A2", "B2")}),
            ),
        ),
        Match(
            ("A2", "C2"),
            "conflict",
            0.78,
            {},
            {k: number[k] for k in ("A2", "C2")},
            conflicts=(
                Conflict("number", "3,000 vs 30,000 people", {k: number[k] for k in ("A2", "C2")}),
            ),
        ),
        Match(("A3", "C3", "C4"), "equivalent", 0.9, {}, {}),
    )
    summary = (
        Finding(
            "conflict",
            "Three different crowd sizes: 3,000, 300 and 30,000",
            ("A2", "B2", "C2"),
            score=0.9,
        ),
        Finding("only", "Only TASS says Moscow welcomed the visit", ("C5",), doc="C", score=0.5),
    )
    return Comparison(
        documents=_documents(A=TEXT_A, B=TEXT_B, C=TEXT_C),
        claims=tuple(b.claims.values()),
        matches=matches,
        groups=(("A1", "B1", "C1"), ("A2", "B2", "C2"), ("A3", "C3", "C4")),
        summary=summary,
        backend="lexical",
    )


def check_golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"{path} is missing; run with UPDATE_GOLDEN=1 to create it"
    assert actual == path.read_text(encoding="utf-8"), f"{name} changed; UPDATE_GOLDEN=1 to accept"


# --- view ---------------------------------------------------------------------------------


def test_highlight_segments_cover_the_text_and_merge_overlaps() -> None:
    text = "Police said 3,000 people attended."
    spans = [Span(112, 117, "3,000"), Span(115, 124, "000 people"), Span(90, 100, "x")]
    segments = highlight_segments(text, 100, spans)
    assert "".join(seg for seg, _ in segments) == text
    assert segments == [
        ("Police said ", False),
        ("3,000 people", True),
        (" attended.", False),
    ]


def test_highlight_segments_clip_and_ignore_outside_spans() -> None:
    text = "abcdef"
    assert highlight_segments(text, 10, [Span(0, 5, "x"), Span(20, 30, "y")]) == [("abcdef", False)]
    assert highlight_segments(text, 10, [Span(8, 12, "..ab"), Span(15, 30, "f...")]) == [
        ("ab", True),
        ("cde", False),
        ("f", True),
    ]
    assert highlight_segments("", 0, [Span(0, 3, "abc")]) == []


def test_view_orders_rows_and_interleaves_unmatched_claims() -> None:
    view = build_view(two_documents())
    assert [row.claims for row in view.rows] == [
        ("A1", "B1"),
        ("A2", "B2"),
        ("A3", "B3"),
        ("A4", "B4"),
        ("A5",),
        ("B5",),
    ]
    assert [row.relation for row in view.rows] == [
        "partial",
        "conflict",
        "equivalent",
        "partial",
        "only",
        "only",
    ]
    conflict = view.rows[1]
    assert [note.kind for note in conflict.notes] == ["conflict"]
    assert conflict.notes[0].quotes == (("A2", ("3,000",)), ("B2", ("300",)))
    # The softening marker is highlighted along with the differing term.
    b4 = view.rows[3].cells["B"][0]
    assert [seg for seg, hl in b4.segments if hl] == ["may", "improving"]
    assert [f.row_anchor for f in view.findings][:3] == ["row-A2", "row-A4", "row-B5"]


def test_view_groups_three_documents_and_worst_relation_wins() -> None:
    view = build_view(three_documents())
    rows = {row.claims[0]: row for row in view.rows}
    assert rows["A1"].claims == ("A1", "B1", "C1")
    assert rows["A1"].relation == "partial"
    assert rows["A2"].relation == "conflict"
    assert [cell.id for cell in rows["A3"].cells["C"]] == ["C3", "C4"]
    assert rows["A3"].cells["B"] == ()
    assert rows["A2"].notes[-1].kind == "pairs"
    # C5 (unmatched) comes after the row holding C4, its nearest earlier claim in C.
    order = [row.claims[0] for row in view.rows]
    assert order.index("C5") > order.index("A3")
    assert order.index("A5") > order.index("A3")


def test_one_line_neutralises_control_characters() -> None:
    assert one_line("a\nb\tc\x1b[31m\u202e") == "a b c\ufffd[31m\ufffd"


# --- terminal ----------------------------------------------------------------------------


@pytest.mark.parametrize("width", [100, 60])
@pytest.mark.parametrize("build", [two_documents, three_documents])
def test_terminal_plain_fits_width(width: int, build: object) -> None:
    comparison = build()  # type: ignore[operator]
    output = render_terminal(comparison, width=width, color=False)
    lines = output.splitlines()
    assert lines, "empty output"
    too_long = [line for line in lines if len(line) > width]
    assert not too_long, too_long
    assert "\x1b" not in output
    for entry in comparison.documents:
        assert entry.label in output
    assert "lexical" in output


def test_terminal_plain_shows_summary_relations_and_differences() -> None:
    output = render_terminal(two_documents(), width=100, color=False)
    for relation in ("EQUIVALENT", "PARTIAL", "CONFLICT"):
        assert relation in output
    assert "Xinhua and Reuters disagree on the crowd: 3,000 vs 300 people" in output
    assert "1." in output and "5." in output
    assert output.index("Summary") < output.index("Aligned claims") < output.index("Only in one")
    assert "*3,000*" in output and "*300*" in output
    assert "*Chinese Premier*" in output
    assert "number conflict: 3,000 people vs 300 people" in output
    assert "B4 softens A4" in output
    # Unmatched claims appear in the "only" section, after the aligned rows.
    assert output.index("The visit ends on Friday.") > output.index("Only in one")


def test_terminal_columns_side_by_side_for_two_documents() -> None:
    output = render_terminal(two_documents(), width=100, color=False)
    # A1 and B1 start on the same line: claims of one row are side by side.
    assert any("A1 Li" in line and "B1 " in line for line in output.splitlines())


def test_terminal_stacks_claims_when_columns_get_narrow() -> None:
    output = render_terminal(three_documents(), width=60, color=False)
    lines = output.splitlines()
    assert not any("A1 Li" in line and "B1 " in line for line in lines)
    assert "  A A1 Li Qiang" in lines[lines.index(next(x for x in lines if "≈ PARTIAL" in x)) + 1]
    assert any(line.startswith("  C C3 ") for line in lines)


def test_terminal_color_uses_relation_colours_and_no_markup_from_text() -> None:
    comparison = two_documents()
    output = render_terminal(comparison, width=100, color=True)
    assert "\x1b[" in output
    assert "\x1b[1;31m" in output  # conflict: bold red
    assert "\x1b[1;32m" in output  # equivalent: bold green
    assert "\x1b[1;33m" in output  # partial: bold yellow
    plain = re.sub(r"\x1b\[[0-9;]*m", "", output)
    assert "[links](x)" in plain  # brackets were not taken as rich markup
    assert all(len(line) <= 100 for line in plain.splitlines())


def test_terminal_neutralises_escape_sequences_in_documents() -> None:
    comparison = two_documents()
    b5 = comparison.claim("B5")
    hostile = Claim(**{**b5.__dict__, "text": "Evil \x1b[2J\x1b]0;title\x07 text"})
    comparison = Comparison(
        documents=comparison.documents,
        claims=tuple(hostile if c.id == "B5" else c for c in comparison.claims),
        matches=comparison.matches,
        groups=comparison.groups,
        summary=comparison.summary,
        backend=comparison.backend,
    )
    output = render_terminal(comparison, width=100, color=True)
    assert "\x1b[2J" not in output and "\x1b]0" not in output and "\x07" not in output


def test_terminal_golden() -> None:
    check_golden("render_terminal.txt", render_terminal(two_documents(), width=100, color=False))


def test_terminal_golden_three_documents_narrow() -> None:
    check_golden(
        "render_terminal_3docs_60.txt", render_terminal(three_documents(), width=60, color=False)
    )


# --- markdown ----------------------------------------------------------------------------


def test_markdown_has_summary_table_and_bold_differences() -> None:
    output = render_markdown(two_documents())
    assert output.startswith("# Readouts: Xinhua · Reuters\n")
    assert (
        "1. **Conflict:** Xinhua and Reuters disagree on the crowd: 3,000 vs 300 people" in output
    )
    assert "| # | Relation | A · Xinhua | B · Reuters |" in output
    assert "| ---: | --- | --- | --- |" in output
    assert "**3,000**" in output and "**300**" in output
    assert "**Chinese Premier**" in output
    assert "**may**" in output and "**improving**" in output
    assert output.index("## Summary") < output.index("| # | Relation")


def test_markdown_table_rows_keep_their_columns() -> None:
    output = render_markdown(two_documents())
    table = [
        line for line in output.splitlines() if line.startswith("| ") and "Relation" not in line
    ]
    rows = [line for line in table if re.match(r"\| \d+ \|", line)]
    assert len(rows) == 4
    for row in rows:
        # Unescaped pipes delimit exactly 4 columns: "#", relation, A, B.
        assert len(re.findall(r"(?<!\\)\|", row)) == 5, row
    assert "trade \\| energy" in output
    assert "trade | energy" not in output


def test_markdown_escapes_hostile_text() -> None:
    output = render_markdown(two_documents())
    assert "<script" not in output
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in output
    assert "\\*stars\\*" in output and "\\_under\\_" in output and "\\[links\\](x)" in output
    assert "### Only in A · Xinhua" in output and "### Only in B · Reuters" in output
    assert "- A5: The visit ends on Friday." in output


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("a|b", "a\\|b"),
        ("# heading", "\\# heading"),
        ("`code`", "\\`code\\`"),
        ("<img src=x>", "&lt;img src=x&gt;"),
        ("line\nbreak", "line break"),
        ("back\\slash", "back\\\\slash"),
        ("AT&T", "AT&amp;T"),
    ],
)
def test_markdown_escape(raw: str, escaped: str) -> None:
    assert escape(raw) == escaped


def test_markdown_golden() -> None:
    check_golden("render_markdown.md", render_markdown(two_documents()))


def test_markdown_golden_three_documents() -> None:
    check_golden("render_markdown_3docs.md", render_markdown(three_documents()))


# --- html --------------------------------------------------------------------------------


@pytest.fixture(params=[two_documents, three_documents], ids=["2docs", "3docs"])
def html(request: pytest.FixtureRequest) -> str:
    return render_html(request.param())


def test_html_escapes_document_text(html: str) -> None:
    assert "<script" not in html.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_html_is_self_contained(html: str) -> None:
    assert "http://" not in html and "https://" not in html
    assert "src=" not in html
    assert "@import" not in html and "url(" not in html
    assert '<meta charset="utf-8">' in html
    assert (
        '<meta http-equiv="Content-Security-Policy" '
        'content="default-src &#39;none&#39;; style-src &#39;unsafe-inline&#39;">' in html
    )
    assert html.startswith("<!DOCTYPE html>")


def test_html_marks_differences_and_orders_summary_first() -> None:
    html = render_html(two_documents())
    assert "<title>Readouts: Xinhua · Reuters</title>" in html
    assert "<mark>3,000</mark>" in html and "<mark>300</mark>" in html
    assert "<mark>Chinese Premier</mark>" in html
    assert "trade | energy" in html
    assert html.index('id="summary"') < html.index("<table")
    # Findings link to rows and claims that exist.
    targets = set(re.findall(r'href="#([^"]+)"', html))
    ids = set(re.findall(r'id="([^"]+)"', html))
    assert {"row-A2", "claim-A2", "claim-B5"} <= targets
    assert targets <= ids
    # Relation shown as a label, not only a colour; speakers shown.
    assert 'class="row rel-conflict"' in html
    assert "number conflict" in html and "3,000 people vs 300 people" in html
    assert '<span class="speaker">Vyacheslav Volodin</span>' in html


def test_html_unmatched_claims_sit_in_their_column() -> None:
    html = render_html(two_documents())
    body = html[html.index('id="row-B5"') :]
    body = body[: body.index("</tbody>")]
    cells = re.findall(r"<td[^>]*>", body)
    assert len(cells) == 2
    assert 'class="absent"' in cells[0] and 'class="absent"' not in cells[1]
    assert "only in B" in body


def test_html_three_documents_has_a_column_each() -> None:
    html = render_html(three_documents())
    assert "<title>Readouts: Xinhua · Reuters · TASS</title>" in html
    assert html.count('<th scope="col">') == 4
    assert "3,000 vs 30,000 people" in html
    assert 'colspan="4"' in html


def test_html_escapes_labels_and_speakers() -> None:
    comparison = two_documents()
    a = comparison.documents[0]
    evil = DocumentEntry("A", Document(a.document.text, label='<b onmouseover="x">A</b>'))
    comparison = Comparison(
        documents=(evil, comparison.documents[1]),
        claims=comparison.claims,
        matches=comparison.matches,
        groups=comparison.groups,
        summary=comparison.summary,
        backend="<i>lexical</i>",
    )
    html = render_html(comparison)
    assert "<b onmouseover" not in html and "<i>lexical" not in html
    assert "&lt;b onmouseover=&#34;x&#34;&gt;A&lt;/b&gt;" in html


# --- json and dispatch -------------------------------------------------------------------


def test_json_round_trips() -> None:
    comparison = two_documents()
    output = render(comparison, "json")
    assert output.endswith("}\n")
    assert json.loads(output) == comparison.to_dict()
    assert SCRIPT in output  # JSON keeps the text as is; escaping is the reader's job


def test_render_dispatches_every_format() -> None:
    comparison = three_documents()
    assert render(comparison, "terminal", width=80) == render_terminal(
        comparison, width=80, color=False
    )
    assert render(comparison, "markdown") == render_markdown(comparison)
    assert render(comparison, "html") == render_html(comparison)
    assert "\x1b[" in render(comparison, "terminal", color=True)
    assert set(FORMATS) == {"terminal", "markdown", "json", "html"}
    with pytest.raises(UsageError, match="unknown format 'pdf'"):
        render(comparison, "pdf")


def test_importing_render_does_not_load_rich_or_jinja() -> None:
    code = (
        "import sys, readouts.render; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('rich', 'jinja2')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_empty_comparison_renders() -> None:
    comparison = Comparison(
        documents=_documents(A="Nothing.", B="Nothing either."),
        claims=(),
        matches=(),
        groups=(),
        summary=(),
        backend="lexical",
    )
    for fmt in FORMATS:
        assert render(comparison, fmt)
    assert "Nothing stands out" in render(comparison, "terminal")


def test_notes_on_the_demo_never_show_empty_quotes(demo_comparison):
    # A softening with no marker words on one side must not print "()".
    html = render(demo_comparison, "html")
    assert "softening" in html
    assert "()" not in html


# --- shortening and content spans (issue 10, item 8) ------------------------------------

from dataclasses import replace as _replace  # noqa: E402

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from readouts.render.view import ELLIPSIS, content_runs, shorten  # noqa: E402


@given(st.text(alphabet=st.sampled_from("ab ,;\n\t.é"), max_size=60), st.integers(0, 70))
def test_shorten_never_cuts_a_word(text: str, limit: int) -> None:
    short = shorten(text, limit)
    assert len(short) <= max(limit, 0)
    if short == text:
        return
    if limit >= 1:
        assert short.endswith(ELLIPSIS)
    kept = short[: -len(ELLIPSIS)] if short.endswith(ELLIPSIS) else short
    assert text.startswith(kept)
    # The cut falls where a word ends: the text goes on with a space (or has ended).
    if kept:
        rest = text[len(kept) :]
        assert rest[:1].isspace() or rest[:1] in ",;:" or not rest


def test_shorten_examples() -> None:
    assert shorten("We are providing our assistance", 100) == "We are providing our assistance"
    assert shorten("We are providing our assistance", 21) == "We are providing our…"
    assert shorten("We are providing our assistance", 20) == "We are providing…"
    assert shorten("Supercalifragilistic words", 10) == ELLIPSIS


@given(
    st.text(alphabet="ab ", min_size=1, max_size=30),
    st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30)), max_size=3),
    st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30)), max_size=3),
)
def test_content_runs_keep_the_text_and_its_highlights(text, marks, said) -> None:
    offset = 7
    spans = [Span.of(" " * offset + text, offset + a, offset + b) for a, b in marks if a < b]
    content = [Span.of(" " * offset + text, offset + a, offset + b) for a, b in said if a < b]
    segments = highlight_segments(text, offset, spans)
    runs = content_runs(segments, offset, content)
    assert "".join(piece for _, pieces in runs for piece, _ in pieces) == text
    flat = [(c, h) for inside, pieces in runs for piece, h in pieces for c in [inside] * len(piece)]
    highlighted = [h for piece, h in segments for _ in piece]
    assert [h for _, h in flat] == highlighted
    for position, (inside, _) in enumerate(flat):
        assert inside == any(s.start - offset <= position < s.end - offset for s in content)


def test_html_highlights_the_content_inside_the_claim() -> None:
    comparison = two_documents()
    claims = []
    for claim in comparison.claims:
        if claim.id == "A4":  # "Volodin said ties were at their best ever."
            start = claim.start + claim.text.index("ties")
            end = claim.start + claim.text.index(".")
            said = (Span(start, end, TEXT_A[start:end]),)
            claims.append(_replace(claim, content=said))
        else:
            claims.append(claim)
    html = render_html(_replace(comparison, claims=tuple(claims)))
    assert (
        'Volodin said <span class="said">ties were at their <mark>best ever</mark></span>.' in html
    )


def test_terminal_matrix_wording_is_cut_at_a_word() -> None:
    from readouts.render.terminal import _wording
    from readouts.render.view import build_view as _build

    view = _build(two_documents())
    cut = 0
    for row in view.matrix:
        reference = row.reference
        prefix = reference.id + (f" ({reference.speaker})" if reference.speaker else "") + " "
        text = _wording(row, color=False, width=34).plain
        assert len(text) <= 34 and text.startswith(prefix)
        shown = text[len(prefix) :]
        if shown.endswith(ELLIPSIS):
            cut += 1
            kept = shown[: -len(ELLIPSIS)]
            assert reference.claim.text.startswith(kept)
            following = reference.claim.text[len(kept) : len(kept) + 1]
            assert following and (following.isspace() or following in ",;:")
    assert cut
