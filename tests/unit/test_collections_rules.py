"""Collections rules without a database: penalties by half-year (figures computed by hand below), statement
CSV reading, matching suggestions, aged balance buckets."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from domain.collections import aging, matching, statement
from domain.collections.model import BankLine, BankLineStatus, BankMapping, Movement, Receivable
from domain.collections.penalties import DEFAULT_LEGAL_RATES, penalties
from domain.errors import InvalidInput


def receivable(**changes) -> Receivable:
    base = Receivable(invoice_id=1, number="F2025-00042", client_id=7, client_name="Boulangerie Dupain SARL",
                      issue_date=date(2025, 2, 13), due_date=date(2025, 3, 15), due_cents=120_000,
                      late_penalty_rate=Decimal(10), recovery_indemnity_cents=4_000)
    return replace(base, **changes)


# --- penalties -----------------------------------------------------------------------------------------------

def test_penalties_are_split_at_the_half_year_and_floored_at_three_times_the_legal_rate():
    # 1 200 € due 15/03/2025, paid 30/09/2025, contract rate 10 %.
    # 2025 H1: legal 3,71 % → floor 11,13 % > 10 %: 16/03–30/06 = 16 + 30 + 31 + 30 = 107 days,
    #          1 200 × 11,13 % × 107 / 365 = 133,56 × 107 / 365 = 39,153… → 39,15 €
    # 2025 H2: legal 2,76 % → floor 8,28 % < 10 %: 01/07–30/09 = 31 + 31 + 30 = 92 days,
    #          1 200 × 10 % × 92 / 365 = 30,246… → 30,25 €
    paid = receivable(movements=(Movement(date(2025, 9, 30), 120_000, "paiement"),))
    result = penalties(paid, date(2025, 9, 30), DEFAULT_LEGAL_RATES)
    assert [(s.first, s.last, s.days, s.rate, s.cents) for s in result.segments] == [
        (date(2025, 3, 16), date(2025, 6, 30), 107, Decimal("11.13"), 3_915),
        (date(2025, 7, 1), date(2025, 9, 30), 92, Decimal(10), 3_025)]
    assert result.penalty_cents == 6_940
    assert result.principal_cents == 0  # paid that day: nothing left, the penalties stay due
    assert result.indemnity_cents == 4_000


def test_a_partial_payment_lowers_the_base_from_the_next_day():
    # 1 000 € due 31/01/2026, contract 5 % < 3 × 2,62 % = 7,86 %; 400 € paid on 10/02/2026; seen on 02/03/2026.
    # 01/02–10/02: 10 days on 1 000 €: 1 000 × 7,86 % × 10 / 365 = 2,153… → 2,15 €
    # 11/02–02/03: 18 + 2 = 20 days on 600 €: 600 × 7,86 % × 20 / 365 = 2,584… → 2,58 €
    late = receivable(due_date=date(2026, 1, 31), issue_date=date(2026, 1, 1), due_cents=100_000,
                      late_penalty_rate=Decimal(5), movements=(Movement(date(2026, 2, 10), 40_000, "paiement"),))
    result = penalties(late, date(2026, 3, 2), DEFAULT_LEGAL_RATES)
    assert [(s.days, s.principal_cents, s.cents) for s in result.segments] == [(10, 100_000, 215), (20, 60_000, 258)]
    assert (result.principal_cents, result.penalty_cents, result.total_cents) == (60_000, 473, 60_000 + 473 + 4_000)


def test_an_unpublished_half_year_uses_the_latest_known_rate_and_says_so():
    # 2026 H2 is not published: 2026 H1's 2,62 % (floor 7,86 %) stands in. 1 000 € at 7,86 %,
    # 01/07–10/07/2026 = 10 days: 1 000 × 7,86 % × 10 / 365 = 2,153… → 2,15 €
    late = receivable(due_date=date(2026, 6, 30), issue_date=date(2026, 6, 1), due_cents=100_000,
                      late_penalty_rate=Decimal(5))
    [segment] = penalties(late, date(2026, 7, 10), DEFAULT_LEGAL_RATES).segments
    assert (segment.legal_rate, segment.estimated, segment.rate, segment.cents) == (
        Decimal("2.62"), True, Decimal("7.86"), 215)


def test_an_invoice_not_yet_late_owes_neither_penalty_nor_indemnity():
    result = penalties(receivable(), date(2025, 3, 15), DEFAULT_LEGAL_RATES)
    assert (result.segments, result.indemnity_cents, result.principal_cents) == ((), 0, 120_000)


# --- statement CSV ------------------------------------------------------------------------------------------

MAPPING = BankMapping("Crédit Agricole", "Date opération", "Libellé", "Montant", "Référence")
CSV = ("Date opération;Libellé;Montant;Référence\n"
       "02/11/2026;VIR SEPA BOULANGERIE DUPAIN F2026-00042;1 341,90;F2026-00042\n"
       "03/11/2026;PRLV URSSAF;-812,00;\n"
       "04/11/2026;VIR SEPA MARTIN;250,00;\n"
       "04/11/2026;VIR SEPA MARTIN;250,00;\n").encode("cp1252")


def test_a_french_statement_is_read_with_its_decimal_comma_dates_and_windows_encoding():
    lines = statement.parse_statement(CSV, MAPPING)
    assert [(line.booked_on, line.amount_cents, line.reference) for line in lines] == [
        (date(2026, 11, 2), 134_190, "F2026-00042"), (date(2026, 11, 3), -81_200, ""),
        (date(2026, 11, 4), 25_000, ""), (date(2026, 11, 4), 25_000, "")]
    assert lines[0].label == "VIR SEPA BOULANGERIE DUPAIN F2026-00042"


def test_identical_lines_of_one_statement_stay_distinct_and_a_second_import_finds_the_same_hashes():
    first, again = statement.parse_statement(CSV, MAPPING), statement.parse_statement(CSV, MAPPING)
    assert len({line.line_hash for line in first}) == 4
    assert [line.line_hash for line in first] == [line.line_hash for line in again]


def test_a_bad_line_refuses_the_whole_file_with_its_line_number():
    bad = CSV.replace(b"04/11/2026;VIR SEPA MARTIN;250,00;\n", b"31/02/2026;VIR SEPA MARTIN;250,00;\n", 1)
    with pytest.raises(InvalidInput, match="Ligne 4 du fichier"):
        statement.parse_statement(bad, MAPPING)
    with pytest.raises(InvalidInput, match="Colonnes absentes"):
        statement.parse_statement(CSV, replace(MAPPING, amount_column="Crédit"))
    with pytest.raises(InvalidInput, match="vide"):
        statement.parse_statement(b"", MAPPING)


# --- matching -------------------------------------------------------------------------------------------------

def test_suggestions_rank_the_number_in_the_label_above_an_equal_amount():
    named = receivable(invoice_id=1, number="F2026-00042", due_cents=134_190)
    same_amount = receivable(invoice_id=2, number="F2026-00050", client_name="Garage Martin", due_cents=134_190)
    unrelated = receivable(invoice_id=3, number="F2026-00051", client_name="Pharmacie Centrale", due_cents=5_000)
    line = BankLine(1, "CA", date(2026, 11, 2), "VIR SEPA BOULANGERIE DUPAIN F2026 00042", 134_190, "",
                    BankLineStatus.TO_MATCH)
    found = matching.suggest(line, [same_amount, unrelated, named])
    assert [(s.invoice_id, s.score) for s in found] == [(1, 100 + 50 + 20), (2, 50)]


# --- aged balance -------------------------------------------------------------------------------------------

def test_aged_buckets_by_days_past_due_on_the_day_looked_at():
    on = date(2026, 11, 20)
    due_dates = {date(2026, 11, 25): "Non échu", date(2026, 11, 20): "Non échu", date(2026, 11, 19): "0-30 j",
                 date(2026, 10, 21): "0-30 j", date(2026, 10, 20): "31-60 j", date(2026, 8, 22): "61-90 j",
                 date(2026, 8, 21): "+90 j"}
    assert {due: aging.bucket_of((on - due).days) for due in due_dates} == due_dates
    items = [receivable(invoice_id=1, issue_date=date(2026, 7, 1), due_date=date(2026, 8, 21), due_cents=10_000,
                        movements=(Movement(date(2026, 9, 1), 4_000, "paiement"),
                                   Movement(date(2026, 11, 21), 6_000, "paiement"))),  # paid after the day: owed
             receivable(invoice_id=2, issue_date=date(2026, 11, 1), due_date=date(2026, 12, 1), due_cents=2_500),
             receivable(invoice_id=3, issue_date=date(2026, 11, 21), due_date=date(2026, 12, 21), due_cents=999),
             receivable(invoice_id=4, client_id=8, client_name="Garage Martin", issue_date=date(2026, 9, 1),
                        due_date=date(2026, 10, 1), due_cents=50_000)]
    [martin, dupain] = aging.aged_balance(items, on)
    assert (martin.client_name, martin.cents["31-60 j"], martin.total_cents) == ("Garage Martin", 50_000, 50_000)
    assert dupain.cents == {"Non échu": 2_500, "0-30 j": 0, "31-60 j": 0, "61-90 j": 0, "+90 j": 6_000}
    assert (dupain.total_cents, dupain.late_cents) == (8_500, 6_000)
