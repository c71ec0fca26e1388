""""Ma semaine": what a staff member has to do now: their open tasks (planned this week, due soon or overdue),
the deadlines of their clients, and the hours still to enter against their capacity (the contract less public
holidays and absences, by the workload rules). No money here."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from domain.access.model import Principal, User
from domain.clients.model import ClientFilter
from domain.clock import Clock
from domain.deadlines import queries as deadline_queries
from domain.deadlines.model import Deadline
from domain.engagements.model import MissionTask
from domain.firm.guards import require_staff
from domain.ports import FirmUnitOfWork
from domain.timesheets.model import Timesheet, TimesheetStatus, week_days, week_start
from domain.workload.model import Absence
from domain.workload.rules import capacity, holidays_between

HORIZON_DAYS = 14  # tasks and deadlines due within this many days
SOON_DAYS = 7  # the "deadlines within 7 days" metric
HOLIDAY = "Jour férié"


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
    capacity: int  # minutes the day asks by the workload rules: contract less public holidays and absences
    expected: int  # the capacity up to today, 0 on the days still to come
    off: str = ""  # why a weekday asks less than a normal day: "Jour férié", "Congés payés (demi-journée)"…


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
    def week_capacity(self) -> int:
        """What the whole week asks: the contract less public holidays and absences."""
        return sum(d.capacity for d in self.days)

    @property
    def expected_minutes(self) -> int:
        """What the person's capacity asks from Monday up to today."""
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


def week_hours(user: User, monday: date, today: date, absences: Iterable[Absence], holidays: frozenset[date],
               entered: dict[date, int]) -> tuple[DayHours, ...]:
    """Monday … Sunday: minutes entered, and minutes asked by the person's capacity (workload rules: a fifth of the
    contract on working days, nothing on weekends, public holidays and full-day absences, half on a half-day
    absence), counted as expected up to `today` included."""
    daily = capacity(user, monday, monday + timedelta(days=6), absences, holidays)
    return tuple(DayHours(day=d, entered=entered.get(d, 0), capacity=minutes, expected=minutes if d <= today else 0,
                          off=day_off(user.id, d, absences, holidays)) for d, minutes in daily.items())


def day_off(user_id: int, day: date, absences: Iterable[Absence], holidays: frozenset[date]) -> str:
    """Why a weekday asks less than usual ("" when it does not): a public holiday first, then an absence."""
    if day.weekday() >= 5:
        return ""
    if day in holidays:
        return HOLIDAY
    for absence in absences:
        if absence.user_id == user_id and absence.covers(day):
            return absence.kind.label + (" (demi-journée)" if absence.half_day else "")
    return ""


def _relevant(task: MissionTask, today: date, monday: date) -> tuple[bool, bool, bool]:
    """(shown, overdue, planned this week) for an open task."""
    sunday = monday + timedelta(days=6)
    overdue = task.overdue(today)
    planned = (task.planned_start is not None and task.planned_end is not None
               and task.planned_start <= sunday and task.planned_end >= monday)
    due_soon = task.due_on is not None and today <= task.due_on <= today + timedelta(days=HORIZON_DAYS)
    return overdue or planned or due_soon, overdue, planned


def my_week(uow: FirmUnitOfWork, principal: Principal, clock: Clock) -> MyWeek:
    """The signed-in staff member's week: open tasks, deadlines of their clients, hours entered vs capacity."""
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
        sunday = monday + timedelta(days=6)
        absences = uow.absences.list(user_id=user_id, start=monday, end=sunday)
        off = holidays_between(monday, sunday, uow.firm.get().alsace_moselle)
        days = week_hours(user or principal.user, monday, today, absences, off, per_day)
        sheet = uow.timesheets.get(user_id, monday) or Timesheet(user_id=user_id, week_start=monday)
        last = uow.timesheets.get(user_id, previous) or Timesheet(user_id=user_id, week_start=previous,
                                                                  status=TimesheetStatus.DRAFT)
        deadlines = deadline_queries.mine(uow, principal, today, days=HORIZON_DAYS)
        return MyWeek(today=today, monday=monday, tasks=tuple(tasks), deadlines=tuple(deadlines), sheet=sheet,
                      days=days, weekly_minutes=weekly, last_week=last,
                      last_week_minutes=sum(per_day.get(d, 0) for d in week_days(previous)))
