"""Time entries, weekly timesheets and the running timer. Durations are whole minutes, as entered."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum


class Activity(StrEnum):
    PRODUCTION = "production"
    TRAVEL = "deplacement"
    TRAINING = "formation"
    ADMIN = "administratif"
    PROSPECTING = "prospection"
    INTERNAL_MEETING = "reunion_interne"

    @property
    def label(self) -> str:
        return {"production": "Production", "deplacement": "Déplacement", "formation": "Formation",
                "administratif": "Administratif", "prospection": "Prospection",
                "reunion_interne": "Réunion interne"}[self.value]

    @property
    def internal(self) -> bool:
        """Internal time: no client, never billable."""
        return self in INTERNAL_ACTIVITIES


INTERNAL_ACTIVITIES = frozenset({Activity.TRAINING, Activity.ADMIN, Activity.INTERNAL_MEETING})


class TimesheetStatus(StrEnum):
    DRAFT = "brouillon"
    SUBMITTED = "soumise"
    APPROVED = "validee"
    SENT_BACK = "renvoyee"

    @property
    def label(self) -> str:
        return {"brouillon": "Brouillon", "soumise": "Soumise", "validee": "Validée",
                "renvoyee": "Renvoyée"}[self.value]

    @property
    def editable(self) -> bool:
        return self in (TimesheetStatus.DRAFT, TimesheetStatus.SENT_BACK)


@dataclass(frozen=True, slots=True)
class TimeEntry:
    id: int
    user_id: int
    day: date
    minutes: int
    activity: Activity = Activity.PRODUCTION
    billable: bool = True
    client_id: int | None = None
    mission_id: int | None = None
    task_id: int | None = None
    comment: str = ""
    created_at: datetime | None = None
    updated_at: datetime | None = None
    invoice_id: int | None = None  # the invoice (issued or draft) billing it: the entry is then locked


@dataclass(frozen=True, slots=True)
class Timesheet:
    user_id: int
    week_start: date
    status: TimesheetStatus = TimesheetStatus.DRAFT
    submitted_at: datetime | None = None
    decided_at: datetime | None = None
    decided_by: int | None = None
    comment: str = ""
    id: int | None = None


@dataclass(frozen=True, slots=True)
class RunningTimer:
    user_id: int
    started_at: datetime
    activity: Activity = Activity.PRODUCTION
    client_id: int | None = None
    mission_id: int | None = None
    task_id: int | None = None
    comment: str = ""


def week_start(day: date) -> date:
    """The Monday of the week of `day`."""
    return day - timedelta(days=day.weekday())


def week_days(monday: date) -> tuple[date, ...]:
    return tuple(monday + timedelta(days=i) for i in range(7))
