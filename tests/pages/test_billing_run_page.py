"""The "Facturation du mois" page, driven as the firm's administrator on SQLite and PostgreSQL: the month's
proposal, drafts prepared, one excluded from the selection, the time billed adjusted with its reason, the
selection issued with the progress bar, a refused draft listed with its rule ids; and who is kept out."""

import pytest
from streamlit.testing.v1 import AppTest

from domain.access.model import Role
from domain.invoicing import runs
from domain.invoicing.billing import parse_period
from domain.invoicing.model import ConformityProblem
from domain.invoicing.records import InvoiceStatus
from tests.conftest import NOW, ROOT
from tests.integration.billing_support import billing_firm
from tests.integration.invoices_support import check_issued, uow
from tests.pages.helpers import ACCESS_DENIED, button, titles

PAGE = "pages/staff/billing_run.py"
NOVEMBER = parse_period("2026-11")


@pytest.fixture
def admin(firm, add_user, pin_app_clock):
    pin_app_clock(NOW)
    setup = billing_firm(firm)
    return add_user(Role.ADMIN, name="Claire Verger"), setup


def open_page(open_app, user) -> AppTest:
    at = open_app(user.email, user.password, PAGE)
    assert not at.exception, at.exception
    return at


def plain(text: str) -> str:
    return text.replace("\u202f", " ").replace("\xa0", " ")


def texts(at: AppTest) -> list[str]:
    return [plain(m.value) for m in at.markdown]


def run_rows(firm):
    return {r.invoice.buyer_name: r for r in runs.run_rows(uow(firm), None, NOVEMBER)}


def test_the_month_is_proposed_then_prepared_into_drafts(firm, open_app, admin):
    user, _ = admin
    at = open_page(open_app, user)

    assert titles(at) == ["Facturation du mois"]
    assert list(at.dataframe[0].value["Client"]) == ["Alpha Forfaits", "Bravo Temps", "Charlie Paie"]
    assert any("3 brouillon(s)" in m.value for m in at.markdown)
    at = button(at, "Préparer les brouillons").click().run()

    assert not at.error, [e.value for e in at.error]
    assert at.success[0].value == "3 brouillon(s) préparé(s) pour novembre 2026."
    assert at.info[0].value == "Rien de nouveau à préparer pour novembre 2026."
    assert len(run_rows(firm)) == 3


def test_the_selection_is_issued_with_a_progress_bar_and_an_excluded_draft_stays_a_draft(firm, open_app, admin):
    user, _ = admin
    runs.prepare_run(uow(firm), None, firm.container.clock, NOVEMBER)
    rows = run_rows(firm)
    at = open_page(open_app, user)
    [editor] = [e for e in at.data_editor if e.key.startswith("billing.table.")]
    excluded = next(i for i, row in enumerate(editor.value.to_dict("records")) if row["Client"] == "Charlie Paie")
    at.session_state[editor.key] = {"edited_rows": {str(excluded): {"Émettre": False}}, "deleted_rows": [],
                                    "added_rows": []}
    at.run()
    # 4 600 € of forfaits + 510 € of time; 20 % VAT → 6 132 € TTC.
    assert "Sélection : **2 brouillon(s)**, **5 110,00 € HT**, 6 132,00 € TTC." in texts(at)

    at = button(at, "Émettre la sélection").click().run()

    assert not at.error, [e.value for e in at.error]
    assert at.success[0].value.startswith("2 facture(s) émise(s), du n° F2026-00001 au n° F2026-00002")
    after = run_rows(firm)
    assert after["Charlie Paie"].invoice.status is InvoiceStatus.DRAFT
    for name in ("Alpha Forfaits", "Bravo Temps"):
        assert after[name].invoice.status is InvoiceStatus.ISSUED
        check_issued(firm, rows[name].invoice.id)


def test_the_time_billed_is_adjusted_with_its_reason(firm, open_app, admin):
    user, _ = admin
    runs.prepare_run(uow(firm), None, firm.container.clock, NOVEMBER)
    at = open_page(open_app, user)
    form = "billing.adjust"
    [amount] = [t for t in at.text_input if t.label == "Montant facturé HT (€)"]
    amount.set_value("450")
    at = button(at, "Enregistrer l'ajustement", form).click().run()
    assert [plain(e.value) for e in at.error] == [
        "Indiquez le motif de l'écart (-60,00 € par rapport au temps valorisé de 510,00 €)."]

    [reason] = [t for t in at.text_input if t.label == "Motif de l'écart"]
    reason.set_value("Geste commercial")
    at = button(at, "Enregistrer l'ajustement", form).click().run()

    assert not at.error, [e.value for e in at.error]
    [time] = run_rows(firm)["Bravo Temps"].time
    assert (time.billed_cents, time.adjustment_cents, time.reason) == (45_000, -6_000, "Geste commercial")
    assert run_rows(firm)["Bravo Temps"].invoice.ht_cents == 45_000


def test_a_refused_draft_shows_its_rule_ids_and_is_not_selected(firm, open_app, admin):
    user, _ = admin
    runs.prepare_run(uow(firm), None, firm.container.clock, NOVEMBER)
    refused = run_rows(firm)["Charlie Paie"].invoice.id
    with uow(firm) as u:
        u.invoices.set_problems(refused, (ConformityProblem("France (CTC)", "BR-FR-05", "La note PMT manque."),))
        u.commit()

    at = open_page(open_app, user)

    assert at.error[0].value.startswith("1 brouillon(s) refusé(s)")
    assert "- **BR-FR-05** : La note PMT manque." in [t.replace("\\", "") for t in texts(at)]
    assert any(m.value.startswith("Sélection : **2 brouillon(s)**") for m in at.markdown)


def test_a_collaborator_without_the_invoice_permission_is_kept_out(add_user, page_ctx):
    member = add_user(Role.COLLABORATOR)
    at = AppTest.from_file(str(ROOT / PAGE), default_timeout=30)
    at.session_state["ctx"] = page_ctx(member.email)
    at.run()
    assert not at.exception
    assert [e.value for e in at.error] == [ACCESS_DENIED] and titles(at) == []
