"""The Markdown view of ``readouts quotes``: a section and a table per document.

Document text is escaped with :func:`readouts.render.markdown.escape`, so it can neither
break a table (``|``, line breaks) nor add emphasis, links or raw HTML.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from readouts.render.markdown import escape
from readouts.render.quotes.view import (
    KIND_HELP,
    DocumentView,
    QuoteRow,
    build_quotes_view,
)

if TYPE_CHECKING:
    from readouts.quotes import DocumentQuotes

HEADER = ("#", "Speaker", "Via", "Kind", "Source", "Cue", "Content")
ALIGN = ("---:", "---", "---", "---", "---", "---", "---")
NONE = "—"


def render_quotes_markdown(results: Sequence[DocumentQuotes]) -> str:
    """Render the attributions of ``results`` as GitHub-flavoured Markdown (ends with a newline)."""
    view = build_quotes_view(results)
    count = view.attribution_count
    documents = len(view.documents)
    lines = [
        f"# Quotes: {escape(view.title)}",
        "",
        f"{count} attribution{'' if count == 1 else 's'} in "
        f"{documents} document{'' if documents == 1 else 's'}: who is reported (*source*), "
        "the reporting verb or phrase (*cue*) and what was said (*content*). Kinds: "
        + "; ".join(f"*{kind}*: {meaning}" for kind, meaning in KIND_HELP.items())
        + ".",
    ]
    for entry in view.documents:
        lines += ["", *_document(entry)]
    return "\n".join(lines).rstrip("\n") + "\n"


def _document(entry: DocumentView) -> list[str]:
    count = len(entry.rows)
    details = []
    if entry.path and entry.path != entry.label:
        details.append(f"File {escape(entry.path)}")
    details.append(f"{entry.chars:,} characters")
    details.append(f"{count} attribution{'' if count == 1 else 's'}")
    lines = [f"## {entry.number}. {escape(entry.label)}", "", " · ".join(details) + ".", ""]
    if not entry.rows:
        return [*lines, "No attributions found."]
    lines += [_line(HEADER), _line(ALIGN)]
    lines += [_line(_cells(row)) for row in entry.rows]
    return lines


def _cells(row: QuoteRow) -> tuple[str, ...]:
    return (
        str(row.number),
        escape(row.speaker) if row.speaker else NONE,
        ", ".join(escape(channel) for channel in row.via) or NONE,
        row.kind,
        escape(row.source_text) or NONE,
        escape(row.cue_text) or NONE,
        escape(row.content_text) or NONE,
    )


def _line(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"
