"""Grade rates in force and document numbering (domain/firm/model.py)."""

from datetime import date

import pytest

from domain.firm.model import (
    SINCE_ALWAYS,
    DocType,
    GradeRate,
    NumberingSeries,
    UserGrade,
    grade_on,
    histories,
    rate_in_force,
)

MANAGER, ASSISTANT = 2, 5
RATES = [
    # Deliberately unordered: the rate in force must not depend on the list order.
    GradeRate(id=3, grade_id=MANAGER, effective_from=date(2026, 7, 1), selling_rate_cents=14000, cost_rate_cents=7000),
    GradeRate(id=1, grade_id=MANAGER, effective_from=date(2025, 1, 1), selling_rate_cents=13000, cost_rate_cents=6500),
    GradeRate(id=2, grade_id=ASSISTANT, effective_from=date(2026, 3, 1), selling_rate_cents=5500, cost_rate_cents=2800),
]


def test_the_rate_in_force_before_a_mid_year_change_is_the_old_one():
    assert rate_in_force(RATES, MANAGER, date(2026, 6, 30)).id == 1


def test_the_new_rate_applies_from_its_first_day():
    assert rate_in_force(RATES, MANAGER, date(2026, 7, 1)).id == 3
    assert rate_in_force(RATES, MANAGER, date(2027, 1, 1)).selling_rate_cents == 14000


def test_there_is_no_rate_before_the_first_one():
    assert rate_in_force(RATES, MANAGER, date(2024, 12, 31)) is None


def test_the_rates_of_other_grades_are_ignored():
    # On 01/04/2026 the assistant has a rate but the manager's is still the 2025 one.
    assert rate_in_force(RATES, MANAGER, date(2026, 4, 1)).id == 1
    assert rate_in_force(RATES, ASSISTANT, date(2026, 2, 28)) is None
    assert rate_in_force(RATES, ASSISTANT, date(2026, 4, 1)).id == 2


def test_a_grade_without_rates_has_none():
    assert rate_in_force(RATES, 99, date(2026, 4, 1)) is None
    assert rate_in_force([], MANAGER, date(2026, 4, 1)) is None


def _series(**kwargs) -> NumberingSeries:
    values = {"id": 1, "doc_type": DocType.INVOICE, "prefix": "F", "next_number": 1} | kwargs
    return NumberingSeries(**values)


def test_an_invoice_number_has_prefix_year_and_a_five_digit_counter():
    assert _series().format(42, 2026) == "F2026-00042"


def test_a_series_without_year_has_only_prefix_and_counter():
    assert _series(prefix="AV", with_year=False).format(42, 2026) == "AV00042"


@pytest.mark.parametrize("padding, expected", [(3, "D2026-007"), (1, "D2026-7"), (8, "D2026-00000007")])
def test_the_counter_is_zero_padded_to_the_series_width(padding, expected):
    assert _series(prefix="D", padding=padding).format(7, 2026) == expected


def test_a_counter_wider_than_the_padding_is_not_truncated():
    assert _series().format(123456, 2026) == "F2026-123456"


def test_document_types_have_french_labels():
    assert [t.label for t in DocType] == ["Facture", "Avoir", "Devis", "Lettre de mission"]


def test_the_grade_of_a_day_is_the_latest_history_row_in_force_and_the_first_one_before_it():
    history = [UserGrade(7, 4, date(2026, 7, 1)), UserGrade(7, 3, date(2025, 3, 15))]  # any order
    assert grade_on(history, date(2025, 1, 10)) == 3  # before the first row: the first row's grade
    assert grade_on(history, date(2025, 3, 15)) == 3
    assert grade_on(history, date(2026, 6, 30)) == 3
    assert grade_on(history, date(2026, 7, 1)) == 4  # the promotion's day is at the new grade
    assert grade_on(history, date(2030, 1, 1)) == 4
    assert grade_on([], date(2026, 7, 1)) is None  # no history: no grade


def test_histories_group_the_rows_by_person():
    rows = [UserGrade(1, 3, SINCE_ALWAYS), UserGrade(2, 5, SINCE_ALWAYS), UserGrade(1, 4, date(2026, 9, 1))]
    found = histories(rows)
    assert (grade_on(found[1], date(2026, 8, 31)), grade_on(found[1], date(2026, 9, 1)),
            grade_on(found[2], date(2026, 9, 1))) == (3, 4, 5)
