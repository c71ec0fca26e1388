"""The Clients and Import de clients pages, driven as a Collaborateur."""

import pytest

from domain.access.model import Role
from domain.clients import queries
from domain.clients.model import ClientFilter
from tests.pages.helpers import column, submit, titles

CLIENTS = "pages/staff/clients.py"
IMPORT = "pages/staff/client_import.py"


@pytest.fixture
def staff_at(open_app, add_user):
    member = add_user(Role.COLLABORATOR, name="Thomas Martin")

    def at(page: str):
        app = open_app(member.email, member.password, page)
        assert not app.exception
        return app

    return at


def stored_names(firm) -> list[str]:
    return [c.name for c in queries.search(firm.container.firm_uow(firm.firm_id), None, ClientFilter())]


def fill(at, values: dict[str, str]):
    for field, value in values.items():
        at.text_input(key=f"clients.new.{field}").input(value)
    return at


def test_empty_client_base_shows_the_empty_state(staff_at):
    at = staff_at(CLIENTS)

    assert titles(at) == ["Clients"]
    assert at.info[0].value.startswith("Aucun client pour l'instant.")


def test_creating_a_client_lists_it(firm, staff_at):
    at = fill(staff_at(CLIENTS), {"name": "Alpha Conseil", "siren": "552 008 443", "city": "Lyon"})

    at = submit(at, "Créer le client")

    assert not at.exception
    assert at.success[0].value == "Client « Alpha Conseil » créé."
    assert column(at, 0, "Nom") == ["Alpha Conseil"]
    assert column(at, 0, "SIREN") == ["552008443"]
    assert stored_names(firm) == ["Alpha Conseil"]


def test_an_invalid_client_shows_the_french_errors_and_stores_nothing(firm, staff_at):
    at = fill(staff_at(CLIENTS), {"name": "Alpha", "siren": "552008444"})

    at = submit(at, "Créer le client")

    assert at.error[0].value == "SIREN « 552008444 » invalide : 9 chiffres avec une clé de contrôle correcte."
    assert stored_names(firm) == []


def test_the_import_page_offers_the_template_and_documents_the_headers(staff_at):
    at = staff_at(IMPORT)

    assert titles(at) == ["Import de clients"]
    assert column(at, 0, "En-tête")[:3] == ["nom", "siren", "forme_juridique"]


def test_an_uploaded_file_with_an_error_shows_the_report_and_disables_importer(firm, staff_at):
    at = staff_at(IMPORT)
    at.file_uploader(key="import.file").set_value(("clients.csv", b"nom;siren\nAlpha;552008443\nGamma;123\n", "text/csv"))
    at = at.run()

    assert not at.exception
    assert column(at, 1, "Statut") == ["OK", "Erreur"]
    assert column(at, 1, "Motif") == ["", "SIREN « 123 » invalide : 9 chiffres avec une clé de contrôle correcte."]
    assert at.button(key="import.all").disabled is True

    at = at.button(key="import.valid").click().run()

    assert at.success[0].value == "1 client(s) importé(s), 1 ligne(s) écartée(s)."
    assert stored_names(firm) == ["Alpha"]


def stored_clients(firm):
    return queries.search(firm.container.firm_uow(firm.firm_id), None, ClientFilter())


def test_a_client_is_created_with_its_share_capital_and_group(firm, staff_at):
    from domain.clients import groups

    group = groups.create_group(firm.container.firm_uow(firm.firm_id), None, firm.container.clock, "Groupe Martin")
    at = fill(staff_at(CLIENTS), {"name": "Alpha Conseil", "siren": "552008443", "share_capital": "15 000,50"})
    at.selectbox(key="clients.new.group").select(group.id)

    at = submit(at, "Créer le client")

    assert at.success[0].value == "Client « Alpha Conseil » créé."
    assert column(at, 0, "Groupe") == ["Groupe Martin"]
    [client] = stored_clients(firm)
    assert (client.share_capital_cents, client.group_id) == (1_500_050, group.id)


def test_an_invalid_share_capital_is_refused_in_french(firm, staff_at):
    at = fill(staff_at(CLIENTS), {"name": "Alpha Conseil", "siren": "552008443", "share_capital": "beaucoup"})

    at = submit(at, "Créer le client")

    assert at.error[0].value == "Capital social : « beaucoup » n'est pas un montant valide."
    assert stored_names(firm) == []


def test_editing_prefills_the_share_capital_and_links_to_the_client_file(firm, staff_at):
    from domain.clients import services

    c = firm.container
    client = services.create_client(c.firm_uow(firm.firm_id), None, c.clock,
                                    {"name": "Alpha Conseil", "siren": "552008443", "share_capital": "15000"})
    at = staff_at(CLIENTS)

    at = at.selectbox(key="clients.edit.id").select(client.id).run()

    assert at.text_input(key=f"clients.edit.{client.id}.share_capital").value == "15 000,00"
    [link] = at.get("page_link")
    assert link.proto.page.endswith("client_file.py") or "fiche-client" in link.proto.page
    assert link.proto.label == "Ouvrir la fiche client de Alpha Conseil"
    assert f"client={client.id}" in link.proto.query_string


def test_the_client_file_link_preselects_the_client_to_edit(firm, open_app, add_user):
    from domain.clients import services

    c = firm.container
    client = services.create_client(c.firm_uow(firm.firm_id), None, c.clock, {"name": "Alpha", "kind": "individual"})
    member = add_user(Role.COLLABORATOR)
    at = open_app(member.email, member.password)
    at.query_params["client"] = str(client.id)

    at = at.switch_page(CLIENTS).run()

    assert at.selectbox(key="clients.edit.id").value == client.id
