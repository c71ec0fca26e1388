"""The "Ma semaine" page: a newcomer sees empty states that say what to do; a collaborator with a task, an
overdue task, a deadline and hours entered sees the right figures, links to the mission and no money; a public
holiday and an absence expect nothing (or half) and the table says why."""

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from domain.access.model import Role
from domain.deadlines.model import Deadline, DeadlineKind
from domain.timesheets import services as time_services
from domain.timesheets.services import GridRow
from domain.workload.model import AbsenceKind
from domain.workload.services import add_absence
from tests.pages.helpers import titles
from tests.pages.test_missions_pages import mission_of, new_client

MY_WEEK = "pages/staff/my_week.py"
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)  # Friday
MONDAY = date(2026, 11, 16)


@pytest.fixture
def open_week(open_app, add_user, pin_app_clock):
    pin_app_clock(NOW)

    def open_(member):
        at = open_app(member.email, member.password)
        at = at.switch_page(MY_WEEK).run()
        assert not at.exception, at.exception[0].value
        return at

    return open_


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_a_newcomer_sees_empty_states(add_user, open_week):
    at = open_week(add_user(Role.COLLABORATOR, name="Nina Neuve"))
    assert titles(at) == ["Ma semaine"]
    infos = [i.value for i in at.info]
    assert infos[0].startswith("Aucune tâche assignée pour cette semaine")
    assert infos[1].startswith("Aucune échéance en retard ni dans les 14 prochains jours")
    assert "Il vous reste 35 h à saisir pour les jours écoulés." in infos
    assert metrics(at) == {"Heures saisies cette semaine": "0 h", "Tâches en retard": "0",
                           "Échéances sous 7 jours": "0"}
    assert [link.proto.label for link in at.get("page_link")] == ["Toutes les échéances", "Saisir mes temps"]


def test_a_collaborator_sees_their_tasks_deadlines_and_hours(firm, add_user, open_week):
    member = add_user(Role.COLLABORATOR, name="Chloé Collab")
    other = add_user(Role.COLLABORATOR, name="Oscar Autre")
    c = firm.container
    me, them = firm.principal(member.email), firm.principal(other.email)
    client = new_client(firm)
    mission = mission_of(firm, client)
    with c.firm_uow(firm.firm_id) as uow:
        first, second, third = uow.missions.tasks(mission.id)[:3]
        uow.missions.update_task(replace(first, assignee_id=me.user.id, planned_start=MONDAY,
                                         planned_end=MONDAY + timedelta(days=4)))
        uow.missions.update_task(replace(second, assignee_id=me.user.id, due_on=date(2026, 11, 10)))
        uow.missions.update_task(replace(third, assignee_id=them.user.id, planned_start=MONDAY,
                                         planned_end=MONDAY + timedelta(days=4)))
        uow.missions.update(mission.id, label=mission.label, status=mission.status, manager_id=me.user.id,
                            team_id=None)
        uow.deadlines.add_many([Deadline(id=0, client_id=client.id, kind=DeadlineKind.VAT_MONTHLY,
                                         label="TVA CA3 octobre 2026", period_start=date(2026, 10, 1),
                                         period_end=date(2026, 10, 31), due_on=date(2026, 11, 24))])
        uow.commit()
    time_services.save_week(c.firm_uow(firm.firm_id), me, c.clock, me.user.id, MONDAY,
                            [GridRow(client_id=client.id, mission_id=mission.id, days=("7", "7", "3,5"))])

    at = open_week(member)

    assert metrics(at) == {"Heures saisies cette semaine": "17,5 h", "Tâches en retard": "1",
                           "Échéances sous 7 jours": "1"}
    tasks, deadlines, hours = at.dataframe
    assert list(tasks.value["Tâche"]) == [second.label, first.label]  # the overdue one first
    assert list(tasks.value["Client"]) == ["Alpha Conseil", "Alpha Conseil"]
    assert tasks.value["Statut"].iloc[0].startswith("🔴 En retard")
    assert third.label not in list(tasks.value["Tâche"])  # someone else's task
    assert list(deadlines.value["Obligation"]) == ["TVA CA3 octobre 2026"]
    assert list(hours.value["Saisi"]) == ["7 h", "7 h", "3,5 h", "0 h", "0 h"]
    assert list(hours.value["Attendu"]) == ["7 h"] * 5
    assert "Il vous reste 17,5 h à saisir pour les jours écoulés." in [i.value for i in at.info]
    [link] = [link for link in at.get("page_link") if "mission" in link.proto.label.lower()]
    assert f"mission={mission.id}" in link.proto.query_string
    page_text = " ".join(str(m.value) for m in at.markdown) + " ".join(str(d.value) for d in at.dataframe)
    assert "€" not in page_text and "Honoraires" not in page_text


def test_a_public_holiday_and_an_absence_expect_nothing_and_say_why(firm, add_user, open_app, pin_app_clock):
    pin_app_clock(datetime(2026, 11, 13, 9, 0, tzinfo=UTC))  # Friday of the week of 11 November
    member = add_user(Role.COLLABORATOR, name="Chloé Collab")
    me = firm.principal(member.email)
    add_absence(firm.container.firm_uow(firm.firm_id), None, firm.container.clock, me.user.id, AbsenceKind.RTT,
                date(2026, 11, 12), date(2026, 11, 12), half_day=True)

    at = open_app(member.email, member.password).switch_page(MY_WEEK).run()

    assert not at.exception, at.exception[0].value
    hours = at.dataframe[-1].value
    assert list(hours["Attendu"]) == ["7 h", "7 h", "0 h", "3,5 h", "7 h"]
    assert list(hours["Motif"]) == ["", "", "Jour férié", "RTT (demi-journée)", ""]
    assert "Il vous reste 24,5 h à saisir pour les jours écoulés." in [i.value for i in at.info]
    assert any("(contrat : 35 h par semaine, 24,5 h cette semaine après jours fériés et absences)" in m.value
               for m in at.markdown)
