"""Sends the outbox through SMTP (EEXPI_SMTP_URL), at most once per message.

Each message is claimed (pending → sending) and committed before it is sent, then marked sent or
failed with the reason, so two runs, even concurrent ones, never send the same message twice.
A temporary refusal (SMTP 4xx, dropped connection) puts the message back in the queue until
MAX_ATTEMPTS; a permanent one (5xx) fails it at once.
"""

import smtplib
import ssl
from collections.abc import Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from urllib.parse import unquote, urlparse

from sqlalchemy.orm import Session, sessionmaker

from data.repositories.ops import MailQueue
from domain.access.mails import Attachment
from domain.clock import Clock
from domain.errors import InvalidInput


@dataclass(frozen=True, slots=True)
class SmtpTarget:
    host: str
    port: int
    ssl: bool
    starttls: bool
    username: str
    password: str


def parse_smtp_url(url: str) -> SmtpTarget:
    """smtp://user:password@host:587?starttls=true or smtps://user:password@host:465."""
    parsed = urlparse(url or "")
    if parsed.scheme not in ("smtp", "smtps") or not parsed.hostname:
        raise InvalidInput("EEXPI_SMTP_URL invalide : attendu smtp://utilisateur:motdepasse@serveur:port "
                           "ou smtps://… (voir le README).")
    secure = parsed.scheme == "smtps"
    return SmtpTarget(host=parsed.hostname, port=parsed.port or (465 if secure else 25), ssl=secure,
                      starttls="starttls=true" in (parsed.query or "").lower(),
                      username=unquote(parsed.username or ""), password=unquote(parsed.password or ""))


MAX_ATTEMPTS = 5


def _connect(target: SmtpTarget) -> smtplib.SMTP:
    try:
        return _open(target)
    except (OSError, smtplib.SMTPException) as exc:
        raise InvalidInput(f"Serveur SMTP {target.host}:{target.port} injoignable ou refusant la connexion "
                           f"({type(exc).__name__} : {exc}). Les courriels restent en attente.") from None


def _open(target: SmtpTarget) -> smtplib.SMTP:
    if target.ssl:
        client: smtplib.SMTP = smtplib.SMTP_SSL(target.host, target.port, timeout=30,
                                                context=ssl.create_default_context())
    else:
        client = smtplib.SMTP(target.host, target.port, timeout=30)
        if target.starttls:
            client.starttls(context=ssl.create_default_context())
    if target.username:
        client.login(target.username, target.password)
    return client


def _message(row, mail_from: str, attachments: Sequence[Attachment] = ()) -> EmailMessage:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = mail_from, row.recipient, row.subject
    message["Date"], message["Message-ID"] = formatdate(localtime=False), make_msgid(domain="eexpi.localhost")
    message.set_content(row.body)
    for attachment in attachments:
        maintype, _, subtype = attachment.mime.partition("/")
        message.add_attachment(attachment.content, maintype=maintype, subtype=subtype or "octet-stream",
                               filename=attachment.filename)
    return message


@dataclass(frozen=True, slots=True)
class SendReport:
    sent: int
    failed: int


def send_outbox(factory: sessionmaker[Session], smtp_url: str, mail_from: str, clock: Clock) -> SendReport:
    target = parse_smtp_url(smtp_url)
    with factory() as session:
        ids = MailQueue(session).pending_ids()
    if not ids:
        return SendReport(0, 0)
    sent = failed = 0
    with _connect(target) as client:
        for message_id in ids:
            outcome = _send_one(factory, client, message_id, mail_from, clock)
            sent += outcome == "sent"
            failed += outcome in ("failed", "retry")
    return SendReport(sent, failed)


def _is_temporary(exc: Exception) -> bool:
    code = getattr(exc, "smtp_code", None)
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [c for c, _ in exc.recipients.values()]
        return bool(codes) and all(400 <= c < 500 for c in codes)
    return (code is not None and 400 <= code < 500) or isinstance(exc, (smtplib.SMTPServerDisconnected, OSError))


def _send_one(factory, client: smtplib.SMTP, message_id: int, mail_from: str, clock: Clock) -> str | None:
    """"sent", "failed", "retry" (back in the queue), or None when another sender had claimed it."""
    with factory() as session:
        queue = MailQueue(session)
        row = queue.claim(message_id)
        if row is None:
            return None
        message, attempts = _message(row, mail_from, queue.attachments(row)), row.attempts
        session.commit()
    try:
        client.send_message(message)
        error, retry = "", False
    except (smtplib.SMTPException, OSError) as exc:
        error, retry = f"{type(exc).__name__}: {exc}"[:500], _is_temporary(exc) and attempts < MAX_ATTEMPTS
    with factory() as session:
        MailQueue(session).finish(message_id, error=error, at=clock.now(), retry=retry)
        session.commit()
    return "sent" if not error else ("retry" if retry else "failed")
