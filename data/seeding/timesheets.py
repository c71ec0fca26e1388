"""Demo time entries and weekly timesheets: eight weeks of time for every active staff member with a grade,
mostly billable production on the firm's open missions, some internal time and travel; the older weeks
approved, the previous one submitted (one of them sent back), the current one in draft."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise

from domain.access.model import Role
from domain.engagements.model import Mission, MissionFilter, MissionStatus, MissionTask
from domain.ports import FirmRepositories
from domain.timesheets.model import Activity, TimeEntry, Timesheet, TimesheetStatus, week_start

WEEKS = 8
STEP = 15  # minutes: durations are whole quarters of an hour
DAY_MIN, DAY_MAX = 6 * 60, 7 * 60 + 30
INTERNAL_SHARE, TRAVEL_SHARE = 0.10, 0.05  # of the entries: internal time, then travel on a mission
INTERNAL = ((Activity.TRAINING, "Formation continue"), (Activity.ADMIN, "Administratif du cabinet"),
            (Activity.INTERNAL_MEETING, "Réunion d'équipe"))
TRAVEL_COMMENT = "Trajet chez le client"
SENT_BACK_COMMENT = "Merci de détailler les tâches de la mission et de vérifier le total de mercredi."


def easter(year: int) -> date:
    """Easter Sunday (anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    weekday = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 19 * weekday) // 433
    month = (h + weekday - 7 * m + 90) // 25
    return date(year, month, (h + weekday - 7 * m + 33 * month + 19) % 32)


def french_holidays(year: int) -> frozenset[date]:
    """The French public holidays of `year` (metropolitan France)."""
    sunday = easter(year)
    fixed = ((1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25))
    return frozenset({date(year, m, d) for m, d in fixed}
                     | {sunday + timedelta(days=n) for n in (1, 39, 50)})  # Easter Monday, Ascension, Whit Monday


def working_days(first: date, last: date) -> list[date]:
    """Monday to Friday from `first` to `last`, public holidays left out."""
    holidays = set().union(*(french_holidays(y) for y in range(first.year, last.year + 1)))
    days, current = [], first
    while current <= last:
        if current.weekday() < 5 and current not in holidays:
            days.append(current)
        current += timedelta(days=1)
    return days


def _split(rng: random.Random, total: int, parts: int) -> list[int]:
    """`total` minutes (a multiple of STEP) in `parts` positive multiples of STEP."""
    slots = total // STEP
    cuts = sorted(rng.sample(range(1, slots), parts - 1))
    bounds = [0, *cuts, slots]
    return [(b - a) * STEP for a, b in pairwise(bounds)]


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), UTC)


def seed_time(repos: FirmRepositories, *, today: date, rng: random.Random) -> int:
    """Time entries over the WEEKS weeks ending with the week of `today` (working days up to `today`) for the
    firm's active staff with a grade, and their timesheets; returns how many entries were created.
    Writes through `repos` (an open transaction): no commit."""
    staff = [u for u in repos.users.list() if u.is_active and u.role.is_staff and u.grade_id is not None]
    if not staff:
        return 0
    admins = [u.id for u in repos.users.list() if u.is_active and u.role is Role.ADMIN]
    missions = [m for m in repos.missions.list(MissionFilter()) if m.status is not MissionStatus.DONE]
    missions.sort(key=lambda m: m.id)
    tasks: dict[int, list[MissionTask]] = {m.id: [t for t in repos.missions.tasks(m.id) if not t.done]
                                           for m in missions}

    # Each mission is somebody's (round robin over a shuffled order), and everybody shares a couple more.
    portfolio: dict[int, list[Mission]] = {u.id: [] for u in staff}
    shuffled = missions[:]
    rng.shuffle(shuffled)
    for index, mission in enumerate(shuffled):
        portfolio[staff[index % len(staff)].id].append(mission)
    for person in staff:
        for mission in rng.sample(missions, min(2, len(missions))):
            if mission not in portfolio[person.id]:
                portfolio[person.id].append(mission)

    current = week_start(today)
    first = current - timedelta(weeks=WEEKS - 1)
    days = working_days(first, today)
    used: dict[tuple[int, int], int] = {}  # (person, mission) → entries so far: a new mission gets time first

    def pick_mission(person_id: int, day: date, taken: set[int]) -> Mission | None:
        open_then = [m for m in missions if m.created_on <= day]
        open_then = [m for m in open_then if m.id not in taken] or open_then  # another mission when there is one
        own = [m for m in portfolio[person_id] if m in open_then] or open_then
        if not own:
            return None
        if rng.random() < 0.6:
            least = min(used.get((person_id, m.id), 0) for m in own)
            own = [m for m in own if used.get((person_id, m.id), 0) == least]
        mission = rng.choice(own)
        used[(person_id, mission.id)] = used.get((person_id, mission.id), 0) + 1
        return mission

    def pick_task(person_id: int, mission: Mission) -> MissionTask | None:
        choices = tasks[mission.id]
        if not choices:
            return None
        mine = [t for t in choices if t.assignee_id == person_id]
        return rng.choice(mine or choices)

    entries: list[TimeEntry] = []
    worked: set[tuple[int, date]] = set()
    for person in staff:
        for day in days:
            lines: dict[tuple, int] = {}
            taken: set[int] = set()
            for minutes in _split(rng, rng.randrange(DAY_MIN, DAY_MAX + 1, STEP), rng.randint(2, 4)):
                roll = rng.random()
                mission = None if roll < INTERNAL_SHARE else pick_mission(person.id, day, taken)
                if mission is None:
                    activity, comment = rng.choice(INTERNAL)
                    key = (activity, None, None, None, False, comment)
                elif roll < INTERNAL_SHARE + TRAVEL_SHARE:
                    taken.add(mission.id)
                    key = (Activity.TRAVEL, mission.client_id, mission.id, None, False, TRAVEL_COMMENT)
                else:
                    taken.add(mission.id)
                    task = pick_task(person.id, mission)
                    key = (Activity.PRODUCTION, mission.client_id, mission.id, task.id if task else None, True, "")
                lines[key] = lines.get(key, 0) + minutes
            created = _at(day, 17, 30)
            for (activity, client_id, mission_id, task_id, billable, comment), minutes in lines.items():
                entries.append(TimeEntry(id=0, user_id=person.id, day=day, minutes=minutes, activity=activity,
                                         billable=billable, client_id=client_id, mission_id=mission_id,
                                         task_id=task_id, comment=comment, created_at=created))
            worked.add((person.id, week_start(day)))

    previous = current - timedelta(weeks=1)
    sent_back_to = rng.choice([u.id for u in staff if u.role is not Role.ADMIN] or [u.id for u in staff])
    sheets: list[Timesheet] = []
    for person in staff:
        deciders = [a for a in admins if a != person.id] or admins
        decider = rng.choice(deciders) if deciders else None
        for n in range(WEEKS):
            monday = first + timedelta(weeks=n)
            if (person.id, monday) not in worked:
                continue
            submitted = _at(monday + timedelta(days=4), 18, rng.choice((0, 15, 30, 45)))
            if monday == current:
                sheets.append(Timesheet(user_id=person.id, week_start=monday))
            elif monday == previous and person.id == sent_back_to:
                sheets.append(Timesheet(user_id=person.id, week_start=monday, status=TimesheetStatus.SENT_BACK,
                                        submitted_at=submitted, decided_at=_at(current, 10), decided_by=decider,
                                        comment=SENT_BACK_COMMENT))
            elif monday == previous:
                sheets.append(Timesheet(user_id=person.id, week_start=monday, status=TimesheetStatus.SUBMITTED,
                                        submitted_at=submitted))
            else:
                sheets.append(Timesheet(user_id=person.id, week_start=monday, status=TimesheetStatus.APPROVED,
                                        submitted_at=submitted, decided_at=_at(monday + timedelta(weeks=1), 10),
                                        decided_by=decider))
    repos.timesheets.add_many(sheets)
    return repos.time_entries.add_many(entries, _at(today, 18))
