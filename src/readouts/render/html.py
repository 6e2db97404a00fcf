"""The HTML report: one self-contained, script-free HTML5 file.

Jinja2 autoescaping is on and document text reaches the template only as plain strings
(highlights are ``(segment, is_highlight)`` pairs), so every character of a document is
escaped. The page loads nothing: inline CSS only, and a Content-Security-Policy that
forbids everything else. Lone surrogates (an undecodable file name in a label) are written
as backslash escapes, so the page can always be encoded as UTF-8.

Two or three documents are shown in columns, one claim text per cell. From
:data:`~readouts.render.view.MATRIX_FROM` documents on the page shows a matrix instead
(``_matrix.html.j2``): a row per claim, a narrow symbol column per account under its id,
and each row's texts in a ``<details>`` element, so 26 accounts stay readable at 800 px.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from readouts.render.jinja import CONTENT_SECURITY_POLICY, environment
from readouts.render.view import (
    MATRIX_HELP,
    NOT_SAID,
    ONLY,
    RELATION_HELP,
    RELATION_SYMBOLS,
    RELATIONS,
    build_view,
    escape_surrogates,
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
    matrix_legend = [
        {
            "relation": relation,
            "symbol": RELATION_SYMBOLS[relation],
            "help": MATRIX_HELP[relation],
            "reference": False,
        }
        for relation in (*RELATIONS, ONLY)
    ]
    matrix_legend.append(
        {"relation": "none", "symbol": NOT_SAID, "help": "not said", "reference": False}
    )
    matrix_legend.append(
        {
            "relation": "equivalent",
            "symbol": RELATION_SYMBOLS["equivalent"],
            "help": "ringed: the account whose words the row shows",
            "reference": True,
        }
    )
    counts = view.relation_counts()
    template = environment().get_template(TEMPLATE)
    page = template.render(
        view=view,
        legend=legend,
        counts=counts,
        symbols=RELATION_SYMBOLS,
        csp=CONTENT_SECURITY_POLICY,
        only=ONLY,
        matrix_legend=matrix_legend,
        matrix_help=MATRIX_HELP,
        labels=view.labels,
        not_said=NOT_SAID,
    )
    # Surrogates are never markup, so escaping them in the finished page is escaping text.
    return escape_surrogates(page)
