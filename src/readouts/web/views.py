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


def document_view(store: Store, document_id: int) -> dict[str, Any] | None:
    document = store.document(document_id)
    if document is None:
        return None
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
