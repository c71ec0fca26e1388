"""French display of amounts, dates, timestamps and durations (domain/formatting.py).

French typography: digits grouped by a narrow no-break space (U+202F), decimal comma, and a
no-break space (U+00A0) between the amount and the euro sign.
"""

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from domain.formatting import day, eur, eur_cents, hours, moment, month, number

NNBSP = "\u202f"
NBSP = "\xa0"


@pytest.mark.parametrize(
    "cents, expected",
    [
        (123456, f"1{NNBSP}234,56{NBSP}€"),
        (0, f"0,00{NBSP}€"),
        (5, f"0,05{NBSP}€"),
        (4900, f"49,00{NBSP}€"),
        (99999, f"999,99{NBSP}€"),
        (100000, f"1{NNBSP}000,00{NBSP}€"),
        (123456789, f"1{NNBSP}234{NNBSP}567,89{NBSP}€"),
    ],
)
def test_cents_are_shown_in_french_euros(cents, expected):
    assert eur_cents(cents) == expected


def test_a_decimal_amount_is_shown_with_two_decimals():
    assert eur(Decimal("765")) == f"765,00{NBSP}€"
    assert eur(Decimal("50.85")) == f"50,85{NBSP}€"
    assert eur(Decimal("1234.5")) == f"1{NNBSP}234,50{NBSP}€"


def test_the_euro_amount_uses_no_ordinary_space():
    assert " " not in eur_cents(123456789)


def test_a_number_uses_a_decimal_comma_and_the_requested_decimals():
    assert number(Decimal("322.2")) == "322,2"
    assert number(Decimal("1234.5"), 2) == f"1{NNBSP}234,50"
    assert number(Decimal("1234"), 0) == f"1{NNBSP}234"


def test_a_day_is_shown_day_month_year():
    assert day(date(2026, 11, 22)) == "22/11/2026"
    assert day(date(2024, 3, 5)) == "05/03/2024"


def test_no_day_is_shown_as_an_empty_string():
    assert day(None) == ""


def test_a_winter_timestamp_is_shown_one_hour_ahead_of_utc():
    assert moment(datetime(2026, 1, 15, 12, 30, tzinfo=UTC)) == "15/01/2026 13:30"


def test_a_summer_timestamp_is_shown_two_hours_ahead_of_utc():
    assert moment(datetime(2026, 7, 1, 12, 30, tzinfo=UTC)) == "01/07/2026 14:30"


def test_a_late_utc_evening_is_already_the_next_day_in_paris():
    assert moment(datetime(2025, 12, 31, 23, 30, tzinfo=UTC)) == "01/01/2026 00:30"


def test_paris_moves_to_summer_time_at_one_o_clock_utc_on_the_last_sunday_of_march():
    # 29 March 2026 is the last Sunday of March: 00:59 UTC is 01:59 CET, 01:00 UTC is 03:00 CEST.
    assert moment(datetime(2026, 3, 29, 0, 59, tzinfo=UTC)) == "29/03/2026 01:59"
    assert moment(datetime(2026, 3, 29, 1, 0, tzinfo=UTC)) == "29/03/2026 03:00"


def test_a_timestamp_in_another_offset_is_converted_to_paris_time():
    new_york_winter = timezone(timedelta(hours=-5))
    assert moment(datetime(2026, 1, 15, 7, 30, tzinfo=new_york_winter)) == "15/01/2026 13:30"


def test_no_timestamp_is_shown_as_an_empty_string():
    assert moment(None) == ""


def test_a_month_is_named_in_french():
    assert month(date(2026, 2, 1)) == "février 2026"
    assert month(date(2025, 8, 31)) == "août 2025"
    assert month(date(2024, 12, 1)) == "décembre 2024"


@pytest.mark.parametrize(
    "minutes, expected",
    [
        (2100, "35 h"),  # 2100 / 60 = 35
        (1710, "28,5 h"),  # 1710 / 60 = 28.5
        (420, "7 h"),
        (0, "0 h"),
        (600, "10 h"),  # trailing zeros of the integer part must stay
        (6000, "100 h"),
        (45, "0,75 h"),  # 45 / 60 = 0.75
        (20, "0,33 h"),  # 20 / 60 = 0.333…
        (2130, "35,5 h"),
        (60000, f"1{NNBSP}000 h"),
    ],
)
def test_minutes_are_shown_as_hours_without_useless_decimals(minutes, expected):
    assert hours(minutes) == expected
