"""The week grid's missions on SQLite and PostgreSQL: only those relevant to the person (a task assigned, managed,
of their team, entered lately, in the week, added from the search), pre-filled lines kept, a search by client
name for the others, and labels that tell two fiscal years of one client's mission apart all the way to the
saved entries."""

from datetime import date, timedelta

from domain.access.model import Role
from domain.engagements import missions as mission_services
from domain.engagements.missions import MissionEdit, TaskEdit
from domain.engagements.model import MissionStatus, TaskStatus
from domain.timesheets import queries, services
from domain.timesheets.services import GridRow
from tests.integration.compliance_support import assessed
from tests.integration.support import invite
from tests.integration.test_missions_services import create, make_client

MONDAY = date(2026, 11, 16)  # the fixtures' clock is on Friday 20/11/2026


def uow(firm):
    return firm.container.firm_uow(firm.firm_id)


def assign(firm, mission, person_id, *, planned=(MONDAY, MONDAY + timedelta(days=4)), position=0):
    """Assign the mission's task at `position` to the person, planned over `planned`; returns the task."""
    with uow(firm) as u:
        task = u.missions.tasks(mission.id)[position]
    return mission_services.update_task(uow(firm), firm.principal(), firm.container.clock, mission.id,
                                        TaskEdit(task.id, person_id, *planned, TaskStatus.TODO, "2", task.due_on))


def test_the_grid_offers_the_persons_missions_and_the_search_reaches_the_others(firm):
    with uow(firm) as u:
        team = u.teams.add("Pôle PME")
        grade = u.grades.list()[0]
        u.commit()
    member = invite(firm, Role.COLLABORATOR, full_name="Chloé Collab", team_id=team.id, grade_id=grade.id)
    me = firm.principal(member.email)
    clock = firm.container.clock
    assigned = create(firm, make_client(firm, "Alpha Conseil"))
    managed = create(firm, make_client(firm, "Bravo Négoce"), manager_id=member.user.id)
    of_team = create(firm, make_client(firm, "Charlie Bâtiment"), team_id=team.id)
    entered = create(firm, make_client(firm, "Delta Transports"))
    elsewhere = create(firm, make_client(firm, "Echo Immobilier"))
    finished = create(firm, make_client(firm, "Foxtrot Services"))
    task = assign(firm, assigned, member.user.id)
    assign(firm, finished, member.user.id)
    assessed(firm, finished.client_id)  # the LCB-FT gate: a mission leaves Planifiée only for an assessed client
    mission_services.update_mission(uow(firm), firm.principal(), clock, finished.id,
                                    MissionEdit(finished.label, MissionStatus.DONE, finished.manager_id, None))
    services.save_week(uow(firm), me, clock, me.user.id, MONDAY - timedelta(weeks=2),
                       [GridRow(client_id=entered.client_id, mission_id=entered.id, days=("3",))])

    grid = queries.week_grid(uow(firm), me, MONDAY)
    assert {c.mission.id for c in grid.choices} == {assigned.id, managed.id, of_team.id, entered.id}
    # pre-filled: the task planned this week, then the mission entered lately; no hours yet
    assert [(line.mission_id, line.task_id, sum(line.minutes)) for line in grid.lines] == [
        (assigned.id, task.id, 0), (entered.id, None, 0)]
    assert [line.target for line in grid.lines] == [
        "Alpha Conseil — Établissement des comptes annuels (exercice clos le 30/06/2027) › " + task.label,
        "Delta Transports — Établissement des comptes annuels (exercice clos le 30/06/2027)"]
    labels = [t.label for t in grid.targets]
    assert len(labels) == len(set(labels))
    assert {t.key for t in grid.targets if t.mission_id == assigned.id} == {
        (assigned.client_id, assigned.id, None), *((assigned.client_id, assigned.id, t.id) for t in
                                                   next(c for c in grid.choices if c.mission.id == assigned.id).tasks)}

    found = queries.searchable_missions(uow(firm), me, "  echo ")
    assert [(c.mission.id, c.label) for c in found] == [
        (elsewhere.id, "Echo Immobilier — Établissement des comptes annuels (exercice clos le 30/06/2027)")]
    assert queries.searchable_missions(uow(firm), me, "Foxtrot") == ()  # finished: no time on it any more
    assert queries.searchable_missions(uow(firm), me, "e") == ()  # two letters at least

    grid = queries.week_grid(uow(firm), me, MONDAY, [elsewhere.id, elsewhere.id])
    assert elsewhere.id in {c.mission.id for c in grid.choices}
    assert [line.mission_id for line in grid.lines] == [assigned.id, entered.id, elsewhere.id]
    saved = services.save_week(uow(firm), me, clock, me.user.id, MONDAY,
                               [GridRow(client_id=elsewhere.client_id, mission_id=elsewhere.id, days=("1", "2"))])
    assert saved == 2
    grid = queries.week_grid(uow(firm), me, MONDAY)  # the search is forgotten, the week's entries are not
    assert elsewhere.id in {c.mission.id for c in grid.choices}
    assert [(c.mission_id, c.minutes) for c in grid.consumption if c.mission_id == elsewhere.id] == [
        (elsewhere.id, 180)]


def test_the_search_is_limited_and_by_client_name(firm):
    member = invite(firm, Role.COLLABORATOR, full_name="Chloé Collab")
    me = firm.principal(member.email)
    client = make_client(firm, "Groupe Zoulou")
    for end in range(2026, 2026 - queries.SEARCH_LIMIT - 1, -1):
        create(firm, client, fiscal_year_end=date(end, 6, 30))
    found = queries.searchable_missions(uow(firm), me, "ZOULOU")
    assert len(found) == queries.SEARCH_LIMIT
    assert found[0].mission.fiscal_year_end == date(2026, 6, 30)  # the latest fiscal year first
    assert queries.searchable_missions(uow(firm), me, "Établissement") == ()  # a client's name, not a mission's


def test_two_fiscal_years_of_one_clients_mission_read_apart_and_save_to_the_right_one(firm):
    member = invite(firm, Role.COLLABORATOR, full_name="Chloé Collab")
    me = firm.principal(member.email)
    client = make_client(firm, "Allain SAS", fiscal_year_end="31/12")
    older = create(firm, client, code="tenue", fiscal_year_end=date(2026, 12, 31), manager_id=member.user.id)
    newer = create(firm, client, code="tenue", fiscal_year_end=date(2027, 12, 31), manager_id=member.user.id)
    grid = queries.week_grid(uow(firm), me, MONDAY)
    by_label = {t.label: t.key for t in grid.targets}
    assert len(by_label) == len(grid.targets)  # no label read twice
    assert by_label["Allain SAS — Tenue comptable (exercice clos le 31/12/2026)"] == (client.id, older.id, None)
    assert by_label["Allain SAS — Tenue comptable (exercice clos le 31/12/2027)"] == (client.id, newer.id, None)
    client_id, mission_id, task_id = by_label["Allain SAS — Tenue comptable (exercice clos le 31/12/2026)"]
    services.save_week(uow(firm), me, firm.container.clock, me.user.id, MONDAY,
                       [GridRow(client_id=client_id, mission_id=mission_id, task_id=task_id, days=("2",))])
    with uow(firm) as u:
        assert [e.mission_id for e in u.time_entries.for_user(me.user.id, MONDAY, MONDAY)] == [older.id]
    line = queries.week_grid(uow(firm), me, MONDAY).lines[0]
    assert (line.mission_id, line.target) == (older.id, "Allain SAS — Tenue comptable (exercice clos le 31/12/2026)")


def test_a_line_of_a_finished_mission_keeps_its_own_label(firm):
    member = invite(firm, Role.COLLABORATOR, full_name="Chloé Collab")
    me = firm.principal(member.email)
    clock = firm.container.clock
    mission = create(firm, make_client(firm, "Hotel Kilo"), manager_id=member.user.id)
    services.save_week(uow(firm), me, clock, me.user.id, MONDAY,
                       [GridRow(client_id=mission.client_id, mission_id=mission.id, days=("1",))])
    assessed(firm, mission.client_id)  # the LCB-FT gate: a mission leaves Planifiée only for an assessed client
    mission_services.update_mission(uow(firm), firm.principal(), clock, mission.id,
                                    MissionEdit(mission.label, MissionStatus.DONE, mission.manager_id, None))
    grid = queries.week_grid(uow(firm), me, MONDAY)
    assert mission.id not in {c.mission.id for c in grid.choices}  # no new time on it…
    label = "Hotel Kilo — Établissement des comptes annuels (exercice clos le 30/06/2027)"
    assert [line.target for line in grid.lines] == [label]  # …but the week's line still names it
    assert {t.label: t.key for t in grid.targets}[label] == (mission.client_id, mission.id, None)


def test_a_team_with_too_many_open_missions_is_left_to_the_search(firm, monkeypatch):
    with uow(firm) as u:
        team = u.teams.add("Pôle PME")
        u.commit()
    member = invite(firm, Role.COLLABORATOR, full_name="Chloé Collab", team_id=team.id)
    me = firm.principal(member.email)
    first, second = (create(firm, make_client(firm, name), team_id=team.id) for name in ("India SA", "Juliet SARL"))
    monkeypatch.setattr(queries, "TEAM_LIMIT", 2)
    grid = queries.week_grid(uow(firm), me, MONDAY)
    assert {c.mission.id for c in grid.choices} == {first.id, second.id} and not grid.team_left_out
    monkeypatch.setattr(queries, "TEAM_LIMIT", 1)
    grid = queries.week_grid(uow(firm), me, MONDAY)
    assert grid.choices == () and grid.team_left_out
    assert [c.mission.id for c in queries.searchable_missions(uow(firm), me, "juliet")] == [second.id]
