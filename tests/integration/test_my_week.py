""""Ma semaine" on SQLite and PostgreSQL: the person's open tasks (planned this week, due soon, overdue), the
deadlines of the clients they follow, and the hours entered this week against their capacity (contract less
public holidays, with the firm's Alsace-Moselle option, and absences)."""

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from domain.access.model import Role, User
from domain.deadlines.model import Deadline, DeadlineKind
from domain.engagements.model import TaskStatus
from domain.timesheets import services
from domain.timesheets.model import TimesheetStatus
from domain.timesheets.my_week import my_week, week_hours
from domain.timesheets.services import GridRow
from domain.workload import services as absence_services
from domain.workload.model import Absence, AbsenceKind
from domain.workload.rules import holidays_between
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


def test_expected_hours_follow_the_capacity_up_to_today():
    anne = User(id=1, firm_id=1, email="a@x.fr", full_name="Anne", role=Role.COLLABORATOR, weekly_minutes=2100)
    plain = week_hours(anne, MONDAY, MONDAY + timedelta(days=2), [], frozenset(), {MONDAY: 60})
    assert [d.expected for d in plain] == [420, 420, 420, 0, 0, 0, 0]  # 35 h / 5, nothing after today
    assert [d.capacity for d in plain] == [420] * 5 + [0, 0] and plain[0].entered == 60
    assert [d.off for d in plain] == [""] * 7
    # a part-time contract is spread evenly (workload rules: the rounding remainder is not assigned)
    part = week_hours(replace(anne, weekly_minutes=1802), MONDAY, MONDAY + timedelta(days=6), [], frozenset(), {})
    assert [d.expected for d in part] == [360] * 5 + [0, 0]


def test_a_public_holiday_and_absences_ask_nothing_or_half():
    anne = User(id=1, firm_id=1, email="a@x.fr", full_name="Anne", role=Role.COLLABORATOR, weekly_minutes=2100)
    monday, thursday = date(2026, 11, 9), date(2026, 11, 12)  # Wednesday 11 November: Armistice
    absences = [Absence(1, 1, AbsenceKind.RTT, date(2026, 11, 10), date(2026, 11, 10), half_day=True),
                Absence(2, 1, AbsenceKind.PAID_LEAVE, thursday, date(2026, 11, 20)),
                Absence(3, 2, AbsenceKind.SICKNESS, monday, monday)]  # someone else's
    days = week_hours(anne, monday, thursday, absences, holidays_between(monday, monday + timedelta(days=6)), {})
    assert [d.capacity for d in days] == [420, 210, 0, 0, 0, 0, 0]
    assert [d.expected for d in days] == [420, 210, 0, 0, 0, 0, 0]
    assert [d.off for d in days] == ["", "RTT (demi-journée)", "Jour férié", "Congés payés", "Congés payés", "", ""]


def test_my_week_deducts_public_holidays_and_absences(firm):
    member = invite(firm, Role.COLLABORATOR, full_name="Chloé Collab")
    me = firm.principal(member.email)
    clock = firm.container.clock
    clock.at = datetime(2026, 11, 12, 9, 0, tzinfo=UTC)  # Thursday of the week of 11 November
    absence_services.add_absence(uow(firm), me, clock, me.user.id, AbsenceKind.RTT, date(2026, 11, 10),
                                 date(2026, 11, 10), half_day=True)
    absence_services.add_absence(uow(firm), me, clock, me.user.id, AbsenceKind.PAID_LEAVE, date(2026, 11, 13),
                                 date(2026, 11, 13))

    week = my_week(uow(firm), me, clock)

    assert week.monday == date(2026, 11, 9)
    assert [d.expected for d in week.days] == [420, 210, 0, 420, 0, 0, 0]  # Friday is still to come
    assert [d.off for d in week.days][:5] == ["", "RTT (demi-journée)", "Jour férié", "", "Congés payés"]
    assert (week.expected_minutes, week.missing_minutes) == (1050, 1050)
    assert (week.week_capacity, week.weekly_minutes) == (1050, 2100)


def test_the_alsace_moselle_option_makes_good_friday_a_holiday(firm):
    member = invite(firm, Role.COLLABORATOR, full_name="Chloé Collab")
    me = firm.principal(member.email)
    clock = firm.container.clock
    clock.at = datetime(2027, 3, 26, 9, 0, tzinfo=UTC)  # Good Friday 2027
    assert my_week(uow(firm), me, clock).days[4].expected == 420
    absence_services.set_alsace_moselle(uow(firm), firm.principal(), clock, True)
    friday = my_week(uow(firm), me, clock).days[4]
    assert (friday.expected, friday.off) == (0, "Jour férié")
