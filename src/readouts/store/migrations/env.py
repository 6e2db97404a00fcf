"""Alembic's environment: migrations run on the connection readouts hands over
(``config.attributes["connection"]``), inside its transaction; never from a config file."""

from __future__ import annotations

from alembic import context

from readouts.store.schema import metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    # SQLite alters a table by copying it: Alembic's batch mode does that.
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
