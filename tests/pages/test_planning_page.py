"""The Planning page (Gantt): empty state, the dated tasks of the period with their counters and chart, the
filters (period, team, status, person), picking tasks in the list then seeing the impact before saving (one
task's dates, several tasks shifted and reassigned), and refusals shown in French with nothing changed."""

import json
from datetime import UTC, date, datetime

import pytest

from domain.access.model import Role
from domain.audit import Action
from domain.engagements import missions as mission_services
from domain.engagements.missions import TaskEdit
from domain.engagements.model import TaskStatus
from domain.planning.model import GroupBy
from tests.integration.support import audit_of
from tests.pages.helpers import button, titles
from tests.pages.test_missions_pages import mission_of, new_client

PAGE = "pages/staff/planning.py"
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)  # a Friday: the default period runs from Monday 16/11/2026
PICK = "Ou choisissez les tâches dans la liste"


@pytest.fixture
def open_planning(open_app, add_user, pin_app_clock):
    pin_app_clock(NOW)

    def open_(member=None):
        member = member or add_user(Role.ADMIN, name="Thomas Martin")
        at = open_app(member.email, member.password)
        at = at.switch_page(PAGE).run()
        assert not at.exception, at.exception[0].value
        return at

    return open_


def uow(firm):
    return firm.container.firm_uow(firm.firm_id)


def user_id(firm, staff) -> int:
    return firm.principal(staff.email).user.id


def plan(firm, task, assignee_id, start, end, status=TaskStatus.TODO, due=None):
    edit = TaskEdit(task.id, assignee_id, start, end, status, str(task.estimated_minutes / 60).replace(".", ","),
                    due or task.due_on)
    return mission_services.update_task(uow(firm), None, firm.container.clock, task.mission_id, edit)


def stored(firm, task_id):
    with uow(firm) as u:
        return u.missions.task(task_id)


@pytest.fixture
def dossier(firm, add_user):
    """One mission of Alpha Conseil: Alice's task in progress, Bob's overdue task, a blocked task nobody has, a
    task planned after the period and one without dates."""
    alice, bob = add_user(Role.COLLABORATOR, name="Alice Durand"), add_user(Role.COLLABORATOR, name="Bob Martin")
    mission = mission_of(firm, new_client(firm))
    with uow(firm) as u:
        tasks = u.missions.tasks(mission.id)
    assert len(tasks) >= 5
    planned = {
        "doing": plan(firm, tasks[0], user_id(firm, alice), date(2026, 11, 23), date(2026, 11, 27),
                      TaskStatus.IN_PROGRESS, due=date(2027, 1, 15)),
        "late": plan(firm, tasks[1], user_id(firm, bob), date(2026, 11, 16), date(2026, 11, 18),
                    due=date(2026, 11, 10)),
        "blocked": plan(firm, tasks[2], None, date(2026, 12, 7), date(2026, 12, 11), TaskStatus.BLOCKED,
                        due=date(2027, 1, 15)),
        "later": plan(firm, tasks[3], user_id(firm, alice), date(2027, 6, 7), date(2027, 6, 11)),
    }
    return {"alice": alice, "bob": bob, "mission": mission, **planned}


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def chart_ids(at) -> set[int]:
    """The task ids on the chart, from the figure the page sent (first item of each bar's custom data)."""
    [chart] = at.get("plotly_chart")
    spec = json.loads(chart.proto.spec)
    return {point[0] for trace in spec["data"] for point in trace["customdata"]}


def trace_names(at) -> list[str]:
    [chart] = at.get("plotly_chart")
    return [trace["name"] for trace in json.loads(chart.proto.spec)["data"]]


def by_label(elements, label):
    [found] = [e for e in elements if e.label == label]
    return found


def pick(at, *tasks):
    by_label(at.multiselect, PICK).set_value([t.id for t in tasks])
    return at.run()


def test_without_dated_tasks_the_page_says_where_dates_come_from(open_planning):
    at = open_planning()
    assert titles(at) == ["Planning"]
    assert metrics(at)["Tâches affichées"] == "0"
    assert at.info[0].value.startswith("Aucune tâche planifiée sur cette période. Le planning montre les tâches qui "
                                       "ont une date de début et une date de fin prévues")
    assert [link.proto.label for link in at.get("page_link")] == ["Ouvrir les missions"]
    assert not at.get("plotly_chart")


def test_the_periods_tasks_are_counted_drawn_and_downloadable(firm, dossier, open_planning):
    at = open_planning()

    assert metrics(at) == {"Tâches affichées": "3", "En retard": "1", "Bloquées": "1", "Sans intervenant": "1"}
    assert chart_ids(at) == {dossier["doing"].id, dossier["late"].id, dossier["blocked"].id}
    assert sorted(trace_names(at)) == ["Bloquée (1)", "En cours (1)", "En retard (1)"]
    [download] = at.get("download_button")
    assert download.proto.label == "Télécharger les tâches (CSV)"

    by_label(at.date_input, "Au").set_value(date(2027, 6, 30))
    at = at.run()
    assert dossier["later"].id in chart_ids(at) and metrics(at)["Tâches affichées"] == "4"


def test_filters_by_team_status_and_person(firm, dossier, open_planning):
    with uow(firm) as u:
        team = u.teams.add("Audit")
        u.users.update(user_id(firm, dossier["alice"]), team_id=team.id)
        u.commit()
    at = open_planning()

    by_label(at.selectbox, "Équipe").set_value(team.id)
    at = at.run()
    assert chart_ids(at) == {dossier["doing"].id}
    assert metrics(at)["Tâches affichées"] == "1"

    by_label(at.selectbox, "Équipe").set_value(None)
    by_label(at.multiselect, "Statuts").set_value([TaskStatus.BLOCKED])
    at = at.run()
    assert chart_ids(at) == {dossier["blocked"].id}

    by_label(at.multiselect, "Statuts").set_value([])
    by_label(at.selectbox, "Personne").set_value(user_id(firm, dossier["bob"]))
    at = at.run()
    assert chart_ids(at) == {dossier["late"].id}
    assert metrics(at) == {"Tâches affichées": "1", "En retard": "1", "Bloquées": "0", "Sans intervenant": "0"}


def test_a_period_ending_before_it_starts_is_refused_in_french(dossier, open_planning):
    at = open_planning()
    by_label(at.date_input, "Au").set_value(date(2026, 11, 1))
    at = at.run()
    assert not at.exception
    assert at.error[0].value == "La fin de la période (01/11/2026) est avant son début (16/11/2026)."
    assert not at.get("plotly_chart")


def test_grouping_by_client_or_mission_keeps_every_task(dossier, open_planning):
    at = open_planning()
    for by in (GroupBy.CLIENT, GroupBy.MISSION):
        by_label(at.radio, "Regrouper par").set_value(by)
        at = at.run()
        assert not at.exception
        assert chart_ids(at) == {dossier["doing"].id, dossier["late"].id, dossier["blocked"].id}


def test_one_task_moved_and_reassigned_after_seeing_the_impact(firm, dossier, open_planning):
    task, bob = dossier["doing"], user_id(firm, dossier["bob"])
    at = pick(open_planning(), task)
    assert at.subheader[0].value == "Replanifier 1 tâche(s)"
    assert list(at.dataframe[0].value["Tâche"]) == [task.label]
    assert not [b for b in at.button if b.label == "Enregistrer"]  # nothing changed yet

    by_label(at.date_input, "Début prévu").set_value(date(2026, 11, 30))
    by_label(at.date_input, "Fin prévue").set_value(date(2026, 12, 4))
    by_label(at.selectbox, "Intervenant").set_value(bob)
    at = at.run()
    assert not [b for b in at.button if b.label == "Enregistrer"]  # the impact comes first
    at = button(at, "Voir l'impact").click().run()
    impact = at.dataframe[-1].value
    assert set(impact["Personne"]) == {"Alice Durand", "Bob Martin"}
    assert {"S48 (23/11)", "S49 (30/11)"} <= set(impact["Semaine"])
    alice_before = impact[(impact["Personne"] == "Alice Durand") & (impact["Semaine"] == "S48 (23/11)")].iloc[0]
    assert alice_before["Après"] == "0 h" and alice_before["Avant"] != "0 h"
    assert stored(firm, task.id).planned_start == date(2026, 11, 23)  # nothing saved by looking

    at = button(at, "Enregistrer").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert at.success[0].value == "1 tâche(s) replanifiée(s)."
    saved = stored(firm, task.id)
    assert (saved.planned_start, saved.planned_end, saved.assignee_id) == (date(2026, 11, 30), date(2026, 12, 4), bob)
    assert audit_of(firm.container, firm.firm_id, Action.TASK_UPDATE)[0].details["origine"] == "planning"
    assert chart_ids(at) == {task.id, dossier["late"].id, dossier["blocked"].id}  # the chart shows the new state
    assert by_label(at.multiselect, PICK).value == []  # a new round: the selection was cleared


def test_several_tasks_shifted_and_given_to_one_person(firm, dossier, open_planning):
    alice = user_id(firm, dossier["alice"])
    at = pick(open_planning(), dossier["late"], dossier["blocked"])
    assert at.subheader[0].value == "Replanifier 2 tâche(s)"
    by_label(at.number_input, "Décaler de (jours)").set_value(7)
    by_label(at.checkbox, "Réaffecter les tâches").check()
    at = at.run()
    by_label(at.selectbox, "Réaffecter à").set_value(alice)
    at = button(at.run(), "Voir l'impact").click().run()
    assert "Alice Durand" in set(at.dataframe[-1].value["Personne"])
    at = button(at, "Enregistrer").click().run()

    assert at.success[0].value == "2 tâche(s) replanifiée(s)."
    bob_task, blocked = stored(firm, dossier["late"].id), stored(firm, dossier["blocked"].id)
    assert (bob_task.planned_start, bob_task.planned_end, bob_task.assignee_id) == (
        date(2026, 11, 23), date(2026, 11, 25), alice)
    assert (blocked.planned_start, blocked.planned_end, blocked.assignee_id) == (
        date(2026, 12, 14), date(2026, 12, 18), alice)


def test_an_end_before_the_start_is_refused_and_nothing_changes(firm, dossier, open_planning):
    task = dossier["doing"]
    at = pick(open_planning(), task)
    by_label(at.date_input, "Fin prévue").set_value(date(2026, 11, 20))
    at = at.run()
    assert not at.exception
    assert at.error[0].value == (f"Tâche « {task.label} » : la fin prévue (20/11/2026) est avant le début "
                                 "(23/11/2026).")
    assert not [b for b in at.button if b.label in ("Voir l'impact", "Enregistrer")]
    assert stored(firm, task.id).planned_end == date(2026, 11, 27)


def test_a_collaborator_cannot_move_a_task_that_is_not_theirs(firm, add_user, dossier, open_planning):
    task = dossier["late"]
    carol = add_user(Role.COLLABORATOR, name="Carol Petit")
    at = pick(open_planning(carol), task)  # every staff member sees the planning
    by_label(at.date_input, "Début prévu").set_value(date(2026, 11, 17))
    at = button(at.run(), "Voir l'impact").click().run()
    at = button(at, "Enregistrer").click().run()

    assert not at.exception
    assert at.error[0].value.startswith("Seuls le manager de la mission, l'intervenant de la tâche ou un "
                                        "responsable habilité")
    assert stored(firm, task.id).planned_start == date(2026, 11, 16)
    assert not at.success


def test_changing_the_inputs_after_the_impact_asks_for_it_again(firm, dossier, open_planning):
    at = pick(open_planning(), dossier["doing"])
    by_label(at.date_input, "Fin prévue").set_value(date(2026, 12, 4))
    at = button(at.run(), "Voir l'impact").click().run()
    assert [b for b in at.button if b.label == "Enregistrer"]
    by_label(at.date_input, "Fin prévue").set_value(date(2026, 12, 11))
    at = at.run()
    assert not [b for b in at.button if b.label == "Enregistrer"]  # the impact shown was for other dates
