"""The one way readouts draws with rich: into a string, at a given width, colour optional.

Markup, emoji and highlighting are off, so document text is shown as written and cannot
restyle the output.
"""

from __future__ import annotations

import io

from rich.console import Console


def string_console(width: int, *, color: bool) -> Console:
    """A rich console that records into memory; read it with ``console.file.getvalue()``."""
    return Console(
        file=io.StringIO(),
        width=width,
        force_terminal=color,
        color_system="standard" if color else None,
        no_color=not color,
        markup=False,
        emoji=False,
        highlight=False,
        force_jupyter=False,
        force_interactive=False,
        legacy_windows=False,
        soft_wrap=False,
    )
