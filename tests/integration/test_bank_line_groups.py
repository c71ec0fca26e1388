"""One bank line paying several invoices, on SQLite and PostgreSQL: a payment per invoice (oldest first, same
date, method and reference), the line's rest kept in the queue, the ledger balanced, nothing written on a
refused choice. Each invoice is the 1 341,90 € TTC one of invoices_support."""

from datetime import date

import pytest

from domain.accounting.model import Journal
from domain.collections import queries, services
from domain.collections.model import BankLineStatus, BankMapping, PaymentMethod
from domain.errors import InvalidInput
from tests.integration.collections_support import collections_state, issued_invoice, ready_to_invoice, uow
from tests.integration.invoices_support import add_client

TODAY = date(2026, 11, 20)
TTC = 134_190
MAPPING = BankMapping("Banque Populaire", "Date", "Libellé", "Montant")


@pytest.fixture
def billing(firm):
    ready_to_invoice(firm)
    return firm


def import_lines(firm, *lines: tuple[str, str]) -> dict[str, int]:
    """Import (label, amount) credits dated today; their ids by label."""
    csv = "Date;Libellé;Montant\n" + "".join(f"20/11/2026;{label};{amount}\n" for label, amount in lines)
    services.import_statement(uow(firm), None, firm.container.clock, csv.encode(), MAPPING)
    return {q.line.label: q.line.id for q in queries.matching_queue(uow(firm), None)}


def queued(firm, line_id: int):
    return next((q for q in queries.matching_queue(uow(firm), None) if q.line.id == line_id), None)


def bank_entries(firm) -> list:
    with uow(firm) as u:
        return u.ledger.entries(date(2026, 1, 1), date(2026, 12, 31), Journal.BANK)


def balanced(entries) -> bool:
    return all(sum(x.debit_cents for x in e.lines) == sum(x.credit_cents for x in e.lines) for e in entries)


def test_one_line_pays_two_invoices_named_in_its_label_with_one_payment_each(billing):
    client = add_client(billing)
    _, first = issued_invoice(billing, client)
    _, second = issued_invoice(billing, client)
    label = f"VIR FACT {first.document.number} {second.document.number}"
    ids = import_lines(billing, (label, "2 683,80"))  # 2 × 1 341,90

    [item] = queries.matching_queue(uow(billing), None)
    [group] = item.groups
    assert (group.invoice_ids, group.total_cents, group.score) == ((first.id, second.id), 2 * TTC, 100 + 50)

    payments = services.allocate_bank_line(uow(billing), None, billing.container.clock, ids[label],
                                           [second.id, first.id], PaymentMethod.TRANSFER)
    assert [(p.invoice_id, p.amount_cents, p.paid_on, p.method, p.reference, p.bank_line_id) for p in payments] == [
        (first.id, TTC, TODAY, PaymentMethod.TRANSFER, label, ids[label]),  # the oldest (lower id, same day) first
        (second.id, TTC, TODAY, PaymentMethod.TRANSFER, label, ids[label])]
    assert [queries.receivable(uow(billing), None, i).outstanding_cents for i in (first.id, second.id)] == [0, 0]
    assert queries.matching_queue(uow(billing), None) == []
    with uow(billing) as u:
        line = u.collections.bank_line(ids[label])
    assert (line.status, line.allocated_cents, line.payment_id) == (BankLineStatus.MATCHED, 2 * TTC, payments[0].id)

    entries = bank_entries(billing)  # one 512/411 entry per payment, each balanced
    aux = f"411{client.id:05d}"
    assert [[(x.account, x.aux_account, x.debit_cents, x.credit_cents) for x in e.lines] for e in entries] == [
        [("512000", "", TTC, 0), ("411000", aux, 0, TTC)]] * 2
    assert balanced(entries)


def test_a_line_larger_than_the_invoices_chosen_keeps_its_rest_in_the_queue(billing):
    client = add_client(billing)
    _, invoice = issued_invoice(billing, client)
    _, other = issued_invoice(billing, client)
    ids = import_lines(billing, ("VIR BOULANGERIE DUPAIN", "1 441,90"))  # 1 341,90 + 100,00
    line_id = ids["VIR BOULANGERIE DUPAIN"]

    [payment] = services.allocate_bank_line(uow(billing), None, billing.container.clock, line_id, [invoice.id])
    assert payment.amount_cents == TTC
    rest = queued(billing, line_id)
    assert (rest.line.status, rest.line.allocated_cents, rest.line.unallocated_cents) == (
        BankLineStatus.TO_MATCH, TTC, 10_000)

    # The 100 € left pay part of the other invoice (a single invoice larger than the rest: a partial payment).
    [partial] = services.allocate_bank_line(uow(billing), None, billing.container.clock, line_id, [other.id])
    assert partial.amount_cents == 10_000
    assert queries.receivable(uow(billing), None, other.id).outstanding_cents == TTC - 10_000
    assert queued(billing, line_id) is None  # fully allocated: matched

    services.cancel_payment(uow(billing), None, billing.container.clock, payment.id)  # 1 341,90 € free again
    back = queued(billing, line_id)
    assert (back.line.status, back.line.unallocated_cents, back.line.payment_id) == (
        BankLineStatus.TO_MATCH, TTC, partial.id)
    assert [s.invoice_id for s in back.suggestions][:1] == [invoice.id]  # the amount equals its outstanding again
    assert balanced(bank_entries(billing))
    assert sum(x.debit_cents for e in bank_entries(billing) for x in e.lines if x.account == "512000") - sum(
        x.credit_cents for e in bank_entries(billing) for x in e.lines if x.account == "512000") == 10_000


def test_a_choice_whose_total_exceeds_the_line_is_refused_and_writes_nothing(billing):
    client = add_client(billing)
    _, first = issued_invoice(billing, client)
    _, second = issued_invoice(billing, client)
    ids = import_lines(billing, ("VIR DUPAIN", "2 683,79"))  # one cent short of the two invoices
    before, entries = collections_state(billing), bank_entries(billing)
    with pytest.raises(InvalidInput, match=r"dépasse le montant à affecter de la ligne \(2\u202f683,79"):
        services.allocate_bank_line(uow(billing), None, billing.container.clock, ids["VIR DUPAIN"],
                                    [first.id, second.id])
    with pytest.raises(InvalidInput, match="au moins une facture"):
        services.allocate_bank_line(uow(billing), None, billing.container.clock, ids["VIR DUPAIN"], [])
    assert collections_state(billing) == before
    assert bank_entries(billing) == entries
    assert [queries.receivable(uow(billing), None, i).outstanding_cents for i in (first.id, second.id)] == [TTC, TTC]


def test_a_settled_invoice_in_the_choice_refuses_the_whole_allocation(billing):
    client = add_client(billing)
    _, first = issued_invoice(billing, client)
    _, second = issued_invoice(billing, client)
    ids = import_lines(billing, ("VIR A", "1 341,90"), ("VIR B", "2 683,80"))
    services.allocate_bank_line(uow(billing), None, billing.container.clock, ids["VIR A"], [first.id])
    before = collections_state(billing)
    with pytest.raises(InvalidInput, match=f"Déjà soldée.*{first.document.number}"):
        services.allocate_bank_line(uow(billing), None, billing.container.clock, ids["VIR B"],
                                    [first.id, second.id])
    assert collections_state(billing) == before


def test_the_rest_of_a_line_may_be_ignored_and_comes_back_when_one_of_its_payments_is_cancelled(billing):
    client = add_client(billing)
    _, invoice = issued_invoice(billing, client)
    ids = import_lines(billing, ("VIR DUPAIN ET FRAIS", "1 400,00"))  # 1 341,90 + 58,10 of something else
    line_id = ids["VIR DUPAIN ET FRAIS"]
    [payment] = services.allocate_bank_line(uow(billing), None, billing.container.clock, line_id, [invoice.id])
    services.ignore_bank_line(uow(billing), None, billing.container.clock, line_id)  # the 58,10 € left aside
    assert queued(billing, line_id) is None
    assert queries.receivable(uow(billing), None, invoice.id).outstanding_cents == 0

    services.cancel_payment(uow(billing), None, billing.container.clock, payment.id)
    back = queued(billing, line_id)  # the whole credit is unallocated again: back in the queue
    assert (back.line.status, back.line.unallocated_cents, back.line.payment_id) == (
        BankLineStatus.TO_MATCH, 140_000, None)


def test_another_firm_cannot_allocate_a_line_or_pay_with_it(billing, make_firm):
    from domain.errors import NotFound

    client = add_client(billing)
    _, invoice = issued_invoice(billing, client)
    ids = import_lines(billing, ("VIR DUPAIN", "1 341,90"))
    other = make_firm("Autre cabinet")
    with pytest.raises(NotFound, match="Ligne de relevé introuvable"):
        services.allocate_bank_line(uow(other), None, other.container.clock, ids["VIR DUPAIN"], [invoice.id])
    assert queued(billing, ids["VIR DUPAIN"]).line.allocated_cents == 0
