"""Sales pipeline: prospects and the history of their stages (for conversion statistics)."""

from datetime import date, datetime

from sqlalchemy import Date, ForeignKeyConstraint, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from data.models.base import Base, Cents, TenantMixin


class ProspectRow(TenantMixin, Base):
    __tablename__ = "prospects"
    __table_args__ = (
        UniqueConstraint("firm_id", "id"),
        ForeignKeyConstraint(["firm_id", "owner_id"], ["users.firm_id", "users.id"],
                             name="fk_prospects_firm_id_owner_id_users"),
        ForeignKeyConstraint(["firm_id", "client_id"], ["clients.firm_id", "clients.id"],
                             name="fk_prospects_firm_id_client_id_clients"),
    )

    kind: Mapped[str] = mapped_column(String(20), default="company")  # domain ClientKind value
    name: Mapped[str] = mapped_column(String(200))
    siren: Mapped[str | None] = mapped_column(String(9), nullable=True)
    legal_form: Mapped[str] = mapped_column(String(60), default="")
    contact_name: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")
    address_line: Mapped[str] = mapped_column(String(300), default="")
    postal_code: Mapped[str] = mapped_column(String(5), default="")
    city: Mapped[str] = mapped_column(String(100), default="")
    source: Mapped[str] = mapped_column(String(60), default="")
    stage: Mapped[str] = mapped_column(String(20), index=True)
    lost_reason: Mapped[str] = mapped_column(String(300), default="")
    owner_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    expected_fees_cents: Mapped[int] = mapped_column(Cents, default=0)  # annual, HT
    next_action: Mapped[str] = mapped_column(String(200), default="")
    next_action_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    created_on: Mapped[date] = mapped_column(Date)
    stage_changed_on: Mapped[date] = mapped_column(Date)
    closed_on: Mapped[date | None] = mapped_column(Date, nullable=True)  # won or lost
    client_id: Mapped[int | None] = mapped_column(Integer, nullable=True)  # set when won
    notes: Mapped[str] = mapped_column(Text, default="")


class ProspectStageChangeRow(TenantMixin, Base):
    __tablename__ = "prospect_stage_changes"
    __table_args__ = (
        ForeignKeyConstraint(["firm_id", "prospect_id"], ["prospects.firm_id", "prospects.id"], ondelete="CASCADE"),
    )

    prospect_id: Mapped[int] = mapped_column(Integer, index=True)
    from_stage: Mapped[str] = mapped_column(String(20), default="")  # "" for the creation
    to_stage: Mapped[str] = mapped_column(String(20))
    changed_on: Mapped[date] = mapped_column(Date)
    at: Mapped[datetime]
    user_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
