"""The outbox through a real SMTP server (aiosmtpd on 127.0.0.1), in-process and through `manage.py send-mail`.

The outbox is shared by every firm and test of the database, so assertions look only at the messages
of each test's own recipients.
"""

import socket

from data.db import session_factory
from data.mailer import send_outbox
from domain.access.model import Role
from domain.access.services import request_password_reset
from domain.firm.users import invite_user
from tests.conftest import NOW, unique_email

MAIL_FROM = "EEXPI <no-reply@eexpi.localhost>"


def outbox_of(firm, recipient: str) -> list[dict]:
    with firm.container.firm_uow(firm.firm_id) as uow:
        return sorted((m for m in uow.outbox.list() if m["recipient"] == recipient), key=lambda m: m["id"])


def invite(firm, email: str, name: str) -> None:
    c = firm.container
    invite_user(c.firm_uow(firm.firm_id), firm.principal(), c.hasher, c.clock, email, name, Role.COLLABORATOR,
                None, None, c.login_url)


def test_send_outbox_delivers_the_queued_french_mails_with_accents_intact_and_marks_them_sent(
        make_firm, clock, smtp_sink, db_url):
    firm = make_firm("Cabinet Hervé Thébault")
    invitee = unique_email("zoe")
    invite(firm, invitee, "Zoé Lefèvre")
    request_password_reset(firm.container.platform_uow(), clock, firm.admin_email, firm.container.reset_url)
    clock.advance(minutes=5)

    report = send_outbox(session_factory(db_url), smtp_sink.url, MAIL_FROM, clock)

    assert report.sent >= 3
    [invitation] = smtp_sink.messages_to(invitee)
    assert invitation["Subject"] == "Votre accès à EEXPI – Cabinet Hervé Thébault"
    assert invitation["From"] == MAIL_FROM
    assert invitation["To"] == invitee
    assert invitation.get_content_charset() == "utf-8"
    body = invitation.get_content().replace("\r\n", "\n")  # SMTP lines end in CRLF on the wire
    assert body.startswith("Bonjour Zoé Lefèvre,\n")
    assert "Un compte EEXPI vient d'être créé pour vous au sein du cabinet Cabinet Hervé Thébault." in body
    assert "Adresse de connexion : http://testserver/auth/login\n" in body
    assert f"Identifiant : {invitee}\n" in body
    admin_mails = smtp_sink.messages_to(firm.admin_email)
    assert [m["Subject"] for m in admin_mails] == ["Votre accès à EEXPI – Cabinet Hervé Thébault",
                                                   "Réinitialisation de votre mot de passe EEXPI"]
    reset_body = admin_mails[1].get_content().replace("\r\n", "\n")
    assert reset_body.startswith("Bonjour Alice Admin,\n")
    assert "(valable 30 minutes, une seule fois)" in reset_body
    assert "http://testserver/auth/reset?token=" in reset_body
    assert all(e.mail_from == "no-reply@eexpi.localhost" for e in smtp_sink.envelopes
               if {invitee, firm.admin_email} & set(e.rcpt_tos))
    rows = outbox_of(firm, invitee) + outbox_of(firm, firm.admin_email)
    assert len(rows) == 3
    for row in rows:
        assert (row["status"], row["attempts"], row["last_error"]) == ("sent", 1, "")
        assert row["sent_at"] == NOW.replace(minute=5)


def test_sending_the_outbox_a_second_time_sends_nothing_more(firm, clock, smtp_sink, db_url):
    invitee = unique_email("second.run")
    invite(firm, invitee, "Gaëlle Noël")
    send_outbox(session_factory(db_url), smtp_sink.url, MAIL_FROM, clock)
    assert len(smtp_sink.messages_to(invitee)) == 1
    assert len(smtp_sink.messages_to(firm.admin_email)) == 1
    clock.advance(hours=1)

    send_outbox(session_factory(db_url), smtp_sink.url, MAIL_FROM, clock)

    assert len(smtp_sink.messages_to(invitee)) == 1
    assert len(smtp_sink.messages_to(firm.admin_email)) == 1
    [row] = outbox_of(firm, invitee)
    assert (row["status"], row["attempts"], row["sent_at"]) == ("sent", 1, NOW)


def test_send_mail_marks_a_refused_recipient_failed_with_the_reason_and_exits_non_zero(
        firm, smtp_sink, run_manage):
    refused, after = unique_email("inconnu"), unique_email("suivant")
    invite(firm, refused, "Boîte Inexistante")
    invite(firm, after, "Anaïs Suivante")
    smtp_sink.refuse.add(refused)

    done = run_manage("send-mail", smtp_url=smtp_sink.url)

    assert done.returncode != 0
    assert done.stdout.startswith("Courriels envoyés : ")
    assert ", en échec : 0." not in done.stdout
    assert smtp_sink.messages_to(refused) == []
    [row] = outbox_of(firm, refused)
    assert row["status"] == "failed"
    assert row["sent_at"] is None
    assert row["attempts"] == 1
    assert "SMTPRecipientsRefused" in row["last_error"]
    assert "550" in row["last_error"] and "Mailbox unavailable" in row["last_error"]
    # The refusal holds back neither the messages queued before it nor those queued after it.
    for recipient in (firm.admin_email, after):
        [delivered] = smtp_sink.messages_to(recipient)
        assert delivered["Subject"] == "Votre accès à EEXPI – Cabinet Test"
        [sent_row] = outbox_of(firm, recipient)
        assert sent_row["status"] == "sent" and sent_row["sent_at"] is not None


def test_send_mail_with_an_invalid_smtp_url_fails_in_french_and_leaves_the_outbox_pending(firm, run_manage):
    done = run_manage("send-mail", smtp_url="mail.example.fr:25")

    assert done.returncode != 0
    assert done.stderr.strip() == ("Erreur : EEXPI_SMTP_URL invalide : attendu "
                                   "smtp://utilisateur:motdepasse@serveur:port ou smtps://… (voir le README).")
    [row] = outbox_of(firm, firm.admin_email)
    assert (row["status"], row["attempts"], row["sent_at"]) == ("pending", 0, None)


def test_send_mail_with_an_unreachable_smtp_server_fails_in_french_and_leaves_the_outbox_pending(firm, run_manage):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    done = run_manage("send-mail", smtp_url=f"smtp://127.0.0.1:{port}")

    [row] = outbox_of(firm, firm.admin_email)
    assert (row["status"], row["attempts"]) == ("pending", 0)
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith("Erreur : ")
