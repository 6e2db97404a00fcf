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


def _rewrite(old: sa.types.TypeEngine, new: sa.types.TypeEngine, convert) -> None:
    """Replace analyses.payload (of type ``old``) by ``convert`` of it (of type ``new``):
    a new column filled row by row, the old one dropped, the new one renamed."""
    with op.batch_alter_table("analyses") as batch:
        batch.add_column(sa.Column("converted", new, nullable=True))
    connection = op.get_bind()
    table = sa.table(
        "analyses",
        sa.column("id", sa.Integer),
        sa.column("payload", old),
        sa.column("converted", new),
    )
    rows = connection.execute(sa.select(table.c.id, table.c.payload)).fetchall()
    for number, payload in rows:
        connection.execute(
            table.update().where(table.c.id == number).values(converted=convert(payload))
        )
    with op.batch_alter_table("analyses") as batch:
        batch.drop_column("payload")
        batch.alter_column("converted", new_column_name="payload", nullable=False)


def upgrade() -> None:
    _rewrite(sa.Text(), sa.LargeBinary(), lambda text: zlib.compress(text.encode("utf-8"), 6))


def downgrade() -> None:
    _rewrite(sa.LargeBinary(), sa.Text(), lambda data: zlib.decompress(data).decode("utf-8"))
