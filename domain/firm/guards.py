"""The check every administration service starts with."""

from domain.access.model import Permission, Principal
from domain.errors import PermissionDenied
from domain.ports import FirmUnitOfWork


def require_admin(uow: FirmUnitOfWork, principal: Principal) -> None:
    """Refuse unless the principal administers the very firm the unit of work is scoped to."""
    principal.require(Permission.ADMINISTER)
    if uow.firm_id != principal.firm_id:
        raise PermissionDenied()
