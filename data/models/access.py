"""Users, permissions, sessions, reset tokens and the sign-in throttle."""

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKeyConstraint, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from data.models.base import Base, TenantMixin


class UserRow(TenantMixin, Base):
    __tablename__ = "users"
    __table_args__ = (
        UniqueConstraint("firm_id", "id"),
        # Sign-in is by e-mail alone, so an address names one account across all firms.
        UniqueConstraint("email"),
        ForeignKeyConstraint(["firm_id", "grade_id"], ["grades.firm_id", "grades.id"]),
        ForeignKeyConstraint(["firm_id", "team_id"], ["teams.firm_id", "teams.id"]),
    )

    email: Mapped[str] = mapped_column(String(254))
    full_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    grade_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    team_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=True)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    weekly_minutes: Mapped[int] = mapped_column(Integer, default=35 * 60)
    created_at: Mapped[datetime]
    last_login_at: Mapped[datetime | None] = mapped_column(nullable=True)


class UserGradeRow(TenantMixin, Base):
    """A person's grade from `effective_from` on (domain/firm/model.py `grade_on`): time is valued at the grade of
    each entry's day. `users.grade_id` is the grade in force today, what screens, quotes and planning show."""

    __tablename__ = "user_grades"
    __table_args__ = (
        UniqueConstraint("firm_id", "user_id", "effective_from"),
        ForeignKeyConstraint(["firm_id", "user_id"], ["users.firm_id", "users.id"], ondelete="CASCADE"),
        ForeignKeyConstraint(["firm_id", "grade_id"], ["grades.firm_id", "grades.id"]),
    )

    user_id: Mapped[int] = mapped_column(Integer)
    grade_id: Mapped[int] = mapped_column(Integer)
    effective_from: Mapped[date] = mapped_column(Date)


class RolePermissionRow(Base):
    __tablename__ = "role_permissions"

    firm_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    role: Mapped[str] = mapped_column(String(20), primary_key=True)
    permission: Mapped[str] = mapped_column(String(40), primary_key=True)
    __table_args__ = (ForeignKeyConstraint(["firm_id"], ["firms.id"], ondelete="CASCADE"),)


class UserPermissionRow(Base):
    __tablename__ = "user_permissions"

    firm_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    permission: Mapped[str] = mapped_column(String(40), primary_key=True)
    __table_args__ = (
        ForeignKeyConstraint(["firm_id", "user_id"], ["users.firm_id", "users.id"], ondelete="CASCADE"),
    )


class AuthSessionRow(Base):
    __tablename__ = "auth_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    firm_id: Mapped[int] = mapped_column(Integer, index=True)
    user_id: Mapped[int] = mapped_column(Integer, index=True)
    created_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None] = mapped_column(nullable=True)
    __table_args__ = (
        ForeignKeyConstraint(["firm_id", "user_id"], ["users.firm_id", "users.id"], ondelete="CASCADE"),
    )


class PasswordResetTokenRow(Base):
    __tablename__ = "password_reset_tokens"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    firm_id: Mapped[int] = mapped_column(Integer, index=True)
    user_id: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None] = mapped_column(nullable=True)
    __table_args__ = (
        ForeignKeyConstraint(["firm_id", "user_id"], ["users.firm_id", "users.id"], ondelete="CASCADE"),
    )


class LoginThrottleRow(Base):
    """Failed sign-ins per typed e-mail (its SHA-256), known account or not, so the lock reveals nothing."""

    __tablename__ = "login_throttle"

    email_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(nullable=True)
