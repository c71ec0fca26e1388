"""What the missions pages read: the filtered list, a mission's detail with its work programme, the choices
of the forms. Fees and values at selling rates are only given to staff with SEE_MONEY."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from domain.access.model import Permission, Principal
from domain.catalogue.model import MissionType
from domain.catalogue.queries import budget_value_cents, selling_rates
from domain.clients.model import Client, ClientFilter
from domain.engagements.model import Mission, MissionFilter, MissionTask
from domain.engagements.schedule import current_fiscal_year
from domain.firm.guards import require_staff
from domain.ports import FirmUnitOfWork

__all__ = [
    "BudgetLine",
    "FormChoices",
    "MissionDetail",
    "MissionFilter",
    "MissionLine",
    "TaskLine",
    "form_choices",
    "list_missions",
    "mission_detail",
    "sees_money",
]


def sees_money(principal: Principal | None) -> bool:
    return principal is None or principal.can(Permission.SEE_MONEY)


@dataclass(frozen=True, slots=True)
class MissionLine:
    mission: Mission  # fee_cents is 0 and unit_price_cents None without SEE_MONEY
    client_name: str
    type_label: str
    manager_name: str
    team_name: str


@dataclass(frozen=True, slots=True)
class TaskLine:
    task: MissionTask
    assignee_name: str
    grade_label: str
    overdue: bool


@dataclass(frozen=True, slots=True)
class BudgetLine:
    grade_id: int
    grade_label: str
    budget_minutes: int
    estimated_minutes: int  # Σ of the tasks' estimates whose main grade is this one
    value_cents: int | None  # budget at the selling rate in force today; None without SEE_MONEY


@dataclass(frozen=True, slots=True)
class MissionDetail:
    line: MissionLine
    tasks: tuple[TaskLine, ...]
    budget: tuple[BudgetLine, ...]
    budget_value_cents: int | None  # None without SEE_MONEY
    money_visible: bool
    can_edit_mission: bool  # SEE_MONEY or the mission's manager

    @property
    def mission(self) -> Mission:
        return self.line.mission

    @property
    def estimated_minutes(self) -> int:
        return sum(t.task.estimated_minutes for t in self.tasks)

    @property
    def overdue_count(self) -> int:
        return sum(1 for t in self.tasks if t.overdue)


@dataclass(frozen=True, slots=True)
class FormChoices:
    clients: tuple[Client, ...]  # active ones, by name
    mission_types: tuple[MissionType, ...]  # active ones
    staff: tuple[tuple[int, str], ...]  # active staff (id, name) by name
    teams: tuple[tuple[int, str], ...]
    fiscal_year_ends: tuple[date, ...]  # of the existing missions, latest first


def _names(uow: FirmUnitOfWork) -> tuple[dict[int, str], dict[int, str], dict[int, str], dict[int, str]]:
    users = {u.id: u.full_name for u in uow.users.list()}
    teams = {t.id: t.name for t in uow.teams.list()}
    types = {t.id: t.label for t in uow.mission_types.list()}
    clients = {c.id: c.name for c in uow.clients.search(ClientFilter(include_archived=True))}
    return users, teams, types, clients


def _line(mission: Mission, names, money: bool) -> MissionLine:
    users, teams, types, clients = names
    if not money:
        mission = replace(mission, fee_cents=0, unit_price_cents=None)
    return MissionLine(mission=mission, client_name=clients.get(mission.client_id, "?"),
                       type_label=types.get(mission.mission_type_id, "") if mission.mission_type_id else "",
                       manager_name=users.get(mission.manager_id, "") if mission.manager_id else "",
                       team_name=teams.get(mission.team_id, "") if mission.team_id else "")


def list_missions(uow: FirmUnitOfWork, principal: Principal | None,
                  criteria: MissionFilter | None = None) -> list[MissionLine]:
    """The missions matching the criteria, latest fiscal year first."""
    require_staff(uow, principal)
    money = sees_money(principal)
    with uow:
        names = _names(uow)
        return [_line(m, names, money) for m in uow.missions.list(criteria or MissionFilter())]


def mission_detail(uow: FirmUnitOfWork, principal: Principal | None, mission_id: int,
                   today: date) -> MissionDetail | None:
    """A mission with its tasks (assignees, overdue ones flagged) and its budget against the estimates."""
    require_staff(uow, principal)
    money = sees_money(principal)
    with uow:
        mission = uow.missions.get(mission_id)
        if mission is None:
            return None
        names = _names(uow)
        grades = {g.id: g for g in uow.grades.list()}
        tasks = tuple(TaskLine(task=t, assignee_name=names[0].get(t.assignee_id, "") if t.assignee_id else "",
                               grade_label=grades[t.grade_id].label if t.grade_id in grades else "",
                               overdue=t.overdue(today)) for t in uow.missions.tasks(mission_id))
        budget = dict(mission.budget_minutes)
        estimated: dict[int, int] = {}
        for line in tasks:
            if line.task.grade_id is not None:
                estimated[line.task.grade_id] = estimated.get(line.task.grade_id, 0) + line.task.estimated_minutes
        rates = selling_rates(uow, today) if money else {}
        order = sorted(set(budget) | set(estimated), key=lambda g: (grades[g].rank if g in grades else 0, g))
        budget_lines = tuple(BudgetLine(
            grade_id=g, grade_label=grades[g].label if g in grades else "?", budget_minutes=budget.get(g, 0),
            estimated_minutes=estimated.get(g, 0),
            value_cents=budget_value_cents({g: budget.get(g, 0)}, rates) if money else None) for g in order)
        can_edit = money or (principal is not None and mission.manager_id == principal.user.id)
        return MissionDetail(line=_line(mission, names, money), tasks=tasks, budget=budget_lines,
                             budget_value_cents=budget_value_cents(budget, rates) if money else None,
                             money_visible=money, can_edit_mission=can_edit)


def form_choices(uow: FirmUnitOfWork, principal: Principal | None) -> FormChoices:
    require_staff(uow, principal)
    with uow:
        staff = sorted(((u.id, u.full_name) for u in uow.users.list() if u.role.is_staff and u.is_active),
                       key=lambda p: p[1].lower())
        return FormChoices(clients=tuple(uow.clients.search(ClientFilter())),
                           mission_types=tuple(uow.mission_types.list(active_only=True)),
                           staff=tuple(staff), teams=tuple(sorted(((t.id, t.name) for t in uow.teams.list()),
                                                                  key=lambda p: p[1].lower())),
                           fiscal_year_ends=tuple(uow.missions.fiscal_year_ends()))


def default_fiscal_year(client: Client, today: date) -> tuple[date, date]:
    """The client's fiscal year in progress, offered by default for a new mission."""
    return current_fiscal_year(client.fiscal_year_end, today)
