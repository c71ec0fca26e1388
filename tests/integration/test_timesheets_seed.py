"""The demo time entries and timesheets (data/seeding/timesheets.py) on SQLite and PostgreSQL."""

import random
from collections import defaultdict
from datetime import date, timedelta

from data.seeding.timesheets import seed_time, working_days
from domain.access.model import Role
from domain.catalogue.model import BillingMode
from domain.clients.validation import validate_client
from domain.engagements.model import Mission, MissionStatus, MissionTask
from domain.timesheets.model import Activity, TimesheetStatus, week_start
from tests.integration.support import invite

TODAY = date(2026, 11, 20)  # a Friday; Wednesday 11/11 is a public holiday
FIRST = date(2026, 9, 28)  # the Monday eight weeks back


def build(firm):
    """Two collaborators with a grade, one without; two clients with an open mission each (one with tasks) and
    a finished mission. Returns the staff with a grade and the missions by id."""
    with firm.container.firm_uow(firm.firm_id) as uow:
        grade = uow.grades.list()[0].id
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
        assert e.minutes > 0 and e.day in days and e.user_id in graded and e.user_id not in ungraded
        totals[(e.user_id, e.day)] += e.minutes
        if e.activity.internal:
            assert (e.client_id, e.mission_id, e.task_id, e.billable) == (None, None, None, False)
        else:
            mission = missions[e.mission_id]
            assert mission.status is not MissionStatus.DONE and mission.client_id == e.client_id
            assert e.task_id is None or tasks[e.task_id].mission_id == e.mission_id
            assert e.billable == (e.activity is Activity.PRODUCTION)
    assert set(totals) == {(u, d) for u in graded for d in days}
    assert all(6 * 60 <= t <= 7 * 60 + 30 for t in totals.values())
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
