"""Invoice arithmetic in integer cents: one rounding per line, VAT per rate and category, totals.

Every rounding is half up to the cent (domain/money.py). A line's amount is quantity × unit price HT,
rounded once. VAT is computed on the sum of the lines of one rate and category, never line by line:
the sum of rounded per-line VAT could differ by a cent from the VAT of the base, and the e-invoicing
rules check the VAT of each rate against its base.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

RATE_STEP = Decimal("0.01")  # VAT rates are percents with two decimals ("5.50")
ZERO_RATE = Decimal("0.00")


class VatCategory(StrEnum):
    STANDARD = "taxable"  # taxed at the line's rate
    OUT_OF_SCOPE = "hors_champ"  # débours: outside the scope of VAT (CGI art. 267 II 2°)

    @property
    def label(self) -> str:
        return {"taxable": "Soumis à TVA", "hors_champ": "Hors champ de la TVA (débours)"}[self.value]


def round_to_int(value: Decimal) -> int:
    """Half up (away from zero on the half), the rounding of domain/money.py, to a whole number of cents."""
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def line_amount_cents(quantity: Decimal, unit_price_cents: int) -> int:
    """quantity × unit price HT, rounded half up to the cent: the line's amount HT."""
    return round_to_int(quantity * unit_price_cents)


def vat_cents(basis_cents: int, rate: Decimal) -> int:
    """VAT of a base at a percent rate ("20.00"), rounded half up to the cent."""
    return round_to_int(Decimal(basis_cents) * rate / 100)


@dataclass(frozen=True, slots=True)
class VatGroup:
    """One line of the VAT breakdown: the lines of one category and rate, their base and their VAT."""

    category: VatCategory
    rate: Decimal  # percent; 0 outside the scope of VAT
    basis_cents: int
    vat_cents: int


@dataclass(frozen=True, slots=True)
class Totals:
    lines_cents: int  # sum of the lines HT (disbursements included)
    vat_cents: int
    ttc_cents: int
    prepaid_cents: int  # deposits already paid and deducted
    due_cents: int  # what remains to pay
    groups: tuple[VatGroup, ...]

    @property
    def ht_cents(self) -> int:
        """Total HT. No document-level discount or charge exists yet, so it equals the sum of the lines."""
        return self.lines_cents

    @property
    def taxable_cents(self) -> int:
        return sum(g.basis_cents for g in self.groups if g.category is VatCategory.STANDARD)

    @property
    def disbursements_cents(self) -> int:
        return sum(g.basis_cents for g in self.groups if g.category is VatCategory.OUT_OF_SCOPE)


def vat_groups(amounts: Iterable[tuple[VatCategory, Decimal, int]]) -> tuple[VatGroup, ...]:
    """The VAT breakdown of (category, rate, amount HT) lines: taxable rates from the highest, then débours."""
    bases: dict[tuple[VatCategory, Decimal], int] = {}
    for category, rate, amount in amounts:
        key = (category, rate.quantize(RATE_STEP) if category is VatCategory.STANDARD else ZERO_RATE)
        bases[key] = bases.get(key, 0) + amount
    order = sorted(bases, key=lambda k: (k[0] is VatCategory.OUT_OF_SCOPE, -k[1]))
    return tuple(VatGroup(category, rate, bases[(category, rate)],
                          vat_cents(bases[(category, rate)], rate) if category is VatCategory.STANDARD else 0)
                 for category, rate in order)


def compute_totals(amounts: Iterable[tuple[VatCategory, Decimal, int]], prepaid_cents: int = 0) -> Totals:
    groups = vat_groups(amounts)
    lines = sum(g.basis_cents for g in groups)
    vat = sum(g.vat_cents for g in groups)
    return Totals(lines_cents=lines, vat_cents=vat, ttc_cents=lines + vat, prepaid_cents=prepaid_cents,
                  due_cents=lines + vat - prepaid_cents, groups=groups)
