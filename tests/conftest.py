"""Shared fixtures.

`db_url` runs a test once on SQLite and once on PostgreSQL (TEST_DATABASE_URL, by default the
local server's `eexpi_test`; each run works in its own copy `eexpi_test_<pid>`, created at the
start and dropped at the end, so parallel runs never meet). Without PostgreSQL the
PostgreSQL half is skipped with the reason, except under CI (CI=true), where it fails.
Tests never clean up: each creates its own firm (random valid SIREN) and its own e-mails.
"""

import os
import random
import uuid
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from stdnum import luhn

from data.container import Container
from data.passwords import Argon2Hasher
from data.settings import load_settings
from domain.clock import FixedClock
from tests.databases import create_database, drop_database

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:5432/eexpi_test"
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def random_siren() -> str:
    base = str(random.SystemRandom().randint(10_000_000, 99_999_999))
    return base + luhn.calc_check_digit(base)


def unique_email(prefix: str = "user") -> str:
    return f"{prefix}.{uuid.uuid4().hex[:10]}@example.fr"


def _run_database_url(url: str) -> str:
    """This test run's own database (name suffixed with the process id), so parallel runs never meet."""
    from sqlalchemy.engine import make_url

    target = make_url(url)
    return target.set(database=f"{target.database}_{os.getpid()}").render_as_string(hide_password=False)


def _recreate_postgres(url: str) -> str | None:
    """Recreate the run's database; return why PostgreSQL is unusable, or None."""
    import psycopg

    try:
        drop_database(url)
        create_database(url)
    except psycopg.Error as err:
        return f"PostgreSQL indisponible ({url}): {err}"
    return None


@pytest.fixture(scope="session")
def sqlite_url(tmp_path_factory) -> str:
    from data.migrate import upgrade

    url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
    upgrade(url)
    return url


@pytest.fixture(scope="session")
def postgres_url():
    from data.migrate import upgrade

    url = _run_database_url(os.environ.get("TEST_DATABASE_URL", DEFAULT_PG))
    problem = _recreate_postgres(url)
    if problem:
        if IN_CI:
            pytest.fail(f"{problem} — under CI PostgreSQL is required.")
        pytest.skip(problem)
    upgrade(url)
    yield url
    drop_database(url)


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request) -> str:
    return request.getfixturevalue(f"{request.param}_url")


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def container(db_url: str, clock: FixedClock) -> Container:
    settings = replace(load_settings(), database_url=db_url, secret_key="test-secret-key",
                       base_url="http://testserver")
    return Container(settings, clock=clock, hasher=Argon2Hasher(fast=True))


@dataclass
class FirmFixture:
    """A fresh firm with its first administrator, as `create-firm` makes it."""

    firm_id: int
    siren: str
    admin_email: str
    admin_password: str
    container: Container

    def principal(self, email: str | None = None):
        """Sign in `email` (the admin by default) as the services would, and return the principal."""
        from domain.access.services import load_principal

        with self.container.platform_uow() as uow:
            account = uow.accounts.find_by_email(email or self.admin_email)
            assert account is not None
            return load_principal(uow.scoped(self.firm_id), account.user)


@pytest.fixture
def make_firm(container: Container):
    from domain.firm.setup import create_firm

    def make(name: str = "Cabinet Test") -> FirmFixture:
        siren, email = random_siren(), unique_email("admin")
        new = create_firm(container.platform_uow(), container.hasher, container.clock, name, siren, email,
                          container.login_url, "Alice Admin")
        return FirmFixture(new.firm_id, siren, email, new.temporary_password, container)

    return make


@pytest.fixture
def firm(make_firm) -> FirmFixture:
    return make_firm()


ROOT = Path(__file__).resolve().parent.parent
# The folder a test lives in gives its marker, so `-m integration`, `-m pages`, `-m e2e` select them.
FOLDER_MARKERS = {"integration": pytest.mark.integration, "pages": pytest.mark.pages, "e2e": pytest.mark.e2e}


def pytest_collection_modifyitems(items):
    tests_folder = ROOT / "tests"
    for item in items:
        path = Path(str(item.fspath)).resolve()
        if path.is_relative_to(tests_folder) and (marker := FOLDER_MARKERS.get(path.relative_to(tests_folder).parts[0])):
            item.add_marker(marker)
