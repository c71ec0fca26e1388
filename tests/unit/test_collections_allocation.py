"""The split of a bank line among the invoices chosen for it (amounts worked out by hand)."""

from datetime import date
from decimal import Decimal

import pytest

from domain.collections.allocation import amounts, partial_share, preview, split_line
from domain.collections.model import Movement, Receivable
from domain.errors import InvalidInput


def invoice(invoice_id: int, cents: int, issued: date, paid: int = 0) -> Receivable:
    movements = (Movement(issued, paid, "paiement"),) if paid else ()
    return Receivable(invoice_id=invoice_id, number=f"F2026-{invoice_id:05d}", client_id=1, client_name="Dupain",
                      issue_date=issued, due_date=issued, due_cents=cents, late_penalty_rate=Decimal(10),
                      recovery_indemnity_cents=4_000, movements=movements)


# Three invoices of 600 €, given newest first: the split must still pay the oldest first.
THREE = [invoice(14, 60_000, date(2026, 10, 1)), invoice(12, 60_000, date(2026, 9, 1)),
         invoice(13, 60_000, date(2026, 9, 15))]


def test_a_line_smaller_than_the_invoices_settles_the_oldest_and_pays_the_last_in_part():
    shares = split_line(150_000, THREE)
    assert [(s.number, s.amount_cents, s.rest_cents) for s in shares] == [
        ("F2026-00012", 60_000, 0), ("F2026-00013", 60_000, 0), ("F2026-00014", 30_000, 30_000)]
    assert partial_share(shares) is shares[-1]
    assert amounts(shares) == {12: 60_000, 13: 60_000, 14: 30_000}
    assert preview(shares).replace("\u202f", " ") == (
        "Répartition : F2026-00012 : 600,00\xa0€ (soldée) ; F2026-00013 : 600,00\xa0€ (soldée) ; "
        "F2026-00014 : 300,00\xa0€ (partiel, reste 300,00\xa0€).")


def test_an_exact_total_settles_every_invoice_and_a_larger_line_leaves_its_rest_unallocated():
    exact = split_line(180_000, THREE)
    assert [s.amount_cents for s in exact] == [60_000] * 3 and partial_share(exact) is None
    larger = split_line(200_000, THREE)
    assert [s.amount_cents for s in larger] == [60_000] * 3 and partial_share(larger) is None


def test_one_cent_more_than_two_invoices_pays_one_cent_on_the_third():
    shares = split_line(120_001, THREE)
    assert [(s.invoice_id, s.amount_cents) for s in shares] == [(12, 60_000), (13, 60_000), (14, 1)]
    assert shares[-1].rest_cents == 59_999


def test_one_cent_short_of_the_two_oldest_leaves_the_third_unreached_and_refuses_the_choice():
    with pytest.raises(InvalidInput, match=r"La ligne ne règle rien sur F2026-00014 : ses 1\u202f199,99"):
        split_line(119_999, THREE)
    shares = split_line(119_999, THREE[1:])  # without it, the second oldest gets 599,99 €
    assert [(s.invoice_id, s.amount_cents, s.rest_cents) for s in shares] == [(12, 60_000, 0), (13, 59_999, 1)]


def test_every_invoice_the_line_cannot_reach_is_named():
    with pytest.raises(InvalidInput, match="ne règle rien sur F2026-00013, F2026-00014 :"):
        split_line(60_000, THREE)


def test_a_single_invoice_larger_than_the_line_gets_the_whole_line():
    [share] = split_line(25_000, [THREE[0]])
    assert (share.amount_cents, share.rest_cents, share.partial) == (25_000, 35_000, True)


def test_what_was_already_paid_on_an_invoice_is_not_asked_again():
    partly_paid = invoice(12, 60_000, date(2026, 9, 1), paid=45_000)  # 150 € still due
    shares = split_line(100_000, [THREE[0], partly_paid])
    assert [(s.invoice_id, s.amount_cents, s.rest_cents) for s in shares] == [(12, 15_000, 0), (14, 60_000, 0)]


def test_a_settled_invoice_or_a_line_with_nothing_left_is_refused():
    settled = invoice(11, 60_000, date(2026, 8, 1), paid=60_000)
    with pytest.raises(InvalidInput, match="Déjà soldée.*F2026-00011"):
        split_line(150_000, [settled, *THREE])
    with pytest.raises(InvalidInput, match="n'a plus rien à affecter"):
        split_line(0, THREE)
    assert split_line(150_000, []) == []
