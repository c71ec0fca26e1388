"""The Tableau de bord page for each role, on the hand-made firm of tests/integration/dashboards_support.py
(figures worked out in tests/integration/test_dashboards.py): the partner's tiles, tables and downloads, the
manager's team view, the collaborator's own view, the LCB-FT empty state and the freshness line."""

import io
from datetime import UTC, datetime

import pytest
from openpyxl import load_workbook
from sqlalchemy.orm import Session

from data.db import engine_for
from data.models.access import UserPermissionRow
from domain.access.model import Role
from tests.integration.dashboards_support import build
from tests.pages.helpers import open_page_file, titles
from tests.pages.test_workload_page import downloads  # noqa: F401 (fixture)

PAGE = "pages/staff/dashboard.py"
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


@pytest.fixture
def open_as(firm, page_ctx, pin_app_clock):
    pin_app_clock(NOW)

    def open_(email: str):
        at = open_page_file(PAGE, page_ctx(email))
        assert not at.exception, at.exception[0].value
        assert titles(at) == ["Tableau de bord"]
        return at

    return open_


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_a_partner_sees_the_firms_figures_with_their_formulas(firm, open_as, downloads):  # noqa: F811
    build(firm)
    at = open_as(firm.admin_email)
    assert [t.label for t in at.tabs] == ["Cabinet", "Équipe", "Mon activité"]
    shown = metrics(at)
    assert shown["Honoraires du mois"] == "400,00\xa0€"
    assert shown["Honoraires depuis le 1er janvier"] == "1\u202f200,00\xa0€"
    assert shown["Taux de réalisation (période)"] == "54,8 %"  # 400 € ÷ 730 €
    assert shown["En-cours (WIP)"] == "266,67\xa0€"
    assert shown["Jours d'en-cours"] == "81,1 j"
    assert shown["DSO"] == "265,7 j"
    fees = next(m for m in at.metric if m.label == "Honoraires du mois")
    assert "débours exclus" in fees.help and "+33,3 % vs N-1" in str(fees.proto.delta)  # 400 € against 300 €
    assert any("Données à jour de" in c.value for c in at.caption)
    assert metrics(at)["Revues LCB-FT à faire"] == "2"  # neither client has a validated assessment
    assert "Aucun mali." in [i.value for i in at.info]
    bonis = load_workbook(io.BytesIO(downloads["meilleurs_bonis_2026.xlsx"]())).active
    assert [[c.value for c in row] for row in bonis.iter_rows(min_row=2)] == [
        ["Alpha SAS", "Tenue 2026", 800, 400, 400], ["Beta SARL", "Conseil social", 700, 386.67, 313.33]]
    wip = load_workbook(io.BytesIO(downloads["en_cours.xlsx"]())).active
    assert [c.value for c in wip[1]] == ["Client", "Mission", "Facturation", "Heures", "En-cours (€)",
                                          "Plus ancien temps"]
    assert [wip.cell(row, 5).value for row in (2, 3)] == [206.67, 60]
    assert "Beta SARL;Conseil social;Temps passé;2.17;206.67" in downloads["en_cours.csv"]().decode("utf-8-sig")


def test_a_manager_who_approves_one_team_sees_that_team_only(firm, open_as):
    scenario = build(firm)
    with Session(engine_for(firm.container.settings.database_url)) as s, s.begin():
        s.add(UserPermissionRow(firm_id=firm.firm_id, user_id=scenario.bob_id, permission="approve_time"))
    at = open_as(scenario.bob_email)
    assert [t.label for t in at.tabs] == ["Équipe", "Mon activité"]
    assert "Équipe : Audit" in [c.value for c in at.caption]
    assert "dashboard.team" not in [box.key for box in at.selectbox]  # no choice of another team
    assert metrics(at)["Consommation des budgets"] == "25,0 %"  # 375 min of 1,500
    assert metrics(at)["Semaines incomplètes ou non validées"] == "5"


def test_a_collaborator_sees_only_their_own_activity(firm, open_as):
    scenario = build(firm)
    at = open_as(scenario.bob_email)
    assert [t.label for t in at.tabs] == ["Mon activité"]
    shown = metrics(at)
    assert shown["Mes heures saisies"] == "8,25 h"  # 495 min
    assert shown["Mes heures facturables"] == "6,25 h"  # 375 min
    assert "Honoraires du mois" not in shown
    assert not at.error


def test_a_firm_without_activity_shows_empty_states_not_errors(open_as, add_user):
    partner = add_user(Role.ADMIN, name="Paul Associé")
    at = open_as(partner.email)
    assert not at.error
    assert metrics(at)["Taux de réalisation (période)"] == "—"
    assert "Aucune créance ouverte." in [i.value for i in at.info]
    assert "Aucun temps facturable en attente de facturation." in [i.value for i in at.info]
    assert "Aucune revue LCB-FT à faire." in [i.value for i in at.info]


def test_the_menu_offers_the_dashboard_to_every_staff_member(open_app, add_user, pin_app_clock):
    pin_app_clock(NOW)
    member = add_user(Role.COLLABORATOR, name="Thomas Martin")
    at = open_app(member.email, member.password, PAGE)
    assert not at.exception, at.exception[0].value
    assert titles(at) == ["Tableau de bord"]
    assert [t.label for t in at.tabs] == ["Mon activité"]
