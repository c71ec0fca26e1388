"""The Missions page: empty state, an administrator creates a mission and edits its work programme, a
collaborator sees the missions without any fee."""

from datetime import UTC, date, datetime

import pytest

from domain.access.model import Role
from domain.clients.services import create_client
from domain.engagements import missions as services
from domain.engagements.missions import MissionForm
from domain.engagements.model import MissionFilter, TaskStatus
from tests.pages.helpers import button, titles

MISSIONS = "pages/staff/missions.py"
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


@pytest.fixture
def open_missions(open_app, add_user, pin_app_clock):
    pin_app_clock(NOW)

    def open_(role: Role = Role.ADMIN, mission_id: int | None = None, name: str = "Thomas Martin"):
        member = add_user(role, name=name)
        at = open_app(member.email, member.password)
        if mission_id is not None:
            at.query_params["mission"] = str(mission_id)
        at = at.switch_page(MISSIONS).run()
        assert not at.exception, at.exception[0].value
        return at

    return open_


def new_client(firm, name="Alpha Conseil"):
    c = firm.container
    return create_client(c.firm_uow(firm.firm_id), None, c.clock,
                         {"name": name, "legal_form": "SAS", "city": "Lyon", "fiscal_year_end": "31/12"})


def stored_missions(firm):
    with firm.container.firm_uow(firm.firm_id) as uow:
        return [(m, uow.missions.tasks(m.id)) for m in uow.missions.list(MissionFilter())]


def mission_of(firm, client, code="comptes_annuels"):
    c = firm.container
    with c.firm_uow(firm.firm_id) as uow:
        type_id = next(t.id for t in uow.mission_types.list() if t.code == code)
    return services.create_mission(c.firm_uow(firm.firm_id), None, c.clock,
                                   MissionForm(client_id=client.id, mission_type_id=type_id, fee="2 400"))


def test_without_missions_the_page_explains_where_they_come_from(open_missions):
    at = open_missions()
    assert titles(at) == ["Missions"]
    assert at.info[0].value.startswith("Aucune mission pour l'instant. Les missions naissent de la signature")


def test_an_administrator_creates_a_mission_from_the_catalogue(firm, open_missions):
    client = new_client(firm)
    at = open_missions()
    form = next(s for s in at.selectbox if s.label == "Client *")
    form.set_value(client.id)
    kind = next(s for s in at.selectbox if s.label == "Type de mission *")
    with firm.container.firm_uow(firm.firm_id) as uow:
        type_id = next(t.id for t in uow.mission_types.list() if t.code == "comptes_annuels")
    kind.set_value(type_id)
    [fee] = [t for t in at.text_input if t.label == "Honoraires HT (€)"]
    fee.input("3 000,50")
    at = button(at, "Créer la mission").click().run()

    assert not at.exception and not at.error, [e.value for e in at.error]
    [(mission, tasks)] = stored_missions(firm)
    assert at.success[0].value == f"Mission « {mission.label} » créée."
    assert mission.fee_cents == 300_050
    assert (mission.fiscal_year_start, mission.fiscal_year_end) == (date(2026, 1, 1), date(2026, 12, 31))
    with firm.container.firm_uow(firm.firm_id) as uow:
        assert len(tasks) == len(uow.mission_types.get(type_id).tasks) > 0
    assert at.query_params["mission"] == str(mission.id)  # the new mission's detail is shown
    assert at.subheader[0].value == mission.label


def test_an_administrator_edits_a_task_of_the_work_programme(firm, open_missions):
    mission = mission_of(firm, new_client(firm))
    at = open_missions(mission_id=mission.id, name="Claire Verger")
    assert at.subheader[0].value == mission.label
    editor = at.data_editor[0]
    at.session_state[editor.key] = {"edited_rows": {"0": {
        "Intervenant": "Claire Verger", "Statut": "En cours", "Heures estimées": "2,5",
        "Début prévu": "2027-01-04", "Fin prévue": "2027-01-08"}}, "deleted_rows": [], "added_rows": []}
    at.run()
    at = button(at, "Enregistrer le programme de travail").click().run()

    assert not at.exception and not at.error, [e.value for e in at.error]
    assert at.success[0].value == "Programme de travail enregistré (1 tâche(s) modifiée(s))."
    [(_, tasks)] = stored_missions(firm)
    first = tasks[0]
    assert (first.status, first.estimated_minutes) == (TaskStatus.IN_PROGRESS, 150)
    assert (first.planned_start, first.planned_end) == (date(2027, 1, 4), date(2027, 1, 8))
    assert first.assignee_id is not None


def test_a_planned_end_before_the_start_is_refused_and_nothing_saved(firm, open_missions):
    mission = mission_of(firm, new_client(firm))
    at = open_missions(mission_id=mission.id)
    editor = at.data_editor[0]
    at.session_state[editor.key] = {"edited_rows": {"1": {
        "Début prévu": "2027-02-10", "Fin prévue": "2027-02-01"}}, "deleted_rows": [], "added_rows": []}
    at.run()
    at = button(at, "Enregistrer le programme de travail").click().run()

    assert "est après la fin prévue" in at.error[0].value
    [(_, tasks)] = stored_missions(firm)
    assert tasks[1].planned_start is None


def test_overdue_tasks_are_flagged(firm, open_missions):
    c = firm.container
    client = new_client(firm)
    with c.firm_uow(firm.firm_id) as uow:
        type_id = next(t.id for t in uow.mission_types.list() if t.code == "comptes_annuels")
    mission = services.create_mission(c.firm_uow(firm.firm_id), None, c.clock,
                                      MissionForm(client.id, type_id, fiscal_year_end=date(2025, 12, 31)))
    at = open_missions(mission_id=mission.id)
    count = len(at.data_editor[0].value)
    assert count > 0 and at.warning[0].value.startswith(f"{count} tâche(s) en retard")
    assert list(at.data_editor[0].value["Retard"]) == ["⚠️ En retard"] * count


def test_a_collaborator_sees_the_missions_without_fees_and_cannot_create(firm, open_missions):
    mission = mission_of(firm, new_client(firm))
    at = open_missions(Role.COLLABORATOR)
    table = at.dataframe[0].value
    assert list(table["Mission"]) == [mission.label]
    assert "Honoraires HT" not in table.columns
    assert not [b for b in at.button if b.label == "Créer la mission"]
    assert any("réservée aux personnes habilitées" in c.value for c in at.caption)

    at.query_params["mission"] = str(mission.id)
    at = at.run()
    assert not at.exception
    assert "Honoraires HT" not in [m.label for m in at.metric]
    assert all("Valeur" not in df.value.columns for df in at.dataframe)
    assert "2 400" not in " ".join(c.value for c in at.caption)


def test_a_tasks_checklist_is_kept_one_item_a_line(firm, open_missions):
    mission = mission_of(firm, new_client(firm))
    at = open_missions(mission_id=mission.id)
    checklist = at.data_editor[1]  # the first task's (after the work programme)
    at.session_state[checklist.key] = {"edited_rows": {}, "deleted_rows": [], "added_rows": [
        {"Fait": True, "Point": "Relevés bancaires"}, {"Fait": False, "Point": "Inventaire"}]}
    at.run()
    [save] = [b for b in at.button if b.key == f"{checklist.key}.save"]
    at = save.click().run()

    assert not at.exception and not at.error, [e.value for e in at.error]
    [(_, tasks)] = stored_missions(firm)
    assert tasks[0].checklist == "[x] Relevés bancaires\nInventaire"
    assert at.success[0].value.startswith("Liste de contrôle de « ")


def test_the_detail_shows_the_time_entered_against_the_budget(firm, open_missions):
    from domain.timesheets.services import GridRow, save_week

    client = new_client(firm)
    mission = mission_of(firm, client)
    c = firm.container
    worker = firm.principal().user.id
    save_week(c.firm_uow(firm.firm_id), None, c.clock, worker, date(2026, 11, 16),
              [GridRow(client_id=client.id, mission_id=mission.id, days=("2", "1,5", "", "", "", "", ""))])

    at = open_missions(mission_id=mission.id)

    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Temps saisi"] == "3,5 h"
    assert "Valeur du temps (taux de vente)" in metrics  # an administrator may see money


def test_the_list_shows_hours_entered_against_budget_and_overdue_tasks(firm, open_missions):
    from domain.timesheets.services import GridRow, save_week

    client = new_client(firm)
    c = firm.container
    with c.firm_uow(firm.firm_id) as uow:
        type_id = next(t.id for t in uow.mission_types.list() if t.code == "comptes_annuels")
    late = services.create_mission(c.firm_uow(firm.firm_id), None, c.clock,
                                   MissionForm(client.id, type_id, fiscal_year_end=date(2025, 12, 31)))
    save_week(c.firm_uow(firm.firm_id), None, c.clock, firm.principal().user.id, date(2026, 11, 16),
              [GridRow(client_id=client.id, mission_id=late.id, days=("2", "1,5", "", "", "", "", ""))])
    with c.firm_uow(firm.firm_id) as uow:
        overdue = sum(1 for t in uow.missions.tasks(late.id) if t.overdue(NOW.date()))

    row = open_missions().dataframe[0].value.iloc[0]

    assert row["Saisi (h)"] == "3,5" and row["Budget (h)"] != ""
    assert row["Consommé"] == round(100 * 210 / late.budget_total_minutes)
    assert overdue > 0 and row["Tâches en retard"] == overdue
