"""The Encaissements and Relances pages, driven as the firm's administrator on a real database: a payment
typed in the form (and an overpayment refused), a bank line confirmed from the queue, late invoices with the
level due sent from the page, the aged balance; and who is kept out."""

from datetime import UTC, date, datetime

import pytest
from streamlit.testing.v1 import AppTest

from domain.access.model import Role
from domain.collections import queries, reminders, services
from domain.collections.model import BankMapping
from tests.conftest import NOW, ROOT
from tests.integration.collections_support import issued_invoice
from tests.integration.invoices_support import add_client, ready_to_invoice
from tests.pages.helpers import ACCESS_DENIED, button, column, titles

PAYMENTS, REMINDERS = "pages/staff/collections.py", "pages/staff/reminders.py"
TTC = 134_190  # the issued invoice: 1 341,90 € TTC


@pytest.fixture
def admin(firm, add_user):
    ready_to_invoice(firm)
    return add_user(Role.ADMIN, name="Claire Verger")


@pytest.fixture
def invoice(firm, admin):
    return issued_invoice(firm, add_client(firm))[1]


def outstanding(firm, invoice_id: int) -> int:
    return queries.receivable(firm.container.firm_uow(firm.firm_id), None, invoice_id).outstanding_cents


def open_page(open_app, user, page: str) -> AppTest:
    at = open_app(user.email, user.password, page)
    assert not at.exception, at.exception
    return at


@pytest.mark.parametrize("page", [PAYMENTS, REMINDERS])
def test_a_collaborator_without_the_invoice_permission_is_kept_out(add_user, page_ctx, page):
    member = add_user(Role.COLLABORATOR)
    at = AppTest.from_file(str(ROOT / page), default_timeout=30)
    at.session_state["ctx"] = page_ctx(member.email)
    at.run()
    assert not at.exception
    assert [e.value for e in at.error] == [ACCESS_DENIED] and titles(at) == []


def test_a_partial_payment_is_recorded_and_an_overpayment_refused(firm, open_app, pin_app_clock, admin, invoice):
    pin_app_clock(NOW)
    at = open_page(open_app, admin, PAYMENTS)
    assert titles(at) == ["Encaissements"]
    assert column(at, 0, "Facture") == [invoice.document.number]

    at.selectbox(key="collections.pay.invoice").select(invoice.id)
    at.text_input(key="collections.pay.amount").input("341,90")
    at = button(at, "Enregistrer le paiement").click().run()
    assert not at.error, [e.value for e in at.error]
    assert at.success[0].value.replace("\u202f", " ") == "Paiement de 341,90\xa0€ enregistré."
    assert outstanding(firm, invoice.id) == TTC - 34_190

    at.selectbox(key="collections.pay.invoice").select(invoice.id)
    at.text_input(key="collections.pay.amount").input("1 000,01")
    at = button(at, "Enregistrer le paiement").click().run()
    assert at.error[0].value.startswith("Le paiement (1")
    assert "dépasse le reste dû" in at.error[0].value
    assert outstanding(firm, invoice.id) == 100_000


def test_a_bank_line_is_confirmed_from_the_queue_with_its_suggested_invoice(firm, open_app, pin_app_clock, admin,
                                                                            invoice):
    pin_app_clock(NOW)
    c = firm.container
    csv = f"Date;Libellé;Montant\n20/11/2026;VIR {invoice.document.number};1341,90\n".encode()
    services.import_statement(c.firm_uow(firm.firm_id), None, c.clock, csv, BankMapping("BNP", "Date", "Libellé",
                                                                                          "Montant"))
    at = open_page(open_app, admin, PAYMENTS)
    [line] = queries.bank_lines(c.firm_uow(firm.firm_id), None)
    assert at.multiselect(key=f"collections.queue.{line.id}.invoices").value == [invoice.id]  # the suggestion
    at = button(at, "Confirmer le rapprochement").click().run()
    assert not at.error, [e.value for e in at.error]
    assert outstanding(firm, invoice.id) == 0
    assert at.info[-1].value == "Aucune ligne de relevé à rapprocher."


def test_one_bank_line_pays_two_invoices_chosen_together_and_an_invoice_it_cannot_reach_is_refused(
        firm, open_app, pin_app_clock, admin):
    pin_app_clock(NOW)
    c = firm.container
    client = add_client(firm)
    first, second, third = (issued_invoice(firm, client)[1] for _ in range(3))
    label = f"VIR FACT {first.document.number} {second.document.number}"
    csv = f"Date;Libellé;Montant\n20/11/2026;{label};2 683,80\n".encode()  # 2 × 1 341,90
    services.import_statement(c.firm_uow(firm.firm_id), None, c.clock, csv, BankMapping("BNP", "Date", "Libellé",
                                                                                          "Montant"))
    at = open_page(open_app, admin, PAYMENTS)
    [line] = queries.bank_lines(c.firm_uow(firm.firm_id), None)
    key = f"collections.queue.{line.id}"
    assert at.multiselect(key=f"{key}.invoices").value == [first.id, second.id]  # the group the label names
    assert "Total choisi : 2\u202f683,80\xa0€ pour 2\u202f683,80\xa0€ à affecter." in [x.value for x in at.caption]

    at = at.multiselect(key=f"{key}.invoices").select(third.id).run()  # the two oldest take the whole line
    refusal = (f"La ligne ne règle rien sur {third.document.number} : ses 2\u202f683,80\xa0€ à affecter sont "
               "épuisés par les factures plus anciennes choisies. Retirez-la(les) du choix.")
    assert [e.value for e in at.error] == [refusal]
    assert at.button(key=f"{key}.match").disabled
    assert [outstanding(firm, i.id) for i in (first, second, third)] == [TTC, TTC, TTC]

    at = at.multiselect(key=f"{key}.invoices").unselect(third.id).run()
    assert not at.error
    at = at.button(key=f"{key}.match").click().run()
    assert not at.error, [e.value for e in at.error]
    assert at.success[0].value == "Ligne rapprochée : 2 paiement(s) enregistré(s), 2\u202f683,80\xa0€ au total."
    assert [outstanding(firm, i.id) for i in (first, second, third)] == [0, 0, TTC]
    assert at.info[-1].value == "Aucune ligne de relevé à rapprocher."


def test_a_line_smaller_than_the_invoices_shows_its_split_and_pays_the_last_in_part_once_confirmed(
        firm, open_app, pin_app_clock, admin):
    pin_app_clock(NOW)
    c = firm.container
    client = add_client(firm)
    first, second, third = (issued_invoice(firm, client)[1] for _ in range(3))
    label = f"VIR FACT {first.document.number} {second.document.number} {third.document.number}"
    csv = f"Date;Libellé;Montant\n20/11/2026;{label};3 000,00\n".encode()  # 2 × 1 341,90 + 316,20
    services.import_statement(c.firm_uow(firm.firm_id), None, c.clock, csv, BankMapping("BNP", "Date", "Libellé",
                                                                                          "Montant"))
    at = open_page(open_app, admin, PAYMENTS)
    [line] = queries.bank_lines(c.firm_uow(firm.firm_id), None)
    key = f"collections.queue.{line.id}"
    assert at.multiselect(key=f"{key}.invoices").value == [first.id, second.id, third.id]  # the partial group
    captions = [x.value.replace("\u202f", " ") for x in at.caption]
    assert (f"Suggestion (paiement partiel de {third.document.number}) : {first.document.number} + "
            f"{second.document.number} + {third.document.number} (Boulangerie Dupain) = 3 000,00\xa0€.") in captions
    assert (f"Répartition : {first.document.number} : 1 341,90\xa0€ (soldée) ; {second.document.number} : "
            f"1 341,90\xa0€ (soldée) ; {third.document.number} : 316,20\xa0€ (partiel, reste 1 025,70\xa0€).") in captions
    [sure] = at.checkbox
    assert sure.label.replace("\u202f", " ") == (f"Je confirme le paiement partiel de {third.document.number} "
                                                 "(316,20\xa0€, reste dû 1 025,70\xa0€)")
    assert at.button(key=f"{key}.match").disabled and not at.error
    assert [outstanding(firm, i.id) for i in (first, second, third)] == [TTC, TTC, TTC]

    at = sure.check().run()
    at = at.button(key=f"{key}.match").click().run()
    assert not at.error, [e.value for e in at.error]
    assert at.success[0].value == "Ligne rapprochée : 3 paiement(s) enregistré(s), 3\u202f000,00\xa0€ au total."
    assert [outstanding(firm, i.id) for i in (first, second, third)] == [0, 0, TTC - 31_620]
    assert at.info[-1].value == "Aucune ligne de relevé à rapprocher."


def test_late_invoices_get_the_level_due_sent_from_the_page_and_appear_in_the_aged_balance(firm, open_app,
                                                                                           pin_app_clock, admin,
                                                                                           invoice):
    pin_app_clock(datetime(2027, 1, 19, 9, 0, tzinfo=UTC))  # 30 days after the due date (20/12/2026)
    at = open_page(open_app, admin, REMINDERS)
    assert titles(at) == ["Relances"]
    assert column(at, 0, "Facture") == [invoice.document.number]
    assert column(at, 0, "À envoyer") == ["Lettre de relance"] and column(at, 0, "Retard (j)") == [30]
    at = button(at, "Envoyer les 1 relance(s) dues").click().run()
    assert not at.error, [e.value for e in at.error]
    assert at.success[0].value.startswith("Relances au 19/01/2027 : 1 envoyée(s)")
    c = firm.container
    [sent] = reminders.history(c.firm_uow(firm.firm_id), None, invoice_id=invoice.id)
    assert (sent.level, sent.sent_on) == (2, date(2027, 1, 19))
    assert column(at, 0, "Dernière relance") == ["Lettre de relance"] and column(at, 0, "À envoyer") == ["—"]
    # Aged balance (second table of the page): 30 days late → the 0-30 bucket.
    assert column(at, 1, "0-30 j") == ["1\u202f341,90\xa0€"] and len(at.get("plotly_chart")) == 1
