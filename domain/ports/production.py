"""Ports of production: time, timesheets, timer, statutory deadlines and their alerts, absences."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Protocol

from domain.deadlines.model import Deadline, DeadlineFilter, DeadlineOwners
from domain.timesheets.model import RunningTimer, TimeEntry, Timesheet, TimesheetStatus
from domain.workload.model import Absence, AbsenceKind


class TimeEntryRepo(Protocol):
    """Time entries (domain.timesheets)."""

    def add(self, entry: TimeEntry, at: datetime) -> TimeEntry: ...
    def add_many(self, entries: list[TimeEntry], at: datetime) -> int: ...
    def for_user(self, user_id: int, first: date, last: date) -> list[TimeEntry]: ...  # by day
    def delete_for_user(self, user_id: int, first: date, last: date) -> int: ...  # unbilled entries only
    def invoice_numbers(self, invoice_ids: Iterable[int]) -> dict[int, str | None]: ...  # None: a draft
    def between(self, first: date, last: date) -> list[TimeEntry]: ...  # every person's, by day
    def recent_missions(self, user_id: int, since: date) -> list[int]: ...  # most used first
    # user → (Σ minutes, Σ billable minutes) of the people's entries of the week
    def week_totals(self, monday: date, user_ids: Iterable[int]) -> dict[int, tuple[int, int]]: ...
    # (mission, task, user, day, Σ minutes) of the missions' entries
    def mission_minutes(self, mission_ids: list[int]) -> list[tuple[int, int | None, int, date, int]]: ...


class TimesheetRepo(Protocol):
    """Weekly timesheets: status, submission, approval (domain.timesheets)."""

    def get(self, user_id: int, week_start: date) -> Timesheet | None: ...
    def save(self, sheet: Timesheet) -> None: ...  # insert or replace (user, week)
    def add_many(self, sheets: list[Timesheet]) -> int: ...
    def with_status(self, status: TimesheetStatus) -> list[Timesheet]: ...
    def between(self, first: date, last: date) -> list[Timesheet]: ...  # weeks overlapping the period


class TimerRepo(Protocol):
    """One running timer per person (domain.timesheets)."""

    def get(self, user_id: int) -> RunningTimer | None: ...
    def start(self, timer: RunningTimer) -> None: ...
    def delete(self, user_id: int) -> int: ...


class DeadlineRepo(Protocol):
    """Statutory deadlines of the clients (domain.deadlines)."""

    def add_many(self, deadlines: list[Deadline]) -> int: ...  # bulk insert
    def existing_keys(self, period_from: date, period_to: date) -> set[tuple[int, str, date]]: ...
    def get(self, deadline_id: int) -> Deadline | None: ...
    def list(self, criteria: DeadlineFilter) -> list[Deadline]: ...  # by due date, then client name
    def for_mission(self, mission_id: int) -> list[Deadline]: ...
    def set_done(self, deadline_id: int, on: date, by: int | None) -> None: ...
    def reopen(self, deadline_id: int) -> None: ...
    def count(self) -> int: ...
    # open deadlines due on or before `due_to` (overdue included) of active clients, with their managers
    def open_with_owners(self, due_to: date) -> list[DeadlineOwners]: ...


class DeadlineAlertRepo(Protocol):
    """The deadline digests already queued, per person and day (domain.deadlines.alerts)."""

    # records the digest of the user for the day; False when one was already recorded (nothing written)
    def claim(self, user_id: int, day: date, deadlines: int, *, at: datetime) -> bool: ...


class AbsenceRepo(Protocol):
    """Absences of the staff (domain.workload)."""

    def add(self, *, user_id: int, kind: AbsenceKind, first_day: date, last_day: date, half_day: bool = False,
            comment: str = "") -> Absence: ...
    def get(self, absence_id: int) -> Absence | None: ...
    def delete(self, absence_id: int) -> None: ...
    def list(self, *, user_id: int | None = None, start: date | None = None,
             end: date | None = None) -> list[Absence]: ...
    def overlapping(self, user_id: int, first_day: date, last_day: date) -> list[Absence]: ...
