"""Missions with planned, assigned tasks for the planning tests (plain functions)."""

from datetime import date

from domain.catalogue.validation import hours_text
from domain.clients.services import create_client
from domain.engagements import missions as services
from domain.engagements.missions import MissionForm, TaskEdit
from domain.engagements.model import Mission, MissionTask, TaskStatus


def uow(firm):
    return firm.container.firm_uow(firm.firm_id)


def mission_with_tasks(firm, name: str = "Alpha Conseil", code: str = "comptes_annuels",
                       team_id: int | None = None, **client_fields: str) -> tuple[Mission, list[MissionTask]]:
    form = {"name": name, "legal_form": "SAS", "city": "Lyon", "postal_code": "69003",
            "address_line": "12 rue de la République", "fiscal_year_end": "31/12", **client_fields}
    client = create_client(uow(firm), firm.principal(), firm.container.clock, form,
                           manager_id=firm.principal().user.id)
    with uow(firm) as u:
        mission_type = next(t for t in u.mission_types.list() if t.code == code)
    mission = services.create_mission(uow(firm), firm.principal(), firm.container.clock,
                                      MissionForm(client_id=client.id, mission_type_id=mission_type.id,
                                                  team_id=team_id))
    with uow(firm) as u:
        return mission, u.missions.tasks(mission.id)


def plan(firm, task: MissionTask, assignee_id: int | None, start: date, end: date, minutes: int,
         status: TaskStatus = TaskStatus.TODO, due_on: date | None = None) -> None:
    services.update_task(uow(firm), firm.principal(), firm.container.clock, task.mission_id,
                         TaskEdit(task.id, assignee_id, start, end, status, hours_text(minutes), due_on))


def task_now(firm, task_id: int) -> MissionTask:
    with uow(firm) as u:
        found = u.missions.task(task_id)
        assert found is not None
        return found
