"""Chorus Pro in the pages (AppTest): the public-sector fields of the client form, "Déposer sur Chorus Pro" on an
issued invoice of a public client (the exact PDF reaches a local fake PISTE server), its status, and the
credentials panel of the Intégrations page."""

import base64

import pytest
from streamlit.testing.v1 import AppTest

from domain.access.model import Role
from domain.chorus import services
from domain.chorus.model import CHORUS
from domain.clients.model import ClientFilter
from tests.chorus_support import public_client, siret_of
from tests.conftest import NOW
from tests.integration.invoices_support import add_client, issue, new_draft, ready_to_invoice
from tests.pages.helpers import button
from tests.piste_fake import CLIENT_ID, CLIENT_SECRET, LOGIN, PASSWORD, serve

INVOICES = "pages/staff/invoices.py"
INTEGRATIONS = "pages/staff/admin_integrations.py"
CLIENTS = "pages/staff/clients.py"


@pytest.fixture
def fake_piste():
    yield from serve()


@pytest.fixture
def admin(firm, add_user, pin_app_clock):
    pin_app_clock(NOW)
    ready_to_invoice(firm)
    return add_user(Role.ADMIN, name="Claire Verger")


def configure(firm, fake):
    c = firm.container
    services.save_chorus_credentials(c.firm_uow(firm.firm_id), None, c.clock, c.cipher, client_id=CLIENT_ID,
                                     client_secret=CLIENT_SECRET, login=LOGIN, password=PASSWORD,
                                     environment="sandbox", api_url=fake.url)


def issued(firm, client):
    return issue(firm, new_draft(firm, client.id).id).invoice


def open_invoice(open_app, user, invoice_id: int) -> AppTest:
    at = open_app(user.email, user.password, INVOICES)
    at.query_params["invoice"] = str(invoice_id)
    at.run()
    assert not at.exception, at.exception
    return at


def labels(at) -> list[str]:
    return [b.label for b in at.button]


def test_the_deposit_button_sends_the_stored_pdf_and_shows_the_flow_and_its_status(open_app, admin, firm,
                                                                                  fake_piste):
    configure(firm, fake_piste)
    invoice = issued(firm, public_client(firm))
    with firm.container.firm_uow(firm.firm_id) as uow:
        pdf = uow.invoices.pdf(invoice.id)
    at = open_invoice(open_app, admin, invoice.id)
    shown = [c.value for c in at.caption] + [m.value for m in at.markdown] + [e.value for e in at.error]
    # markdown-escaped as the page shows it: "SERV\-FACT"
    assert any("Client public : SIRET destinataire" in c and "code service SERV\\-FACT" in c for c in shown), shown

    at = button(at, "Déposer sur Chorus Pro").click().run()

    assert not at.exception
    assert at.success[0].value.endswith("déposée sur Chorus Pro : flux CPP0000001. Son statut se met à jour "
                                        "automatiquement (ou avec « Actualiser le statut Chorus Pro »).")
    [call] = fake_piste.calls_to("/cpro/factures/v1/deposer/flux")
    assert base64.b64decode(call.json()["fichierFlux"]) == pdf
    assert any("flux **CPP0000001**" in i.value and "**Déposée**" in i.value for i in at.info)
    assert "Déposer sur Chorus Pro" not in labels(at)

    fake_piste.set_state("CPP0000001", "IN_INTEGRE")
    at = button(at, "Actualiser le statut Chorus Pro").click().run()
    assert at.success[0].value == "Statut Chorus Pro : Intégrée (transmise à l'acheteur public)."
    assert "Actualiser le statut Chorus Pro" not in labels(at)  # integrated: nothing more to follow


def test_a_refused_deposit_shows_the_french_reason_and_stores_nothing(open_app, admin, firm, fake_piste):
    configure(firm, fake_piste)
    invoice = issued(firm, public_client(firm))
    fake_piste.fail_next("/cpro/factures/v1/deposer/flux", 200,
                         body={"codeRetour": 20010, "libelle": "Destinataire inconnu"})
    at = open_invoice(open_app, admin, invoice.id)
    at = button(at, "Déposer sur Chorus Pro").click().run()
    assert at.error[0].value == "Chorus Pro a refusé la demande (code 20010) : Destinataire inconnu"
    with firm.container.firm_uow(firm.firm_id) as uow:
        assert uow.chorus_deposits.latest(invoice.id) is None


def test_without_credentials_the_button_is_disabled_and_says_why(open_app, admin, firm):
    invoice = issued(firm, public_client(firm))
    at = open_invoice(open_app, admin, invoice.id)
    assert button(at, "Déposer sur Chorus Pro").disabled
    assert any("Chorus Pro n'est pas configuré" in c.value for c in at.caption)


def test_an_invoice_of_a_private_client_has_no_chorus_section(open_app, admin, firm):
    invoice = issued(firm, add_client(firm))
    at = open_invoice(open_app, admin, invoice.id)
    assert "Déposer sur Chorus Pro" not in labels(at)
    assert "Chorus Pro" not in "\n".join(m.value for m in at.markdown)


def test_the_client_form_records_a_public_client(open_app, admin, firm):
    at = open_app(admin.email, admin.password, CLIENTS)
    siren = "130025265"  # a valid SIREN (Luhn), not another test's random one
    prefix = "clients.new"
    at.text_input(key=f"{prefix}.name").input("Commune de Bron")
    at.text_input(key=f"{prefix}.siren").input(siren)
    at.checkbox(key=f"{prefix}.public_sector").check()
    at.text_input(key=f"{prefix}.chorus_siret").input(siret_of(siren))
    at.text_input(key=f"{prefix}.chorus_service_code").input("MAIRIE-FACT")
    at.checkbox(key=f"{prefix}.chorus_service_code_required").check()
    at = button(at, "Créer le client").click().run()

    assert not at.exception and not at.error, [e.value for e in at.error]
    with firm.container.firm_uow(firm.firm_id) as uow:
        [client] = [c for c in uow.clients.search(ClientFilter()) if c.siren == siren]
    assert client.public.siret == siret_of(siren)
    assert (client.public.service_code, client.public.service_code_required) == ("MAIRIE-FACT", True)


def test_the_client_form_refuses_a_recipient_siret_of_another_company(open_app, admin, firm):
    at = open_app(admin.email, admin.password, CLIENTS)
    prefix = "clients.new"
    at.text_input(key=f"{prefix}.name").input("Commune de Bron")
    at.text_input(key=f"{prefix}.siren").input("130025265")
    at.checkbox(key=f"{prefix}.public_sector").check()
    at.text_input(key=f"{prefix}.chorus_siret").input(siret_of("732829320"))
    at = button(at, "Créer le client").click().run()
    assert "ne correspond pas au SIREN 130025265" in at.error[0].value


def test_the_integrations_page_saves_the_chorus_credentials_encrypted_and_tests_them(open_app, admin, firm,
                                                                                   fake_piste):
    at = open_app(admin.email, admin.password, INTEGRATIONS)
    assert any("Chorus Pro n'est pas configuré" in i.value for i in at.info)
    for name, value in (("client_id", CLIENT_ID), ("client_secret", CLIENT_SECRET), ("login", LOGIN),
                        ("password", PASSWORD)):
        assert at.text_input(key=f"integrations.chorus.{name}").proto.type == 1  # PASSWORD
        at.text_input(key=f"integrations.chorus.{name}").input(value)
    at = button(at, "Enregistrer les identifiants").click().run()

    assert not at.exception
    assert at.success[0].value == "Identifiants Chorus Pro enregistrés (chiffrés). Ils ne seront plus affichés."
    shown = "\n".join(e.value for kind in (at.success, at.info, at.markdown, at.caption) for e in kind)
    assert "TECH\\_1\\_…@cpro\\.fr" in shown and "Qualification" in shown, shown  # markdown-escaped login hint
    for secret in (CLIENT_SECRET, PASSWORD):
        assert secret not in shown
    assert all(at.text_input(key=f"integrations.chorus.{n}").value == "" for n in ("client_secret", "password"))
    with firm.container.firm_uow(firm.firm_id) as uow:
        stored = uow.credentials.get(CHORUS)
    assert PASSWORD not in stored.ciphertext
    assert stored.base_url == "https://sandbox-api.piste.gouv.fr"

    # The page saved the real sandbox address; point it at the local server to try "Tester la connexion".
    configure(firm, fake_piste)
    at = open_app(admin.email, admin.password, INTEGRATIONS)
    tests = [b for b in at.button if b.label == "Tester la connexion" and b.key == "integrations.chorus.test"]
    at = tests[0].click().run()
    assert at.success[0].value.startswith("Connexion à Chorus Pro réussie")
