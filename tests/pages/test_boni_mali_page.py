"""The Boni / Mali page driven as a partner (administrator) on both databases, on the firm of
tests/integration/bonimali_support.py (figures worked out there): the firm's figures, the table by client and by
mission, the drill-down to one mission's invoices and time entries, the downloads; and who is kept out."""

import io

import pytest
from openpyxl import load_workbook
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from domain.access.model import Role
from domain.formatting import eur_cents
from tests.conftest import NOW, ROOT
from tests.integration.bonimali_support import billed_mission
from tests.pages.helpers import ACCESS_DENIED, column, titles

PAGE = "pages/staff/boni_mali.py"


@pytest.fixture
def downloads(monkeypatch):
    offered = {}
    original = MediaFileManager.add

    def keep(self, path_or_data, mimetype, coordinates, file_name=None, **kwargs):
        offered[file_name] = path_or_data
        return original(self, path_or_data, mimetype, coordinates, file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add", keep)
    return offered


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_a_partner_sees_the_boni_drills_down_to_a_mission_and_downloads_it(firm, open_app, add_user, pin_app_clock,
                                                                          downloads):
    pin_app_clock(NOW)
    mission, _ = billed_mission(firm)
    partner = add_user(Role.ADMIN, name="Claire Verger")
    at = open_app(partner.email, partner.password, PAGE)
    assert not at.exception, at.exception
    assert titles(at) == ["Boni / Mali"]
    shown = metrics(at)
    assert shown["Honoraires facturés"] == eur_cents(107_500)
    assert shown["Temps valorisé"] == eur_cents(63_000)
    assert shown["Boni / mali"] == eur_cents(44_500)
    assert shown["Taux de réalisation"] == "170,6 %"
    assert shown["En-cours"] == eur_cents(18_000)  # the mission without invoice: not a mali
    assert sorted(column(at, 0, "Client")) == ["Alpha Conseil", "Alpha Conseil bis"]
    assert len(at.get("plotly_chart")) == 1

    at.selectbox(key="boni_mali.by").set_value("mission").run()
    assert not at.exception, at.exception
    assert sorted(column(at, 0, "Statut")) == ["Boni", "En-cours"]
    book = load_workbook(io.BytesIO(downloads["boni-mali-par-mission.xlsx"]))
    assert book.sheetnames == ["Boni-mali par mission", "Filtres"]
    assert downloads["boni-mali-par-mission.csv"].decode("utf-8-sig").count("\n") == 3  # header + 2 missions

    at.selectbox(key="boni_mali.client").set_value((mission.client_id, "Alpha Conseil")).run()
    at.selectbox(key="boni_mali.mission").select_index(1).run()
    assert not at.exception, at.exception
    assert metrics(at)["Boni / mali"] == eur_cents(44_500)
    invoices, entries = at.dataframe[1], at.dataframe[2]
    assert list(invoices.value["Honoraires affectés à la mission"]) == [eur_cents(107_500)]
    assert list(entries.value["Valeur au prix de vente"]) == [eur_cents(36_000), eur_cents(27_000)]  # 2 h, 1.5 h


def test_a_collaborator_without_the_money_permission_is_kept_out(add_user, page_ctx):
    member = add_user(Role.COLLABORATOR)
    at = AppTest.from_file(str(ROOT / PAGE), default_timeout=30)
    at.session_state["ctx"] = page_ctx(member.email)
    at.run()
    assert not at.exception
    assert [e.value for e in at.error] == [ACCESS_DENIED] and titles(at) == []
