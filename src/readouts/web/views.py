"""The web app's view models: plain dicts built from the store by the library's own
steps. Every page renders one of these, and its ``.json`` twin returns the same dict."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from readouts.settings import Settings
    from readouts.store import Store, StoredDocument

# The most rows a search or a timeline page lists.
PAGE_ROWS = 200


def _document_row(document: StoredDocument) -> dict[str, Any]:
    latest = document.latest
    return {
        "id": document.id,
        "outlet": document.outlet,
        "title": latest.title,
        "url": document.url,
        "published": latest.published,
        "lang": latest.lang,
        "versions": len(document.versions),
    }


def events_view(store: Store, settings: Settings) -> dict[str, Any]:
    """Every event of the corpus with its documents, outlets and coverage."""
    from readouts.corpus import corpus_events

    found, documents = corpus_events(store, settings)
    outlets = sorted({d.outlet for d in documents.values() if d.outlet})
    events = []
    for event in found:
        members = [documents[member] for member in event.members]
        covering = sorted({m.outlet for m in members if m.outlet})
        events.append(
            {
                **event.to_dict(),
                "members": [int(member) for member in event.members],
                "documents": [_document_row(member) for member in members],
                "covered_by": covering,
                "not_covered_by": [outlet for outlet in outlets if outlet not in covering],
            }
        )
    events.sort(key=lambda e: (-len(e["documents"]), e["first_day"] or "~"))
    return {"events": events, "documents": len(documents), "outlets": outlets}


def event_view(store: Store, settings: Settings, document_id: int) -> dict[str, Any]:
    """The event holding ``document_id``: its documents, coverage and comparison."""
    from readouts.corpus import event_report

    report = event_report(store, settings, document_id)
    comparison = report.comparison.to_dict()
    return {
        "event": {
            **report.event.to_dict(),
            "documents": list(report.documents),
            "covered_by": list(report.covered_by),
            "not_covered_by": list(report.not_covered_by),
        },
        "documents": [_document_row(store.document(i)) for i in report.documents],
        "comparison": comparison,
    }


def document_view(
    store: Store, document_id: int, start: int | None = None, end: int | None = None
) -> dict[str, Any] | None:
    """A stored document, its versions and its latest text; with ``start`` and ``end``,
    that span of the text marked (:func:`highlight`)."""
    document = store.document(document_id)
    if document is None:
        return None
    marked = highlight(document.latest.text, start, end)
    return {
        **_document_row(document),
        "identity": document.identity,
        "history": [
            {
                "number": v.number,
                "title": v.title,
                "published": v.published,
                "ingested_at": v.ingested_at.isoformat(),
                "source": v.source,
                "media_type": v.media_type,
            }
            for v in document.versions
        ],
        "text": document.latest.text,
        "highlight": marked,
    }


def versions_view(
    store: Store,
    settings: Settings,
    document_id: int,
    old: int | None = None,
    new: int | None = None,
) -> dict[str, Any]:
    from readouts.corpus import revision_of

    document, old_version, new_version, revision = revision_of(
        store, document_id, settings, old, new
    )
    return {
        "document": _document_row(document),
        "from": old_version.number,
        "to": new_version.number,
        **revision.to_dict(),
    }


def timeline_view(
    store: Store, settings: Settings, speaker: str | None, about: str | None
) -> dict[str, Any]:
    from readouts.corpus import timeline

    entries = []
    if speaker or about:
        entries = timeline(store, settings, speaker=speaker or None, about=about or None)
    return {
        "speaker": speaker,
        "about": about,
        "entries": [entry.to_dict() for entry in entries[:PAGE_ROWS]],
        "total": len(entries),
    }


def search_view(store: Store, query: str) -> dict[str, Any]:
    """Documents whose latest text or title holds ``query`` (case-insensitive)."""
    found = store.search(query, limit=PAGE_ROWS) if query.strip() else []
    return {"query": query, "documents": [_document_row(d) for d in found]}


# What a matrix cell says, by the relation of its claims to the row's reference claim
# (readouts.render.view.MatrixCell): a state name, for CSS and the JSON twin, and a label
# that says it in words (the symbol alone is not readable by everyone).
CELL_STATES: dict[str | None, tuple[str, str]] = {
    "equivalent": ("said", "said"),
    "only": ("said", "said, and by no other account"),
    "partial": ("partial", "said in part or in other terms"),
    "conflict": ("conflict", "said otherwise: a conflict"),
    None: ("not-said", "not said"),
}


def matrix_view(store: Store, settings: Settings, document_id: int) -> dict[str, Any]:
    """The event holding ``document_id`` as a matrix: one row per group of claims that
    report one statement, one column per account, each cell saying how that account's
    claims compare with the row's wording (:func:`readouts.render.view.build_view`, the
    same rows the HTML report draws), with the spans of its claims in the document's
    latest text (``start``/``end`` index it; ``text`` is what they hold)."""
    from readouts.corpus import event_report
    from readouts.render.view import MATRIX_HELP, NOT_SAID, RELATION_SYMBOLS, build_view

    report = event_report(store, settings, document_id)
    view = build_view(report.comparison)
    stored = {
        entry.id: store.document(number)
        for entry, number in zip(view.documents, report.documents, strict=True)
    }
    texts = {doc_id: document.latest.text for doc_id, document in stored.items()}
    columns = [
        {
            "id": entry.id,
            "document": stored[entry.id].id,
            "label": entry.label,
            "outlet": stored[entry.id].outlet,
            "title": stored[entry.id].latest.title,
            "claims": view.claim_counts.get(entry.id, 0),
        }
        for entry in view.documents
    ]

    def span(doc_id: str, claim: Any) -> dict[str, Any]:
        document = stored[doc_id].id
        return {
            "claim": claim.id,
            "document": document,
            "start": claim.start,
            "end": claim.end,
            "text": texts[doc_id][claim.start : claim.end],
            "href": f"/documents/{document}?start={claim.start}&end={claim.end}#span",
        }

    rows = []
    for row in view.matrix:
        cells = []
        for cell in row.cells:
            state, label = CELL_STATES.get(cell.relation, (cell.relation or "said", "said"))
            if cell.reference:
                label = "said: the row's wording"
            cells.append(
                {
                    "doc": cell.doc,
                    "state": state,
                    "relation": cell.relation,
                    "reference": cell.reference,
                    "symbol": cell.symbol if cell.said else NOT_SAID,
                    "label": label,
                    "help": MATRIX_HELP.get(cell.relation or "", "not said"),
                    "spans": [span(cell.doc, claim.claim) for claim in cell.claims],
                }
            )
        rows.append(
            {
                "number": row.number,
                "relation": row.relation,
                "claim": row.reference.id,
                "text": row.reference.claim.text,
                "speaker": row.reference.speaker,
                "cells": cells,
                "missing": list(row.missing),
            }
        )
    return {
        "event": {
            "documents": list(report.documents),
            "covered_by": list(report.covered_by),
            "not_covered_by": list(report.not_covered_by),
            "first_day": report.event.first_day,
        },
        "columns": columns,
        "rows": rows,
        "legend": [
            {
                "state": state,
                "symbol": RELATION_SYMBOLS.get(relation or "", NOT_SAID),
                "label": label,
            }
            for relation, (state, label) in CELL_STATES.items()
        ],
    }


def highlight(text: str, start: int | None, end: int | None) -> dict[str, Any] | None:
    """The span ``start``-``end`` of ``text`` to show marked, with the text around it; None
    without a span. Raises UsageError for a span that is not within the text."""
    from readouts.errors import UsageError

    if start is None and end is None:
        return None
    if start is None or end is None:
        raise UsageError("a span needs both start and end")
    if not 0 <= start < end <= len(text):
        raise UsageError(f"the span {start}-{end} is not within the text (0-{len(text)})")
    return {
        "start": start,
        "end": end,
        "text": text[start:end],
        "before": text[:start],
        "after": text[end:],
    }
