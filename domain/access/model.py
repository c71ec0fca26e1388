"""Users, roles and permissions.

Three roles: Administrateur and Collaborateur (the firm's staff) and Client (portal only).
Staff permissions are granted per role (administrator-editable) and may be added per user, e.g. a
Collaborateur who is a manager and approves time. A Client never holds a staff permission.
"""

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from domain.errors import PermissionDenied


class Role(StrEnum):
    ADMIN = "admin"
    COLLABORATOR = "collaborator"
    CLIENT = "client"

    @property
    def label(self) -> str:
        return {"admin": "Administrateur", "collaborator": "Collaborateur", "client": "Client"}[self.value]

    @property
    def is_staff(self) -> bool:
        return self is not Role.CLIENT


class Permission(StrEnum):
    SEE_MONEY = "see_money"
    APPROVE_TIME = "approve_time"
    INVOICE = "invoice"
    MANAGE_COMPLIANCE = "manage_compliance"
    VALIDATE_COMPLIANCE = "validate_compliance"
    ADMINISTER = "administer"

    @property
    def label(self) -> str:
        return PERMISSION_LABELS[self]


PERMISSION_LABELS = {
    Permission.SEE_MONEY: "Voir les honoraires et les taux",
    Permission.APPROVE_TIME: "Valider les temps",
    Permission.INVOICE: "Facturer",
    Permission.MANAGE_COMPLIANCE: "Gérer la conformité LCB-FT",
    Permission.VALIDATE_COMPLIANCE: "Valider la conformité LCB-FT",
    Permission.ADMINISTER: "Administrer le cabinet",
}

ALL_PERMISSIONS = frozenset(Permission)

# An administrator always keeps every permission, so a firm can never lock itself out.
DEFAULT_ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: ALL_PERMISSIONS,
    Role.COLLABORATOR: frozenset({Permission.MANAGE_COMPLIANCE}),
    Role.CLIENT: frozenset(),
}


@dataclass(frozen=True, slots=True)
class User:
    id: int
    firm_id: int
    email: str
    full_name: str
    role: Role
    is_active: bool = True
    must_change_password: bool = False
    grade_id: int | None = None
    team_id: int | None = None
    weekly_minutes: int = 35 * 60
    last_login_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Principal:
    """The signed-in user with their effective permissions; passed to every service call."""

    user: User
    permissions: frozenset[Permission] = field(default_factory=frozenset)
    firm_name: str = ""

    @property
    def firm_id(self) -> int:
        return self.user.firm_id

    def can(self, permission: Permission) -> bool:
        return permission in self.permissions

    def require(self, permission: Permission) -> None:
        if not self.can(permission):
            raise PermissionDenied()


def effective_permissions(
    role: Role, role_grants: frozenset[Permission], user_grants: frozenset[Permission]
) -> frozenset[Permission]:
    if role is Role.CLIENT:
        return frozenset()
    if role is Role.ADMIN:
        return ALL_PERMISSIONS
    return role_grants | user_grants


@dataclass(frozen=True, slots=True)
class Account:
    """A user as the sign-in path sees it: with the password hash, found across firms by e-mail."""

    user: User
    password_hash: str


@dataclass(frozen=True, slots=True)
class LoginThrottle:
    failures: int
    locked_until: datetime | None


@dataclass(frozen=True, slots=True)
class SessionRecord:
    token_hash: str
    firm_id: int
    user_id: int
    created_at: datetime
    last_seen_at: datetime
    revoked_at: datetime | None


@dataclass(frozen=True, slots=True)
class ResetTokenRecord:
    token_hash: str
    firm_id: int
    user_id: int
    expires_at: datetime
    used_at: datetime | None
