"""Utilisateurs page: a grade is given "À compter du" a day; the person's grade history is shown, the users' table
shows the grade in force today, the change is audited, and removing the grade of a person with a history is
refused in French (today is 20 November 2026)."""

from datetime import date

import pytest

from domain.access.model import Role
from domain.audit import Action, AuditFilter
from tests.pages.helpers import submit, values
from tests.pages.test_admin_pages import USERS, select_user


@pytest.fixture
def grades(firm) -> dict[str, int]:
    with firm.container.firm_uow(firm.firm_id) as uow:
        return {g.code: g.id for g in uow.grades.list()}


@pytest.fixture
def camille(open_app, add_user):
    """The users page signed in as an administrator, Camille (no grade yet) selected, and Camille's id."""
    admin = add_user(Role.ADMIN, name="Bérénice Martin")
    collaborator = add_user(Role.COLLABORATOR, name="Camille Durand")
    at = open_app(admin.email, admin.password, USERS)
    assert not at.exception
    select_user(at, collaborator.email)
    return at, at.selectbox(key="users.edit.user").value, collaborator.email


def give_grade(at, user_id: int, grade_id: int | None, day: date):
    box = at.selectbox(key=f"users.profile.grade.{user_id}")
    box.select_index(0) if grade_id is None else box.set_value(grade_id)  # "— Aucun —" is the first choice
    at.date_input(key=f"users.profile.grade_from.{user_id}").set_value(day)
    return submit(at, "Enregistrer le profil")


def history(at) -> list[tuple[str, str]]:
    table = at.dataframe[1].value
    return list(zip(table["À compter du"], table["Grade"], strict=True))


def shown_grade(at, email: str) -> list[str]:
    table = at.dataframe[0].value
    return list(table[table["E-mail"] == email]["Grade"])


def test_a_promotion_from_a_day_is_added_to_the_history_and_audited(firm, camille, grades):
    at, user_id, email = camille
    assert "Aucun grade : le temps saisi n'est pas valorisé." in values(at.caption)
    give_grade(at, user_id, grades["chef_mission"], date(2026, 1, 1))
    assert values(at.success) == ["Profil enregistré."]
    give_grade(at, user_id, grades["manager"], date(2026, 7, 1))
    assert not at.error
    assert history(at) == [("01/01/2026", "Chef de mission"), ("01/07/2026", "Manager")]
    assert shown_grade(at, email) == ["Manager"]
    with firm.container.firm_uow(firm.firm_id) as uow:
        changes = [e.details.get("grade") for e in uow.audit.search(AuditFilter(action=Action.SETTINGS_CHANGE))
                   if e.target_id == str(user_id)]
    assert "Chef de mission → Manager à compter du 01/07/2026" in changes
    assert "aucun → Chef de mission à compter du 01/01/2026" in changes


def test_a_future_promotion_is_recorded_but_today_s_grade_stays(camille, grades):
    at, user_id, email = camille
    give_grade(at, user_id, grades["collaborateur"], date(2026, 1, 1))
    give_grade(at, user_id, grades["chef_mission"], date(2027, 1, 1))
    assert values(at.success) == ["Profil enregistré."]
    assert history(at) == [("01/01/2026", "Collaborateur"), ("01/01/2027", "Chef de mission")]
    assert shown_grade(at, email) == ["Collaborateur"]


def test_the_same_day_replaces_the_grade_given_that_day(camille, grades):
    at, user_id, _ = camille
    give_grade(at, user_id, grades["collaborateur"], date(2026, 3, 1))
    give_grade(at, user_id, grades["assistant"], date(2026, 3, 1))
    assert history(at) == [("01/03/2026", "Assistant")]


def test_removing_the_grade_of_a_person_with_a_history_is_refused_and_changes_nothing(camille, grades):
    at, user_id, email = camille
    give_grade(at, user_id, grades["manager"], date(2026, 1, 1))
    give_grade(at, user_id, None, date(2026, 11, 20))
    assert values(at.error) == [("Le grade ne peut pas être retiré : le temps passé est valorisé au grade de chaque "
                                "jour. Choisissez le nouveau grade et sa date d'effet.")]
    assert history(at) == [("01/01/2026", "Manager")]
    assert shown_grade(at, email) == ["Manager"]
