"""Planned load (pure): how a task's estimate weighs on its assignee, day by day and week by week.

The rule, mirrored by `sql/_macros.sql` (`task_weekly_load`) and checked by a parity test: a task's estimated
minutes are spread evenly over the working days of its planned range (integer minutes, the remainder on the first
days); a range with no working day is spread over its calendar days. Done, unassigned or undated tasks load nobody.
"""

from collections.abc import Iterable
from datetime import date, timedelta

from domain.engagements.model import MissionTask
from domain.workload.rules import days, monday


def loads(task: MissionTask) -> bool:
    return (not task.done and task.assignee_id is not None and task.estimated_minutes > 0
            and task.planned_start is not None and task.planned_end is not None
            and task.planned_start <= task.planned_end)


def spread(task: MissionTask, holidays: Iterable[date]) -> dict[date, int]:
    """Minutes of `task` on each day it loads its assignee (empty when it loads nobody)."""
    if not loads(task):
        return {}
    assert task.planned_start is not None and task.planned_end is not None
    off = frozenset(holidays)
    calendar = days(task.planned_start, task.planned_end)
    working = [d for d in calendar if d.weekday() < 5 and d not in off] or calendar
    share, extra = divmod(task.estimated_minutes, len(working))
    return {d: share + (1 if n < extra else 0) for n, d in enumerate(working)}


def weekly_load(tasks: Iterable[MissionTask], holidays: Iterable[date], first: date,
                last: date) -> dict[tuple[int, date], int]:
    """Minutes per (assignee, week's Monday) from `first` to `last` included."""
    off = frozenset(holidays)
    totals: dict[tuple[int, date], int] = {}
    for task in tasks:
        for day, minutes in spread(task, off).items():
            if first <= day <= last:
                key = (task.assignee_id or 0, monday(day))
                totals[key] = totals.get(key, 0) + minutes
    return totals


def holiday_span(first: date, last: date) -> tuple[date, date]:
    """The period whose public holidays are handed to the SQL views: the tasks met in [first, last] may have
    started or end up to two years away."""
    return date(first.year - 2, 1, 1), date(last.year + 2, 12, 31)


def week_end(week_monday: date) -> date:
    return week_monday + timedelta(days=6)
