"""The demo firm's collections history over the seeded invoices: payments, reminders and the sales journal.

Each client has a payer profile, drawn once: most pay on time (by transfer or direct debit, a little before
the due date), some late, some in two parts, a few stop paying in the last months. Payments dated on or after
the seed's reference date have not happened yet, so the invoices of the last weeks are open and the aged
balance shows every bucket. Reminders are those `send-reminders` would have sent running every morning with the
default levels (e-mail at due + 7, letter at due + 30, mise en demeure at due + 45) while the invoice was
unpaid, each with its principal, penalties (3 × the legal rate floor, by half-year) and the 40 € indemnity,
computed by the domain's rules (`domain/collections/penalties.py`).

The ledger gets what posting at issue and at payment would have written (`domain/accounting/posting.py`): the VE
entries of every invoice and credit note in issue order, the BQ entries of every payment in date order, numbered
continuously per journal after any entry already posted. Everything is written in bulk (no per-row statement).
"""

from __future__ import annotations

import json
import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from data.models.collections import PaymentRow, ReminderRow
from data.models.ledger import LedgerEntryRow, LedgerLineRow, LedgerSequenceRow
from data.models.ops import AuditEventRow
from data.seeding.bulk import writer_for
from domain.accounting.model import Journal, LedgerEntry
from domain.accounting.posting import invoice_entry, payment_entries
from domain.audit import Action
from domain.collections.model import DEFAULT_LEVELS, Movement, PaymentMethod, Receivable
from domain.collections.penalties import DEFAULT_LEGAL_RATES, penalties
from domain.formatting import day as day_text
from domain.formatting import eur_cents

# Share of clients per payer profile (the rest pay on time).
LATE_PAYERS, PART_PAYERS, DEFAULTERS = 0.15, 0.05, 0.03
DEFAULTING_MONTHS = 6  # a defaulter stopped paying this many months before the reference date


@dataclass(frozen=True, slots=True)
class PlannedPayment:
    id: int
    invoice_id: int
    client_id: int
    client_name: str
    invoice_number: str
    paid_on: date
    amount_cents: int
    method: PaymentMethod

    @property
    def reference(self) -> str:
        return f"VIR {self.invoice_number}" if self.method is PaymentMethod.TRANSFER else ""


@dataclass(frozen=True, slots=True)
class CollectionsReport:
    payments: int
    reminders: int
    open_invoices: int
    entries: int


def seed_collections(repos, seeded: list, *, today: date, rng: random.Random, issuer: int | None) -> CollectionsReport:
    """Payments, reminders and ledger entries for the `seeded` invoices and credit notes (data/seeding/invoicing.py
    `Seeded`, ids and numbers set, already written), inside the caller's transaction."""
    invoices = [s for s in seeded if s.credited is None]
    credited = defaultdict(int)
    for note in (s for s in seeded if s.credited is not None):
        credited[note.credited.id] += note.document.totals.ttc_cents
    profiles: dict[int, str] = {}
    plans = []
    for s in sorted(invoices, key=lambda s: (s.document.issue_date, s.id)):
        profile = profiles.setdefault(s.client_id, _profile(rng))
        outstanding = s.document.totals.due_cents - credited[s.id]
        plans.append((s, _payments(s, outstanding, profile, rng, today)))
    ids = iter(writer_for(repos).reserve_ids(PaymentRow.__table__, sum(len(p) for _, p in plans)))
    payments = [PlannedPayment(next(ids), s.id, s.client_id, s.document.buyer.name, s.document.number, on, cents,
                               method) for s, planned in plans for on, cents, method in planned]
    by_invoice = defaultdict(list)
    for payment in payments:
        by_invoice[payment.invoice_id].append(payment)
    notes_by_invoice = defaultdict(list)
    for note in (s for s in seeded if s.credited is not None):
        notes_by_invoice[note.credited.id].append(note)
    receivables = [_receivable(s, by_invoice[s.id], notes_by_invoice[s.id]) for s in invoices]
    reminders = [r for receivable in receivables for r in _reminders(receivable, today)]
    _write_payments(repos, payments, issuer)
    emails = {s.id: s.document.buyer.email for s in invoices}
    _write_reminders(repos, reminders, emails)
    entries = _write_ledger(repos, seeded, payments)
    open_count = sum(1 for r in receivables if r.outstanding_on(today) > 0)
    return CollectionsReport(len(payments), len(reminders), open_count, entries)


# --- who pays when ------------------------------------------------------------------------------------------

def _profile(rng: random.Random) -> str:
    draw = rng.random()
    if draw < DEFAULTERS:
        return "defaulter"
    if draw < DEFAULTERS + PART_PAYERS:
        return "part"
    if draw < DEFAULTERS + PART_PAYERS + LATE_PAYERS:
        return "late"
    return "on_time"


def _payments(s, outstanding: int, profile: str, rng: random.Random,
              today: date) -> list[tuple[date, int, PaymentMethod]]:
    """(day, cents, method) of the payments of one invoice that happened before `today`."""
    if outstanding <= 0:
        return []
    issued, due = s.document.issue_date, s.document.due_date
    method = PaymentMethod.DIRECT_DEBIT if profile == "on_time" and rng.random() < 0.3 else PaymentMethod.TRANSFER
    if profile == "defaulter" and issued >= today - timedelta(days=30 * DEFAULTING_MONTHS):
        planned = []
    elif profile == "defaulter":
        planned = [(due + timedelta(days=rng.randint(60, 150)), outstanding)]
    elif profile == "part":
        first = outstanding // 2
        planned = [(due + timedelta(days=rng.randint(0, 15)), first),
                   (due + timedelta(days=rng.randint(20, 75)), outstanding - first)]
    elif profile == "late":
        planned = [(due + timedelta(days=rng.randint(8, 40 if rng.random() < 0.85 else 70)), outstanding)]
    else:
        planned = [(max(due - timedelta(days=rng.randint(0, 20)), issued + timedelta(days=2)), outstanding)]
    return [(on, cents, method) for on, cents in planned if on < today]


def _receivable(s, payments: list[PlannedPayment], notes: list) -> Receivable:
    movements = [Movement(p.paid_on, p.amount_cents, "paiement") for p in payments]
    movements += [Movement(n.document.issue_date, n.document.totals.ttc_cents, "avoir") for n in notes]
    doc = s.document
    return Receivable(s.id, doc.number, s.client_id, doc.buyer.name, doc.issue_date, doc.due_date,
                      doc.totals.due_cents, doc.late_penalty_rate, doc.recovery_indemnity_cents,
                      tuple(sorted(movements, key=lambda m: m.on)))


def _reminders(receivable: Receivable, today: date) -> list[tuple[Receivable, object, date]]:
    """The levels a daily `send-reminders` would have sent: each on its day while the invoice was still unpaid."""
    sent = []
    for level in DEFAULT_LEVELS:
        on = receivable.due_date + timedelta(days=level.days_after_due)
        if on < today and receivable.outstanding_on(on) > 0:
            sent.append((receivable, level, on))
    return sent


# --- writing ------------------------------------------------------------------------------------------------

def _at(on: date) -> datetime:
    return datetime.combine(on, time(8, 0), UTC)


def _write_payments(repos, payments: list[PlannedPayment], issuer: int | None) -> None:
    writer = writer_for(repos)
    with writer.foreign_keys_checked_at_end(PaymentRow.__table__, len(payments)):
        writer.insert(PaymentRow.__table__, ("id", "invoice_id", "client_id", "paid_on", "amount_cents", "method",
                                             "reference", "created_at", "created_by", "cancelled_at", "cancelled_by"),
                      ((p.id, p.invoice_id, p.client_id, p.paid_on, p.amount_cents, p.method.value, p.reference,
                        _at(p.paid_on), issuer, None, None) for p in payments))
    writer.insert(AuditEventRow.__table__, ("at", "actor_user_id", "action", "target_type", "target_id", "details"),
                  ((_at(p.paid_on), issuer, Action.PAYMENT_RECORD.value, "payment", str(p.id), json.dumps(
                      {"facture": p.invoice_number, "client": p.client_name, "montant": eur_cents(p.amount_cents),
                       "date": day_text(p.paid_on), "mode": p.method.label}, ensure_ascii=False))
                   for p in payments))


def _write_reminders(repos, reminders: list, emails: dict[int, str]) -> None:
    """Reminders as sent by the command line (no actor), with the figures of their day; the mails are not queued
    again (they would all leave at the first `send-mail`)."""
    writer = writer_for(repos)
    rows = []
    for receivable, level, on in reminders:
        statement = penalties(receivable, on, DEFAULT_LEGAL_RATES)
        rows.append((receivable.invoice_id, receivable.client_id, level.level, level.label, on, _at(on), None,
                     statement.principal_cents, statement.penalty_cents, statement.indemnity_cents,
                     emails.get(receivable.invoice_id, ""), None))
    writer.insert(ReminderRow.__table__, ("invoice_id", "client_id", "level", "label", "sent_on", "sent_at", "sent_by",
                                          "principal_cents", "penalty_cents", "indemnity_cents", "mailed_to",
                                          "outbox_id"), rows)


def _write_ledger(repos, seeded: list, payments: list[PlannedPayment]) -> int:
    documents = sorted(seeded, key=lambda s: (s.document.issue_date, s.credited is not None, s.document.number))
    sales = [e for s in documents if (e := invoice_entry(s.document, invoice_id=s.id, client_id=s.client_id))]
    bank = [e for p in sorted(payments, key=lambda p: (p.paid_on, p.id)) for e in payment_entries(
        payment_id=p.id, client_id=p.client_id, client_name=p.client_name, amount_cents=p.amount_cents,
        paid_on=p.paid_on, posted_on=p.paid_on, reference=p.reference, invoice_id=p.invoice_id,
        invoice_number=p.invoice_number, method=p.method.label)]
    writer = writer_for(repos)
    session, firm_id = repos.users.session, repos.firm_id
    last = dict(session.execute(select(LedgerSequenceRow.journal, LedgerSequenceRow.last_number)
                                .where(LedgerSequenceRow.firm_id == firm_id)).all())
    numbered: list[tuple[int, LedgerEntry]] = []
    for journal, entries in ((Journal.SALES, sales), (Journal.BANK, bank)):
        start = last.get(journal.value, 0)
        numbered += [(start + offset, entry) for offset, entry in enumerate(entries, start=1)]
    ids = writer.reserve_ids(LedgerEntryRow.__table__, len(numbered))
    with writer.foreign_keys_checked_at_end(LedgerEntryRow.__table__, len(numbered)):
        writer.insert(LedgerEntryRow.__table__, (
            "id", "journal", "number", "entry_date", "piece_ref", "piece_date", "label", "source", "source_id",
            "invoice_id", "client_id", "debit_cents", "credit_cents", "created_at"), (
            (entry_id, e.journal.value, number, e.entry_date, e.piece_ref, e.piece_date, e.label[:300], e.source.value,
             e.source_id, e.invoice_id, e.client_id, e.debit_cents, e.credit_cents, _at(e.entry_date))
            for entry_id, (number, e) in zip(ids, numbered, strict=True)))
    lines = [(entry_id, position, item.account, item.account_label, item.aux_account, item.aux_label[:200],
              item.label[:300], item.debit_cents, item.credit_cents)
             for entry_id, (_, e) in zip(ids, numbered, strict=True) for position, item in enumerate(e.lines)]
    with writer.foreign_keys_checked_at_end(LedgerLineRow.__table__, len(lines)):
        writer.insert(LedgerLineRow.__table__, ("entry_id", "position", "account", "account_label", "aux_account",
                                                "aux_label", "label", "debit_cents", "credit_cents"), lines)
    _set_sequences(repos, last, {Journal.SALES.value: len(sales), Journal.BANK.value: len(bank)})
    return len(numbered)


def _set_sequences(repos, last: dict[str, int], added: dict[str, int]) -> None:
    """Later postings continue the numbering after the seeded entries."""
    session, firm_id = repos.users.session, repos.firm_id
    table = LedgerSequenceRow.__table__
    for journal, count in added.items():
        if not count:
            continue
        if journal in last:
            session.execute(table.update().where(table.c.firm_id == firm_id, table.c.journal == journal)
                            .values(last_number=last[journal] + count))
        else:
            session.execute(table.insert().values(firm_id=firm_id, journal=journal, last_number=count))
