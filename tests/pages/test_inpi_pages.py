"""The INPI connector in the pages (AppTest, both databases): the account panel of Intégrations with "Tester la
connexion", "Pré-remplir depuis l'INPI" on the new-client form, "Comparer avec l'INPI" on a client being edited;
the register is a local fake RNE server."""

import pytest

from domain.access.model import Role
from domain.clients.model import ClientFilter
from domain.clients.services import create_client
from domain.inpi import services
from domain.inpi.model import INPI
from tests.conftest import NOW
from tests.inpi_fake import PASSWORD, SIREN, USERNAME, company_payload, owner_entry, serve
from tests.pages.helpers import button

INTEGRATIONS = "pages/staff/admin_integrations.py"
CLIENTS = "pages/staff/clients.py"


@pytest.fixture
def fake_inpi():
    for fake in serve():
        fake.add(company_payload(), owners=[owner_entry("MARTIN", ["Sophie"], 60, 60)])
        yield fake


@pytest.fixture
def admin(firm, add_user, pin_app_clock):
    pin_app_clock(NOW)
    return add_user(Role.ADMIN, name="Claire Verger")


def configure(firm, fake):
    c = firm.container
    services.save_inpi_credentials(c.firm_uow(firm.firm_id), None, c.clock, c.cipher, username=USERNAME,
                                   password=PASSWORD, api_url=fake.url)


def shown(at) -> str:
    return "\n".join(e.value for kind in (at.success, at.info, at.warning, at.error, at.markdown, at.caption)
                     for e in kind)


def test_the_integrations_page_saves_the_inpi_account_encrypted_and_tests_it(open_app, admin, firm, fake_inpi):
    at = open_app(admin.email, admin.password, INTEGRATIONS)
    assert any("L'INPI n'est pas configuré" in i.value for i in at.info)
    for name, value in (("username", USERNAME), ("password", PASSWORD)):
        assert at.text_input(key=f"integrations.inpi.{name}").proto.type == 1  # PASSWORD
        at.text_input(key=f"integrations.inpi.{name}").input(value)
    at = button(at, "Enregistrer le compte INPI").click().run()

    assert not at.exception
    assert at.success[0].value == "Identifiants INPI enregistrés (chiffrés). Ils ne seront plus affichés."
    assert "l…@cabinet\\-verger\\.fr" in shown(at) and PASSWORD not in shown(at)  # markdown-escaped hint
    assert all(at.text_input(key=f"integrations.inpi.{n}").value == "" for n in ("username", "password"))
    with firm.container.firm_uow(firm.firm_id) as uow:
        stored = uow.credentials.get(INPI)
    assert PASSWORD not in stored.ciphertext
    assert stored.base_url == "https://registre-national-entreprises.inpi.fr"

    configure(firm, fake_inpi)  # the page saved the real address; point it at the local server
    at = open_app(admin.email, admin.password, INTEGRATIONS)
    at = at.button(key="integrations.inpi.test").click().run()
    assert at.success[0].value == "Connexion à l'INPI réussie : le compte est accepté par l'API RNE."
    assert fake_inpi.calls_to("/api/sso/login")


def test_prefilling_the_new_client_form_from_the_inpi_then_creating_the_client(open_app, admin, firm, fake_inpi):
    configure(firm, fake_inpi)
    at = open_app(admin.email, admin.password, CLIENTS)
    at.text_input(key="clients.new.inpi.siren").input("732 829 320")
    at = button(at, "Pré-remplir depuis l'INPI").click().run()

    assert not at.exception and not at.error, [e.value for e in at.error]
    values = {name: at.text_input(key=f"clients.new.{name}").value
              for name in ("name", "siren", "legal_form", "naf_code", "address_line", "postal_code", "city",
                           "share_capital")}
    assert values == {"name": "BOULANGERIE DU PARC", "siren": "732829320", "legal_form": "SAS", "naf_code": "10.71C",
                      "address_line": "12 rue DE LA RÉPUBLIQUE", "postal_code": "69002", "city": "LYON",
                      "share_capital": "15 000,00"}
    managers = at.dataframe[-2].value  # the last two tables: managers, then beneficial owners
    assert list(managers["Nom"]) == ["Sophie Anne MARTIN", "AUDIT CONSEIL RHÔNE"]
    assert list(managers["Qualité"]) == ["Président", "Commissaire aux comptes titulaire"]
    owners = at.dataframe[-1].value
    assert (list(owners["Nom"]), list(owners["Capital (%)"])) == (["Sophie MARTIN"], [60.0])

    at = button(at, "Créer le client").click().run()
    assert not at.error, [e.value for e in at.error]
    with firm.container.firm_uow(firm.firm_id) as uow:
        [client] = [c for c in uow.clients.search(ClientFilter()) if c.siren == SIREN]
    assert (client.name, client.legal_form, client.city, client.share_capital_cents) == (
        "BOULANGERIE DU PARC", "SAS", "LYON", 1_500_000)


def test_a_mistyped_siren_or_an_unknown_company_shows_a_french_error_and_fills_nothing(open_app, admin, firm,
                                                                                       fake_inpi):
    configure(firm, fake_inpi)
    at = open_app(admin.email, admin.password, CLIENTS)
    at.text_input(key="clients.new.inpi.siren").input("732829321")
    at = button(at, "Pré-remplir depuis l'INPI").click().run()
    assert at.error[0].value == "SIREN « 732829321 » invalide : 9 chiffres avec une clé de contrôle correcte."
    at.text_input(key="clients.new.inpi.siren").input("552032534")
    at = button(at, "Pré-remplir depuis l'INPI").click().run()
    assert at.error[0].value.startswith("Aucune entreprise de SIREN 552032534 au registre national des entreprises")
    assert at.text_input(key="clients.new.name").value == ""


def test_without_configuration_the_prefill_says_who_configures_it(open_app, admin, firm):
    at = open_app(admin.email, admin.password, CLIENTS)
    at.text_input(key="clients.new.inpi.siren").input(SIREN)
    at = button(at, "Pré-remplir depuis l'INPI").click().run()
    assert "un administrateur enregistre le compte data.inpi.fr" in at.error[0].value


def test_comparing_a_client_with_the_inpi_shows_the_differences_and_copies_the_register_values(open_app, admin, firm,
                                                                                             fake_inpi):
    configure(firm, fake_inpi)
    c = firm.container
    client = create_client(c.firm_uow(firm.firm_id), None, c.clock, {
        "name": "Boulangerie du Parc", "siren": SIREN, "legal_form": "SAS", "naf_code": "10.71C",
        "address_line": "12 rue de la République", "postal_code": "69002", "city": "Villeurbanne"})
    at = open_app(admin.email, admin.password, CLIENTS)
    at.selectbox(key="clients.edit.id").select(client.id).run()
    at = at.button(key=f"clients.inpi.compare.{client.id}").click().run()

    assert not at.exception and not at.error, [e.value for e in at.error]
    assert at.warning[0].value == "2 différence(s) entre le dossier du cabinet et le RNE."
    table = at.dataframe[-4].value  # differences, managers, the RBE's owners, then the owners' differences
    assert list(table["Champ"]) == ["Ville", "Capital social (€)"]
    assert list(table["Dans le dossier"]) == ["Villeurbanne", "—"]
    assert list(table["Au RNE"]) == ["LYON", "15 000,00"]
    # The RBE declares Sophie MARTIN (60 %); the LCB-FT file has nobody yet: a divergence to look at.
    assert "divergence est à signaler au greffe" in at.warning[1].value
    owners = at.dataframe[-1].value
    assert (list(owners["Bénéficiaire effectif"]), list(owners["Dossier LCB-FT"]), list(owners["RBE"])) == (
        ["Sophie MARTIN"], ["absent du dossier"], ["capital 60 %, votes 60 %"])

    at = button(at, "Reporter les valeurs du RNE dans le formulaire").click().run()
    prefix = f"clients.edit.{client.id}"
    assert at.text_input(key=f"{prefix}.city").value == "LYON"
    assert at.text_input(key=f"{prefix}.share_capital").value == "15 000,00"
    at = button(at, "Enregistrer").click().run()
    assert not at.error, [e.value for e in at.error]
    with c.firm_uow(firm.firm_id) as uow:
        saved = uow.clients.get(client.id)
    assert (saved.city, saved.share_capital_cents) == ("LYON", 1_500_000)
