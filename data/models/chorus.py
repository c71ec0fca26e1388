"""Chorus Pro deposits and their statuses (issue 5).

One row per flow accepted by Chorus Pro (it gave a flow number); a rejected flow may be followed by a new
deposit of the same invoice, so an invoice can have several rows, the latest one telling where it stands.
The public-sector identifiers themselves live on the client and engagement rows (migration 0011).
"""

from datetime import datetime

from sqlalchemy import ForeignKeyConstraint, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from data.models.base import Base, TenantMixin


class ChorusDepositRow(TenantMixin, Base):
    __tablename__ = "chorus_deposits"
    __table_args__ = (
        UniqueConstraint("firm_id", "id"),
        UniqueConstraint("firm_id", "flow_number"),
        ForeignKeyConstraint(["firm_id", "invoice_id"], ["invoices.firm_id", "invoices.id"],
                             name="fk_chorus_deposits_firm_id_invoice_id_invoices"),
        ForeignKeyConstraint(["firm_id", "deposited_by"], ["users.firm_id", "users.id"],
                             name="fk_chorus_deposits_firm_id_deposited_by_users"),
    )

    invoice_id: Mapped[int] = mapped_column(Integer, index=True)
    flow_number: Mapped[str] = mapped_column(String(50))  # numeroFluxDepot
    file_name: Mapped[str] = mapped_column(String(100))
    syntax: Mapped[str] = mapped_column(String(40))  # syntaxeFlux
    environment: Mapped[str] = mapped_column(String(200))  # the API address it went to (sandbox or production)
    status: Mapped[str] = mapped_column(String(20), index=True)  # domain DepositStatus value
    flow_state: Mapped[str] = mapped_column(String(60), default="")  # etatCourantFlux as Chorus Pro says it
    message: Mapped[str] = mapped_column(Text, default="")
    deposited_at: Mapped[datetime]
    deposited_by: Mapped[int | None] = mapped_column(Integer, nullable=True)
    checked_at: Mapped[datetime | None] = mapped_column(nullable=True)
