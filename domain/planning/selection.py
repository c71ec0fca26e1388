"""From a selection on the Gantt chart to the change a planner asks for (pure: the page only passes data through).

The chart puts each bar's task id first in its `custom_data`; plotly returns the selected bars as points, with
`point_index` relative to each colour trace, so the id is the only reliable way back to the task."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from domain.errors import InvalidInput
from domain.formatting import day
from domain.planning.model import GanttTask

MAX_SHIFT_DAYS = 366


@dataclass(frozen=True, slots=True)
class TaskMove:
    """A task's new planned range and assignee."""

    task_id: int
    planned_start: date
    planned_end: date
    assignee_id: int | None


def selected_task_ids(event: object) -> list[int]:
    """The task ids of the selected bars, in selection order, without repeats; [] for no or malformed selection."""
    selection = event.get("selection") if isinstance(event, Mapping) else None
    points = selection.get("points") if isinstance(selection, Mapping) else None
    found: dict[int, None] = {}
    for point in points if isinstance(points, list) else []:
        data = point.get("customdata") if isinstance(point, Mapping) else None
        if isinstance(data, list | tuple) and data:
            try:
                found[int(data[0])] = None
            except (TypeError, ValueError):
                continue
    return list(found)


def shifted(tasks: list[GanttTask], shift_days: int, assignee_id: int | None = None,
            reassign: bool = False) -> list[TaskMove]:
    """Every task moved by `shift_days` calendar days (negative: earlier) and, when `reassign`, given to
    `assignee_id` (None: unassigned)."""
    if not isinstance(shift_days, int) or abs(shift_days) > MAX_SHIFT_DAYS:
        raise InvalidInput(f"Le décalage est un nombre entier de jours, au plus {MAX_SHIFT_DAYS} dans un sens.")
    if not tasks:
        raise InvalidInput("Sélectionnez au moins une tâche sur le planning.")
    step = timedelta(days=shift_days)
    return [TaskMove(t.task_id, t.planned_start + step, t.planned_end + step,
                     assignee_id if reassign else t.assignee_id) for t in tasks]


def rescheduled(task: GanttTask, start: date, end: date, assignee_id: int | None) -> TaskMove:
    """One task given explicit dates and assignee."""
    if end < start:
        raise InvalidInput(f"Tâche « {task.label} » : la fin prévue ({day(end)}) est avant le début ({day(start)}).")
    return TaskMove(task.task_id, start, end, assignee_id)
