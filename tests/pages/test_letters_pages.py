"""The Lettres de mission page and the Modèles de lettres page, driven as an administrator; refused to a
collaborator without the permission."""

from dataclasses import replace

import pytest
from streamlit.testing.v1 import AppTest

from domain.access.model import Role
from domain.audit import Action
from domain.clients.model import PublicRecipient
from domain.letters import services
from domain.letters.model import LetterKind, LetterStatus
from tests.chorus_support import siret_of
from tests.conftest import ROOT
from tests.integration.support import audit_of
from tests.integration.test_letters_services import FakeRenderer, create_letter, make_client, make_quote, upload
from tests.pages.helpers import ACCESS_DENIED, assert_not_served, button, open_page_file, request_page, titles

LETTERS = "pages/staff/letters.py"
TEMPLATES = "pages/staff/admin_letter_templates.py"


@pytest.fixture
def partner(add_user):
    return add_user(Role.ADMIN, name="Claire Verger")


def open_letters(open_app, partner, letter_id=None) -> AppTest:
    at = open_app(partner.email, partner.password)
    if letter_id is not None:
        at.query_params["letter"] = str(letter_id)
    at = at.switch_page(LETTERS).run()
    assert not at.exception, at.exception[0].value
    return at


def text_of(at: AppTest) -> str:
    return "\n".join([m.value for m in at.markdown] + [c.value for c in at.caption] + [h.value for h in at.header]
                     + [s.value for s in at.subheader])


def test_no_letter_yet_says_how_to_start(open_app, partner):
    at = open_letters(open_app, partner)

    assert titles(at) == ["Lettres de mission"]
    assert at.info[0].value.startswith("Aucune lettre de mission pour l'instant")


def test_a_draft_is_listed_opened_and_put_up_for_signature(firm, open_app, partner):
    client = make_client(firm)
    letter = create_letter(firm, make_quote(firm, client.id).id)

    at = open_letters(open_app, partner)
    assert list(at.dataframe[0].value["Référence"]) == ["LM2026-00001"]
    assert list(at.dataframe[0].value["Statut"]) == ["Brouillon"]
    at = button(at, "Ouvrir").click().run()
    assert "Lettre de mission LM2026-00001" in text_of(at)
    assert [b.label for b in at.button if b.label == "Mettre à signer / imprimer"]

    at = button(at, "Mettre à signer / imprimer").click().run()

    assert not at.exception, at.exception[0].value
    assert at.success[0].value.startswith("Lettre LM2026-00001 à signer")
    with firm.container.firm_uow(firm.firm_id) as u:
        stored = u.letters.get(letter.id)
        assert stored.status is LetterStatus.TO_SIGN and u.letters.pdf(letter.id).startswith(b"%PDF-")
    assert "Enregistrer la signature" in [b.label for b in at.button]


def test_refusal_needs_the_confirmation_and_a_reason(firm, open_app, partner):
    client = make_client(firm)
    letter = create_letter(firm, make_quote(firm, client.id).id)
    services.put_up_for_signature(firm.container.firm_uow(firm.firm_id), None, firm.container.clock, FakeRenderer(),
                                  letter.id)
    at = open_letters(open_app, partner, letter.id)

    form = f"letters.{letter.id}.refuse"
    [reason] = [t for t in at.text_input if t.label == "Motif du refus *"]
    reason.input("Honoraires trop élevés")
    at = button(at, "Marquer comme refusée", form).click().run()
    assert at.error[0].value.startswith("Cochez la confirmation")

    [reason] = [t for t in at.text_input if t.label == "Motif du refus *"]
    reason.input("Honoraires trop élevés")
    [sure] = [c for c in at.checkbox if c.label.startswith("Je confirme que le client a refusé")]
    sure.check()
    at = button(at, "Marquer comme refusée", form).click().run()

    assert at.success[0].value == "Lettre LM2026-00001 refusée."
    with firm.container.firm_uow(firm.firm_id) as u:
        assert u.letters.get(letter.id).refusal_reason == "Honoraires trop élevés"


def signed_letter(firm, client):
    letter = create_letter(firm, make_quote(firm, client.id).id)
    services.put_up_for_signature(firm.container.firm_uow(firm.firm_id), None, firm.container.clock, FakeRenderer(),
                                  letter.id)
    upload(firm, letter.id)
    return letter


def test_a_signed_letter_shows_its_engagement_missions_and_schedule(firm, open_app, partner):
    letter = signed_letter(firm, make_client(firm))

    at = open_letters(open_app, partner, letter.id)

    shown = text_of(at)
    assert "Mission active" in shown and "Total planifié" in shown
    labels = [list(d.value.get("Mission", [])) for d in at.dataframe]
    assert ["Tenue comptable", "Comptes annuels", "Bulletins de paie"] in labels
    schedule = [d.value for d in at.dataframe if "Échéance" in d.value.columns and "Montant HT" in d.value.columns]
    assert len(schedule[0]) == 24  # two forfaits billed monthly
    assert any(b.label == "Créer l'avenant" for b in at.button)


def test_a_collaborator_without_the_money_permission_is_refused(firm, add_user, page_ctx, session_token, partner):
    member = add_user(Role.COLLABORATOR)

    at = open_page_file(LETTERS, page_ctx(member.email))
    assert [e.value for e in at.error] == [ACCESS_DENIED]

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    at = request_page(at, LETTERS, session_token(partner), session_token(member))
    assert_not_served(at, LETTERS, "Bonjour Utilisateur")


# --- templates ---------------------------------------------------------------------------------------------

def open_templates(open_app, partner) -> AppTest:
    at = open_app(partner.email, partner.password, TEMPLATES)
    assert not at.exception, at.exception[0].value
    return at


def test_templates_page_shows_the_variables_and_a_preview_of_the_sample(open_app, partner):
    at = open_templates(open_app, partner)

    assert titles(at) == ["Modèles de lettres"]
    variables = [d for d in at.dataframe if "Variable" in d.value.columns][0]
    assert "cabinet.numero_ordre" in list(variables.value["Variable"])
    assert [o for o in at.selectbox(key="templates.pick").options if "Avenant" in o]
    assert not at.error


def test_a_template_with_an_error_is_not_saved_and_a_good_one_is_audited(firm, open_app, partner):
    at = open_templates(open_app, partner)
    template_id = at.selectbox(key="templates.pick").value
    body_key = f"templates.{template_id}.body"
    original = at.text_area(key=body_key).value

    at.text_area(key=body_key).input("<p>{{ client.inconnu }}</p>")
    at = at.run()
    assert any("la variable « inconnu » n'existe pas" in e.value for e in at.error)
    at = button(at, "Enregistrer").click().run()
    assert any("Le modèle contient une erreur" in e.value for e in at.error)
    with firm.container.firm_uow(firm.firm_id) as u:
        assert u.letter_templates.get(template_id).body == original

    at.text_area(key=body_key).input(original + "<p>Clause du cabinet pour {{ client.nom }}</p>")
    at = button(at, "Enregistrer").click().run()

    assert at.success[0].value.startswith("Modèle « ")
    with firm.container.firm_uow(firm.firm_id) as u:
        assert u.letter_templates.get(template_id).body.endswith("<p>Clause du cabinet pour {{ client.nom }}</p>")
    assert len(audit_of(firm.container, firm.firm_id, Action.LETTER_TEMPLATE_UPDATE)) == 1

    at = button(at, "Confirmer le rétablissement").click().run()
    with firm.container.firm_uow(firm.firm_id) as u:
        assert u.letter_templates.get(template_id).body == original
        assert u.letter_templates.get(template_id).kind is LetterKind.LETTER


def test_templates_page_is_for_administrators(firm, add_user, page_ctx):
    member = add_user(Role.COLLABORATOR)

    at = open_page_file(TEMPLATES, page_ctx(member.email))

    assert [e.value for e in at.error] == [ACCESS_DENIED]


def test_an_accepted_quote_without_letter_gets_one_from_the_list(firm, open_app, partner):
    client = make_client(firm)
    quote = make_quote(firm, client.id)

    at = open_letters(open_app, partner)
    assert at.selectbox(key="letters.pending.quote").value == quote.id
    at = button(at, "Générer la lettre de mission").click().run()

    assert not at.exception, at.exception[0].value
    assert at.success[0].value == "Lettre LM2026-00001 générée (brouillon)."
    assert "Lettre de mission LM2026-00001" in text_of(at)
    with firm.container.firm_uow(firm.firm_id) as u:
        assert [x.quote_id for x in u.letters.list()] == [quote.id]


def test_an_amendment_is_created_from_a_signed_letter(firm, open_app, partner):
    client = make_client(firm)
    letter = create_letter(firm, make_quote(firm, client.id).id)
    services.put_up_for_signature(firm.container.firm_uow(firm.firm_id), None, firm.container.clock, FakeRenderer(),
                                  letter.id)
    upload(firm, letter.id)
    other = make_quote(firm, client.id, with_unit=False)
    at = open_letters(open_app, partner, letter.id)

    at.selectbox(key=f"letters.{letter.id}.amend.quote").select(other.id)
    at = button(at, "Créer l'avenant").click().run()

    assert not at.exception, at.exception[0].value
    assert at.success[0].value.startswith("Avenant LM2026-00002 créé")
    assert "Avenant LM2026-00002" in text_of(at)
    with firm.container.firm_uow(firm.firm_id) as u:
        [amendment] = u.letters.amendments_of(letter.id)
        assert (amendment.kind, amendment.quote_id) == (LetterKind.AMENDMENT, other.id)


def test_template_preview_with_a_clients_latest_quote(firm, open_app, partner):
    client = make_client(firm, name="Boulangerie Martin")
    make_quote(firm, client.id)
    at = open_templates(open_app, partner)

    at.selectbox(key="templates.preview.client").select(client.id)
    at = at.run()

    assert not at.exception and not at.error
    assert any("Boulangerie Martin" in h.proto.body for h in at.get("html"))


def signed_letter_of_public_client(firm):
    client = make_client(firm)
    with firm.container.firm_uow(firm.firm_id) as u:
        u.clients.update(replace(client, public=PublicRecipient(siret=siret_of(client.siren),
                                                                service_code="SERV-FACT")))
        u.commit()
    letter = signed_letter(firm, client)
    with firm.container.firm_uow(firm.firm_id) as u:
        return letter, u.engagements.for_letter(letter.id)


def test_a_public_clients_engagement_gets_its_own_chorus_codes_from_the_letter_page(firm, open_app, partner):
    letter, engagement = signed_letter_of_public_client(firm)
    at = open_letters(open_app, partner, letter.id)
    assert any(e.label == "Codes Chorus Pro de cette mission" for e in at.expander)
    assert "code service « SERV\\-FACT »" in text_of(at)  # what its invoices carry until then (markdown-escaped)
    prefix = f"letters.{engagement.id}.chorus"

    at.text_input(key=f"{prefix}.service").input("CODE FAUX")
    button(at, "Enregistrer les codes").click().run()
    assert [e.value for e in at.error] == [
        "Code service Chorus Pro « CODE FAUX » invalide : lettres, chiffres et . _ / - uniquement, sans espace."]

    at.text_input(key=f"{prefix}.service").input("MARCHE-2026")
    at.text_input(key=f"{prefix}.commitment").input("EJ-2026-0042")
    button(at, "Enregistrer les codes").click().run()
    assert not at.error and any("Codes Chorus Pro de la mission enregistrés" in s.value for s in at.success)
    with firm.container.firm_uow(firm.firm_id) as u:
        saved = u.engagements.get(engagement.id)
    assert (saved.chorus_service_code, saved.chorus_commitment_number) == ("MARCHE-2026", "EJ-2026-0042")


def test_a_private_clients_engagement_has_no_chorus_codes(firm, open_app, partner):
    at = open_letters(open_app, partner, signed_letter(firm, make_client(firm)).id)
    assert "Mission active" in text_of(at)
    assert not any("Chorus" in e.label for e in at.expander)
