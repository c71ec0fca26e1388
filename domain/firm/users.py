"""User administration: invite with a temporary password, deactivate, change role and permissions.

A firm always keeps at least one active Administrateur, and nobody can demote or deactivate
themselves, so the firm cannot lock itself out of its own administration.
"""

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from domain import formatting
from domain.access import mails
from domain.access.model import Permission, Principal, Role, User
from domain.access.passwords import temporary_password
from domain.access.services import normalise_email
from domain.audit import Action
from domain.clock import Clock
from domain.errors import InvalidInput, NotFound
from domain.firm.guards import require_admin
from domain.firm.model import SINCE_ALWAYS, UserGrade, grade_on
from domain.ports import FirmRepositories, FirmUnitOfWork, PasswordHasher
from domain.text import plausible_email, single_line

EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$")
NAME_LIMIT = 200


def name_from_email(email: str) -> str:
    return " ".join(part.capitalize() for part in re.split(r"[._-]+", email.split("@")[0]) if part)


def create_user(repos: FirmRepositories, hasher: PasswordHasher, clock: Clock, actor_id: int | None,
                email: str, full_name: str, role: Role, grade_id: int | None = None,
                team_id: int | None = None, login_url: str = "") -> tuple[User, str]:
    """Create a user with a temporary password and queue the invitation mail; no commit here."""
    email = normalise_email(email)
    if not plausible_email(email) or not EMAIL_PATTERN.match(email):
        raise InvalidInput(f"Adresse e-mail « {email} » invalide.")
    if repos.users.email_exists_anywhere(email):
        raise InvalidInput(f"L'adresse e-mail {email} est déjà utilisée par un compte EEXPI.")
    full_name = single_line(full_name, "Prénom et nom", NAME_LIMIT) or name_from_email(email)[:NAME_LIMIT]
    if not full_name:
        raise InvalidInput("Indiquez le prénom et le nom de l'utilisateur.")
    _check_references(repos, grade_id, team_id)
    password = temporary_password()
    user = repos.users.add(email=email, full_name=full_name, role=role, grade_id=grade_id, team_id=team_id,
                           password_hash=hasher.hash(password), must_change_password=True, at=clock.now())
    firm_name = repos.firm.get().identity.name
    repos.outbox.enqueue(mails.invitation(email, full_name, firm_name, password, login_url), at=clock.now())
    repos.audit.record(Action.USER_INVITE, actor_id, "user", str(user.id),
                       {"email": email, "rôle": role.label}, at=clock.now())
    return user, password


def _check_references(repos: FirmRepositories, grade_id: int | None, team_id: int | None) -> None:
    if grade_id is not None and grade_id not in {g.id for g in repos.grades.list()}:
        raise NotFound("Grade inconnu dans ce cabinet.")
    if team_id is not None and team_id not in {t.id for t in repos.teams.list()}:
        raise NotFound("Équipe inconnue dans ce cabinet.")


def invite_user(uow: FirmUnitOfWork, principal: Principal, hasher: PasswordHasher, clock: Clock, email: str,
                full_name: str, role: Role, grade_id: int | None, team_id: int | None, login_url: str) -> User:
    require_admin(uow, principal)
    with uow:
        user, _ = create_user(uow, hasher, clock, principal.user.id, email, full_name, role, grade_id,
                              team_id, login_url)
        uow.commit()
        return user


def _target(uow: FirmUnitOfWork, principal: Principal, user_id: int) -> User:
    user = uow.users.get(user_id)
    if user is None:
        raise NotFound("Utilisateur introuvable dans ce cabinet.")
    if user.id == principal.user.id:
        raise InvalidInput("Vous ne pouvez pas modifier votre propre rôle ni désactiver votre propre compte.")
    return user


def _keeps_an_admin(uow: FirmUnitOfWork, leaving: User) -> None:
    if leaving.role is Role.ADMIN and leaving.is_active and uow.users.count_active(Role.ADMIN) <= 1:
        raise InvalidInput("Le cabinet doit garder au moins un administrateur actif.")


def set_active(uow: FirmUnitOfWork, principal: Principal, clock: Clock, user_id: int, active: bool) -> None:
    require_admin(uow, principal)
    with uow:
        user = _target(uow, principal, user_id)
        if user.is_active == active:
            return
        if not active:
            _keeps_an_admin(uow, user)
        uow.users.update(user.id, is_active=active)
        if not active:
            uow.user_sessions.revoke_all_for_user(user.id, clock.now())
        action = Action.USER_REACTIVATE if active else Action.USER_DEACTIVATE
        uow.audit.record(action, principal.user.id, "user", str(user.id), {"email": user.email}, at=clock.now())
        uow.commit()


def change_role(uow: FirmUnitOfWork, principal: Principal, clock: Clock, user_id: int, role: Role) -> None:
    require_admin(uow, principal)
    with uow:
        user = _target(uow, principal, user_id)
        if user.role is role:
            return
        _keeps_an_admin(uow, user)
        uow.users.update(user.id, role=role)
        uow.audit.record(Action.ROLE_CHANGE, principal.user.id, "user", str(user.id),
                         {"email": user.email, "avant": user.role.label, "après": role.label}, at=clock.now())
        uow.commit()


def update_profile(uow: FirmUnitOfWork, principal: Principal, clock: Clock, user_id: int, full_name: str,
                   grade_id: int | None, team_id: int | None, weekly_hours: str,
                   grade_from: date | None = None) -> None:
    """Name, team, weekly hours and grade. A grade is given from a day on (`grade_from`, today by default, a future
    day allowed): it is written in the person's grade history, which values their time entry by entry (a promotion
    never revalues the time before it); `users.grade_id` becomes the grade in force today."""
    require_admin(uow, principal)
    with uow:
        user = uow.users.get(user_id)
        if user is None:
            raise NotFound("Utilisateur introuvable dans ce cabinet.")
        _check_references(uow, grade_id, team_id)
        minutes = _weekly_minutes(weekly_hours)
        name = single_line(full_name, "Prénom et nom", NAME_LIMIT, required=True)
        details = {"email": user.email, "nom": name, "heures hebdomadaires": weekly_hours}
        today_grade = user.grade_id
        former = uow.users.grade_history(user.id)
        change = _grade_change(former, grade_id, grade_from or clock.today())
        if change is not None:
            row, history = change
            uow.users.set_grade_from(user.id, row.grade_id, row.effective_from)
            today_grade = grade_on(history, clock.today())
            labels = {g.id: g.label for g in uow.grades.list()}
            before = labels.get(grade_on(former, row.effective_from) or 0, "aucun")
            details["grade"] = f"{before} → {labels[row.grade_id]} à compter du {formatting.day(row.effective_from)}"
        uow.users.update(user.id, full_name=name, grade_id=today_grade, team_id=team_id, weekly_minutes=minutes)
        uow.audit.record(Action.SETTINGS_CHANGE, principal.user.id, "user", str(user.id), details, at=clock.now())
        uow.commit()


def _grade_change(history: list[UserGrade], grade_id: int | None,
                  on: date) -> tuple[UserGrade, list[UserGrade]] | None:
    """The history row to write for `grade_id` from `on` and the history it gives; None when that grade is already
    the one in force that day (nothing to write)."""
    if on < SINCE_ALWAYS:
        raise InvalidInput(f"La date d'effet du grade doit être au plus tôt le {formatting.day(SINCE_ALWAYS)}.")
    if grade_id is None:
        if history:
            raise InvalidInput("Le grade ne peut pas être retiré : le temps passé est valorisé au grade de chaque "
                               "jour. Choisissez le nouveau grade et sa date d'effet.")
        return None
    if history and grade_on(history, on) == grade_id and any(g.effective_from <= on for g in history):
        return None
    row = UserGrade(history[0].user_id if history else 0, grade_id, on)
    return row, sorted([g for g in history if g.effective_from != on] + [row], key=lambda g: g.effective_from)


def _weekly_minutes(text: str) -> int:
    try:
        hours = Decimal(str(text).strip().replace(",", "."))
    except InvalidOperation:
        raise InvalidInput(f"Durée hebdomadaire « {text} » invalide (en heures, ex. 35 ou 28,5).") from None
    if not hours.is_finite() or not 0 < hours <= 48:
        raise InvalidInput("La durée hebdomadaire doit être comprise entre 0 et 48 heures.")
    return int((hours * 60).to_integral_value())


def set_user_permissions(uow: FirmUnitOfWork, principal: Principal, clock: Clock, user_id: int,
                         permissions: set[Permission]) -> None:
    require_admin(uow, principal)
    with uow:
        user = uow.users.get(user_id)
        if user is None:
            raise NotFound("Utilisateur introuvable dans ce cabinet.")
        if user.role is Role.CLIENT and permissions:
            raise InvalidInput("Un utilisateur du portail client ne peut recevoir aucune permission du cabinet.")
        uow.permissions.set_user_grants(user.id, frozenset(permissions))
        uow.audit.record(Action.PERMISSION_CHANGE, principal.user.id, "user", str(user.id),
                         {"email": user.email, "permissions": sorted(p.label for p in permissions)}, at=clock.now())
        uow.commit()
