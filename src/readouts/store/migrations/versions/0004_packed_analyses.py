"""analyses: payloads kept compressed (zlib JSON, readouts.store.codec.pack)

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03
"""

from __future__ import annotations

import zlib

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("analyses") as batch:
        batch.add_column(sa.Column("packed", sa.LargeBinary(), nullable=True))
    connection = op.get_bind()
    table = sa.table(
        "analyses",
        sa.column("id", sa.Integer),
        sa.column("payload", sa.Text),
        sa.column("packed", sa.LargeBinary),
    )
    rows = connection.execute(sa.select(table.c.id, table.c.payload)).fetchall()
    for number, payload in rows:
        connection.execute(
            table.update()
            .where(table.c.id == number)
            .values(packed=zlib.compress(payload.encode("utf-8"), 6))
        )
    with op.batch_alter_table("analyses") as batch:
        batch.drop_column("payload")
        batch.alter_column("packed", new_column_name="payload", nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("analyses") as batch:
        batch.add_column(sa.Column("unpacked", sa.Text(), nullable=True))
    connection = op.get_bind()
    table = sa.table(
        "analyses",
        sa.column("id", sa.Integer),
        sa.column("payload", sa.LargeBinary),
        sa.column("unpacked", sa.Text),
    )
    rows = connection.execute(sa.select(table.c.id, table.c.payload)).fetchall()
    for number, payload in rows:
        connection.execute(
            table.update()
            .where(table.c.id == number)
            .values(unpacked=zlib.decompress(payload).decode("utf-8"))
        )
    with op.batch_alter_table("analyses") as batch:
        batch.drop_column("payload")
        batch.alter_column("unpacked", new_column_name="payload", nullable=False)
