"""Demo absences: paid leave, RTT, training and a little sickness for each active staff member, never overlapping.

Each year: two or three weeks of summer leave (starting a Monday from early July to mid-August), a winter week
(Christmas or February), about one RTT day a month (some of them half days), one or two training days, and a
short sickness now and then. Accounting firms keep the closing season and the weeks just ahead free of long
leave, so over the planning horizon (from `today`, 13 weeks) the winter week is a single day off, except for
`long_leave` people who take their whole week there anyway.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from data.models.production import AbsenceRow
from data.seeding.bulk import writer_for
from domain.workload.model import Absence, AbsenceKind

HORIZON_DAYS = 13 * 7
AHEAD_DAYS = 120  # absences are planned this far after `today`
PRIORITY = (AbsenceKind.PAID_LEAVE, AbsenceKind.SICKNESS, AbsenceKind.TRAINING, AbsenceKind.RTT, AbsenceKind.OTHER)
COMMENTS = {AbsenceKind.TRAINING: "Formation continue", AbsenceKind.PAID_LEAVE: "", AbsenceKind.RTT: "",
            AbsenceKind.SICKNESS: "", AbsenceKind.OTHER: ""}


@dataclass(frozen=True, slots=True)
class Leave:
    kind: AbsenceKind
    first_day: date
    last_day: date
    half_day: bool = False


def _weekday_on_or_after(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def _week_of(monday: date, days: int = 5) -> tuple[date, date]:
    return monday, monday + timedelta(days=days - 1)


def _year_leaves(year: int, rng: random.Random, long_leave_ok) -> list[Leave]:
    leaves = []
    summer = date(year, 7, 6) + timedelta(days=7 * rng.randint(0, 5))
    summer -= timedelta(days=summer.weekday())
    leaves.append(Leave(AbsenceKind.PAID_LEAVE, summer, summer + timedelta(days=7 * rng.choice((2, 2, 3)) - 3)))
    christmas = date(year, 12, 21) + timedelta(days=7 * rng.randint(0, 1))
    christmas -= timedelta(days=christmas.weekday())
    february = date(year, 2, 9) + timedelta(days=7 * rng.randint(0, 2))
    february -= timedelta(days=february.weekday())
    winter = christmas if rng.random() < 0.6 else february
    if long_leave_ok(winter):
        leaves.append(Leave(AbsenceKind.PAID_LEAVE, *_week_of(winter)))
    else:
        day = winter + timedelta(days=rng.randint(0, 4))
        leaves.append(Leave(AbsenceKind.PAID_LEAVE, day, day))
    for month in range(1, 13):
        if rng.random() < 0.85:
            day = _weekday_on_or_after(date(year, month, rng.randint(1, 26)))
            leaves.append(Leave(AbsenceKind.RTT, day, day, half_day=rng.random() < 0.3))
    for _ in range(rng.choice((1, 2))):
        day = _weekday_on_or_after(date(year, rng.choice((3, 6, 9, 10, 11)), rng.randint(1, 26)))
        leaves.append(Leave(AbsenceKind.TRAINING, day, day))
    if rng.random() < 0.6:
        day = _weekday_on_or_after(date(year, rng.randint(1, 12), rng.randint(1, 26)))
        leaves.append(Leave(AbsenceKind.SICKNESS, day, day + timedelta(days=rng.choice((0, 1, 2)))))
    return leaves


def absence_plan(person_ids: list[int], *, first: date, today: date, rng: random.Random,
                 long_leave: int = 0) -> dict[int, list[Leave]]:
    """The absences of each person from `first` to AHEAD_DAYS after `today`, by person (rules in the module's
    docstring); the first `long_leave` people of the shuffled list may take a full week in the horizon."""
    last = today + timedelta(days=AHEAD_DAYS)
    horizon_end = today + timedelta(days=HORIZON_DAYS)
    allowed = set(rng.sample(person_ids, min(long_leave, len(person_ids))))
    plan: dict[int, list[Leave]] = {}
    for person in person_ids:
        def long_leave_ok(monday: date, person: int = person) -> bool:
            return person in allowed or not (today <= monday + timedelta(days=4) and monday <= horizon_end)

        candidates = [leave for year in range(first.year, last.year + 1)
                      for leave in _year_leaves(year, rng, long_leave_ok)]
        kept: list[Leave] = []
        taken: set[date] = set()
        for leave in sorted(candidates, key=lambda a: PRIORITY.index(a.kind)):  # leave first, then single days
            days = {leave.first_day + timedelta(days=n) for n in range((leave.last_day - leave.first_day).days + 1)}
            if leave.first_day < first or leave.last_day > last or days & taken:
                continue  # never two absences on the same day
            kept.append(leave)
            taken |= days
        plan[person] = sorted(kept, key=lambda a: a.first_day)
    return plan


def insert_absences(repos, plan: dict[int, list[Leave]]) -> int:
    rows = ((person, leave.kind.value, leave.first_day, leave.last_day, leave.half_day, COMMENTS[leave.kind])
            for person in sorted(plan) for leave in plan[person])
    return writer_for(repos).insert(AbsenceRow.__table__,
                                    ("user_id", "kind", "first_day", "last_day", "half_day", "comment"), rows)


def as_absences(plan: dict[int, list[Leave]]) -> list[Absence]:
    return [Absence(0, person, leave.kind, leave.first_day, leave.last_day, leave.half_day)
            for person, leaves in plan.items() for leave in leaves]


def seed_workload(repos, *, today: date, rng: random.Random, first: date | None = None,
                  long_leave: int = 1) -> int:
    """The absences of the firm's active staff from `first` (three months ago by default) to four months after
    `today`, in bulk through `repos` (an open firm-scoped transaction, not committed). Returns the count."""
    people = sorted(u.id for u in repos.users.list() if u.role.is_staff and u.is_active)
    plan = absence_plan(people, first=first or today - timedelta(days=90), today=today, rng=rng,
                        long_leave=long_leave)
    return insert_absences(repos, plan)
