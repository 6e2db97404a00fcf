"""Renderings of ``readouts split``: the versions one article reports.

JSON for machines; a terminal view (rich) and Markdown that list each version (speaker and
channel) with its statements: the cue and the content, quoted from the article.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

from readouts.errors import UsageError
from readouts.render.markdown import escape
from readouts.render.view import one_line

if TYPE_CHECKING:
    from readouts.documents import Document
    from readouts.versions import Version

SPLIT_FORMATS: tuple[str, ...] = ("terminal", "markdown", "json")


def render_versions(
    document: Document,
    versions: Sequence[Version],
    fmt: str,
    *,
    width: int = 100,
    color: bool = False,
) -> str:
    """Render the ``versions`` of ``document`` in ``fmt`` (one of :data:`SPLIT_FORMATS`)."""
    if fmt == "json":
        data = {
            "document": {
                "path": document.path,
                "label": document.name,
                "chars": len(document.text),
            },
            "versions": [version.to_dict() for version in versions],
        }
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if fmt == "markdown":
        return _markdown(document, versions)
    if fmt == "terminal":
        return _terminal(document, versions, width=width, color=color)
    raise UsageError(f"unknown format {fmt!r}; choose one of: {', '.join(SPLIT_FORMATS)}")


def _statement(version: Version, index: int) -> tuple[str, str]:
    attribution = version.attributions[index]
    cue = attribution.cue.text if attribution.cue else ""
    content = " … ".join(span.text for span in attribution.content)
    return one_line(cue), one_line(content)


def _heading(version: Version) -> str:
    channel = " via ".join(version.via) if version.via else "the article itself"
    return f"{version.speaker} — according to {channel}"


def _markdown(document: Document, versions: Sequence[Version]) -> str:
    lines = [f"# Versions in {escape(document.name)}", ""]
    if not versions:
        lines.append("No attributed statements found.")
    for version in versions:
        lines += [f"## {escape(_heading(version))}", ""]
        for index in range(len(version.attributions)):
            cue, content = _statement(version, index)
            lines.append(f"- *{escape(cue)}*: {escape(content)}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _terminal(document: Document, versions: Sequence[Version], *, width: int, color: bool) -> str:
    from rich.padding import Padding
    from rich.text import Text

    from readouts.render.console import string_console

    console = string_console(width, color=color)
    console.print(Text(f"readouts · versions in {one_line(document.name)}", style="bold"))
    if not versions:
        console.print("No attributed statements found.")
    for version in versions:
        console.print()
        console.rule(Text(_heading(version), style="bold"), align="left")
        for index in range(len(version.attributions)):
            cue, content = _statement(version, index)
            line = Text()
            line.append(cue, style="bold yellow" if color else "")
            line.append(": ")
            line.append(content)
            console.print(Padding(line, (0, 0, 0, 2), expand=False))
    return console.file.getvalue()  # type: ignore[attr-defined]
