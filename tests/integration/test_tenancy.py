"""Tenant isolation: a firm's repositories never read nor write another firm's rows."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy.exc import IntegrityError

from data.db import session_factory
from data.repositories.access import UserRepository
from data.repositories.base import FirmScoped
from data.repositories.firm import TeamRepository
from data.uow import SqlFirmUnitOfWork
from domain.access.model import Permission, Role
from domain.access.services import SessionPolicy, resolve_session
from domain.audit import Action, AuditFilter
from domain.errors import AuthenticationFailed
from domain.firm import settings, users
from domain.firm.model import DocType
from domain.subscription import services as subscription
from tests.conftest import FirmFixture, unique_email
from tests.integration.support import Invited, invite, sign_in_as


@dataclass
class Tenant:
    firm: FirmFixture
    staff: list[Invited]
    team_ids: dict[str, int]

    @property
    def id(self) -> int:
        return self.firm.firm_id

    @property
    def user_ids(self) -> set[int]:
        with self.firm.container.firm_uow(self.id) as uow:
            return {u.id for u in uow.users.list()}


def _populate(firm: FirmFixture, own_team: str, audit_members: int, rate_from: date,
              index: tuple[date, str]) -> Tenant:
    c, admin = firm.container, firm.principal()
    for name in ("Audit", own_team):
        settings.add_team(c.firm_uow(firm.firm_id), admin, c.clock, name)
    with c.firm_uow(firm.firm_id) as uow:
        team_ids = {t.name: t.id for t in uow.teams.list()}
        grade_id = uow.grades.list()[0].id
    staff = [invite(firm, team_id=team_ids["Audit"]) for _ in range(audit_members)]
    settings.add_rate(c.firm_uow(firm.firm_id), admin, c.clock, grade_id, rate_from, "150", "70")
    subscription.set_index(c.firm_uow(firm.firm_id), admin, c.clock, index[0], index[1])
    users.set_user_permissions(c.firm_uow(firm.firm_id), admin, c.clock, staff[0].user.id, {Permission.INVOICE})
    with pytest.raises(AuthenticationFailed):
        sign_in_as(c, staff[0].email, "Mauvais-Mot-2026!")
    return Tenant(firm, staff, team_ids)


@pytest.fixture
def a_and_b(make_firm) -> tuple[Tenant, Tenant]:
    a = _populate(make_firm("Cabinet A"), "Équipe A", 1, date(2027, 1, 1), (date(2026, 1, 1), "330,1"))
    b = _populate(make_firm("Cabinet B"), "Équipe B", 2, date(2027, 2, 1), (date(2026, 2, 1), "331,2"))
    c, admin_b = b.firm.container, b.firm.principal()
    settings.set_role_permissions(c.firm_uow(b.id), admin_b, c.clock, Role.COLLABORATOR, {Permission.SEE_MONEY})
    settings.update_series(c.firm_uow(b.id), admin_b, c.clock, DocType.INVOICE, "FB", 500, 6, False)
    return a, b


# --- Reads -------------------------------------------------------------------------------------

def test_the_user_list_of_a_firm_holds_only_its_own_users(a_and_b):
    a, b = a_and_b
    with a.firm.container.firm_uow(a.id) as uow:
        listed = uow.users.list()
    assert sorted(u.email for u in listed) == sorted([a.firm.admin_email, a.staff[0].email])
    assert {u.firm_id for u in listed} == {a.id}
    assert not a.user_ids & b.user_ids


def test_getting_a_user_of_another_firm_by_id_returns_nothing(a_and_b):
    a, b = a_and_b
    with a.firm.container.firm_uow(a.id) as uow:
        assert [uow.users.get(user_id) for user_id in sorted(b.user_ids)] == [None, None, None]
        assert uow.users.get(a.staff[0].user.id).email == a.staff[0].email


def test_active_users_are_counted_per_firm(a_and_b):
    a, b = a_and_b
    with a.firm.container.firm_uow(a.id) as uow:
        assert (uow.users.count_active(Role.ADMIN), uow.users.count_active(Role.COLLABORATOR)) == (1, 1)
    with b.firm.container.firm_uow(b.id) as uow:
        assert (uow.users.count_active(Role.ADMIN), uow.users.count_active(Role.COLLABORATOR)) == (1, 2)


def test_the_same_team_name_exists_in_both_firms_and_each_counts_only_its_members(a_and_b):
    a, b = a_and_b
    with a.firm.container.firm_uow(a.id) as uow:
        teams_a = [(t.id, t.name, t.member_count) for t in uow.teams.list()]
    with b.firm.container.firm_uow(b.id) as uow:
        teams_b = [(t.id, t.name, t.member_count) for t in uow.teams.list()]
    assert [(name, n) for _, name, n in teams_a] == [("Audit", 1), ("Équipe A", 0)]
    assert [(name, n) for _, name, n in teams_b] == [("Audit", 2), ("Équipe B", 0)]
    assert not {i for i, _, _ in teams_a} & {i for i, _, _ in teams_b}


def test_grades_and_rates_of_a_firm_are_its_own(a_and_b):
    a, b = a_and_b
    with a.firm.container.firm_uow(a.id) as uow:
        grades_a, rates_a = {g.id for g in uow.grades.list()}, uow.grades.rates()
    with b.firm.container.firm_uow(b.id) as uow:
        grades_b = {g.id for g in uow.grades.list()}
    assert len(grades_a) == 5 and not grades_a & grades_b
    assert {r.grade_id for r in rates_a} <= grades_a
    assert sorted({r.effective_from for r in rates_a}) == [date(2026, 1, 1), date(2027, 1, 1)]  # not B's 01/02/2027
    assert len(rates_a) == 6


def test_numbering_series_of_a_firm_are_its_own(a_and_b):
    a, b = a_and_b
    with a.firm.container.firm_uow(a.id) as uow:
        series_a = uow.numbering.list()
    with b.firm.container.firm_uow(b.id) as uow:
        series_b = uow.numbering.list()
    assert [(s.prefix, s.next_number) for s in series_a] == [("F", 1), ("AV", 1), ("D", 1), ("LM", 1)]
    assert not {s.id for s in series_a} & {s.id for s in series_b}
    with a.firm.container.firm_uow(a.id) as uow:
        assert uow.numbering.get(DocType.INVOICE).prefix == "F"


def test_the_outbox_of_a_firm_holds_only_its_own_mails(a_and_b):
    a, b = a_and_b
    with a.firm.container.firm_uow(a.id) as uow:
        recipients = sorted(m["recipient"] for m in uow.outbox.list())
    assert recipients == sorted([a.firm.admin_email, a.staff[0].email])


def test_the_audit_log_of_a_firm_holds_only_its_own_events(a_and_b):
    a, b = a_and_b
    with a.firm.container.firm_uow(a.id) as uow:
        events = uow.audit.search(AuditFilter(limit=10_000))
        failures = uow.audit.search(AuditFilter(action=Action.LOGIN_FAILED))
    b_ids = {str(i) for i in b.user_ids}
    assert {e.actor_user_id for e in events} <= a.user_ids | {None}
    assert not {e.target_id for e in events if e.target_type == "user"} & b_ids
    assert [e.target_id for e in failures] == [str(a.staff[0].user.id)]
    invites = [e.details["email"] for e in events if e.action is Action.USER_INVITE]
    assert sorted(invites) == sorted([a.firm.admin_email, a.staff[0].email])


def test_the_audit_log_never_names_a_user_of_another_firm_as_actor(a_and_b):
    a, b = a_and_b
    intruder = b.staff[0].user
    with a.firm.container.firm_uow(a.id) as uow:
        uow.audit.record(Action.SETTINGS_CHANGE, intruder.id, "test", "1", {}, at=a.firm.container.clock.now())
        [event] = [e for e in uow.audit.search(AuditFilter()) if e.target_type == "test"]
    assert (event.actor_user_id, event.actor_label) == (intruder.id, "")


def test_syntec_indices_of_a_firm_are_its_own(a_and_b):
    a, b = a_and_b
    with a.firm.container.firm_uow(a.id) as uow:
        months = {i.month: i.value for i in uow.syntec.list()}
    assert months[date(2026, 1, 1)] == Decimal("330.1")
    assert date(2026, 2, 1) not in months
    assert len(months) == 13


def test_permissions_of_a_firm_are_its_own(a_and_b):
    a, b = a_and_b
    with a.firm.container.firm_uow(a.id) as uow:
        assert uow.permissions.role_grants(Role.COLLABORATOR) == {Permission.MANAGE_COMPLIANCE}
        assert uow.permissions.user_grants(b.staff[0].user.id) == frozenset()
        assert uow.permissions.user_grants(a.staff[0].user.id) == {Permission.INVOICE}
    with b.firm.container.firm_uow(b.id) as uow:
        assert uow.permissions.role_grants(Role.COLLABORATOR) == {Permission.SEE_MONEY}


def test_the_firm_and_subscription_of_a_unit_of_work_are_its_own(a_and_b):
    a, b = a_and_b
    c = b.firm.container
    subscription.set_reference_month(c.firm_uow(b.id), b.firm.principal(), c.clock, date(2026, 2, 1))
    with a.firm.container.firm_uow(a.id) as uow:
        assert (uow.firm.get().id, uow.firm.get().identity.name) == (a.id, "Cabinet A")
        assert uow.subscription.get().reference_month == date(2025, 10, 1)


# --- Writes ------------------------------------------------------------------------------------

def _b_state(b: Tenant):
    with b.firm.container.firm_uow(b.id) as uow:
        return ([(u.id, u.full_name, u.role, u.is_active, u.team_id) for u in uow.users.list()],
                uow.teams.list(), uow.syntec.list(), uow.numbering.list(),
                {r: uow.permissions.role_grants(r) for r in Role},
                {u.id: uow.permissions.user_grants(u.id) for u in uow.users.list()})


def test_updating_a_user_of_another_firm_through_ones_own_repositories_changes_nothing(a_and_b):
    a, b = a_and_b
    before = _b_state(b)
    victim = b.staff[0]
    with a.firm.container.firm_uow(a.id) as uow:
        uow.users.update(victim.user.id, full_name="Piraté", role=Role.ADMIN, is_active=False)
        uow.users.set_password(victim.user.id, a.firm.container.hasher.hash("Pirate-Mot-2026!"), must_change=False)
        uow.commit()
    assert _b_state(b) == before
    assert sign_in_as(b.firm.container, victim.email, victim.password).user.id == victim.user.id


def test_deleting_a_team_of_another_firm_through_ones_own_repositories_changes_nothing(a_and_b):
    a, b = a_and_b
    before = _b_state(b)
    with a.firm.container.firm_uow(a.id) as uow:
        uow.teams.delete(b.team_ids["Équipe B"])
        uow.teams.delete(b.team_ids["Audit"])
        uow.commit()
    assert _b_state(b) == before


def test_other_writes_through_ones_own_repositories_leave_the_other_firm_alone(a_and_b):
    a, b = a_and_b
    before = _b_state(b)
    with a.firm.container.firm_uow(a.id) as uow:
        uow.syntec.delete(date(2026, 2, 1))
        uow.syntec.delete(date(2025, 10, 1))
        uow.numbering.update(DocType.INVOICE, prefix="XA", next_number=9, padding=3, with_year=True)
        uow.permissions.set_role_grants(Role.COLLABORATOR, frozenset())
        uow.commit()
    assert _b_state(b) == before


def test_revoking_sessions_through_another_firms_repositories_does_not_end_them(a_and_b):
    a, b = a_and_b
    victim = b.staff[0]
    c = b.firm.container
    token = sign_in_as(c, victim.email, victim.password).token
    with a.firm.container.firm_uow(a.id) as uow:
        uow.user_sessions.revoke_all_for_user(victim.user.id, c.clock.now())
        uow.commit()
    assert resolve_session(c.platform_uow(), c.clock, token, SessionPolicy()).user.id == victim.user.id


def test_rows_added_through_a_firms_repositories_belong_to_that_firm(a_and_b):
    a, b = a_and_b
    with a.firm.container.firm_uow(a.id) as uow:
        uow.teams.add("Nouvelle")
        uow.commit()
    with b.firm.container.firm_uow(b.id) as uow:
        assert "Nouvelle" not in [t.name for t in uow.teams.list()]
    with a.firm.container.firm_uow(a.id) as uow:
        assert "Nouvelle" in [t.name for t in uow.teams.list()]


def test_the_database_refuses_a_user_attached_to_a_team_of_another_firm(a_and_b):
    a, b = a_and_b
    with a.firm.container.firm_uow(a.id) as uow:
        with pytest.raises(IntegrityError):
            uow.users.add(email=unique_email(), full_name="Mixte", role=Role.COLLABORATOR, grade_id=None,
                          team_id=b.team_ids["Équipe B"], password_hash="x", must_change_password=True,
                          at=a.firm.container.clock.now())


def test_the_admin_of_one_firm_cannot_grant_permissions_to_a_user_of_another(a_and_b):
    from domain.errors import NotFound

    a, b = a_and_b
    c = a.firm.container
    before = _b_state(b)
    with pytest.raises(NotFound, match="Utilisateur introuvable dans ce cabinet."):
        users.set_user_permissions(c.firm_uow(a.id), a.firm.principal(), c.clock, b.staff[1].user.id,
                                   {Permission.ADMINISTER})
    with pytest.raises(NotFound, match="Utilisateur introuvable dans ce cabinet."):
        users.set_active(c.firm_uow(a.id), a.firm.principal(), c.clock, b.staff[1].user.id, False)
    assert _b_state(b) == before


# --- Construction guards -----------------------------------------------------------------------

@pytest.mark.parametrize("firm_id", [None, 0, -1, "1", 1.0, True], ids=repr)
@pytest.mark.parametrize("repository", [FirmScoped, UserRepository, TeamRepository])
def test_a_firm_scoped_repository_cannot_be_built_without_a_real_firm_id(db_url, repository, firm_id):
    with session_factory(db_url)() as session:
        with pytest.raises(ValueError, match="a tenant repository needs the id of the firm it serves"):
            repository(session, firm_id)


@pytest.mark.parametrize("firm_id", [None, 0, -3, "1"], ids=repr)
def test_a_firm_unit_of_work_cannot_be_built_without_a_real_firm_id(db_url, firm_id):
    with pytest.raises(ValueError, match="a firm unit of work needs the id of its firm"):
        SqlFirmUnitOfWork(session_factory(db_url), firm_id)


def test_a_firm_unit_of_work_exposes_no_repository_outside_a_transaction(firm):
    uow = firm.container.firm_uow(firm.firm_id)
    with pytest.raises(AttributeError):
        uow.users  # noqa: B018
    with uow:
        assert uow.users.get(firm.principal().user.id) is not None
    with pytest.raises(AttributeError):
        uow.users  # noqa: B018
