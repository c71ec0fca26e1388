"""Helpers shared by the integration tests (plain functions; the fixtures live in conftest.py)."""

import re
from dataclasses import dataclass

from sqlalchemy import func, select

from data.container import Container
from data.models.ops import OutboxRow
from domain.access.model import Role, User
from domain.access.services import SignedIn, sign_in
from domain.audit import Action, AuditEvent, AuditFilter
from domain.firm.users import invite_user
from tests.conftest import FirmFixture, unique_email

# Passwords that meet the CNIL policy and are built on nothing personal (checked with zxcvbn).
STRONG = "Granit-Hibou-73!vx"
STRONG_2 = "Zephyr#Quintal58"
STRONG_3 = "Tr0mbone-Galaxie!"


@dataclass(frozen=True)
class Invited:
    user: User
    email: str
    password: str


def temporary_password_in(body: str) -> str:
    match = re.search(r"Mot de passe temporaire : (\S+)", body)
    assert match, body
    return match.group(1)


def outbox_of(container: Container, firm_id: int) -> list[dict]:
    with container.firm_uow(firm_id) as uow:
        return uow.outbox.list()


def outbox_total(container: Container) -> int:
    """Every queued mail of every firm."""
    with container.platform_uow() as uow:
        return uow.session.scalar(select(func.count()).select_from(OutboxRow))


def audit_of(container: Container, firm_id: int, action: Action | None = None) -> list[AuditEvent]:
    with container.firm_uow(firm_id) as uow:
        return uow.audit.search(AuditFilter(action=action))


def users_of(container: Container, firm_id: int) -> list[User]:
    with container.firm_uow(firm_id) as uow:
        return uow.users.list()


def user(container: Container, firm_id: int, user_id: int) -> User | None:
    with container.firm_uow(firm_id) as uow:
        return uow.users.get(user_id)


def invite(firm: FirmFixture, role: Role = Role.COLLABORATOR, *, email: str | None = None,
           full_name: str = "Bob Collab", team_id: int | None = None, grade_id: int | None = None) -> Invited:
    """Invite a user as the firm's admin; return them with the temporary password of their mail."""
    c = firm.container
    email = email or unique_email(role.value)
    new = invite_user(c.firm_uow(firm.firm_id), firm.principal(), c.hasher, c.clock, email, full_name, role,
                      grade_id, team_id, c.login_url)
    mail = next(m for m in outbox_of(c, firm.firm_id) if m["recipient"] == email)
    return Invited(new, email, temporary_password_in(mail["body"]))


def sign_in_as(container: Container, email: str, password: str) -> SignedIn:
    return sign_in(container.platform_uow(), container.hasher, container.clock, email, password)


def snapshot(container: Container, firm_id: int) -> dict:
    """Everything an administration command could change in a firm, to prove that nothing did."""
    with container.firm_uow(firm_id) as uow:
        firm = uow.firm.get()
        users = uow.users.list()
        return {
            "identity": firm.identity,
            "users": users,
            "user_grants": {u.id: uow.permissions.user_grants(u.id) for u in users},
            "role_grants": {r: uow.permissions.role_grants(r) for r in Role},
            "teams": uow.teams.list(),
            "grades": uow.grades.list(),
            "rates": uow.grades.rates(),
            "numbering": uow.numbering.list(),
            "syntec": uow.syntec.list(),
            "subscription": uow.subscription.get(),
            "outbox": len(uow.outbox.list(10_000)),
            "audit": len(uow.audit.search(AuditFilter(limit=10_000))),
        }
