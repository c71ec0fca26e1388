"""The 5-year retention of LCB-FT records after the end of the business relationship (CMF L561-12)."""

from datetime import date

import pytest

from domain.compliance.retention import RetentionLocked, check_end_date, check_purgeable, kept_until, purgeable
from domain.errors import InvalidInput


def test_records_are_kept_until_the_same_day_five_years_later():
    assert kept_until(date(2020, 6, 30)) == date(2025, 6, 30)


def test_a_29_february_is_kept_until_1_march_not_a_day_less():
    assert kept_until(date(2024, 2, 29)) == date(2029, 3, 1)
    assert kept_until(date(2023, 2, 28)) == date(2028, 2, 28)


def test_purgeable_from_the_day_after_the_last_day_kept():
    ended = date(2020, 6, 30)
    assert not purgeable(ended, date(2025, 6, 30))
    assert purgeable(ended, date(2025, 7, 1))
    assert not purgeable(None, date(2099, 1, 1))  # no recorded end: kept


def test_the_lock_says_until_when_and_from_when_in_french():
    with pytest.raises(RetentionLocked) as locked:
        check_purgeable("Boulangerie du Parc", date(2022, 3, 15), date(2026, 11, 23))
    assert locked.value.message == (
        "Les données LCB-FT de « Boulangerie du Parc » sont conservées jusqu'au 15/03/2027 inclus (relation "
        "terminée le 15/03/2022, conservation 5 ans) : suppression possible à partir du 16/03/2027.")
    with pytest.raises(RetentionLocked, match="la fin de la relation d'affaires n'est pas enregistrée"):
        check_purgeable("Boulangerie du Parc", None, date(2026, 11, 23))
    check_purgeable("Boulangerie du Parc", date(2021, 11, 22), date(2026, 11, 23))  # ended 5 years and a day ago


def test_an_end_of_relationship_cannot_be_in_the_future():
    check_end_date(date(2026, 11, 23), date(2026, 11, 23))
    with pytest.raises(InvalidInput, match="24/11/2026"):
        check_end_date(date(2026, 11, 24), date(2026, 11, 23))
