"""The terminal report, drawn with rich and returned as a string.

Document text only ever enters rich as :class:`rich.text.Text` (never as markup), and
control characters are replaced, so a document cannot restyle or move the terminal.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from rich.console import RenderableType
from rich.padding import Padding
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from readouts.render.console import string_console
from readouts.render.view import (
    ONLY,
    RELATION_SYMBOLS,
    RELATIONS,
    ClaimCell,
    Note,
    ReportView,
    Row,
    Segment,
    build_view,
    one_line,
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
    "unique_terms": "bold magenta",
}
HIGHLIGHT_STYLE = "bold underline"
PLAIN_MARK = "*"
"""Wraps differing terms when there is no colour to show them."""

# Below this many columns per document, claims are stacked instead of side by side.
MIN_COLUMN = 28
INDENT = 2
GAP = 2


def render_terminal(comparison: Comparison, *, width: int = 100, color: bool = True) -> str:
    """Render ``comparison`` for a terminal ``width`` columns wide.

    With ``color=False`` the result is plain text (no escape codes) and differing terms
    are wrapped in ``*``; with colour they are bold and underlined and each relation has
    its colour (equivalent green, partial yellow, conflict red). Every line fits ``width``.
    """
    view = build_view(comparison)
    console = string_console(width, color=color)
    stacked = _column_width(width, len(view.documents)) < MIN_COLUMN
    for part in _report(view, width=width, color=color, stacked=stacked):
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
    title.append(one_line(view.backend), "bold")
    yield title
    docs = Table.grid(padding=(0, 2), pad_edge=False)
    docs.add_column(no_wrap=True, style="bold")
    docs.add_column(overflow="fold", ratio=1)
    docs.add_column(no_wrap=True, justify="right", style="dim")
    for entry in view.documents:
        count = view.claim_counts.get(entry.id, 0)
        docs.add_row(
            Text(one_line(entry.id)),
            Text(one_line(entry.label)),
            Text(f"{count} claim" + ("" if count == 1 else "s")),
        )
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
    label_width = max(len(finding.label) for finding in view.findings)
    for finding in view.findings:
        body = Text(one_line(finding.title))
        if finding.claims:
            body.append("  → " + ", ".join(one_line(cid) for cid, _ in finding.claims), "dim")
        grid.add_row(
            Text(f"{finding.number}."),
            Text(
                finding.label.upper().ljust(label_width), FINDING_STYLES.get(finding.kind, "bold")
            ),
            body,
        )
    yield Padding(grid, (0, 0, 0, INDENT))


def _doc_header(view: ReportView) -> RenderableType:
    grid = _grid(len(view.documents))
    grid.add_row(
        *(
            Text.assemble((f"{one_line(entry.id)} · {one_line(entry.label)}", "bold underline"))
            for entry in view.documents
        )
    )
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
        title.append(f" {row.score:.2f}", "dim")
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
                    grid.add_row(Text(one_line(entry.id)), _cell_text([cell], color=color))
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
        text.append(one_line(cell.id), "bold dim" if color else "")
        if cell.speaker:
            text.append(f" ({one_line(cell.speaker)})", "italic")
        text.append(" ")
        _append_segments(text, cell.segments, color=color)
    return text


def _append_segments(text: Text, segments: Iterable[Segment], *, color: bool) -> None:
    for raw, highlighted in segments:
        segment = one_line(raw)
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
            body.append(": " + one_line(note.detail))
        quotes = [
            f"{one_line(cid)} " + " / ".join(f"“{one_line(words)}”" for words in texts)
            for cid, texts in note.quotes
            if texts
        ]
        if quotes:
            body.append("  (" + "; ".join(quotes) + ")", "dim")
        grid.add_row(Text(symbol, style), body)
    return Padding(grid, (0, 0, 0, INDENT))
