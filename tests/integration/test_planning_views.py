"""The heat map and the tasks behind a cell, computed by the `sql/` views in DuckDB, on SQLite and PostgreSQL:
capacity (public holiday, half-day absence, part-time), load spread over working days with its remainder and
across weeks, done tasks left out, the team filter, parity with the domain's Python rules, firm isolation."""

from datetime import date, timedelta

import pytest

from domain.access.model import Role
from domain.clients.services import create_client
from domain.engagements.missions import MissionForm, TaskEdit, create_mission, save_programme
from domain.engagements.model import TaskStatus
from domain.firm.settings import add_team
from domain.planning.load import holiday_span, spread, weekly_load
from domain.planning.queries import cell_tasks, heatmap
from domain.workload import services as absences
from domain.workload.model import AbsenceKind
from domain.workload.rules import capacity, holidays_between, monday, weekly_totals
from tests.integration.support import invite

NOV_9, NOV_16 = date(2026, 11, 9), date(2026, 11, 16)  # Wednesday 11 November is a public holiday
DAY = 35 * 60 // 5


def uow(firm):
    return firm.container.firm_uow(firm.firm_id)


def part_time(firm, user_id, weekly_minutes):
    with uow(firm) as u:
        u.users.update(user_id, weekly_minutes=weekly_minutes)
        u.commit()


def absent(firm, user_id, first, last, half=False):
    absences.add_absence(uow(firm), None, firm.container.clock, user_id, AbsenceKind.PAID_LEAVE, first, last, half,
                         "")


def new_mission(firm, client_name="Alpha Conseil"):
    """A mission from the catalogue (five tasks, nobody assigned yet) and its tasks."""
    c = firm.container
    client = create_client(uow(firm), None, c.clock, {"name": client_name, "legal_form": "SAS", "city": "Lyon",
                                                      "fiscal_year_end": "31/12"})
    with uow(firm) as u:
        type_id = next(t.id for t in u.mission_types.list() if t.code == "comptes_annuels")
    mission = create_mission(uow(firm), None, c.clock, MissionForm(client_id=client.id, mission_type_id=type_id))
    with uow(firm) as u:
        return mission, u.missions.tasks(mission.id)


def plan(firm, mission, *edits):
    """edits: (task, assignee id, first day, last day, hours as typed, status)."""
    save_programme(uow(firm), None, firm.container.clock, mission.id,
                   [TaskEdit(task.id, who, first, last, status, hours, None)
                    for task, who, first, last, hours, status in edits])


def cells(view, user_id):
    row = next(r for r in view.rows if r.user_id == user_id)
    return [(c.capacity_minutes, c.load_minutes, c.tasks) for c in row.cells]


def test_capacity_counts_public_holidays_half_day_absences_and_part_time(firm):
    admin = firm.principal()
    bob = invite(firm, Role.COLLABORATOR, full_name="Bob Temps Partiel")
    part_time(firm, bob.user.id, 28 * 60)
    invite(firm, Role.CLIENT, full_name="Client Portail")  # no staff: no row
    absent(firm, admin.user.id, date(2026, 11, 12), date(2026, 11, 12), half=True)

    view = heatmap(uow(firm), admin, date(2026, 11, 11), weeks=2)

    assert view.weeks == (NOV_9, NOV_16)
    assert [r.full_name for r in view.rows] == ["Alice Admin", "Bob Temps Partiel"]
    assert cells(view, admin.user.id) == [(4 * DAY - DAY // 2, 0, 0), (5 * DAY, 0, 0)]
    assert cells(view, bob.user.id) == [(4 * 336, 0, 0), (5 * 336, 0, 0)]
    assert view.rows[1].weekly_minutes == 28 * 60


def test_load_is_spread_over_working_days_across_weeks_and_done_tasks_are_left_out(firm):
    admin = firm.principal()
    me = admin.user.id
    bob = invite(firm, Role.COLLABORATOR, full_name="Bob Collab").user.id
    mission, tasks = new_mission(firm)
    plan(firm, mission,
         # 10,05 h = 603 min over Thu 12, Fri 13, Mon 16, Tue 17: 151, 151 | 151, 150
         (tasks[0], me, date(2026, 11, 12), date(2026, 11, 17), "10,05", TaskStatus.IN_PROGRESS),
         (tasks[1], me, date(2026, 11, 10), date(2026, 11, 11), "3", TaskStatus.TODO),  # the 11th is off
         (tasks[2], me, NOV_9, date(2026, 11, 13), "20", TaskStatus.DONE),
         (tasks[3], bob, NOV_16, date(2026, 11, 20), "40", TaskStatus.BLOCKED),  # 40 h in a 35 h week
         (tasks[4], None, NOV_9, date(2026, 11, 13), "8", TaskStatus.TODO))

    view = heatmap(uow(firm), admin, NOV_9, weeks=2)

    assert cells(view, me) == [(4 * DAY, 302 + 180, 2), (5 * DAY, 301, 1)]
    assert cells(view, bob) == [(4 * DAY, 0, 0), (5 * DAY, 2400, 1)]
    bob_row = next(r for r in view.rows if r.user_id == bob)
    assert [c.over_allocated for c in bob_row.cells] == [False, True]
    assert view.over_allocated_cells == 1

    behind = cell_tasks(uow(firm), admin, me, NOV_9)
    assert [(t.task_id, t.load_minutes) for t in behind] == [(tasks[0].id, 302), (tasks[1].id, 180)]
    first = behind[0]
    assert (first.label, first.mission_id, first.client_name) == (tasks[0].label, mission.id, "Alpha Conseil")
    assert (first.planned_start, first.planned_end, first.estimated_minutes, first.status) == (
        date(2026, 11, 12), date(2026, 11, 17), 603, TaskStatus.IN_PROGRESS)
    assert [(t.task_id, t.load_minutes) for t in cell_tasks(uow(firm), admin, me, NOV_16)] == [(tasks[0].id, 301)]
    assert cell_tasks(uow(firm), admin, bob, NOV_9) == []


def test_the_team_filter_and_the_people_filter(firm):
    admin = firm.principal()
    add_team(uow(firm), admin, firm.container.clock, "Audit")
    with uow(firm) as u:
        audit = next(t.id for t in u.teams.list() if t.name == "Audit")
    bob = invite(firm, Role.COLLABORATOR, full_name="Bob Audit", team_id=audit).user.id
    carol = invite(firm, Role.COLLABORATOR, full_name="Carol Social").user.id
    mission, tasks = new_mission(firm)
    plan(firm, mission, (tasks[0], bob, NOV_16, date(2026, 11, 20), "5", TaskStatus.TODO),
         (tasks[1], carol, NOV_16, date(2026, 11, 20), "6", TaskStatus.TODO))

    team_view = heatmap(uow(firm), admin, NOV_16, weeks=1, team_id=audit)
    assert [(r.user_id, r.team_id) for r in team_view.rows] == [(bob, audit)]
    assert cells(team_view, bob) == [(5 * DAY, 300, 1)]
    assert [r.user_id for r in heatmap(uow(firm), admin, NOV_16, weeks=1, user_ids=(carol,)).rows] == [carol]
    assert {r.user_id for r in heatmap(uow(firm), admin, NOV_16, weeks=1).rows} == {admin.user.id, bob, carol}


# Task shapes relative to a window's first Monday: (first day offset, last day offset, hours, status, who).
SHAPES = [
    (-10, 3, "31,5", TaskStatus.IN_PROGRESS, 0),  # starts before the window
    (4, 60, "75", TaskStatus.TODO, 1),  # ends after it
    (-20, 70, "200", TaskStatus.TODO, 2),  # covers it all, both edges
    (12, 13, "3,25", TaskStatus.TODO, 0),  # a weekend only: spread over its calendar days
    (11, 11, "2", TaskStatus.TODO, 1),  # the Friday of week 2 (a public holiday in both windows)
    (7, 18, "45", TaskStatus.BLOCKED, 2),  # over the holiday, during Carol's week of leave
    (14, 18, "50", TaskStatus.TODO, 0),  # heavy week: over-allocated
    (0, 4, "10", TaskStatus.DONE, 0),  # done: loads nobody
    (80, 90, "12", TaskStatus.TODO, 1),  # after the window
    (21, 23, "0,5", TaskStatus.TODO, 1),  # 30 minutes over 3 days
]


@pytest.mark.parametrize(("first", "alsace"), [(date(2026, 12, 14), False), (date(2027, 3, 15), True)])
def test_the_sql_heat_map_equals_the_python_rules(firm, first, alsace):
    from domain.workload.services import set_alsace_moselle

    admin = firm.principal()
    set_alsace_moselle(uow(firm), admin, firm.container.clock, alsace)
    bob = invite(firm, Role.COLLABORATOR, full_name="Bob Partiel").user.id
    carol = invite(firm, Role.COLLABORATOR, full_name="Carol Conges").user.id
    part_time(firm, bob, 24 * 60 + 30)
    people = [admin.user.id, bob, carol]
    absent(firm, admin.user.id, first + timedelta(days=15), first + timedelta(days=16))
    absent(firm, bob, first + timedelta(days=21), first + timedelta(days=23), half=True)
    absent(firm, carol, first + timedelta(days=14), first + timedelta(days=20))  # a whole week
    one, one_tasks = new_mission(firm, "Alpha Conseil")
    two, two_tasks = new_mission(firm, "Beta Services")
    for (mission, task), (start, end, hours, status, who) in zip(
            [(one, t) for t in one_tasks] + [(two, t) for t in two_tasks], SHAPES, strict=True):
        plan(firm, mission, (task, people[who], first + timedelta(days=start), first + timedelta(days=end), hours,
                             status))
    weeks = 6
    last = first + timedelta(days=7 * weeks - 1)

    view = heatmap(uow(firm), admin, first, weeks=weeks)

    off = holidays_between(*holiday_span(first, last), alsace)
    with uow(firm) as u:
        tasks = u.missions.tasks(one.id) + u.missions.tasks(two.id)
        users = {x.id: x for x in u.users.list()}
        leave = u.absences.list(start=first, end=last)
    load = weekly_load(tasks, off, first, last)
    counted: dict[tuple[int, date], set[int]] = {}
    for task in tasks:
        for day in spread(task, off):
            if first <= day <= last:
                counted.setdefault((task.assignee_id, monday(day)), set()).add(task.id)
    assert [r.user_id for r in view.rows] == people
    for row in view.rows:
        available = weekly_totals(capacity(users[row.user_id], first, last, leave, off))
        expected = [(available[w], load.get((row.user_id, w), 0), len(counted.get((row.user_id, w), ())))
                    for w in view.weeks]
        assert cells(view, row.user_id) == expected, users[row.user_id].full_name
        for week in view.weeks:  # the drill-down adds up to its cell
            behind = cell_tasks(uow(firm), admin, row.user_id, week)
            assert sum(t.load_minutes for t in behind) == load.get((row.user_id, week), 0)
    assert view.over_allocated_cells >= 2  # Carol's week of leave under load, the heavy week
    assert sum(c[1] for p in people for c in cells(view, p)) > 0


def test_another_firms_tasks_and_people_never_appear(firm, make_firm):
    other = make_firm("Autre Cabinet")
    mine, theirs = firm.principal(), other.principal()
    mission, tasks = new_mission(firm)
    plan(firm, mission, (tasks[0], mine.user.id, NOV_16, date(2026, 11, 20), "10", TaskStatus.TODO))
    their_mission, their_tasks = new_mission(other, "Gamma Industrie")
    plan(other, their_mission, (their_tasks[0], theirs.user.id, NOV_16, date(2026, 11, 20), "30", TaskStatus.TODO))

    view = heatmap(uow(firm), mine, NOV_16, weeks=1)
    assert [r.user_id for r in view.rows] == [mine.user.id]
    assert cells(view, mine.user.id) == [(5 * DAY, 600, 1)]
    assert heatmap(uow(firm), mine, NOV_16, weeks=1, user_ids=(theirs.user.id,)).rows == ()
    assert cell_tasks(uow(firm), mine, theirs.user.id, NOV_16) == []
    assert [t.task_id for t in cell_tasks(uow(firm), mine, mine.user.id, NOV_16)] == [tasks[0].id]
    assert cells(heatmap(uow(other), theirs, NOV_16, weeks=1), theirs.user.id) == [(5 * DAY, 1800, 1)]
