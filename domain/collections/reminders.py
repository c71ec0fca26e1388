"""Reminders (relances): the firm's levels, who is late and which level is due, the letter, the sending.

A level is due for an invoice once `days_after_due` days have passed since its due date and while something
remains unpaid; a full payment (or credit note) therefore stops the sequence. Only the highest level due is
sent, and never one at or below a level already sent: an invoice found 50 days late the first time gets the
mise en demeure, not three letters at once. The database refuses a level twice for one invoice, so running
`send-reminders` twice (or twice at once) never sends a level twice. Each invoice is sent in its own
transaction: one failure (an unrenderable letter) does not hold back the others.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from domain.access.model import Permission, Principal
from domain.audit import Action
from domain.clock import Clock
from domain.collections import letters
from domain.collections.model import DEFAULT_LEVELS, Receivable, ReminderKind, ReminderLevel, SentReminder
from domain.collections.penalties import DEFAULT_LEGAL_RATES, PenaltyStatement, penalties
from domain.errors import InvalidInput, NotFound
from domain.firm.guards import actor_id, require_staff
from domain.formatting import day, eur_cents
from domain.invoicing.drafting import billing_email
from domain.ports import DocumentRenderer, FirmUnitOfWork
from domain.text import single_line

MAX_LEGAL_RATE = Decimal(30)


@dataclass(frozen=True, slots=True)
class LateInvoice:
    receivable: Receivable
    statement: PenaltyStatement
    sent: tuple[SentReminder, ...]  # newest first
    next_level: ReminderLevel | None  # the level to send now, None when nothing is due

    @property
    def last_level(self) -> int:
        return max((s.level for s in self.sent), default=0)


@dataclass(frozen=True, slots=True)
class RunReport:
    on: date
    sent: tuple[str, ...]
    errors: tuple[str, ...]

    @property
    def summary(self) -> str:
        return (f"Relances au {day(self.on)} : {len(self.sent)} envoyée(s), {len(self.errors)} en erreur."
                if self.sent or self.errors else f"Relances au {day(self.on)} : aucune relance due.")


# --- settings: levels and legal rates --------------------------------------------------------------------

def _levels(uow: FirmUnitOfWork) -> list[ReminderLevel]:
    return uow.collections.levels() or list(DEFAULT_LEVELS)


def _rates(uow: FirmUnitOfWork) -> dict[tuple[int, int], Decimal]:
    return uow.collections.legal_rates() or dict(DEFAULT_LEGAL_RATES)


def reminder_levels(uow: FirmUnitOfWork, principal: Principal | None) -> list[ReminderLevel]:
    """The firm's levels; the defaults (due+7 e-mail, due+30 letter, due+45 formal notice) until it sets its own."""
    require_staff(uow, principal)
    with uow:
        return _levels(uow)


def save_reminder_levels(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock,
                         levels: list[ReminderLevel]) -> list[ReminderLevel]:
    require_staff(uow, principal, Permission.ADMINISTER)
    checked = _checked_levels(levels)
    with uow:
        before = _levels(uow)
        uow.collections.replace_levels(checked)
        uow.audit.record(Action.REMINDER_LEVELS_CHANGE, actor_id(principal), "reminder_levels", "",
                         {"avant": _describe(before), "après": _describe(checked)}, at=clock.now())
        uow.commit()
    return checked


def _describe(levels: list[ReminderLevel]) -> str:
    return " ; ".join(f"{lv.level}. {lv.label} ({lv.kind.label.lower()}) à échéance + {lv.days_after_due} j"
                      for lv in levels)


def _checked_levels(levels: list[ReminderLevel]) -> list[ReminderLevel]:
    if not levels:
        raise InvalidInput("Gardez au moins un niveau de relance.")
    if len(levels) > 6:
        raise InvalidInput("Six niveaux de relance au plus.")
    ordered = sorted(levels, key=lambda lv: lv.days_after_due)
    days = [lv.days_after_due for lv in ordered]
    if any(d < 1 or d > 365 for d in days):
        raise InvalidInput("Chaque niveau se déclenche entre 1 et 365 jours après l'échéance.")
    if len(set(days)) != len(days):
        raise InvalidInput("Deux niveaux ne peuvent pas se déclencher le même nombre de jours après l'échéance.")
    return [ReminderLevel(position, single_line(lv.label, f"Niveau {position} : intitulé", 80, required=True),
                          ReminderKind(lv.kind), lv.days_after_due) for position, lv in enumerate(ordered, start=1)]


def legal_rates(uow: FirmUnitOfWork, principal: Principal | None) -> dict[tuple[int, int], Decimal]:
    """Taux de l'intérêt légal (professional creditors) by (year, half-year); seeded with DOMAIN.md §2g."""
    require_staff(uow, principal)
    with uow:
        return _rates(uow)


def save_legal_rates(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock,
                     rates: dict[tuple[int, int], Decimal]) -> None:
    require_staff(uow, principal, Permission.ADMINISTER)
    for (year, half), rate in rates.items():
        if not 2000 <= year <= 2100 or half not in (1, 2):
            raise InvalidInput(f"Semestre invalide : {year} / {half} (année 2000-2100, semestre 1 ou 2).")
        if not Decimal(0) <= rate <= MAX_LEGAL_RATE:
            raise InvalidInput(f"Taux {year} S{half} : entre 0 et {MAX_LEGAL_RATE} %.")
    if not rates:
        raise InvalidInput("Gardez au moins un taux d'intérêt légal.")
    with uow:
        before = _rates(uow)
        uow.collections.save_legal_rates(rates)
        changed = {f"{y} S{h}": f"{before.get((y, h), '—')} → {r}" for (y, h), r in sorted(rates.items())
                   if before.get((y, h)) != r}
        removed = [f"{y} S{h}" for (y, h) in sorted(before) if (y, h) not in rates]
        uow.audit.record(Action.LEGAL_RATES_CHANGE, actor_id(principal), "legal_rates", "",
                         {"modifiés": changed, "supprimés": removed}, at=clock.now())
        uow.commit()


# --- who is late ---------------------------------------------------------------------------------------

def _next_level(receivable: Receivable, levels: list[ReminderLevel], sent: list[SentReminder],
                on: date) -> ReminderLevel | None:
    if receivable.outstanding_on(on) <= 0:
        return None
    late = receivable.days_late(on)
    reached = [lv for lv in levels if late >= lv.days_after_due]
    done = max((s.level for s in sent), default=0)
    return reached[-1] if reached and reached[-1].level > done else None


def _late(uow: FirmUnitOfWork, on: date, client_id: int | None = None) -> list[LateInvoice]:
    levels, rates = _levels(uow), _rates(uow)
    sent_by_invoice: dict[int, list[SentReminder]] = {}
    for reminder in uow.collections.reminders(client_id=client_id):
        sent_by_invoice.setdefault(reminder.invoice_id, []).append(reminder)
    found = []
    for receivable in uow.collections.receivables(client_id):
        if receivable.issue_date > on or receivable.due_date >= on or receivable.outstanding_on(on) <= 0:
            continue
        sent = sent_by_invoice.get(receivable.invoice_id, [])
        found.append(LateInvoice(receivable, penalties(receivable, on, rates), tuple(sent),
                                 _next_level(receivable, levels, sent, on)))
    return sorted(found, key=lambda f: (-f.receivable.days_late(on), f.receivable.number))


def late_invoices(uow: FirmUnitOfWork, principal: Principal | None, on: date,
                  client_id: int | None = None) -> list[LateInvoice]:
    """Every issued invoice past its due date with something unpaid on `on`, the latest first."""
    require_staff(uow, principal, Permission.INVOICE)
    with uow:
        return _late(uow, on, client_id)


def history(uow: FirmUnitOfWork, principal: Principal | None, *, invoice_id: int | None = None,
            client_id: int | None = None) -> list[SentReminder]:
    require_staff(uow, principal, Permission.INVOICE)
    with uow:
        return uow.collections.reminders(invoice_id=invoice_id, client_id=client_id)


# --- the letter and its sending ------------------------------------------------------------------------------

def _level(uow: FirmUnitOfWork, number: int) -> ReminderLevel:
    level = next((lv for lv in _levels(uow) if lv.level == number), None)
    if level is None:
        raise NotFound(f"Le niveau de relance {number} n'existe pas dans ce cabinet.")
    return level


def _letter(uow: FirmUnitOfWork, documents: DocumentRenderer, invoice_id: int, number: int, on: date):
    receivable = uow.collections.receivable(invoice_id)
    if receivable is None:
        raise NotFound("Facture émise introuvable dans ce cabinet.")
    if receivable.outstanding_on(on) <= 0:
        raise InvalidInput(f"La facture {receivable.number} est soldée : aucune relance à faire.")
    if receivable.due_date >= on:
        raise InvalidInput(f"La facture {receivable.number} n'est pas encore échue ({day(receivable.due_date)}).")
    level, firm = _level(uow, number), uow.firm.get()
    client = uow.clients.get(receivable.client_id)
    statement = penalties(receivable, on, _rates(uow))
    html = letters.reminder_html(level, receivable, statement, on, firm.identity, client,
                                 uow.firm.logo() if firm.has_logo else None)
    return receivable, level, statement, client, documents.pdf(html)


def preview_letter(uow: FirmUnitOfWork, principal: Principal | None, documents: DocumentRenderer, invoice_id: int,
                   level: int, on: date) -> bytes:
    """The PDF the level would send today, without sending or recording anything."""
    require_staff(uow, principal, Permission.INVOICE)
    with uow:
        return _letter(uow, documents, invoice_id, level, on)[-1]


def _send_in_transaction(uow: FirmUnitOfWork, actor: int | None, clock: Clock, documents: DocumentRenderer,
                         invoice_id: int, number: int, on: date) -> SentReminder:
    receivable, level, statement, client, pdf = _letter(uow, documents, invoice_id, number, on)
    done = max((s.level for s in uow.collections.reminders(invoice_id=invoice_id)), default=0)
    if number <= done:
        raise InvalidInput(f"La facture {receivable.number} a déjà reçu le niveau {done} de relance : "
                           "un niveau n'est jamais envoyé deux fois, ni un niveau inférieur après un supérieur.")
    reminder = SentReminder(0, invoice_id, receivable.client_id, level.level, level.label, on,
                            statement.principal_cents, statement.penalty_cents, statement.indemnity_cents)
    reminder_id = uow.collections.add_reminder(reminder, at=clock.now(), by=actor)
    email = billing_email(client, uow.contacts.for_client(client.id))
    if email:
        mail = letters.reminder_mail(level, receivable, statement, on, uow.firm.get().identity, email, pdf)
        uow.collections.attach_mail(reminder_id, email, uow.outbox.enqueue(mail, at=clock.now()))
    uow.audit.record(Action.REMINDER_SEND, actor, "invoice", str(invoice_id),
                     {"facture": receivable.number, "client": receivable.client_name, "niveau": level.label,
                      "reste dû": eur_cents(statement.principal_cents), "pénalités": eur_cents(statement.penalty_cents),
                      "indemnité": eur_cents(statement.indemnity_cents), "destinataire": email or "aucun (courrier)"},
                     at=clock.now())
    return SentReminder(reminder_id, invoice_id, receivable.client_id, level.level, level.label, on,
                        statement.principal_cents, statement.penalty_cents, statement.indemnity_cents, email)


def send_reminder(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, documents: DocumentRenderer,
                  invoice_id: int, level: int) -> SentReminder:
    """Send one level now (from the Relances page): the letter PDF queued by mail to the client."""
    require_staff(uow, principal, Permission.INVOICE)
    with uow:
        sent = _send_in_transaction(uow, actor_id(principal), clock, documents, invoice_id, level, clock.today())
        uow.commit()
        return sent


def send_due_reminders(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, documents: DocumentRenderer,
                       on: date | None = None) -> RunReport:
    """Send the level due today (or on `on`) for every late invoice; safe to run twice (cron)."""
    require_staff(uow, principal, Permission.INVOICE)
    on = on or clock.today()
    if on > clock.today():
        raise InvalidInput(f"La date des relances ({day(on)}) est dans le futur.")
    with uow:
        due = [(f.receivable, f.next_level) for f in _late(uow, on) if f.next_level is not None]
    sent, errors = [], []
    for receivable, level in due:
        try:
            with uow:
                reminder = _send_in_transaction(uow, actor_id(principal), clock, documents, receivable.invoice_id,
                                                level.level, on)
                uow.commit()
            sent.append(f"{receivable.number} – {receivable.client_name} : {level.label} "
                        f"({eur_cents(reminder.principal_cents)} dus, {reminder.mailed_to or 'sans adresse : courrier'})")
        except InvalidInput as err:  # e.g. sent meanwhile by another run
            errors.append(f"{receivable.number} : {err.message}")
    return RunReport(on, tuple(sent), tuple(errors))
