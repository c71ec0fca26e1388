"""Invoices and credit notes: drafts, then issued rows frozen with the exact Factur-X bytes.

The seller and buyer are stored as JSON snapshots (text): they are read whole with their invoice, never
searched field by field, and their shape grows with e-invoicing (Chorus Pro codes, electronic addresses)
without a migration each time. What lists and filters need (client, dates, totals) has its own columns.
"""

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKeyConstraint,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from data.models.base import Base, Cents, TenantMixin


class InvoiceRow(TenantMixin, Base):
    __tablename__ = "invoices"
    __table_args__ = (
        UniqueConstraint("firm_id", "id"),
        # NULL numbers (drafts) never collide: both databases treat NULLs as distinct.
        UniqueConstraint("firm_id", "number"),
        ForeignKeyConstraint(["firm_id", "client_id"], ["clients.firm_id", "clients.id"],
                             name="fk_invoices_firm_id_client_id_clients"),
        ForeignKeyConstraint(["firm_id", "engagement_id"], ["engagements.firm_id", "engagements.id"],
                             name="fk_invoices_firm_id_engagement_id_engagements"),
        ForeignKeyConstraint(["firm_id", "mission_id"], ["missions.firm_id", "missions.id"],
                             name="fk_invoices_firm_id_mission_id_missions"),
        ForeignKeyConstraint(["firm_id", "credited_invoice_id"], ["invoices.firm_id", "invoices.id"],
                             name="fk_invoices_firm_id_credited_invoice_id_invoices"),
        ForeignKeyConstraint(["firm_id", "created_by"], ["users.firm_id", "users.id"],
                             name="fk_invoices_firm_id_created_by_users"),
        ForeignKeyConstraint(["firm_id", "issued_by"], ["users.firm_id", "users.id"],
                             name="fk_invoices_firm_id_issued_by_users"),
        CheckConstraint("kind IN ('facture', 'avoir')", name="kind"),
        CheckConstraint("status IN ('brouillon', 'emise')", name="status"),
        # An issued row is complete: its number, dates and the exact bytes that were sent. Only a row explicitly
        # marked pdf_deferred (seeded history) may wait for its PDF, rendered from its snapshot on first request.
        CheckConstraint("status = 'brouillon' OR (number IS NOT NULL AND issue_date IS NOT NULL AND (pdf IS NOT NULL "
                        "OR pdf_deferred) AND xml IS NOT NULL AND issued_at IS NOT NULL)", name="issued_complete"),
        CheckConstraint("NOT pdf_deferred OR (status = 'emise' AND pdf IS NULL)", name="pdf_deferred_pending"),
        CheckConstraint("kind = 'facture' OR credited_invoice_id IS NOT NULL", name="credit_note_references"),
    )

    kind: Mapped[str] = mapped_column(String(10))  # domain InvoiceKind value
    status: Mapped[str] = mapped_column(String(10), index=True)  # domain InvoiceStatus value
    number: Mapped[str | None] = mapped_column(String(35), nullable=True)  # allocated at issue
    client_id: Mapped[int] = mapped_column(Integer, index=True)
    engagement_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    mission_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    credited_invoice_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)  # credit note
    created_on: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime]
    created_by: Mapped[int | None] = mapped_column(Integer, nullable=True)
    issue_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    due_date: Mapped[date | None] = mapped_column(Date, nullable=True)  # draft: None = 30 days after issue
    period_start: Mapped[date | None] = mapped_column(Date, nullable=True)
    period_end: Mapped[date | None] = mapped_column(Date, nullable=True)
    seller: Mapped[str] = mapped_column(Text)  # JSON snapshot of domain Seller
    buyer: Mapped[str] = mapped_column(Text)  # JSON snapshot of domain Buyer
    preceding_number: Mapped[str] = mapped_column(String(35), default="")  # credit note: BT-25
    preceding_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    contract_reference: Mapped[str] = mapped_column(String(40), default="")
    payment_terms: Mapped[str] = mapped_column(String(300), default="")
    late_penalty_rate_bp: Mapped[int] = mapped_column(Integer)  # 12.15 % = 1215 basis points
    recovery_indemnity_cents: Mapped[int] = mapped_column(Cents)
    early_payment_discount: Mapped[str] = mapped_column(String(300), default="")
    prepaid_cents: Mapped[int] = mapped_column(Cents, default=0)
    lines_cents: Mapped[int] = mapped_column(Cents, default=0)  # totals, as the domain computed them
    vat_cents: Mapped[int] = mapped_column(Cents, default=0)
    ttc_cents: Mapped[int] = mapped_column(Cents, default=0)
    due_cents: Mapped[int] = mapped_column(Cents, default=0)
    pdf: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)  # the Factur-X PDF/A-3 sent
    xml: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)  # the CII XML embedded in it
    pdf_sha256: Mapped[str] = mapped_column(String(64), default="")
    # True while an issued row's PDF waits to be rendered (domain/invoicing/deferred.py): the XML is stored.
    pdf_deferred: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    issued_at: Mapped[datetime | None] = mapped_column(nullable=True)
    issued_by: Mapped[int | None] = mapped_column(Integer, nullable=True)
    mailed_to: Mapped[str] = mapped_column(String(254), default="")
    # The queued message; no foreign key, so that the outbox can be purged without touching invoices.
    mail_outbox_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # The billing run (month "YYYY-MM") that proposed this draft; None for a draft typed by hand.
    billing_period: Mapped[str | None] = mapped_column(String(7), nullable=True, index=True)
    # Why the last issue attempt refused the draft: JSON list of {check, rule, message}; "" when none.
    problems: Mapped[str] = mapped_column(Text, default="", server_default="")
    # A deposit invoice (facture d'acompte): the invoice, draft or issued, that deducts it (set when a draft
    # deducts it, cleared when that draft is deleted, kept once issued), so a deposit is deducted once.
    deducted_by_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    # The deposits deducted, named, as the invoice prints them and carries them in a note of its XML.
    prepaid_note: Mapped[str] = mapped_column(Text, default="", server_default="")


class InvoiceLineRow(TenantMixin, Base):
    __tablename__ = "invoice_lines"
    __table_args__ = (
        UniqueConstraint("firm_id", "id"),
        ForeignKeyConstraint(["firm_id", "invoice_id"], ["invoices.firm_id", "invoices.id"], ondelete="CASCADE",
                             name="fk_invoice_lines_firm_id_invoice_id_invoices"),
    )

    invoice_id: Mapped[int] = mapped_column(Integer, index=True)
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))  # domain LineKind value
    label: Mapped[str] = mapped_column(String(300))
    quantity_e4: Mapped[int] = mapped_column(Cents)  # quantity × 10 000 (at most 4 decimals)
    unit: Mapped[str] = mapped_column(String(10))  # domain Unit value
    unit_price_cents: Mapped[int] = mapped_column(Cents)  # HT
    vat_rate_bp: Mapped[int] = mapped_column(Integer)  # 20 % = 2000 basis points
    amount_cents: Mapped[int] = mapped_column(Cents)  # quantity × unit price HT, rounded once


class BilledUnitsRow(TenantMixin, Base):
    """A unit-priced mission (payslips, returns filed…) billed by an invoice: quantity × unit price, once per
    mission. The unique key is what stops a second billing; deleting the draft deletes the row (released)."""

    __tablename__ = "billed_units"
    __table_args__ = (
        UniqueConstraint("firm_id", "mission_id"),
        ForeignKeyConstraint(["firm_id", "invoice_id"], ["invoices.firm_id", "invoices.id"], ondelete="CASCADE",
                             name="fk_billed_units_firm_id_invoice_id_invoices"),
        ForeignKeyConstraint(["firm_id", "mission_id"], ["missions.firm_id", "missions.id"],
                             name="fk_billed_units_firm_id_mission_id_missions"),
    )

    invoice_id: Mapped[int] = mapped_column(Integer, index=True)
    mission_id: Mapped[int] = mapped_column(Integer)
    quantity: Mapped[int] = mapped_column(Integer)
    unit_price_cents: Mapped[int] = mapped_column(Cents)


class TimeBillingRow(TenantMixin, Base):
    """The time of one temps-passé mission billed by an invoice: its value at the grades' selling rates and what
    the invoice bills for it. billed − valued is the write-up (boni) or write-down (mali) of billing, with the
    reason the user gave; the analytics read it."""

    __tablename__ = "time_billings"
    __table_args__ = (
        UniqueConstraint("firm_id", "invoice_id", "mission_id"),
        ForeignKeyConstraint(["firm_id", "invoice_id"], ["invoices.firm_id", "invoices.id"], ondelete="CASCADE",
                             name="fk_time_billings_firm_id_invoice_id_invoices"),
        ForeignKeyConstraint(["firm_id", "mission_id"], ["missions.firm_id", "missions.id"],
                             name="fk_time_billings_firm_id_mission_id_missions"),
        ForeignKeyConstraint(["firm_id", "adjusted_by"], ["users.firm_id", "users.id"],
                             name="fk_time_billings_firm_id_adjusted_by_users"),
    )

    invoice_id: Mapped[int] = mapped_column(Integer, index=True)
    mission_id: Mapped[int] = mapped_column(Integer, index=True)
    minutes: Mapped[int] = mapped_column(Integer)
    valued_cents: Mapped[int] = mapped_column(Cents)  # hours × selling rate of the grade on each entry's day
    billed_cents: Mapped[int] = mapped_column(Cents)  # what the invoice bills for that time (HT)
    reason: Mapped[str] = mapped_column(String(300), default="")  # why billed differs from valued
    adjusted_at: Mapped[datetime | None] = mapped_column(nullable=True)
    adjusted_by: Mapped[int | None] = mapped_column(Integer, nullable=True)
