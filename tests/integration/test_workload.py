"""Absences and capacity on SQLite and PostgreSQL: add (audited), overlap and bad dates refused with nothing
written, delete, rights (oneself or an administrator), tenancy, the capacity table and the Alsace-Moselle
setting."""

from datetime import date

import pytest

from domain.access.model import Role
from domain.audit import Action
from domain.errors import InvalidInput, NotFound, PermissionDenied
from domain.workload import queries, services
from domain.workload.model import AbsenceKind
from tests.integration.support import audit_of, invite


def uow(firm):
    return firm.container.firm_uow(firm.firm_id)


def admin_id(firm):
    return firm.principal().user.id


def add(firm, principal, user_id, first, last, half=False, kind=AbsenceKind.PAID_LEAVE):
    return services.add_absence(uow(firm), principal, firm.container.clock, user_id, kind, first, last, half,
                                "Vacances")


def test_add_overlap_refused_and_delete_are_audited(firm):
    me = firm.principal()
    first = add(firm, me, me.user.id, date(2026, 12, 21), date(2026, 12, 24))
    assert first.kind is AbsenceKind.PAID_LEAVE and first.comment == "Vacances"
    with pytest.raises(InvalidInput, match="chevauche"):
        add(firm, me, me.user.id, date(2026, 12, 24), date(2026, 12, 28), kind=AbsenceKind.RTT)
    with pytest.raises(InvalidInput, match="dernier jour"):
        add(firm, me, me.user.id, date(2027, 1, 5), date(2027, 1, 4))
    with pytest.raises(InvalidInput, match="au plus un an"):
        add(firm, me, me.user.id, date(2027, 1, 1), date(2028, 1, 1))
    assert [a.id for a in queries.absences_of(uow(firm), me, me.user.id)] == [first.id]
    assert len(audit_of(firm.container, firm.firm_id, Action.ABSENCE_CREATE)) == 1

    adjacent = add(firm, me, me.user.id, date(2026, 12, 25), date(2026, 12, 25), half=True)
    services.delete_absence(uow(firm), me, firm.container.clock, first.id)
    assert [a.id for a in queries.absences_of(uow(firm), me, me.user.id)] == [adjacent.id]
    event = audit_of(firm.container, firm.firm_id, Action.ABSENCE_DELETE)[0]
    assert event.target_id == str(first.id)
    with pytest.raises(NotFound):
        services.delete_absence(uow(firm), me, firm.container.clock, first.id)


def test_rights_oneself_or_an_administrator(firm):
    bob = invite(firm, Role.COLLABORATOR, full_name="Bob Collab")
    carol = invite(firm, Role.COLLABORATOR, full_name="Carol Collab")
    bob_p, admin = firm.principal(bob.email), firm.principal()
    mine = add(firm, bob_p, bob.user.id, date(2026, 12, 1), date(2026, 12, 2))
    with pytest.raises(PermissionDenied):
        add(firm, bob_p, carol.user.id, date(2026, 12, 1), date(2026, 12, 2))
    by_admin = add(firm, admin, carol.user.id, date(2026, 12, 3), date(2026, 12, 3))
    with pytest.raises(PermissionDenied):
        services.delete_absence(uow(firm), bob_p, firm.container.clock, by_admin.id)
    with pytest.raises(PermissionDenied):
        queries.absences_of(uow(firm), bob_p, carol.user.id)
    with pytest.raises(PermissionDenied):
        queries.firm_absences(uow(firm), bob_p)
    firm_wide = queries.firm_absences(uow(firm), admin, date(2026, 12, 2), date(2026, 12, 31))
    assert [a.id for a in firm_wide] == [mine.id, by_admin.id]
    assert [a.id for a in queries.firm_absences(uow(firm), admin, user_id=carol.user.id)] == [by_admin.id]
    services.delete_absence(uow(firm), admin, firm.container.clock, mine.id)
    assert queries.absences_of(uow(firm), bob_p, bob.user.id) == []
    # a client portal user is no staff: nobody may record an absence for them
    client = invite(firm, Role.CLIENT, full_name="Client Portail")
    with pytest.raises(NotFound):
        add(firm, admin, client.user.id, date(2026, 12, 1), date(2026, 12, 1))


def test_tenancy_another_firm_neither_sees_nor_deletes(firm, make_firm):
    other = make_firm("Autre Cabinet")
    absence = add(firm, firm.principal(), admin_id(firm), date(2026, 12, 7), date(2026, 12, 8))
    with pytest.raises(NotFound):
        services.delete_absence(uow(other), other.principal(), other.container.clock, absence.id)
    with pytest.raises(PermissionDenied):  # a principal of another firm on this firm's unit of work
        add(firm, other.principal(), admin_id(firm), date(2026, 12, 9), date(2026, 12, 9))
    with pytest.raises(NotFound):  # a user of this firm through the other firm's unit of work
        add(other, other.principal(), admin_id(firm), date(2026, 12, 9), date(2026, 12, 9))
    assert queries.firm_absences(uow(other), other.principal()) == []
    assert len(queries.firm_absences(uow(firm), firm.principal())) == 1


def test_capacity_table_13_weeks_and_alsace_moselle(firm):
    bob = invite(firm, Role.COLLABORATOR, full_name="Bob Collab")
    with uow(firm) as u:
        u.users.update(bob.user.id, weekly_minutes=28 * 60)
        u.commit()
    admin, bob_p = firm.principal(), firm.principal(bob.email)
    add(firm, admin, admin_id(firm), date(2026, 11, 30), date(2026, 12, 1))  # Monday and Tuesday
    add(firm, bob_p, bob.user.id, date(2026, 12, 2), date(2026, 12, 2), half=True)
    today = date(2026, 11, 26)  # a Thursday: the table starts on Monday 23 November
    table = queries.capacity_by_week(uow(firm), admin, today)
    assert len(table.weeks) == 13 and table.weeks[0] == date(2026, 11, 23)
    alice, bob_row = sorted(table.rows, key=lambda r: r.full_name)
    assert alice.minutes[0] == 5 * 420 and alice.minutes[1] == 3 * 420
    assert bob_row.minutes[1] == 5 * 336 - 168
    christmas = table.weeks.index(date(2026, 12, 21))
    assert alice.minutes[christmas] == 4 * 420  # 25 December is a Friday
    assert [r.user_id for r in queries.capacity_by_week(uow(firm), bob_p, today).rows] == [bob.user.id]

    with pytest.raises(PermissionDenied):
        services.set_alsace_moselle(uow(firm), bob_p, firm.container.clock, True)
    services.set_alsace_moselle(uow(firm), admin, firm.container.clock, True)
    with uow(firm) as u:
        assert u.firm.get().alsace_moselle
    alsace = queries.capacity_by_week(uow(firm), admin, today)
    assert min(alsace.rows, key=lambda r: r.full_name).minutes[christmas] == 4 * 420  # 26/12 a Saturday
    later = queries.capacity_by_week(uow(firm), admin, date(2027, 3, 22))
    good_friday_week = later.weeks.index(date(2027, 3, 22))
    row = min(later.rows, key=lambda r: r.full_name)
    assert row.minutes[good_friday_week] == 4 * 420 and row.minutes[1] == 4 * 420  # Good Friday, Easter Monday
    assert len(audit_of(firm.container, firm.firm_id, Action.SETTINGS_CHANGE)) >= 1


def test_demo_seed_is_deterministic_and_never_overlaps(firm):
    import random
    from itertools import pairwise

    from data.seeding.workload import seed_workload

    invite(firm, Role.COLLABORATOR, full_name="Bob Collab")
    with firm.container.platform_uow() as platform:
        repos = platform.scoped(firm.firm_id)
        created = seed_workload(repos, today=date(2026, 11, 20), rng=random.Random(7))
        platform.commit()
    absences = queries.firm_absences(uow(firm), None)
    assert created == len(absences) > 4
    for person in {a.user_id for a in absences}:
        mine = sorted((a for a in absences if a.user_id == person), key=lambda a: a.first_day)
        assert all(a.last_day < b.first_day for a, b in pairwise(mine))
