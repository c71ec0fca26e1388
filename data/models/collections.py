"""Collections: payments, bank statement lines and their column mappings, reminder levels, reminders sent,
legal interest rates. Owned by the collections work (issue 5).

Idempotence lives in the schema: a statement line is unique per firm by its hash (the same statement
imported twice adds nothing) and a reminder level is unique per invoice (`send-reminders` run twice, or by
two processes at once, can never send a level twice: the second INSERT fails and its transaction rolls back).
"""

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKeyConstraint, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from data.models.base import Base, Cents, TenantMixin


class PaymentRow(TenantMixin, Base):
    __tablename__ = "payments"
    __table_args__ = (
        UniqueConstraint("firm_id", "id"),
        ForeignKeyConstraint(["firm_id", "invoice_id"], ["invoices.firm_id", "invoices.id"],
                             name="fk_payments_firm_id_invoice_id_invoices"),
        ForeignKeyConstraint(["firm_id", "client_id"], ["clients.firm_id", "clients.id"],
                             name="fk_payments_firm_id_client_id_clients"),
        CheckConstraint("amount_cents > 0", name="positive"),
        CheckConstraint("method IN ('virement', 'cheque', 'prelevement', 'especes', 'carte')", name="method"),
    )

    invoice_id: Mapped[int] = mapped_column(Integer, index=True)
    client_id: Mapped[int] = mapped_column(Integer, index=True)
    paid_on: Mapped[date] = mapped_column(Date)
    amount_cents: Mapped[int] = mapped_column(Cents)
    method: Mapped[str] = mapped_column(String(12))  # domain PaymentMethod value
    reference: Mapped[str] = mapped_column(String(140), default="")
    created_at: Mapped[datetime]
    created_by: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # Cancelled payments stay (who cancelled, when): the history of an invoice never loses a line.
    cancelled_at: Mapped[datetime | None] = mapped_column(nullable=True)
    cancelled_by: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # The bank line the payment was allocated from (one line may pay several invoices). No foreign key:
    # bank_lines already points to payments, and a cycle of keys would make SQLite rebuild both tables;
    # the repository sets it only from a line of the same firm.
    bank_line_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)


class BankMappingRow(TenantMixin, Base):
    """Which CSV column holds what, remembered per bank (the name the user gives it) for the firm."""

    __tablename__ = "bank_mappings"
    __table_args__ = (UniqueConstraint("firm_id", "bank_name"),)

    bank_name: Mapped[str] = mapped_column(String(80))
    date_column: Mapped[str] = mapped_column(String(80))
    label_column: Mapped[str] = mapped_column(String(80))
    amount_column: Mapped[str] = mapped_column(String(80))
    reference_column: Mapped[str] = mapped_column(String(80), default="")


class BankLineRow(TenantMixin, Base):
    __tablename__ = "bank_lines"
    __table_args__ = (
        UniqueConstraint("firm_id", "id"),
        UniqueConstraint("firm_id", "line_hash"),
        ForeignKeyConstraint(["firm_id", "payment_id"], ["payments.firm_id", "payments.id"],
                             name="fk_bank_lines_firm_id_payment_id_payments"),
        CheckConstraint("status IN ('a_rapprocher', 'rapprochee', 'ignoree')", name="status"),
    )

    bank_name: Mapped[str] = mapped_column(String(80))
    line_hash: Mapped[str] = mapped_column(String(64))
    booked_on: Mapped[date] = mapped_column(Date)
    label: Mapped[str] = mapped_column(String(300))
    amount_cents: Mapped[int] = mapped_column(Cents)
    reference: Mapped[str] = mapped_column(String(140), default="")
    status: Mapped[str] = mapped_column(String(12), index=True)  # domain BankLineStatus value
    payment_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    imported_at: Mapped[datetime]
    imported_by: Mapped[int | None] = mapped_column(Integer, nullable=True)


class ReminderLevelRow(TenantMixin, Base):
    __tablename__ = "reminder_levels"
    __table_args__ = (
        UniqueConstraint("firm_id", "level"),
        CheckConstraint("kind IN ('courriel', 'lettre', 'mise_en_demeure')", name="kind"),
        CheckConstraint("days_after_due >= 0", name="days"),
    )

    level: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(80))
    kind: Mapped[str] = mapped_column(String(20))  # domain ReminderKind value
    days_after_due: Mapped[int] = mapped_column(Integer)


class ReminderRow(TenantMixin, Base):
    __tablename__ = "reminders"
    __table_args__ = (
        UniqueConstraint("firm_id", "invoice_id", "level"),
        ForeignKeyConstraint(["firm_id", "invoice_id"], ["invoices.firm_id", "invoices.id"],
                             name="fk_reminders_firm_id_invoice_id_invoices"),
    )

    invoice_id: Mapped[int] = mapped_column(Integer, index=True)
    client_id: Mapped[int] = mapped_column(Integer, index=True)
    level: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(80))
    sent_on: Mapped[date] = mapped_column(Date)
    sent_at: Mapped[datetime]
    sent_by: Mapped[int | None] = mapped_column(Integer, nullable=True)
    principal_cents: Mapped[int] = mapped_column(Cents)
    penalty_cents: Mapped[int] = mapped_column(Cents)
    indemnity_cents: Mapped[int] = mapped_column(Cents)
    mailed_to: Mapped[str] = mapped_column(String(254), default="")
    outbox_id: Mapped[int | None] = mapped_column(Integer, nullable=True)  # no FK: the outbox may be purged


class LegalInterestRateRow(TenantMixin, Base):
    """Taux de l'intérêt légal, « autres cas » (professional creditor), per half-year (1 or 2)."""

    __tablename__ = "legal_interest_rates"
    __table_args__ = (
        UniqueConstraint("firm_id", "year", "half"),
        CheckConstraint("half IN (1, 2)", name="half"),
        CheckConstraint("rate_bp >= 0", name="rate"),
    )

    year: Mapped[int] = mapped_column(Integer)
    half: Mapped[int] = mapped_column(Integer)
    rate_bp: Mapped[int] = mapped_column(Integer)  # 2.62 % = 262 basis points
