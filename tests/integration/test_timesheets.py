"""Time entry on SQLite and PostgreSQL: the week grid saved all or nothing, refusals (finished mission, another
firm's mission, locked week), submit → approve → locked, send back, whose weeks an approver decides on, the
timer, consumption and the export."""

from datetime import date, timedelta

import pytest

from domain.access.model import Permission, Role
from domain.audit import Action
from domain.engagements import missions as mission_services
from domain.engagements.missions import MissionEdit
from domain.engagements.model import MissionStatus
from domain.errors import InvalidInput, PermissionDenied
from domain.firm import users
from domain.timesheets import queries, services
from domain.timesheets.model import Activity, TimesheetStatus
from domain.timesheets.services import GridRow
from tests.integration.compliance_support import assessed
from tests.integration.support import audit_of, invite
from tests.integration.test_missions_services import create, make_client

MONDAY = date(2026, 11, 16)  # the fixtures' clock is on Friday 20/11/2026


def uow(firm):
    return firm.container.firm_uow(firm.firm_id)


def setup(firm):
    """A collaborator with a grade, a client and an open mission."""
    with uow(firm) as u:
        grade = u.grades.list()[0]
    member = invite(firm, Role.COLLABORATOR, full_name="Chloé Collab", grade_id=grade.id)
    client = make_client(firm)
    mission = create(firm, client)
    return member, client, mission, firm.principal(member.email)


def entries(firm, user_id):
    with uow(firm) as u:
        return u.time_entries.for_user(user_id, MONDAY, MONDAY + timedelta(days=6))


def row(mission, *days, **fields):
    return GridRow(client_id=mission.client_id, mission_id=mission.id, days=days, **fields)


def test_a_week_is_saved_and_replaced_all_or_nothing(firm):
    _member, _, mission, me = setup(firm)
    clock = firm.container.clock
    saved = services.save_week(uow(firm), me, clock, me.user.id, MONDAY,
                               [row(mission, "1,5", "1:30", "90 min"),
                                GridRow(activity=Activity.TRAINING, billable=True, days=("", "", "", "2"))])
    assert saved == 4
    stored = entries(firm, me.user.id)
    assert sorted(e.minutes for e in stored) == [90, 90, 90, 120]
    training = next(e for e in stored if e.activity is Activity.TRAINING)
    assert training.client_id is None and training.billable is False  # internal time
    with pytest.raises(InvalidInput, match="24 heures"):  # the second row breaks the day: nothing changes
        services.save_week(uow(firm), me, clock, me.user.id, MONDAY,
                           [row(mission, "3"), row(mission, "22", comment="autre")])
    with pytest.raises(InvalidInput, match="négative"):
        services.save_week(uow(firm), me, clock, me.user.id, MONDAY, [row(mission, "-1")])
    assert sorted(e.minutes for e in entries(firm, me.user.id)) == [90, 90, 90, 120]
    services.save_week(uow(firm), me, clock, me.user.id, MONDAY, [row(mission, "", "", "", "", "7")])
    assert [(e.day, e.minutes) for e in entries(firm, me.user.id)] == [(MONDAY + timedelta(days=4), 420)]


def test_a_finished_mission_or_another_firms_mission_is_refused(firm, make_firm):
    _member, _client, mission, me = setup(firm)
    clock = firm.container.clock
    other = make_firm("Autre cabinet")
    foreign = create(other, make_client(other, "Client ailleurs"))
    with pytest.raises(InvalidInput, match="introuvable"):
        services.save_week(uow(firm), me, clock, me.user.id, MONDAY, [row(foreign, "1")])
    assessed(firm, mission.client_id)  # the LCB-FT gate: a mission leaves Planifiée only for an assessed client
    mission_services.update_mission(uow(firm), firm.principal(), clock, mission.id,
                                    MissionEdit(label=mission.label, status=MissionStatus.DONE,
                                                manager_id=mission.manager_id, team_id=None))
    with pytest.raises(InvalidInput, match="terminée"):
        services.save_week(uow(firm), me, clock, me.user.id, MONDAY, [row(mission, "1")])
    assert entries(firm, me.user.id) == []


def test_submit_approve_locks_and_own_week_cannot_be_approved(firm):
    _member, _, mission, me = setup(firm)
    clock = firm.container.clock
    admin = firm.principal()
    services.save_week(uow(firm), me, clock, me.user.id, MONDAY, [row(mission, "7", "7,5")])
    services.submit_week(uow(firm), me, clock, me.user.id, MONDAY)
    with pytest.raises(InvalidInput, match="soumise"):
        services.save_week(uow(firm), me, clock, me.user.id, MONDAY, [row(mission, "1")])
    with pytest.raises(PermissionDenied):  # a collaborator has no APPROVE_TIME
        services.approve_week(uow(firm), me, clock, me.user.id, MONDAY)
    waiting = queries.weeks_to_approve(uow(firm), admin)
    assert [(w.sheet.user_id, w.minutes, w.billable_share) for w in waiting] == [(me.user.id, 870, 1.0)]
    sheet = services.approve_week(uow(firm), admin, clock, me.user.id, MONDAY)
    assert sheet.status is TimesheetStatus.APPROVED and sheet.decided_by == admin.user.id
    with pytest.raises(InvalidInput, match="verrouillés"):
        services.save_week(uow(firm), me, clock, me.user.id, MONDAY, [row(mission, "1")])
    assert sum(e.minutes for e in entries(firm, me.user.id)) == 870
    assert audit_of(firm.container, firm.firm_id, Action.TIME_APPROVE)[0].target_id == f"{me.user.id}:{MONDAY}"
    # the admin's own week
    services.save_week(uow(firm), admin, clock, admin.user.id, MONDAY, [row(mission, "2")])
    services.submit_week(uow(firm), admin, clock, admin.user.id, MONDAY)
    with pytest.raises(PermissionDenied, match="propre semaine"):
        services.approve_week(uow(firm), admin, clock, admin.user.id, MONDAY)


def test_send_back_needs_a_comment_and_reopens_the_week(firm):
    _member, _, mission, me = setup(firm)
    clock = firm.container.clock
    admin = firm.principal()
    services.save_week(uow(firm), me, clock, me.user.id, MONDAY, [row(mission, "7")])
    services.submit_week(uow(firm), me, clock, me.user.id, MONDAY)
    with pytest.raises(InvalidInput, match="commentaire"):
        services.send_back(uow(firm), admin, clock, me.user.id, MONDAY, "  ")
    sheet = services.send_back(uow(firm), admin, clock, me.user.id, MONDAY, "Mardi manquant")
    assert sheet.status is TimesheetStatus.SENT_BACK
    grid = queries.week_grid(uow(firm), me, MONDAY)
    assert grid.sheet.comment == "Mardi manquant" and not grid.locked
    services.save_week(uow(firm), me, clock, me.user.id, MONDAY, [row(mission, "7", "7")])
    assert services.submit_week(uow(firm), me, clock, me.user.id, MONDAY).status is TimesheetStatus.SUBMITTED
    assert audit_of(firm.container, firm.firm_id, Action.TIME_REJECT)[0].details["commentaire"] == "Mardi manquant"


def test_timer_start_stop_and_consumption(firm):
    _member, _, mission, me = setup(firm)
    clock = firm.container.clock
    start = clock.now()
    services.start_timer(uow(firm), me, clock, client_id=mission.client_id, mission_id=mission.id)
    with pytest.raises(InvalidInput, match="déjà"):
        services.start_timer(uow(firm), me, clock, activity=Activity.ADMIN)
    try:
        clock.advance(minutes=44, seconds=40)
        entry = services.stop_timer(uow(firm), me, clock)
    finally:
        clock.at = start
    assert entry.minutes == 45 and entry.mission_id == mission.id and entry.billable
    with pytest.raises(InvalidInput, match="Aucun chronomètre"):
        services.stop_timer(uow(firm), me, clock)
    services.start_timer(uow(firm), me, clock, activity=Activity.ADMIN)
    assert services.stop_timer(uow(firm), me, clock).minutes == 1  # at least a minute
    with uow(firm) as u:
        grade_id = u.users.get(me.user.id).grade_id
        rate = max((r for r in u.grades.rates(grade_id)), key=lambda r: r.effective_from)
    used = queries.mission_consumption(uow(firm), firm.principal(), mission.id)
    assert used.minutes == 45 and used.budget_minutes == mission.budget_total_minutes
    assert used.value_cents == round(45 * rate.selling_rate_cents / 60)
    assert queries.mission_consumption(uow(firm), me, mission.id).value_cents is None  # no SEE_MONEY


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_export_time(firm, run_manage, tmp_path, suffix):
    _member, _client, mission, me = setup(firm)
    services.save_week(uow(firm), me, firm.container.clock, me.user.id, MONDAY, [row(mission, "1,5", "2")])
    out = tmp_path / f"temps.{suffix}"
    done = run_manage("export-time", "--firm", firm.siren, "--from", "2026-11-01", "--to", "2026-11-30",
                      "--out", str(out))
    assert done.returncode == 0, done.stderr
    if suffix == "csv":
        lines = out.read_text(encoding="utf-8-sig").splitlines()
        assert len(lines) == 3 and "Chloé Collab" in lines[1] and ";90;" in lines[1]
    else:
        from openpyxl import load_workbook

        sheet = load_workbook(out).active
        assert sheet.max_row == 3 and sheet.freeze_panes == "A2"
        assert sheet.cell(2, 2).value == "Chloé Collab" and sheet.cell(2, 7).value == 90
    bad = run_manage("export-time", "--firm", firm.siren, "--from", "2026-13-01", "--to", "2026-11-30",
                     "--out", str(out))
    assert bad.returncode == 2 and "date" in bad.stderr.lower()


def test_an_administrator_approves_anyone_and_a_team_approver_only_their_team(firm):
    """The rule of domain.timesheets.scope, on the list, the week's entries and both decisions."""
    clock = firm.container.clock
    with uow(firm) as u:
        team_a, team_b = u.teams.add("Expertise"), u.teams.add("Juridique")
        u.users.update(firm.principal().user.id, team_id=team_a.id)  # the administrator belongs to team A
        u.commit()
    admin = firm.principal()
    mission = create(firm, make_client(firm))
    lawyer = invite(firm, Role.COLLABORATOR, full_name="Léa Juriste", team_id=team_b.id)
    bookkeeper = invite(firm, Role.COLLABORATOR, full_name="Paul Comptable", team_id=team_a.id)
    approver = invite(firm, Role.COLLABORATOR, full_name="Anne Responsable", team_id=team_a.id)
    roaming = invite(firm, Role.COLLABORATOR, full_name="Rémi Sans Équipe")
    for person in (approver, roaming):
        users.set_user_permissions(uow(firm), admin, clock, person.user.id, {Permission.APPROVE_TIME})
    for person in (lawyer, bookkeeper):
        services.save_week(uow(firm), None, clock, person.user.id, MONDAY, [row(mission, "7", "", "3")])
        services.submit_week(uow(firm), None, clock, person.user.id, MONDAY)
    team_approver, free_approver = firm.principal(approver.email), firm.principal(roaming.email)

    def waiting(principal):
        return {(w.person, w.minutes) for w in queries.weeks_to_approve(uow(firm), principal)}

    assert waiting(admin) == waiting(free_approver) == {("Léa Juriste", 600), ("Paul Comptable", 600)}
    assert waiting(team_approver) == {("Paul Comptable", 600)}
    with pytest.raises(PermissionDenied, match="autre équipe"):
        services.approve_week(uow(firm), team_approver, clock, lawyer.user.id, MONDAY)
    with pytest.raises(PermissionDenied, match="autre équipe"):
        services.send_back(uow(firm), team_approver, clock, lawyer.user.id, MONDAY, "Mardi ?")
    with pytest.raises(PermissionDenied):
        queries.week_entries(uow(firm), team_approver, lawyer.user.id, MONDAY)
    assert len(queries.week_entries(uow(firm), team_approver, bookkeeper.user.id, MONDAY)) == 2
    services.approve_week(uow(firm), team_approver, clock, bookkeeper.user.id, MONDAY)
    # the administrator of team A approves the week of team B
    assert len(queries.week_entries(uow(firm), admin, lawyer.user.id, MONDAY)) == 2
    assert services.approve_week(uow(firm), admin, clock, lawyer.user.id, MONDAY).status is TimesheetStatus.APPROVED
    assert waiting(admin) == set()
    with uow(firm) as u:
        assert {u.timesheets.get(p.user.id, MONDAY).decided_by for p in (lawyer, bookkeeper)} == {
            admin.user.id, team_approver.user.id}


def test_an_approver_without_a_team_sends_back_anyones_week(firm):
    clock = firm.container.clock
    with uow(firm) as u:
        team = u.teams.add("Social")
        u.commit()
    mission = create(firm, make_client(firm))
    payroll = invite(firm, Role.COLLABORATOR, full_name="Inès Paie", team_id=team.id)
    roaming = invite(firm, Role.COLLABORATOR, full_name="Rémi Sans Équipe")
    users.set_user_permissions(uow(firm), firm.principal(), clock, roaming.user.id, {Permission.APPROVE_TIME})
    services.save_week(uow(firm), None, clock, payroll.user.id, MONDAY, [row(mission, "7")])
    services.submit_week(uow(firm), None, clock, payroll.user.id, MONDAY)
    sheet = services.send_back(uow(firm), firm.principal(roaming.email), clock, payroll.user.id, MONDAY, "Lundi ?")
    assert sheet.status is TimesheetStatus.SENT_BACK
