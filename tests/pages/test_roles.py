"""What a Collaborateur, a Client and a user with a temporary password are offered."""

import pytest

from domain import formatting
from domain.access.model import Permission, Role
from domain.firm import settings, users
from domain.firm.model import rate_in_force
from tests.pages.helpers import (
    ADMIN_PAGES,
    CHANGE_PASSWORD_PAGE,
    PORTAL_PAGE,
    STAFF_PAGES,
    assert_not_served,
    request_page,
    sidebar_text,
    submit,
    titles,
    values,
)

RATE_LABEL = "Taux de vente horaire en vigueur"
NEW_PASSWORD = "Nouvelle-Cle-Solide-2026"


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


# --- Collaborateur ------------------------------------------------------------------------------


@pytest.fixture
def collaborator(add_user):
    return add_user(Role.COLLABORATOR, name="Camille Durand")


def test_a_collaborator_lands_on_the_staff_home_page_with_the_sidebar_identity(open_app, collaborator):
    at = open_app(collaborator.email, collaborator.password)
    assert not at.exception
    assert titles(at) == ["Bonjour Camille"]
    assert "Collaborateur · Cabinet Test" in sidebar_text(at)
    assert "Se déconnecter" in sidebar_text(at)
    assert any("Gérer la conformité LCB-FT" in m.value for m in at.main.markdown)
    assert not any("Administrer le cabinet" in m.value for m in at.main.markdown)


def test_a_collaborator_is_offered_the_common_staff_pages_but_no_administration_page(open_app, collaborator):
    at = open_app(collaborator.email, collaborator.password)
    at.switch_page("pages/staff/account.py").run()
    assert titles(at) == ["Mon compte"]
    at.switch_page("pages/staff/home.py").run()
    assert titles(at) == ["Bonjour Camille"]
    for page in ADMIN_PAGES:
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page(page)


@pytest.mark.parametrize("page", ADMIN_PAGES)
def test_a_collaborator_requesting_an_admin_page_does_not_get_the_admin_content(
        open_app, add_user, session_token, collaborator, page):
    admin = add_user(Role.ADMIN)
    at = open_app(collaborator.email, collaborator.password)
    request_page(at, page, session_token(admin), session_token(collaborator))
    assert_not_served(at, page, "Bonjour Camille")
    assert not at.dataframe and not at.text_input and not at.selectbox


@pytest.fixture
def graded_collaborator(firm, collaborator):
    """The collaborator with the Manager grade (its default rate is in force since 1 January)."""
    c, admin = firm.container, firm.principal()
    with c.firm_uow(firm.firm_id) as uow:
        manager = next(g for g in uow.grades.list() if g.code == "manager")
    user_id = firm.principal(collaborator.email).user.id
    users.update_profile(c.firm_uow(firm.firm_id), admin, c.clock, user_id, "Camille Durand", manager.id, None, "35")
    return collaborator, user_id, manager


def _manager_rate(firm, manager) -> str:
    c = firm.container
    with c.firm_uow(firm.firm_id) as uow:
        rate = rate_in_force(uow.grades.rates(manager.id), manager.id, c.clock.today())
    return formatting.eur_cents(rate.selling_rate_cents)


def test_the_home_page_hides_the_hourly_rate_from_a_collaborator_without_the_see_money_permission(
        open_app, graded_collaborator):
    collaborator, _, _ = graded_collaborator
    at = open_app(collaborator.email, collaborator.password)
    assert not at.exception
    assert metrics(at)["Grade"] == "Manager"
    assert RATE_LABEL not in metrics(at)
    assert not any("€" in value for value in metrics(at).values())


def test_the_home_page_shows_the_hourly_rate_once_the_collaborator_is_granted_see_money(
        open_app, firm, graded_collaborator):
    collaborator, user_id, manager = graded_collaborator
    at = open_app(collaborator.email, collaborator.password)
    assert RATE_LABEL not in metrics(at)
    c = firm.container
    users.set_user_permissions(c.firm_uow(firm.firm_id), firm.principal(), c.clock, user_id, {Permission.SEE_MONEY})
    at.run()
    assert not at.exception
    assert metrics(at)[RATE_LABEL] == _manager_rate(firm, manager) == "130,00\xa0€"
    assert any("Voir les honoraires et les taux" in m.value for m in at.main.markdown)


def test_the_home_page_shows_the_hourly_rate_when_the_collaborator_role_is_granted_see_money(
        open_app, firm, graded_collaborator):
    collaborator, _, manager = graded_collaborator
    c = firm.container
    settings.set_role_permissions(c.firm_uow(firm.firm_id), firm.principal(), c.clock, Role.COLLABORATOR,
                                  {Permission.MANAGE_COMPLIANCE, Permission.SEE_MONEY})
    at = open_app(collaborator.email, collaborator.password)
    assert not at.exception
    assert metrics(at)[RATE_LABEL] == _manager_rate(firm, manager)


def test_the_see_money_permission_alone_shows_no_rate_to_a_collaborator_without_a_grade(open_app, firm, collaborator):
    c = firm.container
    user_id = firm.principal(collaborator.email).user.id
    users.set_user_permissions(c.firm_uow(firm.firm_id), firm.principal(), c.clock, user_id, {Permission.SEE_MONEY})
    at = open_app(collaborator.email, collaborator.password)
    assert not at.exception
    assert metrics(at)["Grade"] == "Non renseigné"
    assert RATE_LABEL not in metrics(at)


# --- Client ---------------------------------------------------------------------------------------


@pytest.fixture
def client(add_user):
    return add_user(Role.CLIENT, name="Société Dupont")


def test_a_client_lands_on_the_client_space(open_app, client):
    at = open_app(client.email, client.password)
    assert not at.exception
    assert titles(at) == ["Espace client"]
    assert "Bienvenue Société Dupont." in values(at.markdown)
    assert "Cabinet Test" in at.info[0].value
    assert "Client · Cabinet Test" in sidebar_text(at)
    assert "Se déconnecter" in sidebar_text(at)


def test_a_client_is_offered_no_staff_page(open_app, client):
    at = open_app(client.email, client.password)
    at.switch_page(PORTAL_PAGE)
    for page in STAFF_PAGES:
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page(page)


@pytest.mark.parametrize("page", STAFF_PAGES)
def test_a_client_requesting_a_staff_page_stays_in_the_client_space(open_app, add_user, session_token, client, page):
    admin = add_user(Role.ADMIN)
    at = open_app(client.email, client.password)
    request_page(at, page, session_token(admin), session_token(client))
    assert_not_served(at, page, "Espace client")
    assert not at.dataframe and not at.metric and not at.text_input


# --- Temporary password -----------------------------------------------------------------------


@pytest.fixture
def newcomer(add_user):
    return add_user(Role.COLLABORATOR, must_change=True, name="Noé Petit")


def _fill(at, current: str, new: str, confirm: str | None = None):
    at.text_input(key="forced_password.current").input(current)
    at.text_input(key="forced_password.new").input(new)
    at.text_input(key="forced_password.confirm").input(new if confirm is None else confirm)
    return submit(at, "Enregistrer le nouveau mot de passe")


def _stored(firm, email):
    with firm.container.platform_uow() as uow:
        return uow.accounts.find_by_email(email)


def test_a_user_with_a_temporary_password_only_gets_the_password_change_page(open_app, newcomer):
    at = open_app(newcomer.email, newcomer.password)
    assert not at.exception
    assert titles(at) == ["Changer votre mot de passe"]
    assert "Bienvenue Noé Petit" in at.info[0].value
    at.switch_page(CHANGE_PASSWORD_PAGE)
    for page in [*STAFF_PAGES, PORTAL_PAGE]:
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page(page)


def test_a_user_with_a_temporary_password_requesting_staff_pages_does_not_get_them(
        open_app, add_user, session_token, newcomer):
    admin_token, own_token = session_token(add_user(Role.ADMIN)), session_token(newcomer)
    at = open_app(newcomer.email, newcomer.password)
    for page in ["pages/staff/home.py", "pages/staff/account.py", "pages/staff/admin_users.py"]:
        request_page(at, page, admin_token, own_token)
        assert_not_served(at, page, "Changer votre mot de passe")
        assert not at.dataframe and not at.metric


def test_a_weak_new_password_is_refused_in_french_and_changes_nothing(open_app, firm, newcomer):
    at = open_app(newcomer.email, newcomer.password)
    before = _stored(firm, newcomer.email).password_hash
    _fill(at, newcomer.password, "motdepasse")
    assert not at.exception
    assert len(at.error) == 1
    assert "Le mot de passe doit contenir au moins 12 caractères" in at.error[0].value
    assert not at.success
    account = _stored(firm, newcomer.email)
    assert account.password_hash == before
    assert account.user.must_change_password
    at.run()
    assert titles(at) == ["Changer votre mot de passe"]


def test_a_mismatched_confirmation_is_refused(open_app, firm, newcomer):
    at = open_app(newcomer.email, newcomer.password)
    _fill(at, newcomer.password, NEW_PASSWORD, "Nouvelle-Cle-Solide-2027")
    assert values(at.error) == ["Les deux mots de passe saisis ne sont pas identiques."]
    assert _stored(firm, newcomer.email).user.must_change_password


def test_a_wrong_current_password_is_refused(open_app, firm, newcomer):
    at = open_app(newcomer.email, newcomer.password)
    _fill(at, "pas-le-bon-Mot-2026", NEW_PASSWORD)
    assert values(at.error) == ["Le mot de passe actuel est incorrect."]
    assert _stored(firm, newcomer.email).user.must_change_password


def test_a_valid_new_password_opens_the_staff_home_page(open_app, firm, newcomer):
    at = open_app(newcomer.email, newcomer.password)
    _fill(at, newcomer.password, NEW_PASSWORD)
    assert not at.exception
    assert not at.error, values(at.error)
    assert titles(at) == ["Bonjour Noé"]
    assert values(at.success) == ["Votre mot de passe a été changé."]
    account = _stored(firm, newcomer.email)
    assert not account.user.must_change_password
    assert firm.container.hasher.verify(account.password_hash, NEW_PASSWORD)
    at.run()
    assert titles(at) == ["Bonjour Noé"]
    assert not at.success  # the confirmation is shown once
    at.switch_page("pages/staff/account.py").run()
    assert titles(at) == ["Mon compte"]


def test_a_client_with_a_temporary_password_reaches_the_client_space_after_changing_it(open_app, add_user):
    client = add_user(Role.CLIENT, must_change=True, name="Société Dupont")
    at = open_app(client.email, client.password)
    assert titles(at) == ["Changer votre mot de passe"]
    _fill(at, client.password, NEW_PASSWORD)
    assert not at.exception
    assert titles(at) == ["Espace client"]
    assert values(at.success) == ["Votre mot de passe a été changé."]


# --- Changes made by an administrator take effect on the user's next run ---------------------------


def test_a_collaborator_promoted_to_administrator_gets_the_administration_pages_on_the_next_run(
        open_app, firm, collaborator):
    at = open_app(collaborator.email, collaborator.password)
    with pytest.raises(ValueError):
        at.switch_page("pages/staff/admin_teams.py")
    c = firm.container
    users.change_role(c.firm_uow(firm.firm_id), firm.principal(), c.clock,
                      firm.principal(collaborator.email).user.id, Role.ADMIN)
    at.run()
    at.switch_page("pages/staff/admin_teams.py").run()
    assert not at.exception
    assert titles(at) == ["Équipes"]


def test_an_administrator_demoted_while_on_an_admin_page_loses_it_on_the_next_run(open_app, firm, add_user):
    admin = add_user(Role.ADMIN, name="Bérénice Martin")
    at = open_app(admin.email, admin.password, "pages/staff/admin_users.py")
    assert titles(at) == ["Utilisateurs"]
    c = firm.container
    users.change_role(c.firm_uow(firm.firm_id), firm.principal(), c.clock, firm.principal(admin.email).user.id,
                      Role.COLLABORATOR)
    at.run()
    assert_not_served(at, "pages/staff/admin_users.py", "Bonjour Bérénice")
    assert not at.dataframe
    assert "Collaborateur · Cabinet Test" in sidebar_text(at)


def test_a_deactivated_user_is_signed_out_on_the_next_run(open_app, firm, collaborator):
    at = open_app(collaborator.email, collaborator.password, "pages/staff/account.py")
    assert titles(at) == ["Mon compte"]
    c = firm.container
    users.set_active(c.firm_uow(firm.firm_id), firm.principal(), c.clock, firm.principal(collaborator.email).user.id,
                     False)
    at.run()
    assert not at.exception
    assert titles(at) == ["Connexion requise"]
    assert "ctx" not in at.session_state


def test_inviting_an_address_without_a_name_and_nothing_to_derive_one_from_is_refused(firm, app_env):
    import uuid

    from domain.errors import InvalidInput

    email = f"_@{uuid.uuid4().hex[:10]}.example.fr"
    c = firm.container
    with pytest.raises(InvalidInput, match="prénom et le nom"):
        users.invite_user(c.firm_uow(firm.firm_id), firm.principal(), c.hasher, c.clock, email, "",
                          Role.COLLABORATOR, None, None, "")
    with c.platform_uow() as uow:
        assert uow.accounts.find_by_email(email) is None
