"""SIREN, SIRET, VAT number, IBAN and BIC validation (domain/identifiers.py).

Check digits below were computed by hand:
- SIREN 732829320, Luhn from the right, every second digit doubled:
  0 + (2×2=4) + 3 + (9×2=18→9) + 2 + (8×2=16→7) + 2 + (3×2=6) + 7 = 40 → multiple of 10, valid.
  732829321 gives 41 → invalid.
- SIRET 73282932000074: 4 + (7×2=14→5) + 0 + 0 + 0 + 0 + 2 + (3×2=6) + 9 + (2×2=4) + 8 + (2×2=4)
  + 3 + (7×2=14→5) = 50 → valid.
- SIREN 123456782: 2 + (8×2→7) + 7 + (6×2→3) + 5 + (4×2=8) + 3 + (2×2=4) + 1 = 40 → valid;
  its SIRET with NIC 0001x: the other 13 digits give 40, so x = 0 → 12345678200010.
- VAT key = (12 + 3 × (SIREN mod 97)) mod 97.
  732829320 = 97 × 7554941 + 43 → (12 + 129) mod 97 = 141 − 97 = 44 → FR44732829320.
  123456782 = 97 × 1272750 + 32 → (12 + 96) mod 97 = 108 − 97 = 11 → FR11123456782.
- IBAN FR76 3000 6000 0112 3456 7890 189: RIB key 97 − ((89×30006 + 15×1 + 3×12345678901) mod 97)
  = 97 − 8 = 89 as written; the ISO 13616 check digits 76 make the rearranged number ≡ 1 (mod 97).
"""

import pytest

from domain.errors import DomainError, InvalidInput
from domain.identifiers import (
    validate_bic,
    validate_iban,
    validate_siren,
    validate_siret,
    validate_vat_number,
    vat_number_for,
)


def test_a_siren_with_a_correct_luhn_key_is_accepted():
    assert validate_siren("732829320") == "732829320"


def test_a_siren_typed_with_spaces_or_dots_is_normalised():
    assert validate_siren(" 732 829 320 ") == "732829320"
    assert validate_siren("732.829.320") == "732829320"


def test_a_siren_with_a_wrong_key_is_refused_with_a_french_message():
    with pytest.raises(InvalidInput) as err:
        validate_siren("732829321")
    assert err.value.message == "SIREN « 732829321 » invalide : 9 chiffres avec une clé de contrôle correcte."
    assert str(err.value) == err.value.message


@pytest.mark.parametrize("value", ["", "73282932", "7328293200", "73282932A"])
def test_a_siren_of_the_wrong_length_or_with_letters_is_refused(value):
    with pytest.raises(InvalidInput, match="SIREN"):
        validate_siren(value)


def test_invalid_input_is_a_domain_error():
    with pytest.raises(DomainError):
        validate_siren("123")


def test_a_siret_matching_its_siren_is_accepted_and_normalised():
    assert validate_siret("732 829 320 00074", "732829320") == "73282932000074"


def test_a_siret_is_accepted_without_a_siren_to_compare_with():
    assert validate_siret("12345678200010") == "12345678200010"


def test_a_valid_siret_of_another_company_is_refused():
    with pytest.raises(InvalidInput) as err:
        validate_siret("12345678200010", "732829320")
    assert err.value.message == "Le SIRET 12345678200010 ne correspond pas au SIREN 732829320."


def test_a_siret_with_a_wrong_key_is_refused():
    with pytest.raises(InvalidInput) as err:
        validate_siret("73282932000075")
    assert "SIRET « 73282932000075 » invalide" in err.value.message


def test_a_siret_of_thirteen_digits_is_refused():
    with pytest.raises(InvalidInput, match="14 chiffres"):
        validate_siret("7328293200007")


def test_the_vat_number_key_is_computed_from_the_siren():
    assert vat_number_for("732829320") == "FR44732829320"
    assert vat_number_for("123456782") == "FR11123456782"


def test_a_vat_number_key_below_ten_is_zero_padded():
    # 30 mod 97 = 30 → (12 + 3 × 30) mod 97 = 102 − 97 = 5 → key "05".
    assert vat_number_for("000000030") == "FR05000000030"


def test_a_correct_vat_number_is_accepted_and_normalised():
    assert validate_vat_number("fr 44 732 829 320", "732829320") == "FR44732829320"


def test_a_vat_number_with_a_wrong_key_is_refused():
    with pytest.raises(InvalidInput) as err:
        validate_vat_number("FR45732829320")
    assert "clé de contrôle incorrecte" in err.value.message


def test_a_vat_number_of_another_siren_is_refused_naming_the_expected_one():
    with pytest.raises(InvalidInput) as err:
        validate_vat_number("FR11123456782", "732829320")
    assert err.value.message == ("Le numéro de TVA FR11123456782 ne correspond pas au SIREN 732829320 "
                                 "(attendu : FR44732829320).")


def test_a_foreign_vat_number_is_refused():
    with pytest.raises(InvalidInput, match="commence par FR"):
        validate_vat_number("DE123456789")


def test_a_valid_iban_is_accepted_in_compact_form():
    assert validate_iban("FR76 3000 6000 0112 3456 7890 189") == "FR7630006000011234567890189"


def test_an_iban_with_a_wrong_check_digit_is_refused():
    with pytest.raises(InvalidInput) as err:
        validate_iban("FR76 3000 6000 0112 3456 7890 188")
    assert err.value.message.startswith("IBAN « FR76 3000 6000 0112 3456 7890 188 » invalide")


def test_a_truncated_iban_is_refused():
    with pytest.raises(InvalidInput, match="IBAN"):
        validate_iban("FR76 3000 6000 0112 3456 7890")


@pytest.mark.parametrize("value, expected", [("BNPAFRPP", "BNPAFRPP"), ("bnpa frpp xxx", "BNPAFRPPXXX")])
def test_a_bic_of_eight_or_eleven_characters_is_accepted(value, expected):
    assert validate_bic(value) == expected


@pytest.mark.parametrize("value", ["BNPAFRP", "BNPA12PP", "BNPAFRPPXX"])
def test_a_malformed_bic_is_refused_with_a_french_message(value):
    with pytest.raises(InvalidInput) as err:
        validate_bic(value)
    assert err.value.message == f"BIC « {value} » invalide : 8 ou 11 caractères (banque, pays, lieu, agence)."
