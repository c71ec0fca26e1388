"""Password journeys through the outbox: an invited user's forced change, and a reset by e-mailed link."""

import re
import uuid

from data.seed import MAIN_ADMIN, SECOND_ADMIN

LOGIN_URL = re.compile(r"^http://localhost:\d+/auth/login")
# Long, mixed, not built on a name, an e-mail or a firm: accepted by the CNIL policy and by zxcvbn.
NEW_PASSWORD = "Quenouille-Basalte-47-Zephyr"


def _temporary_password(body: str) -> str:
    found = re.search(r"^Mot de passe temporaire : (\S+)$", body, re.MULTILINE)
    assert found, f"no temporary password in the invitation:\n{body}"
    return found.group(1)


def _reset_link(body: str, base_url: str) -> str:
    found = re.search(r"^(http://\S+/auth/reset\?token=\S+)$", body, re.MULTILINE)
    assert found, f"no reset link in the e-mail:\n{body}"
    assert found.group(1).startswith(base_url + "/auth/reset?token=")
    return found.group(1)


def _sidebar(page):
    return page.locator("[data-testid='stSidebar']")


def test_an_invited_user_must_replace_the_temporary_password_before_reaching_the_staff_home(
        page, server, sign_in, sign_out, screenshot):
    email = f"e2e.{uuid.uuid4().hex[:8]}@verger-associes.fr"
    sign_in(page, MAIN_ADMIN)
    page.get_by_role("heading", name="Bonjour Claire").wait_for()

    _sidebar(page).get_by_role("link", name="Utilisateurs").click()
    page.get_by_role("heading", name="Utilisateurs").wait_for()
    page.get_by_text("Inviter un utilisateur").click()
    email_input = page.get_by_label("Adresse e-mail *", exact=True)
    email_input.fill(email)
    email_input.press("Tab")
    name_input = page.get_by_label("Prénom et nom *", exact=True)
    name_input.fill("Mathilde Fournier")
    name_input.press("Tab")
    page.get_by_role("button", name="Inviter", exact=True).click()
    page.get_by_text(f"Invitation envoyée à {email}").wait_for()

    temporary = _temporary_password(server.outbox_body(email))
    sign_out(page)

    sign_in(page, email, temporary)
    page.get_by_role("heading", name="Changer votre mot de passe").wait_for()
    # Nothing else is offered while the temporary password is in use.
    assert _sidebar(page).get_by_role("link").all_inner_texts() == ["Se déconnecter"]
    page.goto(server.url("/accueil"))
    page.get_by_role("heading", name="Page non disponible").wait_for()
    assert page.get_by_role("heading", name="Bonjour Mathilde").count() == 0
    page.goto(server.url("/"))
    page.get_by_role("heading", name="Changer votre mot de passe").wait_for()

    for label, value in (("Mot de passe actuel", temporary), ("Nouveau mot de passe", NEW_PASSWORD),
                         ("Confirmation du nouveau mot de passe", NEW_PASSWORD)):
        field = page.get_by_label(label, exact=True)
        field.fill(value)
        field.press("Tab")
    page.get_by_role("button", name="Enregistrer le nouveau mot de passe").click()

    page.get_by_role("heading", name="Bonjour Mathilde").wait_for()
    page.get_by_text("Votre mot de passe a été changé.").wait_for()
    sidebar = _sidebar(page)
    sidebar.get_by_role("link", name="Mon compte").wait_for()
    assert sidebar.get_by_text("Administration").count() == 0
    assert sidebar.get_by_role("link", name="Utilisateurs").count() == 0
    screenshot()


def test_a_reset_link_from_the_outbox_sets_a_new_password_once_and_only_once(page, server, sign_in, screenshot):
    page.goto(server.url("/auth/login"))
    page.get_by_role("link", name="Mot de passe oublié ?").click()
    page.wait_for_url(re.compile(r"/auth/forgot$"))
    page.locator("#email").fill(SECOND_ADMIN)
    page.get_by_role("button", name="Envoyer le lien").click()
    page.get_by_text("Si un compte correspond à cette adresse").wait_for()

    link = _reset_link(server.outbox_body(SECOND_ADMIN), server.base_url)
    page.goto(link)
    page.get_by_role("heading", name="Choisir un nouveau mot de passe").wait_for()
    page.locator("#password").fill(NEW_PASSWORD)
    page.locator("#confirm").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Enregistrer le mot de passe").click()

    page.wait_for_url(LOGIN_URL)
    page.get_by_text("mot de passe a été modifié").wait_for()

    sign_in(page, SECOND_ADMIN, NEW_PASSWORD)
    page.get_by_role("heading", name="Bonjour Nadia").wait_for()
    page.get_by_text("Rive Gauche Expertise").first.wait_for()

    page.goto(link)
    page.get_by_text("déjà été utilisé").wait_for()
    assert page.locator("#password").count() == 0
    screenshot()
