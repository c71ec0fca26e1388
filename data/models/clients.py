"""The firm's clients (dossiers clients)."""

from sqlalchemy import Boolean, ForeignKeyConstraint, Integer, SmallInteger, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column

from data.models.base import Base, Cents, TenantMixin


class ClientRow(TenantMixin, Base):
    __tablename__ = "clients"
    __table_args__ = (
        UniqueConstraint("firm_id", "id"),
        # NULL SIRENs (individuals) never collide: both databases treat NULLs as distinct.
        UniqueConstraint("firm_id", "siren"),
        ForeignKeyConstraint(["firm_id", "partner_id"], ["users.firm_id", "users.id"],
                             name="fk_clients_firm_id_partner_id_users"),
        ForeignKeyConstraint(["firm_id", "manager_id"], ["users.firm_id", "users.id"],
                             name="fk_clients_firm_id_manager_id_users"),
        ForeignKeyConstraint(["firm_id", "group_id"], ["client_groups.firm_id", "client_groups.id"],
                             name="fk_clients_firm_id_group_id_client_groups"),
    )

    kind: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200))
    siren: Mapped[str | None] = mapped_column(String(9), nullable=True)
    siret: Mapped[str] = mapped_column(String(14), default="")
    legal_form: Mapped[str] = mapped_column(String(60), default="")
    naf_code: Mapped[str] = mapped_column(String(6), default="")
    vat_number: Mapped[str] = mapped_column(String(13), default="")
    address_line: Mapped[str] = mapped_column(String(300), default="")
    postal_code: Mapped[str] = mapped_column(String(5), default="")
    city: Mapped[str] = mapped_column(String(100), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")
    fiscal_year_end_day: Mapped[int] = mapped_column(SmallInteger, default=31)
    fiscal_year_end_month: Mapped[int] = mapped_column(SmallInteger, default=12)
    vat_regime: Mapped[str] = mapped_column(String(20), default="")
    tax_regime: Mapped[str] = mapped_column(String(5), default="")
    headcount: Mapped[int | None] = mapped_column(Integer, nullable=True)
    share_capital_cents: Mapped[int | None] = mapped_column(Cents, nullable=True)
    group_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    partner_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    manager_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    tags: Mapped[str] = mapped_column(String(300), default="")  # comma-separated
    notes: Mapped[str] = mapped_column(Text, default="")
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    # Public-sector client invoiced through Chorus Pro (DOMAIN.md §2c): the recipient structure's SIRET, its
    # service code (BT-10) and commitment number (BT-13), and whether the structure's settings require them.
    public_sector: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    chorus_siret: Mapped[str] = mapped_column(String(14), default="", server_default="")
    chorus_service_code: Mapped[str] = mapped_column(String(100), default="", server_default="")
    chorus_commitment_number: Mapped[str] = mapped_column(String(50), default="", server_default="")
    chorus_service_code_required: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    chorus_commitment_required: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
