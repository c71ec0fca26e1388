"""The demo time entries and timesheets (data/seeding/timesheets.py, time_entries.py) on SQLite and PostgreSQL."""

import random
from collections import defaultdict
from dataclasses import replace
from datetime import date, timedelta

from data.seeding.time_entries import SEASON, SPREAD, working_days
from data.seeding.timesheets import seed_time
from domain.access.model import Role
from domain.catalogue.model import BillingMode
from domain.clients.validation import validate_client
from domain.engagements.model import Mission, MissionStatus, MissionTask
from domain.timesheets.model import Activity, TimesheetStatus, week_start
from domain.workload.model import AbsenceKind
from tests.integration.support import invite

TODAY = date(2026, 11, 20)  # a Friday; Wednesday 11/11 is a public holiday
FIRST = date(2026, 9, 28)  # the Monday eight weeks back


def build(firm):
    """Two collaborators with a grade, one without; two clients with an open mission each (one with tasks) and
    a finished mission. Returns the staff with a grade and the missions by id."""
    with firm.container.firm_uow(firm.firm_id) as uow:
        grade = next(g.id for g in uow.grades.list() if g.code == "collaborateur")
    graded = [invite(firm, Role.COLLABORATOR, full_name=f"Collab {n}", grade_id=grade).user.id for n in range(2)]
    invite(firm, Role.COLLABORATOR, full_name="Sans Grade")
    with firm.container.platform_uow() as uow:
        repos = uow.scoped(firm.firm_id)
        clients = [repos.clients.add(validate_client({"name": f"Client {n}", "kind": "individual",
                                                      "email": "c@x.fr"})).id for n in range(2)]

        def mission(client_id, label, status=MissionStatus.IN_PROGRESS):
            return repos.missions.add(Mission(id=0, client_id=client_id, label=label,
                                              fiscal_year_start=date(2026, 1, 1), fiscal_year_end=date(2026, 12, 31),
                                              billing_mode=BillingMode.ANNUAL, created_on=date(2026, 7, 1),
                                              status=status))

        first, second = mission(clients[0], "Comptes annuels"), mission(clients[1], "Social")
        done = mission(clients[1], "Ancienne mission", MissionStatus.DONE)
        repos.missions.add_tasks([MissionTask(id=0, mission_id=first.id, label=f"Tâche {n}", position=n)
                                  for n in range(3)])
        uow.commit()
        tasks = {t.id: t for t in repos.missions.tasks(first.id)}
    return graded, {m.id: m for m in (first, second, done)}, tasks


def seed(firm, seed_value=11):
    with firm.container.platform_uow() as uow:
        count = seed_time(uow.scoped(firm.firm_id), today=TODAY, rng=random.Random(seed_value))
        uow.commit()
    with firm.container.firm_uow(firm.firm_id) as uow:
        return count, uow.time_entries.between(FIRST - timedelta(days=30), TODAY + timedelta(days=30)), \
            uow.timesheets.between(FIRST - timedelta(days=30), TODAY), uow.users.list()


def day_bounds(day: date, weekly_minutes: int = 35 * 60) -> tuple[int, int]:
    """The least and most a full day may hold: a fifth of the week, for the season, give or take SPREAD."""
    usual = weekly_minutes / 5 * SEASON[day.month]
    return int(usual * (1 - SPREAD)) - 15, int(usual * (1 + SPREAD)) + 15


def test_the_demo_time_covers_every_working_day_of_the_graded_staff_on_open_missions(firm):
    graded, missions, tasks = build(firm)
    count, entries, sheets, users = seed(firm)
    ungraded = {u.id for u in users if u.grade_id is None}
    admins = {u.id for u in users if u.role is Role.ADMIN}

    assert count == len(entries) > 0
    days = working_days(FIRST, TODAY)
    assert len(days) == 39 and date(2026, 11, 11) not in days
    totals = defaultdict(int)
    for e in entries:
        assert e.minutes > 0 and e.minutes % 15 == 0
        assert e.day in days and e.user_id in graded and e.user_id not in ungraded
        totals[(e.user_id, e.day)] += e.minutes
        if e.activity.internal:
            assert (e.client_id, e.mission_id, e.task_id, e.billable) == (None, None, None, False)
        else:
            mission = missions[e.mission_id]
            assert mission.status is not MissionStatus.DONE and mission.client_id == e.client_id
            assert e.task_id is None or tasks[e.task_id].mission_id == e.mission_id
            assert e.billable == (e.activity is Activity.PRODUCTION)
    assert set(totals) == {(u, d) for u in graded for d in days}
    for (_, day), total in totals.items():
        low, high = day_bounds(day)
        assert low <= total <= high, (day, total)
    production = [e for e in entries if e.activity is Activity.PRODUCTION]
    assert sum(e.minutes for e in production) > 0.7 * sum(totals.values())
    assert {e.mission_id for e in production} == {m.id for m in missions.values() if m.status is not MissionStatus.DONE}
    assert any(e.task_id for e in production) and any(e.activity.internal for e in entries)

    current = week_start(TODAY)
    status = {(s.user_id, s.week_start): s for s in sheets}
    assert set(status) == {(u, FIRST + timedelta(weeks=n)) for u in graded for n in range(8)}
    for (user_id, monday), sheet in status.items():
        if monday == current:
            assert sheet.status is TimesheetStatus.DRAFT and sheet.decided_at is None
        elif monday < current - timedelta(weeks=1):
            assert sheet.status is TimesheetStatus.APPROVED and sheet.decided_by in admins
            assert sheet.decided_at.date() == monday + timedelta(weeks=1) and sheet.decided_at.hour == 10
    previous = [status[(u, current - timedelta(weeks=1))] for u in graded]
    assert sorted(s.status for s in previous) == sorted([TimesheetStatus.SUBMITTED, TimesheetStatus.SENT_BACK])
    [back] = [s for s in previous if s.status is TimesheetStatus.SENT_BACK]
    assert back.comment and back.decided_by in admins


def test_time_goes_to_the_tasks_planned_for_the_person_that_day_and_never_on_an_absence(firm):
    graded, missions, tasks = build(firm)
    first_mission = next(m for m in missions.values() if m.label == "Comptes annuels")
    mine, later = sorted(tasks)[:2]
    with firm.container.platform_uow() as uow:
        repos = uow.scoped(firm.firm_id)
        repos.missions.update_task(replace(tasks[mine], assignee_id=graded[0], estimated_minutes=600 * 60,
                                           planned_start=date(2026, 10, 5), planned_end=date(2026, 10, 30)))
        repos.missions.update_task(replace(tasks[later], assignee_id=graded[0], estimated_minutes=600 * 60,
                                           planned_start=date(2026, 11, 2), planned_end=date(2026, 11, 27)))
        repos.absences.add(user_id=graded[0], kind=AbsenceKind.PAID_LEAVE, first_day=date(2026, 10, 12),
                           last_day=date(2026, 10, 16))
        repos.absences.add(user_id=graded[0], kind=AbsenceKind.RTT, first_day=date(2026, 11, 6),
                           last_day=date(2026, 11, 6), half_day=True)
        uow.commit()
    _, entries, _, _ = seed(firm)

    worked = [e for e in entries if e.user_id == graded[0]]
    assert not [e for e in worked if date(2026, 10, 12) <= e.day <= date(2026, 10, 16)]
    half = sum(e.minutes for e in worked if e.day == date(2026, 11, 6))
    assert 0 < half <= day_bounds(date(2026, 11, 6))[1] // 2 + 15
    on_tasks = [e for e in worked if e.activity is Activity.PRODUCTION and e.day >= date(2026, 10, 5)]
    assert on_tasks and all(e.mission_id == first_mission.id for e in on_tasks)
    assert all(e.task_id == mine for e in on_tasks if date(2026, 10, 5) <= e.day <= date(2026, 10, 30))
    assert all(e.task_id == later for e in on_tasks if e.day >= date(2026, 11, 2))
    assert {e.task_id for e in on_tasks} == {mine, later}
    # outside its tasks' ranges (the first week) the person books on the firm's open work, like everyone
    assert any(e.day < date(2026, 10, 5) and e.activity is Activity.PRODUCTION for e in worked)


def test_a_task_stops_taking_time_once_its_share_is_used_up(firm):
    graded, _, tasks = build(firm)
    small = min(tasks)
    with firm.container.platform_uow() as uow:
        uow.scoped(firm.firm_id).missions.update_task(replace(
            tasks[small], assignee_id=graded[0], estimated_minutes=120, planned_start=FIRST, planned_end=TODAY))
        uow.commit()
    _, entries, _, _ = seed(firm)

    on_it = sum(e.minutes for e in entries if e.task_id == small)
    assert 120 <= on_it <= 120 * 130 // 100 + 8 * 60  # its share, overrun at most by the day that used it up


def test_without_an_open_mission_the_time_is_internal(firm):
    with firm.container.firm_uow(firm.firm_id) as uow:
        grade = uow.grades.list()[0].id
    invite(firm, Role.COLLABORATOR, grade_id=grade)
    _, entries, _, _ = seed(firm)

    assert entries and all(e.activity.internal and e.client_id is None and not e.billable for e in entries)


def test_the_same_seed_gives_the_same_time(make_firm):
    a, b = make_firm("Cabinet A"), make_firm("Cabinet B")
    build(a), build(b)

    def shape(firm):
        _, entries, sheets, users = seed(firm)
        names = {u.id: u.full_name for u in users}
        missions = {}
        with firm.container.firm_uow(firm.firm_id) as uow:
            for e in entries:
                if e.mission_id and e.mission_id not in missions:
                    missions[e.mission_id] = uow.missions.get(e.mission_id).label
        return (sorted((names[e.user_id], e.day, e.minutes, e.activity, missions.get(e.mission_id)) for e in entries),
                sorted((names[s.user_id], s.week_start, s.status) for s in sheets))

    assert shape(a) == shape(b)
