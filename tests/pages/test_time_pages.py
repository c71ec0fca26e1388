"""Saisie des temps and Validation des temps: a collaborator finds a mission by client name, types a week in the
grid and saves it; two fiscal years of one mission are two options and a label the grid does not offer is refused;
adding a mission saves what was typed first; an administrator of another team approves a submitted week or is
told that sending back needs a comment."""

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from domain.access.model import Role
from domain.engagements.missions import MissionForm, create_mission
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


def tenue(firm, client, **fields):
    """A "Tenue comptable" mission of the client (fiscal year, manager… as given)."""
    c = firm.container
    with c.firm_uow(firm.firm_id) as uow:
        type_id = next(t.id for t in uow.mission_types.list() if t.code == "tenue")
    return create_mission(c.firm_uow(firm.firm_id), None, c.clock,
                          MissionForm(client_id=client.id, mission_type_id=type_id, **fields))


def grid_labels(at) -> list[str]:
    return list(at.data_editor[0].value["Imputation"])


def test_a_collaborator_adds_a_mission_found_by_client_name_and_saves_a_week(firm, open_page):
    mission = mission_of(firm, new_client(firm))  # nobody's: not among the collaborator's missions
    label = f"Alpha Conseil — {mission.label} (exercice clos le 31/12/2026)"
    at, member = open_page("pages/staff/time_entry.py")
    assert titles(at) == ["Saisie des temps"]
    assert "Brouillon" in at.markdown[0].value
    assert grid_labels(at) == []
    search = next(t for t in at.text_input if t.label == "Nom du client")
    at = search.input("alpha").run()
    found = next(s for s in at.selectbox if s.label == "Mission à ajouter")
    assert found.options == [label] and found.value == mission.id
    at = button(at, "Ajouter à la grille").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert at.success[0].value == f"Mission ajoutée à la grille : {label}."
    assert grid_labels(at) == [label]  # a line ready to type in
    editor = at.data_editor[0]
    at.session_state[editor.key] = {"edited_rows": {0: {"Lun": "7,5", "Mar": "1:30"}}, "deleted_rows": [],
                                    "added_rows": []}
    at.run()
    at = button(at, "Enregistrer").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert at.success[0].value == "Semaine enregistrée (2 saisie(s))."
    with firm.container.firm_uow(firm.firm_id) as uow:
        stored = uow.time_entries.for_user(user_id(firm, member.email), MONDAY, date(2026, 11, 22))
    assert [(e.day, e.minutes, e.mission_id) for e in stored] == [(MONDAY, 450, mission.id),
                                                                  (date(2026, 11, 17), 90, mission.id)]
    assert any("Total de la semaine : 9 h" in m.value for m in at.markdown)


def test_two_fiscal_years_of_one_mission_are_two_options_and_an_unknown_label_is_refused(firm, open_page, add_user):
    member = add_user(Role.COLLABORATOR, name="Chloé Collab")
    cid = user_id(firm, member.email)
    client = new_client(firm, "Allain SAS")
    older, newer = (tenue(firm, client, fiscal_year_end=date(year, 12, 31), manager_id=cid) for year in (2026, 2027))
    at, _ = open_page("pages/staff/time_entry.py", member=member)
    label = "Allain SAS — Tenue comptable (exercice clos le {}/12/{})".format
    assert grid_labels(at) == []  # nothing planned nor entered: the missions wait in the options
    editor = at.data_editor[0]
    at.session_state[editor.key] = {"edited_rows": {}, "deleted_rows": [], "added_rows": [
        {"Imputation": "Allain SAS — Tenue comptable", "Activité": "Production", "Facturable": True, "Lun": "2"}]}
    at.run()
    at = button(at, "Enregistrer").click().run()
    assert [e.value for e in at.error] == [("Ligne 1 : imputation « Allain SAS — Tenue comptable » inconnue, "
                                            "choisissez-la à nouveau dans la liste.")]
    at.session_state[editor.key] = {"edited_rows": {}, "deleted_rows": [], "added_rows": [
        {"Imputation": label(31, 2026), "Activité": "Production", "Facturable": True, "Lun": "2"},
        {"Imputation": label(31, 2027), "Activité": "Production", "Facturable": True, "Mar": "3"}]}
    at.run()
    at = button(at, "Enregistrer").click().run()
    assert not at.error, [e.value for e in at.error]
    with firm.container.firm_uow(firm.firm_id) as uow:
        stored = uow.time_entries.for_user(cid, MONDAY, date(2026, 11, 22))
    assert [(e.minutes, e.mission_id) for e in stored] == [(120, older.id), (180, newer.id)]
    assert grid_labels(at) == [label(31, 2026), label(31, 2027)]


def test_adding_a_mission_first_saves_the_hours_typed(firm, open_page, add_user):
    member = add_user(Role.COLLABORATOR, name="Chloé Collab")
    cid = user_id(firm, member.email)
    mine = tenue(firm, new_client(firm, "Allain SAS"), manager_id=cid)
    tenue(firm, new_client(firm, "Bravo Négoce"))  # nobody's: reached by the search
    mine_label, other_label = (f"{name} — Tenue comptable (exercice clos le 31/12/2026)"
                               for name in ("Allain SAS", "Bravo Négoce"))
    at, _ = open_page("pages/staff/time_entry.py", member=member)
    at.session_state[at.data_editor[0].key] = {"edited_rows": {}, "deleted_rows": [], "added_rows": [
        {"Imputation": mine_label, "Activité": "Production", "Facturable": True, "Mer": "4"}]}
    at.run()
    at = next(t for t in at.text_input if t.label == "Nom du client").input("bravo").run()
    at = button(at, "Ajouter à la grille").click().run()
    assert not at.error, [e.value for e in at.error]
    assert at.success[0].value == f"Mission ajoutée à la grille : {other_label}. Les heures tapées ont été enregistrées."
    with firm.container.firm_uow(firm.firm_id) as uow:
        stored = uow.time_entries.for_user(cid, MONDAY, date(2026, 11, 22))
    assert [(e.day, e.minutes, e.mission_id) for e in stored] == [(date(2026, 11, 18), 240, mine.id)]
    assert grid_labels(at) == [mine_label, other_label]


def test_a_manager_approves_a_submitted_week_and_sending_back_needs_a_comment(firm, open_page, add_user):
    mission = mission_of(firm, new_client(firm))
    collab = add_user(Role.COLLABORATOR, name="Chloé Collab")
    cid = user_id(firm, collab.email)
    c = firm.container
    row = GridRow(client_id=mission.client_id, mission_id=mission.id, days=("7", "7"))
    services.save_week(c.firm_uow(firm.firm_id), None, c.clock, cid, MONDAY, [row])
    services.submit_week(c.firm_uow(firm.firm_id), None, c.clock, cid, MONDAY)

    manager = add_user(Role.ADMIN, name="Marc Manager")
    with c.firm_uow(firm.firm_id) as uow:  # an administrator of another team than the collaborator's
        expertise, legal = uow.teams.add("Expertise"), uow.teams.add("Juridique")
        uow.users.update(user_id(firm, manager.email), team_id=expertise.id)
        uow.users.update(cid, team_id=legal.id)
        uow.commit()
    at, _ = open_page("pages/staff/time_approval.py", member=manager)
    assert titles(at) == ["Validation des temps"]
    assert at.caption[0].value == "Vous validez les semaines de tout le cabinet, sauf la vôtre."
    assert at.dataframe[0].value.iloc[0]["Collaborateur"] == "Chloé Collab"
    at = button(at, "Renvoyer").click().run()
    assert at.error[0].value == "Indiquez en commentaire ce qui doit être corrigé."
    at = button(at, "Valider").click().run()
    assert not at.error and at.success[0].value == "Semaine validée : ses temps sont verrouillés."
    with c.firm_uow(firm.firm_id) as uow:
        assert uow.timesheets.get(cid, MONDAY).status is TimesheetStatus.APPROVED
    assert at.info[0].value.startswith("Aucune semaine à valider")


def test_billed_time_is_shown_read_only_and_kept_when_the_week_is_saved(firm, open_page, add_user):
    from tests.integration.invoices_support import new_draft, ready_to_invoice

    member = add_user(Role.COLLABORATOR, name="Chloé Collab")
    cid = user_id(firm, member.email)
    client = new_client(firm, "Allain SAS")
    mission = tenue(firm, client, manager_id=cid)
    c = firm.container
    row = GridRow(client_id=client.id, mission_id=mission.id)
    services.save_week(c.firm_uow(firm.firm_id), None, c.clock, cid, MONDAY, [replace(row, days=("2",)),
                                                                              replace(row, comment="suite",
                                                                                      days=("", "1"))])
    ready_to_invoice(firm)
    draft = new_draft(firm, client.id)
    with c.firm_uow(firm.firm_id) as uow:  # a billing run's draft reserves Monday's 2 h
        monday_entry = next(e.id for e in uow.time_entries.for_user(cid, MONDAY, MONDAY))
        uow.billing.reserve(draft.id, instalment_ids=[], entry_ids=[monday_entry], units=[], time=[])
        uow.commit()

    at, _ = open_page("pages/staff/time_entry.py", member=member)
    assert at.info[0].value.startswith("Temps déjà facturé : ces lignes ne peuvent être ni modifiées ni supprimées.")
    locked = at.dataframe[0].value
    assert list(locked["Lun"]) == ["2"] and list(locked["Facture"]) == ["réservé par un brouillon de facture"]
    editor = at.data_editor[0]
    assert list(editor.value["Commentaire"]) == ["suite"] and list(editor.value["Mar"]) == ["1"]
    at.session_state[editor.key] = {"edited_rows": {0: {"Mar": "3"}}, "deleted_rows": [], "added_rows": []}
    at.run()
    at = button(at, "Enregistrer").click().run()
    assert not at.error, [e.value for e in at.error]
    assert at.success[0].value == "Semaine enregistrée (1 saisie(s))."
    with c.firm_uow(firm.firm_id) as uow:
        stored = uow.time_entries.for_user(cid, MONDAY, date(2026, 11, 22))
    assert [(e.id == monday_entry, e.day, e.minutes, e.invoice_id) for e in stored] == [
        (True, MONDAY, 120, draft.id), (False, date(2026, 11, 17), 180, None)]
    assert any("Total de la semaine : 5 h" in m.value for m in at.markdown)
