"""Throwaway databases for tests that need a schema of their own (migrations, seed, CLI)."""

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy.engine import make_url


def admin_dsn(url: str) -> str:
    """The maintenance database of the server `url` points at, for CREATE/DROP DATABASE."""
    return make_url(url).set(database="postgres", drivername="postgresql").render_as_string(hide_password=False)


def drop_database(url: str) -> None:
    import psycopg

    from data.db import engine_for

    engine_for(url).dispose()
    with psycopg.connect(admin_dsn(url), autocommit=True, connect_timeout=5) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')


def create_database(url: str) -> None:
    import psycopg

    with psycopg.connect(admin_dsn(url), autocommit=True, connect_timeout=5) as conn:
        conn.execute(f'CREATE DATABASE "{make_url(url).database}"')


@contextmanager
def throwaway_database(like_url: str, folder: Path) -> Iterator[str]:
    """A brand-new empty database of the same kind as `like_url`; a PostgreSQL one is dropped afterwards."""
    if like_url.startswith("sqlite"):
        path = folder / f"blank-{uuid.uuid4().hex[:8]}.sqlite3"
        path.touch()  # an empty file is an empty SQLite database
        yield f"sqlite:///{path}"
        return
    url = make_url(like_url).set(database=f"eexpi_blank_{uuid.uuid4().hex[:12]}").render_as_string(hide_password=False)
    create_database(url)
    try:
        yield url
    finally:
        drop_database(url)
