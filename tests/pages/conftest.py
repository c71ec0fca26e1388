"""AppTest fixtures: the real app.py on a real database, signed in through a real session.

AppTest cannot send cookies, so a test signs the user in with the domain service and puts the
session token in `session_state["auth_token"]`; app.py resolves it exactly like the cookie.
"""

from dataclasses import dataclass

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from data import container as container_module
from domain.access.model import Role
from domain.access.services import sign_in
from domain.firm.users import create_user

from tests.conftest import ROOT, unique_email


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/pages" in str(item.fspath):
            item.add_marker(pytest.mark.pages)


@pytest.fixture
def app_env(db_url, monkeypatch):
    """Point app.py's container at the test database, then restore the caches."""
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("EEXPI_SECRET_KEY", "test-secret-key")
    container_module.default_container.cache_clear()
    st.cache_resource.clear()
    yield container_module.default_container()
    container_module.default_container.cache_clear()
    st.cache_resource.clear()


@dataclass
class Staff:
    email: str
    password: str


@pytest.fixture
def add_user(firm, app_env):
    """Create a user of `role` in the test firm with a known password already chosen."""

    def add(role: Role, must_change: bool = False, name: str = "Utilisateur Test") -> Staff:
        c = firm.container
        with c.firm_uow(firm.firm_id) as uow:
            user, temporary = create_user(uow, c.hasher, c.clock, None, unique_email(role.value), name, role)
            if not must_change:
                uow.users.set_password(user.id, c.hasher.hash("Cle-De-Test-2026!"), must_change=False)
            uow.commit()
        return Staff(user.email, temporary if must_change else "Cle-De-Test-2026!")

    return add


@pytest.fixture
def open_app(firm, app_env):
    """AppTest of app.py signed in as `email` (None: signed out)."""

    def open_(email: str | None, password: str | None = None, page: str | None = None) -> AppTest:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
        if email is not None:
            c = app_env
            signed = sign_in(c.platform_uow(), c.hasher, c.clock, email, password)
            at.session_state["auth_token"] = signed.token
        at.run()
        if page:
            at.switch_page(page).run()
        return at

    return open_
