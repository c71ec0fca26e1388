"""Posting rules and the FEC format, with expected figures worked out by hand (no database)."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from domain.accounting import fec
from domain.accounting.model import Journal, LedgerLine, UnbalancedEntry
from domain.accounting.posting import invoice_entry, payment_entries, rate_label
from domain.invoicing.model import InvoiceKind, InvoiceLine, LineKind, Unit
from tests.invoicing_support import monthly_invoice

FEE = InvoiceLine("Forfait annuel – révision des comptes", Decimal(1), 123_456)  # 1 234,56 € at 20 %
TRAINING = InvoiceLine("Formation logiciel", Decimal("2.5"), 13_000, Decimal("5.50"), unit=Unit.HOUR,
                       kind=LineKind.EXTRA)  # 2,5 h × 130,00 € = 325,00 € at 5,5 %
GREFFE = InvoiceLine("Frais de greffe", Decimal(1), 5_190, Decimal(0), kind=LineKind.DISBURSEMENT)  # 51,90 €


def two_rates_invoice(**changes):
    return monthly_invoice(**{"number": "F2026-00042", "issue_date": date(2026, 11, 30),
                              "lines": (FEE, TRAINING, GREFFE), **changes})


def as_rows(entry):
    return [(item.account, item.aux_account, item.debit_cents, item.credit_cents) for item in entry.lines]


def test_an_invoice_with_two_vat_rates_and_a_disbursement_posts_this_entry():
    # By hand: VAT 20 % of 1 234,56 = 246,912 → 246,91; VAT 5,5 % of 325,00 = 17,875 → 17,88 (half up);
    # TTC = 1 234,56 + 325,00 + 51,90 + 246,91 + 17,88 = 1 876,25.
    entry = invoice_entry(two_rates_invoice(), invoice_id=9, client_id=7)

    assert entry.journal is Journal.SALES
    assert (entry.entry_date, entry.piece_ref, entry.piece_date) == (date(2026, 11, 30), "F2026-00042",
                                                                     date(2026, 11, 30))
    assert as_rows(entry) == [
        ("411000", "41100007", 187_625, 0),
        ("706100", "", 0, 123_456),
        ("706200", "", 0, 32_500),
        ("445710", "", 0, 24_691),
        ("445710", "", 0, 1_788),
        ("467100", "", 0, 5_190),
    ]
    assert entry.lines[0].aux_label == "Boulangerie Dupain SARL"
    assert [item.label for item in entry.lines[3:5]] == [
        "Facture F2026-00042 – Boulangerie Dupain SARL – TVA 20 %",
        "Facture F2026-00042 – Boulangerie Dupain SARL – TVA 5,5 %"]
    assert entry.debit_cents == entry.credit_cents == 187_625


def test_a_credit_note_posts_the_same_lines_on_the_opposite_sides():
    note = two_rates_invoice(kind=InvoiceKind.CREDIT_NOTE, number="AV2026-00003", preceding_number="F2026-00042")
    entry = invoice_entry(note, invoice_id=10, client_id=7)

    assert as_rows(entry) == [
        ("411000", "41100007", 0, 187_625),
        ("706100", "", 123_456, 0),
        ("706200", "", 32_500, 0),
        ("445710", "", 24_691, 0),
        ("445710", "", 1_788, 0),
        ("467100", "", 5_190, 0),
    ]
    assert entry.label == "Avoir AV2026-00003 – Boulangerie Dupain SARL"


def test_lines_of_zero_are_left_out_and_a_discount_line_moves_to_the_other_side():
    discount = InvoiceLine("Remise exceptionnelle", Decimal(1), -10_000)  # −100,00 € HT at 20 %
    entry = invoice_entry(two_rates_invoice(lines=(FEE, discount)), invoice_id=1, client_id=1)
    # fees 1 234,56 − 100,00 = 1 134,56; VAT 226,912 → 226,91; TTC 1 361,47
    assert as_rows(entry) == [("411000", "41100001", 136_147, 0), ("706100", "", 0, 113_456),
                              ("445710", "", 0, 22_691)]


def test_an_invoice_of_zero_posts_nothing():
    free = InvoiceLine("Geste commercial", Decimal(1), 0)
    assert invoice_entry(two_rates_invoice(lines=(free,)), invoice_id=1, client_id=1) is None


def test_a_payment_debits_the_bank_and_credits_the_client_account():
    [entry] = payment_entries(payment_id=3, client_id=7, client_name="Boulangerie Dupain SARL", amount_cents=100_000,
                              paid_on=date(2026, 12, 10), posted_on=date(2026, 12, 12), reference="VIR 8841",
                              invoice_id=9, invoice_number="F2026-00042", method="virement")
    assert entry.journal is Journal.BANK
    assert as_rows(entry) == [("512000", "", 100_000, 0), ("411000", "41100007", 0, 100_000)]
    assert (entry.entry_date, entry.piece_date, entry.piece_ref) == (date(2026, 12, 12), date(2026, 12, 10),
                                                                     "VIR 8841")
    assert entry.label == "Règlement F2026-00042 (virement) – Boulangerie Dupain SARL"


def test_a_refund_reverses_the_payment_entry_and_a_payment_of_zero_posts_nothing():
    [refund] = payment_entries(payment_id=4, client_id=7, client_name="X", amount_cents=-2_500, paid_on=date(2026, 12, 1),
                               posted_on=date(2026, 12, 1), reference="")
    assert as_rows(refund) == [("512000", "", 0, 2_500), ("411000", "41100007", 2_500, 0)]
    assert refund.piece_ref == "PAIEMENT-4"
    assert payment_entries(payment_id=5, client_id=7, client_name="X", amount_cents=0, paid_on=date(2026, 12, 1),
                           posted_on=date(2026, 12, 1), reference="") == ()


def test_an_unbalanced_entry_cannot_be_built():
    entry = invoice_entry(two_rates_invoice(), invoice_id=9, client_id=7)
    with pytest.raises(UnbalancedEntry):
        replace(entry, lines=entry.lines[:-1])
    with pytest.raises(UnbalancedEntry):
        LedgerLine("512000", "Banque", debit_cents=-1)


def test_rates_are_written_the_french_way():
    assert [rate_label(Decimal(r)) for r in ("20.00", "5.50", "2.10", "10.00")] == ["20 %", "5,5 %", "2,1 %", "10 %"]


# --- FEC -------------------------------------------------------------------------------------------------

def test_fec_amounts_use_a_decimal_comma_without_thousands_separator_and_dates_are_aaaammjj():
    assert [fec.fec_amount(c) for c in (0, 5, 187_625, 123_456_789, -2_500)] == [
        "0,00", "0,05", "1876,25", "1234567,89", "-25,00"]
    assert fec.fec_date(date(2026, 1, 9)) == "20260109"


def test_the_fec_file_has_the_18_headers_in_order_and_the_hand_written_lines_in_latin_9():
    entry = replace(invoice_entry(two_rates_invoice(), invoice_id=9, client_id=7), number=1)
    result = fec.fec_file("552008443", "Cabinet Verger & Associés", 2026, [entry])

    assert result.name == "552008443FEC20261231.txt"
    assert result.description_name == "552008443FEC20261231_description.txt"
    text = result.content.decode("iso-8859-15")
    lines = text.split("\r\n")
    assert lines[0] == ("JournalCode\tJournalLib\tEcritureNum\tEcritureDate\tCompteNum\tCompteLib\tCompAuxNum\t"
                        "CompAuxLib\tPieceRef\tPieceDate\tEcritureLib\tDebit\tCredit\tEcritureLet\tDateLet\t"
                        "ValidDate\tMontantdevise\tIdevise")
    label = "Facture F2026-00042 - Boulangerie Dupain SARL"  # the en dash has no ISO-8859-15 code: a hyphen
    head = "VE\tJournal des ventes\tVE000001\t20261130\t"
    piece = "\tF2026-00042\t20261130\t"
    tail = "\t\t\t20261130\t\t"
    assert lines[1:7] == [
        f"{head}411000\tClients\t41100007\tBoulangerie Dupain SARL{piece}{label}\t1876,25\t0,00{tail}",
        f"{head}706100\tHonoraires\t\t{piece}{label}\t0,00\t1234,56{tail}",
        f"{head}706200\tTravaux complémentaires\t\t{piece}{label}\t0,00\t325,00{tail}",
        f"{head}445710\tTVA collectée\t\t{piece}{label} - TVA 20 %\t0,00\t246,91{tail}",
        f"{head}445710\tTVA collectée\t\t{piece}{label} - TVA 5,5 %\t0,00\t17,88{tail}",
        f"{head}467100\tDébours refacturés\t\t{piece}{label}\t0,00\t51,90{tail}",
    ]
    assert lines[7:] == [""]  # the last record ends with CR LF too
    assert all(len(line.split("\t")) == 18 for line in lines[:7])
    assert "é".encode("iso-8859-15") in result.content and "é".encode() not in result.content
    assert (result.entries, result.lines, result.debit_cents, result.credit_cents) == (1, 6, 187_625, 187_625)


def test_the_fec_file_in_utf_8_keeps_the_dashes_and_tabs_never_leak_into_a_field():
    entry = replace(invoice_entry(two_rates_invoice(buyer=replace(monthly_invoice().buyer, name="Dupain\tet fils")),
                                  invoice_id=9, client_id=7), number=1)
    result = fec.fec_file("552008443", "Cabinet", 2026, [entry], fec.FecEncoding.UTF8)
    text = result.content.decode("utf-8")
    assert "Facture F2026-00042 – Dupain et fils" in text
    assert all(len(line.split("\t")) == 18 for line in text.split("\r\n")[:-1])


def test_the_fec_file_keeps_only_the_year_and_follows_the_posting_order():
    base = invoice_entry(two_rates_invoice(), invoice_id=9, client_id=7)
    december = replace(base, number=2, entry_date=date(2026, 12, 1))
    november = replace(base, number=1)
    next_year = replace(base, number=3, entry_date=date(2027, 1, 4))
    result = fec.fec_file("552008443", "Cabinet", 2026, [december, next_year, november])
    numbers = [row.split("\t")[2] for row in result.content.decode("iso-8859-15").split("\r\n")[1:-1]]
    assert numbers == ["VE000001"] * 6 + ["VE000002"] * 6


def test_the_description_file_names_the_encoding_the_separator_and_the_fields():
    result = fec.fec_file("552008443", "Cabinet Verger", 2026, [], fec.FecEncoding.UTF8)
    text = result.description.decode("utf-8")
    assert "Jeu de caractères : UTF-8" in text
    assert "Séparateur de champs : tabulation" in text
    assert "Dates : AAAAMMJJ" in text
    assert all(name in text for name in fec.HEADERS)
    assert result.content.decode("utf-8") == "\t".join(fec.HEADERS) + "\r\n"
