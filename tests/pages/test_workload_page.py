"""The Charge de travail page: the empty state and its links, the counters and the over-allocated person flagged
(chart, table, the "only over-allocated" toggle, the peak sort), the team filter, the drill-down to the tasks
behind a cell (with each task's share of the week and a link to its mission), and the CSV's content."""

import io
from datetime import UTC, date, datetime

import pytest
from openpyxl import load_workbook
from streamlit.runtime.media_file_manager import MediaFileManager

from domain.access.model import Role
from domain.engagements import missions as mission_services
from domain.engagements.missions import TaskEdit
from domain.engagements.model import TaskStatus
from domain.firm.settings import add_team
from domain.planning.heat import SortBy
from domain.workload import services as absence_services
from domain.workload.model import AbsenceKind
from tests.pages.helpers import titles
from tests.pages.test_missions_pages import mission_of, new_client

PAGE = "pages/staff/workload.py"
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)  # a Friday: the map starts on Monday 16 November 2026
NOV_23 = date(2026, 11, 23)


def uow(firm):
    return firm.container.firm_uow(firm.firm_id)


def user_id(firm, staff) -> int:
    return firm.principal(staff.email).user.id


@pytest.fixture
def downloads(monkeypatch):
    """The files the page offers, by name: each built when asked (the page defers them to the click)."""
    offered = {}
    original = MediaFileManager.add_deferred

    def keep(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        offered[file_name] = data_callable
        return original(self, data_callable, mimetype, coordinates, file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", keep)
    return offered


@pytest.fixture
def open_page(open_app, add_user, pin_app_clock):
    pin_app_clock(NOW)

    def open_(role: Role = Role.ADMIN):
        member = add_user(role, name="Thomas Martin")
        at = open_app(member.email, member.password).switch_page(PAGE).run()
        assert not at.exception, at.exception[0].value
        return at

    return open_


@pytest.fixture
def planned(firm, add_user):
    """Bob (team Audit) has 40 h in the week of 23 November, Alice 10 h then a day off; a done task loads nobody."""
    c = firm.container
    add_team(uow(firm), firm.principal(), c.clock, "Audit")
    with uow(firm) as u:
        audit = next(t.id for t in u.teams.list() if t.name == "Audit")
    alice, bob = add_user(Role.COLLABORATOR, name="Alice Durand"), add_user(Role.COLLABORATOR, name="Bob Martin")
    alice_id, bob_id = user_id(firm, alice), user_id(firm, bob)
    with uow(firm) as u:
        u.users.update(bob_id, team_id=audit)
        u.commit()
    mission = mission_of(firm, new_client(firm))
    with uow(firm) as u:
        tasks = u.missions.tasks(mission.id)
    edits = [TaskEdit(tasks[0].id, bob_id, NOV_23, date(2026, 11, 27), TaskStatus.IN_PROGRESS, "40", None),
             TaskEdit(tasks[1].id, alice_id, NOV_23, date(2026, 11, 27), TaskStatus.TODO, "10", None),
             TaskEdit(tasks[2].id, alice_id, NOV_23, date(2026, 11, 27), TaskStatus.DONE, "30", None)]
    mission_services.save_programme(uow(firm), None, c.clock, mission.id, edits)
    absence_services.add_absence(uow(firm), None, c.clock, alice_id, AbsenceKind.RTT, date(2026, 11, 27),
                                 date(2026, 11, 27), False, "")
    return {"mission": mission, "tasks": tasks, "alice": alice_id, "bob": bob_id, "audit": audit}


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def table(at, column="Semaines en surcharge"):
    """The table showing `column` (AppTest gives a read-only dataframe no key)."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


def test_without_planned_tasks_the_page_explains_what_makes_a_load(open_page):
    at = open_page(Role.COLLABORATOR)
    assert titles(at) == ["Charge de travail"]
    assert "intervenant, des dates de début et de fin prévues et des heures estimées" in at.info[0].value
    assert [link.proto.label for link in at.get("page_link")] == ["Missions", "Planning"]
    assert not at.get("plotly_chart") and not at.metric


def test_the_over_allocated_person_is_flagged_and_can_be_kept_alone(planned, open_page):
    at = open_page()
    # 50 h planned over 13 weeks of 35 h less 25 December and 1 January, for 4 people, less Alice's day off
    assert metrics(at) == {"Personnes": "4", "Semaines-personnes en surcharge": "1", "Charge moyenne": "3 %"}
    assert len(at.get("plotly_chart")) == 1
    rows = table(at)
    assert list(rows["Personne"]) == ["Alice Admin", "Alice Durand", "Bob Martin", "Thomas Martin"]
    bob = rows[rows["Personne"] == "Bob Martin"].iloc[0]
    assert bob["Équipe"] == "Audit" and bob["Semaines en surcharge"] == "1"
    assert bob["S48 (23/11)"] == "🔴 40 h / 35 h"
    alice = rows[rows["Personne"] == "Alice Durand"].iloc[0]
    assert alice["S48 (23/11)"] == "10 h / 28 h"  # the done task is no load; Friday off

    at = at.toggle(key="workload.only_over").set_value(True).run()
    assert metrics(at)["Personnes"] == "1"
    assert list(table(at)["Personne"]) == ["Bob Martin"]

    at = at.toggle(key="workload.only_over").set_value(False).run()
    at = at.radio(key="workload.sort").set_value(SortBy.PEAK).run()
    assert list(table(at)["Personne"])[:2] == ["Bob Martin", "Alice Durand"]


def test_the_team_filter_keeps_its_members(planned, open_page):
    at = open_page()
    at = at.selectbox(key="workload.team").set_value(planned["audit"]).run()
    assert not at.exception
    assert list(table(at)["Personne"]) == ["Bob Martin"]
    assert metrics(at)["Charge moyenne"] == "9 %"  # 40 h over 13 weeks of 35 h less 25 December and 1 January


def test_the_period_filters_and_a_team_without_members(firm, planned, open_page):
    add_team(uow(firm), firm.principal(), firm.container.clock, "Social")
    with uow(firm) as u:
        empty = next(t.id for t in u.teams.list() if t.name == "Social")
    at = open_page()
    at = at.selectbox(key="workload.start").set_value(NOV_23).run()
    at = at.slider(key="workload.weeks").set_value(4).run()
    assert not at.exception
    columns = list(table(at).columns)
    assert columns[4:] == ["S48 (23/11)", "S49 (30/11)", "S50 (07/12)", "S51 (14/12)"]
    assert metrics(at)["Semaines-personnes en surcharge"] == "1"
    at = at.selectbox(key="workload.team").set_value(empty).run()
    assert at.info[0].value.startswith("Personne d'actif dans cette équipe")
    assert not at.get("plotly_chart")


def test_the_drill_down_lists_the_tasks_behind_a_cell_with_their_share(planned, open_page):
    at = open_page()
    assert any("Cliquez une case" in c.value for c in at.caption)
    at = at.selectbox(key="workload.cell.person").set_value(planned["bob"]).run()
    at = at.selectbox(key="workload.cell.week").set_value(NOV_23).run()
    assert not at.exception, at.exception
    assert any("surcharge" in m.value and "40 h planifiées pour 35 h" in m.value for m in at.markdown)
    tasks = table(at, "Cette semaine")
    assert list(tasks["Tâche"]) == [planned["tasks"][0].label]
    assert list(tasks["Cette semaine"]) == ["40 h"] and list(tasks["Statut"]) == ["En cours"]
    [link] = at.get("page_link")
    assert link.proto.label.startswith("Ouvrir la mission")
    assert f"mission={planned['mission'].id}" in link.proto.query_string

    at = at.selectbox(key="workload.cell.week").set_value(date(2026, 11, 16)).run()
    assert at.info[-1].value == "Aucune tâche ne charge cette personne cette semaine."


def test_the_csv_has_a_line_per_person_and_week_in_french(planned, open_page, downloads):
    at = open_page()
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["Télécharger (CSV)", "Télécharger (Excel)"]
    [name] = [n for n in downloads if n.endswith(".csv")]
    assert name == "charge_2026-11-16_13sem.csv"
    lines = downloads[name]().decode("utf-8-sig").splitlines()
    assert lines[0] == "Personne;Équipe;Semaine;Lundi;Capacité (h);Charge prévue (h);Charge (%);Tâches;Surcharge"
    assert len(lines) == 1 + 4 * 13
    assert "Bob Martin;Audit;S48 (23/11);23/11/2026;35,00;40,00;114;1;oui" in lines
    assert "Alice Durand;;S48 (23/11);23/11/2026;28,00;10,00;36;1;non" in lines
    workbook = next(n for n in downloads if n.endswith(".xlsx"))
    sheet = load_workbook(io.BytesIO(downloads[workbook]())).active
    assert sheet.max_row == 1 + 4 * 13 and sheet["A1"].value == "Personne" and sheet["E1"].value == "Capacité (h)"
    bob = next(line for line in sheet.iter_rows(min_row=2, values_only=True)
               if line[0] == "Bob Martin" and line[2] == "S48 (23/11)")
    assert bob[3:] == (datetime(2026, 11, 23), 35, 40, 114, 1, "oui")
