"""Statutory deadlines on SQLite and PostgreSQL: generation (idempotent, attached to the matching mission,
done ones untouched), done / reopen (audited, refusals write nothing), filters and "my deadlines", tenancy,
the `generate-deadlines` command and the demo seed."""

import random
from datetime import date

import pytest

from domain.access.model import Role
from domain.audit import Action
from domain.clients.services import create_client
from domain.deadlines import queries, services
from domain.deadlines.model import DeadlineFilter, DeadlineKind, DeadlineStatus
from domain.engagements import missions as mission_services
from domain.engagements.missions import MissionForm, TaskEdit
from domain.engagements.model import TaskStatus
from domain.errors import InvalidInput, NotFound, PermissionDenied
from tests.conftest import random_siren
from tests.integration.support import audit_of, invite

TODAY = date(2026, 11, 20)


def uow(firm):
    return firm.container.firm_uow(firm.firm_id)


def make_client(firm, name="Alpha Conseil", manager_id=None, **profile):
    form = {"name": name, "siren": random_siren(), "legal_form": "SAS", "city": "Lyon",
            "fiscal_year_end": "31/12", "vat_regime": "mensuel", "tax_regime": "IS", "headcount": "12", **profile}
    return create_client(uow(firm), None, firm.container.clock, form, manager_id=manager_id)


def mission(firm, client, code, fiscal_year_end, manager_id=None):
    with uow(firm) as u:
        type_id = next(t.id for t in u.mission_types.list() if t.code == code)
    return mission_services.create_mission(uow(firm), None, firm.container.clock, MissionForm(
        client_id=client.id, mission_type_id=type_id, fiscal_year_end=fiscal_year_end, manager_id=manager_id))


def stored(firm, **criteria):
    with uow(firm) as u:
        return u.deadlines.list(DeadlineFilter(**criteria))


def test_generation_is_idempotent_attaches_missions_and_keeps_done_ones(firm):
    client = make_client(firm)
    tva = mission(firm, client, "tva", date(2026, 12, 31))
    liasse = mission(firm, client, "liasse", date(2025, 12, 31))
    added = services.generate_year(uow(firm), firm.principal(), firm.container.clock, 2026)
    found = stored(firm)
    # 12 VAT + 12 DSN + 4 IS instalments + liasse, CVAE, DAS2, solde IS, approval, filing
    assert added == len(found) == 34
    by_kind = {}
    for d in found:
        by_kind.setdefault(d.kind, []).append(d)
    # VAT of December 2025 belongs to the 2025 fiscal year: no "tva" mission for it
    assert [d.mission_id for d in by_kind[DeadlineKind.VAT_MONTHLY]] == [None] + [tva.id] * 11
    assert by_kind[DeadlineKind.TAX_RETURN][0].mission_id == liasse.id
    assert by_kind[DeadlineKind.CVAE][0].mission_id == liasse.id
    assert all(d.mission_id is None for d in by_kind[DeadlineKind.DSN])  # no payroll mission
    assert found[0].client_name == "Alpha Conseil"

    first = by_kind[DeadlineKind.VAT_MONTHLY][0]
    services.mark_done(uow(firm), firm.principal(), firm.container.clock, first.id, date(2026, 1, 15))
    assert services.generate_year(uow(firm), firm.principal(), firm.container.clock, 2026) == 0
    again = stored(firm)
    assert len(again) == 34
    assert next(d for d in again if d.id == first.id).done_on == date(2026, 1, 15)
    events = audit_of(firm.container, firm.firm_id, Action.DEADLINES_GENERATE)
    assert [e.details["ajoutées"] for e in events][-2:] in (["34", "0"], ["0", "34"])

    # a new client: only its deadlines are added
    make_client(firm, name="Beta Services", vat_regime="trimestriel", tax_regime="IR", headcount="")
    assert services.generate_year(uow(firm), None, firm.container.clock, 2026) == 4 + 1 + 3  # VAT, liasse, DAS2/AG/dépôt


def test_generation_refuses_a_bad_year_and_an_outsider(firm, make_firm):
    make_client(firm)
    with pytest.raises(InvalidInput):
        services.generate_year(uow(firm), None, firm.container.clock, 1850)
    other = make_firm("Cabinet Autre")
    with pytest.raises(PermissionDenied):
        services.generate_year(uow(firm), other.principal(), firm.container.clock, 2026)
    assert stored(firm) == []


def test_mark_done_and_reopen_are_audited_and_refusals_write_nothing(firm):
    make_client(firm)
    services.generate_year(uow(firm), None, firm.container.clock, 2026)
    target = stored(firm, kind=DeadlineKind.DSN)[0]
    with pytest.raises(InvalidInput):
        services.mark_done(uow(firm), firm.principal(), firm.container.clock, target.id, date(2026, 12, 1))  # future
    with pytest.raises(InvalidInput):
        services.reopen(uow(firm), firm.principal(), firm.container.clock, target.id)  # not done
    with pytest.raises(NotFound):
        services.mark_done(uow(firm), firm.principal(), firm.container.clock, 999_999)
    services.mark_done(uow(firm), firm.principal(), firm.container.clock, target.id)
    with uow(firm) as u:
        done = u.deadlines.get(target.id)
    assert done.done_on == TODAY and done.done_by == firm.principal().user.id
    with pytest.raises(InvalidInput):
        services.mark_done(uow(firm), firm.principal(), firm.container.clock, target.id)
    services.reopen(uow(firm), firm.principal(), firm.container.clock, target.id)
    with uow(firm) as u:
        assert u.deadlines.get(target.id).done_on is None
    assert audit_of(firm.container, firm.firm_id, Action.DEADLINE_DONE)[0].target_id == str(target.id)
    assert audit_of(firm.container, firm.firm_id, Action.DEADLINE_REOPEN)[0].details["était faite le"] == "20/11/2026"


def test_filters_status_manager_and_my_deadlines(firm):
    bob = invite(firm, Role.COLLABORATOR, full_name="Bob Collab")
    carol = invite(firm, Role.COLLABORATOR, full_name="Carol Manager")
    mine = make_client(firm, name="Gamma Industrie")
    make_client(firm, name="Delta Négoce", manager_id=carol.user.id)
    make_client(firm, name="Epsilon Bois")
    paie = mission(firm, mine, "paie", date(2026, 12, 31))
    with uow(firm) as u:
        task = u.missions.tasks(paie.id)[0]
    mission_services.save_programme(uow(firm), None, firm.container.clock, paie.id, [TaskEdit(
        task.id, bob.user.id, None, None, TaskStatus.TODO, "1", task.due_on)])
    services.generate_year(uow(firm), None, firm.container.clock, 2026)

    bob_principal = firm.principal(bob.email)
    upcoming_bob = queries.mine(uow(firm), bob_principal, TODAY)
    assert {d.client_name for d in upcoming_bob} == {"Gamma Industrie"}
    assert all(not d.is_done and d.due_on <= date(2027, 2, 18) for d in upcoming_bob)
    assert {d.client_name for d in queries.mine(uow(firm), firm.principal(carol.email), TODAY)} == {"Delta Négoce"}

    assert {d.client_name for d in stored(firm, manager_id=carol.user.id)} == {"Delta Négoce"}
    assert {d.client_name for d in stored(firm, client_text="gamma")} == {"Gamma Industrie"}
    overdue = stored(firm, status=DeadlineStatus.OVERDUE, today=TODAY)
    assert overdue and all(d.due_on < TODAY for d in overdue)
    services.mark_done(uow(firm), None, firm.container.clock, overdue[0].id, overdue[0].due_on)
    assert [d.id for d in stored(firm, status=DeadlineStatus.DONE)] == [overdue[0].id]
    to_do = stored(firm, status=DeadlineStatus.OPEN, today=TODAY, due_from=date(2026, 12, 1), due_to=date(2026, 12, 31))
    assert to_do and all(d.due_on.month == 12 for d in to_do)
    upcoming = queries.upcoming(uow(firm), None, TODAY)
    assert upcoming[0].due_on < TODAY  # overdue first
    assert all(d.due_on <= date(2026, 12, 20) for d in upcoming)

    per_mission = queries.for_mission(uow(firm), None, paie.id)
    assert {d.kind for d in per_mission} == {DeadlineKind.DSN}
    assert queries.days_to_next(per_mission, TODAY) is not None


def test_tenancy_another_firm_neither_sees_nor_changes_them(firm, make_firm):
    make_client(firm)
    services.generate_year(uow(firm), None, firm.container.clock, 2026)
    target = stored(firm)[0]
    other = make_firm("Cabinet Voisin")
    other_uow = firm.container.firm_uow(other.firm_id)
    assert queries.search(other_uow, other.principal(), DeadlineFilter()) == []
    with pytest.raises(NotFound):
        services.mark_done(firm.container.firm_uow(other.firm_id), other.principal(), firm.container.clock, target.id)
    with pytest.raises(PermissionDenied):  # a member of the other firm on this firm's unit of work
        services.mark_done(uow(firm), other.principal(), firm.container.clock, target.id)
    with firm.container.firm_uow(other.firm_id) as u:
        u.deadlines.set_done(target.id, TODAY, None)
        u.commit()
    assert stored(firm)[0].done_on is None
    assert services.generate_year(firm.container.firm_uow(other.firm_id), None, firm.container.clock, 2026) == 0


def test_generate_deadlines_command_is_safe_to_run_twice(firm, run_manage):
    make_client(firm)
    done = run_manage("generate-deadlines", "--firm", firm.siren, "--year", "2026")
    assert done.returncode == 0, done.stderr
    assert "Échéances 2026 ajoutées : 34." in done.stdout
    again = run_manage("generate-deadlines", "--firm", firm.siren, "--year", "2026")
    assert again.returncode == 0 and "ajoutées : 0." in again.stdout
    assert len(stored(firm)) == 34
    bad = run_manage("generate-deadlines", "--firm", firm.siren, "--year", "3000")
    assert bad.returncode == 2 and "Année invalide" in bad.stderr


def test_demo_seed_marks_most_past_deadlines_done(firm):
    from data.seeding.deadlines import seed_deadlines

    for index in range(3):
        make_client(firm, name=f"Client {index}")
    with uow(firm) as u:
        created = seed_deadlines(u, today=TODAY, rng=random.Random(4))
        u.commit()
    found = stored(firm)
    assert created == len(found) and created > 3 * 34
    past = [d for d in found if d.due_on < TODAY]
    assert sum(d.is_done for d in past) > 0.8 * len(past)
    assert all(d.is_done for d in past if (TODAY - d.due_on).days > 45)
    assert not any(d.is_done for d in found if d.due_on >= TODAY)
    assert all(d.done_on <= d.due_on for d in found if d.is_done)
    with uow(firm) as u:
        assert seed_deadlines(u, today=TODAY, rng=random.Random(4)) == 0
