"""Saisie des temps and Validation des temps: a collaborator types a week in the grid and saves it; a manager
approves a submitted week or is told that sending back needs a comment."""

from datetime import UTC, date, datetime

import pytest

from domain.access.model import Role
from domain.timesheets import services
from domain.timesheets.model import TimesheetStatus
from domain.timesheets.services import GridRow
from tests.pages.helpers import button, titles
from tests.pages.test_missions_pages import mission_of, new_client

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
MONDAY = date(2026, 11, 16)


@pytest.fixture
def open_page(open_app, add_user, pin_app_clock):
    pin_app_clock(NOW)

    def open_(page: str, role: Role = Role.COLLABORATOR, name: str = "Chloé Collab", member=None):
        member = member or add_user(role, name=name)
        at = open_app(member.email, member.password)
        at = at.switch_page(page).run()
        assert not at.exception, at.exception[0].value
        return at, member

    return open_


def user_id(firm, email):
    with firm.container.firm_uow(firm.firm_id) as uow:
        return next(u.id for u in uow.users.list() if u.email == email)


def test_a_collaborator_types_and_saves_a_week(firm, open_page):
    mission = mission_of(firm, new_client(firm))
    at, member = open_page("pages/staff/time_entry.py")
    assert titles(at) == ["Saisie des temps"]
    assert "Brouillon" in at.markdown[0].value
    editor = at.data_editor[0]
    at.session_state[editor.key] = {"edited_rows": {}, "deleted_rows": [], "added_rows": [
        {"Imputation": f"Alpha Conseil — {mission.label}", "Activité": "Production", "Facturable": True,
         "Lun": "7,5", "Mar": "1:30"}]}
    at.run()
    at = button(at, "Enregistrer").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert at.success[0].value == "Semaine enregistrée (2 saisie(s))."
    with firm.container.firm_uow(firm.firm_id) as uow:
        stored = uow.time_entries.for_user(user_id(firm, member.email), MONDAY, date(2026, 11, 22))
    assert [(e.day, e.minutes, e.mission_id) for e in stored] == [(MONDAY, 450, mission.id),
                                                                  (date(2026, 11, 17), 90, mission.id)]
    assert "Total de la semaine : 9 h" in at.markdown[-1].value or any(
        "Total de la semaine : 9 h" in m.value for m in at.markdown)


def test_a_manager_approves_a_submitted_week_and_sending_back_needs_a_comment(firm, open_page, add_user):
    mission = mission_of(firm, new_client(firm))
    collab = add_user(Role.COLLABORATOR, name="Chloé Collab")
    cid = user_id(firm, collab.email)
    c = firm.container
    row = GridRow(client_id=mission.client_id, mission_id=mission.id, days=("7", "7"))
    services.save_week(c.firm_uow(firm.firm_id), None, c.clock, cid, MONDAY, [row])
    services.submit_week(c.firm_uow(firm.firm_id), None, c.clock, cid, MONDAY)

    at, _ = open_page("pages/staff/time_approval.py", Role.ADMIN, "Marc Manager")
    assert titles(at) == ["Validation des temps"]
    assert at.dataframe[0].value.iloc[0]["Collaborateur"] == "Chloé Collab"
    at = button(at, "Renvoyer").click().run()
    assert at.error[0].value == "Indiquez en commentaire ce qui doit être corrigé."
    at = button(at, "Valider").click().run()
    assert not at.error and at.success[0].value == "Semaine validée : ses temps sont verrouillés."
    with c.firm_uow(firm.firm_id) as uow:
        assert uow.timesheets.get(cid, MONDAY).status is TimesheetStatus.APPROVED
    assert at.info[0].value.startswith("Aucune semaine à valider")
