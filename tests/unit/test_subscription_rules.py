"""Monthly bill, free month and SYNTEC revision (domain/subscription/model.py and rules.py)."""

from datetime import date
from decimal import Decimal

import pytest

from domain.errors import InvalidInput
from domain.subscription.model import SYNTEC_SEED, IndexValue, SubscriptionTerms, add_months, trial_end
from domain.subscription.rules import (
    index_for_month,
    latest_index_before,
    monthly_bill,
    next_revision_date,
    parse_index_value,
    revise,
)

SEED = [IndexValue(month, Decimal(value)) for month, value in SYNTEC_SEED]
TERMS = SubscriptionTerms(started_on=date(2024, 1, 8), reference_month=date(2024, 1, 1))


def test_the_first_month_is_free():
    bill = monthly_bill(TERMS, admins=2, collaborators=23, today=date(2024, 1, 20))
    assert bill.in_trial
    assert bill.total_excl_vat == 0
    assert bill.vat == 0
    assert bill.total_incl_vat == 0


def test_the_seat_lines_are_listed_even_during_the_free_month():
    bill = monthly_bill(TERMS, admins=2, collaborators=23, today=date(2024, 1, 20))
    assert [(line.label, line.seats, line.unit_price) for line in bill.lines] == [
        ("Administrateur", 2, Decimal("49.00")), ("Collaborateur", 23, Decimal("29.00"))]


def test_after_the_free_month_each_seat_is_billed():
    bill = monthly_bill(TERMS, admins=2, collaborators=23, today=date(2024, 3, 1))
    # 2 × 49 = 98 ; 23 × 29 = 667 ; 98 + 667 = 765 HT ; 765 × 20 % = 153 ; 765 + 153 = 918 TTC.
    assert not bill.in_trial
    assert [line.amount for line in bill.lines] == [Decimal("98.00"), Decimal("667.00")]
    assert bill.total_excl_vat == Decimal("765.00")
    assert bill.vat == Decimal("153.00")
    assert bill.total_incl_vat == Decimal("918.00")


def test_the_vat_of_the_bill_is_rounded_to_the_cent():
    # A collaborator seat revised to 30,09: 30,09 × 20 % = 6,018 → 6,02 ; TTC 36,11.
    terms = SubscriptionTerms(date(2024, 1, 8), date(2024, 1, 1), admin_seat_cents=5085, collaborator_seat_cents=3009)
    bill = monthly_bill(terms, admins=0, collaborators=1, today=date(2025, 3, 1))
    assert bill.total_excl_vat == Decimal("30.09")
    assert bill.vat == Decimal("6.02")
    assert bill.total_incl_vat == Decimal("36.11")


def test_the_last_free_day_is_the_eve_of_the_same_date_a_month_later():
    assert trial_end(date(2024, 1, 8)) == date(2024, 2, 7)
    assert monthly_bill(TERMS, 1, 0, date(2024, 1, 8)).trial_end == date(2024, 2, 7)


def test_the_last_free_day_is_still_free_and_the_next_day_is_billed():
    assert monthly_bill(TERMS, 1, 0, today=date(2024, 2, 7)).in_trial
    assert not monthly_bill(TERMS, 1, 0, today=date(2024, 2, 8)).in_trial
    assert monthly_bill(TERMS, 1, 0, today=date(2024, 2, 8)).total_excl_vat == Decimal("49.00")


def test_a_firm_created_on_the_thirty_first_of_january_is_billed_from_the_end_of_february():
    # 31/01 has no same date in February: the whole of February is free, billing starts on 01/03.
    assert trial_end(date(2024, 1, 31)) == date(2024, 2, 29)
    assert trial_end(date(2025, 1, 31)) == date(2025, 2, 28)
    assert trial_end(date(2025, 1, 28)) == date(2025, 2, 27)


def test_a_free_month_can_run_across_the_new_year():
    assert trial_end(date(2025, 12, 15)) == date(2026, 1, 14)


@pytest.mark.parametrize(
    "start, months, expected",
    [
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2023, 1, 31), 1, date(2023, 2, 28)),
        (date(2024, 3, 31), 1, date(2024, 4, 30)),
        (date(2024, 1, 30), 1, date(2024, 2, 29)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2024, 2, 29), 48, date(2028, 2, 29)),
        (date(2024, 11, 30), 3, date(2025, 2, 28)),
        (date(2024, 8, 15), 5, date(2025, 1, 15)),
        (date(2024, 12, 31), 1, date(2025, 1, 31)),
        (date(2024, 1, 15), -1, date(2023, 12, 15)),
        (date(2024, 3, 31), -1, date(2024, 2, 29)),
        (date(2024, 5, 10), 0, date(2024, 5, 10)),
    ],
)
def test_adding_months_keeps_the_day_and_clamps_it_to_the_month_end(start, months, expected):
    assert add_months(start, months) == expected


def test_the_next_revision_is_the_first_anniversary_during_the_first_year():
    assert next_revision_date(date(2024, 6, 15), today=date(2024, 9, 1)) == date(2025, 6, 15)


def test_the_next_revision_is_this_year_anniversary_when_it_is_still_ahead():
    assert next_revision_date(date(2024, 6, 15), today=date(2026, 3, 1)) == date(2026, 6, 15)


def test_the_next_revision_is_next_year_once_this_year_anniversary_has_passed():
    assert next_revision_date(date(2024, 6, 15), today=date(2026, 8, 1)) == date(2027, 6, 15)


def test_the_next_revision_is_strictly_after_today_on_the_anniversary_itself():
    assert next_revision_date(date(2024, 6, 15), today=date(2025, 6, 15)) == date(2026, 6, 15)
    assert next_revision_date(date(2024, 6, 15), today=date(2025, 6, 14)) == date(2025, 6, 15)


def test_the_next_revision_of_a_subscription_started_on_the_twenty_ninth_of_february():
    assert next_revision_date(date(2024, 2, 29), today=date(2024, 3, 1)) == date(2025, 2, 28)
    assert next_revision_date(date(2024, 2, 29), today=date(2027, 3, 1)) == date(2028, 2, 29)


def test_the_revision_applies_the_syntec_formula_rounded_half_up_to_the_cent():
    # S0 = January 2024 = 310,5 ; revision on 15/11/2025 → S1 = October 2025 = 322,2.
    # Administrateur: 49 × 322,2 = 15 787,8 ; 15 787,8 / 310,5 = 50,8463… → 50,85.
    # Collaborateur:  29 × 322,2 =  9 343,8 ;  9 343,8 / 310,5 = 30,0927… → 30,09.
    revision = revise(TERMS, SEED, date(2025, 11, 15))
    assert revision.s0 == IndexValue(date(2024, 1, 1), Decimal("310.5"))
    assert revision.s1 == IndexValue(date(2025, 10, 1), Decimal("322.2"))
    assert revision.admin_before == Decimal("49.00")
    assert revision.admin_after == Decimal("50.85")
    assert revision.collaborator_before == Decimal("29.00")
    assert revision.collaborator_after == Decimal("30.09")
    assert revision.revision_date == date(2025, 11, 15)


def test_the_first_anniversary_revision_uses_the_last_index_of_the_previous_year():
    # Revision on 08/01/2025: the latest month before January 2025 is December 2024 = 314,8.
    # 49 × 314,8 = 15 425,2 ; / 310,5 = 49,6786… → 49,68.   29 × 314,8 = 9 129,2 ; / 310,5 = 29,4016… → 29,40.
    revision = revise(TERMS, SEED, date(2025, 1, 8))
    assert revision.s1.value == Decimal("314.8")
    assert revision.admin_after == Decimal("49.68")
    assert revision.collaborator_after == Decimal("29.40")


def test_a_revised_price_exactly_half_a_cent_away_is_rounded_up():
    # S1 / S0 = 201 / 200 = 1,005. 49 × 1,005 = 49,245 → 49,25 ; 29 × 1,005 = 29,145 → 29,15
    # (banker's rounding would give 49,24 and 29,14).
    indices = [IndexValue(date(2024, 1, 1), Decimal("200.0")), IndexValue(date(2024, 12, 1), Decimal("201.0"))]
    revision = revise(TERMS, indices, date(2025, 1, 8))
    assert revision.admin_after == Decimal("49.25")
    assert revision.collaborator_after == Decimal("29.15")
    assert revision.coefficient == Decimal("1.005")


def test_the_revision_starts_from_the_contract_prices():
    terms = SubscriptionTerms(date(2024, 1, 8), date(2024, 1, 1), admin_seat_cents=5000, collaborator_seat_cents=3000)
    # 50 × 322,2 / 310,5 = 16 110 / 310,5 = 51,8840… → 51,88 ; 30 × 322,2 / 310,5 = 9 666 / 310,5 = 31,1304… → 31,13.
    revision = revise(terms, SEED, date(2025, 11, 15))
    assert revision.admin_after == Decimal("51.88")
    assert revision.collaborator_after == Decimal("31.13")


def test_s1_is_the_latest_index_strictly_before_the_revision_month():
    # On 15/10/2025 the October 2025 value is not published yet: S1 is September 2025 (321,7).
    assert latest_index_before(SEED, date(2025, 10, 15)) == IndexValue(date(2025, 9, 1), Decimal("321.7"))
    # Even on the last day of October.
    assert latest_index_before(SEED, date(2025, 10, 31)).month == date(2025, 9, 1)
    # From 1 November, October is known.
    assert latest_index_before(SEED, date(2025, 11, 1)).month == date(2025, 10, 1)


def test_s1_skips_months_that_have_no_value():
    # No value for February to July 2025 in the seed: on 15/07/2025 S1 is still January 2025 (315,2).
    assert latest_index_before(SEED, date(2025, 7, 15)) == IndexValue(date(2025, 1, 1), Decimal("315.2"))


def test_s1_does_not_depend_on_the_order_of_the_indices():
    assert latest_index_before(list(reversed(SEED)), date(2025, 1, 8)).value == Decimal("314.8")


def test_s1_missing_is_refused_in_french():
    with pytest.raises(InvalidInput) as err:
        latest_index_before(SEED, date(2023, 1, 20))
    assert err.value.message == "Aucune valeur de l'indice SYNTEC antérieure à la date de révision."


def test_s0_is_found_whatever_the_day_of_the_reference_month():
    assert index_for_month(SEED, date(2024, 1, 17)).value == Decimal("310.5")


def test_a_missing_s0_gives_a_french_error_naming_the_month():
    terms = SubscriptionTerms(date(2024, 3, 8), reference_month=date(2024, 3, 1))  # no March 2024 value
    with pytest.raises(InvalidInput) as err:
        revise(terms, SEED, date(2025, 3, 8))
    assert err.value.message == ("Aucune valeur de l'indice SYNTEC pour 03/2024 (mois de référence S0) : "
                                 "saisissez-la dans la table des indices.")


@pytest.mark.parametrize(
    "text, expected",
    [("322,2", Decimal("322.2")), (" 322.2 ", Decimal("322.2")), ("310", Decimal("310.0")),
     ("50", Decimal("50.0")), ("2000", Decimal("2000.0"))],
)
def test_an_index_value_is_read_with_one_decimal(text, expected):
    value = parse_index_value(text)
    assert value == expected
    assert value.as_tuple().exponent == -1


def test_a_non_numeric_index_value_is_refused():
    with pytest.raises(InvalidInput) as err:
        parse_index_value("abc")
    assert err.value.message == "Valeur d'indice « abc » invalide (ex. 322,2)."


def test_an_index_value_with_two_decimals_is_refused():
    with pytest.raises(InvalidInput) as err:
        parse_index_value("322,25")
    assert err.value.message == "L'indice SYNTEC se saisit avec une décimale au plus (ex. 322,2)."


@pytest.mark.parametrize("text", ["5", "49,9", "2000,1", "NaN", "Infinity"])
def test_an_implausible_index_value_is_refused(text):
    with pytest.raises(InvalidInput) as err:
        parse_index_value(text)
    assert err.value.message == f"Valeur d'indice « {text} » hors des bornes plausibles (50 à 2000)."


@pytest.mark.parametrize("text", ["", None])
def test_an_empty_index_value_is_refused(text):
    with pytest.raises(InvalidInput, match="invalide"):
        parse_index_value(text)
