"""Money: integer cents at rest, Decimal in computations, one rounding rule (half up to the cent)."""

import re
from decimal import ROUND_HALF_UP, Decimal

from domain.errors import InvalidInput

CENT = Decimal("0.01")
# A trillion euros: far above any amount a firm types, far below Decimal's 28-digit precision.
MAX_AMOUNT = Decimal("999999999999.99")
_PLAIN_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


def round_cents(amount: Decimal) -> Decimal:
    """The one rounding helper: ROUND_HALF_UP to the cent."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def to_cents(amount: Decimal) -> int:
    return int(round_cents(amount) * 100)


def from_cents(cents: int) -> Decimal:
    return (Decimal(cents) / 100).quantize(CENT)


def parse_amount(text: str, field: str = "Montant") -> Decimal:
    """Parse an amount typed the French way ("1 234,56", "1234.5", "1 234 €"); never a float."""
    cleaned = (text or "").strip().replace("\u202f", "").replace("\xa0", "").replace(" ", "").replace("€", "")
    if cleaned.count(",") == 1 and "." in cleaned:
        cleaned = cleaned.replace(".", "")
    cleaned = cleaned.replace(",", ".")
    if not cleaned:
        raise InvalidInput(f"{field} : valeur obligatoire.")
    if not _PLAIN_NUMBER.match(cleaned):  # no exponent, NaN or Infinity: only what a person types
        raise InvalidInput(f"{field} : « {text} » n'est pas un montant valide.")
    value = Decimal(cleaned)
    if abs(value) > MAX_AMOUNT:
        raise InvalidInput(f"{field} : montant trop élevé.")
    if value != round_cents(value):
        raise InvalidInput(f"{field} : au plus deux décimales.")
    return value


def parse_non_negative_amount(text: str, field: str = "Montant") -> Decimal:
    value = parse_amount(text, field)
    if value < 0:
        raise InvalidInput(f"{field} : le montant ne peut pas être négatif.")
    return value
