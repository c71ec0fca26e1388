"""Sign-in, sign-out, lockout and role separation in a real browser against the real server."""

import re

from data.seed import DEMO_PASSWORD, MAIN_ADMIN, MAIN_CLIENT, MAIN_COLLABORATOR
from domain.access.services import LOCK_AFTER_FAILURES
from web.cookies import SESSION_COOKIE

LOGIN_URL = re.compile(r"^http://localhost:\d+/auth/login")


def _session_cookie(context) -> dict:
    cookies = [c for c in context.cookies() if c["name"] == SESSION_COOKIE]
    assert len(cookies) == 1, f"expected one {SESSION_COOKIE} cookie, got {context.cookies()}"
    return cookies[0]


def _open_home_with_cookie(new_context, server, value: str):
    page = new_context().new_page()
    page.context.add_cookies([{"name": SESSION_COOKIE, "value": value, "url": server.base_url}])
    page.goto(server.url("/"))
    return page


def test_the_admin_signs_in_stays_signed_in_on_reload_and_signing_out_kills_the_cookie(
        page, server, new_context, sign_in, sign_out, screenshot):
    sign_in(page, MAIN_ADMIN)
    page.get_by_role("heading", name="Bonjour Claire").wait_for()

    cookie = _session_cookie(page.context)
    assert cookie["httpOnly"] is True
    assert cookie["sameSite"] == "Lax"

    page.reload()
    page.get_by_role("heading", name="Bonjour Claire").wait_for()

    # The same cookie opens the app from another browser while the session is alive...
    other = _open_home_with_cookie(new_context, server, cookie["value"])
    other.get_by_role("heading", name="Bonjour Claire").wait_for()

    sign_out(page)
    assert _session_cookie_or_none(page.context) is None

    # ...and no longer once the session was closed server-side.
    replay = _open_home_with_cookie(new_context, server, cookie["value"])
    replay.wait_for_url(LOGIN_URL)
    replay.get_by_role("heading", name="Connexion").wait_for()
    assert replay.get_by_text("Bonjour Claire").count() == 0
    screenshot("signed-out", of=page)
    screenshot("replayed-cookie", of=replay)


def _session_cookie_or_none(context) -> dict | None:
    return next((c for c in context.cookies() if c["name"] == SESSION_COOKIE), None)


def test_a_wrong_password_is_refused_with_a_message_and_no_session(page, server, sign_in, screenshot):
    sign_in(page, MAIN_ADMIN, "Pas-le-bon-mot-de-passe-1")
    page.get_by_text("Adresse e-mail ou mot de passe incorrect.").wait_for()
    assert LOGIN_URL.match(page.url)
    assert _session_cookie_or_none(page.context) is None
    screenshot()


def test_five_wrong_passwords_lock_the_account_so_the_right_one_is_then_refused(page, sign_in, screenshot):
    for attempt in range(LOCK_AFTER_FAILURES):
        sign_in(page, MAIN_COLLABORATOR, f"Mauvais-Essai-{attempt}-xyz")
        page.get_by_text("Adresse e-mail ou mot de passe incorrect.").wait_for()

    sign_in(page, MAIN_COLLABORATOR, DEMO_PASSWORD)
    page.get_by_text("Trop de tentatives").wait_for()
    assert LOGIN_URL.match(page.url)
    assert _session_cookie_or_none(page.context) is None
    screenshot()


def test_a_client_lands_on_the_client_space_and_cannot_open_a_staff_page_by_url(page, server, sign_in, screenshot):
    sign_in(page, MAIN_CLIENT)
    page.get_by_role("heading", name="Espace client").wait_for()
    page.get_by_text("Bienvenue Julie Dupain.").wait_for()

    page.goto(server.url("/utilisateurs"))
    # A French notice stands in for the staff page, which is never drawn (and no English dialog).
    page.get_by_role("heading", name="Page non disponible").wait_for()
    assert page.get_by_text("Page not found").count() == 0
    page.wait_for_timeout(1000)  # let any late script run finish before asserting what is absent
    assert page.get_by_role("heading", name="Utilisateurs").count() == 0
    assert page.get_by_text("Inviter un utilisateur").count() == 0
    assert page.get_by_text("claire.verger@verger-associes.fr").count() == 0
    screenshot()
