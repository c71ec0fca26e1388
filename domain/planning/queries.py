"""Read side of planning, computed by the `sql/` views: the Gantt's tasks, the heat map person × week and the
tasks behind one of its cells. Every staff member may look (no money here); changing a task is the services'."""

from __future__ import annotations

from datetime import date, timedelta

from domain.access.model import Principal, User
from domain.engagements.model import TaskStatus
from domain.errors import InvalidInput
from domain.firm.guards import require_staff
from domain.firm.model import Team
from domain.formatting import day
from domain.planning.load import holiday_span, week_end
from domain.planning.model import MAX_GANTT_DAYS, CellTask, GanttFilter, GanttTask, HeatCell, Heatmap, HeatRow
from domain.ports import FirmUnitOfWork
from domain.workload.rules import holidays_between, monday

HEATMAP_WEEKS = 13
UNASSIGNED = "Non affectée"


def holidays_for(uow: FirmUnitOfWork, first: date, last: date) -> list[date]:
    """The public holidays the views need around [first, last], with the firm's Alsace-Moselle option."""
    return sorted(holidays_between(*holiday_span(first, last), uow.firm.get().alsace_moselle))


def check_period(start: date, end: date) -> None:
    if end < start:
        raise InvalidInput(f"La fin de la période ({day(end)}) est avant son début ({day(start)}).")
    if (end - start).days > MAX_GANTT_DAYS:
        raise InvalidInput("Le planning couvre au plus un an : raccourcissez la période.")


def gantt(uow: FirmUnitOfWork, principal: Principal | None, today: date, flt: GanttFilter) -> list[GanttTask]:
    """The dated tasks whose planned range meets the period, by assignee then start."""
    require_staff(uow, principal)
    check_period(flt.start, flt.end)
    with uow:
        rows = uow.analytics.rows("gantt_tasks", start=flt.start, end=flt.end, today=today, team_id=flt.team_id,
                                  statuses=[s.value for s in flt.statuses], user_id=flt.user_id)
    return [_gantt_task(r) for r in rows]


def _gantt_task(r: dict) -> GanttTask:
    return GanttTask(
        task_id=r["task_id"], label=r["label"], status=TaskStatus(r["status"]), planned_start=r["planned_start"],
        planned_end=r["planned_end"], due_on=r["due_on"], estimated_minutes=r["estimated_minutes"] or 0,
        assignee_id=r["assignee_id"], assignee_name=r["assignee_name"] or UNASSIGNED, team_id=r["team_id"],
        team_name=r["team_name"] or "", mission_id=r["mission_id"], mission_label=r["mission_label"],
        client_id=r["client_id"], client_name=r["client_name"], overdue=bool(r["overdue"]), blocked=bool(r["blocked"]))


def heatmap(uow: FirmUnitOfWork, principal: Principal | None, today: date, weeks: int = HEATMAP_WEEKS,
            team_id: int | None = None, user_ids: tuple[int, ...] = ()) -> Heatmap:
    """Capacity and planned load of every active staff member (or one team's, or the people listed) for `weeks`
    weeks from this one."""
    require_staff(uow, principal)
    if not 1 <= weeks <= 53:
        raise InvalidInput("La carte de charge couvre de 1 à 53 semaines.")
    first = monday(today)
    last = first + timedelta(days=7 * weeks - 1)
    with uow:
        rows = uow.analytics.rows("workload_by_person_week", start=first, end=last,
                                  holidays=holidays_for(uow, first, last), team_id=team_id,
                                  user_ids=list(user_ids))
    mondays = tuple(first + timedelta(days=7 * n) for n in range(weeks))
    return Heatmap(mondays, tuple(_heat_rows(rows)))


def _heat_rows(rows: list[dict]) -> list[HeatRow]:
    people: dict[int, list[dict]] = {}
    for r in rows:  # already ordered by name, person, week
        people.setdefault(r["user_id"], []).append(r)
    return [HeatRow(user_id=cells[0]["user_id"], full_name=cells[0]["full_name"], team_id=cells[0]["team_id"],
                    weekly_minutes=cells[0]["weekly_minutes"],
                    cells=tuple(HeatCell(c["week"], int(c["capacity_minutes"]), int(c["load_minutes"]),
                                         int(c["tasks"])) for c in cells))
            for cells in people.values()]


def cell_tasks(uow: FirmUnitOfWork, principal: Principal | None, user_id: int, week: date) -> list[CellTask]:
    """The tasks that load `user_id` in the ISO week starting `week` (a Monday), the heaviest first."""
    require_staff(uow, principal)
    first = monday(week)
    with uow:
        rows = uow.analytics.rows("workload_cell_tasks", user_id=user_id, start=first, end=week_end(first),
                                  holidays=holidays_for(uow, first, week_end(first)))
    return [CellTask(task_id=r["task_id"], label=r["label"], mission_id=r["mission_id"],
                     mission_label=r["mission_label"], client_id=r["client_id"], client_name=r["client_name"],
                     planned_start=r["planned_start"], planned_end=r["planned_end"], due_on=r["due_on"],
                     status=TaskStatus(r["status"]), estimated_minutes=r["estimated_minutes"] or 0,
                     load_minutes=int(r["load_minutes"])) for r in rows]


def filter_choices(uow: FirmUnitOfWork, principal: Principal | None) -> tuple[list[Team], list[User]]:
    """The teams and the active staff, by name: what the planning filters on and who a task may be given to."""
    require_staff(uow, principal)
    with uow:
        teams = sorted(uow.teams.list(), key=lambda t: t.name.casefold())
        people = sorted((u for u in uow.users.list() if u.role.is_staff and u.is_active),
                        key=lambda u: u.full_name.casefold())
    return teams, people
