"""The checks every service starts with, and who to write in the audit log."""

from domain.access.model import Permission, Principal
from domain.errors import PermissionDenied
from domain.ports import FirmUnitOfWork


def require_admin(uow: FirmUnitOfWork, principal: Principal) -> None:
    """Refuse unless the principal administers the very firm the unit of work is scoped to."""
    principal.require(Permission.ADMINISTER)
    if uow.firm_id != principal.firm_id:
        raise PermissionDenied()


def require_staff(uow: FirmUnitOfWork, principal: Principal | None, permission: Permission | None = None) -> None:
    """A staff member of this very firm (with `permission` if given); None is the trusted command line."""
    if principal is None:
        return
    if not principal.user.role.is_staff or principal.firm_id != uow.firm_id:
        raise PermissionDenied()
    if permission is not None:
        principal.require(permission)


def actor_id(principal: Principal | None) -> int | None:
    """The user to record in the audit log; None for the command line."""
    return principal.user.id if principal else None
