"""Group suggestions: one bank credit paying several open invoices of one client (amounts worked out by hand)."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

from domain.collections import groups, matching
from domain.collections.model import BankLine, BankLineStatus, Receivable
from domain.collections.queries import QueuedLine

DUPAIN, MARTIN = 7, 8


def receivable(invoice_id: int, number: str, cents: int, issued: date, client_id: int = DUPAIN) -> Receivable:
    name = "Boulangerie Dupain SARL" if client_id == DUPAIN else "Garage Martin"
    return Receivable(invoice_id=invoice_id, number=number, client_id=client_id, client_name=name,
                      issue_date=issued, due_date=issued, due_cents=cents, late_penalty_rate=Decimal(10),
                      recovery_indemnity_cents=4_000)


def line(label: str, cents: int, allocated: int = 0) -> BankLine:
    return BankLine(1, "CA", date(2026, 11, 20), label, cents, "", BankLineStatus.TO_MATCH,
                    allocated_cents=allocated)


def suggest(bank_line: BankLine, receivables: list[Receivable]):
    return groups.suggest_groups(bank_line, groups.by_client(matching.candidates(receivables)))


def test_two_invoice_numbers_in_the_label_whose_total_is_the_amount_make_a_group():
    invoices = [receivable(12, "F2026-00012", 30_000, date(2026, 9, 1)),
                receivable(13, "F2026-00013", 9_900, date(2026, 9, 15)),
                receivable(15, "F2026-00015", 45_050, date(2026, 10, 1))]
    [group] = suggest(line("VIR FACT F2026-00012 F2026-00015", 75_050), invoices)  # 300,00 + 450,50
    assert (group.invoice_ids, group.total_cents, group.score) == ((12, 15), 75_050, 100 + 50)
    assert group.reasons == ("numéros F2026-00012, F2026-00015 dans le libellé",
                             "total de 2 factures égal au montant (750,50\u00a0€)")


def test_by_the_client_s_name_the_oldest_invoices_adding_up_to_the_amount_are_preferred():
    # 1 500,00 € = A + C (1 000 + 500) = B + D (700 + 800): the client usually pays the oldest first.
    invoices = [receivable(4, "F2026-00004", 80_000, date(2026, 4, 1)),
                receivable(1, "F2026-00001", 100_000, date(2026, 1, 5)),
                receivable(3, "F2026-00003", 50_000, date(2026, 3, 1)),
                receivable(2, "F2026-00002", 70_000, date(2026, 2, 1))]
    [group] = suggest(line("VIR SEPA BOULANGERIE DUPAIN NOVEMBRE", 150_000), invoices)
    assert (group.invoice_ids, group.numbers, group.score) == ((1, 3), ("F2026-00001", "F2026-00003"), 50 + 20)
    assert group.reasons[-1] == "nom du client « Boulangerie Dupain SARL »"


def test_numbers_in_the_label_win_over_older_invoices_with_the_same_total():
    invoices = [receivable(10, "F2026-00010", 40_000, date(2026, 1, 1)),
                receivable(11, "F2026-00011", 35_000, date(2026, 1, 2)),  # 400 + 350 = 750 too, and older
                receivable(12, "F2026-00012", 30_000, date(2026, 9, 1)),
                receivable(15, "F2026-00015", 45_000, date(2026, 10, 1))]
    [group] = suggest(line("DUPAIN FACT F2026-00015 ET F2026-00012", 75_000), invoices)
    assert (group.invoice_ids, group.score) == ((12, 15), 100 + 50 + 20)


def test_invoices_of_two_clients_are_never_grouped():
    invoices = [receivable(1, "F2026-00001", 100_000, date(2026, 1, 5)),
                receivable(2, "F2026-00002", 50_000, date(2026, 2, 1), client_id=MARTIN)]
    assert suggest(line("VIR BOULANGERIE DUPAIN GARAGE MARTIN", 150_000), invoices) == []


def test_the_search_covers_only_the_client_s_twelve_oldest_open_invoices():
    twelve = [receivable(i, f"F2026-{i:05d}", 1_000, date(2026, 1, i)) for i in range(1, 13)]
    newest = receivable(13, "F2026-00013", 555, date(2026, 6, 1))
    # 1 000 + 5,55 € would need the 13th: past the bound, no group; within the twelve, 3 × 10 € is found.
    assert suggest(line("DUPAIN", 1_555), [*twelve, newest]) == []
    [group] = suggest(line("DUPAIN", 3_000), [*twelve, newest])
    assert group.invoice_ids == (1, 2, 3)


def test_a_single_invoice_equal_to_the_amount_is_no_group_and_is_preferred_to_a_group_of_equal_score():
    invoices = [receivable(1, "F2026-00001", 150_000, date(2026, 1, 5)),
                receivable(2, "F2026-00002", 100_000, date(2026, 2, 1)),
                receivable(3, "F2026-00003", 50_000, date(2026, 3, 1))]
    bank_line = line("DUPAIN", 150_000)  # = invoice 1 alone (50 + 20) = invoices 2 + 3 (50 + 20)
    [group] = suggest(bank_line, invoices)
    singles = matching.suggest(bank_line, invoices)
    assert (group.invoice_ids, group.score, singles[0].invoice_id, singles[0].score) == ((2, 3), 70, 1, 70)
    assert QueuedLine(bank_line, tuple(singles), (group,)).proposed_invoice_ids == (1,)
    numbered = line("DUPAIN F2026-00002 F2026-00003", 150_000)  # the label names the two: the group wins
    assert QueuedLine(numbered, tuple(matching.suggest(numbered, invoices)),
                      tuple(suggest(numbered, invoices))).proposed_invoice_ids == (2, 3)


def test_a_name_word_shared_by_many_clients_suggests_no_group():
    invoices = [receivable(10 * c + k, f"F2026-{10 * c + k:05d}", 10_000, date(2026, 1, 1 + k), client_id=c)
                for c in range(1, 5) for k in range(2)]  # four clients, two invoices of 100 € each
    invoices = [replace(r, client_name=f"Boulangerie Numero{r.client_id}") for r in invoices]
    assert suggest(line("VIR BOULANGERIE", 20_000), invoices) == []  # four clients tie on "BOULANGERIE"
    [group] = suggest(line("VIR BOULANGERIE NUMERO3", 20_000), invoices)  # two words: client 3 only
    assert group.invoice_ids == (30, 31)


def test_a_line_partly_allocated_is_matched_on_what_it_has_left():
    invoices = [receivable(1, "F2026-00001", 20_000, date(2026, 1, 5)),
                receivable(2, "F2026-00002", 30_000, date(2026, 2, 1))]
    partly = line("DUPAIN", 80_000, allocated=30_000)  # 800 € − 300 € already on another invoice = 500 €
    [group] = suggest(partly, invoices)
    assert group.invoice_ids == (1, 2)
    only_whole = replace(partly, allocated_cents=0)
    assert suggest(only_whole, invoices) == []


def test_named_invoices_above_the_line_are_suggested_with_the_last_one_paid_in_part():
    invoices = [receivable(14, "F2026-00014", 60_000, date(2026, 10, 1)),
                receivable(12, "F2026-00012", 60_000, date(2026, 9, 1)),
                receivable(13, "F2026-00013", 60_000, date(2026, 9, 15)),
                receivable(9, "F2026-00009", 70_000, date(2026, 6, 1))]  # not named: never in the partial group
    bank_line = line("VIR F2026-00014 F2026-00012 F2026-00013", 150_000)
    [group] = suggest(bank_line, invoices)  # no exact group: 600 + 600 + 600 and 700 + 600 + … never give 1 500
    assert (group.invoice_ids, group.total_cents, group.partial_number) == ((12, 13, 14), 150_000, "F2026-00014")
    assert [r.replace("\u202f", " ") for r in group.reasons] == [
        "numéros F2026-00012, F2026-00013, F2026-00014 dans le libellé",
        "paiement partiel de F2026-00014 (300,00\xa0€ sur 600,00\xa0€, reste 300,00\xa0€)"]
    singles = matching.suggest(bank_line, invoices)  # each named invoice alone: its number only
    assert group.score < 100 + 50 and group.score > max(s.score for s in singles)
    assert QueuedLine(bank_line, tuple(singles), (group,)).proposed_invoice_ids == (12, 13, 14)


def test_no_partial_group_from_the_name_alone_nor_when_the_line_cannot_reach_a_named_invoice():
    invoices = [receivable(12, "F2026-00012", 60_000, date(2026, 9, 1)),
                receivable(13, "F2026-00013", 60_000, date(2026, 9, 15)),
                receivable(14, "F2026-00014", 60_000, date(2026, 10, 1))]
    assert suggest(line("VIR BOULANGERIE DUPAIN", 150_000), invoices) == []
    assert suggest(line("VIR F2026-00012 F2026-00013 F2026-00014", 110_000), invoices) == []  # 14 gets nothing
    [exact] = suggest(line("VIR F2026-00012 F2026-00013", 120_000), invoices)  # exact: no partial reading
    assert (exact.invoice_ids, exact.partial_number) == ((12, 13), "")
    [one_cent] = suggest(line("VIR F2026-00012 F2026-00013", 60_001), invoices)
    assert (one_cent.invoice_ids, one_cent.partial_number, one_cent.total_cents) == ((12, 13), "F2026-00013", 60_001)
