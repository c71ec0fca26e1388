"""The Échéances page: empty state, generation with confirmation, the tabs (upcoming with the overdue in red,
calendar, mine, all with CSV), mark done and reopen; a collaborator sees it too. The mission detail shows the
mission's deadlines and the days to the next one."""

from datetime import UTC, date, datetime

import pytest

from domain.access.model import Role
from domain.clients.services import create_client
from domain.deadlines.model import DeadlineFilter, DeadlineKind
from domain.deadlines.services import generate_year
from domain.engagements import missions as mission_services
from domain.engagements.missions import MissionForm
from tests.conftest import random_siren
from tests.pages.helpers import titles

DEADLINES = "pages/staff/deadlines.py"
MISSIONS = "pages/staff/missions.py"
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


@pytest.fixture
def open_page(open_app, add_user, pin_app_clock):
    pin_app_clock(NOW)

    def open_(role: Role = Role.ADMIN, page: str = DEADLINES, mission_id: int | None = None):
        member = add_user(role, name="Thomas Martin")
        at = open_app(member.email, member.password)
        if mission_id is not None:
            at.query_params["mission"] = str(mission_id)
        at = at.switch_page(page).run()
        assert not at.exception, at.exception[0].value
        return at

    return open_


def new_client(firm, name="Alpha Conseil"):
    c = firm.container
    return create_client(c.firm_uow(firm.firm_id), None, c.clock, {
        "name": name, "siren": random_siren(), "legal_form": "SAS", "city": "Lyon", "fiscal_year_end": "31/12",
        "vat_regime": "mensuel", "tax_regime": "IS", "headcount": "8"})


def stored(firm):
    with firm.container.firm_uow(firm.firm_id) as uow:
        return uow.deadlines.list(DeadlineFilter())


def by_key(at, key):
    return next(e for e in list(at.button) + list(at.checkbox) if e.key == key)


def test_empty_state_then_generation_with_confirmation(firm, open_page):
    new_client(firm)
    at = open_page()
    assert titles(at) == ["Échéances"]
    assert any("Aucune échéance pour l'instant" in i.value for i in at.info)
    assert by_key(at, "deadlines.generate").disabled
    by_key(at, "deadlines.generate.ok").check().run()
    by_key(at, "deadlines.generate").click().run()
    assert not at.exception
    assert at.success[0].value == "34 échéance(s) ajoutée(s) pour 2026."
    assert len(stored(firm)) == 34
    assert [t.label for t in at.tabs] == ["À venir", "Calendrier", "Mes échéances", "Toutes"]
    assert any(e.value.endswith("échéance(s) en retard.") for e in at.error)  # DSN of October, due 16/11
    assert any(b.label == "Télécharger (CSV)" for b in at.get("download_button"))


def test_mark_done_and_reopen_from_the_upcoming_tab(firm, open_page):
    new_client(firm)
    c = firm.container
    generate_year(c.firm_uow(firm.firm_id), None, c.clock, 2026)
    with c.firm_uow(firm.firm_id) as uow:
        for d in uow.deadlines.list(DeadlineFilter(due_to=date(2026, 11, 1))):
            uow.deadlines.set_done(d.id, d.due_on, None)
        uow.commit()
    late = next(d for d in stored(firm) if d.kind is DeadlineKind.DSN and d.due_on == date(2026, 11, 16))
    at = open_page(Role.COLLABORATOR)
    pick = next(s for s in at.selectbox if s.key == "deadlines.upcoming.pick")
    assert pick.value == late.id  # the overdue one comes first
    next(d for d in at.date_input if d.key == "deadlines.upcoming.on").set_value(date(2026, 11, 18)).run()
    by_key(at, "deadlines.upcoming.done").click().run()
    assert not at.exception
    assert at.success[0].value.endswith("marquée faite.")
    done = next(d for d in stored(firm) if d.id == late.id)
    assert done.done_on == date(2026, 11, 18)
    # reopen from the "Toutes" tab
    all_pick = next(s for s in at.selectbox if s.key == "deadlines.all.pick")
    all_pick.set_value(late.id).run()
    by_key(at, "deadlines.all.reopen").click().run()
    assert not at.exception and at.success[0].value.endswith("rouverte.")
    assert next(d for d in stored(firm) if d.id == late.id).done_on is None


def test_calendar_tab_shows_the_month(firm, open_page):
    new_client(firm)
    c = firm.container
    generate_year(c.firm_uow(firm.firm_id), None, c.clock, 2026)
    at = open_page()
    next(s for s in at.selectbox if s.key == "deadlines.cal.month").set_value(12).run()
    assert not at.exception
    assert any(m.value.startswith("##### Décembre 2026 : 3 échéance(s)") for m in at.markdown)


def test_mission_detail_shows_its_deadlines(firm, open_page):
    client = new_client(firm)
    c = firm.container
    with c.firm_uow(firm.firm_id) as uow:
        type_id = next(t.id for t in uow.mission_types.list() if t.code == "tva")
    mission = mission_services.create_mission(c.firm_uow(firm.firm_id), None, c.clock, MissionForm(
        client_id=client.id, mission_type_id=type_id, fiscal_year_end=date(2026, 12, 31)))
    generate_year(c.firm_uow(firm.firm_id), None, c.clock, 2026)
    at = open_page(page=MISSIONS, mission_id=mission.id)
    assert any(i.value.startswith("Prochaine échéance : TVA CA3 mensuelle — janvier 2026 le 19/02/2026")
               for i in at.error)  # the earliest open one, overdue
    assert any(m.value.startswith("#### Échéances") for m in at.markdown)
