"""What the time pages and the export read: the week grid pre-filled with the person's planned work, the
budget consumption of missions, the weeks to approve, the entries of a period for analysts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from domain.access.model import Permission, Principal
from domain.clients.model import ClientFilter
from domain.engagements.model import Mission, MissionFilter, MissionStatus, MissionTask
from domain.engagements.queries import sees_money
from domain.errors import PermissionDenied
from domain.firm.guards import require_staff
from domain.firm.model import GradeRate, rate_in_force
from domain.ports import FirmUnitOfWork
from domain.timesheets.model import Activity, RunningTimer, TimeEntry, Timesheet, TimesheetStatus, week_days

RECENT_WEEKS = 4


def value_cents(minutes: int, grade_id: int | None, on: date, rates: list[GradeRate]) -> int:
    """Minutes at the selling rate of the grade in force on the day, rounded half up to the cent."""
    rate = rate_in_force(rates, grade_id, on) if grade_id is not None else None
    if rate is None:
        return 0
    return int((Decimal(minutes) * rate.selling_rate_cents / 60).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass(frozen=True, slots=True)
class Consumption:
    mission_id: int
    label: str
    client_name: str
    minutes: int
    budget_minutes: int
    value_cents: int | None  # at selling rates; None without SEE_MONEY
    fee_cents: int | None
    task_minutes: dict[int, int]  # task id → minutes entered

    @property
    def share(self) -> float | None:
        return self.minutes / self.budget_minutes if self.budget_minutes else None


def _consumption(uow: FirmUnitOfWork, missions: list[Mission], money: bool) -> dict[int, Consumption]:
    grades = {u.id: u.grade_id for u in uow.users.list()}
    rates = uow.grades.rates() if money else []
    clients = {c.id: c.name for c in uow.clients.search(ClientFilter(include_archived=True))}
    minutes: dict[int, int] = {}
    values: dict[int, int] = {}
    tasks: dict[int, dict[int, int]] = {}
    for mission_id, task_id, user_id, when, total in uow.time_entries.mission_minutes([m.id for m in missions]):
        minutes[mission_id] = minutes.get(mission_id, 0) + total
        if money:
            values[mission_id] = values.get(mission_id, 0) + value_cents(total, grades.get(user_id), when, rates)
        if task_id is not None:
            per_task = tasks.setdefault(mission_id, {})
            per_task[task_id] = per_task.get(task_id, 0) + total
    return {m.id: Consumption(mission_id=m.id, label=m.label, client_name=clients.get(m.client_id, "?"),
                              minutes=minutes.get(m.id, 0), budget_minutes=m.budget_total_minutes,
                              value_cents=values.get(m.id, 0) if money else None,
                              fee_cents=m.fee_cents if money else None, task_minutes=tasks.get(m.id, {}))
            for m in missions}


def mission_consumption(uow: FirmUnitOfWork, principal: Principal | None, mission_id: int) -> Consumption | None:
    """Hours entered on the mission (and value at the selling rates of the entries' days) vs its budget."""
    require_staff(uow, principal)
    with uow:
        mission = uow.missions.get(mission_id)
        return _consumption(uow, [mission], sees_money(principal))[mission_id] if mission else None


@dataclass(frozen=True, slots=True)
class GridLine:
    activity: Activity
    client_id: int | None
    mission_id: int | None
    task_id: int | None
    billable: bool
    comment: str
    minutes: tuple[int, ...]  # Monday … Sunday
    client_name: str = ""
    mission_label: str = ""
    task_label: str = ""


@dataclass(frozen=True, slots=True)
class MissionChoice:
    mission: Mission
    client_name: str
    tasks: tuple[MissionTask, ...]

    @property
    def label(self) -> str:
        return f"{self.client_name} — {self.mission.label}"


@dataclass(frozen=True, slots=True)
class WeekGrid:
    user_id: int
    monday: date
    sheet: Timesheet
    lines: tuple[GridLine, ...]
    choices: tuple[MissionChoice, ...]  # open missions (not finished), by client
    consumption: tuple[Consumption, ...]  # missions of the grid
    timer: RunningTimer | None
    money_visible: bool

    @property
    def days(self) -> tuple[date, ...]:
        return week_days(self.monday)

    @property
    def day_totals(self) -> tuple[int, ...]:
        return tuple(sum(line.minutes[i] for line in self.lines) for i in range(7))

    @property
    def total(self) -> int:
        return sum(self.day_totals)

    @property
    def locked(self) -> bool:
        return not self.sheet.status.editable


def _key(e: TimeEntry | GridLine) -> tuple:
    return (e.activity, e.client_id, e.mission_id, e.task_id, e.billable, e.comment)


def week_grid(uow: FirmUnitOfWork, principal: Principal, monday: date) -> WeekGrid:
    """The person's week: entered lines, plus empty lines for the tasks assigned to them and planned this week
    and for the missions they entered time on in the last weeks."""
    require_staff(uow, principal)
    user_id = principal.user.id
    sunday = monday + timedelta(days=6)
    with uow:
        sheet = uow.timesheets.get(user_id, monday) or Timesheet(user_id=user_id, week_start=monday)
        clients = {c.id: c.name for c in uow.clients.search(ClientFilter(include_archived=True))}
        missions = {m.id: m for m in uow.missions.list(MissionFilter())}
        tasks = {m: tuple(uow.missions.tasks(m)) for m in missions if missions[m].status is not MissionStatus.DONE}
        task_by_id = {t.id: t for ts in tasks.values() for t in ts}
        lines: dict[tuple, list[int]] = {}
        for entry in uow.time_entries.for_user(user_id, monday, sunday):
            minutes = lines.setdefault(_key(entry), [0] * 7)
            minutes[entry.day.weekday()] += entry.minutes
        if sheet.status.editable:
            planned = []
            for mission_id, mission_tasks in tasks.items():
                for t in mission_tasks:
                    if (t.assignee_id == user_id and not t.done and t.planned_start and t.planned_end
                            and t.planned_start <= sunday and t.planned_end >= monday):
                        planned.append((Activity.PRODUCTION, missions[mission_id].client_id, mission_id, t.id, True, ""))
            for mission_id in uow.time_entries.recent_missions(user_id, monday - timedelta(weeks=RECENT_WEEKS)):
                if mission_id in tasks:
                    planned.append((Activity.PRODUCTION, missions[mission_id].client_id, mission_id, None, True, ""))
            used = {(k[2], k[3]) for k in lines}
            for key in planned:
                if (key[2], key[3]) not in used:
                    used.add((key[2], key[3]))
                    lines[key] = [0] * 7
        grid_lines = tuple(GridLine(
            activity=k[0], client_id=k[1], mission_id=k[2], task_id=k[3], billable=k[4], comment=k[5],
            minutes=tuple(v), client_name=clients.get(k[1], "") if k[1] else "",
            mission_label=missions[k[2]].label if k[2] in missions else "",
            task_label=task_by_id[k[3]].label if k[3] in task_by_id else "") for k, v in lines.items())
        choices = tuple(sorted((MissionChoice(missions[m], clients.get(missions[m].client_id, "?"), ts)
                                for m, ts in tasks.items()), key=lambda c: (c.client_name.lower(), c.mission.label)))
        in_grid = [missions[m] for m in dict.fromkeys(line.mission_id for line in grid_lines) if m in missions]
        money = sees_money(principal)
        consumption = _consumption(uow, in_grid, money)
        return WeekGrid(user_id=user_id, monday=monday, sheet=sheet, lines=grid_lines, choices=choices,
                        consumption=tuple(consumption[m.id] for m in in_grid), timer=uow.timers.get(user_id),
                        money_visible=money)


@dataclass(frozen=True, slots=True)
class WeekSummary:
    sheet: Timesheet
    person: str
    minutes: int
    billable_minutes: int

    @property
    def billable_share(self) -> float:
        return self.billable_minutes / self.minutes if self.minutes else 0.0


def _approver_scope(uow: FirmUnitOfWork, principal: Principal | None) -> set[int] | None:
    if principal is None:
        return None
    team = principal.user.team_id
    return {u.id for u in uow.users.list() if u.team_id == team} if team is not None else None


def weeks_to_approve(uow: FirmUnitOfWork, principal: Principal | None) -> list[WeekSummary]:
    """Submitted weeks of the firm's staff (of the approver's team when they have one), not their own."""
    require_staff(uow, principal, Permission.APPROVE_TIME)
    with uow:
        people = {u.id: u.full_name for u in uow.users.list()}
        scope = _approver_scope(uow, principal)
        found = []
        for sheet in uow.timesheets.with_status(TimesheetStatus.SUBMITTED):
            if (scope is not None and sheet.user_id not in scope) or (principal and sheet.user_id == principal.user.id):
                continue
            entries = uow.time_entries.for_user(sheet.user_id, sheet.week_start, sheet.week_start + timedelta(days=6))
            found.append(WeekSummary(sheet, people.get(sheet.user_id, "?"), sum(e.minutes for e in entries),
                                     sum(e.minutes for e in entries if e.billable)))
        return found


@dataclass(frozen=True, slots=True)
class EntryLine:
    entry: TimeEntry
    client_name: str
    mission_label: str
    task_label: str


def week_entries(uow: FirmUnitOfWork, principal: Principal | None, user_id: int, monday: date) -> list[EntryLine]:
    """The entries of someone's week: the person themselves or an approver."""
    require_staff(uow, principal)
    if principal is not None and principal.user.id != user_id and not principal.can(Permission.APPROVE_TIME):
        raise PermissionDenied()
    with uow:
        clients = {c.id: c.name for c in uow.clients.search(ClientFilter(include_archived=True))}
        entries = uow.time_entries.for_user(user_id, monday, monday + timedelta(days=6))
        missions = {m: uow.missions.get(m) for m in {e.mission_id for e in entries if e.mission_id}}
        tasks = {t.id: t.label for m in missions for t in uow.missions.tasks(m)}
        return [EntryLine(e, clients.get(e.client_id, "") if e.client_id else "",
                          missions[e.mission_id].label if e.mission_id and missions.get(e.mission_id) else "",
                          tasks.get(e.task_id, "") if e.task_id else "") for e in entries]


@dataclass(frozen=True, slots=True)
class ExportRow:
    day: date
    collaborator: str
    grade: str
    client_siren: str
    mission: str
    task: str
    minutes: int
    billable: bool
    activity: str
    status: str
    value_cents: int


def export_rows(uow: FirmUnitOfWork, principal: Principal | None, first: date, last: date) -> list[ExportRow]:
    """Every entry of the period with its week's status and its value at the selling rate of its day."""
    require_staff(uow, principal, Permission.SEE_MONEY)
    with uow:
        users = {u.id: u for u in uow.users.list()}
        grades = {g.id: g.label for g in uow.grades.list()}
        rates = uow.grades.rates()
        sirens = {c.id: c.siren or "" for c in uow.clients.search(ClientFilter(include_archived=True))}
        sheets = {(s.user_id, s.week_start): s.status for s in uow.timesheets.between(first, last)}
        entries = uow.time_entries.between(first, last)
        missions = {m: uow.missions.get(m) for m in {e.mission_id for e in entries if e.mission_id}}
        tasks = {t.id: t.label for m in missions for t in uow.missions.tasks(m)}
        rows = []
        for e in entries:
            person = users.get(e.user_id)
            grade_id = person.grade_id if person else None
            monday = e.day - timedelta(days=e.day.weekday())
            mission = missions.get(e.mission_id) if e.mission_id else None
            rows.append(ExportRow(
                day=e.day, collaborator=person.full_name if person else "?", grade=grades.get(grade_id, ""),
                client_siren=sirens.get(e.client_id, "") if e.client_id else "", mission=mission.label if mission else "",
                task=tasks.get(e.task_id, "") if e.task_id else "", minutes=e.minutes, billable=e.billable,
                activity=e.activity.label, status=sheets.get((e.user_id, monday), TimesheetStatus.DRAFT).label,
                value_cents=value_cents(e.minutes, grade_id, e.day, rates) if e.billable else 0))
        return rows
