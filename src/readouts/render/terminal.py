"""The terminal report, drawn with rich and returned as a string.

Two or three documents: claims side by side in columns (stacked when the columns would be
too narrow). From :data:`~readouts.render.view.MATRIX_FROM` documents on: a matrix, one
line of cells per claim group (each cell a document's claim ids and how they compare with
the row's wording), the row's wording on one line under it, and the full texts by claim
id after the matrix.

Document text only ever enters rich as :class:`rich.text.Text` (never as markup), and
control characters are replaced, so a document cannot restyle or move the terminal; lone
surrogates (undecodable file names) are written as backslash escapes, so the output can
always be encoded.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.columns import Columns
from rich.console import RenderableType
from rich.padding import Padding
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from readouts.render.console import string_console
from readouts.render.view import (
    MATRIX_HELP,
    NOT_SAID,
    ONLY,
    RELATION_SYMBOLS,
    RELATIONS,
    ClaimCell,
    MatrixCell,
    MatrixRow,
    Note,
    ReportView,
    Row,
    Segment,
    build_view,
    printable,
    shorten,
)

if TYPE_CHECKING:
    from readouts.comparison import Comparison

RELATION_STYLES: dict[str, str] = {
    "equivalent": "bold green",
    "partial": "bold yellow",
    "conflict": "bold red",
    ONLY: "bold blue",
}
FINDING_STYLES: dict[str, str] = {
    "conflict": "bold red",
    "softening": "bold yellow",
    "only": "bold blue",
    "omission": "bold cyan",
    "unique_terms": "bold magenta",
}
SUMMARY_LINE_CHARS = 320
"""A summary line wider than this many terminal columns (a CJK character takes two) is
shortened, at a word boundary, with an ellipsis (the HTML and Markdown reports show it
whole)."""
HIGHLIGHT_STYLE = "bold underline"
PLAIN_MARK = "*"
"""Wraps differing terms when there is no colour to show them."""

# Below this many columns per document, claims are stacked instead of side by side.
MIN_COLUMN = 28
INDENT = 2
GAP = 2
# The matrix: one space between cells; the row's wording indented under its cells.
CELL_GAP = 1
KEY_LABEL = 24
"""Widest label, in terminal columns, in the account key over the matrix (the header lists
them in full)."""


def render_terminal(comparison: Comparison, *, width: int = 100, color: bool = True) -> str:
    """Render ``comparison`` for a terminal ``width`` columns wide.

    With ``color=False`` the result is plain text (no escape codes) and differing terms
    are wrapped in ``*``; with colour they are bold and underlined and each relation has
    its colour (equivalent green, partial yellow, conflict red). Every line fits ``width``.
    """
    view = build_view(comparison)
    console = string_console(width, color=color)
    if view.use_matrix:
        parts = _matrix_report(view, width=width, color=color)
    else:
        stacked = _column_width(width, len(view.documents)) < MIN_COLUMN
        parts = _report(view, width=width, color=color, stacked=stacked)
    for part in parts:
        console.print(part)
    output = console.file.getvalue()  # type: ignore[attr-defined]
    if not color:
        output = "\n".join(line.rstrip() for line in output.split("\n"))
    return output


def _column_width(width: int, documents: int) -> int:
    return (width - INDENT - GAP * max(documents - 1, 0)) // max(documents, 1)


def _report(
    view: ReportView, *, width: int, color: bool, stacked: bool
) -> Iterable[RenderableType]:
    yield from _header(view, color=color)
    yield from _summary(view)
    yield from _headlines(view)
    matched = view.matched_rows
    yield _section(f"Aligned claims ({len(matched)})")
    if not matched:
        yield Padding(Text("No claim of one account matches a claim of another.", "dim"), (0, 2))
    if not stacked:
        yield _doc_header(view)
    for number, row in enumerate(matched, start=1):
        yield _row_rule(number, row)
        yield _claims_grid(view, [row], color=color, stacked=stacked)
        if row.notes:
            yield _notes(row.notes)
    only = view.only_rows
    yield _section(f"Only in one account ({len(only)})")
    if not only:
        yield Padding(Text("Every claim has a match in another account.", "dim"), (0, 2))
    elif stacked:
        yield _claims_grid(view, only, color=color, stacked=True)
    else:
        # Lone claims are unrelated to each other: each column lists its own, top to bottom.
        yield _doc_header(view)
        grid = _grid(len(view.documents))
        grid.add_row(
            *(
                _cell_text(
                    (cell for row in view.only_in(entry.id) for cell in row.cells[entry.id]),
                    color=color,
                    separator="\n\n",
                )
                for entry in view.documents
            )
        )
        yield Padding(grid, (0, 0, 0, INDENT))


def _header(view: ReportView, *, color: bool) -> Iterable[RenderableType]:
    title = Text()
    title.append("readouts", "bold")
    title.append(f" · {len(view.documents)} accounts compared · backend: ")
    title.append(printable(view.backend), "bold")
    yield title
    docs = Table.grid(padding=(0, 2), pad_edge=False)
    docs.add_column(no_wrap=True, style="bold")
    docs.add_column(overflow="fold", ratio=1)
    docs.add_column(no_wrap=True, justify="right", style="dim")
    for entry in view.documents:
        label = Text(printable(entry.label))
        title = view.title_of(entry.id)
        if title:
            label.append("\n" + printable(title), "italic")
        docs.add_row(Text(printable(entry.id)), label, Text(view.count_label(entry.id)))
    yield Padding(docs, (0, 0, 0, INDENT))
    legend = Text()
    for relation in (*RELATIONS, ONLY):
        if legend:
            legend.append("   ")
        name = "only in one" if relation == ONLY else relation
        legend.append(f"{RELATION_SYMBOLS[relation]} {name}", RELATION_STYLES[relation])
    legend.append("   ")
    if color:
        legend.append("differing terms", HIGHLIGHT_STYLE)
    else:
        legend.append(f"{PLAIN_MARK}differing terms{PLAIN_MARK}")
    yield Padding(legend, (1, 0, 0, INDENT))


def _headlines(view: ReportView) -> Iterable[RenderableType]:
    """How the headlines compare, on a line of its own (the headlines head the columns)."""
    if view.headline_notes:
        line = Text()
        line.append("Headlines: ", "bold")
        line.append(printable("; ".join(view.headline_notes)))
        yield Padding(line, (1, 0, 0, INDENT))


def _section(title: str) -> RenderableType:
    rule = Rule(Text(title, "bold"), align="left", characters="═", style="dim")
    return Padding(rule, (1, 0, 0, 0))


def _summary(view: ReportView) -> Iterable[RenderableType]:
    yield _section(f"Summary ({len(view.findings)})")
    if not view.findings:
        yield Padding(
            Text("Nothing stands out: no conflict, softening or lone claim.", "dim"), (0, 2)
        )
        return
    grid = Table.grid(padding=(0, 1), pad_edge=False)
    grid.add_column(justify="right", no_wrap=True)
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold", ratio=1)
    label_width = max(cell_len(finding.label.upper()) for finding in view.findings)
    for finding in view.findings:
        body = Text(_shorten(printable(finding.title), SUMMARY_LINE_CHARS))
        if finding.claims:
            body.append("  → " + ", ".join(printable(cid) for cid, _ in finding.claims), "dim")
        grid.add_row(
            Text(f"{finding.number}."),
            Text(
                _pad(finding.label.upper(), label_width), FINDING_STYLES.get(finding.kind, "bold")
            ),
            body,
        )
    yield Padding(grid, (0, 0, 0, INDENT))


def _shorten(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` terminal columns after a whole word, with an
    ellipsis (and the closing quotation mark of a quoted claim kept)."""
    if cell_len(text) <= limit:
        return text
    closing = "”" if text.endswith("”") else ""
    body = text[: len(text) - len(closing)]
    return shorten(body, limit - cell_len(closing), cell_len) + closing


def _pad(text: str, width: int) -> str:
    """``text`` and spaces to ``width`` terminal columns (``str.ljust`` counts characters,
    and a CJK character takes two columns)."""
    return text + " " * max(width - cell_len(text), 0)


def _doc_header(view: ReportView) -> RenderableType:
    grid = _grid(len(view.documents))
    cells = []
    for entry in view.documents:
        cell = Text(f"{printable(entry.id)} · {printable(entry.label)}", "bold underline")
        title = view.title_of(entry.id)
        if title:
            cell.append("\n" + printable(title), "italic")
        cells.append(cell)
    grid.add_row(*cells)
    return Padding(grid, (0, 0, 0, INDENT))


def _grid(columns: int) -> Table:
    grid = Table.grid(padding=(0, GAP), pad_edge=False, expand=True)
    for _ in range(columns):
        grid.add_column(ratio=1, overflow="fold", vertical="top")
    return grid


def _row_rule(number: int, row: Row) -> RenderableType:
    style = RELATION_STYLES.get(row.relation, "bold")
    title = Text()
    title.append(f"{number} ")
    title.append(f"{RELATION_SYMBOLS.get(row.relation, '~')} {row.relation.upper()}", style)
    if row.score is not None:
        title.append(f" match {row.score:.2f}", "dim")
    return Padding(Rule(title, align="left", characters="─", style="dim"), (1, 0, 0, 0))


def _claims_grid(
    view: ReportView,
    rows: list[Row] | tuple[Row, ...],
    *,
    color: bool,
    stacked: bool,
) -> RenderableType:
    if stacked:
        grid = Table.grid(padding=(0, 1), pad_edge=False, expand=True)
        grid.add_column(no_wrap=True, style="bold")
        grid.add_column(ratio=1, overflow="fold")
        for row in rows:
            for entry in view.documents:
                for cell in row.cells.get(entry.id, ()):
                    grid.add_row(Text(printable(entry.id)), _cell_text([cell], color=color))
        return Padding(grid, (0, 0, 0, INDENT))
    grid = _grid(len(view.documents))
    for row in rows:
        grid.add_row(
            *(_cell_text(row.cells.get(entry.id, ()), color=color) for entry in view.documents)
        )
    return Padding(grid, (0, 0, 0, INDENT))


def _cell_text(cells: Iterable[ClaimCell], *, color: bool, separator: str = "\n") -> Text:
    text = Text()
    for cell in cells:
        if text:
            text.append(separator)
        text.append(printable(cell.id), "bold dim" if color else "")
        if cell.speaker:
            text.append(f" ({printable(cell.speaker)})", "italic")
        text.append(" ")
        _append_segments(text, cell.segments, color=color)
    return text


def _append_segments(text: Text, segments: Iterable[Segment], *, color: bool) -> None:
    for raw, highlighted in segments:
        segment = printable(raw)
        if not highlighted:
            text.append(segment)
        elif color:
            text.append(segment, HIGHLIGHT_STYLE)
        else:
            text.append(f"{PLAIN_MARK}{segment}{PLAIN_MARK}")


def _notes(notes: Iterable[Note]) -> RenderableType:
    grid = Table.grid(padding=(0, 1), pad_edge=False, expand=True)
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1, overflow="fold")
    for note in notes:
        style = {"conflict": "bold red", "softening": "bold yellow"}.get(note.kind, "dim")
        symbol = {"conflict": "!", "softening": "~"}.get(note.kind, "·")
        body = Text()
        body.append(note.label, style)
        if note.detail:
            body.append(": " + printable(note.detail))
        quotes = [
            f"{printable(cid)} " + " / ".join(f"“{printable(words)}”" for words in texts)
            for cid, texts in note.quotes
            if texts
        ]
        if quotes:
            body.append("  (" + "; ".join(quotes) + ")", "dim")
        grid.add_row(Text(symbol, style), body)
    return Padding(grid, (0, 0, 0, INDENT))


# --- matrix (four documents and more) -----------------------------------------------------


def _matrix_report(view: ReportView, *, width: int, color: bool) -> Iterable[RenderableType]:
    yield from _header(view, color=color)
    yield from _summary(view)
    yield _section(f"Claims by account ({len(view.matrix)} rows, {len(view.documents)} accounts)")
    if not view.matrix:
        yield Padding(Text("No claims to show.", "dim"), (0, 2))
        return
    yield from _headlines(view)
    yield Padding(_matrix_legend(), (0, 0, 0, INDENT))
    yield Padding(_account_key(view), (1, 0, 0, INDENT))
    layout = _MatrixLayout.of(view, width)
    yield Padding(layout.header(view), (1, 0, 0, INDENT))
    # Rows of several band lines are told apart by a blank line; one-line rows need none.
    spacing = 1 if len(layout.bands) > 1 else 0
    for row in view.matrix:
        yield Padding(layout.cells(row, color=color), (spacing, 0, 0, INDENT))
        wording = _wording(row, color=color, width=width - layout.text_indent)
        yield Padding(wording, (0, 0, 0, layout.text_indent))
        if row.notes:
            yield Padding(_notes(row.notes), (0, 0, 0, layout.text_indent - INDENT))
    yield from _claim_texts(view, color=color)


def _matrix_legend() -> Text:
    legend = Text()
    for relation in (*RELATIONS, ONLY):
        if legend:
            legend.append("   ")
        legend.append(RELATION_SYMBOLS[relation], RELATION_STYLES[relation])
        legend.append(f" {MATRIX_HELP[relation]}")
    legend.append(f"   {NOT_SAID} not said")
    legend.append(
        "\nA row is one claim: under its cells, the words of one account (its id first). "
        "Each cell holds an account's claim ids in the row and compares them with those "
        "words. Every claim's full text, by id, follows the matrix."
    )
    return legend


def _account_key(view: ReportView) -> RenderableType:
    """Id -> label, several to a line, next to the matrix (labels cut at a word; the header
    has them in full)."""
    entries = []
    for entry in view.documents:
        text = Text()
        text.append(printable(entry.id), "bold")
        text.append(" " + shorten(printable(entry.label), KEY_LABEL, cell_len))
        entries.append(text)
    return Columns(entries, padding=(0, 3), column_first=True)


class _MatrixLayout:
    """Column widths for the matrix at one terminal width.

    Every document column is as wide as its widest cell line. When the documents do not
    fit in one line, they are split into bands of equal size (A-M, N-Z): the header has
    one line per band and so does each row, so no line is ever wider than ``width``.
    """

    def __init__(self, number_width: int, cell_width: int, bands: list[list[str]]) -> None:
        self.number_width = number_width
        self.cell_width = cell_width
        self.bands = bands

    @classmethod
    def of(cls, view: ReportView, width: int) -> _MatrixLayout:
        number_width = len(str(len(view.matrix)))
        lines = [line for row in view.matrix for cell in row.cells for line in _cell_lines(cell)]
        cell_width = max([cell_len(line) for line in lines] + [1])
        room = width - INDENT - number_width - CELL_GAP
        per_line = max(1, (room + CELL_GAP) // (cell_width + CELL_GAP))
        ids = [entry.id for entry in view.documents]
        bands_needed = math.ceil(len(ids) / per_line)
        size = math.ceil(len(ids) / bands_needed)
        return cls(number_width, cell_width, [ids[i : i + size] for i in range(0, len(ids), size)])

    @property
    def text_indent(self) -> int:
        """Where a row's wording starts: under its first cell, two columns in."""
        return INDENT + self.number_width + CELL_GAP + 2

    def _grid(self) -> Table:
        grid = Table.grid(padding=(0, CELL_GAP, 0, 0), pad_edge=False)
        grid.add_column(width=self.number_width, justify="right", no_wrap=True)
        for _ in range(max(len(band) for band in self.bands)):
            grid.add_column(width=self.cell_width, no_wrap=True, overflow="crop")
        return grid

    def header(self, view: ReportView) -> RenderableType:
        grid = self._grid()
        for index, band in enumerate(self.bands):
            number = Text("#" if index == 0 else "", "bold")
            grid.add_row(number, *(Text(printable(doc_id), "bold underline") for doc_id in band))
        return grid

    def cells(self, row: MatrixRow, *, color: bool) -> RenderableType:
        grid = self._grid()
        by_doc = {cell.doc: cell for cell in row.cells}
        for index, band in enumerate(self.bands):
            number = Text(str(row.number) if index == 0 else "", "bold")
            grid.add_row(number, *(_cell(by_doc[doc_id], color=color) for doc_id in band))
        return grid


def _cell_lines(cell: MatrixCell) -> list[str]:
    """A cell's lines: the symbol before the first claim id, one id a line."""
    if not cell.claims:
        return [NOT_SAID]
    ids = [printable(claim_id) for claim_id in cell.ids]
    return [f"{cell.symbol}{ids[0]}", *(f" {claim_id}" for claim_id in ids[1:])]


def _cell(cell: MatrixCell, *, color: bool) -> Text:
    if not cell.said:
        return Text(NOT_SAID, "dim")
    style = RELATION_STYLES.get(cell.relation or "", "bold")
    if color and cell.reference:
        style += " underline"
    return Text("\n".join(_cell_lines(cell)), style if color else "")


def _wording(row: MatrixRow, *, color: bool, width: int) -> Text:
    """The row's reference claim on one line, cut at a word with an ellipsis to ``width``
    (the full text follows the matrix)."""
    cell = row.reference
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(printable(cell.id), "bold dim" if color else "")
    if cell.speaker:
        text.append(f" ({printable(cell.speaker)})", "italic")
    room = width - text.cell_len - 1
    text.append(" " + shorten(printable(cell.claim.text), max(room, 1), cell_len))
    return text


def _claim_texts(view: ReportView, *, color: bool) -> Iterable[RenderableType]:
    """Every claim's full text by id, account by account, with the row it sits in."""
    yield _section(f"Claim texts ({sum(view.claim_counts.values())})")
    # "A12 ≠ row 34": as wide for every account, so the texts line up down the section.
    place_width = max(
        (
            cell_len(f"{printable(claim.id)} x row {row.number}")
            for row in view.matrix
            for cell in row.cells
            for claim in cell.claims
        ),
        default=1,
    )
    for entry in view.documents:
        found = view.matrix_claims(entry.id)
        heading = Text(f"{printable(entry.id)} · {printable(entry.label)}", "bold underline")
        yield Padding(heading, (1, 0, 0, INDENT))
        if not found:
            yield Padding(Text("No claims.", "dim"), (0, 0, 0, INDENT + 2))
            continue
        grid = Table.grid(padding=(0, 1), pad_edge=False, expand=True)
        grid.add_column(no_wrap=True, width=place_width)
        grid.add_column(ratio=1, overflow="fold")
        for row, cell, claim in found:
            place = Text()
            place.append(printable(claim.id), "bold" if color else "")
            place.append(f" {cell.symbol}", RELATION_STYLES.get(cell.relation or "", ""))
            place.append(f" row {row.number}", "dim")
            grid.add_row(place, _claim_body(claim, color=color))
        yield Padding(grid, (0, 0, 0, INDENT + 2))


def _claim_body(claim: ClaimCell, *, color: bool) -> Text:
    text = Text()
    if claim.speaker:
        text.append(f"({printable(claim.speaker)}) ", "italic")
    _append_segments(text, claim.segments, color=color)
    return text
