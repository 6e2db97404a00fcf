"""The one result object. Every rendering (terminal, Markdown, JSON, HTML) reads it."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from readouts.claims import Claim
from readouts.documents import Document, printable
from readouts.relations import Match
from readouts.spans import Span
from readouts.summary import Finding

NO_STATEMENTS = "no statements found"
"""The note on a compared document in which no claim was found (a headline alone, a list
of figures, a language the pipeline does not read): it is compared with nothing."""


@dataclass(frozen=True)
class DocumentEntry:
    """A compared document with its id (``A``, ``B``, ... in input order)."""

    id: str
    document: Document

    @property
    def label(self) -> str:
        return self.document.name

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "path": None if self.document.path is None else printable(self.document.path),
            "chars": len(self.document.text),
            "lang": self.document.lang,
        }


@dataclass(frozen=True)
class Comparison:
    """Claims of every document, the matches between them, and the ranked summary.

    ``to_dict()`` is the JSON contract (see ``docs/schema.md``).
    """

    documents: tuple[DocumentEntry, ...]
    claims: tuple[Claim, ...]
    matches: tuple[Match, ...]
    groups: tuple[tuple[str, ...], ...]
    summary: tuple[Finding, ...]
    backend: str
    thresholds: dict[str, float] = field(default_factory=dict)

    @property
    def unmatched(self) -> tuple[str, ...]:
        matched = {claim_id for match in self.matches for claim_id in match.claims}
        return tuple(claim.id for claim in self.claims if claim.id not in matched)

    def claim(self, claim_id: str) -> Claim:
        return self._claims_by_id[claim_id]

    def document(self, doc_id: str) -> DocumentEntry:
        return next(entry for entry in self.documents if entry.id == doc_id)

    def claims_of(self, doc_id: str) -> tuple[Claim, ...]:
        return tuple(claim for claim in self.claims if claim.doc == doc_id)

    def title_of(self, doc_id: str) -> Claim | None:
        """The headline claim of document ``doc_id``, if it has one."""
        return self._titles.get(doc_id)

    def _document_dict(self, entry: DocumentEntry) -> dict[str, Any]:
        count = len(self.claims_of(entry.id))
        note = None if count else NO_STATEMENTS
        title = self.title_of(entry.id)
        span = None if title is None else Span(title.start, title.end, title.text).to_dict()
        return {**entry.to_dict(), "claims": count, "note": note, "title": span}

    @cached_property
    def _titles(self) -> dict[str, Claim]:
        return {claim.doc: claim for claim in self.claims if claim.title}

    @cached_property
    def _claims_by_id(self) -> dict[str, Claim]:
        return {claim.id: claim for claim in self.claims}

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": [self._document_dict(entry) for entry in self.documents],
            "claims": [claim.to_dict() for claim in self.claims],
            "matches": [match.to_dict() for match in self.matches],
            "unmatched": list(self.unmatched),
            "groups": [list(group) for group in self.groups],
            "summary": [finding.to_dict() for finding in self.summary],
            "backend": self.backend,
            "thresholds": dict(self.thresholds),
        }
