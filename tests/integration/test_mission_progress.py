"""The missions' follow-up computed by `sql/mission_progress.sql`, on SQLite and PostgreSQL, against the domain's
own figures: budget and estimates of the mission, hours entered (as the mission detail counts them), overdue
tasks and the days to the next open deadline."""

from datetime import date

from domain.deadlines import queries as deadline_queries
from domain.deadlines import services as deadlines
from domain.engagements.model import TaskStatus
from domain.engagements.progress import progress
from domain.timesheets import queries as time_queries
from domain.timesheets.services import GridRow, save_week
from tests.integration.planning_support import mission_with_tasks, plan, uow

TODAY = date(2026, 11, 20)


def test_the_sql_follow_up_matches_the_domains_figures(firm):
    mission, tasks = mission_with_tasks(firm, tax_regime="IR")  # its tax return deadlines go to this mission
    other, _ = mission_with_tasks(firm, name="Beta Industrie", code="tenue")
    me = firm.principal().user.id
    plan(firm, tasks[0], me, date(2026, 11, 2), date(2026, 11, 6), 240, due_on=date(2026, 11, 10))  # overdue
    plan(firm, tasks[1], me, date(2026, 11, 2), date(2026, 11, 6), 240, status=TaskStatus.DONE,
         due_on=date(2026, 11, 10))  # done: not overdue
    save_week(uow(firm), firm.principal(), firm.container.clock, me, date(2026, 11, 16),
              [GridRow(client_id=mission.client_id, mission_id=mission.id, task_id=tasks[0].id,
                       days=("2", "1,5", "", "0:45", "", "", "")),
               GridRow(client_id=other.client_id, mission_id=other.id, days=("1", "", "", "", "", "", ""))])
    deadlines.generate_year(uow(firm), firm.principal(), firm.container.clock, 2026)
    deadlines.generate_year(uow(firm), firm.principal(), firm.container.clock, 2027)

    found = progress(uow(firm), firm.principal(), TODAY)
    assert set(found) == {mission.id, other.id}
    mine = found[mission.id]
    consumption = time_queries.mission_consumption(uow(firm), firm.principal(), mission.id)
    assert mine.actual_minutes == consumption.minutes == 255
    assert found[other.id].actual_minutes == 60
    assert mine.budget_minutes == mission.budget_total_minutes
    with uow(firm) as u:
        estimates = sum(t.estimated_minutes for t in u.missions.tasks(mission.id))
    assert mine.estimated_minutes == estimates
    assert mine.overdue_tasks == 1
    expected_days = deadline_queries.days_to_next(
        deadline_queries.for_mission(uow(firm), firm.principal(), mission.id), TODAY)
    assert expected_days is not None  # the tax return of the year closing on 31/12/2026
    assert mine.days_to_deadline == expected_days == (mine.next_deadline_on - TODAY).days


def test_only_the_missions_asked_for_and_only_the_firms(firm, make_firm):
    mission, _ = mission_with_tasks(firm)
    other, _ = mission_with_tasks(firm, name="Beta Industrie")
    foreign, _ = mission_with_tasks(make_firm(), name="Gamma")
    assert set(progress(uow(firm), firm.principal(), TODAY, [mission.id])) == {mission.id}
    assert progress(uow(firm), firm.principal(), TODAY, [foreign.id]) == {}  # another firm's mission
    assert set(progress(uow(firm), firm.principal(), TODAY)) == {mission.id, other.id}
    assert progress(uow(firm), firm.principal(), TODAY, []) == {}
