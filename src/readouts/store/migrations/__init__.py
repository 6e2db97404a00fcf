"""Alembic migrations of the corpus schema (run by :func:`readouts.store.open_store`)."""
