"""The demo firm's portfolio of missions: for each active client and fiscal year, the missions its profile calls
for (bookkeeping or review, annual accounts, tax return, VAT, payroll, legal, review engagement, advice), each
with the tasks of its mission type's work programme and a planned window.

Rules (deterministic for a given `rng`):

- a client's profile is drawn once: three in four keep their books with the firm (*tenue*), the other companies
  only have them reviewed (*révision*); every company gets its annual accounts; the tax return is a mission of
  its own for a quarter of the companies and for every individual (BNC/BIC return); VAT returns when the client
  is liable and does not have its books kept (or asks for it separately); payroll for some employers; the legal
  secretariat for most commercial companies; a review engagement (NP 2400) for some large ones; advice now and
  then; a few clients joined the firm recently and have only their latest years;
- the size of the client (headcount) scales the work (and fees) from 0.5 to 1.8 times the catalogue's;
- windows: recurring work (due within 45 days of the closing, at least 8 hours) runs over the fiscal year;
  other work takes a few days to six weeks, somewhere in the 100 days before its due date (closing work at
  the earliest a month before the closing, when the physical inventory and the pre-closing review start): each
  client's closing at its own time, that of a 31 December year from December to May, the legal work after it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache

from domain.catalogue.model import BillingMode, DueAnchor, DueRule, MissionType, TaskTemplate, add_months
from domain.clients.model import Client, ClientKind, VatRegime
from domain.engagements.model import MissionStatus, TaskStatus
from domain.engagements.schedule import current_fiscal_year, main_grade

STEP = 15  # minutes: estimates and budgets in quarters of an hour
COMMERCIAL_FORMS = ("SARL", "SAS", "SASU", "EURL", "SA", "SNC")
ADVICE_SHARE = 0.06  # of the client-years with an advice mission on top
RECURRING_DAYS, RECURRING_MINUTES = 45, 8 * 60
LEAD_DAYS = 100  # other work starts at most this long before its due date (each client at its own time)
PRE_CLOSING_DAYS = 30  # closing work (inventory, review of the cycles) may start this long before the closing


@dataclass(slots=True)
class PlannedMission:
    client_id: int
    mission_type: MissionType
    fiscal_year_start: date
    fiscal_year_end: date
    size: float
    manager_id: int | None = None
    team_id: int | None = None
    created_on: date | None = None
    quantity: int | None = None
    id: int = 0
    status: MissionStatus = MissionStatus.PLANNED
    existing: bool = False  # made by a signed letter before this generator ran: only its tasks are planned
    tasks: list[PlannedTask] = field(default_factory=list)


@dataclass(slots=True)
class PlannedTask:
    mission: PlannedMission
    label: str
    position: int
    grade_id: int | None
    minutes_by_grade: list[tuple[int, int]]  # (grade id, minutes): what the mission's budget sums
    due_on: date
    start: date
    end: date
    recurring: bool
    earliest: date | None = None  # the range within which planning may move the start (None: it may not)
    latest: date | None = None
    id: int = 0
    assignee_id: int | None = None
    status: TaskStatus = TaskStatus.TODO
    existing: bool = False
    minutes: int = 0  # the estimate: the sum of minutes_by_grade (kept in step by `set_minutes`)

    def __post_init__(self) -> None:
        self.minutes = sum(m for _, m in self.minutes_by_grade)

    def set_minutes(self, minutes_by_grade: list[tuple[int, int]]) -> None:
        self.minutes_by_grade = minutes_by_grade
        self.minutes = sum(m for _, m in minutes_by_grade)


@dataclass(frozen=True, slots=True)
class Window:
    start: date
    end: date
    recurring: bool
    earliest: date | None = None  # bounds of the start, for planning to level the load (None: fixed)
    latest: date | None = None


@dataclass(frozen=True, slots=True)
class Profile:
    codes: tuple[str, ...]  # the mission types of every year (advice comes on top, now and then)
    size: float
    first_year: int  # 0 = the fiscal year in progress; the client has missions for years first_year … 0


def quarter(minutes: float) -> int:
    """Rounded to a quarter of an hour, at least one quarter for any work."""
    return max(STEP, round(minutes / STEP) * STEP) if minutes > 0 else 0


def profile_of(client: Client, rng: random.Random, years: int) -> Profile:
    company = client.kind is ClientKind.COMPANY
    headcount = client.headcount or 0
    liable = client.vat_regime not in (None, VatRegime.EXEMPT)
    codes: list[str] = []
    books = "tenue" if (rng.random() < 0.75 or not company) else "revision"
    if company or rng.random() < 0.8:
        codes.append(books)
    if company:
        codes.append("comptes_annuels")
    if not company or rng.random() < 0.25:
        codes.append("liasse")
    if liable and (books != "tenue" or rng.random() < 0.3):
        codes.append("tva")
    if headcount >= 3 and rng.random() < 0.45:
        codes.append("paie")
    if company and client.legal_form in COMMERCIAL_FORMS and rng.random() < 0.55:
        codes.append("juridique")
    if headcount >= 50 and rng.random() < 0.25:
        codes.append("examen_limite")
    size = 0.5 if not company else 0.6 + min(headcount, 60) / 50
    recent = rng.random() < 0.12
    first_year = rng.randrange(years) if recent else years - 1
    return Profile(tuple(codes), round(size * rng.uniform(0.9, 1.1), 3), first_year)


def fiscal_years(client: Client, today: date, years: int) -> list[tuple[date, date]]:
    """The fiscal year in progress at `today` and the `years` - 1 before it, oldest first."""
    _, closing = current_fiscal_year(client.fiscal_year_end, today)
    ends = [add_months(closing, -12 * back) for back in range(years)]
    return [(add_months(end, -12) + timedelta(days=1), end) for end in reversed(ends)]


def team_for(code: str, manager_team: int | None, teams: dict[str, int]) -> int | None:
    by_code = {"paie": "Social et paie", "juridique": "Juridique", "revision": "Audit et conseil",
               "examen_limite": "Audit et conseil", "conseil": "Audit et conseil"}
    return teams.get(by_code.get(code, "Expertise comptable"), manager_team)


def missions_for(client: Client, types: dict[str, MissionType], *, today: date, years: int,
                 rng: random.Random, teams: dict[str, int], manager_team: int | None,
                 taken: set[tuple[int, int, date]]) -> list[PlannedMission]:
    """The client's missions of each of its fiscal years (those in `taken`, (client, type, closing), skipped),
    with their tasks planned (not yet assigned)."""
    profile = profile_of(client, rng, years)
    found = []
    for back, (start, end) in enumerate(reversed(fiscal_years(client, today, years))):
        if back > profile.first_year:
            break
        codes = list(profile.codes) + (["conseil"] if rng.random() < ADVICE_SHARE else [])
        for code in codes:
            mission_type = types.get(code)
            if mission_type is None or (client.id, mission_type.id, end) in taken:
                continue
            mission = PlannedMission(
                client_id=client.id, mission_type=mission_type, fiscal_year_start=start, fiscal_year_end=end,
                size=profile.size, manager_id=client.manager_id, team_id=team_for(code, manager_team, teams),
                created_on=min(today, start - timedelta(days=rng.randint(10, 45))),
                quantity=(client.headcount or 1) * 12 if mission_type.billing_mode is BillingMode.UNIT else None)
            mission.tasks = [task_for(mission, template, position, rng)
                             for position, template in enumerate(sorted(mission_type.tasks,
                                                                        key=lambda t: (t.position, t.id)))]
            found.append(mission)
    return found


def task_for(mission: PlannedMission, template: TaskTemplate, position: int, rng: random.Random) -> PlannedTask:
    minutes = [(grade, quarter(m * mission.size)) for grade, m in template.minutes_by_grade if m > 0]
    due = _due_on(template.due, mission.fiscal_year_start, mission.fiscal_year_end)
    planned = window(template, due, mission.fiscal_year_start, mission.fiscal_year_end, sum(m for _, m in minutes),
                     rng)
    return PlannedTask(mission=mission, label=template.label, position=position,
                       grade_id=main_grade(template.minutes_by_grade), minutes_by_grade=minutes, due_on=due,
                       start=planned.start, end=planned.end, recurring=planned.recurring,
                       earliest=planned.earliest, latest=planned.latest)


@cache
def _due_on(rule: DueRule, start: date, end: date) -> date:
    return rule.due_on(start, end)  # the same few fiscal years over and over: computed once each


def window(template: TaskTemplate, due: date, year_start: date, year_end: date, minutes: int,
           rng: random.Random) -> Window:
    """Where a task due on `due` is planned (rules in the module's docstring)."""
    offset = template.due.months * 30 + template.due.days
    recurring = (template.due.anchor is DueAnchor.FISCAL_YEAR_END and offset <= RECURRING_DAYS
                 and minutes >= RECURRING_MINUTES)
    if recurring:
        start = year_start + timedelta(days=rng.randint(0, 10))
        end = working_day_before(due - timedelta(days=rng.randint(0, 6)))
        return Window(working_day_after(min(start, end)), end, True)
    length = timedelta(days=max(3, min(30, round(minutes / 90 * rng.uniform(0.8, 1.3)))) * 7 // 5)
    earliest = due - timedelta(days=LEAD_DAYS)
    if template.due.anchor is DueAnchor.FISCAL_YEAR_END and offset >= 60:
        earliest = max(earliest, year_end - timedelta(days=PRE_CLOSING_DAYS))  # the closing starts around it
    latest = max(earliest, due - length - timedelta(days=2))
    start = earliest + timedelta(days=rng.randint(0, (latest - earliest).days))
    end = working_day_before(min(due, start + length))
    return Window(working_day_after(min(start, end)), end, False, earliest, latest)


def working_day_before(day: date) -> date:
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def working_day_after(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day
