"""decisions: a user's grouping of documents into events (together / apart)

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("first_id", sa.Integer(), nullable=False),
        sa.Column("second_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("kind IN ('together', 'apart')", name=op.f("ck_decisions_kind")),
        sa.CheckConstraint("first_id < second_id", name=op.f("ck_decisions_ordered")),
        sa.ForeignKeyConstraint(
            ["first_id"],
            ["documents.id"],
            name=op.f("fk_decisions_first_id_documents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["second_id"],
            ["documents.id"],
            name=op.f("fk_decisions_second_id_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decisions")),
        sa.UniqueConstraint("first_id", "second_id", name=op.f("uq_decisions_first_id")),
    )


def downgrade() -> None:
    op.drop_table("decisions")
