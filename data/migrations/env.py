"""Alembic environment: one metadata, SQLite batch mode so later ALTERs work there too."""

from alembic import context

from data.db import engine_for
from data.models import Base
from data.settings import load_settings

config = context.config
url = config.attributes.get("database_url") or load_settings().database_url


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    with engine_for(url).begin() as connection:
        _run(connection)


def _run(connection) -> None:
    context.configure(connection=connection, target_metadata=Base.metadata,
                      render_as_batch=connection.dialect.name == "sqlite", compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
