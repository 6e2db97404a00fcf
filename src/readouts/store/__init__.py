"""The corpus: documents, their versions and what readouts read in them, kept between runs.

SQLite by default (one file; WAL journal, foreign keys on), PostgreSQL through a URL, both
through SQLAlchemy Core; the schema is built and upgraded by Alembic migrations when the
store is opened. Every statement is built by SQLAlchemy with bound parameters: no text a
document holds is ever part of SQL.

>>> store = open_store(":memory:")
>>> with store.transaction() as connection:
...     store.add(connection, Incoming("Li met Volodin.", source="a.txt")).outcome
'added'
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Literal

from readouts.errors import InputError, UsageError

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine

    from readouts.claims import Claim
    from readouts.documents import Document
    from readouts.settings import Settings

Outcome = Literal["added", "unchanged", "version"]


@dataclass(frozen=True)
class Incoming:
    """One document to store, as ingest read it: ``text`` is what every offset indexes,
    ``raw`` the bytes it came from. ``identity`` says which stored document it is a
    version of ("url:...", "file:...", "id:..."); without one, its content is."""

    text: str
    source: str
    identity: str | None = None
    raw: bytes | None = None
    media_type: str = "text/plain"
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    published: str | None = None
    lang: str = "en"

    @property
    def content_hash(self) -> str:
        return content_hash(self.text)

    @property
    def key(self) -> str:
        return self.identity or f"sha256:{self.content_hash}"

    def document(self) -> Document:
        """The document to read, named by where it came from."""
        from readouts.documents import Document

        return Document(self.text, label=self.source, date=self.published, lang=self.lang)


@dataclass(frozen=True)
class StoredVersion:
    """One stored version of a document."""

    id: int
    document_id: int
    number: int
    content_hash: str
    text: str
    title: str | None
    published: str | None
    lang: str
    source: str
    media_type: str
    ingested_at: datetime

    def document(self) -> Document:
        """The version's text as a document to read."""
        from readouts.documents import Document

        return Document(self.text, label=self.source, date=self.published, lang=self.lang)


@dataclass(frozen=True)
class StoredDocument:
    """One stored document with its versions, oldest first."""

    id: int
    identity: str
    url: str | None
    outlet: str | None
    versions: tuple[StoredVersion, ...] = field(default=())

    @property
    def latest(self) -> StoredVersion:
        return self.versions[-1]


@dataclass(frozen=True)
class Stored:
    """What storing one incoming document did: ``outcome`` "added" (a new document),
    "version" (a new text for a known one) or "unchanged" (that text is its latest)."""

    outcome: Outcome
    document_id: int
    version_id: int
    number: int


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def settings_key(settings: Settings) -> str:
    """What the claims of a text depend on besides readouts' release: the spaCy pipeline."""
    shaping = {"spacy_model": settings.spacy_model}
    return hashlib.sha256(json.dumps(shaping, sort_keys=True).encode()).hexdigest()


def database_url(location: str) -> str:
    """A SQLAlchemy URL for ``location``: a URL as it is (``postgresql://...``,
    ``sqlite:///...``), ``:memory:``, or a path to an SQLite file."""
    if "://" in location:
        scheme = location.split("://", 1)[0].lower()
        if scheme.startswith("postgresql"):
            # psycopg 3 is the driver readouts installs for PostgreSQL.
            return (
                "postgresql+psycopg://" + location.split("://", 1)[1]
                if "+" not in scheme
                else location
            )
        if scheme.startswith("sqlite"):
            return location
        raise UsageError(f"--db {location!r}: readouts stores in SQLite or PostgreSQL only")
    if location == ":memory:":
        return "sqlite://"
    return f"sqlite:///{location}"


def shown_location(location: str) -> str:
    """``location`` without a password."""
    if "://" not in location:
        return location
    from sqlalchemy.engine import make_url

    try:
        return make_url(location).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - a URL too broken to parse is shown as its scheme
        return location.split("://", 1)[0] + "://..."


def open_store(location: str, *, read_only: bool = False, create: bool = True) -> Store:
    """The store at ``location`` (see :func:`database_url`), its schema brought to the
    newest migration (unless ``read_only``, which refuses a store that needs one). An SQLite
    file that does not exist is made, unless ``create`` is false (or ``read_only``)."""
    from sqlalchemy import create_engine, event

    url = database_url(location)
    sqlite = url.startswith("sqlite")
    is_file = sqlite and "://" not in location and location != ":memory:"
    if is_file and (read_only or not create) and not os.path.isfile(location):
        raise InputError(location, "no such store (readouts ingest makes one)")
    if read_only and is_file:
        from urllib.parse import quote

        # Opened read-only by SQLite itself, not only by readouts.
        url = f"sqlite:///file:{quote(os.path.abspath(location))}?mode=ro&uri=true"

    options: dict[str, Any] = {}
    if sqlite and url == "sqlite://":
        from sqlalchemy.pool import StaticPool

        options = {"poolclass": StaticPool, "connect_args": {"check_same_thread": False}}
    elif sqlite:
        options = {"connect_args": {"check_same_thread": False, "timeout": 30}}
    engine = create_engine(url, **options)
    if sqlite:

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection, _record) -> None:  # pragma: no cover - driver hook
            # SQLAlchemy's recipe for real SQLite transactions and savepoints: the driver
            # begins none itself, the "begin" hook below does.
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys = ON")
            if url != "sqlite://" and not read_only:
                cursor.execute("PRAGMA journal_mode = WAL")
            if read_only:
                cursor.execute("PRAGMA query_only = ON")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _begin(connection) -> None:  # pragma: no cover - driver hook
            connection.exec_driver_sql("BEGIN")

    from sqlalchemy.exc import SQLAlchemyError

    try:
        from readouts.store.migrate import upgrade

        upgrade(engine, check_only=read_only)
    except SQLAlchemyError as error:
        engine.dispose()
        problem = (
            str(error.orig if getattr(error, "orig", None) else error).splitlines() or ["?"]
        )[0]
        raise InputError(
            shown_location(location), f"cannot be used as a store ({problem})"
        ) from None
    except BaseException:
        engine.dispose()
        raise
    return Store(engine, read_only=read_only, location=shown_location(location))


class Store:
    """Reads and writes the corpus. Build one with :func:`open_store`."""

    def __init__(self, engine: Engine, *, read_only: bool = False, location: str = ""):
        self.engine = engine
        self.read_only = read_only
        # Where the store is, as errors name it (a URL without its password).
        self.location = location or shown_location(str(engine.url))

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One transaction: everything in it is written, or nothing is."""
        if self.read_only:
            raise UsageError("the store is open read-only")
        with self.engine.begin() as connection:
            yield connection

    # --- documents and versions --------------------------------------------------------

    def latest_hashes(self, keys: Sequence[str]) -> dict[str, str]:
        """The content hash of the latest version of each stored document among ``keys``
        (identities), for telling unchanged inputs apart before any parsing."""
        from sqlalchemy import func, select

        from readouts.store.schema import documents, versions

        found: dict[str, str] = {}
        keys = list(dict.fromkeys(keys))
        with self.engine.connect() as connection:
            for start in range(0, len(keys), 500):
                chunk = keys[start : start + 500]
                newest = (
                    select(versions.c.document_id, func.max(versions.c.number).label("number"))
                    .group_by(versions.c.document_id)
                    .subquery()
                )
                rows = connection.execute(
                    select(documents.c.identity, versions.c.content_hash)
                    .join(versions, versions.c.document_id == documents.c.id)
                    .join(
                        newest,
                        (newest.c.document_id == versions.c.document_id)
                        & (newest.c.number == versions.c.number),
                    )
                    .where(documents.c.identity.in_(chunk))
                )
                found.update({identity: digest for identity, digest in rows})
        return found

    def add(self, connection: Connection, incoming: Incoming) -> Stored:
        """Store ``incoming`` on ``connection`` (inside :meth:`transaction`)."""
        from sqlalchemy import insert, select

        from readouts.store.schema import documents, versions

        now = datetime.now(UTC)
        digest = incoming.content_hash
        row = connection.execute(
            select(documents.c.id).where(documents.c.identity == incoming.key)
        ).first()
        if row is None:
            document_id = connection.execute(
                insert(documents).values(
                    identity=incoming.key,
                    url=incoming.url,
                    outlet=incoming.outlet,
                    created_at=now,
                )
            ).inserted_primary_key[0]
            outcome: Outcome = "added"
            number = 1
        else:
            document_id = row[0]
            latest = connection.execute(
                select(versions.c.id, versions.c.number, versions.c.content_hash)
                .where(versions.c.document_id == document_id)
                .order_by(versions.c.number.desc())
                .limit(1)
            ).first()
            if latest is not None and latest.content_hash == digest:
                return Stored("unchanged", document_id, latest.id, latest.number)
            outcome = "version"
            number = (latest.number if latest is not None else 0) + 1
        version_id = connection.execute(
            insert(versions).values(
                document_id=document_id,
                number=number,
                content_hash=digest,
                title=incoming.title,
                published=incoming.published,
                lang=incoming.lang,
                text=incoming.text,
                raw=incoming.raw if incoming.raw is not None else incoming.text.encode("utf-8"),
                media_type=incoming.media_type,
                source=incoming.source,
                ingested_at=now,
            )
        ).inserted_primary_key[0]
        return Stored(outcome, document_id, version_id, number)

    def documents(self) -> list[StoredDocument]:
        """Every document with its versions, in the order they were first stored."""
        return self._documents(None)

    def document(self, document_id: int) -> StoredDocument | None:
        found = self._documents([document_id])
        return found[0] if found else None

    def _documents(self, ids: Sequence[int] | None) -> list[StoredDocument]:
        from sqlalchemy import select

        from readouts.store.schema import documents, versions

        query = select(documents).order_by(documents.c.id)
        version_query = select(versions).order_by(versions.c.document_id, versions.c.number)
        if ids is not None:
            query = query.where(documents.c.id.in_(list(ids)))
            version_query = version_query.where(versions.c.document_id.in_(list(ids)))
        with self.engine.connect() as connection:
            docs = connection.execute(query).all()
            by_document: dict[int, list[StoredVersion]] = {}
            for row in connection.execute(
                version_query.with_only_columns(*[c for c in versions.c if c.name != "raw"])
            ):
                by_document.setdefault(row.document_id, []).append(_version(row))
        return [
            StoredDocument(d.id, d.identity, d.url, d.outlet, tuple(by_document.get(d.id, ())))
            for d in docs
        ]

    def search(self, query: str, *, limit: int = 200) -> list[StoredDocument]:
        """Documents whose latest version's title or text holds ``query`` (any case),
        newest first. The query is a bound parameter, its % and _ escaped."""
        from sqlalchemy import func, or_, select

        from readouts.store.schema import versions

        newest = (
            select(versions.c.document_id, func.max(versions.c.number).label("number"))
            .group_by(versions.c.document_id)
            .subquery()
        )
        wanted = query.strip().lower()[:200]
        statement = (
            select(versions.c.document_id)
            .join(
                newest,
                (newest.c.document_id == versions.c.document_id)
                & (newest.c.number == versions.c.number),
            )
            .where(
                or_(
                    func.lower(versions.c.text).contains(wanted, autoescape=True),
                    func.lower(func.coalesce(versions.c.title, "")).contains(
                        wanted, autoescape=True
                    ),
                )
            )
            .order_by(versions.c.document_id.desc())
            .limit(limit)
        )
        with self.engine.connect() as connection:
            ids = [row[0] for row in connection.execute(statement)]
        found = {document.id: document for document in self._documents(ids)}
        return [found[i] for i in ids if i in found]

    def raw(self, version_id: int) -> bytes | None:
        """The bytes a version was read from."""
        from sqlalchemy import select

        from readouts.store.schema import versions

        with self.engine.connect() as connection:
            row = connection.execute(
                select(versions.c.raw).where(versions.c.id == version_id)
            ).first()
        return None if row is None else bytes(row[0])

    def counts(self) -> dict[str, int]:
        from sqlalchemy import func, select

        from readouts.store.schema import analyses, comparisons, documents, versions

        with self.engine.connect() as connection:
            return {
                table.name: connection.execute(select(func.count()).select_from(table)).scalar_one()
                for table in (documents, versions, analyses, comparisons)
            }

    # --- analyses --------------------------------------------------------------------

    def claims(self, version_ids: Sequence[int], settings: Settings) -> dict[int, list[Claim]]:
        """The stored claims of each version among ``version_ids`` that this release of
        readouts read with these settings (others are missing from the result, and so is
        a stored payload that is no claims: the caller reads the version again)."""
        from sqlalchemy import select

        from readouts import __version__
        from readouts.store.codec import claims_from_json, unpack
        from readouts.store.schema import analyses

        key = settings_key(settings)
        found: dict[int, list[Claim]] = {}
        ids = list(dict.fromkeys(version_ids))
        with self.engine.connect() as connection:
            for start in range(0, len(ids), 500):
                rows = connection.execute(
                    select(analyses.c.version_id, analyses.c.payload).where(
                        analyses.c.version_id.in_(ids[start : start + 500]),
                        analyses.c.kind == "claims",
                        analyses.c.readouts_version == __version__,
                        analyses.c.settings_key == key,
                    )
                )
                for version_id, payload in rows:
                    try:
                        found[version_id] = claims_from_json(unpack(payload))
                    except Exception:  # noqa: BLE001 - cattrs' errors vary: read it again
                        continue
        return found

    def add_claims_payload(
        self,
        connection: Connection,
        version_id: int,
        payload: str,
        readouts_version: str,
        key: str,
    ) -> None:
        """Keep claims already serialised (by :func:`readouts.store.codec.claims_to_json`,
        in a batch's output), checked by reading them back, under the release and settings
        key that made them."""
        from readouts.store.codec import claims_from_json

        claims_from_json(payload)  # refuses anything that is not claims
        _put_analysis(connection, version_id, "claims", payload, readouts_version, key)

    def add_claims(
        self, connection: Connection, version_id: int, claims: Sequence[Claim], settings: Settings
    ) -> None:
        """Keep ``claims`` as what this release read in the version, with ``settings``."""
        from readouts import __version__
        from readouts.store.codec import claims_to_json

        payload = claims_to_json(claims)
        _put_analysis(
            connection, version_id, "claims", payload, __version__, settings_key(settings)
        )

    # --- comparisons -----------------------------------------------------------------

    def comparison(self, key: str) -> Any:
        """The comparison stored under ``key`` (readouts.corpus.comparison_key), or None
        (also for a stored payload that is no comparison: it is compared again)."""
        from sqlalchemy import select

        from readouts.store.codec import comparison_from_json, unpack
        from readouts.store.schema import comparisons

        with self.engine.connect() as connection:
            row = connection.execute(
                select(comparisons.c.payload).where(comparisons.c.key == key)
            ).first()
        if row is None:
            return None
        try:
            return comparison_from_json(unpack(row[0]))
        except Exception:  # noqa: BLE001 - cattrs' errors vary; a cache entry that is no comparison is none
            return None

    def add_comparison(
        self, key: str, version_ids: Sequence[int], comparison: Any, settings: Settings
    ) -> None:
        """Keep ``comparison`` (of the versions ``version_ids``) under ``key``; a key
        stored already is left as it is (the same inputs made the same comparison)."""
        from sqlalchemy import insert, select

        from readouts import __version__
        from readouts.store.codec import comparison_to_json, pack
        from readouts.store.schema import comparisons

        payload = pack(comparison_to_json(comparison))
        with self.transaction() as connection:
            if connection.execute(select(comparisons.c.id).where(comparisons.c.key == key)).first():
                return
            connection.execute(
                insert(comparisons).values(
                    key=key,
                    versions=",".join(str(number) for number in version_ids),
                    readouts_version=__version__,
                    settings_key=settings_key(settings),
                    payload=payload,
                    created_at=datetime.now(UTC),
                )
            )

    def generation(self) -> tuple[int, int, int]:
        """What changes whenever the corpus's documents or decisions do: the newest
        version, the newest decision and the number of decisions (a view built for one
        generation holds until the next)."""
        from sqlalchemy import func, select

        from readouts.store.schema import decisions, versions

        with self.engine.connect() as connection:
            newest = connection.execute(select(func.max(versions.c.id))).scalar() or 0
            decided = connection.execute(
                select(func.max(decisions.c.id), func.count(decisions.c.id))
            ).one()
        return int(newest), int(decided[0] or 0), int(decided[1] or 0)

    # --- a user's event decisions ---------------------------------------------------

    def decide(self, kind: str, first: int, second: int) -> None:
        """Record that documents ``first`` and ``second`` are one event ("together") or
        never one ("apart"), replacing any earlier decision about the pair."""
        from sqlalchemy import delete, insert, select

        from readouts.store.schema import decisions, documents

        if kind not in ("together", "apart"):
            raise UsageError(f"a decision is 'together' or 'apart', not {kind!r}")
        if first == second:
            raise UsageError(f"document {first} is one document: nothing to decide")
        low, high = sorted((first, second))
        with self.transaction() as connection:
            known = {
                row[0]
                for row in connection.execute(
                    select(documents.c.id).where(documents.c.id.in_([low, high]))
                )
            }
            missing = [str(number) for number in (low, high) if number not in known]
            if missing:
                raise InputError(self.location, f"has no document {' or '.join(missing)}")
            connection.execute(
                delete(decisions).where(decisions.c.first_id == low, decisions.c.second_id == high)
            )
            connection.execute(
                insert(decisions).values(
                    kind=kind, first_id=low, second_id=high, created_at=datetime.now(UTC)
                )
            )

    def decisions(self) -> list[tuple[str, int, int]]:
        """Every decision as (kind, first document id, second document id)."""
        from sqlalchemy import select

        from readouts.store.schema import decisions

        with self.engine.connect() as connection:
            rows = connection.execute(
                select(decisions.c.kind, decisions.c.first_id, decisions.c.second_id).order_by(
                    decisions.c.id
                )
            )
            return [(kind, first, second) for kind, first, second in rows]


def _put_analysis(
    connection: Connection,
    version_id: int,
    kind: str,
    payload: str,
    readouts_version: str,
    key: str,
) -> None:
    """Write one analysis (JSON) of a version, compressed, replacing the one that release
    and settings key made before."""
    from sqlalchemy import delete, insert

    from readouts.store.codec import pack
    from readouts.store.schema import analyses

    connection.execute(
        delete(analyses).where(
            analyses.c.version_id == version_id,
            analyses.c.kind == kind,
            analyses.c.readouts_version == readouts_version,
            analyses.c.settings_key == key,
        )
    )
    connection.execute(
        insert(analyses).values(
            version_id=version_id,
            kind=kind,
            readouts_version=readouts_version,
            settings_key=key,
            payload=pack(payload),
            created_at=datetime.now(UTC),
        )
    )


def _version(row: Any) -> StoredVersion:
    return StoredVersion(
        id=row.id,
        document_id=row.document_id,
        number=row.number,
        content_hash=row.content_hash,
        text=row.text,
        title=row.title,
        published=row.published,
        lang=row.lang,
        source=row.source,
        media_type=row.media_type,
        ingested_at=row.ingested_at,
    )


__all__ = [
    "Incoming",
    "Store",
    "Stored",
    "StoredDocument",
    "StoredVersion",
    "content_hash",
    "database_url",
    "open_store",
    "settings_key",
    "shown_location",
]
