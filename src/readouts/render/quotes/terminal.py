"""The terminal view of ``readouts quotes``, drawn with rich and returned as a string.

Document text only ever enters rich as :class:`rich.text.Text` (never as markup), and
control characters are replaced, so a document cannot restyle or move the terminal.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.console import RenderableType
from rich.padding import Padding
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from readouts.render.console import string_console
from readouts.render.quotes.view import (
    CONTENT,
    CUE,
    ROLE_HELP,
    ROLES,
    SOURCE,
    DocumentView,
    QuoteRow,
    QuotesView,
    build_quotes_view,
)
from readouts.render.view import one_line

if TYPE_CHECKING:
    from readouts.quotes import DocumentQuotes

ROLE_STYLES: dict[str, str] = {SOURCE: "bold cyan", CUE: "bold magenta", CONTENT: "green"}
ROLE_MARKS: dict[str, tuple[str, str]] = {
    SOURCE: ("⟦", "⟧"),
    CUE: ("«", "»"),
    CONTENT: ("⟨", "⟩"),
}
"""Bracket each role when there is no colour to show it."""
KIND_STYLES: dict[str, str] = {"direct": "bold", "indirect": "", "mixed": "bold"}
INDENT = 2


def render_quotes_terminal(
    results: Sequence[DocumentQuotes], *, width: int = 100, color: bool = True
) -> str:
    """Render the attributions of ``results`` for a terminal ``width`` columns wide.

    Each document has a header rule, then one numbered entry per attribution: the speaker
    (and the channel, "via X"), the kind, and the excerpt with source, cue and content in
    three styles. With ``color=False`` the output is plain text and the three are bracketed
    ``⟦source⟧ «cue» ⟨content⟩`` instead. Every line fits ``width``.
    """
    view = build_quotes_view(results)
    console = string_console(width, color=color)
    for part in _report(view, width=width, color=color):
        console.print(part)
    output = console.file.getvalue()  # type: ignore[attr-defined]
    if not color:
        output = "\n".join(line.rstrip() for line in output.split("\n"))
    return output


def _report(view: QuotesView, *, width: int, color: bool) -> Iterable[RenderableType]:
    count = view.attribution_count
    documents = len(view.documents)
    title = Text()
    title.append("readouts quotes", "bold")
    title.append(
        f" · {documents} document{'' if documents == 1 else 's'}"
        f" · {count} attribution{'' if count == 1 else 's'}"
    )
    yield title
    yield Padding(_legend(color=color, width=width - INDENT), (0, 0, 0, INDENT))
    for entry in view.documents:
        yield from _document(entry, color=color)


def _legend(*, color: bool, width: int) -> Text:
    """The three roles on one line, or one per line when that line would not fit."""
    items = []
    for role in ROLES:
        item = _marked(role, role, color=color)
        item.append(f" {ROLE_HELP[role]}", "dim")
        items.append(item)
    separator = "   "
    if sum(item.cell_len for item in items) + cell_len(separator) * (len(items) - 1) > width:
        separator = "\n"
    return Text(separator).join(items)


def _document(entry: DocumentView, *, color: bool) -> Iterable[RenderableType]:
    title = Text()
    title.append(f"{entry.number} · ", "bold")
    title.append(one_line(entry.label), "bold")
    yield Padding(Rule(title, align="left", characters="═", style="dim"), (1, 0, 0, 0))
    details = []
    if entry.path and entry.path != entry.label:
        details.append(one_line(entry.path))
    count = len(entry.rows)
    details.append(f"{entry.chars:,} characters")
    details.append(f"{count} attribution{'' if count == 1 else 's'}")
    yield Padding(Text(" · ".join(details), "dim", overflow="fold"), (0, 0, 0, INDENT))
    if not entry.rows:
        yield Padding(Text("No attributions found.", "dim"), (1, 0, 0, INDENT))
        return
    grid = Table.grid(padding=(0, 1), pad_edge=False, expand=True)
    grid.add_column(justify="right", no_wrap=True)
    grid.add_column(ratio=1, overflow="fold")
    for index, row in enumerate(entry.rows):
        body = _entry(row, color=color)
        if index < len(entry.rows) - 1:
            body.append("\n")  # a blank line between entries
        grid.add_row(Text(f"{row.number}.", "bold"), body)
    yield Padding(grid, (1, 0, 0, INDENT))


def _entry(row: QuoteRow, *, color: bool) -> Text:
    text = Text()
    if row.speaker:
        text.append(one_line(row.speaker), "bold")
    else:
        text.append("unnamed source", "dim italic")
    if row.via:
        text.append(" via " + ", ".join(one_line(channel) for channel in row.via), "italic")
    text.append(" · ")
    text.append(row.kind, KIND_STYLES.get(row.kind, ""))
    text.append("\n")
    for segment, role in row.excerpt:
        if role is None:
            text.append(one_line(segment))
        else:
            text.append_text(_marked(one_line(segment), role, color=color))
    return text


def _marked(segment: str, role: str, *, color: bool) -> Text:
    if color:
        return Text(segment, ROLE_STYLES[role])
    opening, closing = ROLE_MARKS[role]
    return Text(f"{opening}{segment}{closing}")
