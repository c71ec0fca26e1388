"""The Fiche client page: opened with ?client=<id> or from its picker; contacts added, edited, deleted;
empty states; no fees for a collaborator who may not see money."""

from datetime import date

import pytest

from domain import formatting
from domain.access.model import Role
from domain.catalogue.model import BillingMode
from domain.clients import contacts, services
from domain.engagements.model import Engagement, Mission
from domain.letters.model import EngagementLetter, LetterStatus
from tests.conftest import NOW
from tests.pages.helpers import submit, titles

CLIENT_FILE = "pages/staff/client_file.py"
ALPHA = {"name": "Alpha Conseil", "siren": "552008443", "share_capital": "15 000,00", "city": "Lyon"}
START, END = date(2026, 1, 1), date(2026, 12, 31)


def new_client(firm, form=ALPHA):
    c = firm.container
    return services.create_client(c.firm_uow(firm.firm_id), None, c.clock, dict(form))


def stored_contacts(firm, client_id):
    with firm.container.firm_uow(firm.firm_id) as uow:
        return uow.contacts.for_client(client_id)


@pytest.fixture
def open_file(open_app, add_user, pin_app_clock):
    """The page as `role`, opened on `client_id` (None: without the query parameter), on 20/11/2026."""
    pin_app_clock(NOW)

    def open_(client_id: int | None, role: Role = Role.ADMIN):
        member = add_user(role, name="Thomas Martin")
        at = open_app(member.email, member.password)
        if client_id is not None:
            at.query_params["client"] = str(client_id)
        at = at.switch_page(CLIENT_FILE).run()
        assert not at.exception, at.exception[0].value
        return at

    return open_


def frame(at, having: str):
    """The one table showing column `having` (AppTest does not expose a dataframe's key)."""
    [found] = [df.value for df in at.dataframe if having in df.value.columns]
    return found


def infos(at) -> list[str]:
    return [i.value for i in at.info]


def test_opened_with_a_client_id_it_shows_the_identity_and_the_empty_states(firm, open_file):
    client = new_client(firm)

    at = open_file(client.id)

    assert titles(at) == ["Fiche client"]
    assert [h.value for h in at.header] == ["Alpha Conseil"]
    assert [t.label for t in at.tabs] == ["Identité", "Contacts", "Commercial", "Missions", "Factures et encours",
                                          "Conformité LCB-FT"]
    table = frame(at, "Rubrique")
    identity = dict(zip(table["Rubrique"], table["Valeur"], strict=True))
    assert (identity["SIREN"], identity["Capital social"], identity["Groupe"]) == (
        "552008443", formatting.eur_cents(1_500_000), "—")
    messages = infos(at)
    assert any(m.startswith("Aucun contact pour ce client.") for m in messages)
    assert "Aucun devis pour ce client. Créez-en un depuis la page « Devis »." in messages
    assert any(m.startswith("Aucune mission pour ce client") for m in messages)
    assert any(m.startswith("Le module Facturation affichera ici les factures") for m in messages)
    assert any(m.startswith("Le module Conformité LCB-FT affichera ici") for m in messages)


def test_without_a_client_id_the_picker_opens_a_client(firm, open_file):
    client = new_client(firm)
    new_client(firm, {"name": "Beta", "kind": "individual"})

    at = open_file(None)
    assert not at.header
    at.text_input(key="file.search").input("alpha").run()
    at = at.selectbox(key="file.pick").select(client.id).run()

    assert not at.exception
    assert at.query_params["client"] == str(client.id)
    assert [h.value for h in at.header] == ["Alpha Conseil"]


def test_an_unknown_or_foreign_client_id_says_not_found_and_offers_the_picker(firm, open_file):
    client = new_client(firm)

    at = open_file(client.id + 1000)

    assert at.error[0].value == "Client introuvable dans ce cabinet."
    assert not at.header
    assert at.selectbox(key="file.pick").options == ["Alpha Conseil (552008443)"]


def test_adding_a_contact_shows_it_in_the_table(firm, open_file):
    client = new_client(firm)
    at = open_file(client.id)
    prefix = "file.contact.new.0"
    at.text_input(key=f"{prefix}.first_name").input("Jeanne")
    at.text_input(key=f"{prefix}.last_name").input("Dupain")
    at.text_input(key=f"{prefix}.email").input("jeanne@alpha.fr")
    at.checkbox(key=f"{prefix}.consent").check()

    at = submit(at, "Ajouter le contact")

    assert not at.exception
    assert at.success[0].value == "Contact « Jeanne Dupain » ajouté."
    table = frame(at, "Consentement e-mail")
    assert list(table["Nom"]) == ["Jeanne Dupain"]
    assert list(table["Rôle"]) == ["Dirigeant"]
    assert list(table["Consentement e-mail"]) == ["Oui, le 20/11/2026"]
    assert list(table["Signataire"]) == ["Oui"]  # the first contact signs by default
    [stored] = stored_contacts(firm, client.id)
    assert (stored.email, stored.is_signatory, stored.email_consent) == ("jeanne@alpha.fr", True, True)
    assert at.text_input(key="file.contact.new.1.last_name").value == ""  # a fresh form for the next one


def test_an_invalid_contact_shows_the_french_error_and_keeps_the_typing(firm, open_file):
    client = new_client(firm)
    at = open_file(client.id)
    at.text_input(key="file.contact.new.0.first_name").input("Jeanne")
    at.text_input(key="file.contact.new.0.email").input("pas-une-adresse")

    at = submit(at, "Ajouter le contact")

    assert at.error[0].value == "E-mail « pas-une-adresse » invalide. ; Nom : valeur obligatoire."
    assert at.text_input(key="file.contact.new.0.first_name").value == "Jeanne"
    assert stored_contacts(firm, client.id) == []


def test_editing_then_deleting_a_contact_after_confirmation(firm, open_file):
    client = new_client(firm)
    jeanne = contacts.add_contact(firm.container.firm_uow(firm.firm_id), None, firm.container.clock, client.id,
                                  {"first_name": "Jeanne", "last_name": "Dupain"}, is_signatory=True)
    at = open_file(client.id)
    at = at.selectbox(key=f"file.contact.edit.{client.id}").select(jeanne.id).run()
    at.text_input(key=f"file.contact.edit.{jeanne.id}.phone").input("06 12 34 56 78")

    at = submit(at, "Enregistrer le contact")
    assert at.success[0].value == "Contact enregistré."
    assert [c.phone for c in stored_contacts(firm, client.id)] == ["06 12 34 56 78"]

    at = at.selectbox(key=f"file.contact.edit.{client.id}").select(jeanne.id).run()
    assert at.button(key=f"file.contact.edit.{jeanne.id}.delete").disabled
    at.checkbox(key=f"file.contact.edit.{jeanne.id}.delete.ok").check().run()
    at = at.button(key=f"file.contact.edit.{jeanne.id}.delete").click().run()

    assert at.success[0].value == "Contact « Jeanne Dupain » supprimé."
    assert stored_contacts(firm, client.id) == []


def signed_engagement(firm, client_id) -> None:
    with firm.container.firm_uow(firm.firm_id) as uow:
        letter = uow.letters.add(EngagementLetter(
            id=0, number="LM-2026-0001", status=LetterStatus.SIGNED, client_id=client_id, fiscal_year_start=START,
            fiscal_year_end=END, created_on=date(2026, 1, 10), signatory_name="Jeanne Dupain"), "<p>Lettre</p>")
        engagement = uow.engagements.add(Engagement(
            id=0, client_id=client_id, letter_id=letter.id, fiscal_year_start=START, fiscal_year_end=END,
            activated_on=date(2026, 1, 20), annual_fee_cents=360_000))
        uow.missions.add(Mission(
            id=0, client_id=client_id, label="Tenue comptable", fiscal_year_start=START, fiscal_year_end=END,
            billing_mode=BillingMode.MONTHLY, created_on=date(2026, 1, 20), engagement_id=engagement.id,
            fee_cents=360_000, budget_minutes=()))
        uow.commit()


def test_an_administrator_sees_letters_missions_and_their_fees(firm, open_file):
    client = new_client(firm)
    signed_engagement(firm, client.id)

    at = open_file(client.id)

    letters = frame(at, "Décision le")
    assert (list(letters["Référence"]), list(letters["Statut"])) == (["LM-2026-0001"], ["Signée"])
    missions = frame(at, "Mode de facturation")
    assert list(missions["Mission"]) == ["Tenue comptable"]
    assert list(missions["Exercice"]) == ["01/01/2026 – 31/12/2026"]
    assert list(missions["Mode de facturation"]) == ["Forfait mensualisé"]
    assert list(missions["Honoraires HT"]) == [formatting.eur_cents(360_000)]
    assert list(frame(at, "Actif depuis le")["Honoraires annuels HT"]) == [formatting.eur_cents(360_000)]


def test_a_collaborator_without_money_sees_the_missions_but_no_fees(firm, open_file):
    client = new_client(firm)
    signed_engagement(firm, client.id)

    at = open_file(client.id, Role.COLLABORATOR)

    missions = frame(at, "Mode de facturation")
    assert list(missions["Mission"]) == ["Tenue comptable"]
    assert "Honoraires HT" not in missions.columns
    assert "Honoraires annuels HT" not in frame(at, "Actif depuis le").columns
    assert formatting.eur_cents(360_000) not in " ".join(str(df.value.to_string()) for df in at.dataframe)
    assert "Aucun devis pour ce client." in infos(at)  # and no link to the Devis page it cannot open
