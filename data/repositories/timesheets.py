"""Time entries, weekly timesheets and running timers."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from sqlalchemy import case, func, insert

from data.models.invoicing import InvoiceRow
from data.models.production import RunningTimerRow, TimeEntryRow, TimesheetRow
from data.repositories.base import FirmScoped, upsert
from domain.timesheets.model import Activity, RunningTimer, TimeEntry, Timesheet, TimesheetStatus

CHUNK = 900  # bound parameters per IN (...) list, well under SQLite's limit


def _entry(row: TimeEntryRow) -> TimeEntry:
    return TimeEntry(id=row.id, user_id=row.user_id, day=row.day, minutes=row.minutes,
                     activity=Activity(row.activity), billable=row.billable, client_id=row.client_id,
                     mission_id=row.mission_id, task_id=row.task_id, comment=row.comment or "",
                     created_at=row.created_at, updated_at=row.updated_at, invoice_id=row.invoice_id)


def _sheet(row: TimesheetRow) -> Timesheet:
    return Timesheet(id=row.id, user_id=row.user_id, week_start=row.week_start, status=TimesheetStatus(row.status),
                     submitted_at=row.submitted_at, decided_at=row.decided_at, decided_by=row.decided_by,
                     comment=row.comment or "")


class TimeEntryRepository(FirmScoped):
    """Time entries."""

    def _values(self, entry: TimeEntry, at: datetime) -> dict:
        return {"firm_id": self.firm_id, "user_id": entry.user_id, "day": entry.day, "client_id": entry.client_id,
                "mission_id": entry.mission_id, "task_id": entry.task_id, "minutes": entry.minutes,
                "billable": entry.billable, "activity": entry.activity.value, "comment": entry.comment,
                "created_at": entry.created_at or at, "updated_at": at}

    def add(self, entry: TimeEntry, at: datetime) -> TimeEntry:
        values = self._values(entry, at)
        values.pop("firm_id")
        return _entry(self._add(TimeEntryRow, **values))

    def add_many(self, entries: list[TimeEntry], at: datetime) -> int:
        if entries:
            self.session.execute(insert(TimeEntryRow), [self._values(e, at) for e in entries])
        return len(entries)

    def for_user(self, user_id: int, first: date, last: date) -> list[TimeEntry]:
        statement = (self._select(TimeEntryRow)
                     .where(TimeEntryRow.user_id == user_id, TimeEntryRow.day >= first, TimeEntryRow.day <= last)
                     .order_by(TimeEntryRow.day, TimeEntryRow.id))
        return [_entry(r) for r in self.session.scalars(statement)]

    def delete_for_user(self, user_id: int, first: date, last: date) -> int:
        """Deletes the person's unbilled entries of the period; an entry on an invoice (or a draft) stays."""
        return self._delete(TimeEntryRow, TimeEntryRow.user_id == user_id, TimeEntryRow.day >= first,
                            TimeEntryRow.day <= last, TimeEntryRow.invoice_id.is_(None))

    def invoice_numbers(self, invoice_ids: Iterable[int]) -> dict[int, str | None]:
        """invoice → its number (None while a draft), for the invoices billing some entries."""
        wanted = sorted(set(invoice_ids))
        if not wanted:
            return {}
        statement = self._select(InvoiceRow, InvoiceRow.id, InvoiceRow.number).where(InvoiceRow.id.in_(wanted))
        return {invoice_id: number for invoice_id, number in self.session.execute(statement)}

    def between(self, first: date, last: date) -> list[TimeEntry]:
        statement = (self._select(TimeEntryRow).where(TimeEntryRow.day >= first, TimeEntryRow.day <= last)
                     .order_by(TimeEntryRow.day, TimeEntryRow.user_id, TimeEntryRow.id))
        return [_entry(r) for r in self.session.scalars(statement)]

    def recent_missions(self, user_id: int, since: date) -> list[int]:
        """Missions the person entered time on since `since`, most used first."""
        statement = (self._select(TimeEntryRow, TimeEntryRow.mission_id, func.sum(TimeEntryRow.minutes))
                     .where(TimeEntryRow.user_id == user_id, TimeEntryRow.day >= since,
                            TimeEntryRow.mission_id.is_not(None))
                     .group_by(TimeEntryRow.mission_id).order_by(func.sum(TimeEntryRow.minutes).desc()))
        return [row[0] for row in self.session.execute(statement)]

    def week_totals(self, monday: date, user_ids: Iterable[int]) -> dict[int, tuple[int, int]]:
        """user → (Σ minutes, Σ billable minutes) of these people's entries in the week starting on `monday`
        (people without any left out): one query per 900 people, on the (user, day) index."""
        found: dict[int, tuple[int, int]] = {}
        ordered = sorted(set(user_ids))
        for start in range(0, len(ordered), CHUNK):
            statement = (self._select(TimeEntryRow, TimeEntryRow.user_id, func.sum(TimeEntryRow.minutes),
                                      func.sum(case((TimeEntryRow.billable, TimeEntryRow.minutes), else_=0)))
                         .where(TimeEntryRow.user_id.in_(ordered[start:start + CHUNK]), TimeEntryRow.day >= monday,
                                TimeEntryRow.day <= monday + timedelta(days=6))
                         .group_by(TimeEntryRow.user_id))
            found.update({user: (int(total), int(billable)) for user, total, billable in self.session.execute(statement)})
        return found

    def mission_minutes(self, mission_ids: list[int]) -> list[tuple[int, int | None, int, date, int]]:
        """(mission, task, user, day, Σ minutes) of the missions' entries, for valuation at the day's rate."""
        if not mission_ids:
            return []
        statement = (self._select(TimeEntryRow, TimeEntryRow.mission_id, TimeEntryRow.task_id, TimeEntryRow.user_id,
                                  TimeEntryRow.day, func.sum(TimeEntryRow.minutes))
                     .where(TimeEntryRow.mission_id.in_(mission_ids))
                     .group_by(TimeEntryRow.mission_id, TimeEntryRow.task_id, TimeEntryRow.user_id, TimeEntryRow.day))
        return [tuple(row) for row in self.session.execute(statement)]


class TimesheetRepository(FirmScoped):
    """Weekly timesheets."""

    def get(self, user_id: int, week_start: date) -> Timesheet | None:
        row = self.session.scalar(self._select(TimesheetRow).where(TimesheetRow.user_id == user_id,
                                                                   TimesheetRow.week_start == week_start))
        return _sheet(row) if row else None

    def save(self, sheet: Timesheet) -> None:
        """Insert or replace the person's week."""
        upsert(self.session, TimesheetRow, {"firm_id": self.firm_id, "user_id": sheet.user_id,
                                            "week_start": sheet.week_start},
               {"status": sheet.status.value, "submitted_at": sheet.submitted_at, "decided_at": sheet.decided_at,
                "decided_by": sheet.decided_by, "comment": sheet.comment})

    def add_many(self, sheets: list[Timesheet]) -> int:
        if sheets:
            self.session.execute(insert(TimesheetRow), [
                {"firm_id": self.firm_id, "user_id": s.user_id, "week_start": s.week_start, "status": s.status.value,
                 "submitted_at": s.submitted_at, "decided_at": s.decided_at, "decided_by": s.decided_by,
                 "comment": s.comment} for s in sheets])
        return len(sheets)

    def with_status(self, status: TimesheetStatus) -> list[Timesheet]:
        statement = (self._select(TimesheetRow).where(TimesheetRow.status == status.value)
                     .order_by(TimesheetRow.week_start, TimesheetRow.user_id))
        return [_sheet(r) for r in self.session.scalars(statement)]

    def between(self, first: date, last: date) -> list[Timesheet]:
        """The weeks starting from the Monday on or before `first` up to `last`."""
        statement = self._select(TimesheetRow).where(TimesheetRow.week_start <= last,
                                                     TimesheetRow.week_start >= first.fromordinal(first.toordinal() - 6))
        return [_sheet(r) for r in self.session.scalars(statement)]


class TimerRepository(FirmScoped):
    """Running timers."""

    def get(self, user_id: int) -> RunningTimer | None:
        row = self.session.scalar(self._select(RunningTimerRow).where(RunningTimerRow.user_id == user_id))
        if row is None:
            return None
        return RunningTimer(user_id=row.user_id, started_at=row.started_at, activity=Activity(row.activity),
                            client_id=row.client_id, mission_id=row.mission_id, task_id=row.task_id,
                            comment=row.comment or "")

    def start(self, timer: RunningTimer) -> None:
        self._add(RunningTimerRow, user_id=timer.user_id, started_at=timer.started_at, client_id=timer.client_id,
                  mission_id=timer.mission_id, task_id=timer.task_id, activity=timer.activity.value,
                  comment=timer.comment)

    def delete(self, user_id: int) -> int:
        return self._delete(RunningTimerRow, RunningTimerRow.user_id == user_id)
