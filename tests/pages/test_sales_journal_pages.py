"""The Journal des ventes and Révision des honoraires pages, driven as the firm's administrator: empty state,
the entries of an issued invoice and the FEC file offered for download; the SYNTEC table and the revision applied
after confirmation; and who is kept out."""

from datetime import date

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from domain.access.model import Role
from domain.accounting.fec import HEADERS
from tests.conftest import NOW, ROOT
from tests.integration.invoices_support import OnePageRenderer, add_client, issue, new_draft, ready_to_invoice
from tests.integration.test_fee_indexation import NEW_FEE, monthly_engagement, schedule
from tests.pages.helpers import ACCESS_DENIED, button, column, titles

JOURNAL, INDEXATION = "pages/staff/sales_journal.py", "pages/staff/fee_indexation.py"


@pytest.fixture
def admin(firm, add_user, pin_app_clock):
    pin_app_clock(NOW)
    ready_to_invoice(firm)
    return add_user(Role.ADMIN, name="Claire Verger")


@pytest.fixture
def downloads(monkeypatch):
    offered = {}
    original = MediaFileManager.add

    def keep(self, path_or_data, mimetype, coordinates, file_name=None, **kwargs):
        offered[file_name] = path_or_data
        return original(self, path_or_data, mimetype, coordinates, file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add", keep)
    return offered


def open_page(open_app, user, page) -> AppTest:
    at = open_app(user.email, user.password, page)
    assert not at.exception, at.exception
    return at


def test_an_empty_journal_says_so(open_app, admin):
    at = open_page(open_app, admin, JOURNAL)
    assert titles(at) == ["Journal des ventes"]
    assert at.info[0].value.startswith("Aucune écriture en 2026.")


def test_the_entries_of_an_issued_invoice_are_listed_and_the_fec_file_is_offered(firm, open_app, admin, downloads):
    client = add_client(firm)
    invoice = issue(firm, new_draft(firm, client.id).id, renderer=OnePageRenderer()).invoice

    at = open_page(open_app, admin, JOURNAL)
    assert column(at, 0, "Compte") == ["411000", "706100", "706200", "445710", "467100"]
    assert set(column(at, 0, "N° d'écriture")) == {"VE000001"}
    assert set(column(at, 0, "Pièce")) == {invoice.document.number}
    at = button(at, "Préparer le fichier FEC").click().run()

    assert not at.error, [e.value for e in at.error]
    content = downloads[f"{firm.siren}FEC20261231.txt"]
    assert content.decode("iso-8859-15").split("\r\n")[0].split("\t") == list(HEADERS)
    assert f"{firm.siren}FEC20261231_description.txt" in downloads


def test_the_revision_table_then_the_revision_applied_after_confirmation(firm, open_app, admin):
    engagement_id, _ = monthly_engagement(firm)
    at = open_page(open_app, admin, INDEXATION)
    at.date_input(key="fee_indexation.date").set_value(date(2026, 11, 1)).run()

    assert titles(at) == ["Révision des honoraires"]
    assert column(at, 0, "S0") == ["322,2 (10/2025)"] and column(at, 0, "S1") == ["330,0 (09/2026)"]
    assert column(at, 0, "Nouveaux honoraires") == ["24\u202f581,01\xa0€"]
    at = button(at, "Appliquer la révision").click().run()
    assert [e.value for e in at.error] == ["Cochez la confirmation pour appliquer la révision."]
    assert schedule(firm, engagement_id)[1] == 2_400_000

    at.checkbox(key="fee_indexation.confirm").check()
    at = button(at, "Appliquer la révision").click().run()
    assert not at.error, [e.value for e in at.error]
    assert at.success[0].value == "Honoraires révisés : 1 lettre(s) de mission."
    assert schedule(firm, engagement_id)[1] == NEW_FEE
    assert column(at, 0, "Observation") == ["déjà révisé le 01/11/2026"]


@pytest.mark.parametrize("page", [JOURNAL, INDEXATION])
def test_a_collaborator_without_the_invoice_permission_is_kept_out(add_user, page_ctx, page):
    member = add_user(Role.COLLABORATOR)
    at = AppTest.from_file(str(ROOT / page), default_timeout=30)
    at.session_state["ctx"] = page_ctx(member.email)
    at.run()
    assert not at.exception
    assert [e.value for e in at.error] == [ACCESS_DENIED] and titles(at) == []
