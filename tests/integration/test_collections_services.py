"""Payments, bank statement import and matching, aged balance and reminders on SQLite and PostgreSQL.
Amounts are computed by hand in each test from the invoice of 1 341,90 € TTC (450 + 300 + 325 € at 20 %
= 1 290 € TTC, plus 51,90 € of débours)."""

import io
from datetime import date, timedelta
from decimal import Decimal

import pypdf
import pytest

from domain.audit import Action
from domain.collections import queries, reminders, services
from domain.collections.model import BankLineStatus, BankMapping, PaymentInput, PaymentMethod
from domain.errors import InvalidInput, NotFound
from domain.invoicing import services as invoicing
from tests.integration.collections_support import collections_state, issued_invoice, ready_to_invoice, uow
from tests.integration.invoices_support import OnePageRenderer, add_client, new_draft
from tests.integration.support import audit_of, outbox_of

TODAY = date(2026, 11, 20)
DUE = date(2026, 12, 20)  # 30 days after the issue
TTC = 134_190


@pytest.fixture
def billing(firm):
    ready_to_invoice(firm)
    return firm


def outstanding(firm, invoice_id: int) -> int:
    return queries.receivable(uow(firm), None, invoice_id).outstanding_cents


def pay(firm, invoice_id: int, cents: int, on: date = TODAY, method=PaymentMethod.TRANSFER):
    return services.record_payment(uow(firm), None, firm.container.clock, PaymentInput(invoice_id, on, cents, method))


# --- payments ----------------------------------------------------------------------------------------------

def test_partial_payments_lower_the_outstanding_amount_until_the_invoice_is_settled(billing):
    _, invoice = issued_invoice(billing)
    pay(billing, invoice.id, 40_000, method=PaymentMethod.CHEQUE)
    assert outstanding(billing, invoice.id) == TTC - 40_000 == 94_190
    pay(billing, invoice.id, 94_190)
    assert outstanding(billing, invoice.id) == 0
    assert [p.amount_cents for p in queries.payments(uow(billing), None, invoice_id=invoice.id)] == [94_190, 40_000]
    [last, first] = audit_of(billing.container, billing.firm_id, Action.PAYMENT_RECORD)
    assert first.details["reste dû"].replace("\u202f", " ") == "941,90\xa0€"
    assert last.details["reste dû"].startswith("0,00")
    with pytest.raises(InvalidInput, match="déjà soldée"):
        pay(billing, invoice.id, 1)


def test_a_payment_above_the_outstanding_amount_is_refused_and_writes_nothing(billing):
    _, invoice = issued_invoice(billing)
    pay(billing, invoice.id, 100_000)
    before = collections_state(billing)
    with pytest.raises(InvalidInput, match="dépasse le reste dû"):
        pay(billing, invoice.id, 34_191)  # 1 cent more than the 341,90 € left
    assert collections_state(billing) == before


def test_a_credit_note_reduces_what_the_invoice_still_asks_for(billing):
    _, invoice = issued_invoice(billing)
    invoicing.credit_invoice(uow(billing), None, billing.container.clock, OnePageRenderer(),
                             billing.container.einvoicing, invoice.id, positions=[3])  # 325 € HT + 20 % = 390 €
    assert outstanding(billing, invoice.id) == TTC - 39_000 == 95_190


def test_a_draft_a_future_date_or_a_zero_amount_cannot_be_paid(billing):
    client, invoice = issued_invoice(billing)
    draft = new_draft(billing, client.id)
    with pytest.raises(NotFound):
        pay(billing, draft.id, 1_000)
    with pytest.raises(InvalidInput, match="dans le futur"):
        pay(billing, invoice.id, 1_000, on=TODAY + timedelta(days=1))
    with pytest.raises(InvalidInput, match="positif"):
        pay(billing, invoice.id, 0)


def test_a_cancelled_payment_counts_no_more_and_stays_in_the_history(billing):
    _, invoice = issued_invoice(billing)
    payment = pay(billing, invoice.id, 50_000)
    cancelled = services.cancel_payment(uow(billing), None, billing.container.clock, payment.id)
    assert cancelled.is_cancelled and outstanding(billing, invoice.id) == TTC
    assert [p.id for p in queries.payments(uow(billing), None, invoice_id=invoice.id)] == [payment.id]
    assert len(audit_of(billing.container, billing.firm_id, Action.PAYMENT_CANCEL)) == 1
    with pytest.raises(InvalidInput, match="déjà annulé"):
        services.cancel_payment(uow(billing), None, billing.container.clock, payment.id)


def test_another_firm_cannot_pay_or_see_an_invoice(billing, make_firm):
    _, invoice = issued_invoice(billing)
    other = make_firm("Autre cabinet")
    with pytest.raises(NotFound):
        pay(other, invoice.id, 1_000)
    assert queries.open_invoices(uow(other), None) == []


# --- bank statements ------------------------------------------------------------------------------------------

MAPPING = BankMapping("Banque Populaire", "Date", "Libellé", "Montant")


def statement_csv(number: str) -> bytes:
    return ("Date;Libellé;Montant\n"
            f"20/11/2026;VIR SEPA BOULANGERIE DUPAIN REF {number};1 341,90\n"
            "20/11/2026;VIR INCONNU;12,00\n"
            "19/11/2026;PRLV SEPA LOYER;-1 500,00\n").encode()


def test_a_statement_is_imported_once_matched_by_number_and_amount_and_the_rest_queued(billing):
    _, invoice = issued_invoice(billing)
    number = invoice.document.number
    report = services.import_statement(uow(billing), None, billing.container.clock, statement_csv(number), MAPPING)
    assert (report.added, report.duplicates, report.debits_skipped) == (2, 0, 1)
    again = services.import_statement(uow(billing), None, billing.container.clock, statement_csv(number), MAPPING)
    assert (again.added, again.duplicates) == (0, 2)
    assert queries.bank_mappings(uow(billing), None) == [MAPPING]

    queue = {q.line.amount_cents: q for q in queries.matching_queue(uow(billing), None)}
    assert set(queue) == {TTC, 1_200}
    best = queue[TTC].suggestions[0]
    assert (best.invoice_id, best.score) == (invoice.id, 100 + 50 + 20)  # number, amount, client name
    assert queue[1_200].suggestions == ()

    payment = services.match_bank_line(uow(billing), None, billing.container.clock, queue[TTC].line.id, invoice.id)
    assert (payment.paid_on, payment.amount_cents) == (TODAY, TTC)
    assert outstanding(billing, invoice.id) == 0
    services.ignore_bank_line(uow(billing), None, billing.container.clock, queue[1_200].line.id)
    assert queries.matching_queue(uow(billing), None) == []

    services.cancel_payment(uow(billing), None, billing.container.clock, payment.id)  # back to the queue
    [back] = queries.matching_queue(uow(billing), None)
    assert (back.line.id, back.line.status, back.line.payment_id) == (queue[TTC].line.id, BankLineStatus.TO_MATCH, None)


def test_a_bad_statement_writes_nothing_not_even_the_mapping(billing):
    before = collections_state(billing)
    bad = b"Date;Libell\xc3\xa9;Montant\n18/11/2026;VIR;12,00\n2026-13-45;VIR;3,00\n"
    with pytest.raises(InvalidInput, match="Ligne 3 du fichier"):
        services.import_statement(uow(billing), None, billing.container.clock, bad, MAPPING)
    with pytest.raises(InvalidInput, match="Nom de la banque"):
        services.import_statement(uow(billing), None, billing.container.clock, statement_csv("X"),
                                  BankMapping("", "Date", "Libellé", "Montant"))
    assert collections_state(billing) == before


def test_a_matched_line_larger_than_the_invoice_pays_what_it_owes_and_keeps_the_rest_in_the_queue(billing):
    _, invoice = issued_invoice(billing)
    pay(billing, invoice.id, 100_000)
    services.import_statement(uow(billing), None, billing.container.clock, statement_csv("Z"), MAPPING)
    line = next(q.line for q in queries.matching_queue(uow(billing), None) if q.line.amount_cents == TTC)
    payment = services.match_bank_line(uow(billing), None, billing.container.clock, line.id, invoice.id)
    assert payment.amount_cents == 34_190  # never above the outstanding: 1 341,90 − 1 000,00
    assert queries.receivable(uow(billing), None, invoice.id).outstanding_cents == 0
    rest = next(q.line for q in queries.matching_queue(uow(billing), None) if q.line.id == line.id)
    assert (rest.status, rest.unallocated_cents) == (BankLineStatus.TO_MATCH, 100_000)


# --- aged balance --------------------------------------------------------------------------------------------

def test_the_aged_balance_puts_each_client_s_unpaid_amount_in_its_bucket(billing):
    dupain, first = issued_invoice(billing)
    _, _second = issued_invoice(billing, dupain)
    martin, third = issued_invoice(billing, add_client(billing, "Garage Martin", "compta@martin.fr"))
    pay(billing, first.id, 34_190)
    pay(billing, third.id, TTC)
    # On 03/02/2027 the invoices due on 20/12/2026 are 45 days late: 31-60 days.
    [row] = queries.aged_balance(uow(billing), None, date(2027, 2, 3))
    assert (row.client_id, row.cents["31-60 j"], row.total_cents) == (dupain.id, 100_000 + TTC, 234_190)
    [not_due] = queries.aged_balance(uow(billing), None, TODAY)
    assert not_due.cents["Non échu"] == 234_190 and martin.id != not_due.client_id


# --- reminders ------------------------------------------------------------------------------------------------

RATES = {(2026, 1): Decimal("2.62"), (2026, 2): Decimal("3.00"), (2027, 1): Decimal("5.00")}


def test_send_reminders_sends_the_due_level_once_with_penalties_by_half_year_and_stops_when_paid(billing):
    clock = billing.container.clock
    reminders.save_legal_rates(uow(billing), None, clock, RATES)
    _, invoice = issued_invoice(billing)
    pay(billing, invoice.id, 34_190)  # 1 000,00 € left
    clock.advance(days=60)  # 19/01/2027: 30 days after the due date (11 in December, 19 in January)
    assert clock.today() == date(2027, 1, 19)

    report = reminders.send_due_reminders(uow(billing), None, clock, OnePageRenderer())
    assert len(report.sent) == 1 and report.errors == ()
    [sent] = reminders.history(uow(billing), None, invoice_id=invoice.id)
    # Only level 2 (the letter at due + 30); level 1 (due + 7) is skipped, never sent afterwards.
    # 21/12–31/12/2026, 11 days: 3 × 3,00 % = 9 % < 12,15 % contractual → 1 000 × 12,15 % × 11 / 365 = 3,66 €
    # 01/01–19/01/2027, 19 days: 3 × 5,00 % = 15 % > 12,15 % → 1 000 × 15 % × 19 / 365 = 7,808… → 7,81 €
    assert (sent.level, sent.principal_cents, sent.penalty_cents, sent.indemnity_cents) == (2, 100_000, 1_147, 4_000)
    [mail] = [m for m in outbox_of(billing.container, billing.firm_id) if "Lettre de relance" in m["subject"]]
    assert mail["recipient"] == "compta@dupain.fr"

    again = reminders.send_due_reminders(uow(billing), None, clock, OnePageRenderer())
    assert again.sent == () and len(reminders.history(uow(billing), None, invoice_id=invoice.id)) == 1
    with pytest.raises(InvalidInput, match="déjà reçu le niveau 2"):
        reminders.send_reminder(uow(billing), None, clock, OnePageRenderer(), invoice.id, 1)

    pay(billing, invoice.id, 100_000, on=date(2027, 1, 19))
    clock.advance(days=15)  # 45 days late: the mise en demeure would be due, but nothing is owed
    assert reminders.send_due_reminders(uow(billing), None, clock, OnePageRenderer()).sent == ()


def test_the_letter_pdf_states_principal_penalties_and_indemnity(billing):
    clock = billing.container.clock
    _, invoice = issued_invoice(billing)
    clock.advance(days=75)  # 03/02/2027, 45 days late
    # No rates saved: DOMAIN.md §2g (2026 H2 and 2027 H1 unknown → 2026 H1's 2,62 %, floor 7,86 % < 12,15 %).
    # 45 days at 12,15 % on 1 341,90 €: 1 341,90 × 12,15 % × 45 / 365 = 20,101… → 11 days 4,91 + 34 days 15,19
    # (each half-year rounded: 1 341,90 × 12,15 % × 11 / 365 = 4,913… → 4,91 ; × 34 / 365 = 15,187… → 15,19)
    from data.documents import WeasyPrintRenderer

    pdf = reminders.preview_letter(uow(billing), None, WeasyPrintRenderer(), invoice.id, 3, clock.today())
    text = " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    flat = " ".join(text.replace("\u202f", " ").replace("\xa0", " ").split())
    for expected in ("Mise en demeure", invoice.document.number, "1 341,90 €", "4,91 €", "15,19 €", "20,10 €",
                     "40,00 €", "1 402,00 €"):
        assert expected in flat, expected
    assert reminders.history(uow(billing), None, invoice_id=invoice.id) == []  # a preview records nothing


def test_legal_rates_and_levels_are_for_administrators_to_change(billing):
    clock = billing.container.clock
    assert reminders.legal_rates(uow(billing), None)[(2026, 1)] == Decimal("2.62")
    with pytest.raises(InvalidInput, match="entre 0 et 30"):
        reminders.save_legal_rates(uow(billing), None, clock, {(2026, 2): Decimal(45)})
    levels = reminders.reminder_levels(uow(billing), None)
    assert [(lv.level, lv.days_after_due) for lv in levels] == [(1, 7), (2, 30), (3, 45)]
    with pytest.raises(InvalidInput, match="même nombre de jours"):
        reminders.save_reminder_levels(uow(billing), None, clock, [levels[0], levels[0]])
    assert len(audit_of(billing.container, billing.firm_id, Action.LEGAL_RATES_CHANGE)) == 0
