"""The HTML view of ``readouts quotes``: one self-contained, script-free HTML5 page.

Per document, its text with every source, cue and content highlighted (each attribution
numbered where it starts) and a table of the attributions. Jinja2 autoescaping is on and
document text reaches the template only as plain strings (``(segment, role)`` pieces), so
every character of a document is escaped. The page shares the compare report's look
(``_base.css.j2``) and its Content-Security-Policy: it loads nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from readouts.render.jinja import CONTENT_SECURITY_POLICY, environment
from readouts.render.quotes.view import KIND_HELP, ROLE_HELP, ROLES, build_quotes_view

if TYPE_CHECKING:
    from readouts.quotes import DocumentQuotes

TEMPLATE = "quotes.html.j2"


def render_quotes_html(results: Sequence[DocumentQuotes]) -> str:
    """Render the attributions of ``results`` as a standalone HTML page (no scripts, no URLs)."""
    view = build_quotes_view(results)
    template = environment().get_template(TEMPLATE)
    return template.render(
        view=view,
        roles=[{"role": role, "help": ROLE_HELP[role]} for role in ROLES],
        kinds=KIND_HELP,
        counts=view.kind_counts(),
        csp=CONTENT_SECURITY_POLICY,
    )
