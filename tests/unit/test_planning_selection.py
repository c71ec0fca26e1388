"""From the Gantt chart's selection event to the moves a planner asks for."""

from datetime import date

import pytest

from domain.engagements.model import TaskStatus
from domain.errors import InvalidInput
from domain.planning.model import GanttTask
from domain.planning.selection import TaskMove, rescheduled, selected_task_ids, shifted


def bar(task_id, start=date(2026, 11, 23), end=date(2026, 11, 27), assignee=5):
    return GanttTask(task_id=task_id, label=f"Tâche {task_id}", status=TaskStatus.TODO, planned_start=start,
                     planned_end=end, due_on=None, estimated_minutes=120, assignee_id=assignee,
                     assignee_name="Léa", team_id=None, team_name="", mission_id=1, mission_label="Bilan",
                     client_id=1, client_name="Alpha", overdue=False, blocked=False)


def test_the_selected_bars_give_their_task_ids_in_order_without_repeats():
    event = {"selection": {"points": [
        {"curve_number": 2, "point_index": 0, "customdata": [41, "Révision"]},
        {"curve_number": 0, "point_index": 3, "customdata": [7]},
        {"curve_number": 2, "point_index": 0, "customdata": [41, "Révision"]},  # box and click on the same bar
    ]}}
    assert selected_task_ids(event) == [41, 7]


@pytest.mark.parametrize("event", [None, {}, {"selection": None}, {"selection": {"points": []}},
                                   {"selection": {"points": [{"x": 1}, {"customdata": []}, {"customdata": ["x"]}]}}])
def test_no_or_malformed_selection_selects_nothing(event):
    assert selected_task_ids(event) == []


def test_shifting_moves_every_task_and_keeps_or_changes_the_assignee():
    tasks = [bar(1), bar(2, assignee=None)]
    assert shifted(tasks, 7) == [TaskMove(1, date(2026, 11, 30), date(2026, 12, 4), 5),
                                 TaskMove(2, date(2026, 11, 30), date(2026, 12, 4), None)]
    assert [m.assignee_id for m in shifted(tasks, -2, assignee_id=9, reassign=True)] == [9, 9]
    assert shifted(tasks, -2)[0].planned_start == date(2026, 11, 21)


def test_shifting_refuses_no_task_and_absurd_shifts():
    with pytest.raises(InvalidInput, match="au moins une tâche"):
        shifted([], 3)
    with pytest.raises(InvalidInput, match="nombre entier"):
        shifted([bar(1)], 400)


def test_rescheduling_one_task_checks_the_dates():
    assert rescheduled(bar(1), date(2026, 12, 1), date(2026, 12, 3), 8) == TaskMove(1, date(2026, 12, 1),
                                                                                    date(2026, 12, 3), 8)
    with pytest.raises(InvalidInput, match="avant le début"):
        rescheduled(bar(1), date(2026, 12, 3), date(2026, 12, 1), 8)
