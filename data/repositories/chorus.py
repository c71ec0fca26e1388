"""Chorus Pro deposits of the firm's invoices and the statuses read back from Chorus Pro."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import func

from data.models.chorus import ChorusDepositRow
from data.repositories.base import FirmScoped
from domain.chorus.model import ChorusDeposit, DepositStatus

CHUNK = 900  # bound parameters per IN (...) list
_FINAL = (DepositStatus.INTEGRATED.value, DepositStatus.REJECTED.value)


def _deposit(row: ChorusDepositRow) -> ChorusDeposit:
    return ChorusDeposit(id=row.id, invoice_id=row.invoice_id, flow_number=row.flow_number, file_name=row.file_name,
                         syntax=row.syntax, environment=row.environment, status=DepositStatus(row.status),
                         deposited_at=row.deposited_at, flow_state=row.flow_state, message=row.message,
                         deposited_by=row.deposited_by, checked_at=row.checked_at)


class ChorusDepositRepository(FirmScoped):
    def add(self, deposit: ChorusDeposit) -> ChorusDeposit:
        row = self._add(ChorusDepositRow, invoice_id=deposit.invoice_id, flow_number=deposit.flow_number,
                        file_name=deposit.file_name, syntax=deposit.syntax, environment=deposit.environment,
                        status=deposit.status.value, flow_state=deposit.flow_state, message=deposit.message,
                        deposited_at=deposit.deposited_at, deposited_by=deposit.deposited_by,
                        checked_at=deposit.checked_at)
        return _deposit(row)

    def get(self, deposit_id: int) -> ChorusDeposit | None:
        row = self.session.scalar(self._select(ChorusDepositRow).where(ChorusDepositRow.id == deposit_id))
        return _deposit(row) if row else None

    def latest(self, invoice_id: int) -> ChorusDeposit | None:
        return self.latest_for([invoice_id]).get(invoice_id)

    def latest_for(self, invoice_ids: Iterable[int]) -> dict[int, ChorusDeposit]:
        """invoice id → its latest deposit (invoices never deposited are left out); one query per 900 ids."""
        found: dict[int, ChorusDeposit] = {}
        ordered = sorted(set(invoice_ids))
        for start in range(0, len(ordered), CHUNK):
            latest = (self._select(ChorusDepositRow, func.max(ChorusDepositRow.id))
                      .where(ChorusDepositRow.invoice_id.in_(ordered[start:start + CHUNK]))
                      .group_by(ChorusDepositRow.invoice_id))
            rows = self.session.scalars(self._select(ChorusDepositRow).where(ChorusDepositRow.id.in_(latest)))
            found.update({row.invoice_id: _deposit(row) for row in rows})
        return found

    def pending(self) -> list[ChorusDeposit]:
        statement = (self._select(ChorusDepositRow).where(ChorusDepositRow.status.not_in(_FINAL))
                     .order_by(ChorusDepositRow.deposited_at, ChorusDepositRow.id))
        return [_deposit(row) for row in self.session.scalars(statement)]

    def set_status(self, deposit_id: int, status: DepositStatus, flow_state: str, message: str,
                   checked_at: datetime) -> None:
        self._update(ChorusDepositRow, ChorusDepositRow.id == deposit_id, status=status.value,
                     flow_state=flow_state[:60], message=message, checked_at=checked_at)
