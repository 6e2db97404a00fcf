"""The HTML report: one self-contained, script-free HTML5 file.

Jinja2 autoescaping is on and document text reaches the template only as plain strings
(highlights are ``(segment, is_highlight)`` pairs), so every character of a document is
escaped. The page loads nothing: inline CSS only, and a Content-Security-Policy that
forbids everything else.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from readouts.render.jinja import CONTENT_SECURITY_POLICY, environment
from readouts.render.view import (
    ONLY,
    RELATION_HELP,
    RELATION_SYMBOLS,
    RELATIONS,
    build_view,
)

if TYPE_CHECKING:
    from readouts.comparison import Comparison

TEMPLATE = "report.html.j2"


def render_html(comparison: Comparison) -> str:
    """Render ``comparison`` as a standalone HTML page (UTF-8, no scripts, no URLs)."""
    view = build_view(comparison)
    legend = [
        {
            "relation": relation,
            "symbol": RELATION_SYMBOLS[relation],
            "help": RELATION_HELP[relation],
        }
        for relation in (*RELATIONS, ONLY)
    ]
    counts = view.relation_counts()
    template = environment().get_template(TEMPLATE)
    return template.render(
        view=view,
        legend=legend,
        counts=counts,
        symbols=RELATION_SYMBOLS,
        csp=CONTENT_SECURITY_POLICY,
        only=ONLY,
    )
