"""Days, working days and capacity of the seeded staff as numpy arrays, week by week.

The rules are the domain's (`domain/workload/rules.py`): a working day is Monday to Friday and not a public
holiday; a person can work a fifth of their weekly minutes on it, nothing on a full-day absence and half on a
half-day one. A task loads its assignee with its estimated minutes spread evenly over the working days of its
planned range (over its calendar days when it has none). Here the spread is kept in fractions of minutes: it
only steers the seed's planning; the screens compute it in whole minutes.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from itertools import pairwise

import numpy as np

from domain.workload.model import Absence
from domain.workload.rules import holidays_between, monday


class Calendar:
    """Every day from the Monday of `first` to the Sunday of `last`, indexed from 0."""

    def __init__(self, first: date, last: date, alsace_moselle: bool = False) -> None:
        self.first = monday(first)
        weeks = (monday(last) - self.first).days // 7 + 1
        self.days = weeks * 7
        self.last = self.first + timedelta(days=self.days - 1)
        off = holidays_between(self.first, self.last, alsace_moselle)
        self.holidays = off
        self.working = np.array([(d % 7) < 5 and self.day(d) not in off for d in range(self.days)], dtype=bool)
        self._cumulative = [0, *np.cumsum(self.working).tolist()]
        self._cache: dict[tuple[int, int], tuple[int, np.ndarray]] = {}

    @property
    def weeks(self) -> int:
        return self.days // 7

    def day(self, index: int) -> date:
        return self.first + timedelta(days=int(index))

    def index(self, day: date) -> int:
        return (day - self.first).days

    def week(self, day: date) -> int:
        return self.index(day) // 7

    def monday_of(self, week: int) -> date:
        return self.first + timedelta(days=7 * week)

    def spread(self, start: date, end: date, minutes: float) -> tuple[int, np.ndarray]:
        """(first week, minutes in each week from it) of a task's load over [start, end]."""
        w0, shares = self._shares(self.index(start), self.index(end))
        return w0, shares * minutes

    def _shares(self, s: int, e: int) -> tuple[int, np.ndarray]:
        """The share of a range's working days falling in each of its weeks (cached: ranges repeat)."""
        key = (s, e)
        found = self._cache.get(key)
        if found is None:
            cumulative, w0, w1 = self._cumulative, s // 7, e // 7
            bounds = [s] + [w * 7 for w in range(w0 + 1, w1 + 1)] + [e + 1]
            counts = [cumulative[b] - cumulative[a] for a, b in pairwise(bounds)]
            total = sum(counts)
            if total == 0:  # no working day in the range: spread over its calendar days
                counts, total = [b - a for a, b in pairwise(bounds)], e - s + 1
            found = self._cache[key] = (w0, np.array(counts, dtype=float) / total)
        return found

    def capacity(self, weekly_minutes: int, absences: Iterable[Absence]) -> np.ndarray:
        """Minutes a person can work in each week."""
        full = weekly_minutes // 5
        daily = np.where(self.working, full, 0)
        for absence in absences:
            a = max(0, self.index(absence.first_day))
            b = min(self.days - 1, self.index(absence.last_day))
            if a <= b:
                daily[a:b + 1] = np.where(self.working[a:b + 1], full // 2 if absence.half_day else 0, 0)
        return daily.reshape(-1, 7).sum(axis=1)
