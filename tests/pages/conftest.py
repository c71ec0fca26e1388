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


@pytest.fixture
def session_token(app_env):
    """A real session token for `staff` (what the session cookie carries), to swap sessions in one AppTest."""

    def token(staff: Staff) -> str:
        c = app_env
        return sign_in(c.platform_uow(), c.hasher, c.clock, staff.email, staff.password).token

    return token


@pytest.fixture
def page_ctx(firm, app_env):
    """The AppContext app.py would build for `email`, to open a page file directly (without app.py)."""
    from domain.context import AppContext

    def ctx(email: str) -> AppContext:
        principal = firm.principal(email)
        c = app_env
        return AppContext(principal=principal, uow=lambda: c.firm_uow(principal.firm_id), platform_uow=c.platform_uow,
                          hasher=c.hasher, clock=c.clock, login_url=c.login_url, documents=c.documents,
                          cipher=c.cipher, signature_gateway=c.signature_gateway)

    return ctx


@pytest.fixture
def pin_app_clock(app_env, monkeypatch):
    """Stop the app's clock at `at` (call before open_app, so the session starts then too)."""
    from domain.clock import FixedClock

    def pin(at) -> FixedClock:
        clock = FixedClock(at)
        monkeypatch.setattr(app_env, "clock", clock)
        return clock

    return pin


@pytest.fixture(scope="package", autouse=True)
def _scan_component_manifests_once():
    """Speed only: every new AppTest rescans all installed packages for Streamlit v2 components
    (about a second each); the installed packages do not change during the test session."""
    from functools import cache

    from streamlit.components.v2 import manifest_scanner

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(manifest_scanner, "scan_component_manifests", cache(manifest_scanner.scan_component_manifests))
        yield


@pytest.fixture(autouse=True)
def _fast_app_hasher(request, monkeypatch):
    """Speed only: the app's container hashes passwords at argon2's production cost, and every sign-in
    of a test user (hashed at minimal cost) would be rehashed at that cost. Page tests do not test
    hashing cost, so the app gets the same minimal-cost argon2id as the `container` fixture."""
    if "app_env" in request.fixturenames:
        from data.passwords import Argon2Hasher

        monkeypatch.setattr(request.getfixturevalue("app_env"), "hasher", Argon2Hasher(fast=True))


@pytest.fixture(scope="package", autouse=True)
def _plain_exception_logs():
    """Speed only: an uncaught page exception is logged with a rich, syntax-highlighted traceback
    (seconds per exception); plain logging keeps the xfail tests of known bugs fast. What the page
    shows (`at.exception`) is unchanged."""
    from streamlit import config

    before = config.get_option("logger.enableRich")
    config.set_option("logger.enableRich", False)
    yield
    config.set_option("logger.enableRich", before)
