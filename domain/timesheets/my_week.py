""""Ma semaine": what a staff member has to do now: their open tasks (planned this week, due soon or overdue),
the deadlines of their clients, and the hours still to enter against their contract. No money here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from domain.access.model import Principal
from domain.clients.model import ClientFilter
from domain.clock import Clock
from domain.deadlines import queries as deadline_queries
from domain.deadlines.model import Deadline
from domain.engagements.model import MissionTask
from domain.firm.guards import require_staff
from domain.ports import FirmUnitOfWork
from domain.timesheets.model import Timesheet, TimesheetStatus, week_days, week_start

HORIZON_DAYS = 14  # tasks and deadlines due within this many days
SOON_DAYS = 7  # the "deadlines within 7 days" metric
WORKING_DAYS = 5  # Monday to Friday


@dataclass(frozen=True, slots=True)
class WeekTask:
    task: MissionTask
    mission_label: str
    client_name: str
    overdue: bool  # due date passed
    planned_this_week: bool  # planned dates overlap this week

    @property
    def mission_id(self) -> int:
        return self.task.mission_id


@dataclass(frozen=True, slots=True)
class DayHours:
    day: date
    entered: int  # minutes
    expected: int  # minutes the contract asks for this day, 0 after today and on weekends


@dataclass(frozen=True, slots=True)
class MyWeek:
    today: date
    monday: date
    tasks: tuple[WeekTask, ...]  # overdue first, then by due date / planned start
    deadlines: tuple[Deadline, ...]  # open: overdue first, then due within HORIZON_DAYS
    sheet: Timesheet  # this week's (a draft when nothing is stored)
    days: tuple[DayHours, ...]  # Monday … Sunday
    weekly_minutes: int  # contract
    last_week: Timesheet  # last week's (a draft when nothing is stored)
    last_week_minutes: int

    @property
    def entered_minutes(self) -> int:
        return sum(d.entered for d in self.days)

    @property
    def expected_minutes(self) -> int:
        """What the contract asks from Monday up to today (working days only)."""
        return sum(d.expected for d in self.days)

    @property
    def missing_minutes(self) -> int:
        return max(0, self.expected_minutes - self.entered_minutes)

    @property
    def overdue_tasks(self) -> int:
        return sum(1 for t in self.tasks if t.overdue)

    @property
    def overdue_deadlines(self) -> int:
        return sum(1 for d in self.deadlines if d.is_overdue(self.today))

    @property
    def deadlines_within_week(self) -> int:
        """Open deadlines due from today to SOON_DAYS days (the overdue ones not included)."""
        return sum(1 for d in self.deadlines if 0 <= d.days_left(self.today) <= SOON_DAYS)

    @property
    def last_week_pending(self) -> bool:
        """Last week is not submitted yet (draft or sent back)."""
        return self.last_week.status.editable


def expected_per_day(weekly_minutes: int, monday: date, today: date) -> tuple[int, ...]:
    """The contract's minutes for each day Monday … Sunday, counted up to `today` included: weekly / 5 on working
    days (the remainder of the division on the first days), 0 on weekends and on days still to come."""
    base, extra = divmod(max(weekly_minutes, 0), WORKING_DAYS)
    found = []
    for index, current in enumerate(week_days(monday)):
        working = index < WORKING_DAYS
        found.append(base + (1 if index < extra else 0) if working and current <= today else 0)
    return tuple(found)


def _relevant(task: MissionTask, today: date, monday: date) -> tuple[bool, bool, bool]:
    """(shown, overdue, planned this week) for an open task."""
    sunday = monday + timedelta(days=6)
    overdue = task.overdue(today)
    planned = (task.planned_start is not None and task.planned_end is not None
               and task.planned_start <= sunday and task.planned_end >= monday)
    due_soon = task.due_on is not None and today <= task.due_on <= today + timedelta(days=HORIZON_DAYS)
    return overdue or planned or due_soon, overdue, planned


def my_week(uow: FirmUnitOfWork, principal: Principal, clock: Clock) -> MyWeek:
    """The signed-in staff member's week: open tasks, deadlines of their clients, hours entered vs contract."""
    require_staff(uow, principal)
    today = clock.today()
    monday = week_start(today)
    previous = monday - timedelta(days=7)
    user_id = principal.user.id
    with uow:
        user = uow.users.get(user_id)
        weekly = user.weekly_minutes if user else principal.user.weekly_minutes
        tasks = []
        open_tasks = uow.missions.open_tasks_of(user_id)
        missions = {m: uow.missions.get(m) for m in {t.mission_id for t in open_tasks}}
        clients = {c.id: c.name for c in uow.clients.search(ClientFilter(include_archived=True))}
        for task in open_tasks:
            shown, overdue, planned = _relevant(task, today, monday)
            mission = missions.get(task.mission_id)
            if shown and mission is not None:
                tasks.append(WeekTask(task=task, mission_label=mission.label,
                                      client_name=clients.get(mission.client_id, "?"), overdue=overdue,
                                      planned_this_week=planned))
        tasks.sort(key=lambda t: (not t.overdue, t.task.due_on or t.task.planned_end or date.max,
                                  t.task.planned_start or date.max, t.client_name.lower(), t.task.id))
        entries = uow.time_entries.for_user(user_id, previous, monday + timedelta(days=6))
        per_day: dict[date, int] = {}
        for entry in entries:
            per_day[entry.day] = per_day.get(entry.day, 0) + entry.minutes
        expected = expected_per_day(weekly, monday, today)
        days = tuple(DayHours(day=d, entered=per_day.get(d, 0), expected=expected[i])
                     for i, d in enumerate(week_days(monday)))
        sheet = uow.timesheets.get(user_id, monday) or Timesheet(user_id=user_id, week_start=monday)
        last = uow.timesheets.get(user_id, previous) or Timesheet(user_id=user_id, week_start=previous,
                                                                  status=TimesheetStatus.DRAFT)
        deadlines = deadline_queries.mine(uow, principal, today, days=HORIZON_DAYS)
        return MyWeek(today=today, monday=monday, tasks=tuple(tasks), deadlines=tuple(deadlines), sheet=sheet,
                      days=days, weekly_minutes=weekly, last_week=last,
                      last_week_minutes=sum(per_day.get(d, 0) for d in week_days(previous)))
