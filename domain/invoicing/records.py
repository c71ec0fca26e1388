"""Invoices as the firm keeps them: a draft, then an issued document that never changes again.

A stored invoice wraps the document (model.Invoice: what the PDF and the XML say) with what the firm needs
around it: its status, the client record, the engagement or mission it bills, the credit note's invoice,
who issued it and when, the mail that carried it.
"""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from domain.invoicing.model import ConformityProblem, Invoice, InvoiceKind, InvoiceLine

# ECB refinancing rate (2.15 % since June 2025, DOMAIN.md §2a, unverified for 2026) + 10 points: the
# statutory rate when the contract sets none. A firm setting will replace this default.
DEFAULT_LATE_PENALTY_RATE = Decimal("12.15")


class InvoiceStatus(StrEnum):
    DRAFT = "brouillon"
    ISSUED = "emise"

    @property
    def label(self) -> str:
        return {"brouillon": "Brouillon", "emise": "Émise"}[self.value]


@dataclass(frozen=True, slots=True)
class InvoiceDraft:
    """What a user types for a draft; the seller and buyer are taken from the firm and the client records."""

    client_id: int
    lines: tuple[InvoiceLine, ...]
    due_date: date | None = None  # None: 30 days after the issue date
    period_start: date | None = None
    period_end: date | None = None
    engagement_id: int | None = None
    mission_id: int | None = None
    payment_terms: str = ""
    late_penalty_rate: Decimal = DEFAULT_LATE_PENALTY_RATE


@dataclass(frozen=True, slots=True)
class StoredInvoice:
    id: int
    status: InvoiceStatus
    client_id: int
    document: Invoice  # number "" while a draft; issue_date is the creation day until issued
    created_on: date
    engagement_id: int | None = None
    mission_id: int | None = None
    credited_invoice_id: int | None = None
    created_by: int | None = None
    issued_at: datetime | None = None
    issued_by: int | None = None
    mailed_to: str = ""
    mail_outbox_id: int | None = None
    pdf_sha256: str = ""
    billing_period: str = ""  # "YYYY-MM" when a billing run proposed the draft
    problems: tuple[ConformityProblem, ...] = ()  # why its last issue attempt was refused (a draft only)

    @property
    def is_draft(self) -> bool:
        return self.status is InvoiceStatus.DRAFT

    @property
    def kind(self) -> InvoiceKind:
        return self.document.kind

    @property
    def reference(self) -> str:
        """The number once issued; a draft is named by its id (it has no number yet, on purpose)."""
        return self.document.number or f"brouillon n° {self.id}"


@dataclass(frozen=True, slots=True)
class InvoiceSummary:
    """One row of the list: what the columns hold, no lines, no snapshot but the buyer's name."""

    id: int
    kind: InvoiceKind
    status: InvoiceStatus
    number: str
    client_id: int
    buyer_name: str
    created_on: date
    issue_date: date | None
    due_date: date | None
    ht_cents: int
    vat_cents: int
    ttc_cents: int
    credited_invoice_id: int | None = None
    mailed_to: str = ""

    @property
    def reference(self) -> str:
        return self.number or f"brouillon n° {self.id}"


@dataclass(frozen=True, slots=True)
class Deposit:
    """An issued deposit invoice (facture d'acompte) as a later invoice deducts it: whole, TTC."""

    id: int
    client_id: int
    number: str
    issue_date: date
    mission_id: int | None
    ht_cents: int
    vat_cents: int
    ttc_cents: int


@dataclass(frozen=True, slots=True)
class InvoiceFilter:
    status: InvoiceStatus | None = None
    client_id: int | None = None
    kind: InvoiceKind | None = None
    period_from: date | None = None  # on the issue date (a draft: its creation day)
    period_to: date | None = None
    credited_invoice_id: int | None = None  # the credit notes of one invoice
    billing_period: str | None = None  # the drafts and invoices of one billing run ("YYYY-MM")


@dataclass(frozen=True, slots=True)
class Issuance:
    """What issuing writes on a draft's row: the document as issued (number, date, snapshots), the exact bytes
    sent, and the mail queued to carry them (none: "" and None)."""

    invoice_id: int
    document: Invoice
    pdf: bytes
    xml: bytes
    sha256: str
    mailed_to: str = ""
    mail_outbox_id: int | None = None
