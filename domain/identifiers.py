"""French company identifiers and bank details, validated with their check digits.

SIREN (9 digits, Luhn), SIRET (SIREN + 5-digit NIC, Luhn), intra-EU VAT number FR + 2-digit key
+ SIREN, IBAN (ISO 13616) and BIC (ISO 9362). Each function returns the normalised value or raises
`InvalidInput` with a French message naming the field.
"""

from schwifty import BIC, IBAN
from schwifty.exceptions import SchwiftyException
from stdnum.exceptions import ValidationError
from stdnum.fr import siren as stdnum_siren
from stdnum.fr import siret as stdnum_siret
from stdnum.fr import tva as stdnum_tva

from domain.errors import InvalidInput


def _compact(value: str) -> str:
    return "".join((value or "").split()).replace(".", "").replace("-", "").upper()


def validate_siren(value: str) -> str:
    siren = _compact(value)
    try:
        return stdnum_siren.validate(siren)
    except ValidationError:
        raise InvalidInput(f"SIREN « {value} » invalide : 9 chiffres avec une clé de contrôle correcte.") from None


def validate_siret(value: str, siren: str | None = None) -> str:
    siret = _compact(value)
    try:
        siret = stdnum_siret.validate(siret)
    except ValidationError:
        raise InvalidInput(f"SIRET « {value} » invalide : 14 chiffres avec une clé de contrôle correcte.") from None
    if siren and not siret.startswith(siren):
        raise InvalidInput(f"Le SIRET {siret} ne correspond pas au SIREN {siren}.")
    return siret


def vat_number_for(siren: str) -> str:
    """The French VAT number derived from a SIREN: FR + (12 + 3 × (SIREN mod 97)) mod 97 + SIREN."""
    key = (12 + 3 * (int(siren) % 97)) % 97
    return f"FR{key:02d}{siren}"


def validate_vat_number(value: str, siren: str | None = None) -> str:
    vat = _compact(value)
    if not vat.startswith("FR"):
        raise InvalidInput(f"Numéro de TVA « {value} » invalide : un numéro français commence par FR.")
    try:
        vat = "FR" + stdnum_tva.validate(vat)
    except ValidationError:
        raise InvalidInput(f"Numéro de TVA « {value} » invalide : clé de contrôle incorrecte.") from None
    if siren and vat[4:] != siren:
        raise InvalidInput(f"Le numéro de TVA {vat} ne correspond pas au SIREN {siren} (attendu : {vat_number_for(siren)}).")
    return vat


def validate_iban(value: str) -> str:
    try:
        return IBAN(value).compact
    except SchwiftyException:
        raise InvalidInput(f"IBAN « {value} » invalide (longueur ou clé de contrôle).") from None


def validate_bic(value: str) -> str:
    try:
        return str(BIC(_compact(value)))
    except SchwiftyException:
        raise InvalidInput(f"BIC « {value} » invalide : 8 ou 11 caractères (banque, pays, lieu, agence).") from None
