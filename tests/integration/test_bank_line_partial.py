"""One bank line smaller than the invoices chosen for it, on SQLite and PostgreSQL: the oldest settled, the last
one paid in part once the user confirmed that split, nothing written on a refusal, and cancelling a payment of
the line gives its amount back to the line. Each invoice is the 1 341,90 € TTC one of invoices_support."""

import pytest

from domain.collections import queries, services
from domain.collections.model import BankLineStatus
from domain.errors import InvalidInput
from tests.integration.collections_support import collections_state, issued_invoice, ready_to_invoice, uow
from tests.integration.invoices_support import add_client
from tests.integration.test_bank_line_groups import TTC, balanced, bank_entries, import_lines, queued

LINE = 300_000  # 3 000,00 € for three invoices of 1 341,90 €: two settled, 316,20 € on the third
PART = LINE - 2 * TTC


@pytest.fixture
def three(firm):
    """The firm and three invoices of one client, oldest first, with a line naming them all."""
    ready_to_invoice(firm)
    client = add_client(firm)
    invoices = [issued_invoice(firm, client)[1] for _ in range(3)]
    label = "VIR FACT " + " ".join(i.document.number for i in invoices)
    line_id = import_lines(firm, (label, "3 000,00"))[label]
    return firm, invoices, line_id


def outstanding(firm, invoices) -> list[int]:
    return [queries.receivable(uow(firm), None, i.id).outstanding_cents for i in invoices]


def allocate(firm, line_id, invoices, confirmed=None):
    return services.allocate_bank_line(uow(firm), None, firm.container.clock, line_id, [i.id for i in invoices],
                                       confirmed=confirmed)


def test_the_named_invoices_are_suggested_and_paid_oldest_first_with_the_last_in_part_once_confirmed(three):
    firm, (first, second, third), line_id = three
    [group] = queued(firm, line_id).groups
    assert (group.invoice_ids, group.partial_number, group.total_cents) == (
        (first.id, second.id, third.id), third.document.number, LINE)

    before, entries = collections_state(firm), bank_entries(firm)
    with pytest.raises(InvalidInput, match=f"confirmez le paiement partiel de {third.document.number}"):
        allocate(firm, line_id, [third, first, second])  # not confirmed: nothing written
    assert (collections_state(firm), bank_entries(firm)) == (before, entries)

    payments = allocate(firm, line_id, [third, first, second], {first.id: TTC, second.id: TTC, third.id: PART})
    assert [(p.invoice_id, p.amount_cents, p.bank_line_id) for p in payments] == [
        (first.id, TTC, line_id), (second.id, TTC, line_id), (third.id, PART, line_id)]
    assert outstanding(firm, (first, second, third)) == [0, 0, TTC - PART]  # the third stays open for the rest
    assert queued(firm, line_id) is None
    with uow(firm) as u:
        line = u.collections.bank_line(line_id)
    assert (line.status, line.allocated_cents, line.payment_id) == (BankLineStatus.MATCHED, LINE, payments[0].id)
    assert balanced(bank_entries(firm))
    assert sum(x.debit_cents for e in bank_entries(firm) for x in e.lines if x.account == "512000") == LINE


def test_cancelling_the_partial_payment_then_a_whole_one_gives_their_amounts_back_to_the_line(three):
    firm, (first, second, third), line_id = three
    payments = allocate(firm, line_id, [first, second, third], {first.id: TTC, second.id: TTC, third.id: PART})

    services.cancel_payment(uow(firm), None, firm.container.clock, payments[2].id)
    back = queued(firm, line_id)
    assert (back.line.status, back.line.unallocated_cents, back.line.payment_id) == (
        BankLineStatus.TO_MATCH, PART, payments[0].id)
    assert outstanding(firm, (first, second, third)) == [0, 0, TTC]

    services.cancel_payment(uow(firm), None, firm.container.clock, payments[0].id)
    back = queued(firm, line_id)
    assert (back.line.unallocated_cents, back.line.payment_id) == (PART + TTC, payments[1].id)

    # What came back is allocated again: the first invoice in full, the third for the 316,20 € left.
    again = allocate(firm, line_id, [first, third], {first.id: TTC, third.id: PART})
    assert [(p.invoice_id, p.amount_cents) for p in again] == [(first.id, TTC), (third.id, PART)]
    assert queued(firm, line_id) is None and outstanding(firm, (first, second, third)) == [0, 0, TTC - PART]
    assert balanced(bank_entries(firm))


def test_an_invoice_the_line_cannot_reach_is_refused_by_name_and_nothing_is_written(three):
    firm, (first, second, third), _ = three
    short = import_lines(firm, ("VIR DUPAIN COURT", "2 683,79"))["VIR DUPAIN COURT"]  # a cent short of two
    before, entries = collections_state(firm), bank_entries(firm)
    with pytest.raises(InvalidInput, match=f"ne règle rien sur {third.document.number} :"):
        allocate(firm, short, [first, second, third], {first.id: TTC, second.id: TTC - 1, third.id: 0})
    assert (collections_state(firm), bank_entries(firm)) == (before, entries)
    assert outstanding(firm, (first, second, third)) == [TTC, TTC, TTC]


def test_a_split_changed_since_it_was_shown_is_refused(three):
    from datetime import date

    from domain.collections.model import PaymentInput

    firm, (first, second, third), line_id = three
    shown = {first.id: TTC, second.id: TTC, third.id: PART}
    # Someone records 100 € on the second invoice before the user confirms: the third would now get 416,20 €.
    services.record_payment(uow(firm), None, firm.container.clock, PaymentInput(second.id, date(2026, 11, 20), 10_000))
    before = collections_state(firm)
    with pytest.raises(InvalidInput, match="La répartition a changé"):
        allocate(firm, line_id, [first, second, third], shown)
    assert collections_state(firm) == before
    payments = allocate(firm, line_id, [first, second, third],
                        {first.id: TTC, second.id: TTC - 10_000, third.id: PART + 10_000})
    assert [p.amount_cents for p in payments] == [TTC, TTC - 10_000, PART + 10_000]
