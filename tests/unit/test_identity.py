"""The firm's legal identity: validation, audit diff and logo check (domain/firm/identity.py).

Identifiers used (check digits computed by hand in test_identifiers.py): SIREN 732829320,
SIRET 73282932000074, VAT FR44732829320, SIREN 123456782 (VAT FR11123456782), IBAN
FR76 3000 6000 0112 3456 7890 189, BIC BNPAFRPP.
"""

from dataclasses import replace

import pytest

from domain.errors import InvalidInput
from domain.firm.identity import LOGO_MAX_BYTES, identity_changes, identity_form, logo_mime, validate_identity
from domain.firm.model import FirmIdentity

PNG = b"\x89PNG\r\n\x1a\n"
JPEG = b"\xff\xd8\xff\xe0"


def _form(**overrides: str) -> dict[str, str]:
    form = {
        "name": "Cabinet Durand",
        "legal_form": "SAS",
        "siren": "732 829 320",
        "siret": "732 829 320 00074",
        "vat_number": "FR 44 732 829 320",
        "rcs_city": "Paris",
        "share_capital": "150 000,50",
        "ordre_number": "14-123456",
        "address_line": "12  rue   de la Paix",
        "postal_code": "75002",
        "city": "Paris",
        "email": "contact@durand.fr",
        "phone": "01 23 45 67 89",
        "iban": "FR76 3000 6000 0112 3456 7890 189",
        "bic": "bnpa frpp",
    }
    return form | overrides


def test_a_valid_identity_is_normalised():
    identity = validate_identity(_form())
    assert identity == FirmIdentity(
        name="Cabinet Durand", legal_form="SAS", siren="732829320", siret="73282932000074",
        vat_number="FR44732829320", rcs_city="Paris", share_capital_cents=15000050, ordre_number="14-123456",
        address_line="12 rue de la Paix", postal_code="75002", city="Paris", email="contact@durand.fr",
        phone="01 23 45 67 89", iban="FR7630006000011234567890189", bic="BNPAFRPP")


def test_the_share_capital_is_stored_in_cents():
    # 150 000,50 € = 15 000 050 cents.
    assert validate_identity(_form(share_capital="150 000,50")).share_capital_cents == 15_000_050
    assert validate_identity(_form(share_capital="1 000 €")).share_capital_cents == 100_000


def test_a_missing_share_capital_counts_as_zero():
    assert validate_identity(_form(share_capital="")).share_capital_cents == 0


def test_only_name_and_siren_are_required():
    identity = validate_identity({"name": "Cabinet Durand", "siren": "732829320"})
    assert identity == FirmIdentity(name="Cabinet Durand", siren="732829320")


def test_every_problem_is_reported_at_once():
    form = _form(name="  ", siren="732829321", iban="FR76 3000 6000 0112 3456 7890 188", bic="BNPA12PP",
                 share_capital="-5", postal_code="7500", email="contact.durand.fr")
    with pytest.raises(InvalidInput) as err:
        validate_identity(form)
    lines = err.value.message.split("\n")
    assert lines == [
        "La dénomination du cabinet est obligatoire.",
        "SIREN « 732829321 » invalide : 9 chiffres avec une clé de contrôle correcte.",
        "IBAN « FR76 3000 6000 0112 3456 7890 188 » invalide (longueur ou clé de contrôle).",
        "BIC « BNPA12PP » invalide : 8 ou 11 caractères (banque, pays, lieu, agence).",
        "Capital social : le montant ne peut pas être négatif.",
        "Code postal « 7500 » invalide : 5 chiffres.",
        "Adresse e-mail « contact.durand.fr » invalide.",
    ]


def test_a_siret_and_vat_number_of_another_company_are_both_reported():
    form = _form(siret="12345678200010", vat_number="FR11123456782")
    with pytest.raises(InvalidInput) as err:
        validate_identity(form)
    message = err.value.message
    assert "Le SIRET 12345678200010 ne correspond pas au SIREN 732829320." in message
    assert "ne correspond pas au SIREN 732829320 (attendu : FR44732829320)" in message


def test_a_missing_siren_is_reported():
    with pytest.raises(InvalidInput, match="SIREN"):
        validate_identity({"name": "Cabinet Durand"})


def test_a_postal_code_with_letters_is_refused():
    with pytest.raises(InvalidInput, match="Code postal « 7500A » invalide"):
        validate_identity(_form(postal_code="7500A"))


def test_an_absurd_share_capital_is_reported_instead_of_crashing():
    with pytest.raises(InvalidInput, match="Capital social"):
        validate_identity(_form(share_capital="1" * 30))


def test_identity_changes_lists_only_the_changed_fields_with_old_and_new_values():
    before = validate_identity(_form())
    after = replace(before, city="Lyon", postal_code="69002", phone="")
    assert identity_changes(before, after) == {
        "postal_code": ["75002", "69002"], "city": ["Paris", "Lyon"], "phone": ["01 23 45 67 89", ""]}


def test_an_unchanged_identity_has_no_changes():
    identity = validate_identity(_form())
    assert identity_changes(identity, replace(identity)) == {}


def test_a_capital_change_is_recorded_in_cents():
    before = FirmIdentity(name="A", share_capital_cents=100_000)
    after = FirmIdentity(name="A", share_capital_cents=15_000_050)
    assert identity_changes(before, after) == {"share_capital_cents": [100_000, 15_000_050]}


def test_the_form_shows_the_capital_in_french_notation():
    assert identity_form(FirmIdentity(name="A", share_capital_cents=15_000_050))["share_capital"] == "150000,50"
    assert identity_form(FirmIdentity(name="A", share_capital_cents=100_000))["share_capital"] == "1000"
    assert identity_form(FirmIdentity(name="A", share_capital_cents=5))["share_capital"] == "0,05"


def test_an_identity_survives_a_round_trip_through_its_form():
    identity = validate_identity(_form())
    assert validate_identity(identity_form(identity)) == identity


def test_a_png_logo_is_recognised_from_its_bytes():
    assert logo_mime(PNG + b"\x00" * 100) == "image/png"


def test_a_jpeg_logo_is_recognised_from_its_bytes():
    assert logo_mime(JPEG + b"\x00" * 100) == "image/jpeg"


@pytest.mark.parametrize("content", [b"GIF89a" + b"\x00" * 100, b"<svg xmlns='http://www.w3.org/2000/svg'/>",
                                     b"hello", b"", PNG[:7]],
                         ids=["gif", "svg", "text", "empty", "truncated-png-signature"])
def test_a_logo_that_is_neither_png_nor_jpeg_is_refused(content):
    with pytest.raises(InvalidInput) as err:
        logo_mime(content)
    assert err.value.message == "Le logo doit être une image PNG ou JPEG."


def test_a_logo_of_exactly_500_kb_is_accepted():
    assert LOGO_MAX_BYTES == 500 * 1024
    assert logo_mime(PNG + b"\x00" * (500 * 1024 - len(PNG))) == "image/png"


def test_a_logo_over_500_kb_is_refused():
    with pytest.raises(InvalidInput) as err:
        logo_mime(PNG + b"\x00" * (500 * 1024 - len(PNG) + 1))
    assert err.value.message == "Le logo ne doit pas dépasser 500 Ko."
