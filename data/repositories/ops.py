"""The mail outbox and the audit log."""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import select, update

from data.models.ops import AuditEventRow, OutboxAttachmentRow, OutboxRow
from data.repositories.base import FirmScoped
from domain.access.mails import Attachment, Mail
from domain.audit import Action, AuditEvent, AuditFilter


class OutboxRepository(FirmScoped):
    def enqueue(self, mail: Mail, *, at: datetime) -> int:
        row = self._add(OutboxRow, recipient=mail.recipient, subject=mail.subject, body=mail.body, created_at=at,
                        status="pending", attempts=0, last_error="")
        for attachment in mail.attachments:
            self._add(OutboxAttachmentRow, outbox_id=row.id, filename=attachment.filename, mime=attachment.mime,
                      content=attachment.content)
        return row.id

    def attachments(self, message_id: int) -> list[Attachment]:
        statement = (self._select(OutboxAttachmentRow).where(OutboxAttachmentRow.outbox_id == message_id)
                     .order_by(OutboxAttachmentRow.id))
        return [Attachment(r.filename, r.mime, r.content) for r in self.session.scalars(statement)]

    def list(self, limit: int = 200) -> list[dict]:
        statement = self._select(OutboxRow).order_by(OutboxRow.created_at.desc(), OutboxRow.id.desc()).limit(limit)
        return [{"id": r.id, "recipient": r.recipient, "subject": r.subject, "body": r.body,
                 "created_at": r.created_at, "status": r.status, "attempts": r.attempts,
                 "last_error": r.last_error, "sent_at": r.sent_at}
                for r in self.session.scalars(statement)]


class AuditRepository(FirmScoped):
    def record(self, action: Action, actor_user_id: int | None, target_type: str, target_id: str,
               details: dict, *, at: datetime) -> None:
        self._add(AuditEventRow, at=at, actor_user_id=actor_user_id, action=action.value, target_type=target_type,
                  target_id=target_id, details=json.dumps(details, ensure_ascii=False, default=str))

    def search(self, criteria: AuditFilter) -> list[AuditEvent]:
        from data.models.access import UserRow

        statement = (self._select(AuditEventRow, AuditEventRow, UserRow.full_name)
                     .outerjoin(UserRow, (UserRow.id == AuditEventRow.actor_user_id) & (UserRow.firm_id == self.firm_id))
                     .order_by(AuditEventRow.at.desc(), AuditEventRow.id.desc()).limit(criteria.limit))
        if criteria.action:
            statement = statement.where(AuditEventRow.action == criteria.action.value)
        if criteria.actor_user_id:
            statement = statement.where(AuditEventRow.actor_user_id == criteria.actor_user_id)
        if criteria.since:
            statement = statement.where(AuditEventRow.at >= criteria.since)
        if criteria.until:
            statement = statement.where(AuditEventRow.at < criteria.until)
        return [AuditEvent(r.id, r.at, Action(r.action), r.actor_user_id, name or "", r.target_type, r.target_id,
                           json.loads(r.details)) for r, name in self.session.execute(statement)]


class MailQueue:
    """The outbox as the sender sees it, across firms: claim, then mark sent or failed."""

    def __init__(self, session) -> None:
        self.session = session

    def pending_ids(self) -> list[int]:
        return list(self.session.scalars(select(OutboxRow.id).where(OutboxRow.status == "pending").order_by(OutboxRow.id)))

    def claim(self, message_id: int) -> OutboxRow | None:
        """Move one message from pending to sending; None if another sender got it first."""
        claimed = self.session.execute(update(OutboxRow).where(OutboxRow.id == message_id, OutboxRow.status == "pending")
                                       .values(status="sending", attempts=OutboxRow.attempts + 1)).rowcount
        return self.session.get(OutboxRow, message_id) if claimed else None

    def attachments(self, row: OutboxRow) -> list[Attachment]:
        """The files queued with a claimed message (same firm, by construction of the foreign key)."""
        statement = (select(OutboxAttachmentRow).where(OutboxAttachmentRow.firm_id == row.firm_id,
                                                       OutboxAttachmentRow.outbox_id == row.id)
                     .order_by(OutboxAttachmentRow.id))
        return [Attachment(r.filename, r.mime, r.content) for r in self.session.scalars(statement)]

    def finish(self, message_id: int, *, error: str, at: datetime, retry: bool = False) -> None:
        if not error:
            values = {"status": "sent", "sent_at": at, "last_error": ""}
        else:
            values = {"status": "pending" if retry else "failed", "last_error": error}
        self.session.execute(update(OutboxRow).where(OutboxRow.id == message_id).values(**values))
