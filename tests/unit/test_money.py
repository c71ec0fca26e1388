"""Amounts typed the French way, cents and the one rounding rule (domain/money.py)."""

from decimal import Decimal

import pytest

from domain.errors import InvalidInput
from domain.money import from_cents, parse_amount, parse_non_negative_amount, round_cents, to_cents


@pytest.mark.parametrize(
    "text, expected",
    [
        ("1 234,56", Decimal("1234.56")),
        ("1\u202f234,56", Decimal("1234.56")),  # narrow no-break space, as our own display writes it
        ("1\xa0234,56\xa0€", Decimal("1234.56")),
        ("1234.5", Decimal("1234.5")),
        ("1 234 €", Decimal("1234")),
        ("1.234,56", Decimal("1234.56")),  # dot as thousands separator next to a decimal comma
        ("  42  ", Decimal("42")),
        ("0,05", Decimal("0.05")),
        ("-12,30", Decimal("-12.3")),
    ],
)
def test_an_amount_typed_the_french_way_is_parsed_exactly(text, expected):
    value = parse_amount(text)
    assert isinstance(value, Decimal)
    assert value == expected


def test_more_than_two_decimals_are_refused():
    with pytest.raises(InvalidInput) as err:
        parse_amount("12,345")
    assert err.value.message == "Montant : au plus deux décimales."


def test_the_error_names_the_field():
    with pytest.raises(InvalidInput) as err:
        parse_amount("abc", "Capital social")
    assert err.value.message == "Capital social : « abc » n'est pas un montant valide."


@pytest.mark.parametrize("text", ["", "   ", None, "€"])
def test_an_empty_amount_is_refused_as_missing(text):
    with pytest.raises(InvalidInput) as err:
        parse_amount(text)
    assert err.value.message == "Montant : valeur obligatoire."


@pytest.mark.parametrize("text", ["NaN", "nan", "Infinity", "-Infinity", "inf", "sNaN"])
def test_not_a_number_and_infinity_are_refused(text):
    with pytest.raises(InvalidInput, match="n'est pas un montant valide"):
        parse_amount(text)


@pytest.mark.parametrize("text", ["1,2,3", "12 abc", "1,234.56.7"])
def test_a_malformed_amount_is_refused(text):
    with pytest.raises(InvalidInput):
        parse_amount(text)


@pytest.mark.parametrize("text", ["1" * 30, "1e30"])
def test_an_absurdly_large_amount_is_refused_with_a_french_message(text):
    with pytest.raises(InvalidInput):
        parse_amount(text)


def test_a_negative_amount_is_refused_where_it_must_not_be_negative():
    with pytest.raises(InvalidInput) as err:
        parse_non_negative_amount("-0,01", "Prix")
    assert err.value.message == "Prix : le montant ne peut pas être négatif."


def test_zero_is_a_non_negative_amount():
    assert parse_non_negative_amount("0") == Decimal("0")


def test_the_non_negative_parser_still_refuses_malformed_text():
    with pytest.raises(InvalidInput, match="n'est pas un montant valide"):
        parse_non_negative_amount("douze")


@pytest.mark.parametrize(
    "amount, expected",
    [
        ("0.005", "0.01"),  # half goes up
        ("0.004", "0.00"),
        ("2.675", "2.68"),  # the float 2.675 would give 2.67; Decimal must not
        ("2.665", "2.67"),  # half-even would give 2.66
        ("1.125", "1.13"),  # half-even would give 1.12
        ("-0.005", "-0.01"),  # ROUND_HALF_UP: halves go away from zero
        ("10", "10.00"),
    ],
)
def test_rounding_is_half_up_to_the_cent(amount, expected):
    result = round_cents(Decimal(amount))
    assert result == Decimal(expected)
    assert result.as_tuple().exponent == -2


def test_to_cents_rounds_half_up_before_converting():
    assert to_cents(Decimal("12.345")) == 1235
    assert to_cents(Decimal("12.344")) == 1234
    assert to_cents(Decimal("1234.56")) == 123456
    assert isinstance(to_cents(Decimal("1")), int)


def test_from_cents_gives_a_two_decimal_amount():
    assert from_cents(123456) == Decimal("1234.56")
    assert str(from_cents(5)) == "0.05"
    assert str(from_cents(100)) == "1.00"
    assert str(from_cents(-250)) == "-2.50"


@pytest.mark.parametrize("cents", [0, 1, 99, 100, 4900, 123456, 99999999999, -1, -250])
def test_cents_survive_a_round_trip_through_decimal(cents):
    assert to_cents(from_cents(cents)) == cents
