"""The corpus's tables, in SQLAlchemy Core: one definition for SQLite and PostgreSQL.

A *document* is one account at one place (its URL, or the file it came from); each
distinct text ingested for it is a *version*, numbered from 1. An *analysis* is what one
release of readouts, with one set of settings, read in a version (its claims, as
compressed JSON):
kept until either changes. Migrations (``readouts/store/migrations``, Alembic) build these
tables; this module is what the code queries through.
"""

from __future__ import annotations

from sqlalchemy import (
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

# Names every constraint the same way on both databases, so that migrations can find them.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING)

documents = Table(
    "documents",
    metadata,
    Column("id", Integer, primary_key=True),
    # What makes two ingests one document: "url:https://...", "file:/abs/path",
    # "id:<the JSON Lines id>", or "sha256:<hash>" for a text that came without any.
    Column("identity", Text, nullable=False, unique=True),
    Column("url", Text),
    Column("outlet", Text),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

versions = Table(
    "versions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "document_id",
        Integer,
        ForeignKey("documents.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("number", Integer, nullable=False),
    # SHA-256 of the extracted text (hex): the same text again is no new version.
    Column("content_hash", String(64), nullable=False),
    Column("title", Text),
    Column("published", String(10)),  # ISO date, "2026-03-14"
    Column("lang", String(8), nullable=False),
    Column("text", Text, nullable=False),
    Column("raw", LargeBinary, nullable=False),
    Column("media_type", String(80), nullable=False),  # "text/html", "text/plain", ...
    Column("source", Text, nullable=False),  # where it was read: "feeds/x.xml", "a.jsonl:12"
    Column("ingested_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("document_id", "number"),
)
Index("ix_versions_content_hash", versions.c.content_hash)

analyses = Table(
    "analyses",
    metadata,
    Column("id", Integer, primary_key=True),
    Column(
        "version_id",
        Integer,
        ForeignKey("versions.id", ondelete="CASCADE"),
        nullable=False,
    ),
    Column("kind", String(40), nullable=False),  # "claims"
    Column("readouts_version", String(40), nullable=False),
    # SHA-256 of the settings that shape this kind of analysis (readouts.store.settings_key).
    Column("settings_key", String(64), nullable=False),
    # JSON, zlib-compressed (readouts.store.codec.pack): a claim's JSON is some 25 times
    # its sentence; compressed, about 4.
    Column("payload", LargeBinary, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("version_id", "kind", "readouts_version", "settings_key"),
)

# A user's decision about two documents: one event ("together") or never one ("apart").
# The latest decision about a pair replaces any earlier one; no automatic run changes it.
decisions = Table(
    "decisions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(10), nullable=False),
    Column("first_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("second_id", Integer, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    CheckConstraint("kind IN ('together', 'apart')", name="kind"),
    CheckConstraint("first_id < second_id", name="ordered"),
    UniqueConstraint("first_id", "second_id"),
)

# A comparison of an event's documents, kept until one of its inputs changes: ``key``
# hashes the member versions in order, their labels, the readouts release and the settings
# (readouts.corpus.comparison_key), so a changed input makes a new key, never a stale hit.
comparisons = Table(
    "comparisons",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("key", String(64), nullable=False, unique=True),
    Column("versions", Text, nullable=False),  # the member versions' ids, "12,15,31"
    Column("readouts_version", String(40), nullable=False),
    Column("settings_key", String(64), nullable=False),
    Column("payload", LargeBinary, nullable=False),  # JSON, compressed (codec.pack)
    Column("created_at", DateTime(timezone=True), nullable=False),
)
