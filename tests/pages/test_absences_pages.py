"""The Absences page: empty states, add an absence (refused overlap shown in French), delete with
confirmation, the capacity table (oneself for a collaborator, everyone for an administrator), the firm view
with its CSV for administrators only."""

from datetime import UTC, date, datetime

import pytest

from domain.access.model import Role
from domain.workload import services
from domain.workload.model import AbsenceKind
from tests.pages.helpers import submit, titles

PAGE = "pages/staff/absences.py"
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)  # a Friday


@pytest.fixture
def open_page(open_app, add_user, pin_app_clock):
    pin_app_clock(NOW)

    def open_(role: Role = Role.ADMIN, name: str = "Thomas Martin"):
        member = add_user(role, name=name)
        at = open_app(member.email, member.password)
        at = at.switch_page(PAGE).run()
        assert not at.exception, at.exception[0].value
        return at

    return open_


def stored(firm):
    with firm.container.firm_uow(firm.firm_id) as uow:
        return uow.absences.list()


def by_key(at, key):
    return next(e for e in list(at.button) + list(at.checkbox) if e.key == key)


def test_add_refuse_overlap_and_delete_with_confirmation(firm, open_page):
    at = open_page(Role.COLLABORATOR)
    assert titles(at) == ["Absences"]
    assert any("Aucune absence enregistrée" in i.value for i in at.info)
    assert len(at.tabs) == 2  # no firm view for a collaborator
    form = next(s for s in at.selectbox if s.label == "Type")
    form.set_value(AbsenceKind.RTT)
    dates = [d for d in at.date_input if d.label in ("Premier jour", "Dernier jour")]
    dates[0].set_value(date(2026, 11, 23))
    dates[1].set_value(date(2026, 11, 24))
    at = submit(at, "Enregistrer l'absence")
    assert not at.exception
    assert any("Absence enregistrée" in s.value for s in at.success)
    [absence] = stored(firm)
    assert (absence.kind, absence.first_day, absence.last_day) == (AbsenceKind.RTT, date(2026, 11, 23),
                                                                   date(2026, 11, 24))
    capacity = at.dataframe[1].value
    assert list(capacity["Personne"]) == ["Thomas Martin"]
    assert capacity.iloc[0, 2] == "35 h" and capacity.iloc[0, 3] == "21 h"  # this week, then 2 days off

    dates = [d for d in at.date_input if d.label in ("Premier jour", "Dernier jour")]
    dates[0].set_value(date(2026, 11, 24))
    dates[1].set_value(date(2026, 11, 24))
    at = submit(at, "Enregistrer l'absence")
    assert any("chevauche" in e.value for e in at.error)
    assert len(stored(firm)) == 1

    assert by_key(at, "absences.mine.delete.go").disabled
    by_key(at, "absences.mine.delete.ok").check()
    at = by_key(at.run(), "absences.mine.delete.go").click().run()
    assert any("Absence supprimée" in s.value for s in at.success)
    assert stored(firm) == []


def test_administrator_sees_the_firm_and_everyones_capacity(firm, open_page):
    c = firm.container
    admin = firm.principal()
    services.add_absence(c.firm_uow(firm.firm_id), None, c.clock, admin.user.id, AbsenceKind.TRAINING,
                         date(2026, 11, 26), date(2026, 11, 26), True, "Séminaire <b>fiscal</b>")
    at = open_page(Role.ADMIN)
    assert len(at.tabs) == 3
    capacity = at.dataframe[0].value  # Thomas has no absence of his own: capacity, then the firm view
    firm_view = at.dataframe[-1].value
    assert list(firm_view["Type"]) == ["Formation"]
    assert list(firm_view["Commentaire"]) == ["Séminaire <b>fiscal</b>"]
    assert sorted(capacity["Personne"]) == ["Alice Admin", "Thomas Martin"]
    alice = capacity[capacity["Personne"] == "Alice Admin"].iloc[0]
    assert alice.iloc[2] == "35 h" and alice.iloc[3] == "31,5 h"  # a half day of training on Thursday 26 November
    [download] = at.get("download_button")
    assert download.proto.label == "Télécharger (CSV)"


def test_firm_setting_alsace_moselle_checkbox(firm, open_app, add_user):
    member = add_user(Role.ADMIN, name="Thomas Martin")
    at = open_app(member.email, member.password).switch_page("pages/staff/admin_firm.py").run()
    box = next(c for c in at.checkbox if c.key == "firm.alsace_moselle")
    assert box.value is False
    box.check().run()
    at = next(b for b in at.button if b.key == "firm.alsace_moselle.save").click().run()
    assert any("Alsace-Moselle activés" in s.value for s in at.success)
    with firm.container.firm_uow(firm.firm_id) as uow:
        assert uow.firm.get().alsace_moselle
