"""Operational journals: the mail outbox and the audit log."""

from datetime import datetime

from sqlalchemy import Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from data.models.base import Base, TenantMixin


class OutboxRow(TenantMixin, Base):
    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_status", "status"),)

    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(10), default="pending")  # pending, sending, sent, failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    sent_at: Mapped[datetime | None] = mapped_column(nullable=True)


class AuditEventRow(TenantMixin, Base):
    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_firm_at", "firm_id", "at"),)

    at: Mapped[datetime]
    actor_user_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    action: Mapped[str] = mapped_column(String(40))
    target_type: Mapped[str] = mapped_column(String(40))
    target_id: Mapped[str] = mapped_column(String(60))
    details: Mapped[str] = mapped_column(Text, default="{}")  # JSON
