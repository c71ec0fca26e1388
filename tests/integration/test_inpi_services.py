"""The INPI connector on SQLite and PostgreSQL: the firm's account stored encrypted (administrators only,
audited), company look-up by SIREN against a local fake RNE server, comparison with a client file."""

import pytest
from sqlalchemy import select

from data.db import session_factory
from data.models.crm_letters import IntegrationCredentialRow
from domain.access.model import Role
from domain.audit import Action
from domain.clients.services import create_client
from domain.errors import InvalidInput, NotFound, PermissionDenied
from domain.firm.users import create_user
from domain.inpi import services
from domain.inpi.model import INPI, INPI_API_URL, Difference, InpiError
from tests.conftest import unique_email
from tests.inpi_fake import PASSWORD, SIREN, USERNAME, company_payload, owner_entry, serve
from tests.integration.support import audit_of


@pytest.fixture
def fake_inpi():
    for fake in serve():
        fake.add(company_payload(), owners=[owner_entry("MARTIN", ["Sophie"], 60, 60)])
        yield fake


def uow(firm):
    return firm.container.firm_uow(firm.firm_id)


def configure(firm, fake, principal=None, **changes):
    c = firm.container
    fields = {"username": USERNAME, "password": PASSWORD, "api_url": fake.url} | changes
    return services.save_inpi_credentials(uow(firm), principal or firm.principal(), c.clock, c.cipher, **fields)


def fetch(firm, siren, principal=None):
    c = firm.container
    return services.fetch_company(uow(firm), principal or firm.principal(), c.cipher, c.inpi_gateway, siren)


def collaborator(firm):
    c = firm.container
    email = unique_email("collab")
    with c.firm_uow(firm.firm_id) as u:
        create_user(u, c.hasher, c.clock, None, email, "Colette Laborde", Role.COLLABORATOR)
        u.commit()
    return firm.principal(email)


def test_the_account_is_stored_encrypted_and_only_a_hint_of_the_email_is_shown(firm, fake_inpi):
    info = configure(firm, fake_inpi)
    with session_factory(firm.container.settings.database_url)() as session:
        row = session.scalar(select(IntegrationCredentialRow).where(
            IntegrationCredentialRow.firm_id == firm.firm_id, IntegrationCredentialRow.provider == INPI))
    assert PASSWORD not in row.ciphertext and USERNAME not in row.ciphertext
    assert (row.hint, info.username_hint) == ("l…@cabinet-verger.fr", "l…@cabinet-verger.fr")
    shown = services.inpi_settings(uow(firm), firm.principal())
    assert (shown.api_url, shown.updated_by_name, shown.is_production) == (fake_inpi.url, "Alice Admin", False)
    assert PASSWORD not in repr(shown)
    [event] = audit_of(firm.container, firm.firm_id, Action.CREDENTIALS_CHANGE)
    assert event.details["intégration"] == "INPI (RNE)" and PASSWORD not in str(event.details)
    assert event.details["opération"] == "enregistrement des identifiants"


def test_without_an_address_the_production_rne_is_used(firm):
    c = firm.container
    info = services.save_inpi_credentials(uow(firm), firm.principal(), c.clock, c.cipher, username=USERNAME,
                                          password=PASSWORD)
    assert info.api_url == INPI_API_URL == "https://registre-national-entreprises.inpi.fr"


def test_only_an_administrator_configures_the_inpi(firm, fake_inpi):
    with pytest.raises(PermissionDenied):
        configure(firm, fake_inpi, principal=collaborator(firm))
    assert services.inpi_settings(uow(firm), firm.principal()) is None


def test_bad_credentials_are_refused_all_at_once_and_nothing_is_stored(firm, fake_inpi):
    with pytest.raises(InvalidInput) as refused:
        configure(firm, fake_inpi, username="pas-un-email", password=" ")
    assert refused.value.message == ("Identifiant INPI « pas-un-email » invalide : l'e-mail du compte data.inpi.fr. ; "
                                     "Mot de passe INPI : valeur obligatoire.")
    assert services.inpi_settings(uow(firm), firm.principal()) is None


def test_the_connection_test_uses_the_stored_account(firm, fake_inpi):
    c = firm.container
    configure(firm, fake_inpi)
    services.check_inpi_connection(uow(firm), firm.principal(), c.cipher, c.inpi_gateway)
    assert fake_inpi.calls_to("/api/sso/login") and fake_inpi.calls_to("/api/companies")
    configure(firm, fake_inpi, password="autre-mot-de-passe")
    with pytest.raises(InpiError, match="L'INPI refuse le compte"):
        services.check_inpi_connection(uow(firm), firm.principal(), c.cipher, c.inpi_gateway)


def test_deleting_the_account_is_audited_and_a_second_delete_is_refused(firm, fake_inpi):
    c = firm.container
    configure(firm, fake_inpi)
    services.delete_inpi_credentials(uow(firm), firm.principal(), c.clock)
    assert services.inpi_settings(uow(firm), firm.principal()) is None
    events = audit_of(c, firm.firm_id, Action.CREDENTIALS_CHANGE)
    assert {e.details["opération"] for e in events} == {"enregistrement des identifiants",
                                                        "suppression des identifiants"}
    with pytest.raises(NotFound):
        services.delete_inpi_credentials(uow(firm), firm.principal(), c.clock)


def test_any_staff_member_looks_a_company_up_by_siren(firm, fake_inpi):
    configure(firm, fake_inpi)
    record = fetch(firm, "732 829 320", principal=collaborator(firm))  # typed with spaces
    assert (record.siren, record.name, record.legal_form) == (SIREN, "BOULANGERIE DU PARC", "SAS")
    assert [o.name for o in record.beneficial_owners] == ["Sophie MARTIN"]


def test_a_mistyped_siren_never_reaches_the_inpi(firm, fake_inpi):
    configure(firm, fake_inpi)
    with pytest.raises(InvalidInput, match="SIREN « 732829321 » invalide"):
        fetch(firm, "732829321")
    assert fake_inpi.calls == []


def test_a_look_up_without_configuration_says_who_configures_it(firm):
    with pytest.raises(InpiError, match="un administrateur enregistre le compte data.inpi.fr"):
        fetch(firm, SIREN)


def test_the_account_is_scoped_to_its_firm(firm, make_firm, fake_inpi):
    configure(firm, fake_inpi)
    other = make_firm()
    assert services.inpi_settings(uow(other), other.principal()) is None
    with pytest.raises(PermissionDenied):
        services.inpi_settings(uow(other), firm.principal())


def test_comparing_a_client_lists_the_fields_that_really_differ(firm, fake_inpi):
    c = firm.container
    configure(firm, fake_inpi)
    # Spelling differs (case, accent, dot of the NAF code) but not the content, except the city and the capital.
    form = {"name": "Boulangerie du Parc", "siren": SIREN, "legal_form": "SAS", "naf_code": "10.71C",
            "address_line": "12 rue de la République", "postal_code": "69002", "city": "Villeurbanne",
            "share_capital": "10 000"}
    client = create_client(uow(firm), None, c.clock, form)

    _, record, found = services.compare_client(uow(firm), firm.principal(), c.cipher, c.inpi_gateway, client.id)

    assert record.name == "BOULANGERIE DU PARC"
    assert found == [Difference("Ville", "Villeurbanne", "LYON"),
                     Difference("Capital social (€)", "10 000,00", "15 000,00")]


def test_comparing_a_client_without_siren_is_refused_in_french(firm, fake_inpi):
    c = firm.container
    configure(firm, fake_inpi)
    client = create_client(uow(firm), None, c.clock, {"kind": "individual", "name": "Jean Dupont"})
    with pytest.raises(InpiError, match="« Jean Dupont » n'a pas de SIREN"):
        services.compare_client(uow(firm), firm.principal(), c.cipher, c.inpi_gateway, client.id)
