"""Bring a store's schema to the newest Alembic migration (readouts/store/migrations)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from readouts.errors import UsageError

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

SCRIPT_LOCATION = "readouts.store:migrations"


def _config():
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", SCRIPT_LOCATION)
    return config


def head() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config()).get_current_head() or ""


def current(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, *, check_only: bool = False) -> None:
    """Run the migrations the store lacks, in one transaction. ``check_only`` refuses a
    store that lacks any (a read-only store is never changed)."""
    newest = head()
    at = current(engine)
    if at == newest:
        return
    if check_only:
        state = "has no readouts tables" if at is None else f"is at schema {at}"
        raise UsageError(f"the store {state}; open it once without --read-only to upgrade it")
    from alembic import command

    config = _config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
