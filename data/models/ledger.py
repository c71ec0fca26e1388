"""Accounting entries of the sales journal (FEC) and fee indexation revisions (issue 5).

An entry is a header (journal, number, dates, document) and its lines (account, debit, credit). Entries are
only ever inserted: there is no update path. Numbers come from `ledger_sequences`, one row per firm and
journal, locked while a number is taken (gapless, like the invoice numbering series).
"""

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, ForeignKeyConstraint, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from data.models.base import Base, Cents, TenantMixin


class LedgerSequenceRow(TenantMixin, Base):
    __tablename__ = "ledger_sequences"
    __table_args__ = (UniqueConstraint("firm_id", "journal"),)

    journal: Mapped[str] = mapped_column(String(4))  # domain Journal value
    last_number: Mapped[int] = mapped_column(Integer, default=0)


class LedgerEntryRow(TenantMixin, Base):
    __tablename__ = "ledger_entries"
    __table_args__ = (
        UniqueConstraint("firm_id", "id"),
        UniqueConstraint("firm_id", "journal", "number"),
        UniqueConstraint("firm_id", "source", "source_id"),  # a document is posted once
        ForeignKeyConstraint(["firm_id", "invoice_id"], ["invoices.firm_id", "invoices.id"],
                             name="fk_ledger_entries_firm_id_invoice_id_invoices"),
        ForeignKeyConstraint(["firm_id", "client_id"], ["clients.firm_id", "clients.id"],
                             name="fk_ledger_entries_firm_id_client_id_clients"),
        CheckConstraint("debit_cents = credit_cents", name="balanced"),
        CheckConstraint("number > 0", name="numbered"),
    )

    journal: Mapped[str] = mapped_column(String(4))
    number: Mapped[int] = mapped_column(Integer)
    entry_date: Mapped[date] = mapped_column(Date, index=True)
    piece_ref: Mapped[str] = mapped_column(String(60))
    piece_date: Mapped[date] = mapped_column(Date)
    label: Mapped[str] = mapped_column(String(300))
    source: Mapped[str] = mapped_column(String(10))  # domain Source value
    # The payment's id lives in the collections tables; no foreign key, so that module stays free of ours.
    source_id: Mapped[int] = mapped_column(Integer)
    invoice_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    client_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    debit_cents: Mapped[int] = mapped_column(Cents)
    credit_cents: Mapped[int] = mapped_column(Cents)
    created_at: Mapped[datetime]


class LedgerLineRow(TenantMixin, Base):
    __tablename__ = "ledger_lines"
    __table_args__ = (
        UniqueConstraint("firm_id", "id"),
        ForeignKeyConstraint(["firm_id", "entry_id"], ["ledger_entries.firm_id", "ledger_entries.id"],
                             name="fk_ledger_lines_firm_id_entry_id_ledger_entries"),
        CheckConstraint("debit_cents >= 0 AND credit_cents >= 0", name="non_negative"),
    )

    entry_id: Mapped[int] = mapped_column(Integer, index=True)
    position: Mapped[int] = mapped_column(Integer)
    account: Mapped[str] = mapped_column(String(20))
    account_label: Mapped[str] = mapped_column(String(100))
    aux_account: Mapped[str] = mapped_column(String(20), default="")
    aux_label: Mapped[str] = mapped_column(String(200), default="")
    label: Mapped[str] = mapped_column(String(300), default="")
    debit_cents: Mapped[int] = mapped_column(Cents, default=0)
    credit_cents: Mapped[int] = mapped_column(Cents, default=0)


class FeeRevisionRow(TenantMixin, Base):
    __tablename__ = "fee_revisions"
    __table_args__ = (
        UniqueConstraint("firm_id", "id"),
        ForeignKeyConstraint(["firm_id", "engagement_id"], ["engagements.firm_id", "engagements.id"],
                             name="fk_fee_revisions_firm_id_engagement_id_engagements"),
        ForeignKeyConstraint(["firm_id", "applied_by"], ["users.firm_id", "users.id"],
                             name="fk_fee_revisions_firm_id_applied_by_users"),
    )

    engagement_id: Mapped[int] = mapped_column(Integer, index=True)
    revision_date: Mapped[date] = mapped_column(Date)
    index_name: Mapped[str] = mapped_column(String(20))
    s0_month: Mapped[date] = mapped_column(Date)
    s0_tenths: Mapped[int] = mapped_column(Integer)  # the index × 10, as syntec_indices stores it
    s1_month: Mapped[date] = mapped_column(Date)
    s1_tenths: Mapped[int] = mapped_column(Integer)
    old_fee_cents: Mapped[int] = mapped_column(Cents)
    new_fee_cents: Mapped[int] = mapped_column(Cents)
    applied_by: Mapped[int | None] = mapped_column(Integer, nullable=True)
    applied_at: Mapped[datetime]
