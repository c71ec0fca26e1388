"""Payments, bank statement lines, reminder levels and reminders as the firm keeps them.

An invoice's outstanding amount is what it asks for (TTC due, after any deposit) minus the payments not
cancelled and the credit notes issued on it. A payment larger than the outstanding amount is refused, not
kept as an overpayment: the firm's books would then hold a credit balance with no invoice to carry it, and
the usual cause is a payment put on the wrong invoice. The user records the surplus on another invoice.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum


class PaymentMethod(StrEnum):
    TRANSFER = "virement"
    CHEQUE = "cheque"
    DIRECT_DEBIT = "prelevement"
    CASH = "especes"
    CARD = "carte"

    @property
    def label(self) -> str:
        return {"virement": "Virement", "cheque": "Chèque", "prelevement": "Prélèvement", "especes": "Espèces",
                "carte": "Carte bancaire"}[self.value]


@dataclass(frozen=True, slots=True)
class PaymentInput:
    invoice_id: int
    paid_on: date
    amount_cents: int
    method: PaymentMethod = PaymentMethod.TRANSFER
    reference: str = ""
    bank_line_id: int | None = None  # the statement line it is allocated from, if any


@dataclass(frozen=True, slots=True)
class Payment:
    id: int
    invoice_id: int
    client_id: int
    paid_on: date
    amount_cents: int
    method: PaymentMethod
    reference: str = ""
    created_at: datetime | None = None
    created_by: int | None = None
    cancelled_at: datetime | None = None
    cancelled_by: int | None = None
    bank_line_id: int | None = None

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None


@dataclass(frozen=True, slots=True)
class Movement:
    """Something that reduces what an invoice asks for, on a day: a payment or a credit note."""

    on: date
    cents: int
    what: str  # "paiement" or "avoir"


@dataclass(frozen=True, slots=True)
class Receivable:
    """An issued invoice with what has reduced it so far; the base of outstanding amounts, aged balance
    and penalties."""

    invoice_id: int
    number: str
    client_id: int
    client_name: str
    issue_date: date
    due_date: date
    due_cents: int  # TTC minus any deposit: what the invoice asks for
    late_penalty_rate: Decimal  # the contractual rate, in percent per year
    recovery_indemnity_cents: int
    movements: tuple[Movement, ...] = ()

    def outstanding_on(self, on: date | None = None) -> int:
        """Still to pay at the end of day `on` (None: with every movement known)."""
        reduced = sum(m.cents for m in self.movements if on is None or m.on <= on)
        return self.due_cents - reduced

    @property
    def outstanding_cents(self) -> int:
        return self.outstanding_on(None)

    def days_late(self, on: date) -> int:
        return max((on - self.due_date).days, 0)


class BankLineStatus(StrEnum):
    TO_MATCH = "a_rapprocher"
    MATCHED = "rapprochee"
    IGNORED = "ignoree"

    @property
    def label(self) -> str:
        return {"a_rapprocher": "À rapprocher", "rapprochee": "Rapprochée", "ignoree": "Ignorée"}[self.value]


@dataclass(frozen=True, slots=True)
class BankMapping:
    """Which columns of a bank's CSV hold the date, the label, the amount and (optionally) a reference."""

    bank_name: str
    date_column: str
    label_column: str
    amount_column: str
    reference_column: str = ""


@dataclass(frozen=True, slots=True)
class StatementLine:
    """A line read from a statement, before it is stored; `line_hash` identifies it across imports."""

    booked_on: date
    label: str
    amount_cents: int
    reference: str
    line_hash: str


@dataclass(frozen=True, slots=True)
class BankLine:
    id: int
    bank_name: str
    booked_on: date
    label: str
    amount_cents: int
    reference: str
    status: BankLineStatus
    payment_id: int | None = None  # the first payment allocated from it and not cancelled
    allocated_cents: int = 0  # the payments not cancelled allocated from it (one line may pay several invoices)

    @property
    def unallocated_cents(self) -> int:
        """What is left of the credit for other invoices: shown in the queue, never dropped silently."""
        return self.amount_cents - self.allocated_cents


@dataclass(frozen=True, slots=True)
class ImportReport:
    bank_name: str
    added: int
    duplicates: int
    debits_skipped: int

    @property
    def text(self) -> str:
        parts = [f"{self.added} ligne(s) de crédit ajoutée(s) à rapprocher"]
        if self.duplicates:
            parts.append(f"{self.duplicates} déjà importée(s) auparavant, ignorée(s)")
        if self.debits_skipped:
            parts.append(f"{self.debits_skipped} débit(s) non repris (seuls les encaissements sont rapprochés)")
        return f"Relevé {self.bank_name} : " + " ; ".join(parts) + "."


@dataclass(frozen=True, slots=True)
class Suggestion:
    """An invoice that may be what a bank line pays, with why (best first)."""

    invoice_id: int
    number: str
    client_name: str
    outstanding_cents: int
    score: int
    reasons: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True, slots=True)
class GroupSuggestion:
    """Several open invoices of one client whose outstanding amounts add up to a bank line (oldest first), or,
    with `partial_number`, the invoices the label names with the last one paid only in part."""

    invoice_ids: tuple[int, ...]
    numbers: tuple[str, ...]
    client_name: str
    total_cents: int  # what the group takes from the line
    score: int
    reasons: tuple[str, ...] = field(default_factory=tuple)
    partial_number: str = ""


class ReminderKind(StrEnum):
    EMAIL = "courriel"
    LETTER = "lettre"
    FORMAL_NOTICE = "mise_en_demeure"

    @property
    def label(self) -> str:
        return {"courriel": "Courriel de relance", "lettre": "Lettre de relance",
                "mise_en_demeure": "Mise en demeure"}[self.value]


@dataclass(frozen=True, slots=True)
class ReminderLevel:
    level: int
    label: str
    kind: ReminderKind
    days_after_due: int


DEFAULT_LEVELS = (
    ReminderLevel(1, "Relance amiable", ReminderKind.EMAIL, 7),
    ReminderLevel(2, "Lettre de relance", ReminderKind.LETTER, 30),
    ReminderLevel(3, "Mise en demeure", ReminderKind.FORMAL_NOTICE, 45),
)


@dataclass(frozen=True, slots=True)
class SentReminder:
    id: int
    invoice_id: int
    client_id: int
    level: int
    label: str
    sent_on: date
    principal_cents: int
    penalty_cents: int
    indemnity_cents: int
    mailed_to: str = ""
    sent_at: datetime | None = None
    sent_by: int | None = None
    outbox_id: int | None = None
