"""Work over the whole corpus, built from the pipeline's steps and the store: claims read
once per version (and again only for another readouts release or spaCy pipeline), and the
corpus's documents grouped into events with the user's decisions kept."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from readouts.claims import Claim
    from readouts.events import Event
    from readouts.settings import Settings
    from readouts.store import Store, StoredDocument, StoredVersion


def claims_for(
    store: Store, versions: Sequence[StoredVersion], settings: Settings
) -> dict[int, list[Claim]]:
    """The claims of each version: stored ones, and the missing ones read now (and stored
    unless the store is read-only)."""
    from readouts.errors import InputError
    from readouts.ingest import read_claims

    found = store.claims([version.id for version in versions], settings)
    missing = [version for version in versions if version.id not in found]
    if missing:
        read = read_claims([version.document() for version in missing], settings)
        for version, claims in zip(missing, read, strict=True):
            if isinstance(claims, InputError):
                raise InputError(version.source, claims.problem)
            found[version.id] = list(claims)
        if not store.read_only:
            with store.transaction() as connection:
                for version in missing:
                    store.add_claims(connection, version.id, found[version.id], settings)
    return found


def corpus_events(
    store: Store, settings: Settings
) -> tuple[list[Event], dict[str, StoredDocument]]:
    """The corpus's documents (latest versions) grouped into events, the user's decisions
    applied; with the documents by event member id (the document id as text)."""
    from readouts.events import group, profile

    documents = store.documents()
    latest = [document.latest for document in documents if document.versions]
    claims = claims_for(store, latest, settings)
    profiles = [
        profile(str(version.document_id), claims[version.id], version.published)
        for version in latest
    ]
    decided = store.decisions()
    events = group(
        profiles,
        together=[(str(a), str(b)) for kind, a, b in decided if kind == "together"],
        apart=[(str(a), str(b)) for kind, a, b in decided if kind == "apart"],
    )
    return events, {str(document.id): document for document in documents}


def revision_of(
    store: Store,
    document_id: int,
    settings: Settings,
    old_number: int | None = None,
    new_number: int | None = None,
):  # -> tuple[StoredDocument, StoredVersion, StoredVersion, Revision]
    """What changed in stored document ``document_id`` from version ``old_number`` to
    ``new_number`` (default: the one before the latest, and the latest)."""
    from readouts.errors import InputError
    from readouts.revisions import compare_versions

    document = store.document(document_id)
    where = store.location
    if document is None:
        raise InputError(where, f"has no document {document_id}")
    numbers = {version.number: version for version in document.versions}
    if len(numbers) < 2 and old_number is None:
        raise InputError(where, f"document {document_id} has only one version")
    new_number = new_number if new_number is not None else max(numbers)
    old_number = old_number if old_number is not None else new_number - 1
    for number in (old_number, new_number):
        if number not in numbers:
            raise InputError(where, f"document {document_id} has no version {number}")
    old, new = numbers[old_number], numbers[new_number]
    claims = claims_for(store, [old, new], settings)
    revision = compare_versions(
        old.text, claims[old.id], new.text, claims[new.id], settings, lang=new.lang
    )
    return document, old, new, revision


@dataclass(frozen=True)
class TimelineEntry:
    """One statement in a timeline: who said it (and through whom), where, when; its
    offsets index the text of ``version``."""

    day: str | None
    document_id: int
    version: int
    outlet: str | None
    title: str | None
    speaker: str | None
    via: tuple[str, ...]
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, object]:
        return {
            "day": self.day,
            "document": self.document_id,
            "version": self.version,
            "outlet": self.outlet,
            "title": self.title,
            "speaker": self.speaker,
            "via": list(self.via),
            "start": self.start,
            "end": self.end,
            "text": self.text,
        }


def names_match(query: str, name: str | None) -> bool:
    """Whether ``name`` is who ``query`` names: the same name, or one whose words hold
    all of the query's ("Volodin" names "Pavel Volodin"; "Li" does not name "Lin Hui")."""
    from readouts.terms import entity_key

    if not name:
        return False
    wanted, found = entity_key(query).split(), entity_key(name).split()
    return bool(wanted) and all(word in found for word in wanted)


def timeline(
    store: Store,
    settings: Settings,
    *,
    speaker: str | None = None,
    about: str | None = None,
) -> list[TimelineEntry]:
    """What ``speaker`` said, or every statement naming ``about``, across the corpus's
    latest versions, oldest first (undated last)."""
    documents = store.documents()
    latest = [document.latest for document in documents if document.versions]
    claims = claims_for(store, latest, settings)
    by_id = {document.id: document for document in documents}
    entries = []
    for version in latest:
        document = by_id[version.document_id]
        for claim in claims[version.id]:
            if claim.title:
                continue
            if speaker is not None and not names_match(speaker, claim.speaker):
                continue
            if about is not None and not any(
                term.kind == "entity" and names_match(about, term.text) for term in claim.terms
            ):
                continue
            entries.append(
                TimelineEntry(
                    day=version.published,
                    document_id=document.id,
                    version=version.number,
                    outlet=document.outlet,
                    title=version.title,
                    speaker=claim.speaker,
                    via=claim.via,
                    start=claim.start,
                    end=claim.end,
                    text=claim.text,
                )
            )
    entries.sort(
        key=lambda entry: (entry.day is None, entry.day or "", entry.document_id, entry.start)
    )
    return entries


@dataclass(frozen=True)
class EventReport:
    """One event of the corpus, compared: the event, the comparison of its documents
    (latest versions, each labelled by outlet), the outlets that reported it and those of
    the corpus that did not."""

    event: Event
    comparison: object  # readouts.comparison.Comparison
    documents: tuple[int, ...]
    covered_by: tuple[str, ...]
    not_covered_by: tuple[str, ...]


@dataclass(frozen=True)
class Member:
    """One document of an event as the comparison needs it: its label (outlet), text,
    date, language and the claims already read from it."""

    label: str
    text: str
    published: str | None
    lang: str
    claims: tuple[Claim, ...]


def compare_members(members: Sequence[Member], settings: Settings) -> object:
    """The comparison of an event's documents from their claims (nothing parsed again):
    what ``readouts event`` shows, and what a batch's second stage writes."""
    import string

    from readouts.claims import as_document
    from readouts.comparison import DocumentEntry
    from readouts.documents import Document, with_distinct_labels
    from readouts.pipeline import compare_claims

    docs = with_distinct_labels(
        [
            Document(member.text, label=member.label, date=member.published, lang=member.lang)
            for member in members
        ]
    )
    entries = tuple(
        DocumentEntry(string.ascii_uppercase[index], doc) for index, doc in enumerate(docs)
    )
    per_document = [
        as_document(list(member.claims), entry.id)
        for member, entry in zip(members, entries, strict=True)
    ]
    return compare_claims(entries, per_document, settings)


def comparison_key(version_ids: Sequence[int], labels: Sequence[str], settings: Settings) -> str:
    """What a stored comparison is kept under: the compared versions (each one text, date
    and language for good) in order, their labels, this release and every setting that
    shapes a comparison (pipeline, backend, thresholds, summary size)."""
    import dataclasses
    import hashlib
    import json

    from readouts import __version__

    shaping = {
        name: value
        for name, value in dataclasses.asdict(settings).items()
        if name not in ("db", "max_bytes", "batch_size")
    }
    key = json.dumps(
        [list(version_ids), list(labels), __version__, shaping], ensure_ascii=False, sort_keys=True
    )
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def event_report(store: Store, settings: Settings, document_id: int) -> EventReport:
    """The event holding stored document ``document_id``, compared claim by claim (from
    the stored claims: nothing is parsed twice), with its coverage."""
    from readouts.errors import InputError
    from readouts.pipeline import MAX_DOCUMENTS

    found, documents = corpus_events(store, settings)
    wanted = str(document_id)
    if wanted not in documents:
        raise InputError(store.location, f"has no document {document_id}")
    event = next(event for event in found if wanted in event.members)
    members = [documents[member] for member in event.members]
    if len(members) < 2:
        raise InputError(
            store.location,
            f"document {document_id} is an event of its own: nothing to compare it with "
            "(readouts events --together ID ID groups it)",
        )
    if len(members) > MAX_DOCUMENTS:
        members = members[:MAX_DOCUMENTS]
    versions = [member.latest for member in members]
    labels = [member.outlet or f"#{member.id}" for member in members]
    key = comparison_key([version.id for version in versions], labels, settings)
    comparison = store.comparison(key)
    if comparison is None:
        claims = claims_for(store, versions, settings)
        comparison = compare_members(
            [
                Member(
                    label=label,
                    text=version.text,
                    published=version.published,
                    lang=version.lang,
                    claims=tuple(claims[version.id]),
                )
                for label, version in zip(labels, versions, strict=True)
            ],
            settings,
        )
        if not store.read_only:
            store.add_comparison(key, [version.id for version in versions], comparison, settings)
    outlets = sorted({d.outlet for d in documents.values() if d.outlet})
    covering = sorted({member.outlet for member in members if member.outlet})
    return EventReport(
        event=event,
        comparison=comparison,
        documents=tuple(member.id for member in members),
        covered_by=tuple(covering),
        not_covered_by=tuple(outlet for outlet in outlets if outlet not in covering),
    )
