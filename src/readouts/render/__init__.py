"""Turn a :class:`~readouts.comparison.Comparison` into text: terminal, Markdown, JSON, HTML.

Each renderer is imported only when asked for, so ``import readouts.render`` stays cheap
(rich and Jinja2 load on first use).

>>> FORMATS
('terminal', 'markdown', 'json', 'html')
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from readouts.errors import UsageError

if TYPE_CHECKING:
    from readouts.comparison import Comparison

FORMATS: tuple[str, ...] = ("terminal", "markdown", "json", "html")
"""The values ``render`` accepts for ``fmt``."""


def render(comparison: Comparison, fmt: str, *, width: int = 100, color: bool = False) -> str:
    """Render ``comparison`` in format ``fmt`` (one of :data:`FORMATS`).

    ``width`` (columns) and ``color`` (ANSI styles) apply to the terminal format only; the
    terminal output is plain text unless ``color`` is true. Raises
    :class:`~readouts.errors.UsageError` for an unknown format.
    """
    if fmt == "terminal":
        from readouts.render.terminal import render_terminal

        return render_terminal(comparison, width=width, color=color)
    if fmt == "markdown":
        from readouts.render.markdown import render_markdown

        return render_markdown(comparison)
    if fmt == "json":
        return render_json(comparison)
    if fmt == "html":
        from readouts.render.html import render_html

        return render_html(comparison)
    raise UsageError(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}")


def render_json(comparison: Comparison) -> str:
    """``comparison.to_dict()`` as indented JSON (non-ASCII kept as is), ending in a newline."""
    return json.dumps(comparison.to_dict(), ensure_ascii=False, indent=2) + "\n"


__all__ = ["FORMATS", "render", "render_json"]
