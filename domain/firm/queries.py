"""Read side of the administration pages (each query checks the permission it needs)."""

from dataclasses import dataclass
from datetime import date

from domain.access.model import Permission, Principal, Role, User
from domain.audit import AuditEvent, AuditFilter
from domain.errors import PermissionDenied
from domain.firm.guards import require_admin
from domain.firm.model import SINCE_ALWAYS, Firm, Grade, GradeRate, NumberingSeries, Team
from domain.ports import FirmUnitOfWork


@dataclass(frozen=True, slots=True)
class UserRow:
    user: User
    grade: str
    team: str
    extra_permissions: frozenset[Permission]


@dataclass(frozen=True, slots=True)
class Directory:
    users: list[UserRow]
    grades: list[Grade]
    teams: list[Team]


def _check_scope(uow: FirmUnitOfWork, principal: Principal) -> None:
    if uow.firm_id != principal.firm_id:
        raise PermissionDenied()


def firm(uow: FirmUnitOfWork, principal: Principal) -> Firm:
    _check_scope(uow, principal)
    with uow:
        return uow.firm.get()


def logo(uow: FirmUnitOfWork, principal: Principal) -> tuple[bytes, str] | None:
    _check_scope(uow, principal)
    with uow:
        return uow.firm.logo()


def directory(uow: FirmUnitOfWork, principal: Principal) -> Directory:
    require_admin(uow, principal)
    with uow:
        grades, teams = uow.grades.list(), uow.teams.list()
        grade_labels = {g.id: g.label for g in grades}
        team_names = {t.id: t.name for t in teams}
        rows = [UserRow(u, grade_labels.get(u.grade_id, ""), team_names.get(u.team_id, ""),
                        uow.permissions.user_grants(u.id)) for u in uow.users.list()]
        return Directory(rows, grades, teams)


@dataclass(frozen=True, slots=True)
class GradePeriod:
    effective_from: date  # SINCE_ALWAYS: since always
    grade: str

    @property
    def since_always(self) -> bool:
        return self.effective_from <= SINCE_ALWAYS


def grade_history(uow: FirmUnitOfWork, principal: Principal, user_id: int) -> list[GradePeriod]:
    """A person's grades from each day on, oldest first (what values their time, day by day)."""
    require_admin(uow, principal)
    with uow:
        labels = {g.id: g.label for g in uow.grades.list()}
        return [GradePeriod(g.effective_from, labels.get(g.grade_id, "?")) for g in uow.users.grade_history(user_id)]


def teams(uow: FirmUnitOfWork, principal: Principal) -> list[Team]:
    require_admin(uow, principal)
    with uow:
        return uow.teams.list()


def grades_with_rates(uow: FirmUnitOfWork, principal: Principal) -> tuple[list[Grade], list[GradeRate]]:
    """Rates are money: administrators and users allowed to see money only."""
    _check_scope(uow, principal)
    principal.require(Permission.SEE_MONEY)
    with uow:
        return uow.grades.list(), uow.grades.rates()


def own_grade(uow: FirmUnitOfWork, principal: Principal) -> Grade | None:
    _check_scope(uow, principal)
    with uow:
        return next((g for g in uow.grades.list() if g.id == principal.user.grade_id), None)


def numbering(uow: FirmUnitOfWork, principal: Principal) -> list[NumberingSeries]:
    require_admin(uow, principal)
    with uow:
        return uow.numbering.list()


def role_permissions(uow: FirmUnitOfWork, principal: Principal) -> dict[Role, frozenset[Permission]]:
    require_admin(uow, principal)
    with uow:
        return {role: uow.permissions.role_grants(role) for role in Role}


def outbox(uow: FirmUnitOfWork, principal: Principal, limit: int = 200) -> list[dict]:
    require_admin(uow, principal)
    with uow:
        return uow.outbox.list(limit)


def audit_log(uow: FirmUnitOfWork, principal: Principal, criteria: AuditFilter) -> list[AuditEvent]:
    require_admin(uow, principal)
    with uow:
        return uow.audit.search(criteria)


def staff(uow: FirmUnitOfWork, principal: Principal) -> list[User]:
    """Users for filters (audit log actor): administrators only, like the log itself."""
    require_admin(uow, principal)
    with uow:
        return uow.users.list()
