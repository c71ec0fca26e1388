"""The mail outbox and the audit log."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import insert, select, update

from data.models.ops import AuditEventRow, OutboxAttachmentRow, OutboxRow
from data.repositories.base import FirmScoped
from domain.access.mails import Attachment, Mail
from domain.audit import Action, AuditEntry, AuditEvent, AuditFilter

# Built once: a billing run queues a batch of mails at a time. Bound to the repository's firm at execution.
_ENQUEUE = insert(OutboxRow.__table__).returning(OutboxRow.__table__.c.id, sort_by_parameter_order=True)
_ATTACH = insert(OutboxAttachmentRow.__table__)
_RECORD = insert(AuditEventRow.__table__)


class OutboxRepository(FirmScoped):
    def enqueue(self, mail: Mail, *, at: datetime) -> int:
        return self.enqueue_many([mail], at=at)[0]

    def enqueue_many(self, mails: Sequence[Mail], *, at: datetime) -> list[int]:
        """The messages with their attachments, in two statements whatever their number; their ids in order."""
        if not mails:
            return []
        ids = list(self.session.execute(_ENQUEUE, [{
            "firm_id": self.firm_id, "recipient": mail.recipient, "subject": mail.subject, "body": mail.body,
            "created_at": at, "status": "pending", "attempts": 0, "last_error": ""} for mail in mails]).scalars())
        attachments = [{"firm_id": self.firm_id, "outbox_id": outbox_id, "filename": attachment.filename,
                        "mime": attachment.mime, "content": attachment.content}
                       for outbox_id, mail in zip(ids, mails, strict=True) for attachment in mail.attachments]
        if attachments:
            self.session.execute(_ATTACH, attachments)
        return ids

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
        self.record_many([AuditEntry(action, target_type, target_id, details)], actor_user_id, at=at)

    def record_many(self, entries: Sequence[AuditEntry], actor_user_id: int | None, *, at: datetime) -> None:
        if entries:
            self.session.execute(_RECORD, [{
                "firm_id": self.firm_id, "at": at, "actor_user_id": actor_user_id, "action": entry.action.value,
                "target_type": entry.target_type, "target_id": entry.target_id,
                "details": json.dumps(entry.details, ensure_ascii=False, default=str)} for entry in entries])

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
