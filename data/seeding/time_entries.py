"""Demo time entries as plain tuples, for the demo firm (tens of thousands) and the large one (millions).

Each active staff member with a grade enters time on every working day of the period (public holidays and
absences left out; half on a half-day absence). A day's total follows the season: a fifth of the weekly
contract (part-time included), about 20 % more from March to May (the closing of the 31 December years), less
in August and December, give or take 12 %. It is cut into a few quarter-hour pieces: mostly billable
production on the person's tasks planned that day (the more a task loads its day, the more time it gets), some
internal time (more for partners and managers) and a little travel on a mission. A task takes time until it
has used up its share (100 to 130 % of its estimate, `Budget`). With no task left that day the time goes to one
of the person's missions under way (up to 115 % of its estimates), else to any open mission, else it is
internal. Pieces with the same destination on a day are one entry.
"""

from __future__ import annotations

import heapq
import random
from bisect import bisect
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from itertools import accumulate

from domain.timesheets.model import Activity
from domain.workload.rules import holidays_between

STEP = 15  # minutes: durations are whole quarters of an hour
SEASON = {1: 1.0, 2: 1.05, 3: 1.2, 4: 1.25, 5: 1.18, 6: 1.02, 7: 0.97, 8: 0.88, 9: 0.98, 10: 1.0, 11: 1.0,
          12: 0.94}
SPREAD = 0.12
INTERNAL_SHARE = {1: 0.25, 2: 0.15}  # by grade rank (partners, managers); 0.08 for the others
TRAVEL_SHARE = 0.04
INTERNAL = ((Activity.TRAINING, "Formation continue"), (Activity.ADMIN, "Administratif du cabinet"),
            (Activity.INTERNAL_MEETING, "Réunion d'équipe"))
TRAVEL_COMMENT = "Trajet chez le client"
COLUMNS = ("user_id", "day", "client_id", "mission_id", "task_id", "minutes", "billable", "activity", "comment",
           "created_at", "updated_at")


@dataclass(slots=True, eq=False)
class WorkItem:
    """Somewhere production time can go: a task (or a mission without task) over [start, end]."""

    mission_id: int
    client_id: int
    task_id: int | None
    start: date
    end: date
    weight: float = 1.0  # the task's minutes per working day of its range
    key: tuple[int, int | None] = (0, None)  # (mission, task): what `Budget` counts
    keys: tuple[tuple[int, int | None], ...] = ()  # the item's key, and its mission's for a task

    def __post_init__(self) -> None:
        self.key = (self.mission_id, self.task_id)
        self.keys = (self.key, (self.mission_id, None)) if self.task_id is not None else (self.key,)


@dataclass(frozen=True, slots=True)
class Worker:
    id: int
    rank: int
    weekly_minutes: int


@dataclass
class TimePlan:
    """What the time is entered on: each person's tasks, their missions, and the firm's open work."""

    workers: list[Worker]
    tasks: dict[int, list[WorkItem]] = field(default_factory=dict)  # person → tasks assigned to them
    missions: dict[int, list[WorkItem]] = field(default_factory=dict)  # person → their missions (task None)
    shared: list[WorkItem] = field(default_factory=list)  # open work anyone may book on
    off: dict[int, dict[date, bool]] = field(default_factory=dict)  # person → absent day → half day
    caps: dict[tuple[int, int | None], int] = field(default_factory=dict)  # see `Budget`


def cap(minutes: int, task_id: int) -> int:
    """The share of time a task of `minutes` may take: 100 to 130 % of its estimate, by task."""
    return minutes * (100 + task_id * 7919 % 31) // 100


def daily_weight(minutes: int, start: date, end: date) -> float:
    """About how many minutes a task loads each working day of its range (its weight when drawing)."""
    return max(minutes, 1) / max(1, ((end - start).days + 1) * 5 / 7)


def working_days(first: date, last: date, alsace_moselle: bool = False) -> list[date]:
    """Monday to Friday from `first` to `last`, public holidays left out."""
    off = holidays_between(first, last, alsace_moselle)
    days = (first + timedelta(days=n) for n in range((last - first).days + 1))
    return [d for d in days if d.weekday() < 5 and d not in off]


def split(rng: random.Random, total: int, parts: int) -> list[int]:
    """`total` minutes (a multiple of STEP) in `parts` positive multiples of STEP."""
    slots = total // STEP
    parts = max(1, min(parts, slots))
    cuts = sorted(rng.sample(range(1, slots), parts - 1))
    return [(b - a) * STEP for a, b in zip([0, *cuts], [*cuts, slots], strict=True)]


def day_total(worker: Worker, day: date, rng: random.Random, half: bool) -> int:
    minutes = worker.weekly_minutes / 5 * SEASON[day.month] * rng.uniform(1 - SPREAD, 1 + SPREAD)
    if half:
        minutes /= 2
    return max(STEP, round(minutes / STEP) * STEP)


class Budget:
    """Time booked per task and mission: a task takes up to 100–130 % of its estimate (a mission, without task,
    115 % of its tasks' estimates), so that the time entered reads like real budget consumption."""

    def __init__(self, caps: dict[tuple[int, int | None], int]) -> None:
        self.caps = caps  # (mission id, task id or None) → minutes; missing: no limit
        self.booked: dict[tuple[int, int | None], int] = {}
        self.used_up: set[tuple[int, int | None]] = set()

    def book(self, item: WorkItem, minutes: int) -> bool:
        """Record the time; True when something has just used up its share."""
        found = False
        booked_so_far, caps, used_up = self.booked, self.caps, self.used_up
        for key in item.keys:
            booked = booked_so_far[key] = booked_so_far.get(key, 0) + minutes
            if key in caps and booked >= caps[key] and key not in used_up:
                used_up.add(key)
                found = True
        return found


class _Active:
    """The items of one person under way on the current day, with cumulative weights for drawing one; an item
    that has used up its share of time (`Budget`) is no longer drawn."""

    def __init__(self, items: list[WorkItem], used_up: set) -> None:
        self.pending = sorted(items, key=lambda i: i.start, reverse=True)
        self.running: list[tuple[date, int, WorkItem]] = []
        self.used_up = used_up
        self.items: list[WorkItem] = []
        self.weights: list[float] = []
        self.count = 0
        self.dirty = False

    def on(self, day: date) -> list[WorkItem]:
        pending, running = self.pending, self.running
        while pending and pending[-1].start <= day:
            item = pending.pop()
            self.count += 1
            heapq.heappush(running, (item.end, self.count, item))
            self.dirty = True
        while running and running[0][0] < day:
            heapq.heappop(running)
            self.dirty = True
        if self.dirty:
            used_up = self.used_up
            self.items = [i for _, _, i in running if i.key not in used_up]
            self.weights = list(accumulate(i.weight for i in self.items))
            self.dirty = False
        return self.items

    def draw(self, rng: random.Random) -> WorkItem:
        return self.items[min(bisect(self.weights, rng.random() * self.weights[-1]), len(self.items) - 1)]


def time_rows(plan: TimePlan, days: list[date], rng: random.Random, entries_per_day: float) -> Iterator[tuple]:
    """The time entries of every worker over `days` (working days), as tuples in the order of COLUMNS."""
    stamps = {d: datetime.combine(d, time(17, 30), UTC) for d in days}
    budget = Budget(plan.caps)
    internal = [(a.value, comment) for a, comment in INTERNAL]
    travel, production = Activity.TRAVEL.value, Activity.PRODUCTION.value
    for worker in plan.workers:
        # where production time goes: the person's tasks under way, else their missions, else the firm's open work
        sources = [_Active(items, budget.used_up) for items in
                   (plan.tasks.get(worker.id, []), plan.missions.get(worker.id, []), plan.shared)]
        off = plan.off.get(worker.id, {})
        internal_share = INTERNAL_SHARE.get(worker.rank, 0.08)
        travel_below = internal_share + TRAVEL_SHARE
        for day in days:
            half = off.get(day)
            if half is False:
                continue  # absent all day
            source = next((a for a in sources if a.on(day)), None)
            lines: dict[tuple, int] = {}
            pieces = max(1, int(entries_per_day * rng.uniform(0.6, 1.4) + 0.5))
            for minutes in split(rng, day_total(worker, day, rng, bool(half)), pieces):
                roll = rng.random()
                item = source.draw(rng) if source is not None and roll >= internal_share else None
                if item is None:
                    activity, comment = rng.choice(internal)
                    key = (None, None, None, False, activity, comment)
                else:
                    if roll < travel_below:
                        key = (item.client_id, item.mission_id, None, False, travel, TRAVEL_COMMENT)
                    else:
                        key = (item.client_id, item.mission_id, item.task_id, True, production, "")
                    if budget.book(item, minutes):  # used up: draw elsewhere from now on
                        for active in sources:
                            active.dirty = True
                        source = next((a for a in sources if a.on(day)), None)
                lines[key] = lines.get(key, 0) + minutes
            stamp = stamps[day]
            for (client_id, mission_id, task_id, billable, activity, comment), minutes in lines.items():
                yield (worker.id, day, client_id, mission_id, task_id, minutes, billable, activity, comment, stamp,
                       stamp)
