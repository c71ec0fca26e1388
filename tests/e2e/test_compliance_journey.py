"""The LCB-FT gate in a real browser: a prospect's quote is accepted, which makes it a client with its engagement
letter; putting the letter up for signature is refused with the reason (no validated risk assessment); a
collaborator prepares the assessment and submits it, the partner validates it (maker/checker: two users), and
the letter can then be put up for signature."""

import re
import uuid

from data.seed import MAIN_ADMIN, MAIN_COLLABORATOR
from tests.e2e.test_crm_journey import (
    MISSIONS,
    _choose,
    _expander,
    _flash,
    _idle,
    _rerun_done,
    _rows,
    _sidebar_link,
    _type,
    _unused_siren,
)

ASSESSMENT_URL = "/evaluation-lcb-ft?client={}"
LETTER_URL = "/lettres-de-mission?letter={}"


def _preparer(server) -> tuple[int, str, str]:
    """An active collaborator of MAIN_ADMIN's firm (they may manage compliance, not validate it), never the demo's
    named collaborator, whom the sign-in tests lock out on purpose on the same server."""
    found = _rows(server, "SELECT u.id, u.email, u.full_name FROM users u JOIN users a ON a.firm_id = u.firm_id "
                          "WHERE a.email = ? AND u.role = 'collaborator' AND u.is_active AND u.email <> ? "
                          "ORDER BY u.id LIMIT 1", MAIN_ADMIN, MAIN_COLLABORATOR)
    assert found, f"no active collaborator in the firm of {MAIN_ADMIN}"
    return found[0]


def _accepted_quote_of_a_new_client(page, server, name: str, signatory: str, email: str) -> tuple[int, int, str]:
    """Prospect, quote from the catalogue, sent and accepted (as in test_crm_journey): the new client's id, its
    engagement letter's id and number."""
    _sidebar_link(page, "Prospects")
    new = _expander(page, "Nouveau prospect")
    _type(new, "Nom ou raison sociale *", name)
    _type(new, "SIREN (société)", _unused_siren(server))
    _type(new, "Contact", signatory)
    _type(new, "E-mail", email)
    new.get_by_role("button", name="Créer le prospect").click()
    _flash(page, f"Prospect « {name} » créé.")

    _sidebar_link(page, "Devis")
    new = _expander(page, "Nouveau devis")
    new.locator("[data-testid='stRadio']").get_by_text("Prospect", exact=True).click()
    _rerun_done(page)
    _choose(page, new, "Client ou prospect", name, in_form=True)
    _choose(page, new, "Missions du catalogue", MISSIONS[0], in_form=True)
    assert new.get_by_role("combobox", name="Client ou prospect").input_value() == name
    new.locator("[data-testid='stMultiSelect']").get_by_text(re.compile("^" + re.escape(MISSIONS[0]))).wait_for()
    new.get_by_role("button", name="Créer le brouillon").click()
    _flash(page, "Brouillon de devis créé")
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    _flash(page, "Brouillon enregistré.")
    page.get_by_text(re.compile(r"^Je confirme l'envoi du devis ")).click()
    page.get_by_role("button", name="Envoyer le devis").click()
    _flash(page, re.compile(r"envoyé : le courriel avec le PDF est dans la file d'envoi"))
    page.get_by_text("Le client a accepté ce devis", exact=True).click()
    page.get_by_role("button", name="Accepter", exact=True).click()
    _flash(page, re.compile(r"accepté : la lettre de mission a été préparée"))
    ((client_id, letter_id, number),) = _rows(server, "SELECT c.id, l.id, l.number FROM clients c JOIN "
                                                      "engagement_letters l ON l.client_id = c.id WHERE c.name = ?",
                                              name)
    return client_id, letter_id, number


def _open(page, server, path: str, heading) -> None:
    page.goto(server.url(path))
    page.get_by_role("heading", name=heading).wait_for()
    _idle(page)


def _letter_status(server, letter_id: int) -> str:
    return _rows(server, "SELECT status FROM engagement_letters WHERE id = ?", letter_id)[0][0]


def test_a_new_clients_letter_waits_for_its_risk_assessment_prepared_then_validated_by_two_users(
        page, server, sign_in, sign_out, screenshot):
    tag = uuid.uuid4().hex[:6].upper()
    name = f"Menuiserie Vigilance {tag} SAS"
    preparer_id, preparer_email, preparer_name = _preparer(server)
    ((admin_id,),) = _rows(server, "SELECT id FROM users WHERE email = ?", MAIN_ADMIN)
    sign_in(page, MAIN_ADMIN)
    page.get_by_role("heading", name="Bonjour Claire").wait_for()

    # --- 1. a new client and its letter; the gate refuses to put it up for signature ---------------------
    client_id, letter_id, number = _accepted_quote_of_a_new_client(page, server, name, "Marc Vidal",
                                                           f"m.vidal.{tag.lower()}@example.org")
    _open(page, server, LETTER_URL.format(letter_id), re.compile(re.escape(number)))
    page.get_by_role("button", name="Mettre à signer / imprimer").click()
    page.get_by_text(f"LCB-FT : l'envoi de la lettre de mission pour signature est bloqué tant que le client "
                     f"« {name} » n'a pas d'évaluation des risques validée (page Conformité LCB-FT).").wait_for()
    _idle(page)
    assert _letter_status(server, letter_id) == "brouillon"  # nothing frozen, nothing sent
    screenshot("1-letter-blocked")
    sign_out(page)

    # --- 2. a collaborator prepares the assessment and submits it ------------------------------------------
    sign_in(page, preparer_email)
    page.get_by_role("heading", name=f"Bonjour {preparer_name.split()[0]}").wait_for()
    _open(page, server, ASSESSMENT_URL.format(client_id), "Évaluation LCB-FT")
    page.get_by_text("Aucune évaluation validée pour ce client.").wait_for()
    page.get_by_text(re.compile(r"^LCB-FT : l'envoi d'une lettre de mission est bloqué")).wait_for()
    _type(page, "Justification", "Dirigeant rencontré au cabinet et identifié, menuiserie locale, missions "
                                 "courantes de tenue et de comptes annuels.")
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    _flash(page, "Brouillon enregistré : vigilance simplifiée (calculée : simplifiée).")
    page.get_by_role("button", name="Soumettre à validation").click()
    _flash(page, "Évaluation soumise à validation.")
    page.get_by_text("Soumise : en attente de validation").wait_for()
    assert page.get_by_role("button", name="Valider l'évaluation").count() == 0  # a collaborator cannot validate
    screenshot("2-assessment-submitted")
    sign_out(page)

    # --- 3. the partner validates it -----------------------------------------------------------------------
    sign_in(page, MAIN_ADMIN)
    page.get_by_role("heading", name="Bonjour Claire").wait_for()
    _open(page, server, ASSESSMENT_URL.format(client_id), "Évaluation LCB-FT")
    page.get_by_role("button", name="Valider l'évaluation").click()
    _flash(page, re.compile(r"^Évaluation validée : vigilance simplifiée, prochaine revue le \d{2}/\d{2}/\d{4}\.$"))
    ((status, level, prepared_by, validated_by),) = _rows(
        server, "SELECT status, level, prepared_by, validated_by FROM compliance_assessments WHERE client_id = ?",
        client_id)
    assert (status, level, prepared_by, validated_by) == ("validee", "simplifiee", preparer_id, admin_id)
    screenshot("3-assessment-validated")

    # --- 4. the letter can now be put up for signature -----------------------------------------------------
    _open(page, server, LETTER_URL.format(letter_id), re.compile(re.escape(number)))
    page.get_by_role("button", name="Mettre à signer / imprimer").click()
    _flash(page, re.compile(r"à signer : téléchargez le PDF ci-dessous"))
    assert _letter_status(server, letter_id) == "a_signer"
    screenshot("4-letter-to-sign")
