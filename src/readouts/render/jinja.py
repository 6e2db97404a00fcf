"""The Jinja2 environment every HTML page shares.

Autoescaping is on and undefined names fail, so a template can neither pass document text
through unescaped nor silently print nothing. Pages load nothing: inline CSS only, under a
Content-Security-Policy that forbids everything else.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import jinja2

CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'"
"""No scripts, no fetches, no frames: only the page's own inline styles."""


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    """The environment over ``readouts/render/templates`` (Jinja2 is imported here)."""
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader("readouts", "render/templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
