"""French display of amounts, dates and timestamps (1 234,56 €, 22/11/2026, Europe/Paris)."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from babel.numbers import format_currency, format_decimal

from domain.money import from_cents

PARIS = ZoneInfo("Europe/Paris")


def eur(amount: Decimal) -> str:
    return format_currency(amount, "EUR", locale="fr_FR")


def eur_cents(cents: int) -> str:
    return eur(from_cents(cents))


def number(value: Decimal, decimals: int = 1) -> str:
    pattern = "#,##0." + "0" * decimals if decimals else "#,##0"
    return format_decimal(value, format=pattern, locale="fr_FR")


def day(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def moment(value: datetime | None) -> str:
    """A UTC timestamp shown in Paris time."""
    if value is None:
        return ""
    return value.astimezone(PARIS).strftime("%d/%m/%Y %H:%M")


MONTHS_FR = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
             "septembre", "octobre", "novembre", "décembre")


def month(value: date) -> str:
    return f"{MONTHS_FR[value.month - 1]} {value.year}"


def hours(minutes: int) -> str:
    """420 → "7 h", 1710 → "28,5 h"."""
    value = Decimal(minutes) / 60
    text = number(value, 2).rstrip("0").rstrip(",")
    return f"{text} h"
