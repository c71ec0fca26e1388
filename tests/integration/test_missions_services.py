"""Missions created directly by a manager, on SQLite and PostgreSQL: fiscal year, budget and tasks from the
mission type (as for a signed letter), refusals that write nothing, task edits, checklist, list filters and
tenancy."""

from datetime import date

import pytest

from domain.access.model import Role
from domain.audit import Action
from domain.catalogue.model import BillingMode
from domain.clients.services import create_client
from domain.engagements import missions as services
from domain.engagements import queries
from domain.engagements.missions import MissionEdit, MissionForm, TaskEdit
from domain.engagements.model import MissionFilter, MissionStatus, TaskStatus
from domain.errors import InvalidInput, NotFound, PermissionDenied
from tests.integration.compliance_support import assessed
from tests.integration.support import audit_of, invite


def uow(firm):
    return firm.container.firm_uow(firm.firm_id)


def make_client(firm, name="Alpha Conseil", fiscal_year_end="30/06"):
    form = {"name": name, "legal_form": "SAS", "city": "Lyon", "postal_code": "69003",
            "address_line": "12 rue de la République", "fiscal_year_end": fiscal_year_end}
    return create_client(uow(firm), firm.principal(), firm.container.clock, form,
                         manager_id=firm.principal().user.id)


def type_named(firm, code):
    with uow(firm) as u:
        return next(t for t in u.mission_types.list() if t.code == code)


def create(firm, client, code="comptes_annuels", principal=None, **fields):
    mission_type = type_named(firm, code)
    form = MissionForm(client_id=client.id, mission_type_id=mission_type.id, **fields)
    return services.create_mission(uow(firm), principal or firm.principal(), firm.container.clock, form)


def counts(firm):
    with uow(firm) as u:
        missions = u.missions.list(MissionFilter())
        return len(missions), sum(len(u.missions.tasks(m.id)) for m in missions)


def test_a_mission_created_directly_has_the_types_tasks_budget_and_the_clients_fiscal_year(firm):
    client = make_client(firm)  # closes on 30/06; today is 20/11/2026
    mission_type = type_named(firm, "comptes_annuels")
    with uow(firm) as u:
        team = u.teams.add("Pôle PME")
        u.commit()
    mission = create(firm, client, team_id=team.id)
    assert (mission.fiscal_year_start, mission.fiscal_year_end) == (date(2026, 7, 1), date(2027, 6, 30))
    assert mission.label == mission_type.label and mission.engagement_id is None
    assert mission.manager_id == firm.principal().user.id  # the client's manager
    assert mission.team_id == team.id
    assert mission.billing_mode is BillingMode.ANNUAL and mission.fee_cents == mission_type.default_fee_cents
    assert dict(mission.budget_minutes) == mission_type.minutes_by_grade()
    with uow(firm) as u:
        tasks = u.missions.tasks(mission.id)
    templates = sorted(mission_type.tasks, key=lambda t: t.position)
    assert [t.label for t in tasks] == [t.label for t in templates]
    assert [t.due_on for t in tasks] == [t.due.due_on(date(2026, 7, 1), date(2027, 6, 30)) for t in templates]
    assert [t.estimated_minutes for t in tasks] == [t.total_minutes for t in templates]
    event = audit_of(firm.container, firm.firm_id, Action.MISSION_CREATE)[0]
    assert event.target_type == "mission" and event.target_id == str(mission.id)
    assert event.details["tâches"] == str(len(templates))


def test_a_fiscal_year_end_fee_and_budget_can_be_typed(firm):
    client = make_client(firm)
    with uow(firm) as u:
        grades = u.grades.list()
    mission = create(firm, client, fiscal_year_end=date(2025, 12, 31), label="Comptes 2025", fee="1 234,50",
                     budget_hours={grades[0].id: "2,5", grades[1].id: ""})
    assert (mission.fiscal_year_start, mission.fiscal_year_end) == (date(2025, 1, 1), date(2025, 12, 31))
    assert mission.label == "Comptes 2025" and mission.fee_cents == 123_450
    assert mission.budget_minutes == ((grades[0].id, 150),)


@pytest.mark.parametrize("fields, message", [
    ({"fee": "-5"}, "négatif"),
    ({"fee": "douze"}, "montant valide"),
    ({"manager_id": 999_999}, "collaborateur actif"),
    ({"team_id": 999_999}, "équipe"),
    ({"budget_hours": {999_999: "3"}}, "grade inconnu"),
])
def test_bad_input_is_refused_in_french_and_writes_nothing(firm, fields, message):
    client = make_client(firm)
    with pytest.raises(InvalidInput, match=message):
        create(firm, client, **fields)
    assert counts(firm) == (0, 0)


def test_an_inactive_type_or_an_archived_client_is_refused(firm):
    client = make_client(firm)
    mission_type = type_named(firm, "paie")
    with uow(firm) as u:
        u.mission_types.set_active(mission_type.id, False)
        u.clients.set_archived(client.id, True)
        u.commit()
    with pytest.raises(InvalidInput, match="archivé"):
        create(firm, client)
    with uow(firm) as u:
        u.clients.set_archived(client.id, False)
        u.commit()
    with pytest.raises(InvalidInput, match="type de mission actif"):
        create(firm, client, code="paie")
    assert counts(firm) == (0, 0)


def test_a_collaborator_without_money_permission_cannot_create_but_edits_their_task(firm):
    client = make_client(firm)
    bob = invite(firm, Role.COLLABORATOR, full_name="Bob Collab")
    bob_principal = firm.principal(bob.email)
    with pytest.raises(PermissionDenied):
        create(firm, client, principal=bob_principal)
    mission = create(firm, client)
    with uow(firm) as u:
        first, second = u.missions.tasks(mission.id)[:2]
    clock = firm.container.clock
    edit = TaskEdit(first.id, None, None, None, TaskStatus.IN_PROGRESS, "1", first.due_on)
    with pytest.raises(PermissionDenied):  # not assigned to Bob
        services.update_task(uow(firm), bob_principal, clock, mission.id, edit)
    services.update_task(uow(firm), firm.principal(), clock, mission.id,
                         TaskEdit(first.id, bob.user.id, date(2027, 7, 1), date(2027, 7, 10), TaskStatus.TODO,
                                  "1,5", first.due_on))
    task = services.update_task(uow(firm), bob_principal, clock, mission.id,
                                TaskEdit(first.id, bob.user.id, date(2027, 7, 1), date(2027, 7, 10),
                                         TaskStatus.IN_PROGRESS, "2", first.due_on))
    assert (task.assignee_id, task.status, task.estimated_minutes) == (bob.user.id, TaskStatus.IN_PROGRESS, 120)
    with pytest.raises(PermissionDenied):  # the mission is not Bob's
        services.update_mission(uow(firm), bob_principal, clock, mission.id,
                                MissionEdit("X", MissionStatus.DONE, None, None))
    detail = queries.mission_detail(uow(firm), bob_principal, mission.id, date(2026, 11, 20))
    assert detail.money_visible is False and detail.budget_value_cents is None
    assert detail.mission.fee_cents == 0
    assert all(line.value_cents is None for line in detail.budget)
    assert second.id in {t.task.id for t in detail.tasks}


def test_a_programme_is_saved_all_or_nothing_with_every_problem_named(firm):
    client = make_client(firm)
    mission = create(firm, client)
    with uow(firm) as u:
        first, second = u.missions.tasks(mission.id)[:2]
    clock = firm.container.clock
    good = TaskEdit(first.id, None, date(2027, 7, 1), date(2027, 7, 3), TaskStatus.DONE, "3", first.due_on)
    bad = TaskEdit(second.id, None, date(2027, 8, 5), date(2027, 8, 1), TaskStatus.TODO, "-1", second.due_on)
    with pytest.raises(InvalidInput) as refused:
        services.save_programme(uow(firm), firm.principal(), clock, mission.id, [good, bad])
    assert second.label in refused.value.message and "début prévu" in refused.value.message
    assert "négatif" in refused.value.message
    with uow(firm) as u:
        assert u.missions.task(first.id) == first
    assert services.save_programme(uow(firm), firm.principal(), clock, mission.id, [good]) == 1
    with uow(firm) as u:
        saved = u.missions.task(first.id)
    assert (saved.status, saved.estimated_minutes, saved.planned_end) == (TaskStatus.DONE, 180, date(2027, 7, 3))
    assert len(audit_of(firm.container, firm.firm_id, Action.TASK_UPDATE)) == 1


def test_checklist_overdue_and_mission_update(firm):
    client = make_client(firm, fiscal_year_end="31/12")
    mission = create(firm, client, fiscal_year_end=date(2025, 12, 31))  # tasks due in 2026: overdue by now
    clock = firm.container.clock
    with uow(firm) as u:
        first = u.missions.tasks(mission.id)[0]
        team = u.teams.add("Audit")
        u.commit()
    services.set_checklist(uow(firm), firm.principal(), clock, mission.id, first.id,
                           "[x] Relevés bancaires\r\n\r\nInventaire des stocks\n")
    with uow(firm) as u:
        assert u.missions.task(first.id).checklist == "[x] Relevés bancaires\nInventaire des stocks"
    detail = queries.mission_detail(uow(firm), firm.principal(), mission.id, clock.today())
    assert detail.overdue_count == len(detail.tasks) > 0
    assert detail.budget_value_cents is not None and detail.budget_value_cents > 0
    assessed(firm, client.id)  # the mission leaves Planifiée: the LCB-FT gate wants a validated assessment
    updated = services.update_mission(uow(firm), firm.principal(), clock, mission.id,
                                      MissionEdit("Comptes 2025", MissionStatus.IN_REVIEW, None, team.id))
    assert (updated.label, updated.status, updated.manager_id, updated.team_id) == (
        "Comptes 2025", MissionStatus.IN_REVIEW, None, team.id)
    found = queries.list_missions(uow(firm), firm.principal(),
                                  MissionFilter(client_text="alpha", status=MissionStatus.IN_REVIEW,
                                                fiscal_year_end=date(2025, 12, 31), team_id=team.id))
    assert [line.mission.id for line in found] == [mission.id]
    assert found[0].team_name == "Audit" and found[0].client_name == "Alpha Conseil"
    assert queries.list_missions(uow(firm), firm.principal(), MissionFilter(client_text="beta")) == []
    assert queries.list_missions(uow(firm), firm.principal(),
                                 MissionFilter(status=MissionStatus.DONE)) == []


def test_another_firms_mission_is_out_of_reach(firm, make_firm):
    client = make_client(firm)
    mission = create(firm, client)
    other = make_firm("Autre Cabinet")
    clock = firm.container.clock
    assert queries.list_missions(uow(other), other.principal()) == []
    assert queries.mission_detail(uow(other), other.principal(), mission.id, clock.today()) is None
    with pytest.raises(NotFound):
        services.update_mission(uow(other), other.principal(), clock, mission.id,
                                MissionEdit("X", MissionStatus.DONE, None, None))
    with pytest.raises(NotFound):
        create(other, client)  # the client belongs to the first firm
    with pytest.raises(PermissionDenied):  # a principal of another firm on this firm's unit of work
        services.update_mission(uow(firm), other.principal(), clock, mission.id,
                                MissionEdit("X", MissionStatus.DONE, None, None))
