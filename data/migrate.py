"""Apply the Alembic migrations to a database (used by `manage.py init-db`, `make run` and tests)."""

from alembic import command
from alembic.config import Config
from sqlalchemy import inspect

from data.db import engine_for
from data.settings import ROOT


def alembic_config(url: str) -> Config:
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "data" / "migrations"))
    config.attributes["database_url"] = url
    return config


def upgrade(url: str) -> None:
    with engine_for(url).begin() as connection:
        config = alembic_config(url)
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def is_empty(url: str) -> bool:
    return "firms" not in inspect(engine_for(url)).get_table_names()
