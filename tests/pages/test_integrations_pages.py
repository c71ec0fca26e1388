"""Intégrations page (AppTest): save the Yousign key, never shown again, test the connection, delete it."""

import pytest

from domain.access.model import Role
from domain.audit import Action, AuditFilter
from domain.signatures import services
from domain.signatures.model import YOUSIGN
from tests.pages.helpers import button, titles
from tests.yousign_fake import API_KEY, fake_yousign  # noqa: F401 (fixture)

PAGE = "pages/staff/admin_integrations.py"


@pytest.fixture
def admin(add_user):
    return add_user(Role.ADMIN, name="Bérénice Martin")


@pytest.fixture
def admin_at(open_app, admin):
    def at():
        app = open_app(admin.email, admin.password, PAGE)
        assert not app.exception
        return app

    return at


def shown_text(at) -> str:
    parts = [e.value for kind in (at.markdown, at.success, at.info, at.warning, at.error, at.caption, at.title,
                                  at.subheader) for e in kind]
    parts += [str(t.value) for t in at.text_input]
    return "\n".join(parts)


def stored(firm):
    with firm.container.firm_uow(firm.firm_id) as uow:
        return uow.credentials.get(YOUSIGN)


def save_directly(app_env, firm, key=API_KEY, base_url=None):
    services.save_yousign_key(app_env.firm_uow(firm.firm_id), None, app_env.clock, app_env.cipher, key, "sandbox",
                              base_url=base_url)


def test_an_unconfigured_firm_is_told_how_letters_get_signed_without_yousign(admin_at):
    at = admin_at()

    assert titles(at) == ["Intégrations"]
    assert "Yousign n'est pas configuré" in at.info[0].value
    assert "INPI" in shown_text(at) and "Chorus Pro" in shown_text(at)
    assert [b.label for b in at.button if b.label in ("Tester la connexion", "Supprimer la clé")] == []


def test_the_saved_key_is_encrypted_and_never_shown_again(admin_at, firm, app_env):
    at = admin_at()
    assert at.text_input(key="integrations.yousign.key").proto.type == 1  # PASSWORD
    at.text_input(key="integrations.yousign.key").input(API_KEY)
    at.radio(key="integrations.yousign.env").set_value(at.radio(key="integrations.yousign.env").options[1])
    at = button(at, "Enregistrer la clé").click().run()

    assert not at.exception
    assert at.success[0].value == "Clé Yousign enregistrée (chiffrée). Elle ne sera plus affichée."
    assert "…cdef" in at.success[1].value and "Production" in at.success[1].value
    assert API_KEY not in shown_text(at)
    assert at.text_input(key="integrations.yousign.key").value == ""
    row = stored(firm)
    assert API_KEY not in row.ciphertext and app_env.cipher.decrypt(row.ciphertext).endswith(f'"{API_KEY}"}}')
    assert row.base_url == "https://api.yousign.app/v3"
    with firm.container.firm_uow(firm.firm_id) as uow:
        [event] = uow.audit.search(AuditFilter(action=Action.CREDENTIALS_CHANGE))
    assert API_KEY not in str(event.details)
    assert button(at, "Remplacer la clé")


def test_an_invalid_key_shows_a_french_error_and_stores_nothing(admin_at, firm):
    at = admin_at()
    at.text_input(key="integrations.yousign.key").input("trop court")
    at = button(at, "Enregistrer la clé").click().run()

    assert at.error[0].value.startswith("Clé API Yousign invalide")
    assert stored(firm) is None


def test_deleting_the_key_needs_the_confirmation(admin_at, firm, app_env):
    save_directly(app_env, firm)
    at = admin_at()
    assert button(at, "Supprimer la clé").disabled

    at.checkbox(key="integrations.yousign.delete.ok").check().run()
    at = button(at, "Supprimer la clé").click().run()

    assert at.success[0].value == "Clé Yousign supprimée."
    assert stored(firm) is None
    assert "Yousign n'est pas configuré" in at.info[0].value


def test_the_connection_test_reports_success_and_refusal(admin_at, firm, app_env, fake_yousign):
    save_directly(app_env, firm, base_url=fake_yousign.url)
    at = admin_at()

    at = button(at, "Tester la connexion").click().run()
    assert at.success[0].value == "Connexion à Yousign réussie : la clé est acceptée."
    assert fake_yousign.calls[-1].headers["Authorization"] == f"Bearer {API_KEY}"

    save_directly(app_env, firm, key="ys-revoked-key-0000000000", base_url=fake_yousign.url)
    at = button(at, "Tester la connexion").click().run()
    assert at.error[0].value.startswith("Clé API Yousign refusée (HTTP 401)")

