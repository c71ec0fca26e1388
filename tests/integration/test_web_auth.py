"""The sign-in routes and the page gate over HTTP (Starlette TestClient), around a dummy app page."""

import re

import pytest
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from domain.access.services import sign_in
from tests.conftest import unique_email
from web.auth_routes import AuthRoutes
from web.cookies import sign_token

HTML = {"accept": "text/html,application/xhtml+xml"}
NEW_PASSWORD = "Grenadine-Voilier-73!"
OTHER_PASSWORD = "Autre-Phrase-Secrete-48?"
BAD_CREDENTIALS = "Adresse e-mail ou mot de passe incorrect."
LOCKED = "Trop de tentatives de connexion. Réessayez dans 15 minutes ou réinitialisez votre mot de passe."
CSRF_ERROR = "Le formulaire a expiré. Rechargez la page et recommencez."


@pytest.fixture
def app(container):
    from web.gate import LoginGate

    async def clients_page(request):
        return PlainTextResponse("Page clients")

    routes = AuthRoutes(container).routes() + [Route("/clients", clients_page)]
    return Starlette(routes=routes, middleware=[Middleware(LoginGate, container=container)])


@pytest.fixture
def client(app):
    with TestClient(app, follow_redirects=False) as c:
        yield c


def new_client(app) -> TestClient:
    return TestClient(app, follow_redirects=False)


def csrf_field(html: str) -> str:
    match = re.search(r'<input type="hidden" name="csrf" value="([^"]+)">', html)
    assert match, "no CSRF field in the form"
    return match.group(1)


def set_cookies(response, name: str) -> list[str]:
    return [h for h in response.headers.get_list("set-cookie") if h.startswith(f"{name}=")]


def login(client: TestClient, email: str, password: str, next_path: str = "/clients"):
    page = client.get("/auth/login", params={"next": next_path})
    return client.post("/auth/login", params={"next": next_path},
                       data={"csrf": csrf_field(page.text), "email": email, "password": password})


def fresh_csrf(client: TestClient) -> str:
    """A valid CSRF pair (cookie in the client, token returned) from any auth page with a form."""
    return csrf_field(client.get("/auth/forgot").text)


def session_cookie(response) -> str:
    [header] = set_cookies(response, "eexpi_session")
    return header.split(";")[0].split("=", 1)[1]


def gate(app, cookie: str | None):
    """GET /clients as a browser navigation with only `cookie` as the session cookie."""
    with new_client(app) as fresh:
        headers = dict(HTML, cookie=f"eexpi_session={cookie}") if cookie is not None else HTML
        return fresh.get("/clients", headers=headers)


def reset_links(firm) -> list[str]:
    with firm.container.firm_uow(firm.firm_id) as uow:
        mails = sorted((m for m in uow.outbox.list() if m["recipient"] == firm.admin_email
                        and m["subject"] == "Réinitialisation de votre mot de passe EEXPI"), key=lambda m: m["id"])
    return [re.search(r"http://testserver(/auth/reset\?token=\S+)", m["body"]).group(1) for m in mails]


def ask_reset(client: TestClient, email: str):
    page = client.get("/auth/forgot")
    return client.post("/auth/forgot", data={"csrf": csrf_field(page.text), "email": email})


# --- sign-in ---------------------------------------------------------------------------------------


def test_the_login_page_is_a_french_form_with_a_csrf_field_matching_its_cookie(client):
    page = client.get("/auth/login", params={"next": "/clients"})

    assert page.status_code == 200
    assert '<html lang="fr">' in page.text
    assert "<h1>Connexion</h1>" in page.text
    assert 'name="password" type="password"' in page.text
    assert 'action="/auth/login?next=/clients"' in page.text
    [cookie] = set_cookies(page, "eexpi_csrf")
    assert cookie.split(";")[0] == f"eexpi_csrf={csrf_field(page.text)}"
    assert "httponly" in cookie.lower() and "path=/auth" in cookie.lower() and "samesite=strict" in cookie.lower()
    assert page.headers["cache-control"] == "no-store"


def test_posting_the_login_form_without_the_csrf_cookie_and_field_is_refused_without_a_session(app, firm):
    with new_client(app) as fresh:
        response = fresh.post("/auth/login", data={"email": firm.admin_email, "password": firm.admin_password})

    assert response.status_code == 400
    assert CSRF_ERROR in response.text
    assert set_cookies(response, "eexpi_session") == []


def test_posting_the_login_form_with_a_csrf_field_not_matching_the_cookie_is_refused(client, firm):
    client.get("/auth/login")

    response = client.post("/auth/login", data={"csrf": "jeton-invente", "email": firm.admin_email,
                                                "password": firm.admin_password})

    assert response.status_code == 400
    assert CSRF_ERROR in response.text
    assert set_cookies(response, "eexpi_session") == []


def test_a_wrong_password_answers_401_with_the_french_message_and_no_session(client, firm):
    response = login(client, firm.admin_email, firm.admin_password + "x")

    assert response.status_code == 401
    assert BAD_CREDENTIALS in response.text
    assert set_cookies(response, "eexpi_session") == []
    assert f'value="{firm.admin_email}"' in response.text  # the e-mail is kept in the form


def test_a_correct_login_redirects_to_next_with_an_httponly_lax_session_cookie(client, firm):
    response = login(client, firm.admin_email, firm.admin_password, next_path="/clients?onglet=2")

    assert response.status_code == 303
    assert response.headers["location"] == "/clients?onglet=2"
    [cookie] = set_cookies(response, "eexpi_session")
    attributes = [part.strip().lower() for part in cookie.split(";")[1:]]
    assert "httponly" in attributes
    assert "samesite=lax" in attributes
    assert "path=/" in attributes
    assert "max-age=604800" in attributes


@pytest.mark.parametrize("target", ["//evil.example", "https://evil.example/", "/\\evil.example"])
def test_a_next_pointing_to_another_site_is_replaced_by_the_home_page(client, firm, target):
    response = login(client, firm.admin_email, firm.admin_password, next_path=target)

    assert response.status_code == 303
    assert response.headers["location"] == "/"


def test_the_sixth_attempt_after_five_failures_is_locked_even_with_the_right_password(client, firm):
    for _ in range(5):
        failed = login(client, firm.admin_email, "Mauvais-Mot-De-Passe-1")
        assert failed.status_code == 401
        assert BAD_CREDENTIALS in failed.text

    sixth = login(client, firm.admin_email, firm.admin_password)

    assert sixth.status_code == 401
    assert LOCKED in sixth.text
    assert set_cookies(sixth, "eexpi_session") == []


# --- the gate --------------------------------------------------------------------------------------


def test_the_gate_sends_a_page_navigation_without_session_to_the_login_page(app):
    response = gate(app, None)

    assert response.status_code == 303
    assert response.headers["location"] == "/auth/login?next=/clients"


def test_the_gate_lets_a_page_navigation_with_a_valid_session_cookie_through(app, client, firm):
    cookie = session_cookie(login(client, firm.admin_email, firm.admin_password))

    response = gate(app, cookie)

    assert response.status_code == 200
    assert response.text == "Page clients"


def test_the_gate_rejects_forged_and_tampered_session_cookies(app, client, firm, container):
    cookie = session_cookie(login(client, firm.admin_email, firm.admin_password))
    token = sign_in(container.platform_uow(), container.hasher, container.clock, firm.admin_email,
                    firm.admin_password).token
    payload, rest = cookie.split(".", 1)
    forged = {
        "signed with another key": sign_token("une-autre-cle", token),
        "raw token, unsigned": token,
        "payload altered": ("J" if payload[0] != "J" else "K") + payload[1:] + "." + rest,
        "signed but unknown token": sign_token("test-secret-key", "jeton-qui-n-existe-pas"),
    }

    for label, value in forged.items():
        response = gate(app, value)
        assert response.status_code == 303, label
        assert response.headers["location"] == "/auth/login?next=/clients", label
    assert gate(app, cookie).status_code == 200  # the genuine cookie still passes


def test_a_session_idle_for_more_than_eight_hours_no_longer_passes_the_gate(app, client, firm, clock):
    cookie = session_cookie(login(client, firm.admin_email, firm.admin_password))
    clock.advance(hours=7, minutes=59)
    assert gate(app, cookie).status_code == 200  # this navigation also refreshes the idle timer
    clock.advance(hours=7, minutes=59)
    assert gate(app, cookie).status_code == 200

    clock.advance(hours=8, minutes=1)

    assert gate(app, cookie).status_code == 303


def test_logout_revokes_the_session_server_side_and_clears_the_cookie(app, client, firm):
    cookie = session_cookie(login(client, firm.admin_email, firm.admin_password))
    assert gate(app, cookie).status_code == 200

    response = client.get("/auth/logout")

    assert response.status_code == 303
    assert response.headers["location"] == "/auth/login?msg=logged_out"
    [cleared] = set_cookies(response, "eexpi_session")
    assert cleared.startswith('eexpi_session="";') or cleared.startswith("eexpi_session=;")
    assert "max-age=0" in cleared.lower()
    refused = gate(app, cookie)
    assert refused.status_code == 303
    assert refused.headers["location"] == "/auth/login?next=/clients"
    assert "Vous êtes déconnecté." in client.get(response.headers["location"]).text


# --- password reset --------------------------------------------------------------------------------


def test_forgot_answers_the_same_page_for_known_and_unknown_addresses_and_mails_only_the_known(client, firm):
    unknown = unique_email("personne")

    known_page, unknown_page = ask_reset(client, firm.admin_email), ask_reset(client, unknown)

    assert known_page.status_code == unknown_page.status_code == 200
    assert "Si un compte correspond à cette adresse, un lien de réinitialisation" in known_page.text
    assert known_page.text == unknown_page.text
    assert len(reset_links(firm)) == 1
    with firm.container.platform_uow() as uow:
        assert uow.accounts.find_by_email(unknown) is None


def test_the_mailed_reset_link_shows_the_form_and_a_strong_password_then_signs_in(app, client, firm):
    old_session = session_cookie(login(client, firm.admin_email, firm.admin_password))
    ask_reset(client, firm.admin_email)
    [link] = reset_links(firm)
    token = link.split("token=", 1)[1]

    form = client.get(link)

    assert form.status_code == 200
    assert "<h1>Choisir un nouveau mot de passe</h1>" in form.text
    assert f'<input type="hidden" name="token" value="{token}">' in form.text
    done = client.post("/auth/reset", data={"csrf": csrf_field(form.text), "token": token,
                                            "password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert done.status_code == 303
    assert done.headers["location"] == "/auth/login?msg=reset_done"
    assert "Votre mot de passe a été modifié." in client.get(done.headers["location"]).text
    assert gate(app, old_session).status_code == 303  # the reset ends every open session
    assert login(client, firm.admin_email, firm.admin_password).status_code == 401
    assert login(client, firm.admin_email, NEW_PASSWORD).status_code == 303


def test_a_reset_link_used_once_is_refused_the_second_time(client, firm):
    ask_reset(client, firm.admin_email)
    [link] = reset_links(firm)
    token = link.split("token=", 1)[1]
    form = client.get(link)
    first = client.post("/auth/reset", data={"csrf": csrf_field(form.text), "token": token,
                                             "password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert first.status_code == 303

    again = client.get(link)
    replay = client.post("/auth/reset", data={"csrf": fresh_csrf(client), "token": token,
                                              "password": OTHER_PASSWORD, "confirm": OTHER_PASSWORD})

    assert again.status_code == 400
    assert "déjà été utilisé" in again.text
    assert 'name="password"' not in again.text
    assert replay.status_code == 400
    assert "déjà été utilisé" in replay.text
    assert login(client, firm.admin_email, NEW_PASSWORD).status_code == 303


def test_a_reset_link_older_than_thirty_minutes_is_refused_as_expired(client, firm, clock):
    ask_reset(client, firm.admin_email)
    [link] = reset_links(firm)
    token = link.split("token=", 1)[1]
    clock.advance(minutes=31)

    page = client.get(link)
    post = client.post("/auth/reset", data={"csrf": fresh_csrf(client), "token": token,
                                            "password": NEW_PASSWORD, "confirm": NEW_PASSWORD})

    assert page.status_code == 400
    assert "expiré" in page.text
    assert post.status_code == 400
    assert "expiré" in post.text
    assert login(client, firm.admin_email, firm.admin_password).status_code == 303


def test_a_weak_password_on_the_reset_form_keeps_the_form_with_the_french_reason(client, firm):
    ask_reset(client, firm.admin_email)
    [link] = reset_links(firm)
    token = link.split("token=", 1)[1]
    form = client.get(link)

    response = client.post("/auth/reset", data={"csrf": csrf_field(form.text), "token": token,
                                                "password": "azerty", "confirm": "azerty"})

    assert response.status_code == 400
    assert "au moins 12 caractères" in response.text
    assert 'name="password"' in response.text
    assert login(client, firm.admin_email, firm.admin_password).status_code == 303

