"""Mon compte: my details and my password."""

import pytest

from domain.access.model import Role
from domain.access.services import sign_in
from domain.errors import AuthenticationFailed
from pages._ui.text import md_escape
from tests.pages.helpers import submit, titles, values

ACCOUNT = "pages/staff/account.py"
NEW_PASSWORD = "Nouvelle-Cle-Solide-2026"


@pytest.fixture
def collaborator(add_user):
    return add_user(Role.COLLABORATOR, name="Camille Durand")


def change(at, current: str, new: str, confirm: str | None = None):
    at.text_input(key="account_password.current").input(current)
    at.text_input(key="account_password.new").input(new)
    at.text_input(key="account_password.confirm").input(new if confirm is None else confirm)
    return submit(at, "Enregistrer le nouveau mot de passe")


def test_my_account_shows_my_name_email_role_and_last_sign_in(open_app, collaborator):
    at = open_app(collaborator.email, collaborator.password, ACCOUNT)
    assert not at.exception
    assert titles(at) == ["Mon compte"]
    assert f"**Camille Durand** · {md_escape(collaborator.email)} · Collaborateur" in values(at.markdown)
    assert any(caption.startswith("Dernière connexion : ") for caption in values(at.caption))


def test_changing_my_password_with_a_wrong_current_password_is_refused(open_app, app_env, collaborator):
    at = open_app(collaborator.email, collaborator.password, ACCOUNT)
    change(at, "Pas-Le-Bon-2026!", NEW_PASSWORD)
    assert not at.exception
    assert values(at.error) == ["Le mot de passe actuel est incorrect."]
    with pytest.raises(AuthenticationFailed):
        sign_in(app_env.platform_uow(), app_env.hasher, app_env.clock, collaborator.email, NEW_PASSWORD)


def test_a_new_password_built_on_my_email_is_refused(open_app, collaborator):
    at = open_app(collaborator.email, collaborator.password, ACCOUNT)
    local = collaborator.email.split("@")[0].split(".")[1]  # the unique part of the address
    change(at, collaborator.password, f"Xy9-{local}-Zt7!")
    assert values(at.error) == ["Le mot de passe ne doit pas reprendre votre adresse e-mail ni le nom du cabinet."]


def test_changing_my_password_shows_success_and_the_new_password_signs_in(open_app, app_env, collaborator):
    at = open_app(collaborator.email, collaborator.password, ACCOUNT)
    change(at, collaborator.password, NEW_PASSWORD)
    assert not at.exception
    assert titles(at) == ["Mon compte"]
    assert values(at.success) == ["Votre mot de passe a été changé."]
    signed = sign_in(app_env.platform_uow(), app_env.hasher, app_env.clock, collaborator.email, NEW_PASSWORD)
    assert signed.user.email == collaborator.email
    with pytest.raises(AuthenticationFailed):
        sign_in(app_env.platform_uow(), app_env.hasher, app_env.clock, collaborator.email, collaborator.password)
