"""Demo weekly timesheets, and the demo time of a firm read back from its repositories (`seed_time`).

Timesheets: one per person and week with time; the weeks before last are approved (on the next Monday at 10:00,
by an administrator other than the person), last week is submitted except one person's, sent back with a
comment, and the current week is a draft. The time entries themselves are made by `time_entries.py`.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta

from data.models.production import TimeEntryRow, TimesheetRow
from data.seeding.bulk import writer_for
from data.seeding.time_entries import (
    COLUMNS,
    TimePlan,
    Worker,
    WorkItem,
    cap,
    daily_weight,
    time_rows,
    working_days,
)
from domain.access.model import Role
from domain.engagements.model import MissionFilter, MissionStatus
from domain.timesheets.model import TimesheetStatus, week_start

WEEKS = 8
SENT_BACK_COMMENT = "Merci de détailler les tâches de la mission et de vérifier le total de mercredi."
SHEET_COLUMNS = ("user_id", "week_start", "status", "submitted_at", "decided_at", "decided_by", "comment")
__all__ = ["seed_time", "timesheet_rows", "working_days"]


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), UTC)


def timesheet_rows(worked: Iterable[tuple[int, date]], admins: list[int], today: date,
                   rng: random.Random) -> list[tuple]:
    """The timesheets of the (person, Monday) pairs with time, as tuples in the order of SHEET_COLUMNS."""
    current = week_start(today)
    previous = current - timedelta(weeks=1)
    weeks = sorted(set(worked))
    last_week = sorted({p for p, monday in weeks if monday == previous})
    others = [p for p in last_week if p not in admins] or last_week
    sent_back_to = rng.choice(others) if others else None
    deciders = {}
    rows = []
    for person, monday in weeks:
        if person not in deciders:
            choices = [a for a in admins if a != person] or admins
            deciders[person] = rng.choice(choices) if choices else None
        decider = deciders[person]
        submitted = _at(monday + timedelta(days=4), 18, rng.choice((0, 15, 30, 45)))
        if monday >= current:
            rows.append((person, monday, TimesheetStatus.DRAFT.value, None, None, None, ""))
        elif monday == previous and person == sent_back_to:
            rows.append((person, monday, TimesheetStatus.SENT_BACK.value, submitted, _at(current, 10), decider,
                         SENT_BACK_COMMENT))
        elif monday == previous:
            rows.append((person, monday, TimesheetStatus.SUBMITTED.value, submitted, None, None, ""))
        else:
            rows.append((person, monday, TimesheetStatus.APPROVED.value, submitted,
                         _at(monday + timedelta(weeks=1), 10), decider, ""))
    return rows


def write_time(repos, plan: TimePlan, days: list[date], today: date, rng: random.Random,
               entries_per_day: float, admins: list[int]) -> int:
    """Insert the time entries of `plan` over `days` and the timesheets of the weeks worked; the entry count."""
    writer = writer_for(repos)
    worked: set[tuple[int, date]] = set()

    def noting(rows):
        for row in rows:
            worked.add((row[0], week_start(row[1])))
            yield row

    expected = int(len(plan.workers) * len(days) * entries_per_day * 0.8)
    with writer.foreign_keys_checked_at_end(TimeEntryRow.__table__, expected):
        count = writer.insert(TimeEntryRow.__table__, COLUMNS, noting(time_rows(plan, days, rng, entries_per_day)))
    writer.insert(TimesheetRow.__table__, SHEET_COLUMNS, timesheet_rows(worked, admins, today, rng))
    return count


def seed_time(repos, *, today: date, rng: random.Random, first: date | None = None,
              entries_per_day: float = 3.0) -> int:
    """Time entries from `first` (the Monday eight weeks back by default) to `today` for the firm's active staff
    with a grade, on the tasks assigned to them, their missions or the firm's open missions, and their timesheets;
    returns how many entries were created. Writes through `repos` (an open transaction): no commit."""
    users = repos.users.list()
    ranks = {g.id: g.rank for g in repos.grades.list()}
    staff = sorted((u for u in users if u.is_active and u.role.is_staff and u.grade_id is not None), key=lambda u: u.id)
    if not staff:
        return 0
    first = first or week_start(today) - timedelta(weeks=WEEKS - 1)
    plan = _plan_of(repos, [Worker(u.id, ranks.get(u.grade_id, 4), u.weekly_minutes) for u in staff], first, today)
    admins = [u.id for u in users if u.is_active and u.role is Role.ADMIN]
    days = working_days(first, today, repos.firm.get().alsace_moselle)
    return write_time(repos, plan, days, today, rng, entries_per_day, admins)


def _plan_of(repos, workers: list[Worker], first: date, today: date) -> TimePlan:
    """The firm's missions and tasks as stored: the tasks assigned and planned, each open mission's unassigned
    tasks (or the mission itself) for anyone, the budgets and the absences."""
    plan = TimePlan(workers)
    for mission in sorted(repos.missions.list(MissionFilter()), key=lambda m: m.id):
        tasks = repos.missions.tasks(mission.id)
        if mission.status is not MissionStatus.DONE:  # a finished mission takes no more time
            unassigned = [t for t in tasks if not t.done and t.assignee_id is None]
            for task in unassigned or [None]:
                plan.shared.append(WorkItem(mission.id, mission.client_id, task.id if task else None,
                                            mission.created_on, today))
        if budget := mission.budget_total_minutes or sum(t.estimated_minutes for t in tasks):
            plan.caps[(mission.id, None)] = budget * 115 // 100
        for task in tasks:
            if task.estimated_minutes:
                plan.caps[(mission.id, task.id)] = cap(task.estimated_minutes, task.id)
            if task.assignee_id is not None and task.planned_start and task.planned_end:
                plan.tasks.setdefault(task.assignee_id, []).append(WorkItem(
                    mission.id, mission.client_id, task.id, task.planned_start, task.planned_end,
                    daily_weight(task.estimated_minutes, task.planned_start, task.planned_end)))
    for absence in repos.absences.list(start=first, end=today):
        for n in range((absence.last_day - absence.first_day).days + 1):
            plan.off.setdefault(absence.user_id, {})[absence.first_day + timedelta(days=n)] = absence.half_day
    return plan
