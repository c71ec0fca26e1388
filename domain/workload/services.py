"""Commands on absences (a person for themselves, an administrator for anyone of the firm) and the firm's
Alsace-Moselle holidays setting. Each is audited; a refusal writes nothing."""

from datetime import date

from domain.access.model import Permission, Principal
from domain.audit import Action
from domain.clock import Clock
from domain.errors import InvalidInput, NotFound, PermissionDenied
from domain.firm.guards import actor_id, require_admin, require_staff
from domain.formatting import day
from domain.ports import FirmUnitOfWork
from domain.workload.model import Absence, AbsenceKind
from domain.workload.rules import MAX_COMMENT, anniversary


def may_manage(principal: Principal | None, user_id: int) -> bool:
    """Oneself, or anyone for an administrator (or the command line)."""
    return principal is None or principal.user.id == user_id or principal.can(Permission.ADMINISTER)


def _require_manage(uow: FirmUnitOfWork, principal: Principal | None, user_id: int) -> None:
    require_staff(uow, principal)
    if not may_manage(principal, user_id):
        raise PermissionDenied("Seul un administrateur peut gérer les absences d'une autre personne.")


def _check_dates(first_day: date, last_day: date) -> None:
    if last_day < first_day:
        raise InvalidInput("Le dernier jour de l'absence doit être le premier jour ou après.")
    if last_day >= anniversary(first_day):
        raise InvalidInput("Une absence dure au plus un an : saisissez-la en plusieurs fois.")


def add_absence(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, user_id: int, kind: AbsenceKind,
                first_day: date, last_day: date, half_day: bool = False, comment: str = "") -> Absence:
    _require_manage(uow, principal, user_id)
    try:
        kind = AbsenceKind(kind)
    except ValueError:
        raise InvalidInput("Type d'absence inconnu.") from None
    _check_dates(first_day, last_day)
    comment = (comment or "").strip()
    if len(comment) > MAX_COMMENT:
        raise InvalidInput(f"Le commentaire fait au plus {MAX_COMMENT} caractères.")
    with uow:
        person = uow.users.get(user_id)
        if person is None or not person.role.is_staff or not person.is_active:
            raise NotFound("Cette personne n'est pas un utilisateur actif du cabinet.")
        clash = uow.absences.overlapping(user_id, first_day, last_day)
        if clash:
            other = clash[0]
            raise InvalidInput(f"Cette absence chevauche celle du {day(other.first_day)} au {day(other.last_day)} "
                               f"({other.kind.label}) : modifiez les dates ou supprimez l'autre absence.")
        absence = uow.absences.add(user_id=user_id, kind=kind, first_day=first_day, last_day=last_day,
                                   half_day=half_day, comment=comment)
        uow.audit.record(Action.ABSENCE_CREATE, actor_id(principal), "absence", str(absence.id),
                         {"personne": person.full_name, "type": kind.label, "du": day(first_day),
                          "au": day(last_day), "demi-journée": "oui" if half_day else "non"}, at=clock.now())
        uow.commit()
        return absence


def delete_absence(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, absence_id: int) -> None:
    require_staff(uow, principal)
    with uow:
        absence = uow.absences.get(absence_id)
        if absence is None:
            raise NotFound("Absence introuvable dans ce cabinet.")
        _require_manage(uow, principal, absence.user_id)
        uow.absences.delete(absence_id)
        uow.audit.record(Action.ABSENCE_DELETE, actor_id(principal), "absence", str(absence_id),
                         {"personne_id": str(absence.user_id), "type": absence.kind.label,
                          "du": day(absence.first_day), "au": day(absence.last_day)}, at=clock.now())
        uow.commit()


def set_alsace_moselle(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, enabled: bool) -> None:
    """Count Good Friday and 26 December as public holidays in the firm's capacity (administrators)."""
    if principal is not None:
        require_admin(uow, principal)
    with uow:
        if uow.firm.get().alsace_moselle == enabled:
            return
        uow.firm.set_alsace_moselle(enabled)
        uow.audit.record(Action.SETTINGS_CHANGE, actor_id(principal), "firm", str(uow.firm_id),
                         {"jours fériés d'Alsace-Moselle": "oui" if enabled else "non"}, at=clock.now())
        uow.commit()
