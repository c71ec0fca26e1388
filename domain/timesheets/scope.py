"""Whose weeks an approver decides on: an administrator (ADMINISTER) anyone of the firm, another holder of
"Valider les temps" (APPROVE_TIME) the people of their team, or everyone when they have no team. Nobody decides
on their own week (checked by the commands)."""

from __future__ import annotations

from domain.access.model import Permission, Principal
from domain.errors import PermissionDenied
from domain.ports import FirmUnitOfWork


def approves_everyone(principal: Principal | None) -> bool:
    """An administrator, an approver without a team, or the command line."""
    return principal is None or principal.can(Permission.ADMINISTER) or principal.user.team_id is None


def approver_scope(uow: FirmUnitOfWork, principal: Principal | None) -> set[int] | None:
    """The ids of the people the approver decides for; None: anyone of the firm."""
    if approves_everyone(principal):
        return None
    return {u.id for u in uow.users.list() if u.team_id == principal.user.team_id}


def require_approver_of(uow: FirmUnitOfWork, principal: Principal | None, user_id: int) -> None:
    """Refuse an approver deciding on the week of someone outside their team."""
    scope = approver_scope(uow, principal)
    if scope is not None and user_id not in scope:
        raise PermissionDenied("Cette semaine est celle d'une autre équipe : seuls un administrateur et les "
                               "responsables de cette équipe la valident.")
