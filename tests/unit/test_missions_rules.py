"""Work-programme rules without a database: one task's edit validated, the checklist's text format, overdue."""

from datetime import date

import pytest

from domain.engagements.missions import TaskEdit, apply_task_edit, fiscal_year_ending
from domain.engagements.model import ChecklistItem, MissionTask, TaskStatus, checklist_text, parse_checklist
from domain.errors import InvalidInput

TASK = MissionTask(id=7, mission_id=1, label="Révision des comptes", estimated_minutes=60,
                   due_on=date(2027, 3, 31))


def edit(**fields):
    values = {"task_id": 7, "assignee_id": 3, "planned_start": date(2027, 3, 1), "planned_end": date(2027, 3, 5),
                  "status": TaskStatus.IN_PROGRESS, "estimated_hours": "1,5", "due_on": date(2027, 3, 31)}
    values.update(fields)
    return TaskEdit(**values)


def test_a_valid_edit_gives_the_new_task_with_french_hours_in_minutes():
    task = apply_task_edit(TASK, edit(), {3})
    assert (task.assignee_id, task.status, task.estimated_minutes) == (3, TaskStatus.IN_PROGRESS, 90)
    assert (task.planned_start, task.planned_end, task.label) == (date(2027, 3, 1), date(2027, 3, 5), TASK.label)


def test_a_one_day_task_and_empty_hours_are_accepted():
    task = apply_task_edit(TASK, edit(planned_end=date(2027, 3, 1), estimated_hours="", assignee_id=None), set())
    assert task.estimated_minutes == 0 and task.assignee_id is None


@pytest.mark.parametrize("fields, message", [
    ({"assignee_id": 4}, "collaborateur actif"),
    ({"planned_start": date(2027, 3, 6)}, "début prévu (06/03/2027) est après la fin prévue (05/03/2027)"),
    ({"estimated_hours": "-1"}, "négatif"),
    ({"estimated_hours": "beaucoup"}, "n'est pas un nombre d'heures"),
])
def test_each_bad_field_is_refused_in_french_naming_the_task(fields, message):
    with pytest.raises(InvalidInput) as refused:
        apply_task_edit(TASK, edit(**fields), {3})
    assert refused.value.message.startswith("Tâche « Révision des comptes » :")
    assert message in refused.value.message


def test_several_problems_are_reported_together():
    with pytest.raises(InvalidInput) as refused:
        apply_task_edit(TASK, edit(assignee_id=4, estimated_hours="-2"), {3})
    assert "collaborateur actif" in refused.value.message and "négatif" in refused.value.message


def test_overdue_means_due_date_passed_and_not_done():
    today = date(2027, 4, 1)
    assert TASK.overdue(today)
    assert not TASK.overdue(date(2027, 3, 31))
    assert not MissionTask(id=1, mission_id=1, label="x", due_on=date(2027, 1, 1), status=TaskStatus.DONE).overdue(today)
    assert not MissionTask(id=1, mission_id=1, label="x").overdue(today)


def test_the_checklist_round_trips_through_its_text():
    items = parse_checklist("[x] Relevés bancaires\n\n[ ] Stocks\n  Immobilisations  \n[X]Caisse")
    assert items == (ChecklistItem("Relevés bancaires", True), ChecklistItem("Stocks"),
                     ChecklistItem("Immobilisations"), ChecklistItem("Caisse", True))
    assert checklist_text(items) == "[x] Relevés bancaires\nStocks\nImmobilisations\n[x] Caisse"


def test_a_fiscal_year_ending_on_30_june_or_29_february():
    assert fiscal_year_ending(date(2027, 6, 30)) == (date(2026, 7, 1), date(2027, 6, 30))
    assert fiscal_year_ending(date(2028, 2, 29)) == (date(2027, 3, 1), date(2028, 2, 29))
