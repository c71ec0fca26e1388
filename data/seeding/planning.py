"""Statuses, assignees and load of the seeded work programmes.

- **Statuses** follow the reference date: work planned to end before last week is done, except about one task
  in six among those due in the last 75 days, left overdue (in progress or blocked) and re-planned to end in
  the coming weeks; work under way is in progress (a few not started or blocked); future work is to do. A
  mission is finished when all its tasks are (recently finished ones partly still in review), waiting for the
  client or in progress when it has work under way, planned otherwise.
- **Estimates** are scaled so that the work planned over the year up to the horizon's end fills about 85 % of
  the staff's capacity (the rest is internal time), the open work of the next 13 weeks at most 82 % (the
  catalogue's hours are for an average client, the firm's size is what it is).
- **Leveling**: the start of work not begun yet moves by whole weeks, within its bounds, to where the firm is
  least loaded, as a planner spreads the closing season.
- **Assignees**: the longest tasks first, each to the staff member of the task's grade (or one or two grades
  above, or the grade just below, at a small cost) who ends up least loaded over the task's weeks, the
  mission's team preferred: people land near the firm's average load. Then a few people are deliberately
  over-allocated: short tasks of their grade planned later are pulled into one of their coming weeks, as a
  manager squeezing work in would.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from data.seeding.calendar import Calendar
from data.seeding.portfolio import PlannedMission, PlannedTask, quarter, working_day_after, working_day_before
from domain.engagements.model import MissionStatus, TaskStatus

HORIZON_WEEKS = 13
YEAR_LOAD, HORIZON_LOAD = 0.85, 0.82
OVERDUE_WINDOW_DAYS, OVERDUE_SHARE = 75, 0.17
GRADE_COST = {0: 0.0, 1: 0.08, -1: 0.1, 2: 0.2}  # a task done by someone 1 or 2 grades above, or 1 below
TEAM_COST = 0.05
CANDIDATES = 24  # people compared for each task (everyone eligible in a small firm)
DONE_CANDIDATES = 8  # for a finished task, whose assignee only spreads the past time entries
OVERLOAD = 1.25  # the load of a deliberately over-allocated person in their squeezed week


@dataclass(frozen=True, slots=True)
class Staff:
    id: int
    rank: int  # the grade's rank: 1 = partner … 5 = assistant
    team_id: int | None
    weekly_minutes: int


def set_statuses(tasks: list[PlannedTask], today: date, rng: random.Random) -> None:
    closed_before = today - timedelta(days=today.weekday() + 7)  # before last week: weeks already submitted
    for task in tasks:
        if task.end < closed_before:
            recent = 0 < (today - task.due_on).days <= OVERDUE_WINDOW_DAYS
            if recent and rng.random() < OVERDUE_SHARE:
                task.status = TaskStatus.BLOCKED if rng.random() < 0.25 else TaskStatus.IN_PROGRESS
                task.end = working_day_before(today + timedelta(days=rng.randint(4, 25)))
            else:
                task.status = TaskStatus.DONE
        elif task.start <= today:
            task.status = rng.choices((TaskStatus.IN_PROGRESS, TaskStatus.TODO, TaskStatus.BLOCKED), (80, 12, 8))[0]
        else:
            task.status = TaskStatus.BLOCKED if rng.random() < 0.03 else TaskStatus.TODO


def mission_status(mission: PlannedMission, today: date, rng: random.Random) -> MissionStatus:
    tasks = mission.tasks
    if not tasks:
        return MissionStatus.IN_PROGRESS if mission.fiscal_year_start <= today else MissionStatus.PLANNED
    if all(t.status is TaskStatus.DONE for t in tasks):
        recent = (today - max(t.end for t in tasks)).days <= 150
        return MissionStatus.IN_REVIEW if recent and rng.random() < 0.4 else MissionStatus.DONE
    overdue = any(t.due_on < today and t.status is not TaskStatus.DONE for t in tasks)
    if overdue or any(t.start <= today for t in tasks):
        waiting = 0.35 if overdue else 0.1
        return MissionStatus.WAITING_CLIENT if rng.random() < waiting else MissionStatus.IN_PROGRESS
    return MissionStatus.PLANNED


def demand(tasks: list[PlannedTask], calendar: Calendar, year: slice, horizon: slice) -> tuple[float, float]:
    """Minutes all the tasks plan within the `year` weeks, and the open ones within the `horizon` weeks."""
    first, last = calendar.monday_of(min(year.start, horizon.start)), calendar.monday_of(max(year.stop, horizon.stop))
    totals = [0.0, 0.0]
    for task in tasks:
        if task.end < first or task.start >= last:
            continue
        w0, weekly = calendar.spread(task.start, task.end, task.minutes)
        for n, weeks in enumerate((year, horizon)):
            if n == 1 and task.status is TaskStatus.DONE:
                continue
            lo, hi = max(w0, weeks.start), min(w0 + len(weekly), weeks.stop)
            if lo < hi:
                totals[n] += weekly[lo - w0:hi - w0].sum()
    return totals[0], totals[1]


def scale(tasks: list[PlannedTask], factor: float) -> None:
    for task in tasks:
        if not task.existing:
            task.set_minutes([(g, quarter(m * factor)) for g, m in task.minutes_by_grade])


def calibrate(tasks: list[PlannedTask], calendar: Calendar, capacity: np.ndarray, today: date) -> float:
    """Scale the generated tasks' estimates so that the year up to the horizon's end is planned at YEAR_LOAD
    of the staff's capacity, and the open work of the horizon at HORIZON_LOAD at most; the factor."""
    now = calendar.week(today)
    year, horizon = slice(max(0, now + HORIZON_WEEKS - 52), now + HORIZON_WEEKS), slice(now, now + HORIZON_WEEKS)
    factors = [target * float(capacity[:, weeks].sum()) / planned
               for weeks, target, planned in zip((year, horizon), (YEAR_LOAD, HORIZON_LOAD),
                                                 demand(tasks, calendar, year, horizon), strict=True) if planned]
    factor = min(2.5, max(0.25, min(factors))) if factors else 1.0
    scale(tasks, factor)
    return factor


def level(tasks: list[PlannedTask], calendar: Calendar, capacity: np.ndarray, today: date) -> int:
    """Move the start of the tasks not started yet (within their bounds, by whole weeks, keeping their length)
    to where the firm as a whole is least loaded, biggest first: the leveling a planner does before assigning.
    Only the tasks starting before the horizon's end and the 8 weeks after it; returns how many moved."""
    available = np.maximum(capacity.sum(axis=0), 1.0)
    aggregate = np.zeros(calendar.weeks)
    for task in tasks:
        if task.status is not TaskStatus.DONE:
            w0, weekly = calendar.spread(task.start, task.end, task.minutes)
            aggregate[w0:w0 + len(weekly)] += weekly
    limit = today + timedelta(weeks=HORIZON_WEEKS + 8)
    movable = [t for t in tasks if t.earliest is not None and t.latest is not None and t.status is TaskStatus.TODO
               and today < t.start <= limit and not t.existing]
    moved = 0
    windows: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    for task in sorted(movable, key=lambda t: (-t.minutes, t.start)):
        w0, weekly = calendar.spread(task.start, task.end, task.minutes)
        aggregate[w0:w0 + len(weekly)] -= weekly
        length = task.end - task.start
        first = working_day_after(max(task.earliest, today + timedelta(days=1)))
        f0, shape = calendar.spread(first, max(first, working_day_before(min(task.due_on, first + length))),
                                    task.minutes)
        shifts = min((task.latest - first).days // 7, calendar.weeks - f0 - len(shape))
        if shifts > 0:  # the load of each start a whole number of weeks later, compared in one go
            if len(shape) not in windows:  # views: they follow the changes of `aggregate`
                windows[len(shape)] = (sliding_window_view(aggregate, len(shape)),
                                       sliding_window_view(available, len(shape)))
            loaded, capacity_ = windows[len(shape)]
            peaks = ((loaded[f0:f0 + shifts + 1] + shape) / capacity_[f0:f0 + shifts + 1]).max(axis=1)
            best = working_day_after(first + timedelta(weeks=int(np.argmin(peaks))))
            if best != task.start:
                task.start, task.end = best, max(best, working_day_before(min(task.due_on, best + length)))
                moved += 1
        w0, weekly = calendar.spread(task.start, task.end, task.minutes)
        aggregate[w0:w0 + len(weekly)] += weekly
    return moved


class Planner:
    """Assigns tasks to staff, keeping each person's load per week (people × weeks, in minutes)."""

    def __init__(self, staff: list[Staff], calendar: Calendar, capacity: np.ndarray, ranks: dict[int, int],
                 seed: int) -> None:
        self.staff, self.calendar, self.capacity = staff, calendar, capacity
        self.load = np.zeros(capacity.shape)
        self.index = {person.id: n for n, person in enumerate(staff)}
        self.ranks = ranks  # grade id → rank
        self.random = np.random.default_rng(seed)
        self.by_rank: dict[int, np.ndarray] = {}
        for rank in sorted({p.rank for p in staff}):
            self.by_rank[rank] = np.array([n for n, p in enumerate(staff) if p.rank == rank], dtype=int)
        self.teams = np.array([p.team_id or 0 for p in staff])
        self.per_week = [1 / max(p.weekly_minutes, 60) for p in staff]
        self.pools: dict[tuple[int, int | None], list] = {}  # (rank, team) → [people ×2, costs ×2, next offset]
        self.done: list[list[float]] = [[0.0] * (calendar.weeks // 13 + 2) for _ in staff]  # per person, quarter

    def _eligible(self, rank: int, team_id: int | None, count: int) -> tuple[np.ndarray, np.ndarray]:
        """People who may take a task of `rank` for `team_id`'s mission, with their cost of taking it."""
        key = (rank, team_id)
        if key not in self.pools:
            people, costs = [], []
            for offset, cost in GRADE_COST.items():
                found = self.by_rank.get(rank - offset)
                if found is not None and len(found):
                    people.append(found)
                    costs.append(np.full(len(found), cost))
            if not people:
                people, costs = [np.arange(len(self.staff))], [np.zeros(len(self.staff))]
            pool, cost = np.concatenate(people), np.concatenate(costs)
            cost = cost + np.where(self.teams[pool] == (team_id or -1), 0.0, TEAM_COST)
            order = self.random.permutation(len(pool))
            self.pools[key] = [np.concatenate((pool[order], pool[order])), np.concatenate((cost[order], cost[order])),
                               0]
        found = self.pools[key]
        size = len(found[0]) // 2
        if size <= count:
            return found[0][:size], found[1][:size]
        at = found[2]  # more people than compared: the next `count` of the shuffled pool, in turn
        found[2] = (at + count) % size
        return found[0][at:at + count], found[1][at:at + count]

    def _candidates(self, task: PlannedTask, count: int = CANDIDATES) -> tuple[np.ndarray, np.ndarray]:
        return self._eligible(self.ranks.get(task.grade_id, max(self.by_rank, default=1)), task.mission.team_id,
                              count)

    def _weeks(self, task: PlannedTask) -> tuple[slice, np.ndarray]:
        w0, weekly = self.calendar.spread(task.start, task.end, task.minutes)
        return slice(w0, w0 + len(weekly)), weekly

    def assign(self, tasks: list[PlannedTask]) -> None:
        """Every task without an assignee to its cheapest candidate, longest first: the open ones weighed week
        by week against capacity, the finished ones (only the time entered on them needs them spread) by the
        weeks of done work each candidate already has in the quarter the task started."""
        for task in sorted(tasks, key=lambda t: (t.start - t.end, t.start)):
            if task.assignee_id is not None:
                continue
            if task.status is TaskStatus.DONE:
                pool, cost = self._candidates(task, DONE_CANDIDATES)
                quarter_ = self.calendar.week(task.start) // 13
                done, per_week = self.done, self.per_week
                best = min(zip(pool.tolist(), cost.tolist()),
                           key=lambda c: done[c[0]][quarter_] * per_week[c[0]] + c[1] * 13)[0]
                done[best][quarter_] += task.minutes
            else:
                pool, cost = self._candidates(task)
                weeks, weekly = self._weeks(task)
                ratio = (self.load[pool, weeks] + weekly) / np.maximum(self.capacity[pool, weeks], 60)
                best = pool[int(np.argmin(ratio.max(axis=1) + cost))]
                self.load[best, weeks] += weekly
            task.assignee_id = self.staff[best].id

    def move(self, task: PlannedTask, person: int, start: date | None = None, end: date | None = None) -> None:
        """Give `task` to the person at index `person`, planned over [start, end] when given."""
        if task.assignee_id in self.index:
            weeks, weekly = self._weeks(task)
            self.load[self.index[task.assignee_id], weeks] -= weekly
        if start is not None and end is not None:
            task.start, task.end = start, end
        weeks, weekly = self._weeks(task)
        self.load[person, weeks] += weekly
        task.assignee_id = self.staff[person].id

    def ratio(self, person: int, week: int) -> float:
        return float(self.load[person, week] / max(self.capacity[person, week], 1))

    def overload(self, tasks: list[PlannedTask], today: date, people: int, rng: random.Random) -> list[int]:
        """Over-allocate `people` staff members (ids returned) in one of the coming weeks each: tasks of their
        grade (or the one below) planned later are pulled into that week until it is loaded at OVERLOAD."""
        first = self.calendar.week(today) + 1
        weeks = list(range(first, first + HORIZON_WEEKS - 4))
        rng.shuffle(weeks)
        horizon_end = self.calendar.monday_of(first + HORIZON_WEEKS + 8)
        movable: dict[int, list[PlannedTask]] = {}
        for task in tasks:
            if (task.status is TaskStatus.TODO and today < task.start <= horizon_end and not task.recurring
                    and task.minutes >= 120):
                movable.setdefault(self.ranks.get(task.grade_id, 0), []).append(task)
        taken: set[int] = set()
        chosen: list[int] = []
        order = sorted(rng.sample(range(len(self.staff)), len(self.staff)), key=lambda n: -self.staff[n].rank)
        for n in order:
            if len(chosen) == people or not weeks:
                break
            week = weeks[len(chosen) % len(weeks)]
            if self.capacity[n, week] < 0.6 * self.staff[n].weekly_minutes:
                continue  # mostly away that week: squeezing work in would not read as over-allocation
            monday = self.calendar.monday_of(week)
            start, end = working_day_after(monday), working_day_before(monday + timedelta(days=4))
            rank = self.staff[n].rank
            fitting = [t for t in movable.get(rank, []) + movable.get(rank + 1, [])
                       if id(t) not in taken and t.due_on >= end]
            rng.shuffle(fitting)
            for task in fitting:
                if self.ratio(n, week) >= OVERLOAD:
                    break
                self.move(task, n, start, end)
                taken.add(id(task))
            if self.ratio(n, week) >= OVERLOAD:
                chosen.append(self.staff[n].id)
        return chosen
