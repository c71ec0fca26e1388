"""Spreading a task's estimate over its planned working days (the rule the heat map's SQL mirrors)."""

from datetime import date

from domain.engagements.model import MissionTask, TaskStatus
from domain.planning.load import spread, weekly_load
from domain.workload.rules import holidays

OFF_2026 = holidays(2026)


def task(start, end, minutes=600, assignee=7, status=TaskStatus.TODO, task_id=1):
    return MissionTask(id=task_id, mission_id=1, label="Révision", estimated_minutes=minutes, status=status,
                       assignee_id=assignee, planned_start=start, planned_end=end)


def test_an_estimate_is_spread_over_working_days_with_the_remainder_on_the_first_days():
    # Monday 16 to Sunday 22 November 2026: five working days, 602 minutes → 121, 121, 120, 120, 120.
    days = spread(task(date(2026, 11, 16), date(2026, 11, 22), minutes=602), OFF_2026)
    assert list(days.values()) == [121, 121, 120, 120, 120]
    assert min(days) == date(2026, 11, 16) and max(days) == date(2026, 11, 20)
    assert sum(days.values()) == 602


def test_public_holidays_carry_no_load():
    # 9 to 13 November 2026: Wednesday 11 November is a public holiday.
    days = spread(task(date(2026, 11, 9), date(2026, 11, 13), minutes=400), OFF_2026)
    assert date(2026, 11, 11) not in days and len(days) == 4 and set(days.values()) == {100}


def test_a_weekend_only_range_is_spread_over_its_calendar_days():
    days = spread(task(date(2026, 11, 21), date(2026, 11, 22), minutes=61), OFF_2026)
    assert days == {date(2026, 11, 21): 31, date(2026, 11, 22): 30}


def test_done_unassigned_undated_or_unestimated_tasks_load_nobody():
    week = (date(2026, 11, 16), date(2026, 11, 20))
    assert spread(task(*week, status=TaskStatus.DONE), OFF_2026) == {}
    assert spread(task(*week, assignee=None), OFF_2026) == {}
    assert spread(task(None, week[1]), OFF_2026) == {}
    assert spread(task(*week, minutes=0), OFF_2026) == {}
    assert spread(task(week[1], week[0]), OFF_2026) == {}  # reversed range


def test_weekly_load_sums_per_person_and_week_inside_the_window_only():
    tasks = [task(date(2026, 11, 16), date(2026, 11, 27), minutes=1000, task_id=1),  # 10 working days over 2 weeks
             task(date(2026, 11, 23), date(2026, 11, 23), minutes=60, task_id=2),
             task(date(2026, 11, 23), date(2026, 11, 23), minutes=45, assignee=8, task_id=3)]
    load = weekly_load(tasks, OFF_2026, date(2026, 11, 23), date(2026, 11, 29))
    assert load == {(7, date(2026, 11, 23)): 500 + 60, (8, date(2026, 11, 23)): 45}
