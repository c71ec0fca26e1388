"""Read side of the client pages: search, one client, the import check against the firm's SIRENs."""

from domain.access.model import Principal, User
from domain.clients import importing
from domain.clients.importing import ImportReport
from domain.clients.model import Client, ClientFilter
from domain.clients.services import require_staff
from domain.ports import FirmUnitOfWork


def search(uow: FirmUnitOfWork, principal: Principal | None, criteria: ClientFilter | None = None) -> list[Client]:
    """Clients whose name, SIREN or city contains `criteria.text` (case ignored), by name."""
    require_staff(uow, principal)
    with uow:
        return uow.clients.search(criteria or ClientFilter())


def get(uow: FirmUnitOfWork, principal: Principal | None, client_id: int) -> Client | None:
    require_staff(uow, principal)
    with uow:
        return uow.clients.get(client_id)


def staff(uow: FirmUnitOfWork, principal: Principal | None) -> list[User]:
    """Active staff, to pick the partner and the manager in charge."""
    require_staff(uow, principal)
    with uow:
        return [u for u in uow.users.list() if u.role.is_staff and u.is_active]


def check_import(uow: FirmUnitOfWork, principal: Principal | None, filename: str, content: bytes) -> ImportReport:
    """Parse and validate a file against the firm's existing SIRENs; writes nothing."""
    require_staff(uow, principal)
    rows = importing.parse(filename, content)
    sirens = {f.get("siren", "").replace(" ", "") for _, f in rows}
    with uow:
        existing = uow.clients.names_by_siren({s for s in sirens if s})
    return importing.check(rows, existing)
