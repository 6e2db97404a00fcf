"""The Markdown report: a summary list, one table of aligned claims, lone claims per document.

From four documents on, the aligned claims are a matrix instead (one table row per claim,
one narrow column of symbols and claim ids per account), then every claim's text by id.

Document text is escaped so it can neither break the table (``|``, line breaks) nor add
emphasis, links or raw HTML; differing terms are the only **bold** text in claim cells.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from readouts.render.view import (
    MATRIX_HELP,
    NOT_SAID,
    ONLY,
    RELATION_HELP,
    RELATION_SYMBOLS,
    RELATIONS,
    ClaimCell,
    Note,
    ReportView,
    Row,
    build_view,
    printable,
)

if TYPE_CHECKING:
    from readouts.comparison import Comparison

_SPECIAL = re.compile(r"([\\`*_\[\]|~#])")
_SPACES = re.compile(r"\s+")
_BREAK = "<br>"


def escape(text: str) -> str:
    """Make ``text`` literal in Markdown, safe inside a table cell, on one line.

    ``&``, ``<`` and ``>`` become entities (no raw HTML); ``\\ ` * _ [ ] | ~ #`` get a
    backslash; runs of whitespace, line breaks included, become one space; lone surrogates
    (an undecodable file name) become backslash escapes, so the text can be encoded.

    >>> escape("a|b <i>*c*</i>")
    'a\\\\|b &lt;i&gt;\\\\*c\\\\*&lt;/i&gt;'
    """
    text = printable(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _SPACES.sub(" ", _SPECIAL.sub(r"\\\1", text))


def render_markdown(comparison: Comparison) -> str:
    """Render ``comparison`` as GitHub-flavoured Markdown (ends with a newline)."""
    view = build_view(comparison)
    lines: list[str] = [f"# Readouts: {escape(view.title)}", ""]
    lines += _documents(view)
    lines += ["", "## Summary", ""]
    lines += _summary(view)
    if view.use_matrix:
        lines += ["", "## Claims by account", ""]
        lines += _headlines(view)
        lines += _matrix(view)
        lines += ["", "## Claim texts", ""]
        lines += _claim_texts(view)
        return "\n".join(lines).rstrip("\n") + "\n"
    lines += ["", "## Aligned claims", ""]
    lines += _headlines(view)
    lines += _legend()
    lines += [""]
    lines += _table(view)
    lines += ["", "## Only in one account", ""]
    lines += _only(view)
    return "\n".join(lines).rstrip("\n") + "\n"


def _documents(view: ReportView) -> list[str]:
    count = len(view.documents)
    accounts = f"{count} account{'s' if count != 1 else ''}"
    lines = [
        f"Compared {accounts} with the similarity backend *{escape(view.backend)}*.",
        "",
        "| Id | Account | Claims |",
        "| --- | --- | ---: |",
    ]
    for entry in view.documents:
        count = view.claim_counts.get(entry.id) or view.count_label(entry.id)
        lines.append(f"| {escape(entry.id)} | {_account(view, entry.id, entry.label)} | {count} |")
    return lines


def _account(view: ReportView, doc_id: str, label: str) -> str:
    """A document's label, and its headline in italics under it."""
    title = view.title_of(doc_id)
    language = view.language_name(doc_id)
    shown = escape(label) + (f" ({language})" if language else "")
    return shown + (f"{_BREAK}*{escape(title)}*" if title else "")


def _headlines(view: ReportView) -> list[str]:
    if not view.headline_notes:
        return []
    return [f"**Headlines:** {escape('; '.join(view.headline_notes))}", ""]


def _summary(view: ReportView) -> list[str]:
    if not view.findings:
        return ["Nothing stands out: no conflict, softening or lone claim."]
    lines = []
    for finding in view.findings:
        line = (
            f"{finding.number}. **{escape(finding.label.capitalize())}:** {escape(finding.title)}"
        )
        if finding.claims:
            line += " (" + ", ".join(escape(cid) for cid, _ in finding.claims) + ")"
        lines.append(line)
    return lines


def _legend() -> list[str]:
    parts = [
        f"{RELATION_SYMBOLS[relation]} *{relation}*: {RELATION_HELP[relation]}"
        for relation in RELATIONS
    ]
    return ["; ".join(parts) + ". Terms that differ are in **bold**."]


def _table(view: ReportView) -> list[str]:
    rows = view.matched_rows
    if not rows:
        return ["No claim of one account matches a claim of another."]
    header = ["#", "Relation"] + [
        f"{escape(entry.id)} · {_account(view, entry.id, entry.label)}" for entry in view.documents
    ]
    lines = [_table_line(header), _table_line(["---:", "---"] + ["---"] * len(view.documents))]
    for number, row in enumerate(rows, start=1):
        lines.append(
            _table_line(
                [str(number), _relation_cell(row)]
                + [_claims_cell(row.cells.get(entry.id, ())) for entry in view.documents]
            )
        )
    return lines


def _table_line(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _relation_cell(row: Row) -> str:
    text = f"{RELATION_SYMBOLS.get(row.relation, '~')} {escape(row.relation)}"
    if row.score is not None:
        text += f" (match {row.score:.2f})"
    return _BREAK.join([text, *(_note(note) for note in row.notes)])


def _note(note: Note) -> str:
    text = f"*{escape(note.label)}*"
    if note.detail:
        text += f": {escape(note.detail)}"
    quotes = [
        f"{escape(cid)} " + " / ".join(f"“{escape(words)}”" for words in texts)
        for cid, texts in note.quotes
        if texts
    ]
    if quotes:
        text += " (" + "; ".join(quotes) + ")"
    return text


def _claims_cell(cells: Iterable[ClaimCell]) -> str:
    return _BREAK.join(_claim(cell) for cell in cells)


def _claim(cell: ClaimCell) -> str:
    prefix = escape(cell.id)
    if cell.speaker:
        prefix += f" ({escape(cell.speaker)})"
    return f"{prefix}: {_segments(cell)}"


def _segments(cell: ClaimCell) -> str:
    parts: list[str] = []
    for segment, highlighted in cell.segments:
        if not highlighted:
            parts.append(escape(segment))
            continue
        # Emphasis cannot start or end on a space: keep edge spaces outside the stars.
        core = segment.strip()
        start = len(segment) - len(segment.lstrip())
        before, after = segment[:start], segment[start + len(core) :]
        parts.append(escape(before) + (f"**{escape(core)}**" if core else "") + escape(after))
    return _SPACES.sub(" ", "".join(parts)).strip()


def _only(view: ReportView) -> list[str]:
    lines: list[str] = []
    for entry in view.documents:
        rows = view.only_in(entry.id)
        if not rows:
            continue
        lines += [f"### Only in {escape(entry.id)} · {escape(entry.label)}", ""]
        lines += [f"- {_claim(cell)}" for row in rows for cell in row.cells.get(entry.id, ())]
        lines.append("")
    if not lines:
        return ["Every claim has a match in another account."]
    return lines


def _matrix(view: ReportView) -> list[str]:
    if not view.matrix:
        return ["No claims to show."]
    parts = [
        f"{RELATION_SYMBOLS[relation]} {MATRIX_HELP[relation]}" for relation in (*RELATIONS, ONLY)
    ]
    lines = [
        "; ".join([*parts, f"{NOT_SAID} not said"]) + ". Each row shows one account's words "
        "(the id before them); a cell holds an account's claim ids and compares them with "
        "those words. Terms that differ are in **bold** under Claim texts.",
        "",
    ]
    ids = [escape(entry.id) for entry in view.documents]
    lines.append(_table_line(["#", "Claim", *ids]))
    lines.append(_table_line(["---:", "---"] + [":-:"] * len(ids)))
    for row in view.matrix:
        wording = f"{escape(row.reference.id)}: {escape(row.reference.claim.text)}"
        cells = [
            f"{cell.symbol}{' '.join(escape(claim_id) for claim_id in cell.ids)}"
            if cell.said
            else NOT_SAID
            for cell in row.cells
        ]
        lines.append(_table_line([str(row.number), wording, *cells]))
    return lines


def _claim_texts(view: ReportView) -> list[str]:
    lines: list[str] = []
    for entry in view.documents:
        lines += [f"### {escape(entry.id)} · {escape(entry.label)}", ""]
        found = view.matrix_claims(entry.id)
        lines += [
            f"- {_claim(claim)} ({cell.symbol} row {row.number})" for row, cell, claim in found
        ] or ["No claims."]
        lines.append("")
    return lines


__all__ = ["escape", "render_markdown"]
