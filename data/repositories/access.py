"""Users and permissions (firm-scoped), and the unscoped sign-in tables."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import delete, func, select, update

from data.models.access import (
    AuthSessionRow,
    LoginThrottleRow,
    PasswordResetTokenRow,
    RolePermissionRow,
    UserGradeRow,
    UserPermissionRow,
    UserRow,
)
from data.repositories.base import FirmScoped, upsert
from domain.access.model import (
    Account,
    LoginThrottle,
    Permission,
    ResetTokenRecord,
    Role,
    SessionRecord,
    User,
)
from domain.firm.model import SINCE_ALWAYS, UserGrade


def user_from_row(row: UserRow) -> User:
    return User(id=row.id, firm_id=row.firm_id, email=row.email, full_name=row.full_name, role=Role(row.role),
                is_active=row.is_active, must_change_password=row.must_change_password, grade_id=row.grade_id,
                team_id=row.team_id, weekly_minutes=row.weekly_minutes, last_login_at=row.last_login_at)


class UserRepository(FirmScoped):
    def get(self, user_id: int) -> User | None:
        row = self.session.scalars(self._select(UserRow).where(UserRow.id == user_id)).one_or_none()
        return user_from_row(row) if row else None

    def list(self) -> list[User]:
        return [user_from_row(r) for r in self.session.scalars(self._select(UserRow).order_by(UserRow.full_name))]

    def add(self, *, email: str, full_name: str, role: Role, grade_id: int | None, team_id: int | None,
            password_hash: str, must_change_password: bool, at: datetime) -> User:
        row = self._add(UserRow, email=email, full_name=full_name, role=role.value, grade_id=grade_id,
                        team_id=team_id, password_hash=password_hash, must_change_password=must_change_password,
                        is_active=True, created_at=at)
        if grade_id is not None:  # a new person's grade values all their time, "since always"
            self.set_grade_from(row.id, grade_id, SINCE_ALWAYS)
        return user_from_row(row)

    def grade_history(self, user_id: int | None = None) -> list[UserGrade]:
        """The grade history of one person (or of everyone), oldest first."""
        statement = self._select(UserGradeRow).order_by(UserGradeRow.user_id, UserGradeRow.effective_from)
        if user_id is not None:
            statement = statement.where(UserGradeRow.user_id == user_id)
        return [UserGrade(r.user_id, r.grade_id, r.effective_from) for r in self.session.scalars(statement)]

    def set_grade_from(self, user_id: int, grade_id: int, effective_from: date) -> None:
        """Write the person's grade from that day (a row of the same day is replaced). The database's triggers
        value their time again (migration 0020)."""
        upsert(self.session, UserGradeRow, {"firm_id": self.firm_id, "user_id": user_id,
                                            "effective_from": effective_from}, {"grade_id": grade_id})

    def update(self, user_id: int, **fields: object) -> None:
        if isinstance(fields.get("role"), Role):
            fields["role"] = fields["role"].value
        self._update(UserRow, UserRow.id == user_id, **fields)

    def set_password(self, user_id: int, password_hash: str, *, must_change: bool) -> None:
        self._update(UserRow, UserRow.id == user_id, password_hash=password_hash, must_change_password=must_change)

    def mark_login(self, user_id: int, at: datetime) -> None:
        self._update(UserRow, UserRow.id == user_id, last_login_at=at)

    def count_active(self, role: Role) -> int:
        statement = self._select(UserRow, func.count()).where(UserRow.role == role.value, UserRow.is_active.is_(True))
        return self.session.scalar(statement) or 0

    def email_exists_anywhere(self, email: str) -> bool:
        """Unscoped on purpose: an e-mail is a sign-in name, unique across all firms."""
        return self.session.scalar(select(func.count()).where(UserRow.email == email)) > 0


class PermissionRepository(FirmScoped):
    def role_grants(self, role: Role) -> frozenset[Permission]:
        statement = self._select(RolePermissionRow, RolePermissionRow.permission).where(RolePermissionRow.role == role.value)
        return frozenset(Permission(p) for p in self.session.scalars(statement))

    def set_role_grants(self, role: Role, permissions: frozenset[Permission]) -> None:
        self._delete(RolePermissionRow, RolePermissionRow.role == role.value)
        self.session.add_all(RolePermissionRow(firm_id=self.firm_id, role=role.value, permission=p.value)
                             for p in sorted(permissions))
        self.session.flush()

    def user_grants(self, user_id: int) -> frozenset[Permission]:
        statement = self._select(UserPermissionRow, UserPermissionRow.permission).where(UserPermissionRow.user_id == user_id)
        return frozenset(Permission(p) for p in self.session.scalars(statement))

    def set_user_grants(self, user_id: int, permissions: frozenset[Permission]) -> None:
        self._delete(UserPermissionRow, UserPermissionRow.user_id == user_id)
        self.session.add_all(UserPermissionRow(firm_id=self.firm_id, user_id=user_id, permission=p.value)
                             for p in sorted(permissions))
        self.session.flush()


class UserSessionRepository(FirmScoped):
    def revoke_all_for_user(self, user_id: int, at: datetime) -> None:
        self._update(AuthSessionRow, AuthSessionRow.user_id == user_id, AuthSessionRow.revoked_at.is_(None),
                     revoked_at=at)


# --- Unscoped: the sign-in path, used only through PlatformUnitOfWork -------------------------

class AccountRepository:
    def __init__(self, session) -> None:
        self.session = session

    def find_by_email(self, email: str) -> Account | None:
        row = self.session.scalars(select(UserRow).where(UserRow.email == email)).one_or_none()
        return Account(user_from_row(row), row.password_hash) if row else None


def _session(row: AuthSessionRow) -> SessionRecord:
    return SessionRecord(row.token_hash, row.firm_id, row.user_id, row.created_at, row.last_seen_at, row.revoked_at)


class SessionRepository:
    def __init__(self, session) -> None:
        self.session = session

    def add(self, token_hash: str, firm_id: int, user_id: int, at: datetime) -> None:
        self.session.add(AuthSessionRow(token_hash=token_hash, firm_id=firm_id, user_id=user_id, created_at=at,
                                        last_seen_at=at))
        self.session.flush()

    def get(self, token_hash: str) -> SessionRecord | None:
        row = self.session.get(AuthSessionRow, token_hash)
        return _session(row) if row else None

    def touch(self, token_hash: str, at: datetime) -> None:
        self.session.execute(update(AuthSessionRow).where(AuthSessionRow.token_hash == token_hash).values(last_seen_at=at))

    def revoke(self, token_hash: str, at: datetime) -> None:
        self.session.execute(update(AuthSessionRow).where(AuthSessionRow.token_hash == token_hash).values(revoked_at=at))

    def revoke_all_for_user(self, user_id: int, at: datetime) -> None:
        self.session.execute(update(AuthSessionRow).where(AuthSessionRow.user_id == user_id,
                                                          AuthSessionRow.revoked_at.is_(None)).values(revoked_at=at))


class ResetTokenRepository:
    def __init__(self, session) -> None:
        self.session = session

    def add(self, token_hash: str, firm_id: int, user_id: int, created_at: datetime, expires_at: datetime) -> None:
        self.session.add(PasswordResetTokenRow(token_hash=token_hash, firm_id=firm_id, user_id=user_id,
                                               created_at=created_at, expires_at=expires_at))
        self.session.flush()

    def get(self, token_hash: str) -> ResetTokenRecord | None:
        row = self.session.get(PasswordResetTokenRow, token_hash)
        return ResetTokenRecord(row.token_hash, row.firm_id, row.user_id, row.expires_at, row.used_at) if row else None

    def mark_used(self, token_hash: str, at: datetime) -> None:
        self.session.execute(update(PasswordResetTokenRow).where(PasswordResetTokenRow.token_hash == token_hash)
                             .values(used_at=at))

    def count_since(self, user_id: int, since: datetime) -> int:
        statement = select(func.count()).where(PasswordResetTokenRow.user_id == user_id,
                                               PasswordResetTokenRow.created_at >= since)
        return self.session.scalar(statement) or 0


class ThrottleRepository:
    def __init__(self, session) -> None:
        self.session = session

    def get(self, key: str) -> LoginThrottle | None:
        row = self.session.get(LoginThrottleRow, key)
        return LoginThrottle(row.failures, row.locked_until) if row else None

    def save(self, key: str, failures: int, locked_until: datetime | None) -> None:
        # Two failed attempts at the same moment must not collide on the first insert.
        upsert(self.session, LoginThrottleRow, {"email_hash": key}, {"failures": failures, "locked_until": locked_until})

    def clear(self, key: str) -> None:
        self.session.execute(delete(LoginThrottleRow).where(LoginThrottleRow.email_hash == key))
