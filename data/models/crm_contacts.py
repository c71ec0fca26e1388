"""Groups of companies and the people of each client (contacts)."""

from datetime import date

from sqlalchemy import Boolean, Date, ForeignKeyConstraint, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from data.models.base import Base, TenantMixin


class ClientGroupRow(TenantMixin, Base):
    __tablename__ = "client_groups"
    __table_args__ = (UniqueConstraint("firm_id", "id"), UniqueConstraint("firm_id", "name"))

    name: Mapped[str] = mapped_column(String(200))
    notes: Mapped[str] = mapped_column(Text, default="")


class ContactRow(TenantMixin, Base):
    __tablename__ = "contacts"
    __table_args__ = (
        UniqueConstraint("firm_id", "id"),
        ForeignKeyConstraint(["firm_id", "client_id"], ["clients.firm_id", "clients.id"], ondelete="CASCADE"),
    )

    client_id: Mapped[int] = mapped_column(Integer, index=True)
    first_name: Mapped[str] = mapped_column(String(100), default="")
    last_name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(40), default="")  # domain ContactRole value
    email: Mapped[str] = mapped_column(String(254), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")
    email_consent: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    is_signatory: Mapped[bool] = mapped_column(Boolean, default=False)  # signs engagement letters
    notes: Mapped[str] = mapped_column(Text, default="")
