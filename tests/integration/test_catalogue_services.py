"""Catalogue services on SQLite and PostgreSQL: administrators only, checks, audit, offer on and off."""

import pytest

from domain.access.model import Role
from domain.audit import Action
from domain.catalogue import queries, services
from domain.catalogue.validation import TaskInput
from domain.errors import InvalidInput, NotFound, PermissionDenied
from domain.firm.users import create_user
from tests.conftest import unique_email
from tests.integration.support import audit_of

AUDIT = {"code": "audit_flash", "label": "Audit flash", "billing_mode": "unitaire", "unit_price": "150,00",
         "unit_label": "site", "norm_reference": "NP 4400"}


def member(firm, role: Role = Role.COLLABORATOR):
    c = firm.container
    with c.firm_uow(firm.firm_id) as uow:
        user, _ = create_user(uow, c.hasher, c.clock, None, unique_email(role.value), "Bob Collab", role)
        uow.commit()
    return firm.principal(user.email)


def stored(firm, code: str):
    with firm.container.firm_uow(firm.firm_id) as uow:
        return uow.mission_types.find_by_code(code)


def grades(firm) -> dict[str, int]:
    with firm.container.firm_uow(firm.firm_id) as uow:
        return {g.code: g.id for g in uow.grades.list()}


def create(firm, form=AUDIT, principal=None):
    c = firm.container
    return services.create_mission_type(c.firm_uow(firm.firm_id), principal or firm.principal(), c.clock, dict(form))


def test_created_type_comes_last_offered_and_audited(firm):
    mission_type = create(firm)

    with firm.container.firm_uow(firm.firm_id) as uow:
        catalogue = uow.mission_types.list(active_only=True)
    assert catalogue[-1] == mission_type
    assert (mission_type.unit_price_cents, mission_type.unit_label, mission_type.tasks) == (15_000, "site", ())
    assert mission_type.position == max(t.position for t in catalogue[:-1]) + 1
    [event] = audit_of(firm.container, firm.firm_id, Action.MISSION_TYPE_CREATE)
    assert event.details == {"code": "audit_flash", "libellé": "Audit flash", "facturation": "Unitaire"}
    assert event.target_id == str(mission_type.id)


def test_a_duplicate_code_is_refused_and_nothing_is_written(firm):
    create(firm)

    with pytest.raises(InvalidInput, match="Le code « liasse » est déjà celui du type de mission « Liasse fiscale"):
        create(firm, dict(AUDIT, code="LIASSE", label="Autre liasse"))
    mission_type = stored(firm, "audit_flash")
    with pytest.raises(InvalidInput, match="Le code « tva » est déjà celui"):
        services.update_mission_type(firm.container.firm_uow(firm.firm_id), firm.principal(), firm.container.clock,
                                     mission_type.id, dict(AUDIT, code="tva"))
    assert stored(firm, "audit_flash") == mission_type
    assert len(audit_of(firm.container, firm.firm_id, Action.MISSION_TYPE_CREATE)) == 1


def test_only_an_administrator_of_the_firm_may_change_the_catalogue(firm, make_firm):
    c = firm.container
    liasse = stored(firm, "liasse")
    for principal in (member(firm), member(firm, Role.CLIENT)):
        with pytest.raises(PermissionDenied):
            create(firm, principal=principal)
        with pytest.raises(PermissionDenied):
            services.update_mission_type(c.firm_uow(firm.firm_id), principal, c.clock, liasse.id,
                                         dict(AUDIT, code="liasse"))
        with pytest.raises(PermissionDenied):
            services.replace_work_programme(c.firm_uow(firm.firm_id), principal, c.clock, liasse.id, [])
        with pytest.raises(PermissionDenied):
            services.deactivate_mission_type(c.firm_uow(firm.firm_id), principal, c.clock, liasse.id)
        with pytest.raises(PermissionDenied):
            queries.catalogue(c.firm_uow(firm.firm_id), principal, c.clock.today())
    other = make_firm("Autre cabinet")
    with pytest.raises(PermissionDenied):  # an administrator of another firm
        services.deactivate_mission_type(c.firm_uow(firm.firm_id), other.principal(), c.clock, liasse.id)
    with pytest.raises(NotFound):  # and in their own firm the type does not exist
        services.deactivate_mission_type(c.firm_uow(other.firm_id), other.principal(), c.clock, liasse.id)
    assert stored(firm, "liasse") == liasse
    assert audit_of(c, firm.firm_id, Action.MISSION_TYPE_UPDATE) == []


def test_update_records_what_changed_and_an_unchanged_form_records_nothing(firm):
    c = firm.container
    mission_type = create(firm)
    form = dict(AUDIT, unit_price="175", label="Audit express")

    services.update_mission_type(c.firm_uow(firm.firm_id), firm.principal(), c.clock, mission_type.id, form)
    services.update_mission_type(c.firm_uow(firm.firm_id), firm.principal(), c.clock, mission_type.id, form)

    updated = stored(firm, "audit_flash")
    assert (updated.label, updated.unit_price_cents, updated.active) == ("Audit express", 17_500, True)
    [event] = audit_of(c, firm.firm_id, Action.MISSION_TYPE_UPDATE)
    assert event.details == {"libellé": "Audit flash → Audit express",
                             "prix unitaire HT": "150,00\xa0€ → 175,00\xa0€"}


def test_replacing_the_work_programme_stores_minutes_per_grade_and_is_audited(firm):
    c = firm.container
    ids = grades(firm)
    mission_type = create(firm)

    services.replace_work_programme(c.firm_uow(firm.firm_id), firm.principal(), c.clock, mission_type.id, [
        TaskInput("Visite sur site", "fiscal_year_end", 1, 0, ((ids["associe"], "1"), (ids["collaborateur"], "2,5"))),
        TaskInput("Rapport", "ouverture de l'exercice", "12", "-5", ((ids["manager"], "0,75"),)),
    ])

    tasks = stored(firm, "audit_flash").tasks
    assert [(t.label, t.due.label, t.minutes_by_grade) for t in tasks] == [
        ("Visite sur site", "clôture + 1 mois", ((ids["associe"], 60), (ids["collaborateur"], 150))),
        ("Rapport", "ouverture de l'exercice + 12 mois -5 jours", ((ids["manager"], 45),))]
    [event] = audit_of(c, firm.firm_id, Action.MISSION_TYPE_UPDATE)
    assert event.details == {"programme de travail": "0 → 2 tâche(s)", "budget": "0 h → 4,25 h"}

    with pytest.raises(InvalidInput, match="Tâche 1, mois : entre 0 et 24."):
        services.replace_work_programme(c.firm_uow(firm.firm_id), firm.principal(), c.clock, mission_type.id,
                                        [TaskInput("Trop tard", "fiscal_year_end", 25, 0)])
    assert stored(firm, "audit_flash").tasks == tasks


def test_a_withdrawn_type_is_no_longer_offered_but_still_readable_and_can_come_back(firm):
    c = firm.container
    conseil = stored(firm, "conseil")

    services.deactivate_mission_type(c.firm_uow(firm.firm_id), firm.principal(), c.clock, conseil.id)

    with c.firm_uow(firm.firm_id) as uow:
        assert "conseil" not in [t.code for t in uow.mission_types.list(active_only=True)]
        assert uow.mission_types.get(conseil.id).active is False  # quotes and missions still reach it
    services.reactivate_mission_type(c.firm_uow(firm.firm_id), firm.principal(), c.clock, conseil.id)
    assert stored(firm, "conseil").active is True
    details = [e.details for e in audit_of(c, firm.firm_id, Action.MISSION_TYPE_UPDATE)]
    assert sorted(d["proposé"] for d in details) == ["non → oui", "oui → non"]


def test_the_catalogue_values_the_budget_at_the_rates_in_force(firm):
    c = firm.container
    catalogue = queries.catalogue(c.firm_uow(firm.firm_id), firm.principal(), c.clock.today())

    liasse = next(e for e in catalogue.entries if e.mission_type.code == "liasse")
    # 4 h chef de mission × 105 € + 4 h collaborateur × 80 € + 1 h manager × 130 €
    assert (liasse.total_minutes, liasse.value_cents) == (540, 87_000)
    assert [g.code for g in catalogue.grades] == ["associe", "manager", "chef_mission", "collaborateur", "assistant"]
