"""Commands on the client base: create, update, archive, restore, import. Each needs a staff member of
the unit of work's firm (the command line passes no principal: it is the operator) and is audited."""

from domain.access.model import Principal
from domain.audit import Action
from domain.clients.importing import ImportReport
from domain.clients.model import Client
from domain.clients.validation import as_form, validate_client
from domain.clock import Clock
from domain.errors import InvalidInput, NotFound
from domain.firm.guards import actor_id, require_staff
from domain.ports import FirmUnitOfWork


def _check_people(uow: FirmUnitOfWork, client: Client) -> None:
    staff = {u.id for u in uow.users.list() if u.role.is_staff and u.is_active}
    for user_id, label in ((client.partner_id, "L'associé"), (client.manager_id, "Le manager")):
        if user_id is not None and user_id not in staff:
            raise InvalidInput(f"{label} choisi n'est pas un utilisateur actif du cabinet.")


def _check_siren_free(uow: FirmUnitOfWork, client: Client) -> None:
    if client.siren:
        holder = uow.clients.find_by_siren(client.siren)
        if holder is not None and holder.id != client.id:
            raise InvalidInput(f"Le SIREN {client.siren} est déjà celui du client « {holder.name} ».")


def _check_group(uow: FirmUnitOfWork, client: Client) -> None:
    if client.group_id is not None and uow.client_groups.get(client.group_id) is None:
        raise InvalidInput("Le groupe choisi n'existe pas (ou plus) dans ce cabinet.")


def create_client(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, form: dict[str, str],
                  partner_id: int | None = None, manager_id: int | None = None, group_id: int | None = None) -> Client:
    require_staff(uow, principal)
    draft = validate_client(form, partner_id=partner_id, manager_id=manager_id, group_id=group_id)
    with uow:
        _check_people(uow, draft)
        _check_group(uow, draft)
        _check_siren_free(uow, draft)
        client = uow.clients.add(draft)
        uow.audit.record(Action.CLIENT_CREATE, actor_id(principal), "client", str(client.id),
                         {"nom": client.name, "SIREN": client.siren or ""}, at=clock.now())
        uow.commit()
        return client


def update_client(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, client_id: int,
                  form: dict[str, str], partner_id: int | None = None, manager_id: int | None = None,
                  group_id: int | None = None) -> None:
    require_staff(uow, principal)
    draft = validate_client(form, client_id=client_id, partner_id=partner_id, manager_id=manager_id,
                            group_id=group_id)
    with uow:
        before = _get(uow, client_id)
        _check_people(uow, draft)
        _check_group(uow, draft)
        _check_siren_free(uow, draft)
        changes = _changes(before, draft)
        if not changes:
            return
        uow.clients.update(draft)
        uow.audit.record(Action.CLIENT_UPDATE, actor_id(principal), "client", str(client_id), changes, at=clock.now())
        uow.commit()


def _get(uow: FirmUnitOfWork, client_id: int) -> Client:
    client = uow.clients.get(client_id)
    if client is None:
        raise NotFound("Client introuvable dans ce cabinet.")
    return client


def _changes(before: Client, after: Client) -> dict:
    old, new = as_form(before), as_form(after)
    changes = {k: f"{old[k]} → {new[k]}" for k in new if old[k] != new[k]}
    for field in ("partner_id", "manager_id", "group_id"):
        if getattr(before, field) != getattr(after, field):
            changes[field] = f"{getattr(before, field)} → {getattr(after, field)}"
    return changes


def set_archived(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, client_id: int,
                 archived: bool) -> None:
    """Archive (hidden from the lists, history kept) or restore a client."""
    require_staff(uow, principal)
    with uow:
        client = _get(uow, client_id)
        if client.archived == archived:
            return
        uow.clients.set_archived(client_id, archived)
        action = Action.CLIENT_ARCHIVE if archived else Action.CLIENT_RESTORE
        uow.audit.record(action, actor_id(principal), "client", str(client_id), {"nom": client.name}, at=clock.now())
        uow.commit()


def archive_client(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, client_id: int) -> None:
    set_archived(uow, principal, clock, client_id, True)


def restore_client(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, client_id: int) -> None:
    set_archived(uow, principal, clock, client_id, False)


def import_clients(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, report: ImportReport,
                   *, valid_only: bool = False) -> int:
    """Insert the report's valid rows in one transaction: all of them only when no row has a problem,
    unless `valid_only`. The SIRENs are checked again inside the transaction. Returns the count."""
    require_staff(uow, principal)
    if report.has_problems and not valid_only:
        raise InvalidInput(f"{report.problem_count} ligne(s) en erreur ou en doublon : rien n'a été importé. "
                           "Corrigez le fichier, ou importez seulement les lignes valides.")
    clients = report.valid
    if not clients:
        raise InvalidInput("Aucune ligne valide à importer.")
    with uow:
        taken = uow.clients.existing_sirens({c.siren for c in clients if c.siren})
        if taken:
            raise InvalidInput(f"{len(taken)} SIREN ont été enregistrés entre-temps (dont {min(taken)}) : "
                               "relancez la vérification du fichier.")
        count = uow.clients.add_many(clients)
        uow.audit.record(Action.CLIENT_IMPORT, actor_id(principal), "client", "import",
                         {"clients importés": count, "lignes écartées": report.problem_count}, at=clock.now())
        uow.commit()
        return count
