"""Operational journals: the mail outbox and the audit log."""

from datetime import datetime

from sqlalchemy import ForeignKeyConstraint, Index, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from data.models.base import Base, TenantMixin


class OutboxRow(TenantMixin, Base):
    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_status", "status"), UniqueConstraint("firm_id", "id"))

    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(10), default="pending")  # pending, sending, sent, failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    sent_at: Mapped[datetime | None] = mapped_column(nullable=True)


class OutboxAttachmentRow(TenantMixin, Base):
    __tablename__ = "outbox_attachments"
    __table_args__ = (
        ForeignKeyConstraint(["firm_id", "outbox_id"], ["outbox.firm_id", "outbox.id"], ondelete="CASCADE"),
    )

    outbox_id: Mapped[int] = mapped_column(Integer, index=True)
    filename: Mapped[str] = mapped_column(String(200))
    mime: Mapped[str] = mapped_column(String(100))
    content: Mapped[bytes] = mapped_column(LargeBinary)


class AuditEventRow(TenantMixin, Base):
    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_firm_at", "firm_id", "at"),)

    at: Mapped[datetime]
    actor_user_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    action: Mapped[str] = mapped_column(String(40))
    target_type: Mapped[str] = mapped_column(String(40))
    target_id: Mapped[str] = mapped_column(String(60))
    details: Mapped[str] = mapped_column(Text, default="{}")  # JSON
