"""An invoice or credit note as issued: snapshots of seller and buyer, lines, terms. Money is integer cents.

The seller and buyer are copies taken when the invoice is drafted, so an issued invoice never changes
when the firm or the client is edited later. Quantities and VAT rates are Decimal (a rate is a percent
with two decimals, "20.00"); amounts are integer cents, computed in totals.py.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from domain.errors import DomainError
from domain.firm.model import FirmIdentity
from domain.invoicing.totals import ZERO_RATE, Totals, VatCategory, compute_totals, line_amount_cents

RECOVERY_INDEMNITY_CENTS = 4000  # 40 €, owed by a professional debtor for each late invoice (C. com. D441-5)
NO_DISCOUNT = "Pas d'escompte pour paiement anticipé."


class InvoiceExportError(DomainError):
    """The Factur-X file could not be built or read; the French message says what went wrong."""


@dataclass(frozen=True, slots=True)
class ConformityProblem:
    """One reason an e-invoice file fails a check: the schema, the European rules or the French ones."""

    check: str  # "Schéma XML", "EN 16931", "France (CTC)"
    rule: str  # the rule's identifier, as the official rule sets name it ("BR-CO-15")
    message: str
    location: str = ""
    blocking: bool = True  # False for the rules that only warn

    @property
    def text(self) -> str:
        return f"[{self.check}] {self.rule} : {self.message}" if self.rule else f"[{self.check}] {self.message}"


class InvoiceKind(StrEnum):
    INVOICE = "facture"
    CREDIT_NOTE = "avoir"

    @property
    def label(self) -> str:
        return {"facture": "Facture", "avoir": "Avoir"}[self.value]


class LineKind(StrEnum):
    FEE = "honoraires"  # the engagement's fees: forfait, time spent, unit-based
    EXTRA = "complementaire"  # work outside the engagement, billed on top
    DISBURSEMENT = "debours"  # paid in the client's name and for its account: outside VAT
    DEPOSIT = "acompte"  # a deposit asked before the work (facture d'acompte, TypeCode 386): not revenue yet

    @property
    def label(self) -> str:
        return {"honoraires": "Honoraires", "complementaire": "Travaux complémentaires", "debours": "Débours",
                "acompte": "Acompte"}[self.value]


class Unit(StrEnum):
    FLAT = "forfait"
    HOUR = "heure"
    MONTH = "mois"
    PIECE = "unite"  # payslips, returns filed…

    @property
    def label(self) -> str:
        return {"forfait": "forfait", "heure": "h", "mois": "mois", "unite": "unité"}[self.value]


@dataclass(frozen=True, slots=True)
class PostalAddress:
    line: str = ""
    postal_code: str = ""
    city: str = ""
    country: str = "FR"  # ISO 3166-1 alpha-2

    @property
    def is_complete(self) -> bool:
        return bool(self.line.strip() and self.postal_code.strip() and self.city.strip() and self.country.strip())


@dataclass(frozen=True, slots=True)
class Seller:
    """The firm as its invoice states it (DOMAIN.md §2a), with what the payment needs."""

    name: str
    siren: str = ""
    siret: str = ""
    vat_number: str = ""
    legal_form: str = ""
    rcs_city: str = ""
    share_capital_cents: int = 0
    address: PostalAddress = PostalAddress()
    email: str = ""
    iban: str = ""
    bic: str = ""
    vat_on_debits: bool = False  # the firm opted to pay VAT on invoicing rather than on receipt

    @classmethod
    def of_firm(cls, firm: FirmIdentity, vat_on_debits: bool = False) -> "Seller":
        return cls(name=firm.name, siren=firm.siren, siret=firm.siret, vat_number=firm.vat_number,
                   legal_form=firm.legal_form, rcs_city=firm.rcs_city, share_capital_cents=firm.share_capital_cents,
                   address=PostalAddress(firm.address_line, firm.postal_code, firm.city), email=firm.email,
                   iban=firm.iban, bic=firm.bic, vat_on_debits=vat_on_debits)


@dataclass(frozen=True, slots=True)
class Buyer:
    """The client as invoiced. A public-sector client (Chorus Pro) is identified by its SIRET and may
    require a service code and a commitment number (engagement juridique)."""

    name: str
    address: PostalAddress = PostalAddress()
    siren: str = ""
    siret: str = ""
    vat_number: str = ""
    email: str = ""
    public_sector: bool = False
    service_code: str = ""
    commitment_number: str = ""
    service_code_required: bool = False  # the Chorus Pro structure's settings
    commitment_required: bool = False

    @property
    def registered_siren(self) -> str:
        """The SIREN, or the one a SIRET begins with."""
        return self.siren or self.siret[:9]


@dataclass(frozen=True, slots=True)
class InvoiceLine:
    label: str
    quantity: Decimal
    unit_price_cents: int  # HT
    vat_rate: Decimal = Decimal("20.00")  # percent; 0 for a disbursement
    unit: Unit = Unit.FLAT
    kind: LineKind = LineKind.FEE

    @property
    def amount_cents(self) -> int:
        """Quantity × unit price HT, rounded half up to the cent (the one rounding of a line)."""
        return line_amount_cents(self.quantity, self.unit_price_cents)

    @property
    def vat_category(self) -> VatCategory:
        return VatCategory.OUT_OF_SCOPE if self.kind is LineKind.DISBURSEMENT else VatCategory.STANDARD

    @property
    def effective_rate(self) -> Decimal:
        """The rate that applies: a disbursement bears no VAT whatever was typed."""
        return ZERO_RATE if self.vat_category is VatCategory.OUT_OF_SCOPE else self.vat_rate


@dataclass(frozen=True, slots=True)
class Invoice:
    kind: InvoiceKind
    number: str
    issue_date: date
    seller: Seller
    buyer: Buyer
    lines: tuple[InvoiceLine, ...] = ()
    due_date: date | None = None
    period_start: date | None = None  # the service period invoiced
    period_end: date | None = None
    preceding_number: str = ""  # credit note: the invoice it corrects
    preceding_date: date | None = None
    contract_reference: str = ""  # the engagement letter
    payment_terms: str = ""  # free text, e.g. "Paiement à 30 jours par virement"
    late_penalty_rate: Decimal = Decimal(0)  # annual percent
    recovery_indemnity_cents: int = RECOVERY_INDEMNITY_CENTS
    early_payment_discount: str = NO_DISCOUNT
    prepaid_cents: int = 0  # deposits already paid, deducted from the amount due
    prepaid_note: str = ""  # the deposits deducted, named ("Acomptes déduits : F2026-00012 du …")

    @property
    def is_credit_note(self) -> bool:
        return self.kind is InvoiceKind.CREDIT_NOTE

    @property
    def is_deposit(self) -> bool:
        """A deposit invoice (facture d'acompte): an invoice whose lines are all deposits."""
        return (self.kind is InvoiceKind.INVOICE and bool(self.lines)
                and all(line.kind is LineKind.DEPOSIT for line in self.lines))

    @property
    def title(self) -> str:
        """"Facture", "Facture d'acompte" or "Avoir": what the document calls itself."""
        return "Facture d'acompte" if self.is_deposit else self.kind.label

    @property
    def totals(self) -> Totals:
        return compute_totals(((line.vat_category, line.effective_rate, line.amount_cents) for line in self.lines),
                              self.prepaid_cents)

    @property
    def has_disbursements(self) -> bool:
        return any(line.kind is LineKind.DISBURSEMENT for line in self.lines)
