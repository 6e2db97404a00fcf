"""Renderings of ``readouts quotes``: JSON Lines, terminal, Markdown and HTML.

Each renderer is imported only when asked for, so importing this package stays cheap
(rich and Jinja2 load on first use).

>>> QUOTE_FORMATS
('jsonl', 'terminal', 'markdown', 'html')
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

from readouts.errors import UsageError

if TYPE_CHECKING:
    from readouts.quotes import DocumentQuotes

QUOTE_FORMATS: tuple[str, ...] = ("jsonl", "terminal", "markdown", "html")
"""The values ``render_quotes`` accepts for ``fmt``; ``jsonl`` is the default."""

# json.dumps leaves these unescaped, yet str.splitlines() breaks lines at them.
_LINE_SEPARATORS = {"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def render_quotes(
    results: Sequence[DocumentQuotes], fmt: str, *, width: int = 100, color: bool = False
) -> str:
    """Render ``results`` in format ``fmt`` (one of :data:`QUOTE_FORMATS`).

    ``width`` (columns) and ``color`` (ANSI styles) apply to the terminal format only.
    Raises :class:`~readouts.errors.UsageError` for an unknown format.
    """
    if fmt == "jsonl":
        return render_jsonl(results)
    if fmt == "terminal":
        from readouts.render.quotes.terminal import render_quotes_terminal

        return render_quotes_terminal(results, width=width, color=color)
    if fmt == "markdown":
        from readouts.render.quotes.markdown import render_quotes_markdown

        return render_quotes_markdown(results)
    if fmt == "html":
        from readouts.render.quotes.html import render_quotes_html

        return render_quotes_html(results)
    raise UsageError(f"unknown format {fmt!r}; choose one of: {', '.join(QUOTE_FORMATS)}")


def render_jsonl(results: Sequence[DocumentQuotes]) -> str:
    """One compact JSON object per document and line (non-ASCII kept as is).

    The characters other than a newline that ``str.splitlines`` breaks at are written as
    ``\\u`` escapes, so a record never spans two lines whichever way a reader splits.

    >>> from readouts.documents import Document
    >>> from readouts.quotes import DocumentQuotes
    >>> print(render_jsonl([DocumentQuotes(Document("Quiet.", label="a"), ())]), end="")
    {"document":{"path":null,"label":"a","chars":6},"attributions":[]}
    """
    return "".join(_line(result.to_dict()) for result in results)


def _line(record: dict[str, object]) -> str:
    line = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
    for character, escaped in _LINE_SEPARATORS.items():
        line = line.replace(character, escaped)
    return line + "\n"


__all__ = ["QUOTE_FORMATS", "render_jsonl", "render_quotes"]
