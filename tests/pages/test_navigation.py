"""Which pages app.py serves to whom: administrators, signed-out visitors, and pages run without app.py."""

import pytest

from domain.access.model import Role
from domain.access.services import sign_out
from tests.pages.helpers import (
    ADMIN_PAGES,
    CHANGE_PASSWORD_PAGE,
    EVERY_PAGE,
    OTHER_TITLES,
    PORTAL_PAGE,
    SIGN_IN_FIRST,
    SIGNED_OUT_PAGE,
    STAFF_PAGES,
    STAFF_TITLES,
    UNAVAILABLE,
    assert_not_served,
    open_page_file,
    request_page,
    sidebar_text,
    titles,
    values,
)


@pytest.fixture
def admin(add_user):
    return add_user(Role.ADMIN, name="Bérénice Martin")


# --- Administrateur ---------------------------------------------------------------------------


@pytest.mark.parametrize("page", STAFF_PAGES)
def test_every_staff_page_opens_for_an_administrator_with_its_french_title_and_the_sidebar_identity(
        open_app, admin, page):
    at = open_app(admin.email, admin.password, page)
    assert not at.exception
    assert titles(at)[0] == STAFF_TITLES.get(page, "Bonjour Bérénice")
    assert not at.error, values(at.error)
    sidebar = sidebar_text(at)
    assert "**Bérénice Martin**" in sidebar
    assert "Administrateur · Cabinet Test" in sidebar
    assert '<a href="/auth/logout" target="_self">Se déconnecter</a>' in sidebar


def test_requesting_a_page_url_in_a_session_that_is_offered_it_opens_that_page(open_app, admin, session_token):
    """Control for `request_page`: the fallbacks below are not an artefact of the helper."""
    at = open_app(None)
    request_page(at, "pages/staff/admin_grades.py", session_token(admin), session_token(admin))
    assert titles(at) == ["Grades et taux horaires"]


def test_an_administrator_lands_on_the_staff_home_page(open_app, admin):
    at = open_app(admin.email, admin.password)
    assert not at.exception
    assert titles(at) == ["Bonjour Bérénice"]
    assert any("Administrer le cabinet" in m.value for m in at.main.markdown)


@pytest.mark.parametrize("page", [SIGNED_OUT_PAGE, CHANGE_PASSWORD_PAGE, PORTAL_PAGE])
def test_the_pages_outside_the_staff_navigation_are_not_served_to_an_administrator(
        open_app, add_user, session_token, admin, page):
    """The sign-in, forced-change and portal pages belong to other navigations: an administrator
    requesting their URL does not get them, and nothing breaks."""
    at = open_app(admin.email, admin.password)
    with pytest.raises(ValueError):
        at.switch_page(page)  # not offered by the administrator's navigation
    via = {SIGNED_OUT_PAGE: None,
           CHANGE_PASSWORD_PAGE: session_token(add_user(Role.COLLABORATOR, must_change=True)),
           PORTAL_PAGE: session_token(add_user(Role.CLIENT))}[page]
    request_page(at, page, via, at.session_state["auth_token"])
    assert_not_served(at, page, "Bonjour Bérénice")
    assert not at.text_input  # neither the password form nor anything else of those pages


@pytest.mark.parametrize("role, page, fallback", [
    (Role.COLLABORATOR, "pages/staff/admin_users.py", "Bonjour"),
    (Role.CLIENT, "pages/staff/account.py", "Espace client"),
])
def test_a_url_outside_the_user_pages_shows_a_french_notice_without_running_the_page(
        open_app, add_user, session_token, admin, role, page, fallback):
    user = add_user(role)
    at = open_app(user.email, user.password)
    request_page(at, page, session_token(admin), session_token(user))
    assert not at.exception
    assert titles(at) == [UNAVAILABLE]
    assert values(at.warning) == ["Cette page n'est pas accessible avec votre compte. Utilisez le menu pour continuer."]
    assert not at.dataframe and not at.text_input
    at.switch_page(PORTAL_PAGE if role is Role.CLIENT else "pages/staff/home.py").run()
    assert titles(at)[0].startswith(fallback)  # the menu still leads back to the user's own pages


# --- Signed out ---------------------------------------------------------------------------------


def test_a_signed_out_visitor_gets_only_the_connexion_requise_page(open_app):
    at = open_app(None)
    assert not at.exception
    assert titles(at) == ["Connexion requise"]
    assert '<a href="/auth/login" target="_self">Se connecter à EEXPI</a>' in values(at.markdown)
    assert "Se déconnecter" not in sidebar_text(at)
    assert "ctx" not in at.session_state


def test_a_signed_out_visitor_is_offered_no_other_page(open_app):
    at = open_app(None)
    at.switch_page(SIGNED_OUT_PAGE)  # the only page registered
    for page in EVERY_PAGE:
        if page != SIGNED_OUT_PAGE:
            with pytest.raises(ValueError, match="Could not find a navigation page"):
                at.switch_page(page)


@pytest.mark.parametrize("page", [p for p in EVERY_PAGE if p != SIGNED_OUT_PAGE])
def test_a_signed_out_request_for_any_page_shows_only_connexion_requise(open_app, add_user, session_token, page):
    via = session_token(add_user(
        Role.CLIENT if page == PORTAL_PAGE else Role.ADMIN, must_change=page == CHANGE_PASSWORD_PAGE))
    at = open_app(None)
    request_page(at, page, via, None)
    assert not at.exception
    assert titles(at) == ["Connexion requise"]
    assert STAFF_TITLES.get(page, OTHER_TITLES.get(page)) not in titles(at)
    assert not any(t.startswith("Bonjour") for t in titles(at))
    assert "ctx" not in at.session_state
    assert "Se déconnecter" not in sidebar_text(at)


def test_a_session_revoked_while_in_use_drops_the_context_and_shows_connexion_requise(open_app, app_env, admin):
    at = open_app(admin.email, admin.password, "pages/staff/admin_users.py")
    assert titles(at) == ["Utilisateurs"]
    assert "ctx" in at.session_state
    sign_out(app_env.platform_uow(), app_env.clock, at.session_state["auth_token"])
    at.run()
    assert not at.exception
    assert titles(at) == ["Connexion requise"]
    assert "ctx" not in at.session_state


def test_a_forged_session_token_is_treated_as_signed_out(open_app, admin, session_token):
    at = open_app(None)
    request_page(at, "pages/staff/admin_users.py", session_token(admin), "not-a-real-session-token")
    assert titles(at) == ["Connexion requise"]
    assert "ctx" not in at.session_state


# --- Defence in depth: a page file run without app.py -------------------------------------------


@pytest.mark.parametrize("page", [p for p in EVERY_PAGE if p != SIGNED_OUT_PAGE])
def test_a_page_run_without_the_app_asks_to_sign_in_and_stops(page):
    at = open_page_file(page)
    assert not at.exception
    assert values(at.warning) == [SIGN_IN_FIRST]
    assert titles(at) == []
    assert not at.dataframe and not at.button and not at.text_input


def test_the_sign_in_page_needs_no_context():
    at = open_page_file(SIGNED_OUT_PAGE)
    assert not at.exception
    assert titles(at) == ["Connexion requise"]


@pytest.mark.parametrize("page", ADMIN_PAGES)
def test_an_admin_page_run_without_the_app_refuses_a_collaborator_context(add_user, page_ctx, page):
    collaborator = add_user(Role.COLLABORATOR)
    at = open_page_file(page, page_ctx(collaborator.email))
    assert not at.exception
    assert values(at.error) == ["Vous n'avez pas accès à cette page."]
    assert STAFF_TITLES[page] not in titles(at)
    assert titles(at) == []


@pytest.mark.parametrize("page", STAFF_PAGES)
def test_a_staff_page_run_without_the_app_refuses_a_client_context(add_user, page_ctx, page):
    client = add_user(Role.CLIENT)
    at = open_page_file(page, page_ctx(client.email))
    assert not at.exception
    assert values(at.error) == ["Cette page est réservée aux utilisateurs du cabinet."]
    assert titles(at) == []


@pytest.mark.parametrize("page", STAFF_PAGES)
def test_a_staff_page_run_without_the_app_refuses_a_user_who_must_change_a_temporary_password(
        add_user, page_ctx, page):
    admin = add_user(Role.ADMIN, must_change=True)
    at = open_page_file(page, page_ctx(admin.email))
    assert not at.exception
    assert values(at.error) == ["Cette page est réservée aux utilisateurs du cabinet."]
    assert titles(at) == []
