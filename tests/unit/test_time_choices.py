"""The labels of the time grid's options: the fiscal year in each, and ids added only where two would still read
alike, so that a label maps back to one mission and task."""

from datetime import date

from domain.catalogue.model import BillingMode
from domain.engagements.model import Mission, MissionTask
from domain.timesheets.choices import MissionChoice, Target, distinct, labelled, targets_of


def mission(mission_id: int, client_id: int, label: str, end: date) -> Mission:
    return Mission(id=mission_id, client_id=client_id, label=label, fiscal_year_start=date(end.year - 1, end.month, 1),
                   fiscal_year_end=end, billing_mode=BillingMode.ANNUAL, created_on=date(2026, 1, 1))


def task(task_id: int, mission_id: int, label: str) -> MissionTask:
    return MissionTask(id=task_id, mission_id=mission_id, label=label, grade_id=None, estimated_minutes=60,
                       due_on=None)


def test_the_fiscal_year_tells_two_years_of_one_mission_apart():
    choices = labelled([MissionChoice(mission(1, 7, "Tenue comptable", date(2026, 12, 31)), "Allain SAS"),
                        MissionChoice(mission(2, 7, "Tenue comptable", date(2027, 12, 31)), "Allain SAS")])
    assert [c.label for c in choices] == ["Allain SAS — Tenue comptable (exercice clos le 31/12/2026)",
                                          "Allain SAS — Tenue comptable (exercice clos le 31/12/2027)"]


def test_homonyms_get_the_mission_id_and_repeated_tasks_the_task_id():
    end = date(2026, 12, 31)
    choices = labelled([
        MissionChoice(mission(1, 7, "Paie", end), "Martin", (task(10, 1, "Bulletins"), task(11, 1, "Bulletins"))),
        MissionChoice(mission(2, 8, "Paie", end), "Martin", (task(12, 2, "Bulletins"),)),
        MissionChoice(mission(3, 9, "Conseil", end), "Martin")])
    assert [c.label for c in choices] == ["Martin — Paie (exercice clos le 31/12/2026) · mission n° 1",
                                          "Martin — Paie (exercice clos le 31/12/2026) · mission n° 2",
                                          "Martin — Conseil (exercice clos le 31/12/2026)"]
    targets = targets_of(choices)
    assert [(t.label, t.key) for t in targets[:3]] == [
        ("Martin — Paie (exercice clos le 31/12/2026) · mission n° 1", (7, 1, None)),
        ("Martin — Paie (exercice clos le 31/12/2026) · mission n° 1 › Bulletins · tâche n° 10", (7, 1, 10)),
        ("Martin — Paie (exercice clos le 31/12/2026) · mission n° 1 › Bulletins · tâche n° 11", (7, 1, 11))]
    assert targets[4].label == "Martin — Paie (exercice clos le 31/12/2026) · mission n° 2 › Bulletins"
    assert len({t.label for t in targets}) == len(targets) == 6


def test_distinct_keeps_one_target_per_key_and_never_two_alike_labels():
    found = distinct([Target("A", 1, 1), Target("A bis", 1, 1), Target("B", 2, 2, 5), Target("B", 3, 3)])
    assert [(t.label, t.key) for t in found] == [("A", (1, 1, None)), ("B · n° 2/5", (2, 2, 5)),
                                                 ("B · n° 3/0", (3, 3, None))]
