"""Absences of the staff (leave, RTT, sickness, training)."""

from __future__ import annotations

from datetime import date

from data.models.production import AbsenceRow
from data.repositories.base import FirmScoped
from domain.workload.model import Absence, AbsenceKind


def _absence(row: AbsenceRow) -> Absence:
    return Absence(row.id, row.user_id, AbsenceKind(row.kind), row.first_day, row.last_day, bool(row.half_day),
                   row.comment or "")


class AbsenceRepository(FirmScoped):
    """Absences."""

    def add(self, *, user_id: int, kind: AbsenceKind, first_day: date, last_day: date, half_day: bool = False,
            comment: str = "") -> Absence:
        return _absence(self._add(AbsenceRow, user_id=user_id, kind=AbsenceKind(kind).value, first_day=first_day,
                                  last_day=last_day, half_day=half_day, comment=comment))

    def get(self, absence_id: int) -> Absence | None:
        row = self.session.scalars(self._select(AbsenceRow).where(AbsenceRow.id == absence_id)).one_or_none()
        return _absence(row) if row is not None else None

    def delete(self, absence_id: int) -> None:
        self._delete(AbsenceRow, AbsenceRow.id == absence_id)

    def list(self, *, user_id: int | None = None, start: date | None = None, end: date | None = None) -> list[Absence]:
        """Absences overlapping [start, end] (either bound optional), by first day then person."""
        statement = self._select(AbsenceRow)
        if user_id is not None:
            statement = statement.where(AbsenceRow.user_id == user_id)
        if start is not None:
            statement = statement.where(AbsenceRow.last_day >= start)
        if end is not None:
            statement = statement.where(AbsenceRow.first_day <= end)
        statement = statement.order_by(AbsenceRow.first_day, AbsenceRow.user_id, AbsenceRow.id)
        return [_absence(r) for r in self.session.scalars(statement)]

    def overlapping(self, user_id: int, first_day: date, last_day: date) -> list[Absence]:
        return self.list(user_id=user_id, start=first_day, end=last_day)
