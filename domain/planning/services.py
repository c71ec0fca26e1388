"""Replanning from the Gantt: the workload impact of moving or reassigning tasks (shown before saving), then the
change itself, all or nothing and audited. Who may change a task is the missions' rule
(`domain/engagements/missions.py`): the mission's manager, the task's assignee, or a manager with SEE_MONEY."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from domain.access.model import Principal
from domain.audit import Action
from domain.clock import Clock
from domain.engagements.missions import active_staff_ids, get_mission, require_may_change
from domain.engagements.model import MissionTask
from domain.errors import InvalidInput, NotFound
from domain.firm.guards import actor_id, require_staff
from domain.formatting import day
from domain.planning.load import weekly_load
from domain.planning.model import ImpactRow
from domain.planning.queries import heatmap, holidays_for
from domain.planning.selection import TaskMove
from domain.ports import FirmUnitOfWork
from domain.workload.rules import monday

MAX_MOVES = 500  # one save moves at most this many tasks


def _tasks(uow: FirmUnitOfWork, moves: list[TaskMove]) -> list[tuple[MissionTask, MissionTask]]:
    """(before, after) for each move; NotFound for a task of another firm or deleted since."""
    pairs = []
    for move in moves:
        task = uow.missions.task(move.task_id)
        if task is None:
            raise NotFound("Une des tâches sélectionnées n'existe plus dans ce cabinet : rechargez le planning.")
        pairs.append((task, replace(task, planned_start=move.planned_start, planned_end=move.planned_end,
                                    assignee_id=move.assignee_id)))
    return pairs


def _check(moves: list[TaskMove]) -> None:
    if not moves:
        raise InvalidInput("Aucune tâche à replanifier.")
    if len(moves) > MAX_MOVES:
        raise InvalidInput(f"Replanifiez au plus {MAX_MOVES} tâches à la fois.")
    if len({m.task_id for m in moves}) != len(moves):
        raise InvalidInput("Une tâche figure deux fois dans la replanification.")


def impact(uow: FirmUnitOfWork, principal: Principal | None, today: date, moves: list[TaskMove]) -> list[ImpactRow]:
    """Each person's weeks whose planned load the moves would change: capacity, load before and after."""
    require_staff(uow, principal)
    _check(moves)
    with uow:
        pairs = _tasks(uow, moves)
        first = min(min(t.planned_start or today for t in pair) for pair in pairs)
        last = max(max(t.planned_end or today for t in pair) for pair in pairs)
        holidays = holidays_for(uow, first, last)
    delta = _delta(pairs, holidays, monday(first), monday(last) + timedelta(days=6))
    if not delta:
        return []
    people = tuple(sorted({user for user, _ in delta}))
    weeks = (monday(last) - monday(first)).days // 7 + 1
    base = heatmap(uow, principal, first, weeks=min(weeks, 53), user_ids=people)
    cells = {(row.user_id, c.week): (row.full_name, c) for row in base.rows for c in row.cells}
    rows = []
    for (user, week), change in sorted(delta.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        name, cell = cells.get((user, week), ("", None))
        before = cell.load_minutes if cell else 0
        rows.append(ImpactRow(user, name, week, cell.capacity_minutes if cell else 0, before, before + change))
    return rows


def _delta(pairs: list[tuple[MissionTask, MissionTask]], holidays: list[date], first: date,
           last: date) -> dict[tuple[int, date], int]:
    before = weekly_load([b for b, _ in pairs], holidays, first, last)
    after = weekly_load([a for _, a in pairs], holidays, first, last)
    keys = set(before) | set(after)
    return {k: after.get(k, 0) - before.get(k, 0) for k in keys if after.get(k, 0) != before.get(k, 0)}


def apply_moves(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, moves: list[TaskMove]) -> int:
    """Save the moves (all or nothing); returns how many tasks changed."""
    require_staff(uow, principal)
    _check(moves)
    with uow:
        staff = active_staff_ids(uow)
        names = {u.id: u.full_name for u in uow.users.list()}
        changed = []
        for before, after in _tasks(uow, moves):
            _validate(after, staff)
            if after != before:
                require_may_change(principal, get_mission(uow, before.mission_id), before)
                changed.append((before, after))
        for before, after in changed:
            uow.missions.update_task(after)
            uow.audit.record(Action.TASK_UPDATE, actor_id(principal), "task", str(after.id),
                             dict(tâche=after.label, origine="planning", **_changes(before, after, names)),
                             at=clock.now())
        uow.commit()
        return len(changed)


def _validate(task: MissionTask, staff: set[int]) -> None:
    if task.assignee_id is not None and task.assignee_id not in staff:
        raise InvalidInput(f"Tâche « {task.label} » : l'intervenant choisi n'est pas un collaborateur actif.")
    if task.planned_start and task.planned_end and task.planned_start > task.planned_end:
        raise InvalidInput(f"Tâche « {task.label} » : le début prévu ({day(task.planned_start)}) est après la fin "
                           f"prévue ({day(task.planned_end)}).")


def _changes(before: MissionTask, after: MissionTask, names: dict[int, str]) -> dict[str, str]:
    """What the audit shows: dates the French way, people by name."""
    changes = {label: f"{_shown(getattr(before, f))} → {_shown(getattr(after, f))}"
               for f, label in (("planned_start", "début prévu"), ("planned_end", "fin prévue"))
               if getattr(before, f) != getattr(after, f)}
    if before.assignee_id != after.assignee_id:
        changes["intervenant"] = f"{_person(before.assignee_id, names)} → {_person(after.assignee_id, names)}"
    return changes


def _person(user_id: int | None, names: dict[int, str]) -> str:
    return "—" if user_id is None else names.get(user_id, f"n° {user_id}")


def _shown(value: date | None) -> str:
    return "—" if value is None else day(value)
