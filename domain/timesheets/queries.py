"""What the time pages and the export read: the week grid pre-filled with the person's planned work, the
budget consumption of missions, the weeks to approve, the entries of a period for analysts."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from domain.access.model import Permission, Principal
from domain.clients.model import ClientFilter
from domain.engagements.model import Mission, MissionStatus, MissionTask
from domain.engagements.queries import sees_money
from domain.errors import PermissionDenied
from domain.firm.guards import require_staff
from domain.firm.model import GradeRate, grade_on, histories, rate_in_force
from domain.ports import FirmUnitOfWork
from domain.timesheets.billed import billed_label
from domain.timesheets.choices import MissionChoice, Target, distinct, labelled, mission_label, targets_of
from domain.timesheets.model import Activity, RunningTimer, TimeEntry, Timesheet, TimesheetStatus, week_days
from domain.timesheets.scope import approver_scope, require_approver_of

RECENT_WEEKS = 4
SEARCH_LIMIT = 50  # missions the search by client name offers at most
TEAM_LIMIT = 300  # a team's open missions are offered in the grid up to this many


def value_cents(minutes: int, grade_id: int | None, on: date, rates: list[GradeRate]) -> int:
    """Minutes at the selling rate in force on the day of `grade_id` (the person's grade that day, `grade_on`),
    rounded half up to the cent."""
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


def _consumption(uow: FirmUnitOfWork, missions: list[Mission], money: bool,
                 clients: dict[int, str] | None = None) -> dict[int, Consumption]:
    """Consumption of the missions; `clients`: id → name of their clients when the caller has them already."""
    grades = histories(uow.users.grade_history()) if money else {}
    rates = uow.grades.rates() if money else []
    if clients is None:
        clients = uow.clients.names({m.client_id for m in missions})
    minutes: dict[int, int] = {}
    values: dict[int, int] = {}
    tasks: dict[int, dict[int, int]] = {}
    for mission_id, task_id, user_id, when, total in uow.time_entries.mission_minutes([m.id for m in missions]):
        minutes[mission_id] = minutes.get(mission_id, 0) + total
        if money:
            values[mission_id] = values.get(mission_id, 0) + value_cents(total, grade_on(grades.get(user_id, []), when), when,
                                                                        rates)
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
    target: str = ""  # the label of its Target in the grid's targets; "" for time without client or mission
    invoice_id: int | None = None  # billed time (domain.timesheets.billed): a read-only line of its own
    billed_on: str = ""  # "déjà facturé sur F-…" for billed time


@dataclass(frozen=True, slots=True)
class WeekGrid:
    user_id: int
    monday: date
    sheet: Timesheet
    lines: tuple[GridLine, ...]
    choices: tuple[MissionChoice, ...]  # the open missions relevant to the person, by client
    consumption: tuple[Consumption, ...]  # missions of the grid
    timer: RunningTimer | None
    money_visible: bool
    targets: tuple[Target, ...] = ()  # the choices and their tasks, then the grid's lines outside them
    team_left_out: bool = False  # the team has more than TEAM_LIMIT open missions: not among the choices

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


def _open(mission: Mission | None) -> bool:
    return mission is not None and mission.status is not MissionStatus.DONE


def _prefilled(user_id: int, monday: date, missions: dict[int, Mission], tasks: dict[int, list[MissionTask]],
               recent: list[int], added: list[int]) -> list[tuple]:
    """Empty lines of an editable week: the person's tasks planned this week, then the open missions they entered
    time on lately, then those added from the search."""
    sunday = monday + timedelta(days=6)
    keys = [(Activity.PRODUCTION, m.client_id, m.id, t.id, True, "", None)
            for m in missions.values() if _open(m) for t in tasks.get(m.id, ())
            if t.assignee_id == user_id and not t.done and t.planned_start and t.planned_end
            and t.planned_start <= sunday and t.planned_end >= monday]
    keys += [(Activity.PRODUCTION, missions[m].client_id, m, None, True, "", None) for m in [*recent, *added]
             if _open(missions.get(m))]
    return keys


def _line_target(key: tuple, clients: dict[int, str], missions: dict[int, Mission],
                 task_by_id: dict[int, MissionTask]) -> Target | None:
    """The target of a line outside the choices (a finished mission, a client without mission)."""
    _, client_id, mission_id, task_id = key[:4]
    mission = missions.get(mission_id) if mission_id is not None else None
    if mission is not None:
        label = mission_label(clients.get(mission.client_id, "?"), mission)
        task = task_by_id.get(task_id) if task_id is not None else None
        return Target(f"{label} › {task.label}" if task else label, client_id, mission_id, task_id)
    if client_id is not None:
        return Target(f"{clients.get(client_id, '?')} (sans mission)", client_id, None, None)
    return None


def _named(lines: dict[tuple, list[int]], choices: tuple[MissionChoice, ...], clients: dict[int, str],
           missions: dict[int, Mission], task_by_id: dict[int, MissionTask],
           numbers: dict[int, str | None]) -> tuple[tuple[Target, ...], tuple[GridLine, ...]]:
    """The targets (the choices', then those of lines outside them) and the lines, each with its target's label."""
    offered = targets_of(choices)
    known = {t.key for t in offered}
    outside = [t for k in lines if (k[1], k[2], k[3]) not in known
               and (t := _line_target(k, clients, missions, task_by_id)) is not None]
    targets = distinct([*offered, *outside])
    label_of = {t.key: t.label for t in targets}
    return targets, tuple(GridLine(
        activity=k[0], client_id=k[1], mission_id=k[2], task_id=k[3], billable=k[4], comment=k[5],
        minutes=tuple(v), client_name=clients.get(k[1], "") if k[1] else "",
        mission_label=missions[k[2]].label if k[2] in missions else "",
        task_label=task_by_id[k[3]].label if k[3] in task_by_id else "",
        target=label_of.get((k[1], k[2], k[3]), ""), invoice_id=k[6],
        billed_on=billed_label(numbers.get(k[6])) if k[6] is not None else "") for k, v in lines.items())


def _team_missions(uow: FirmUnitOfWork, team_id: int | None) -> list[int] | None:
    """The open missions of the person's team, or None when there are more than TEAM_LIMIT: a list that long
    would grow with the firm, and the search by client name reaches them."""
    if team_id is None:
        return []
    found = uow.missions.open_ids_of_team(team_id, TEAM_LIMIT + 1)
    return found if len(found) <= TEAM_LIMIT else None


def week_grid(uow: FirmUnitOfWork, principal: Principal, monday: date,
              added_mission_ids: Iterable[int] = ()) -> WeekGrid:
    """The person's week: entered lines, plus empty lines for the tasks assigned to them and planned this week,
    for the missions they entered time on in the last weeks and for the missions they added from the search.
    The choices are the open missions relevant to the person (assigned a task, managed, of their team up to
    TEAM_LIMIT, entered lately, in the week, added): a handful of queries whose size depends on the person, not
    on the firm."""
    require_staff(uow, principal)
    user_id = principal.user.id
    added = list(dict.fromkeys(added_mission_ids))
    with uow:
        sheet = uow.timesheets.get(user_id, monday) or Timesheet(user_id=user_id, week_start=monday)
        entries = uow.time_entries.for_user(user_id, monday, monday + timedelta(days=6))
        recent = uow.time_entries.recent_missions(user_id, monday - timedelta(weeks=RECENT_WEEKS))
        timer = uow.timers.get(user_id)
        team = _team_missions(uow, principal.user.team_id)
        wanted = {*uow.missions.open_ids_relevant_to(user_id), *(team or ()), *recent, *added,
                  *(e.mission_id for e in entries if e.mission_id is not None)}
        if timer is not None and timer.mission_id is not None:
            wanted.add(timer.mission_id)
        missions = {m.id: m for m in sorted(uow.missions.many(wanted),
                                            key=lambda m: (-m.fiscal_year_start.toordinal(), m.id))}
        tasks: dict[int, list[MissionTask]] = {}
        for task in uow.missions.tasks_of(missions):
            tasks.setdefault(task.mission_id, []).append(task)
        task_by_id = {t.id: t for ts in tasks.values() for t in ts}
        clients = uow.clients.names({m.client_id for m in missions.values()}
                                    | {e.client_id for e in entries if e.client_id is not None})
        lines: dict[tuple, list[int]] = {}
        for entry in entries:  # billed time on lines of its own, by invoice
            minutes = lines.setdefault((*_key(entry), entry.invoice_id), [0] * 7)
            minutes[entry.day.weekday()] += entry.minutes
        numbers = uow.time_entries.invoice_numbers(e.invoice_id for e in entries if e.invoice_id is not None)
        if sheet.status.editable:
            used = {(k[2], k[3]) for k in lines if k[6] is None}
            for key in _prefilled(user_id, monday, missions, tasks, recent, added):
                if (key[2], key[3]) not in used:
                    used.add((key[2], key[3]))
                    lines[key] = [0] * 7
        choices = labelled(sorted(
            (MissionChoice(m, clients.get(m.client_id, "?"), tuple(tasks.get(m.id, ())))
             for m in missions.values() if _open(m)),
            key=lambda c: (c.client_name.lower(), c.mission.label.lower(), -c.mission.fiscal_year_end.toordinal(),
                           c.mission.id)))
        targets, grid_lines = _named(lines, choices, clients, missions, task_by_id, numbers)
        in_grid = [missions[m] for m in dict.fromkeys(line.mission_id for line in grid_lines) if m in missions]
        money = sees_money(principal)
        consumption = _consumption(uow, in_grid, money, clients)
        return WeekGrid(user_id=user_id, monday=monday, sheet=sheet, lines=grid_lines, choices=choices,
                        consumption=tuple(consumption[m.id] for m in in_grid), timer=timer, money_visible=money,
                        targets=targets, team_left_out=team is None)


def searchable_missions(uow: FirmUnitOfWork, principal: Principal | None, text: str) -> tuple[MissionChoice, ...]:
    """Open missions of the clients whose name holds `text` (two characters at least), SEARCH_LIMIT at most:
    how a person reaches a mission outside their grid's choices. Labelled; the page keeps their ids."""
    require_staff(uow, principal)
    text = " ".join((text or "").split())
    if len(text) < 2:
        return ()
    with uow:
        found = uow.missions.search_open(text, SEARCH_LIMIT)
        clients = uow.clients.names({m.client_id for m in found})
        return labelled(MissionChoice(m, clients.get(m.client_id, "?")) for m in found)


@dataclass(frozen=True, slots=True)
class WeekSummary:
    sheet: Timesheet
    person: str
    minutes: int
    billable_minutes: int

    @property
    def billable_share(self) -> float:
        return self.billable_minutes / self.minutes if self.minutes else 0.0


def weeks_to_approve(uow: FirmUnitOfWork, principal: Principal | None) -> list[WeekSummary]:
    """Submitted weeks the approver decides on (anyone's for an administrator, else their team's when they have
    one: domain.timesheets.scope), not their own, with each week's totals read in one query per week."""
    require_staff(uow, principal, Permission.APPROVE_TIME)
    with uow:
        people = {u.id: u.full_name for u in uow.users.list()}
        scope = approver_scope(uow, principal)
        me = principal.user.id if principal else None
        sheets = [s for s in uow.timesheets.with_status(TimesheetStatus.SUBMITTED)
                  if (scope is None or s.user_id in scope) and s.user_id != me]
        totals: dict[tuple[int, date], tuple[int, int]] = {}
        for monday in {s.week_start for s in sheets}:
            week = uow.time_entries.week_totals(monday, [s.user_id for s in sheets if s.week_start == monday])
            totals.update({(user_id, monday): value for user_id, value in week.items()})
        return [WeekSummary(s, people.get(s.user_id, "?"), *totals.get((s.user_id, s.week_start), (0, 0)))
                for s in sheets]


@dataclass(frozen=True, slots=True)
class EntryLine:
    entry: TimeEntry
    client_name: str
    mission_label: str
    task_label: str


def week_entries(uow: FirmUnitOfWork, principal: Principal | None, user_id: int, monday: date) -> list[EntryLine]:
    """The entries of someone's week: the person themselves or an approver who decides on their weeks."""
    require_staff(uow, principal)
    someone_else = principal is not None and principal.user.id != user_id
    if someone_else and not principal.can(Permission.APPROVE_TIME):
        raise PermissionDenied()
    with uow:
        if someone_else:
            require_approver_of(uow, principal, user_id)
        entries = uow.time_entries.for_user(user_id, monday, monday + timedelta(days=6))
        missions = {m.id: m for m in uow.missions.many({e.mission_id for e in entries if e.mission_id})}
        tasks = {t.id: t.label for t in uow.missions.tasks_of(missions)}
        clients = uow.clients.names({e.client_id for e in entries if e.client_id})
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
        history = histories(uow.users.grade_history())
        grades = {g.id: g.label for g in uow.grades.list()}
        rates = uow.grades.rates()
        sirens = {c.id: c.siren or "" for c in uow.clients.search(ClientFilter(include_archived=True))}
        sheets = {(s.user_id, s.week_start): s.status for s in uow.timesheets.between(first, last)}
        entries = uow.time_entries.between(first, last)
        missions = {m.id: m for m in uow.missions.many({e.mission_id for e in entries if e.mission_id})}
        tasks = {t.id: t.label for t in uow.missions.tasks_of(missions)}
        rows = []
        for e in entries:
            person = users.get(e.user_id)
            grade_id = grade_on(history.get(e.user_id, []), e.day)  # the grade of the entry's day, as valued
            monday = e.day - timedelta(days=e.day.weekday())
            mission = missions.get(e.mission_id) if e.mission_id else None
            rows.append(ExportRow(
                day=e.day, collaborator=person.full_name if person else "?", grade=grades.get(grade_id, ""),
                client_siren=sirens.get(e.client_id, "") if e.client_id else "", mission=mission.label if mission else "",
                task=tasks.get(e.task_id, "") if e.task_id else "", minutes=e.minutes, billable=e.billable,
                activity=e.activity.label, status=sheets.get((e.user_id, monday), TimesheetStatus.DRAFT).label,
                value_cents=value_cents(e.minutes, grade_id, e.day, rates) if e.billable else 0))
        return rows
