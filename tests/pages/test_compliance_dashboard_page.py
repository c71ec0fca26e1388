"""The Tableau de bord LCB-FT page (AppTest, both databases): the counts and lists of the client base, the
inspection export downloaded from the page, the end of a relationship recorded; refused to a user without the
compliance permission."""

from datetime import date
from decimal import Decimal

import pytest
from streamlit.testing.v1 import AppTest

from domain.access.model import Role
from domain.clients.services import create_client
from domain.compliance import services
from domain.compliance.model import AssessmentForm, Criterion, Score
from domain.compliance.parties import Party
from tests.conftest import NOW, ROOT, random_siren
from tests.pages.helpers import button

PAGE = "pages/staff/compliance_dashboard.py"


@pytest.fixture
def admin(firm, add_user, pin_app_clock):
    pin_app_clock(NOW)
    return add_user(Role.ADMIN, name="Claire Verger")


@pytest.fixture
def base(firm, add_user):
    """Alpha Conseil validated (standard) by a second partner, its 60 % owner without ID and no extract; Garage
    Central with a draft only."""
    c = firm.container
    uow = lambda: c.firm_uow(firm.firm_id)
    partner = add_user(Role.ADMIN, name="Paul Associé")
    alpha = create_client(uow(), None, c.clock, {"name": "Alpha Conseil", "siren": random_siren()})
    garage = create_client(uow(), None, c.clock, {"name": "Garage Central", "siren": random_siren()})
    scores = {Criterion.CLIENT: Score.LOW, Criterion.ACTIVITY: Score.MEDIUM, Criterion.LOCATION: Score.MEDIUM,
              Criterion.MISSIONS: Score.LOW}
    draft = services.save_draft(uow(), firm.principal(), c.clock, AssessmentForm(client_id=alpha.id, scores=scores,
                                                                                  justification="Justifié."))
    services.submit(uow(), firm.principal(), c.clock, draft.id)
    services.validate(uow(), firm.principal(partner.email), c.clock, draft.id)
    services.save_draft(uow(), firm.principal(), c.clock, AssessmentForm(
        client_id=garage.id, scores={k: Score.LOW for k in Criterion}, justification="À valider."))
    with uow() as u:
        u.parties.add(alpha.id, Party(id=0, client_id=alpha.id, full_name="Sophie Martin", capital=Decimal(60),
                                      votes=Decimal(60)), at=NOW)
        u.commit()
    return alpha, garage


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_the_dashboard_counts_and_lists_the_clients_to_fix(open_app, admin, firm, base):
    at = open_app(admin.email, admin.password, PAGE)
    assert not at.exception, at.exception
    assert at.title[0].value == "Tableau de bord LCB-FT"
    shown = metrics(at)
    assert (shown["Clients actifs"], shown["Conformes"], shown["Sans évaluation validée"],
            shown["Revues en retard"], shown["Justificatifs manquants"]) == ("2", "0", "1", "0", "2")
    assert (shown["Simplifiée"], shown["Standard"], shown["Renforcée"], shown["Non évaluée"]) == ("0", "1", "0", "1")
    unvalidated = at.dataframe[0].value  # no overdue review: unvalidated first
    assert list(unvalidated["Client"]) == ["Garage Central"] and list(unvalidated["En cours"]) == ["Brouillon"]
    missing = at.dataframe[1].value
    assert list(missing["Manque"]) == [
        "extrait Kbis de moins de 3 mois, 1 pièce(s) d'identité de bénéficiaire(s) effectif(s)",
        "extrait Kbis de moins de 3 mois"]
    assert any(s.value == "Aucune revue en retard." for s in at.success)


def test_the_inspection_export_is_prepared_then_downloaded(open_app, admin, firm, base):
    at = open_app(admin.email, admin.password, PAGE)
    at = button(at, "Préparer l'export CSV").click().run()
    assert not at.exception and not at.error
    content = at.session_state["lcbft.export.content"]
    lines = content.decode("utf-8-sig").splitlines()
    assert len(lines) == 3 and lines[0].startswith("SIREN client;Client;Date de l'évaluation")
    assert at.session_state["lcbft.export.count"] == (2, 2)


def test_recording_the_end_of_a_relationship_shows_the_retention_date(open_app, admin, firm, base):
    alpha = base[0]
    at = open_app(admin.email, admin.password, PAGE)
    at.selectbox(key="lcbft.end.client").select(alpha.id)
    at.date_input(key="lcbft.end.on").set_value(date(2026, 6, 30))
    at.text_input(key="lcbft.end.reason").input("Lettre de mission résiliée")
    at = button(at, "Enregistrer la fin de relation").click().run()
    assert not at.error, [e.value for e in at.error]
    assert at.success[0].value == ("Fin de relation enregistrée : données LCB-FT de « Alpha Conseil » conservées "
                                   "jusqu'au 30/06/2031.")
    ended = at.dataframe[-1].value
    assert (list(ended["Client"]), list(ended["Suppression possible"])) == (["Alpha Conseil"], ["non"])


def test_a_portal_user_is_refused(firm, add_user, page_ctx):
    customer = add_user(Role.CLIENT, name="Portail Client")
    page = AppTest.from_file(str(ROOT / PAGE), default_timeout=30)
    page.session_state["ctx"] = page_ctx(customer.email)
    page.run()
    assert page.error[0].value == "Cette page est réservée aux utilisateurs du cabinet."
