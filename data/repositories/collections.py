"""Payments, bank statement lines and mappings, reminder levels, reminders sent and legal interest rates of
one firm; receivables read from the issued invoices with their payments and credit notes.

A payment is never deleted: cancelling stamps it (who, when) and it stops counting. Bank lines move from
one status to another only from the status the caller saw (conditional UPDATE), so two users confirming the
same line at once cannot both record a payment.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError

from data.models.collections import (
    BankLineRow,
    BankMappingRow,
    LegalInterestRateRow,
    PaymentRow,
    ReminderLevelRow,
    ReminderRow,
)
from data.models.invoicing import InvoiceRow
from data.repositories.base import FirmScoped, upsert
from domain.collections.model import (
    BankLine,
    BankLineStatus,
    BankMapping,
    Movement,
    Payment,
    PaymentInput,
    PaymentMethod,
    Receivable,
    ReminderKind,
    ReminderLevel,
    SentReminder,
    StatementLine,
)
from domain.errors import InvalidInput

BP = Decimal(100)
_ISSUED, _INVOICE, _CREDIT_NOTE = "emise", "facture", "avoir"
_RECEIVABLE = (InvoiceRow.id, InvoiceRow.number, InvoiceRow.client_id, InvoiceRow.buyer, InvoiceRow.issue_date,
               InvoiceRow.due_date, InvoiceRow.due_cents, InvoiceRow.late_penalty_rate_bp,
               InvoiceRow.recovery_indemnity_cents)


def _payment(row: PaymentRow) -> Payment:
    return Payment(id=row.id, invoice_id=row.invoice_id, client_id=row.client_id, paid_on=row.paid_on,
                   amount_cents=row.amount_cents, method=PaymentMethod(row.method), reference=row.reference,
                   created_at=row.created_at, created_by=row.created_by, cancelled_at=row.cancelled_at,
                   cancelled_by=row.cancelled_by, bank_line_id=row.bank_line_id)


def _bank_line(row: BankLineRow, allocated_cents: int = 0) -> BankLine:
    return BankLine(id=row.id, bank_name=row.bank_name, booked_on=row.booked_on, label=row.label,
                    amount_cents=row.amount_cents, reference=row.reference, status=BankLineStatus(row.status),
                    payment_id=row.payment_id, allocated_cents=allocated_cents)


def _reminder(row: ReminderRow) -> SentReminder:
    return SentReminder(id=row.id, invoice_id=row.invoice_id, client_id=row.client_id, level=row.level,
                        label=row.label, sent_on=row.sent_on, principal_cents=row.principal_cents,
                        penalty_cents=row.penalty_cents, indemnity_cents=row.indemnity_cents,
                        mailed_to=row.mailed_to, sent_at=row.sent_at, sent_by=row.sent_by, outbox_id=row.outbox_id)


class CollectionRepository(FirmScoped):
    # --- receivables ----------------------------------------------------------------------------------

    def _movements(self, invoice_ids: list[int]) -> dict[int, list[Movement]]:
        found: dict[int, list[Movement]] = defaultdict(list)
        for start in range(0, len(invoice_ids), 900):
            chunk = invoice_ids[start:start + 900]
            paid = self._select(PaymentRow, PaymentRow.invoice_id, PaymentRow.paid_on, PaymentRow.amount_cents).where(
                PaymentRow.invoice_id.in_(chunk), PaymentRow.cancelled_at.is_(None))
            for invoice_id, on, cents in self.session.execute(paid):
                found[invoice_id].append(Movement(on, cents, "paiement"))
            # What a credit note takes off is its amount due: its TTC, less the deposits it gives back when it
            # credits an invoice that deducted them (that invoice asked only for its TTC less those deposits).
            credited = self._select(InvoiceRow, InvoiceRow.credited_invoice_id, InvoiceRow.issue_date,
                                    InvoiceRow.due_cents).where(
                InvoiceRow.credited_invoice_id.in_(chunk), InvoiceRow.status == _ISSUED,
                InvoiceRow.kind == _CREDIT_NOTE)
            for invoice_id, on, cents in self.session.execute(credited):
                found[invoice_id].append(Movement(on, cents, "avoir"))
        return found

    def _receivables(self, statement) -> list[Receivable]:
        rows = self.session.execute(statement).all()
        movements = self._movements([r.id for r in rows])
        return [Receivable(
            invoice_id=r.id, number=r.number, client_id=r.client_id, client_name=json.loads(r.buyer).get("name", ""),
            issue_date=r.issue_date, due_date=r.due_date or r.issue_date, due_cents=r.due_cents,
            late_penalty_rate=Decimal(r.late_penalty_rate_bp) / BP, recovery_indemnity_cents=r.recovery_indemnity_cents,
            movements=tuple(sorted(movements.get(r.id, ()), key=lambda m: m.on))) for r in rows]

    def _issued_invoices(self):
        return self._select(InvoiceRow, *_RECEIVABLE).where(InvoiceRow.status == _ISSUED,
                                                            InvoiceRow.kind == _INVOICE)

    def receivables(self, client_id: int | None = None) -> list[Receivable]:
        statement = self._issued_invoices().order_by(InvoiceRow.due_date, InvoiceRow.id)
        if client_id is not None:
            statement = statement.where(InvoiceRow.client_id == client_id)
        return self._receivables(statement)

    def receivable(self, invoice_id: int, *, lock: bool = False) -> Receivable | None:
        statement = self._issued_invoices().where(InvoiceRow.id == invoice_id)
        if lock:  # two payments recorded at once on one invoice: the second waits, then sees the first
            statement = statement.with_for_update()
        found = self._receivables(statement)
        return found[0] if found else None

    # --- payments --------------------------------------------------------------------------------------

    def add_payment(self, payment: PaymentInput, client_id: int, *, at: datetime, by: int | None) -> Payment:
        row = self._add(PaymentRow, invoice_id=payment.invoice_id, client_id=client_id, paid_on=payment.paid_on,
                        amount_cents=payment.amount_cents, method=payment.method.value, reference=payment.reference,
                        bank_line_id=payment.bank_line_id, created_at=at, created_by=by)
        return _payment(row)

    def payment(self, payment_id: int) -> Payment | None:
        row = self.session.scalar(self._select(PaymentRow).where(PaymentRow.id == payment_id))
        return _payment(row) if row else None

    def payments(self, *, invoice_id: int | None = None, client_id: int | None = None) -> list[Payment]:
        statement = self._select(PaymentRow).order_by(PaymentRow.paid_on.desc(), PaymentRow.id.desc())
        if invoice_id is not None:
            statement = statement.where(PaymentRow.invoice_id == invoice_id)
        if client_id is not None:
            statement = statement.where(PaymentRow.client_id == client_id)
        return [_payment(row) for row in self.session.scalars(statement.limit(2000))]

    def cancel_payment(self, payment_id: int, *, at: datetime, by: int | None) -> bool:
        return self._update(PaymentRow, PaymentRow.id == payment_id, PaymentRow.cancelled_at.is_(None),
                            cancelled_at=at, cancelled_by=by) == 1

    # --- bank statements ---------------------------------------------------------------------------------

    def mappings(self) -> list[BankMapping]:
        rows = self.session.scalars(self._select(BankMappingRow).order_by(BankMappingRow.bank_name))
        return [BankMapping(r.bank_name, r.date_column, r.label_column, r.amount_column, r.reference_column)
                for r in rows]

    def save_mapping(self, mapping: BankMapping) -> None:
        upsert(self.session, BankMappingRow, {"firm_id": self.firm_id, "bank_name": mapping.bank_name},
               {"date_column": mapping.date_column, "label_column": mapping.label_column,
                "amount_column": mapping.amount_column, "reference_column": mapping.reference_column})

    def known_hashes(self, hashes: Iterable[str]) -> set[str]:
        wanted, known = list(hashes), set()
        for start in range(0, len(wanted), 900):
            statement = self._select(BankLineRow, BankLineRow.line_hash).where(
                BankLineRow.line_hash.in_(wanted[start:start + 900]))
            known.update(self.session.scalars(statement))
        return known

    def add_bank_lines(self, bank_name: str, lines: list[StatementLine], *, at: datetime, by: int | None) -> int:
        self.session.add_all([BankLineRow(
            firm_id=self.firm_id, bank_name=bank_name, line_hash=line.line_hash, booked_on=line.booked_on,
            label=line.label, amount_cents=line.amount_cents, reference=line.reference,
            status=BankLineStatus.TO_MATCH.value, payment_id=None, imported_at=at, imported_by=by) for line in lines])
        self.session.flush()
        return len(lines)

    def _allocated(self, line_ids: list[int]) -> dict[int, int]:
        """What the payments not cancelled took from each line."""
        found: dict[int, int] = {}
        for start in range(0, len(line_ids), 900):
            statement = self._select(PaymentRow, PaymentRow.bank_line_id, func.sum(PaymentRow.amount_cents)).where(
                PaymentRow.bank_line_id.in_(line_ids[start:start + 900]), PaymentRow.cancelled_at.is_(None)
            ).group_by(PaymentRow.bank_line_id)
            found.update({line_id: int(cents) for line_id, cents in self.session.execute(statement)})
        return found

    def _with_allocations(self, rows: list[BankLineRow]) -> list[BankLine]:
        allocated = self._allocated([row.id for row in rows])
        return [_bank_line(row, allocated.get(row.id, 0)) for row in rows]

    def bank_lines(self, status: BankLineStatus | None = None) -> list[BankLine]:
        statement = self._select(BankLineRow).order_by(BankLineRow.booked_on.desc(), BankLineRow.id.desc())
        if status is not None:
            statement = statement.where(BankLineRow.status == status.value)
        return self._with_allocations(list(self.session.scalars(statement.limit(2000))))

    def bank_line(self, line_id: int, *, lock: bool = False) -> BankLine | None:
        statement = self._select(BankLineRow).where(BankLineRow.id == line_id)
        if lock:  # two users allocating the same line at once: the second waits, then sees the first's payments
            statement = statement.with_for_update()
        row = self.session.scalar(statement)
        return self._with_allocations([row])[0] if row else None

    def bank_line_of_payment(self, payment_id: int) -> BankLine | None:
        line_id = self.session.scalar(self._select(PaymentRow, PaymentRow.bank_line_id).where(
            PaymentRow.id == payment_id))
        return self.bank_line(line_id) if line_id is not None else None

    def first_payment_of_line(self, line_id: int) -> int | None:
        """The oldest payment not cancelled allocated from the line (what `bank_lines.payment_id` shows)."""
        return self.session.scalar(self._select(PaymentRow, PaymentRow.id).where(
            PaymentRow.bank_line_id == line_id, PaymentRow.cancelled_at.is_(None)).order_by(PaymentRow.id).limit(1))

    def move_bank_line(self, line_id: int, expected: BankLineStatus, status: BankLineStatus,
                       payment_id: int | None) -> bool:
        return self._update(BankLineRow, BankLineRow.id == line_id, BankLineRow.status == expected.value,
                            status=status.value, payment_id=payment_id) == 1

    # --- reminders -------------------------------------------------------------------------------------

    def levels(self) -> list[ReminderLevel]:
        rows = self.session.scalars(self._select(ReminderLevelRow).order_by(ReminderLevelRow.level))
        return [ReminderLevel(r.level, r.label, ReminderKind(r.kind), r.days_after_due) for r in rows]

    def replace_levels(self, levels: list[ReminderLevel]) -> None:
        self._delete(ReminderLevelRow)
        self.session.add_all([ReminderLevelRow(firm_id=self.firm_id, level=lv.level, label=lv.label,
                                               kind=lv.kind.value, days_after_due=lv.days_after_due)
                              for lv in levels])
        self.session.flush()

    def reminders(self, *, invoice_id: int | None = None, client_id: int | None = None) -> list[SentReminder]:
        statement = self._select(ReminderRow).order_by(ReminderRow.sent_on.desc(), ReminderRow.level.desc())
        if invoice_id is not None:
            statement = statement.where(ReminderRow.invoice_id == invoice_id)
        if client_id is not None:
            statement = statement.where(ReminderRow.client_id == client_id)
        return [_reminder(row) for row in self.session.scalars(statement.limit(2000))]

    def add_reminder(self, reminder: SentReminder, *, at: datetime, by: int | None) -> int:
        already = self.session.scalar(self._select(ReminderRow, ReminderRow.id).where(
            ReminderRow.invoice_id == reminder.invoice_id, ReminderRow.level == reminder.level))
        if already is not None:
            raise InvalidInput(f"Le niveau {reminder.level} de relance a déjà été envoyé pour cette facture.")
        try:
            with self.session.begin_nested():  # another run inserting the same level meanwhile: refused, not fatal
                row = self._add(ReminderRow, invoice_id=reminder.invoice_id, client_id=reminder.client_id,
                                level=reminder.level, label=reminder.label, sent_on=reminder.sent_on, sent_at=at,
                                sent_by=by, principal_cents=reminder.principal_cents,
                                penalty_cents=reminder.penalty_cents, indemnity_cents=reminder.indemnity_cents,
                                mailed_to="", outbox_id=None)
        except IntegrityError:
            raise InvalidInput(f"Le niveau {reminder.level} de relance a déjà été envoyé pour cette facture.") from None
        return row.id

    def attach_mail(self, reminder_id: int, recipient: str, outbox_id: int) -> None:
        self._update(ReminderRow, ReminderRow.id == reminder_id, mailed_to=recipient, outbox_id=outbox_id)

    # --- legal interest rates --------------------------------------------------------------------------

    def legal_rates(self) -> dict[tuple[int, int], Decimal]:
        rows = self.session.execute(self._select(LegalInterestRateRow, LegalInterestRateRow.year,
                                                 LegalInterestRateRow.half, LegalInterestRateRow.rate_bp))
        return {(year, half): Decimal(bp) / BP for year, half, bp in rows}

    def save_legal_rates(self, rates: dict[tuple[int, int], Decimal]) -> None:
        self._delete(LegalInterestRateRow)
        self.session.add_all([LegalInterestRateRow(firm_id=self.firm_id, year=year, half=half,
                                                   rate_bp=int((rate * BP).to_integral_value()))
                              for (year, half), rate in sorted(rates.items())])
        self.session.flush()


