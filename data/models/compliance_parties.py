"""LCB-FT parties: beneficial owners, PEP, high-risk country lists, identity evidence (issue 7).

Percentages are NUMERIC(5,2) (0.00 to 100.00), never floats. Evidence files are stored in the database
like the signed engagement letters: served only through the application, to its authorised users.
"""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKeyConstraint,
    Integer,
    LargeBinary,
    Numeric,
    String,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from data.models.base import Base, TenantMixin

Percent = Numeric(5, 2, asdecimal=True)


class PartyRow(TenantMixin, Base):
    """A natural person of a client's file: shareholder, controller, legal representative, PEP or relative."""

    __tablename__ = "compliance_parties"
    __table_args__ = (
        UniqueConstraint("firm_id", "id"),
        ForeignKeyConstraint(["firm_id", "client_id"], ["clients.firm_id", "clients.id"],
                             name="fk_compliance_parties_firm_id_client_id_clients"),
    )

    client_id: Mapped[int] = mapped_column(Integer, index=True)
    full_name: Mapped[str] = mapped_column(String(200))
    birth_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    nationality: Mapped[str] = mapped_column(String(2), default="")
    residence_country: Mapped[str] = mapped_column(String(2), default="")
    capital: Mapped[Decimal] = mapped_column(Percent, default=0)
    votes: Mapped[Decimal] = mapped_column(Percent, default=0)
    other_control: Mapped[str] = mapped_column(String(300), default="")
    legal_representative: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    pep_relation: Mapped[str] = mapped_column(String(10), default="")
    pep_function: Mapped[str] = mapped_column(String(200), default="")
    pep_office_ended_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    pep_related_to: Mapped[str] = mapped_column(String(200), default="")
    rbe_divergence_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    updated_at: Mapped[datetime]


class HoldingRow(TenantMixin, Base):
    """An indirect holding: the person holds `share_in_via` % of an intermediate company, which holds
    `via_capital` % of the client's capital and `via_votes` % of its votes."""

    __tablename__ = "compliance_holdings"
    __table_args__ = (
        UniqueConstraint("firm_id", "id"),
        ForeignKeyConstraint(["firm_id", "party_id"], ["compliance_parties.firm_id", "compliance_parties.id"],
                             name="fk_compliance_holdings_firm_id_party_id_compliance_parties", ondelete="CASCADE"),
    )

    party_id: Mapped[int] = mapped_column(Integer, index=True)
    via: Mapped[str] = mapped_column(String(200))
    share_in_via: Mapped[Decimal] = mapped_column(Percent)
    via_capital: Mapped[Decimal] = mapped_column(Percent)
    via_votes: Mapped[Decimal] = mapped_column(Percent)


class ClientCountryRow(TenantMixin, Base):
    """A country of a client: where it is incorporated, where it operates (ISO 3166-1 alpha-2)."""

    __tablename__ = "compliance_client_countries"
    __table_args__ = (
        UniqueConstraint("firm_id", "id"),
        UniqueConstraint("firm_id", "client_id", "role", "country"),
        ForeignKeyConstraint(["firm_id", "client_id"], ["clients.firm_id", "clients.id"],
                             name="fk_compliance_client_countries_firm_id_client_id_clients"),
    )

    client_id: Mapped[int] = mapped_column(Integer, index=True)
    role: Mapped[str] = mapped_column(String(20))
    country: Mapped[str] = mapped_column(String(2))


class RiskCountryRow(TenantMixin, Base):
    """One country on one high-risk list, from `listed_on` until the day before `removed_on`."""

    __tablename__ = "compliance_risk_countries"
    __table_args__ = (
        UniqueConstraint("firm_id", "id"),
        UniqueConstraint("firm_id", "risk_list", "country", "listed_on", name="uq_compliance_risk_countries_entry"),
    )

    risk_list: Mapped[str] = mapped_column(String(40))
    country: Mapped[str] = mapped_column(String(2), index=True)
    listed_on: Mapped[date] = mapped_column(Date)
    removed_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    note: Mapped[str] = mapped_column(String(300), default="")


class EvidenceRow(TenantMixin, Base):
    """An ID document or registry extract with its scan. Kept (no delete): LCB-FT retention is 5 years."""

    __tablename__ = "compliance_evidence"
    __table_args__ = (
        UniqueConstraint("firm_id", "id"),
        ForeignKeyConstraint(["firm_id", "client_id"], ["clients.firm_id", "clients.id"],
                             name="fk_compliance_evidence_firm_id_client_id_clients"),
        ForeignKeyConstraint(["firm_id", "party_id"], ["compliance_parties.firm_id", "compliance_parties.id"],
                             name="fk_compliance_evidence_firm_id_party_id_compliance_parties"),
        ForeignKeyConstraint(["firm_id", "uploaded_by"], ["users.firm_id", "users.id"],
                             name="fk_compliance_evidence_firm_id_uploaded_by_users"),
    )

    client_id: Mapped[int] = mapped_column(Integer, index=True)
    party_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    kind: Mapped[str] = mapped_column(String(20))
    reference: Mapped[str] = mapped_column(String(100), default="")
    issued_on: Mapped[date] = mapped_column(Date)
    received_on: Mapped[date] = mapped_column(Date)
    expires_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    filename: Mapped[str] = mapped_column(String(200), default="")
    content_type: Mapped[str] = mapped_column(String(50), default="")
    size: Mapped[int] = mapped_column(Integer, default=0)
    sha256: Mapped[str] = mapped_column(String(64), default="")
    content: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    uploaded_at: Mapped[datetime]
    uploaded_by: Mapped[int | None] = mapped_column(Integer, nullable=True)
