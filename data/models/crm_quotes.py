"""Quotes (devis): versioned; a sent version is frozen with the exact PDF bytes."""

from datetime import date, datetime

from sqlalchemy import (Boolean, Date, ForeignKeyConstraint, Integer, LargeBinary, SmallInteger, String, Text,
                        UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column

from data.models.base import Base, Cents, TenantMixin


class QuoteRow(TenantMixin, Base):
    __tablename__ = "quotes"
    __table_args__ = (
        UniqueConstraint("firm_id", "id"),
        UniqueConstraint("firm_id", "number", "version"),
        ForeignKeyConstraint(["firm_id", "client_id"], ["clients.firm_id", "clients.id"],
                             name="fk_quotes_firm_id_client_id_clients"),
        ForeignKeyConstraint(["firm_id", "prospect_id"], ["prospects.firm_id", "prospects.id"],
                             name="fk_quotes_firm_id_prospect_id_prospects"),
        ForeignKeyConstraint(["firm_id", "previous_id"], ["quotes.firm_id", "quotes.id"],
                             name="fk_quotes_firm_id_previous_id_quotes"),
        ForeignKeyConstraint(["firm_id", "created_by"], ["users.firm_id", "users.id"],
                             name="fk_quotes_firm_id_created_by_users"),
    )

    number: Mapped[str] = mapped_column(String(40))  # from the firm's quote series; shared by versions
    version: Mapped[int] = mapped_column(SmallInteger, default=1)
    previous_id: Mapped[int | None] = mapped_column(Integer, nullable=True)  # version this one revises
    client_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    prospect_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    status: Mapped[str] = mapped_column(String(20), index=True)  # domain QuoteStatus value
    title: Mapped[str] = mapped_column(String(200), default="")
    created_on: Mapped[date] = mapped_column(Date)
    sent_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    valid_until: Mapped[date] = mapped_column(Date)
    decided_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    refusal_reason: Mapped[str] = mapped_column(String(300), default="")
    fiscal_year_start: Mapped[date | None] = mapped_column(Date, nullable=True)  # first exercice covered
    monthly: Mapped[bool] = mapped_column(Boolean, default=False)  # forfait mensualisé
    discount_cents: Mapped[int] = mapped_column(Cents, default=0)
    vat_rate_bp: Mapped[int] = mapped_column(SmallInteger, default=2000)  # 20 % = 2000 basis points
    introduction: Mapped[str] = mapped_column(Text, default="")
    conditions: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[datetime]
    pdf: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)  # frozen when sent
    pdf_sha256: Mapped[str] = mapped_column(String(64), default="")


class QuoteLineRow(TenantMixin, Base):
    __tablename__ = "quote_lines"
    __table_args__ = (
        UniqueConstraint("firm_id", "id"),
        ForeignKeyConstraint(["firm_id", "quote_id"], ["quotes.firm_id", "quotes.id"], ondelete="CASCADE"),
        ForeignKeyConstraint(["firm_id", "mission_type_id"], ["mission_types.firm_id", "mission_types.id"],
                             name="fk_quote_lines_firm_id_mission_type_id_mission_types"),
    )

    quote_id: Mapped[int] = mapped_column(Integer, index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[str] = mapped_column(String(20), default="mission")  # mission | extra (billed at time spent)
    mission_type_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    label: Mapped[str] = mapped_column(String(300))
    billing_mode: Mapped[str] = mapped_column(String(30))  # domain BillingMode value
    computed_cents: Mapped[int] = mapped_column(Cents, default=0)  # Σ minutes × rate, snapshot
    fee_cents: Mapped[int] = mapped_column(Cents, default=0)  # proposed annual price HT of the line
    quantity: Mapped[int | None] = mapped_column(Integer, nullable=True)  # unitaire: units per year
    unit_price_cents: Mapped[int | None] = mapped_column(Cents, nullable=True)


class QuoteLineHoursRow(TenantMixin, Base):
    __tablename__ = "quote_line_hours"
    __table_args__ = (
        UniqueConstraint("firm_id", "line_id", "grade_id"),
        ForeignKeyConstraint(["firm_id", "line_id"], ["quote_lines.firm_id", "quote_lines.id"], ondelete="CASCADE"),
        ForeignKeyConstraint(["firm_id", "grade_id"], ["grades.firm_id", "grades.id"]),
    )

    line_id: Mapped[int] = mapped_column(Integer)
    grade_id: Mapped[int] = mapped_column(Integer)
    minutes: Mapped[int] = mapped_column(Integer)
    rate_cents: Mapped[int] = mapped_column(Cents)  # selling rate in force on the quote's date
