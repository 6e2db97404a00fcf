"""The matrix view of four documents and more: view rows, terminal, HTML, hostile labels.

The comparisons are real runs (``readouts.compare``, lexical backend) over the short outlet
accounts of ``tests/meeting.py``, made once per module. Golden files live in
``tests/golden/render_matrix_*``; regenerate them with
``UPDATE_GOLDEN=1 python -m pytest tests/test_matrix.py``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from meeting import accounts

from readouts.comparison import Comparison, DocumentEntry
from readouts.render import render
from readouts.render.html import render_html
from readouts.render.markdown import render_markdown
from readouts.render.terminal import render_terminal
from readouts.render.view import MATRIX_FROM, NOT_SAID, ONLY, build_view

GOLDEN = Path(__file__).parent / "golden"
ANSI = re.compile(r"\x1b\[[0-9;]*m")
SCRIPT = "<script>alert(1)</script>"
SURROGATE = "r\udce9sum\u00e9.txt"  # a file name whose é byte was not valid UTF-8
SURROGATE_SHOWN = "r\\xe9sum\u00e9.txt"


@pytest.fixture(scope="module")
def comparison() -> Callable[[int], Comparison]:
    """``comparison(n)``: the first ``n`` accounts compared, computed once per module."""
    import readouts

    made: dict[int, Comparison] = {}

    def make(count: int) -> Comparison:
        if count not in made:
            made[count] = readouts.compare(accounts(count), backend="lexical")
        return made[count]

    return make


def check_golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"{path} is missing; run with UPDATE_GOLDEN=1 to create it"
    assert actual == path.read_text(encoding="utf-8"), f"{name} changed; UPDATE_GOLDEN=1 to accept"


def relabelled(comparison: Comparison, labels: dict[str, str]) -> Comparison:
    """``comparison`` with the documents ``labels`` names given those labels."""
    documents = tuple(
        DocumentEntry(entry.id, replace(entry.document, label=labels[entry.id]))
        if entry.id in labels
        else entry
        for entry in comparison.documents
    )
    return replace(comparison, documents=documents)


def first_documents(comparison: Comparison, count: int) -> Comparison:
    """The comparison of only its first ``count`` documents (their claims and matches)."""
    keep = {entry.id for entry in comparison.documents[:count]}
    claims = tuple(claim for claim in comparison.claims if claim.doc in keep)
    kept = {claim.id for claim in claims}
    return replace(
        comparison,
        documents=comparison.documents[:count],
        claims=claims,
        matches=tuple(m for m in comparison.matches if set(m.claims) <= kept),
        groups=tuple(g for g in (tuple(c for c in g if c in kept) for g in comparison.groups) if g),
        summary=tuple(f for f in comparison.summary if set(f.claims) <= kept),
    )


# --- view ---------------------------------------------------------------------------------


def test_matrix_starts_at_four_documents(comparison) -> None:
    ten = comparison(10)
    assert MATRIX_FROM == 4
    assert not build_view(first_documents(ten, 3)).use_matrix
    assert build_view(first_documents(ten, 4)).use_matrix
    assert 'class="matrix"' not in render_html(first_documents(ten, 3))
    assert 'class="matrix"' in render_html(first_documents(ten, 4))


@pytest.mark.parametrize("count", [4, 10])
def test_every_claim_sits_in_exactly_one_matrix_cell(comparison, count: int) -> None:
    compared = comparison(count)
    view = build_view(compared)
    assert [row.number for row in view.matrix] == list(range(1, len(view.rows) + 1))
    assert [row.row for row in view.matrix] == list(view.rows)
    placed = []
    for row in view.matrix:
        assert [cell.doc for cell in row.cells] == [entry.id for entry in compared.documents]
        assert row.reference.id in row.row.claims
        for cell in row.cells:
            assert cell.said == bool(cell.claims)
            assert all(claim.claim.doc == cell.doc for claim in cell.claims)
            placed += cell.ids
        references = [cell for cell in row.cells if cell.reference]
        if row.row.is_only:
            (said,) = row.said
            assert said.relation == ONLY and said.symbol == "○" and not references
        else:
            (reference,) = references
            assert reference.relation == "equivalent"
            assert row.reference.id in reference.ids
        for cell in row.cells:
            assert (cell.symbol == NOT_SAID) == (not cell.said)
    assert sorted(placed) == sorted(claim.id for claim in compared.claims)


def test_cells_compare_each_account_with_the_row_wording(comparison) -> None:
    """Accounts that give the reference's number are '=', the others '≠' (not all '≠')."""
    view = build_view(comparison(10))
    row = next(r for r in view.matrix if "agreements" in r.reference.claim.text)
    number = re.search(r"\b(12|nine|14)\b", row.reference.claim.text)
    assert number is not None
    relations = {}
    for cell in row.said:
        (claim,) = cell.claims
        same = re.search(rf"\b{number.group()}\b", claim.claim.text) is not None
        relations[cell.doc] = cell.relation
        assert cell.relation == ("equivalent" if same else "conflict"), (cell.doc, claim.claim.text)
    assert set(relations.values()) == {"equivalent", "conflict"}
    assert row.missing, "some accounts do not mention the agreements"
    conflicts = [note for note in row.notes if note.kind == "conflict"]
    assert conflicts and all(note.label == "number conflict" for note in conflicts)
    assert all(number.group() in note.detail for note in conflicts)
    assert not [note for note in row.notes if note.kind == "pairs"]
    # The differing terms of a conflicting claim are its numbers, against the reference.
    conflicting = next(cell for cell in row.said if cell.relation == "conflict")
    marked = [segment for segment, on in conflicting.claims[0].segments if on]
    assert any(word in marked for word in ("nine", "14", "12"))


# --- terminal -----------------------------------------------------------------------------


@pytest.mark.parametrize("count", [4, 10, 26])
@pytest.mark.parametrize("width", [40, 60, 80, 100, 120, 160])
@pytest.mark.parametrize("color", [False, True], ids=["plain", "color"])
def test_terminal_matrix_fits_the_width(comparison, count: int, width: int, color: bool) -> None:
    output = ANSI.sub("", render_terminal(comparison(count), width=width, color=color))
    too_long = [line for line in output.splitlines() if len(line) > width]
    assert not too_long, too_long


def _matrix_lines(output: str) -> list[str]:
    start = next(i for i, line in enumerate(output.splitlines()) if line.startswith("Claims by"))
    lines = output.splitlines()[start:]
    end = next(i for i, line in enumerate(lines) if line.startswith("Claim texts"))
    return lines[:end]


@pytest.mark.parametrize("width", [80, 120])
def test_terminal_matrix_has_a_cell_per_account_and_the_row_wording(comparison, width) -> None:
    compared = comparison(10)
    view = build_view(compared)
    output = render_terminal(compared, width=width, color=False)
    lines = _matrix_lines(output)
    header = next(line for line in lines if line.strip().startswith("# A"))
    assert header.split() == ["#", *(entry.id for entry in compared.documents)]
    for row in view.matrix:
        start = next(
            i for i, line in enumerate(lines) if re.match(rf"\s+{row.number} [=≈≠○·]", line)
        )
        tokens = lines[start].split()[1:]
        assert len(tokens) == len(compared.documents)
        for token, cell in zip(tokens, row.cells):
            assert token == (f"{cell.symbol}{cell.ids[0]}" if cell.said else NOT_SAID)
        wording = next(
            line for line in lines[start + 1 :] if line.strip().startswith(row.reference.id)
        )
        text = row.reference.claim.text
        assert text[:20] in wording
        assert wording.endswith("…") or wording.endswith(text)
    # Every claim's full text, by id, after the matrix.
    texts = output[output.index("Claim texts") :]
    for claim in compared.claims:
        assert re.search(rf"^\s+{claim.id} ", texts, re.MULTILINE), claim.id


def test_terminal_matrix_splits_accounts_into_bands_when_they_do_not_fit(comparison) -> None:
    compared = comparison(26)
    narrow = _matrix_lines(render_terminal(compared, width=80, color=False))
    wide = _matrix_lines(render_terminal(compared, width=160, color=False))
    assert [line.split() for line in narrow if line.strip().startswith("# A")] == [
        ["#", *"ABCDEFGHIJKLM"]
    ]
    assert next(line.split() for line in narrow if line.strip().startswith("N "))[:3] == [
        "N",
        "O",
        "P",
    ]
    assert [line.split() for line in wide if line.strip().startswith("# A")] == [
        ["#", *"ABCDEFGHIJKLMNOPQRSTUVWXYZ"]
    ]


def test_terminal_matrix_colours_cells_by_relation(comparison) -> None:
    output = render_terminal(comparison(10), width=120, color=True)
    lines = output[output.index("Claims by") : output.index("Claim texts")].splitlines()
    assert any("\x1b[1;31m≠" in line for line in lines)  # conflict: bold red
    assert any("\x1b[1;32m=" in line for line in lines)  # equivalent: bold green
    assert any("\x1b[1;4;32m=" in line or "\x1b[1;32;4m=" in line for line in lines)


@pytest.mark.parametrize("count", [4, 10])
@pytest.mark.parametrize("width", [80, 120])
def test_terminal_matrix_golden(comparison, count: int, width: int) -> None:
    output = render_terminal(comparison(count), width=width, color=False)
    check_golden(f"render_matrix_{count}docs_{width}.txt", output)


# --- html ---------------------------------------------------------------------------------


def test_html_matrix_rows_cells_and_links(comparison) -> None:
    compared = comparison(10)
    view = build_view(compared)
    html = render_html(compared)
    assert html.index('id="summary"') < html.index('class="matrix"')
    rows = re.findall(r'<tr class="mrow rel-[a-z]+" id="([^"]+)">(.*?)</tr>', html, re.DOTALL)
    assert [anchor for anchor, _ in rows] == [row.anchor for row in view.matrix]
    for (_, body), row in zip(rows, view.matrix):
        cells = re.findall(r'<td class="cell rel-([a-z]+)', body)
        assert cells == [cell.relation or "none" for cell in row.cells]
        assert body.count("<details>") == 1
        assert body.count('<li class="rel-') == sum(len(cell.claims) for cell in row.said)
    # Column heads hold the short ids only; the key above the matrix names them.
    heads = re.findall(
        r'<th scope="col" class="doc" title="([^"]*)"><span class="doc-id">(.)</span>', html
    )
    assert heads == [(entry.label, entry.id) for entry in compared.documents]
    key = html[html.index('<ol class="key"') : html.index('<div class="matrix-wrap">')]
    for entry in compared.documents:
        assert (
            f'<span class="doc-id">{entry.id}</span><span class="label">{entry.label}</span>' in key
        )
    # Every link lands on an element of the page: findings, cells, claim ids.
    targets = set(re.findall(r'href="#([^"]+)"', html))
    ids = set(re.findall(r'id="([^"]+)"', html))
    assert {f"claim-{claim.id}" for claim in compared.claims} <= targets <= ids
    assert "calc(22.75rem + 10 * 1.75rem)" in html
    assert "<mark>" in html and "number conflict" in html


def test_html_matrix_is_self_contained_and_script_free(comparison) -> None:
    html = render_html(comparison(10))
    assert "<script" not in html.lower()
    assert "http://" not in html and "https://" not in html and "src=" not in html


@pytest.mark.parametrize("count", [4, 10])
def test_html_matrix_golden(comparison, count: int) -> None:
    check_golden(f"render_matrix_{count}docs.html", render_html(comparison(count)))


# --- hostile labels -----------------------------------------------------------------------


@pytest.mark.parametrize("count", [2, 4], ids=["columns", "matrix"])
def test_hostile_labels_are_escaped_and_surrogates_never_crash(comparison, count: int) -> None:
    compared = relabelled(first_documents(comparison(4), count), {"A": SCRIPT, "B": SURROGATE})
    html = render_html(compared)
    html.encode("utf-8")  # a lone surrogate would raise here
    assert "<script" not in html.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert SURROGATE_SHOWN in html and "\udce9" not in html
    for width in (80, 120):
        for color in (False, True):
            output = render_terminal(compared, width=width, color=color)
            output.encode("utf-8")
            plain = ANSI.sub("", output)
            assert SCRIPT in plain  # the terminal shows text as it is, never as markup
            assert SURROGATE_SHOWN in plain
            assert all(len(line) <= width for line in plain.splitlines())
    markdown = render_markdown(compared)
    markdown.encode("utf-8")
    assert "<script" not in markdown and SURROGATE_SHOWN.replace("\\", "\\\\") in markdown
    render(compared, "json").encode("utf-8", "surrogatepass")  # JSON keeps text as is


def test_every_label_is_escaped_in_the_matrix(comparison) -> None:
    hostile = {"A": SCRIPT, "B": '"><img src=x onerror=alert(1)>', "C": "AT&T <b>", "D": SURROGATE}
    html = render_html(relabelled(comparison(4), hostile))
    assert "<script" not in html.lower() and "<img" not in html and "<b>" not in html
    heads = re.findall(r'<th scope="col" class="doc" title="([^"]*)">', html)
    assert heads == [
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;",
        "AT&amp;T &lt;b&gt;",
        SURROGATE_SHOWN,
    ]


# --- markdown -----------------------------------------------------------------------------


def test_markdown_matrix_has_a_column_per_account(comparison) -> None:
    compared = comparison(10)
    view = build_view(compared)
    markdown = render_markdown(compared)
    assert "## Claims by account" in markdown and "## Aligned claims" not in markdown
    rows = [line for line in markdown.splitlines() if re.match(r"\| \d+ \| ", line)]
    assert len(rows) == len(view.matrix)
    for line in rows:
        # Unescaped pipes delimit "#", the claim and one column per account.
        assert len(re.findall(r"(?<!\\)\|", line)) == len(compared.documents) + 3, line
    for claim in compared.claims:
        assert f"- {claim.id}" in markdown
    check_golden("render_matrix_10docs.md", markdown)


def test_empty_matrix_renders_in_every_format() -> None:
    from readouts.documents import Document

    documents = tuple(
        DocumentEntry(doc_id, Document("", label=f"Paper {doc_id}")) for doc_id in "ABCD"
    )
    empty = Comparison(
        documents=documents, claims=(), matches=(), groups=(), summary=(), backend="lexical"
    )
    assert build_view(empty).use_matrix
    assert "No claims to show." in render_terminal(empty, width=80, color=False)
    assert "No claims to show." in render_html(empty)
    assert "No claims to show." in render_markdown(empty)
