"""The demo firm's production (data/seeding/production.py): missions of two fiscal years with planned, assigned
tasks, absences, time entries and timesheets, on a fresh database of each kind, seeded once per module; and the
large generator at a small size."""

from collections import defaultdict
from dataclasses import replace
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from data.container import Container
from data.db import session_factory
from data.models.access import UserRow
from data.models.clients import ClientRow
from data.models.engagements import MissionRow, MissionTaskRow
from data.models.firm import FirmRow, GradeRateRow, GradeRow
from data.models.production import AbsenceRow, TimeEntryRow, TimesheetRow
from data.seed import MAIN, REFERENCE_DATE, SECOND, seed_demo
from data.seeding.production import SCALES
from domain.engagements.model import MissionTask, TaskStatus
from domain.engagements.schedule import current_fiscal_year
from domain.planning.load import weekly_load
from domain.timesheets.model import TimesheetStatus, week_start
from domain.workload import queries as workload
from domain.workload.rules import holidays_between, monday
from tests.databases import throwaway_database

TODAY = REFERENCE_DATE
HORIZON = 13


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def demo(request, tmp_path_factory):
    """A container on a fresh database holding the demo seed (dropped afterwards on PostgreSQL)."""
    from data.migrate import upgrade
    from data.passwords import Argon2Hasher
    from data.settings import load_settings
    from domain.clock import FixedClock
    from tests.conftest import NOW

    like = request.getfixturevalue(f"{request.param}_url")
    with throwaway_database(like, tmp_path_factory.mktemp("production")) as url:
        upgrade(url)
        container = Container(replace(load_settings(), database_url=url, secret_key="test-secret-key"),
                              clock=FixedClock(NOW), hasher=Argon2Hasher(fast=True))
        seed_demo(container.platform_uow())
        yield container


def firm_id(demo: Container, siren: str) -> int:
    with session_factory(demo.settings.database_url)() as session:
        return session.scalar(select(FirmRow.id).where(FirmRow.siren == siren))


def rows(demo: Container, statement) -> list:
    with session_factory(demo.settings.database_url)() as session:
        return list(session.execute(statement).all())


def test_every_active_client_has_missions_for_its_fiscal_year_in_progress_and_the_one_before(demo):
    main = firm_id(demo, MAIN.siren)
    clients = rows(demo, select(ClientRow.id, ClientRow.fiscal_year_end_day, ClientRow.fiscal_year_end_month,
                                ClientRow.archived).where(ClientRow.firm_id == main))
    ends = defaultdict(set)
    for client_id, end, engagement_id in rows(demo, select(
            MissionRow.client_id, MissionRow.fiscal_year_end, MissionRow.engagement_id).where(MissionRow.firm_id == main)):
        ends[client_id].add((end, engagement_id is not None))
    years = defaultdict(set)
    for client_id, day, month, _gone in clients:
        # The signed letters' missions are for the year their quote priced, after the year in progress; the
        # forfaits of the year in progress hang from signed letters too (data/seeding/fee_schedules.py).
        closing = current_fiscal_year((day, month), TODAY)[1]
        for end, engaged in ends.get(client_id, ()):
            if not engaged or end <= closing:
                years[client_id].add(end)

    assert len(years) > 250
    archived = {c for c, _, _, gone in clients if gone}
    assert not archived & set(years)
    both = 0
    for client_id, day, month, gone in clients:
        if gone or client_id not in years:
            continue
        _, closing = current_fiscal_year((day, month), TODAY)
        previous = date(closing.year - 1, closing.month, closing.day)
        assert years[client_id] <= {closing, previous}
        both += years[client_id] == {closing, previous}
    assert both > 0.8 * len(years)  # only clients taken on recently lack the year before
    missions = rows(demo, select(func.count()).select_from(MissionRow).where(MissionRow.firm_id == main))[0][0]
    tasks = rows(demo, select(func.count()).select_from(MissionTaskRow).where(MissionTaskRow.firm_id == main))[0][0]
    assert 1_000 <= missions <= 2_500 and 6_000 <= tasks <= 15_000


def test_every_task_has_an_active_assignee_of_a_fitting_grade_and_planned_dates(demo):
    main = firm_id(demo, MAIN.siren)
    ranks = dict(rows(demo, select(GradeRow.id, GradeRow.rank).where(GradeRow.firm_id == main)))
    staff = {u: ranks.get(g) for u, g in rows(demo, select(UserRow.id, UserRow.grade_id).where(
        UserRow.firm_id == main, UserRow.is_active.is_(True), UserRow.role != "client"))}
    tasks = rows(demo, select(MissionTaskRow.assignee_id, MissionTaskRow.grade_id, MissionTaskRow.planned_start,
                              MissionTaskRow.planned_end).where(MissionTaskRow.firm_id == main))

    assert tasks
    for assignee, grade, start, end in tasks:
        assert assignee in staff and start is not None and end is not None and start <= end
        assert grade is None or -1 <= ranks[grade] - staff[assignee] <= 2  # up to two grades above, one below
    assert sum(ranks[g] == staff[a] for a, g, _, _ in tasks if g) > 0.5 * len(tasks)


def test_past_work_is_done_some_of_it_overdue_and_the_coming_work_is_open(demo):
    main = firm_id(demo, MAIN.siren)
    tasks = rows(demo, select(MissionTaskRow.status, MissionTaskRow.due_on, MissionTaskRow.planned_start,
                              MissionTaskRow.planned_end).where(MissionTaskRow.firm_id == main))
    statuses = defaultdict(int)
    for status, _, _, _ in tasks:
        statuses[status] += 1

    overdue = [t for t in tasks if t[1] < TODAY and t[0] != TaskStatus.DONE.value]
    assert 10 <= len(overdue) < 0.05 * len(tasks)
    assert all(s == TaskStatus.TODO.value or s == TaskStatus.BLOCKED.value for s, _, start, _ in tasks
               if start > TODAY)
    assert {TaskStatus.DONE.value, TaskStatus.IN_PROGRESS.value, TaskStatus.BLOCKED.value,
            TaskStatus.TODO.value} <= set(statuses)
    done_last = max(end for s, _, _, end in tasks if s == TaskStatus.DONE.value)
    assert done_last < week_start(TODAY) - timedelta(weeks=1)  # nothing done in a week still open to time entry
    mission_status = dict(rows(demo, select(MissionRow.status, func.count()).where(MissionRow.firm_id == main)
                               .group_by(MissionRow.status)))
    assert set(mission_status) == {"planifiee", "en_cours", "attente_client", "en_revue", "terminee"}


def heat(demo: Container, main: int) -> dict[int, list[float]]:
    """Planned load over capacity for each person and each of the 13 weeks from TODAY, with the domain's rules."""
    capacity = workload.capacity_by_week(demo.firm_uow(main), None, TODAY, HORIZON)
    first, last = capacity.weeks[0], capacity.weeks[-1] + timedelta(days=6)
    tasks = [MissionTask(id=i, mission_id=0, label="", estimated_minutes=m, status=TaskStatus(s), assignee_id=a,
                         planned_start=ps, planned_end=pe)
             for i, (m, s, a, ps, pe) in enumerate(rows(demo, select(
                 MissionTaskRow.estimated_minutes, MissionTaskRow.status, MissionTaskRow.assignee_id,
                 MissionTaskRow.planned_start, MissionTaskRow.planned_end).where(
                 MissionTaskRow.firm_id == main, MissionTaskRow.planned_end >= first,
                 MissionTaskRow.planned_start <= last)))]
    load = weekly_load(tasks, holidays_between(date(TODAY.year - 2, 1, 1), date(TODAY.year + 2, 12, 31)),
                       first, last)
    return {row.user_id: [load.get((row.user_id, week), 0) / row.minutes[n] if row.minutes[n] else float("inf")
                          for n, week in enumerate(capacity.weeks)]
            for row in capacity.rows}


def test_the_next_13_weeks_load_most_people_at_60_to_100_percent_and_a_few_above_110(demo):
    main = firm_id(demo, MAIN.siren)
    ratios = heat(demo, main)

    assert len(ratios) == 25
    over = [person for person, weeks in ratios.items() if max(weeks) > 1.10]
    assert 3 <= len(over) <= 6
    typical = [person for person, weeks in ratios.items()
               if 0.6 <= sorted(weeks)[len(weeks) // 2] <= 1.0]  # the median week of the person
    assert len(typical) >= 0.8 * len(ratios)


def test_time_is_entered_on_working_days_only_with_a_march_to_may_peak(demo):
    main = firm_id(demo, MAIN.siren)
    entries = rows(demo, select(TimeEntryRow.user_id, TimeEntryRow.day, TimeEntryRow.minutes,
                                TimeEntryRow.activity, TimeEntryRow.mission_id).where(TimeEntryRow.firm_id == main))
    absences = rows(demo, select(AbsenceRow.user_id, AbsenceRow.first_day, AbsenceRow.last_day, AbsenceRow.half_day)
                    .where(AbsenceRow.firm_id == main))
    off = {(u, a + timedelta(days=n)) for u, a, b, half in absences if not half for n in range((b - a).days + 1)}
    holidays = holidays_between(date(2024, 1, 1), date(2026, 12, 31))

    assert 50_000 <= len(entries) <= 75_000
    per_day = defaultdict(int)
    for user_id, day, minutes, _, _ in entries:
        assert day.weekday() < 5 and day not in holidays and day <= TODAY and (user_id, day) not in off
        assert minutes > 0 and minutes % 15 == 0
        per_day[(user_id, day)] += minutes
    in_peak = [m for (_, day), m in per_day.items() if day.month in (3, 4, 5)]
    average = sum(per_day.values()) / len(per_day)
    assert sum(in_peak) / len(in_peak) > 1.1 * average
    production = sum(m for _, _, m, activity, _ in entries if activity == "production")
    assert production > 0.75 * sum(per_day.values())


def test_time_on_a_task_is_its_assignee_s_within_its_planned_range_and_planned_missions_have_none(demo):
    main = firm_id(demo, MAIN.siren)
    on_tasks = rows(demo, select(TimeEntryRow.user_id, TimeEntryRow.day, MissionTaskRow.assignee_id,
                                 MissionTaskRow.planned_start, MissionTaskRow.planned_end)
                    .join(MissionTaskRow, (MissionTaskRow.firm_id == TimeEntryRow.firm_id)
                          & (MissionTaskRow.id == TimeEntryRow.task_id))
                    .where(TimeEntryRow.firm_id == main))
    on_planned = rows(demo, select(func.count()).select_from(TimeEntryRow).join(
        MissionRow, (MissionRow.firm_id == TimeEntryRow.firm_id) & (MissionRow.id == TimeEntryRow.mission_id))
        .where(TimeEntryRow.firm_id == main, MissionRow.status == "planifiee"))[0][0]

    assert len(on_tasks) > 30_000
    assert all(user == assignee and start <= day <= end for user, day, assignee, start, end in on_tasks)
    assert on_planned == 0


def test_timesheets_are_approved_then_submitted_one_sent_back_and_the_current_week_is_a_draft(demo):
    main = firm_id(demo, MAIN.siren)
    sheets = rows(demo, select(TimesheetRow.week_start, TimesheetRow.status, TimesheetRow.comment)
                  .where(TimesheetRow.firm_id == main))
    current = week_start(TODAY)
    by_week = defaultdict(list)
    for monday_, status, comment in sheets:
        by_week[monday_].append((status, comment))

    assert {s for s, _ in by_week[current]} == {TimesheetStatus.DRAFT.value}
    last = sorted(s for s, _ in by_week[current - timedelta(weeks=1)])
    assert last.count(TimesheetStatus.SENT_BACK.value) == 1 and set(last) == {"renvoyee", "soumise"}
    assert all(s == TimesheetStatus.APPROVED.value for week, found in by_week.items()
               if week < current - timedelta(weeks=1) for s, _ in found)
    assert len(by_week) > 60  # from six months into the first fiscal year


def test_the_second_firm_gets_no_production(demo):
    second = firm_id(demo, SECOND.siren)
    for model in (MissionRow, MissionTaskRow, TimeEntryRow, TimesheetRow, AbsenceRow):
        assert rows(demo, select(func.count()).select_from(model).where(model.firm_id == second))[0][0] == 0


def test_the_large_generator_at_a_small_size_covers_five_fiscal_years(migrated_blank_database_url, container):
    large = Container(replace(container.settings, database_url=migrated_blank_database_url),
                      clock=container.clock, hasher=container.hasher)
    small = SCALES["large"].sized(staff_factor=1, clients=60, entries_per_day=3.0, time_weeks=6)

    seed_demo(large.platform_uow(), scale=small)

    main = firm_id(large, MAIN.siren)
    ends = rows(large, select(MissionRow.client_id, MissionRow.fiscal_year_end).where(
        MissionRow.firm_id == main, MissionRow.engagement_id.is_(None)))
    per_client = defaultdict(set)
    for client_id, end in ends:
        per_client[client_id].add(end)
    assert max(len(v) for v in per_client.values()) == 5
    assert len({end.year for _, end in ends}) >= 5
    days = [d for (d,) in rows(large, select(TimeEntryRow.day).where(TimeEntryRow.firm_id == main))]
    assert days and min(days) >= monday(TODAY) - timedelta(weeks=5) and max(days) <= TODAY
    assert rows(large, select(func.count()).select_from(MissionTaskRow).where(
        MissionTaskRow.firm_id == main, MissionTaskRow.assignee_id.is_(None)))[0][0] == 0
    assert rows(large, select(func.count()).select_from(ClientRow).where(ClientRow.firm_id == main))[0][0] >= 60
    oldest_rate = rows(large, select(func.min(GradeRateRow.effective_from)).where(GradeRateRow.firm_id == main))
    assert oldest_rate[0][0] <= min(end for _, end in ends) - timedelta(days=366)  # every entry has its rate
