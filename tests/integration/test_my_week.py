""""Ma semaine" on SQLite and PostgreSQL: the person's open tasks (planned this week, due soon, overdue), the
deadlines of the clients they follow, and the hours entered this week against their contract."""

from dataclasses import replace
from datetime import date, timedelta

from domain.access.model import Role
from domain.deadlines.model import Deadline, DeadlineKind
from domain.engagements.model import TaskStatus
from domain.timesheets import services
from domain.timesheets.model import TimesheetStatus
from domain.timesheets.my_week import expected_per_day, my_week
from domain.timesheets.services import GridRow
from tests.integration.support import invite
from tests.integration.test_missions_services import create, make_client

TODAY = date(2026, 11, 20)  # the fixtures' clock: Friday
MONDAY = date(2026, 11, 16)


def uow(firm):
    return firm.container.firm_uow(firm.firm_id)


def assign(firm, mission, **plans):
    """Give the mission's tasks (by position order) assignees and dates: plans = {label: fields}."""
    with uow(firm) as u:
        tasks = u.missions.tasks(mission.id)
        for task, fields in zip(tasks, plans.values(), strict=False):
            u.missions.update_task(replace(task, **fields))
        u.commit()
        return u.missions.tasks(mission.id)


def deadline(client, due_on, label, mission_id=None):
    return Deadline(id=0, client_id=client.id, kind=DeadlineKind.VAT_MONTHLY, label=label,
                    period_start=due_on.replace(day=1) - timedelta(days=40), period_end=due_on - timedelta(days=20),
                    due_on=due_on, mission_id=mission_id)


def setup(firm):
    member = invite(firm, Role.COLLABORATOR, full_name="Chloé Collab")
    other = invite(firm, Role.COLLABORATOR, full_name="Oscar Autre")
    mine = make_client(firm, "Alpha Conseil")
    theirs = make_client(firm, "Beta Industrie")
    mission = create(firm, mine, manager_id=member.user.id)  # the member manages Alpha's mission
    foreign = create(firm, theirs)  # managed by the admin
    me = member.user.id
    tasks = assign(firm, mission,
                   this_week={"assignee_id": me, "planned_start": MONDAY + timedelta(days=2),
                              "planned_end": MONDAY + timedelta(days=9), "status": TaskStatus.IN_PROGRESS},
                   overdue={"assignee_id": me, "due_on": TODAY - timedelta(days=3)},
                   later={"assignee_id": me, "planned_start": TODAY + timedelta(days=30),
                          "planned_end": TODAY + timedelta(days=40), "due_on": TODAY + timedelta(days=45)},
                   finished={"assignee_id": me, "due_on": TODAY - timedelta(days=5), "status": TaskStatus.DONE},
                   due_soon={"assignee_id": me, "due_on": TODAY + timedelta(days=10)})
    assign(firm, foreign, someone_else={"assignee_id": other.user.id, "planned_start": MONDAY,
                                        "planned_end": MONDAY + timedelta(days=4), "due_on": TODAY - timedelta(days=1)})
    with uow(firm) as u:
        u.deadlines.add_many([
            deadline(mine, TODAY + timedelta(days=5), "TVA Alpha bientôt", mission.id),
            deadline(mine, TODAY - timedelta(days=4), "TVA Alpha en retard"),
            deadline(mine, TODAY + timedelta(days=12), "TVA Alpha dans 12 jours"),
            deadline(mine, TODAY + timedelta(days=60), "TVA Alpha lointaine"),
            deadline(theirs, TODAY + timedelta(days=3), "TVA Beta"),
        ])
        u.commit()
    return member, other, mission, tasks


def test_my_week_shows_my_tasks_deadlines_and_hours(firm):
    member, _other, mission, tasks = setup(firm)
    me = firm.principal(member.email)
    clock = firm.container.clock
    row = {"client_id": mission.client_id, "mission_id": mission.id}
    services.save_week(uow(firm), me, clock, me.user.id, MONDAY - timedelta(days=7), [GridRow(**row, days=("2",))])
    services.save_week(uow(firm), me, clock, me.user.id, MONDAY,
                       [GridRow(**row, days=("7", "3,5", "", "1")), GridRow(**row, comment="revue", days=("", "1"))])

    week = my_week(uow(firm), me, clock)

    assert week.monday == MONDAY and week.today == TODAY
    labels = [t.task.label for t in week.tasks]
    by_label = {t.task.label: t for t in week.tasks}
    assert labels[0] == tasks[1].label  # the overdue task comes first, flagged
    assert set(labels) == {tasks[0].label, tasks[1].label, tasks[4].label}
    assert by_label[tasks[1].label].overdue and not by_label[tasks[0].label].overdue
    assert by_label[tasks[0].label].planned_this_week and not by_label[tasks[4].label].planned_this_week
    assert {(t.client_name, t.mission_label, t.mission_id) for t in week.tasks} == {
        ("Alpha Conseil", mission.label, mission.id)}
    assert week.overdue_tasks == 1

    assert [d.label for d in week.deadlines] == ["TVA Alpha en retard", "TVA Alpha bientôt",
                                                 "TVA Alpha dans 12 jours"]
    assert (week.overdue_deadlines, week.deadlines_within_week) == (1, 1)

    assert [d.entered for d in week.days] == [420, 270, 0, 60, 0, 0, 0]
    assert [d.expected for d in week.days] == [420, 420, 420, 420, 420, 0, 0]  # 35 h / 5, Monday to Friday
    assert (week.entered_minutes, week.expected_minutes, week.missing_minutes) == (750, 2100, 1350)
    assert week.sheet.status is TimesheetStatus.DRAFT
    assert week.last_week_pending and week.last_week_minutes == 120

    services.submit_week(uow(firm), me, clock, me.user.id, MONDAY - timedelta(days=7))
    assert not my_week(uow(firm), me, clock).last_week_pending


def test_another_users_week_holds_only_their_own_work(firm):
    _member, other, _mission, _tasks = setup(firm)
    them = firm.principal(other.email)
    week = my_week(uow(firm), them, firm.container.clock)
    assert [(t.client_name, t.overdue, t.planned_this_week) for t in week.tasks] == [("Beta Industrie", True, True)]
    assert [d.label for d in week.deadlines] == ["TVA Beta"]  # a client they have a task on
    assert week.entered_minutes == 0 and week.missing_minutes == 2100


def test_a_new_user_has_an_empty_week(firm):
    member = invite(firm, Role.COLLABORATOR, full_name="Nina Neuve")
    week = my_week(uow(firm), firm.principal(member.email), firm.container.clock)
    assert week.tasks == () and week.deadlines == () and week.entered_minutes == 0


def test_expected_hours_follow_the_contract_up_to_today():
    assert expected_per_day(2100, MONDAY, MONDAY + timedelta(days=2)) == (420, 420, 420, 0, 0, 0, 0)
    assert expected_per_day(1802, MONDAY, MONDAY + timedelta(days=6)) == (361, 361, 360, 360, 360, 0, 0)
    assert sum(expected_per_day(1802, MONDAY, MONDAY + timedelta(days=6))) == 1802
