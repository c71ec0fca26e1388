"""Chorus Pro on SQLite and PostgreSQL: public-sector codes into the issued invoice, encrypted PISTE credentials,
deposits of the exact Factur-X bytes to a local fake PISTE server, status sync that is safe to run twice."""

import base64

import facturx
import pytest
from lxml import etree
from sqlalchemy import select

from data.db import session_factory
from data.models.chorus import ChorusDepositRow
from data.models.crm_letters import IntegrationCredentialRow
from domain.access.model import Role
from domain.audit import Action
from domain.chorus import services
from domain.chorus.model import CHORUS, ChorusError, DepositStatus
from domain.clients.services import create_client, update_client
from domain.clients.validation import as_form
from domain.errors import InvalidInput, NotFound, PermissionDenied
from domain.firm.model import DocType
from domain.firm.users import create_user
from tests.chorus_support import public_client, siret_of
from tests.conftest import random_siren, unique_email
from tests.integration.invoices_support import check_issued, issue, new_draft, ready_to_invoice, uow
from tests.integration.support import audit_of
from tests.piste_fake import CLIENT_ID, CLIENT_SECRET, LOGIN, PASSWORD, serve

NS = {"ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"}


@pytest.fixture
def fake_piste():
    yield from serve()


def private_client(firm):
    form = {"name": "Boulangerie Dupain", "siren": random_siren(), "legal_form": "SARL",
            "address_line": "3 rue des Fours", "postal_code": "69003", "city": "Lyon", "email": "compta@dupain.fr"}
    return create_client(uow(firm), None, firm.container.clock, form)


def issued_for(firm, client):
    ready_to_invoice(firm)
    draft = new_draft(firm, client.id)
    return issue(firm, draft.id).invoice


def configure(firm, fake, principal=None, **changes):
    c = firm.container
    fields = {"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET, "login": LOGIN, "password": PASSWORD,
              "environment": "sandbox", "api_url": fake.url} | changes
    return services.save_chorus_credentials(c.firm_uow(firm.firm_id), principal or firm.principal(), c.clock,
                                            c.cipher, **fields)


def gateway(firm):
    c = firm.container
    return services.open_gateway(c.firm_uow(firm.firm_id), None, c.cipher, c.chorus_gateway)


def deposit(firm, invoice_id, principal=None):
    gw, url = gateway(firm)
    return services.deposit_invoice(uow(firm), principal or firm.principal(), firm.container.clock, gw, url, invoice_id)


def sync(firm, siren=None):
    c = firm.container
    return services.sync_all(c.platform_uow, c.firm_uow, c.clock, c.cipher, c.chorus_gateway, siren or firm.siren)


def deposit_rows(firm) -> list[ChorusDepositRow]:
    with session_factory(firm.container.settings.database_url)() as session:
        return list(session.scalars(select(ChorusDepositRow).where(ChorusDepositRow.firm_id == firm.firm_id)
                                    .order_by(ChorusDepositRow.id)))


# --- the client's public-sector identifiers into the invoice ---------------------------------------

def test_a_public_client_keeps_its_chorus_identifiers_and_they_reach_the_xml_bt10_bt13(firm):
    client = public_client(firm)
    with uow(firm) as u:
        stored = u.clients.get(client.id)
    assert stored.public.siret == siret_of(client.siren)
    assert (stored.public.service_code, stored.public.commitment_number) == ("SERV-FACT", "EJ1300012345")

    invoice = issued_for(firm, client)
    buyer = invoice.document.buyer
    assert (buyer.public_sector, buyer.siret, buyer.service_code, buyer.commitment_number) == (
        True, siret_of(client.siren), "SERV-FACT", "EJ1300012345")
    _, _, pdf = check_issued(firm, invoice.id)  # XSD, EN 16931 and French CTC schematrons pass
    _, xml = facturx.get_xml_from_pdf(pdf, check_xsd=False)
    agreement = etree.fromstring(xml).find(".//ram:ApplicableHeaderTradeAgreement", NS)
    assert agreement.findtext("ram:BuyerReference", namespaces=NS) == "SERV-FACT"  # BT-10
    assert agreement.findtext("ram:BuyerOrderReferencedDocument/ram:IssuerAssignedID", namespaces=NS) == \
        "EJ1300012345"  # BT-13
    assert agreement.findtext("ram:BuyerTradeParty/ram:GlobalID", namespaces=NS) == siret_of(client.siren)


def test_a_public_client_whose_structure_requires_a_service_code_is_refused_without_one(firm):
    client = public_client(firm, service_code="", service_required=True)
    ready_to_invoice(firm)
    draft = new_draft(firm, client.id)
    with pytest.raises(InvalidInput, match="le code service Chorus Pro est obligatoire pour ce destinataire"):
        issue(firm, draft.id)
    with uow(firm) as u:
        assert u.invoices.get(draft.id).is_draft  # nothing issued, no number consumed
        assert u.numbering.get(DocType.INVOICE).next_number == 1


def test_a_required_commitment_number_is_checked_too(firm):
    client = public_client(firm, commitment="", commitment_required=True)
    ready_to_invoice(firm)
    draft = new_draft(firm, client.id)
    with pytest.raises(InvalidInput, match="numéro d'engagement juridique .* est obligatoire"):
        issue(firm, draft.id)


def test_the_recipient_siret_must_belong_to_the_client_and_bad_codes_are_refused(firm):
    siren = random_siren()
    form = {"name": "Commune", "siren": siren, "public_sector": "oui", "chorus_siret": siret_of(random_siren()),
            "chorus_service_code": "code avec espaces"}
    with pytest.raises(InvalidInput) as refused:
        create_client(uow(firm), None, firm.container.clock, form)
    assert f"ne correspond pas au SIREN {siren}" in refused.value.message
    assert "Code service Chorus Pro « code avec espaces » invalide" in refused.value.message


def test_unticking_public_sector_is_an_audited_change_and_forgets_the_codes(firm):
    client = public_client(firm)
    form = as_form(client) | {"public_sector": ""}
    update_client(uow(firm), None, firm.container.clock, client.id, form)
    with uow(firm) as u:
        assert u.clients.get(client.id).public is None
    [event] = audit_of(firm.container, firm.firm_id, Action.CLIENT_UPDATE)
    assert event.details["public_sector"] == "oui → "


# --- credentials ------------------------------------------------------------------------------------

def test_the_credentials_are_stored_encrypted_and_only_a_hint_of_the_login_is_shown(firm, fake_piste):
    info = configure(firm, fake_piste)
    with session_factory(firm.container.settings.database_url)() as session:
        row = session.scalar(select(IntegrationCredentialRow).where(
            IntegrationCredentialRow.firm_id == firm.firm_id, IntegrationCredentialRow.provider == CHORUS))
    for secret in (CLIENT_SECRET, PASSWORD, CLIENT_ID, LOGIN):
        assert secret not in row.ciphertext
    assert (row.hint, info.login_hint) == ("TECH_1_…@cpro.fr", "TECH_1_…@cpro.fr")
    shown = services.chorus_settings(uow(firm), firm.principal())
    assert (shown.api_url, shown.updated_by_name) == (fake_piste.url, "Alice Admin")
    assert PASSWORD not in repr(shown) and CLIENT_SECRET not in repr(shown)
    [event] = audit_of(firm.container, firm.firm_id, Action.CREDENTIALS_CHANGE)
    assert event.details["intégration"] == "Chorus Pro" and PASSWORD not in str(event.details)


def test_only_an_administrator_configures_chorus_pro(firm, fake_piste):
    c = firm.container
    email = unique_email("collab")
    with c.firm_uow(firm.firm_id) as u:
        create_user(u, c.hasher, c.clock, None, email, "Colette Laborde", Role.COLLABORATOR)
        u.commit()
    with pytest.raises(PermissionDenied):
        configure(firm, fake_piste, principal=firm.principal(email))
    assert services.chorus_settings(uow(firm), firm.principal()) is None


def test_bad_credentials_are_refused_all_at_once_and_nothing_is_stored(firm, fake_piste):
    with pytest.raises(InvalidInput) as refused:
        configure(firm, fake_piste, client_secret="court", login="TECH 1", password="")
    message = refused.value.message
    assert "Secret client PISTE" in message and "Login du compte technique invalide" in message
    assert "Mot de passe du compte technique : valeur obligatoire" in message
    assert services.chorus_settings(uow(firm), firm.principal()) is None


def test_the_connection_test_uses_the_stored_credentials(firm, fake_piste):
    configure(firm, fake_piste)
    c = firm.container
    services.check_chorus_connection(c.firm_uow(firm.firm_id), firm.principal(), c.cipher, c.chorus_gateway)
    assert fake_piste.calls_to("/cpro/transverses/v1/recuperer/devises")
    configure(firm, fake_piste, password="another-password")
    with pytest.raises(ChorusError, match="compte technique"):
        services.check_chorus_connection(c.firm_uow(firm.firm_id), firm.principal(), c.cipher, c.chorus_gateway)


# --- deposits and statuses ----------------------------------------------------------------------------

def test_depositing_sends_the_exact_stored_pdf_and_records_the_flow(firm, fake_piste):
    configure(firm, fake_piste)
    invoice = issued_for(firm, public_client(firm))
    with uow(firm) as u:
        pdf = u.invoices.pdf(invoice.id)

    made = deposit(firm, invoice.id)

    [call] = fake_piste.calls_to("/cpro/factures/v1/deposer/flux")
    assert base64.b64decode(call.json()["fichierFlux"]) == pdf
    assert call.json()["nomFichier"] == f"{invoice.document.number.replace('/', '-')}.pdf"
    assert (made.flow_number, made.status, made.environment) == ("CPP0000001", DepositStatus.DEPOSITED,
                                                                 fake_piste.url)
    [row] = deposit_rows(firm)
    assert (row.invoice_id, row.flow_number, row.syntax) == (invoice.id, "CPP0000001", "IN_DP_E2_CII_FACTURX")
    [event] = audit_of(firm.container, firm.firm_id, Action.CHORUS_DEPOSIT)
    assert event.details["flux"] == "CPP0000001" and event.details["facture"] == invoice.document.number
    with pytest.raises(InvalidInput, match="déjà déposée sur Chorus Pro"):
        deposit(firm, invoice.id)
    assert len(fake_piste.calls_to("/cpro/factures/v1/deposer/flux")) == 1


def test_an_invoice_of_a_private_client_or_a_draft_is_not_deposited(firm, fake_piste):
    configure(firm, fake_piste)
    private = issued_for(firm, private_client(firm))
    with pytest.raises(InvalidInput, match="ne s'adresse pas à un client public"):
        deposit(firm, private.id)
    draft = new_draft(firm, public_client(firm).id)
    with pytest.raises(InvalidInput, match="Seule une facture émise"):
        deposit(firm, draft.id)
    assert fake_piste.calls == [] and deposit_rows(firm) == []


def test_a_refusal_by_chorus_pro_stores_nothing(firm, fake_piste):
    configure(firm, fake_piste)
    invoice = issued_for(firm, public_client(firm))
    fake_piste.fail_next("/cpro/factures/v1/deposer/flux", 200, body={"codeRetour": 20010,
                                                                       "libelle": "Destinataire inconnu"})
    with pytest.raises(ChorusError, match="Destinataire inconnu"):
        deposit(firm, invoice.id)
    assert deposit_rows(firm) == []
    assert audit_of(firm.container, firm.firm_id, Action.CHORUS_DEPOSIT) == []


def test_a_deposit_needs_the_invoicing_permission(firm, fake_piste):
    configure(firm, fake_piste)
    invoice = issued_for(firm, public_client(firm))
    c = firm.container
    email = unique_email("collab")
    with c.firm_uow(firm.firm_id) as u:
        create_user(u, c.hasher, c.clock, None, email, "Colette Laborde", Role.COLLABORATOR)
        u.commit()
    with pytest.raises(PermissionDenied):
        deposit(firm, invoice.id, principal=firm.principal(email))


def test_sync_follows_the_flow_until_it_is_integrated_and_is_safe_to_run_twice(firm, fake_piste):
    configure(firm, fake_piste)
    invoice = issued_for(firm, public_client(firm))
    made = deposit(firm, invoice.id)

    first = sync(firm)
    assert (first.checked, first.changed, first.errors) == (1, 1, [])  # Déposée → en cours (IN_RECU)
    again = sync(firm)
    assert (again.checked, again.changed) == (1, 0)  # same state: only the time of the check is stored
    fake_piste.set_state(made.flow_number, "IN_INTEGRE")
    done = sync(firm)
    assert (done.checked, done.changed, done.integrated) == (1, 1, 1)
    reports = len(fake_piste.calls_to("/cpro/transverses/v1/consulterCR"))
    twice = sync(firm)
    assert (twice.checked, twice.changed) == (0, 0)  # integrated: never asked again
    assert len(fake_piste.calls_to("/cpro/transverses/v1/consulterCR")) == reports

    [row] = deposit_rows(firm)
    assert (row.status, row.flow_state, row.message) == ("integree", "IN_INTEGRE", "Flux intégré")
    statuses = audit_of(firm.container, firm.firm_id, Action.CHORUS_STATUS)
    assert len(statuses) == 2  # one per change, none for the unchanged checks


def test_a_rejected_flow_may_be_deposited_again(firm, fake_piste):
    configure(firm, fake_piste)
    invoice = issued_for(firm, public_client(firm))
    made = deposit(firm, invoice.id)
    fake_piste.set_state(made.flow_number, "IN_REJETE")
    report = sync(firm)
    assert report.rejected == 1
    with uow(firm) as u:
        latest = u.chorus_deposits.latest(invoice.id)
    assert (latest.status, latest.message) == (DepositStatus.REJECTED, "Rejet : le SIRET du destinataire est inconnu")
    again = deposit(firm, invoice.id)
    assert again.flow_number == "CPP0000002"
    with uow(firm) as u:
        assert u.chorus_deposits.latest(invoice.id).flow_number == "CPP0000002"


def test_one_flow_failing_does_not_stop_the_others(firm, fake_piste):
    configure(firm, fake_piste)
    first = deposit(firm, issued_for(firm, public_client(firm)).id)
    deposit(firm, issued_for(firm, public_client(firm, nic="0002")).id)
    fake_piste.flows.pop(first.flow_number)  # Chorus Pro no longer knows it
    report = sync(firm)
    assert report.checked == 1 and len(report.errors) == 1 and "inconnu" in report.errors[0]


def test_sync_for_an_unknown_or_unconfigured_firm_is_refused(firm, make_firm):
    with pytest.raises(NotFound, match="Aucun cabinet avec le SIREN"):
        sync(firm, siren="000000000")
    with pytest.raises(ChorusError, match="n'est pas configuré"):
        sync(firm)


def test_deposits_are_scoped_to_their_firm(firm, make_firm, fake_piste):
    configure(firm, fake_piste)
    invoice = issued_for(firm, public_client(firm))
    deposit(firm, invoice.id)
    other = make_firm("Autre cabinet")
    with uow(other) as u:
        assert u.chorus_deposits.latest(invoice.id) is None and u.chorus_deposits.pending() == []


def test_manage_py_sync_chorus_prints_its_report_and_a_second_run_changes_nothing(run_manage, firm, fake_piste):
    configure(firm, fake_piste)
    made = deposit(firm, issued_for(firm, public_client(firm)).id)
    fake_piste.set_state(made.flow_number, "IN_INTEGRE")

    first = run_manage("sync-chorus", "--firm", firm.siren)

    assert first.returncode == 0, first.stderr
    assert first.stdout.splitlines() == [
        f"{firm.siren}\tCPP0000001\tIntégrée (transmise à l'acheteur public)\tIN_INTEGRE",
        "1 dépôt(s) Chorus Pro vérifié(s) : 1 changement(s) de statut, 1 intégré(s), 0 rejeté(s), 0 erreur(s)."]
    second = run_manage("sync-chorus", "--firm", firm.siren)
    assert second.returncode == 0, second.stderr
    assert second.stdout.splitlines() == [
        "0 dépôt(s) Chorus Pro vérifié(s) : 0 changement(s) de statut, 0 intégré(s), 0 rejeté(s), 0 erreur(s)."]


def test_manage_py_sync_chorus_refuses_a_bad_siren_in_french(run_manage, firm):
    bad = run_manage("sync-chorus", "--firm", "123")
    assert bad.returncode != 0 and "SIREN" in bad.stderr
