"""The « Bénéficiaires, PPE et pièces » page and the « Pays à haut risque » administration page, on both databases:
a person added through the form becomes a beneficial owner once an indirect holding takes them over 25 %, the
PEP table shows until when the status lasts, countries are checked, evidence alerts are listed; the administrator
adds a country to a list and the client concerned is flagged; a collaborator without the permission is refused."""

from datetime import UTC, date, datetime

import pytest

from domain.access.model import Role
from domain.clients import services as clients
from domain.compliance import party_services as ps
from domain.compliance.evidence import EvidenceKind
from tests.pages.helpers import column, submit, titles

PAGE = "pages/staff/compliance_parties.py"
ADMIN_PAGE = "pages/staff/admin_risk_countries.py"
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def new_client(firm, name="Alpha Conseil", siren="552008443"):
    c = firm.container
    return clients.create_client(c.firm_uow(firm.firm_id), None, c.clock, {"name": name, "siren": siren})


def call(firm, command, *args, **kw):
    c = firm.container
    return command(c.firm_uow(firm.firm_id), None, c.clock, *args, **kw)


def flags_of(firm, client_id) -> list[str]:
    with firm.container.firm_uow(firm.firm_id) as uow:
        return [f.reason for f in uow.compliance.overview(client_id)[0].flags]


def frame(at, having: str):
    return next(d for d in at.dataframe if having in d.value.columns)


@pytest.fixture
def open_page(open_app, add_user, pin_app_clock):
    pin_app_clock(NOW)

    def open_(page: str, client_id: int | None = None, role: Role = Role.ADMIN):
        member = add_user(role, name="Thomas Martin")
        at = open_app(member.email, member.password)
        if client_id is not None:
            at.query_params["client"] = str(client_id)
        at = at.switch_page(page).run()
        assert not at.exception, at.exception[0].value
        return at

    return open_


def test_without_a_client_the_page_offers_the_picker(firm, open_page):
    new_client(firm)
    at = open_page(PAGE)
    assert titles(at) == ["Bénéficiaires, PPE et pièces"]
    assert at.selectbox(key="parties.pick").options == ["Alpha Conseil (552008443)"]


def test_adding_a_person_and_an_indirect_holding_makes_a_beneficial_owner(firm, open_page):
    client = new_client(firm)
    at = open_page(PAGE, client.id)
    assert "Aucun bénéficiaire effectif ni représentant légal" in at.warning[0].value

    at.text_input(key="parties.new.name").input("Marc Vidal")
    at.text_input(key="parties.new.capital").input("10")
    at = submit(at, "Ajouter la personne")
    assert at.success[0].value == "Marc Vidal enregistré(e)."
    assert column(at, 0, "Bénéficiaire effectif") == ["Non"]

    at.selectbox(key="parties.edit").select_index(0).run()
    at.text_input(key="parties.via").input("Holding Vidal")
    at.text_input(key="parties.via.share").input("60")
    at.text_input(key="parties.via.capital").input("30")
    at.text_input(key="parties.via.votes").input("0")
    at = submit(at, "Ajouter la détention indirecte")
    assert at.success[0].value == "Détention indirecte ajoutée."
    # 10 % + 60 % × 30 % = 28 % of the capital.
    assert column(at, 0, "Capital total") == ["28,00 %"]
    assert column(at, 0, "Bénéficiaire effectif") == ["Capital (> 25 %)"]
    assert flags_of(firm, client.id) == ["Nouveau bénéficiaire effectif : Marc Vidal"]


def test_a_bad_percentage_shows_the_french_error_and_writes_nothing(firm, open_page):
    client = new_client(firm)
    at = open_page(PAGE, client.id)
    at.text_input(key="parties.new.name").input("Marc Vidal")
    at.text_input(key="parties.new.capital").input("120")
    at = submit(at, "Ajouter la personne")
    assert at.error[0].value == ("Part du capital détenue directement : le pourcentage doit être compris entre 0 "
                                 "et 100.")
    assert call(firm, ps.party_file, client.id).parties == ()


def test_pep_table_countries_and_evidence_alerts(firm, open_page):
    client = new_client(firm)
    owner = call(firm, ps.save_party, client.id, {"full_name": "Lina Roche", "capital": "60", "pep_relation": "self",
                                                  "pep_function": "Députée", "pep_office_ended_on": "2026-03-31"})
    call(firm, ps.add_evidence, client.id, EvidenceKind.PASSPORT, date(2016, 11, 1), date(2026, 10, 2),
         date(2026, 11, 1), b"%PDF-1.7", "passeport.pdf", party_id=owner.id)
    at = open_page(PAGE, client.id)
    pep = frame(at, "PPE jusqu'au")
    assert list(pep.value["PPE jusqu'au"]) == ["31/03/2027"]
    assert list(pep.value["PPE aujourd'hui"]) == ["Oui"]
    warning = at.warning[0].value.replace("\\:", ":")  # typed names are markdown-escaped
    assert "- Pièce manquante : Extrait Kbis de moins de 3 mois" in warning
    assert "- Passeport de Lina Roche : Expiré depuis le 01/11/2026" in warning
    assert list(frame(at, "Alertes").value["Alertes"]) == ["Expiré depuis le 01/11/2026"]

    at.text_input(key="parties.countries.own").input("FR")
    at.text_input(key="parties.countries.ops").input("FR, IR")
    at = submit(at, "Enregistrer les pays")
    assert at.success[0].value == "Pays enregistrés : 1 pays à haut risque, revue LCB-FT demandée."
    assert list(frame(at, "Listes").value["Pays"]) == ["Iran (IR)"]


def test_the_administrator_adds_a_country_and_the_client_is_flagged(firm, open_page):
    client = new_client(firm)
    call(firm, ps.set_client_countries, client.id, "FR", "PA")
    at = open_page(ADMIN_PAGE)
    assert titles(at) == ["Pays à haut risque"]
    assert [d.value for d in at.subheader][:3] == ["GAFI : appel à l'action (liste noire)",
                                                   "GAFI : surveillance renforcée (liste grise)",
                                                   "UE : pays tiers à haut risque (règl. 2016/1675)"]
    assert set(at.dataframe[0].value["Code"]) == {"KP", "IR", "MM"}

    at.selectbox[0].select_index(2)
    at.text_input(key="risk.add.code").input("pa")
    at = submit(at, "Ajouter")
    assert at.success[0].value == "Pays ajouté : 1 client(s) à revoir."
    assert flags_of(firm, client.id) == [
        "Panama (PA) ajouté à la liste « UE : pays tiers à haut risque (règl. 2016/1675) »"]


def test_a_collaborator_manages_the_file_but_not_the_lists(firm, open_app, add_user):
    member = add_user(Role.COLLABORATOR, name="Bob Collab")  # MANAGE_COMPLIANCE by default, not ADMINISTER
    at = open_app(member.email, member.password)
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page(ADMIN_PAGE)
    at = at.switch_page(PAGE).run()
    assert not at.exception
    assert titles(at) == ["Bénéficiaires, PPE et pièces"]


def test_an_rbe_divergence_is_noted_with_its_date_and_a_piece_can_be_downloaded(firm, open_page):
    client = new_client(firm)
    owner = call(firm, ps.save_party, client.id, {"full_name": "Lina Roche", "capital": "60"})
    call(firm, ps.add_evidence, client.id, EvidenceKind.ID_CARD, date(2021, 3, 1), date(2026, 10, 2),
         date(2031, 2, 28), b"%PDF-1.7 cni", "cni.pdf", party_id=owner.id)
    at = open_page(PAGE, client.id)
    at.selectbox(key="parties.edit").select_index(0).run()
    at = submit(at, "Signaler une divergence")  # on the date shown: today, 20/11/2026
    assert at.success[0].value == "Divergence notée : à signaler au greffe (portail des divergences d'Infogreffe)."
    assert column(at, 0, "Divergence RBE") == ["20/11/2026"]
    assert "Divergence avec le RBE à signaler au greffe" in at.warning[0].value

    at.selectbox(key="parties.download").select_index(0).run()
    assert not at.exception
    assert [b.label for b in at.get("download_button")] == ["Télécharger"]
