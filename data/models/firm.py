"""The firm (tenant root) and its configuration tables."""

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKeyConstraint, Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from data.models.base import Base, Cents, TenantMixin


class FirmRow(Base):
    __tablename__ = "firms"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    legal_form: Mapped[str] = mapped_column(String(60), default="")
    siren: Mapped[str] = mapped_column(String(9), unique=True)
    siret: Mapped[str] = mapped_column(String(14), default="")
    vat_number: Mapped[str] = mapped_column(String(13), default="")
    rcs_city: Mapped[str] = mapped_column(String(100), default="")
    share_capital_cents: Mapped[int] = mapped_column(Cents, default=0)
    ordre_number: Mapped[str] = mapped_column(String(50), default="")
    address_line: Mapped[str] = mapped_column(String(300), default="")
    postal_code: Mapped[str] = mapped_column(String(5), default="")
    city: Mapped[str] = mapped_column(String(100), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")
    iban: Mapped[str] = mapped_column(String(34), default="")
    bic: Mapped[str] = mapped_column(String(11), default="")
    logo: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    logo_mime: Mapped[str] = mapped_column(String(30), default="")
    created_on: Mapped[date] = mapped_column(Date)
    alsace_moselle: Mapped[bool] = mapped_column(Boolean, default=False)  # two more public holidays
    # Lower sorts first in listings; the demo's main firm gets 0.
    sort_key: Mapped[int] = mapped_column(Integer, default=100)


class TeamRow(TenantMixin, Base):
    __tablename__ = "teams"
    __table_args__ = (UniqueConstraint("firm_id", "id"), UniqueConstraint("firm_id", "name"))

    name: Mapped[str] = mapped_column(String(100))


class GradeRow(TenantMixin, Base):
    __tablename__ = "grades"
    __table_args__ = (UniqueConstraint("firm_id", "id"), UniqueConstraint("firm_id", "code"))

    code: Mapped[str] = mapped_column(String(60))
    label: Mapped[str] = mapped_column(String(100))
    rank: Mapped[int] = mapped_column(Integer)


class GradeRateRow(TenantMixin, Base):
    __tablename__ = "grade_rates"
    __table_args__ = (
        UniqueConstraint("firm_id", "grade_id", "effective_from"),
        ForeignKeyConstraint(["firm_id", "grade_id"], ["grades.firm_id", "grades.id"], ondelete="CASCADE"),
    )

    grade_id: Mapped[int] = mapped_column(Integer)
    effective_from: Mapped[date] = mapped_column(Date)
    selling_rate_cents: Mapped[int] = mapped_column(Cents)
    cost_rate_cents: Mapped[int] = mapped_column(Cents)


class NumberingSeriesRow(TenantMixin, Base):
    __tablename__ = "numbering_series"
    __table_args__ = (UniqueConstraint("firm_id", "doc_type"),)

    doc_type: Mapped[str] = mapped_column(String(30))
    prefix: Mapped[str] = mapped_column(String(10))
    next_number: Mapped[int] = mapped_column(Integer, default=1)
    padding: Mapped[int] = mapped_column(Integer, default=5)
    with_year: Mapped[bool] = mapped_column(Boolean, default=True)
    last_allocated: Mapped[int] = mapped_column(Integer, default=0)


class SyntecIndexRow(TenantMixin, Base):
    __tablename__ = "syntec_indices"
    __table_args__ = (UniqueConstraint("firm_id", "month"),)

    month: Mapped[date] = mapped_column(Date)
    value_tenths: Mapped[int] = mapped_column(Integer)  # 322.2 is stored as 3222


class SubscriptionRow(TenantMixin, Base):
    __tablename__ = "subscriptions"
    __table_args__ = (UniqueConstraint("firm_id"),)

    started_on: Mapped[date] = mapped_column(Date)
    reference_month: Mapped[date] = mapped_column(Date)
    admin_seat_cents: Mapped[int] = mapped_column(Cents, default=4900)
    collaborator_seat_cents: Mapped[int] = mapped_column(Cents, default=2900)
    updated_at: Mapped[datetime | None] = mapped_column(nullable=True)
