"""The production of the demo firm, one generator for both scales: absences, missions of each fiscal year with
their budgets and planned, assigned tasks, then the time entered on them and the weekly timesheets.

Demo: the main firm's clients over two fiscal years (the one in progress at the reference date and the one
before), about 60,000 time entries. Large: 500 staff, 10,000 clients, five fiscal years, about five million
entries. Rows are built as plain tuples and written in bulk (`bulk.py`); the rules of each step are in
`portfolio.py`, `planning.py`, `workload.py` and `time_entries.py`.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta

import numpy as np

from data.models.clients import ClientRow
from data.models.engagements import MissionBudgetRow, MissionRow, MissionTaskRow
from data.models.production import AbsenceRow, TimeEntryRow, TimesheetRow
from data.seeding.bulk import writer_for
from data.seeding.calendar import Calendar
from data.seeding.planning import Planner, Staff, calibrate, level, mission_status, set_statuses
from data.seeding.portfolio import PlannedMission, PlannedTask, Window, missions_for, window, working_day_after
from data.seeding.time_entries import TimePlan, Worker, WorkItem, cap, daily_weight, working_days
from data.seeding.timesheets import write_time
from data.seeding.workload import absence_plan, as_absences, insert_absences
from domain.access.model import Role
from domain.catalogue.model import BillingMode, MissionType, add_months
from domain.clients.model import ClientFilter
from domain.engagements.model import MissionFilter
from domain.timesheets.model import week_start

Progress = Callable[[str], None]
# Time is entered from six months into the first fiscal year: before that the firm was closing the year before,
# whose missions are not generated, so the plan would leave most of the time nowhere to go.
TIME_LAG_MONTHS = 6


@dataclass(frozen=True, slots=True)
class Scale:
    name: str
    staff_factor: int  # the main firm's staff: 25 × this
    clients: int  # the main firm's clients
    fiscal_years: int  # missions for the year in progress and the years before it
    entries_per_day: float  # pieces of time a person enters a day, before merging those on the same task
    overloaded: int  # people deliberately over-allocated in one of the coming weeks
    long_leave: int  # people who take a full week off in the coming 13 weeks
    time_weeks: int | None = None  # time entered over the last weeks only; None: from the first fiscal year
    deadlines: bool = True  # the statutory deadlines of 2026 and 2027 (the large firm's 455,000 would add about
    # 85 s: its missions are read back through the repositories and each deadline's references checked)

    def sized(self, **changes) -> Scale:
        """The same scale with some sizes changed (tests run the large generator small)."""
        return replace(self, **changes)


SCALES = {
    "demo": Scale("demo", staff_factor=1, clients=300, fiscal_years=2, entries_per_day=11.0, overloaded=3,
                  long_leave=1),
    "large": Scale("large", staff_factor=20, clients=10_000, fiscal_years=5, entries_per_day=15.0, overloaded=12,
                   long_leave=5, deadlines=False),
}


@dataclass(frozen=True, slots=True)
class ProductionReport:
    missions: int
    tasks: int
    entries: int
    absences: int
    factor: float  # how the catalogue's hours were scaled to the firm's capacity
    overloaded: tuple[int, ...]  # ids of the people over-allocated on purpose


def _quiet(_: str) -> None:
    pass


def seed_production(repos, *, today: date, rng: random.Random, scale: Scale,
                    progress: Progress = _quiet) -> ProductionReport:
    """Everything of the module's docstring for the firm of `repos` (an open transaction; no commit);
    `progress` hears each step, in French."""
    users = repos.users.list()
    ranks = {g.id: g.rank for g in repos.grades.list()}
    staff = [Staff(u.id, ranks[u.grade_id], u.team_id, u.weekly_minutes)
             for u in sorted(users, key=lambda u: u.id) if u.is_active and u.role.is_staff and u.grade_id is not None]
    missions = _portfolio(repos, users, today, rng, scale.fiscal_years)
    tasks = [t for m in missions for t in m.tasks]
    first = add_months(min((m.fiscal_year_start for m in missions), default=today), TIME_LAG_MONTHS)
    if scale.time_weeks:
        first = max(first, week_start(today) - timedelta(weeks=scale.time_weeks - 1))
    progress(f"Missions : {len(missions)}, tâches : {len(tasks)}")

    leave = absence_plan([p.id for p in staff], first=first, today=today, rng=rng, long_leave=scale.long_leave)
    absences = insert_absences(repos, leave)
    progress(f"Absences : {absences}")

    alsace_moselle = repos.firm.get().alsace_moselle
    factor, overloaded = _plan(staff, ranks, tasks, leave, first, today, rng, scale, alsace_moselle)
    for mission in missions:
        mission.status = mission_status(mission, today, rng)
    progress(f"Planification (estimations × {factor:.2f})")

    _write_missions(repos, missions)
    progress("Missions et tâches enregistrées")

    admins = [u.id for u in users if u.is_active and u.role is Role.ADMIN]
    entries = write_time(repos, _time_plan(staff, missions, leave, first, today),
                         working_days(first, today, alsace_moselle), today, rng, scale.entries_per_day, admins)
    progress(f"Saisies de temps : {entries}")
    writer_for(repos).analyze([ClientRow.__table__, MissionRow.__table__, MissionBudgetRow.__table__,
                               MissionTaskRow.__table__, TimeEntryRow.__table__, TimesheetRow.__table__,
                               AbsenceRow.__table__])
    return ProductionReport(len(missions), len(tasks), entries, absences, factor, tuple(overloaded))


def _portfolio(repos, users, today: date, rng: random.Random, years: int) -> list[PlannedMission]:
    """The missions already there (signed letters) and those of every active client's fiscal years."""
    types = {t.code: t for t in repos.mission_types.list() if t.active}
    missions = _existing(repos, types, rng)
    taken = {(m.client_id, m.mission_type.id, m.fiscal_year_end) for m in missions}
    teams = {t.name: t.id for t in repos.teams.list()}
    team_of = {u.id: u.team_id for u in users}
    for client in sorted(repos.clients.search(ClientFilter()), key=lambda c: c.id):
        missions += missions_for(client, types, today=today, years=years, rng=rng, teams=teams,
                                 manager_team=team_of.get(client.manager_id), taken=taken)
    return missions


def _plan(staff: list[Staff], ranks: dict[int, int], tasks: list[PlannedTask], leave, first: date, today: date,
          rng: random.Random, scale: Scale, alsace_moselle: bool) -> tuple[float, list[int]]:
    """Statuses, leveled windows, scaled estimates and assignees of `tasks` (`planning.py`); (the estimates'
    factor, the people over-allocated on purpose)."""
    set_statuses(tasks, today, rng)
    last = max([t.end for t in tasks] + [today + timedelta(weeks=20)])
    calendar = Calendar(min([first] + [t.start for t in tasks]), last, alsace_moselle)
    by_person: dict[int, list] = {}
    for absence in as_absences(leave):
        by_person.setdefault(absence.user_id, []).append(absence)
    capacity = np.array([calendar.capacity(p.weekly_minutes, by_person.get(p.id, [])) for p in staff],
                        dtype=float).reshape(len(staff), calendar.weeks)
    level(tasks, calendar, capacity, today)
    factor = calibrate(tasks, calendar, capacity, today)
    if not staff:
        return factor, []
    planner = Planner(staff, calendar, capacity, ranks, seed=rng.randrange(2**32))
    planner.assign(tasks)
    return factor, planner.overload(tasks, today, scale.overloaded, rng)


def _existing(repos, types: dict[str, MissionType], rng: random.Random) -> list[PlannedMission]:
    """The missions already there (signed letters), their tasks to be planned and assigned."""
    by_id = {t.id: t for t in types.values()}
    found = []
    for mission in sorted(repos.missions.list(MissionFilter()), key=lambda m: m.id):
        mission_type = by_id.get(mission.mission_type_id)
        if mission_type is None:
            continue
        planned = PlannedMission(mission.client_id, mission_type, mission.fiscal_year_start, mission.fiscal_year_end,
                                 1.0, mission.manager_id, mission.team_id, mission.created_on, mission.quantity,
                                 id=mission.id, existing=True)
        templates = {t.label: t for t in mission_type.tasks}
        for task in repos.missions.tasks(mission.id):
            due = task.due_on or mission.fiscal_year_end
            template = templates.get(task.label)
            where = (window(template, due, mission.fiscal_year_start, mission.fiscal_year_end,
                            task.estimated_minutes, rng) if template is not None
                     else Window(working_day_after(due - timedelta(days=14)), due, False))
            planned.tasks.append(PlannedTask(planned, task.label, task.position, task.grade_id,
                                             [(task.grade_id, task.estimated_minutes)], due, where.start, where.end,
                                             where.recurring, where.earliest, where.latest, id=task.id,
                                             existing=True))
        found.append(planned)
    return found


def _fee(mission: PlannedMission) -> tuple[int, int | None]:
    """(fee HT in cents, unit price): forfaits scale with the client, rounded to 100 €."""
    mission_type = mission.mission_type
    if mission_type.billing_mode is BillingMode.UNIT:
        return 0, mission_type.unit_price_cents
    if not mission_type.billing_mode.is_forfait:
        return 0, None
    return round((mission_type.default_fee_cents or 0) * mission.size / 10_000) * 10_000, None


def _write_missions(repos, missions: list[PlannedMission]) -> None:
    writer = writer_for(repos)
    new = [m for m in missions if not m.existing]
    for mission, mission_id in zip(new, writer.reserve_ids(MissionRow.__table__, len(new)), strict=True):
        mission.id = mission_id
    new_tasks = [t for m in new for t in m.tasks]
    for task, task_id in zip(new_tasks, writer.reserve_ids(MissionTaskRow.__table__, len(new_tasks)), strict=True):
        task.id = task_id

    def mission_rows():
        for m in new:
            fee, unit_price = _fee(m)
            yield (m.id, m.client_id, m.mission_type.id, m.mission_type.label, m.fiscal_year_start,
                   m.fiscal_year_end, m.manager_id, m.team_id, m.status.value, m.mission_type.billing_mode.value,
                   fee, m.quantity, unit_price, m.created_on)

    def budget_rows():
        for m in new:
            totals: dict[int, int] = {}
            for task in m.tasks:
                for grade_id, minutes in task.minutes_by_grade:
                    totals[grade_id] = totals.get(grade_id, 0) + minutes
            yield from ((m.id, g, minutes) for g, minutes in sorted(totals.items()) if minutes > 0)

    def task_rows():
        for t in new_tasks:
            yield (t.id, t.mission.id, t.position, t.label, t.grade_id, t.minutes, t.due_on, t.status.value,
                   t.assignee_id, t.start, t.end, "")

    for table, columns, rows, count in (
            (MissionRow.__table__, ("id", "client_id", "mission_type_id", "label", "fiscal_year_start",
                                    "fiscal_year_end", "manager_id", "team_id", "status", "billing_mode",
                                    "fee_cents", "quantity", "unit_price_cents", "created_on"),
             mission_rows(), len(new)),
            (MissionBudgetRow.__table__, ("mission_id", "grade_id", "minutes"), budget_rows(), 3 * len(new)),
            (MissionTaskRow.__table__, ("id", "mission_id", "position", "label", "grade_id", "estimated_minutes",
                                        "due_on", "status", "assignee_id", "planned_start", "planned_end",
                                        "checklist"), task_rows(), len(new_tasks))):
        with writer.foreign_keys_checked_at_end(table, count):
            writer.insert(table, columns, rows)
    old = [m for m in missions if m.existing]
    writer.update(MissionRow.__table__, "id", ("status",), ((m.id, m.status.value) for m in old))
    writer.update(MissionTaskRow.__table__, "id", ("status", "assignee_id", "planned_start", "planned_end"),
                  ((t.id, t.status.value, t.assignee_id, t.start, t.end) for m in old for t in m.tasks))


def _time_plan(staff: list[Staff], missions: list[PlannedMission], leave, first: date, today: date) -> TimePlan:
    """Where the time from `first` to `today` can go: the work planned within those days."""
    plan = TimePlan([Worker(p.id, p.rank, p.weekly_minutes) for p in staff])
    for mission in missions:
        opened = min((t.start for t in mission.tasks), default=mission.fiscal_year_start)  # work under way from
        close = max((t.end for t in mission.tasks), default=mission.fiscal_year_end)  # its first task to its last
        if close < first or opened > today:
            continue
        people = set()
        plan.caps[(mission.id, None)] = sum(t.minutes for t in mission.tasks) * 115 // 100
        for task in mission.tasks:
            if task.assignee_id is None or task.end < first or task.start > today:
                continue
            plan.caps[(mission.id, task.id)] = cap(task.minutes, task.id)
            plan.tasks.setdefault(task.assignee_id, []).append(WorkItem(
                mission.id, mission.client_id, task.id, task.start, task.end,
                daily_weight(task.minutes, task.start, task.end)))
            people.add(task.assignee_id)
        for person in people:
            plan.missions.setdefault(person, []).append(WorkItem(mission.id, mission.client_id, None, opened, close))
    for person, leaves in leave.items():
        off = plan.off.setdefault(person, {})
        for absence in leaves:
            for n in range((absence.last_day - absence.first_day).days + 1):
                off[absence.first_day + timedelta(days=n)] = absence.half_day
    return plan
