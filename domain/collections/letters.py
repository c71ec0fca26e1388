"""The reminder as a French document: the letter's HTML (templates/reminders/reminder.html), rendered to PDF
by the DocumentRenderer port, and the mail that carries it."""

from datetime import date

from domain.access.mails import Attachment, Mail
from domain.clients.model import Client
from domain.collections.model import Receivable, ReminderKind, ReminderLevel
from domain.collections.penalties import PenaltyStatement, Segment
from domain.firm.model import FirmIdentity
from domain.formatting import day, eur_cents
from domain.invoicing.mentions import percent
from domain.letterhead import address_lines, firm_mentions, logo_data_uri
from domain.templating import render_file


def _why(segment: Segment) -> str:
    if segment.legal_rate is None:
        return "taux contractuel (taux légal du semestre inconnu)"
    floor = 3 * segment.legal_rate
    estimate = " (taux du semestre non publié : dernier taux connu)" if segment.estimated else ""
    if segment.rate == floor:
        return f"3 × taux légal {percent(segment.legal_rate)}{estimate}"
    return f"taux contractuel, supérieur à 3 × taux légal ({percent(floor)}){estimate}"


def _segment_row(segment: Segment) -> dict:
    return {"first": day(segment.first), "last": day(segment.last), "days": segment.days,
            "base": eur_cents(segment.principal_cents), "rate": percent(segment.rate),
            "amount": eur_cents(segment.cents), "why": _why(segment)}


def reminder_html(level: ReminderLevel, receivable: Receivable, statement: PenaltyStatement, on: date,
                  firm: FirmIdentity, client: Client, logo: tuple[bytes, str] | None = None) -> str:
    return render_file(
        "reminders/reminder.html", title=level.label, formal=level.kind is ReminderKind.FORMAL_NOTICE,
        firm=firm, firm_mentions=firm_mentions(firm), logo_uri=logo_data_uri(logo),
        firm_address=address_lines(firm.address_line, firm.postal_code, firm.city), client=client,
        client_address=address_lines(client.address_line, client.postal_code, client.city),
        on=day(on), number=receivable.number, issue_date=day(receivable.issue_date),
        due_date=day(receivable.due_date), principal=eur_cents(statement.principal_cents),
        segments=[_segment_row(s) for s in statement.segments], indemnity=eur_cents(statement.indemnity_cents),
        penalty=eur_cents(statement.penalty_cents), total=eur_cents(statement.total_cents))


def pdf_filename(level: ReminderLevel, receivable: Receivable) -> str:
    return f"Relance-{level.level}-{receivable.number}.pdf"


def reminder_mail(level: ReminderLevel, receivable: Receivable, statement: PenaltyStatement, on: date,
                  firm: FirmIdentity, email: str, pdf: bytes) -> Mail:
    opening = ("Sauf erreur de notre part, notre facture n° {n} du {d}, échue le {e}, reste impayée."
               if level.kind is ReminderKind.EMAIL else
               "Vous trouverez ci-joint notre courrier concernant la facture n° {n} du {d}, échue le {e}, "
               "qui reste impayée.").format(n=receivable.number, d=day(receivable.issue_date),
                                            e=day(receivable.due_date))
    body = f"""Bonjour,

{opening}

Reste dû : {eur_cents(statement.principal_cents)} TTC, auxquels s'ajoutent {eur_cents(statement.penalty_cents)} \
de pénalités de retard au {day(on)} et l'indemnité forfaitaire de {eur_cents(statement.indemnity_cents)}, \
soit {eur_cents(statement.total_cents)} (détail dans le document joint).

Si votre règlement a été effectué entre-temps, merci de ne pas tenir compte de ce message.

Bien cordialement,

{firm.name}
{firm.phone or firm.email}
"""
    return Mail(email, f"{level.label} – facture {receivable.number} – {firm.name}", body,
                attachments=(Attachment(pdf_filename(level, receivable), "application/pdf", pdf),))
