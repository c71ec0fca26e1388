"""Engagement letters (lettres de mission) and their editable templates; integration credentials."""

from datetime import date, datetime

from sqlalchemy import (Boolean, Date, ForeignKeyConstraint, Integer, LargeBinary, SmallInteger, String, Text,
                        UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column

from data.models.base import Base, TenantMixin


class LetterTemplateRow(TenantMixin, Base):
    __tablename__ = "letter_templates"
    __table_args__ = (UniqueConstraint("firm_id", "id"), UniqueConstraint("firm_id", "name"))

    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(20), default="letter")  # letter | amendment
    body: Mapped[str] = mapped_column(Text)  # Jinja2 source (sandboxed)
    is_default: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime]
    updated_by: Mapped[int | None] = mapped_column(Integer, nullable=True)


class EngagementLetterRow(TenantMixin, Base):
    __tablename__ = "engagement_letters"
    __table_args__ = (
        UniqueConstraint("firm_id", "id"),
        UniqueConstraint("firm_id", "number", "version"),
        ForeignKeyConstraint(["firm_id", "client_id"], ["clients.firm_id", "clients.id"],
                             name="fk_engagement_letters_firm_id_client_id_clients"),
        ForeignKeyConstraint(["firm_id", "quote_id"], ["quotes.firm_id", "quotes.id"],
                             name="fk_engagement_letters_firm_id_quote_id_quotes"),
        ForeignKeyConstraint(["firm_id", "previous_id"], ["engagement_letters.firm_id", "engagement_letters.id"],
                             name="fk_engagement_letters_firm_id_previous_id_engagement_letters"),
        ForeignKeyConstraint(["firm_id", "amends_id"], ["engagement_letters.firm_id", "engagement_letters.id"],
                             name="fk_engagement_letters_firm_id_amends_id_engagement_letters"),
    )

    number: Mapped[str] = mapped_column(String(40))  # from the firm's letter series; shared by versions
    version: Mapped[int] = mapped_column(SmallInteger, default=1)
    previous_id: Mapped[int | None] = mapped_column(Integer, nullable=True)  # version this one revises
    kind: Mapped[str] = mapped_column(String(20), default="letter")  # letter | amendment (avenant)
    amends_id: Mapped[int | None] = mapped_column(Integer, nullable=True)  # the signed letter amended
    client_id: Mapped[int] = mapped_column(Integer, index=True)
    quote_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    template_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    status: Mapped[str] = mapped_column(String(20), index=True)  # domain LetterStatus value
    title: Mapped[str] = mapped_column(String(200), default="")
    fiscal_year_start: Mapped[date] = mapped_column(Date)
    fiscal_year_end: Mapped[date] = mapped_column(Date)
    created_on: Mapped[date] = mapped_column(Date)
    sent_on: Mapped[date | None] = mapped_column(Date, nullable=True)  # put up for signature
    expires_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    decided_on: Mapped[date | None] = mapped_column(Date, nullable=True)  # signed, refused or expired
    refusal_reason: Mapped[str] = mapped_column(String(300), default="")
    signatory_name: Mapped[str] = mapped_column(String(200), default="")
    signatory_email: Mapped[str] = mapped_column(String(254), default="")
    signatory_phone: Mapped[str] = mapped_column(String(30), default="")
    body_html: Mapped[str] = mapped_column(Text, default="")  # the rendered letter, frozen when sent
    pdf: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    pdf_sha256: Mapped[str] = mapped_column(String(64), default="")
    signed_pdf: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    signed_pdf_sha256: Mapped[str] = mapped_column(String(64), default="")
    audit_trail: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)  # Yousign proof file
    signature_provider: Mapped[str] = mapped_column(String(20), default="")  # yousign | upload
    signature_request_id: Mapped[str] = mapped_column(String(80), default="")
    signer_id: Mapped[str] = mapped_column(String(80), default="")
    signature_status: Mapped[str] = mapped_column(String(30), default="")  # as reported by the provider
    signature_checked_at: Mapped[datetime | None] = mapped_column(nullable=True)
    created_by: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[datetime]


class IntegrationCredentialRow(TenantMixin, Base):
    __tablename__ = "integration_credentials"
    __table_args__ = (UniqueConstraint("firm_id", "provider"),)

    provider: Mapped[str] = mapped_column(String(30))  # yousign, inpi, chorus, …
    ciphertext: Mapped[str] = mapped_column(Text)  # Fernet token of the JSON secret; never shown again
    base_url: Mapped[str] = mapped_column(String(300), default="")
    hint: Mapped[str] = mapped_column(String(20), default="")  # e.g. "…a1b2", to recognise the key
    updated_at: Mapped[datetime]
    updated_by: Mapped[int | None] = mapped_column(Integer, nullable=True)
