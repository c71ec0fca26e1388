"""Deposit invoices (factures d'acompte) as later invoices deduct them.

A deposit is recognised by its lines (kind "acompte"). It can be deducted once it is issued, paid in full (its
payments not cancelled reach its TTC) and not yet deducted; a draft reserves it with an UPDATE … WHERE
deducted_by_id IS NULL whose row count must match (two drafts racing cannot both deduct it). Releasing happens in
`InvoiceRepository.delete_draft` and, for an issued invoice, when a total credit note cancels it (`release`). A
deposit that was itself credited is never deductible.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import exists, func, select, update
from sqlalchemy.orm import aliased

from data.models.collections import PaymentRow
from data.models.invoicing import InvoiceLineRow, InvoiceRow
from data.repositories.base import FirmScoped
from domain.errors import InvalidInput
from domain.invoicing.model import InvoiceKind, LineKind
from domain.invoicing.records import Deposit, InvoiceStatus

ALREADY_DEDUCTED = "Un de ces acomptes vient d'être déduit par une autre facture : recommencez."


class DepositRepository(FirmScoped):
    """Deposit invoices of one firm."""

    def _deposits(self):
        is_deposit = exists().where(InvoiceLineRow.firm_id == InvoiceRow.firm_id,
                                    InvoiceLineRow.invoice_id == InvoiceRow.id,
                                    InvoiceLineRow.kind == LineKind.DEPOSIT.value)
        return (self._select(InvoiceRow, InvoiceRow.id, InvoiceRow.client_id, InvoiceRow.number, InvoiceRow.issue_date,
                             InvoiceRow.mission_id, InvoiceRow.lines_cents, InvoiceRow.vat_cents,
                             InvoiceRow.ttc_cents)
                .where(InvoiceRow.kind == InvoiceKind.INVOICE.value, InvoiceRow.status == InvoiceStatus.ISSUED.value,
                       is_deposit)
                .order_by(InvoiceRow.issue_date, InvoiceRow.number))

    @staticmethod
    def _deposit(row) -> Deposit:
        return Deposit(id=row.id, client_id=row.client_id, number=row.number, issue_date=row.issue_date, mission_id=row.mission_id,
                       ht_cents=row.lines_cents, vat_cents=row.vat_cents, ttc_cents=row.ttc_cents)

    def deductible(self, client_id: int | None) -> list[Deposit]:
        """The client's (None: every client's) deposits paid in full and not yet deducted, oldest first."""
        paid = (select(func.coalesce(func.sum(PaymentRow.amount_cents), 0))
                .where(PaymentRow.firm_id == InvoiceRow.firm_id, PaymentRow.invoice_id == InvoiceRow.id,
                       PaymentRow.cancelled_at.is_(None)).scalar_subquery())
        credit_note = aliased(InvoiceRow)
        credited = exists().where(credit_note.firm_id == InvoiceRow.firm_id,
                                  credit_note.credited_invoice_id == InvoiceRow.id,
                                  credit_note.status == InvoiceStatus.ISSUED.value)
        statement = self._deposits().where(InvoiceRow.deducted_by_id.is_(None), paid >= InvoiceRow.ttc_cents,
                                           ~credited)  # a deposit credited (given back) is deducted by nothing
        if client_id is not None:
            statement = statement.where(InvoiceRow.client_id == client_id)
        return [self._deposit(row) for row in self.session.execute(statement)]

    def deducted_by(self, invoice_id: int) -> list[Deposit]:
        statement = self._deposits().where(InvoiceRow.deducted_by_id == invoice_id)
        return [self._deposit(row) for row in self.session.execute(statement)]

    def reserve(self, invoice_id: int, deposit_ids: Sequence[int]) -> None:
        """The draft `invoice_id` deducts these deposits; InvalidInput when one was taken meanwhile."""
        if not deposit_ids:
            return
        changed = self.session.execute(
            update(InvoiceRow).where(InvoiceRow.firm_id == self.firm_id, InvoiceRow.id.in_(deposit_ids),
                                     InvoiceRow.deducted_by_id.is_(None)).values(deducted_by_id=invoice_id)).rowcount
        if changed != len(set(deposit_ids)):
            raise InvalidInput(ALREADY_DEDUCTED)

    def release(self, invoice_id: int) -> int:
        """The deposits `invoice_id` deducted become deductible again (a total credit note of that invoice)."""
        return self._update(InvoiceRow, InvoiceRow.deducted_by_id == invoice_id, deducted_by_id=None)

    def holder_of(self, deposit_id: int) -> str | None:
        """The number of the invoice deducting this deposit ("brouillon n° …" for a draft), or None."""
        holder = aliased(InvoiceRow)
        row = self.session.execute(
            self._select(InvoiceRow, holder.id, holder.number).select_from(InvoiceRow).join(
                holder, (holder.firm_id == InvoiceRow.firm_id) & (holder.id == InvoiceRow.deducted_by_id)).where(
                InvoiceRow.id == deposit_id)).first()
        return None if row is None else (row.number or f"brouillon n° {row.id}")
