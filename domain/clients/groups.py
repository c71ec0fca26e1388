"""Groups of companies: create, rename, delete (refused while clients belong to it), and their summary.

Membership is set on the client (`Client.group_id`), from the client form.
"""

from dataclasses import dataclass

from domain.access.model import Permission, Principal
from domain.audit import Action
from domain.clients.model import Client, ClientGroup
from domain.clients.services import require_staff
from domain.clock import Clock
from domain.errors import InvalidInput, NotFound
from domain.firm.guards import actor_id
from domain.ports import FirmUnitOfWork
from domain.text import single_line

__all__ = ["ClientGroup", "GroupSummary", "create_group", "delete_group", "group_summaries", "list_groups",
           "rename_group"]

NAME_LIMIT = 200


@dataclass(frozen=True, slots=True)
class GroupSummary:
    group: ClientGroup
    members: tuple[Client, ...] = ()
    share_capital_cents: int = 0  # sum of the members' known share capital
    annual_fees_cents: int | None = None  # members' active engagements; None when the user may not see money

    @property
    def member_count(self) -> int:
        return len(self.members)


def _name(text: str) -> str:
    return single_line(text, "Nom du groupe", NAME_LIMIT, required=True)


def _check_free(uow: FirmUnitOfWork, name: str, group_id: int = 0) -> None:
    holder = uow.client_groups.find_by_name(name)
    if holder is not None and holder.id != group_id:
        raise InvalidInput(f"Un groupe « {holder.name} » existe déjà.")


def _get(uow: FirmUnitOfWork, group_id: int) -> ClientGroup:
    group = uow.client_groups.get(group_id)
    if group is None:
        raise NotFound("Groupe introuvable dans ce cabinet.")
    return group


def create_group(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, name: str,
                 notes: str = "") -> ClientGroup:
    require_staff(uow, principal)
    name = _name(name)
    notes = single_line(notes, "Notes", 2000)
    with uow:
        _check_free(uow, name)
        group = uow.client_groups.add(name, notes)
        uow.audit.record(Action.GROUP_CREATE, actor_id(principal), "client_group", str(group.id), {"nom": name},
                         at=clock.now())
        uow.commit()
        return group


def rename_group(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, group_id: int, name: str) -> None:
    require_staff(uow, principal)
    name = _name(name)
    with uow:
        group = _get(uow, group_id)
        if group.name == name:
            return
        _check_free(uow, name, group_id)
        uow.client_groups.update(ClientGroup(id=group.id, name=name, notes=group.notes))
        uow.audit.record(Action.GROUP_UPDATE, actor_id(principal), "client_group", str(group_id),
                         {"nom": f"{group.name} → {name}"}, at=clock.now())
        uow.commit()


def delete_group(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, group_id: int) -> None:
    """Refused while clients belong to the group (archived ones included): take them out first."""
    require_staff(uow, principal)
    with uow:
        group = _get(uow, group_id)
        members = uow.clients.in_group(group_id)
        if members:
            raise InvalidInput(f"Le groupe « {group.name} » compte encore {len(members)} client(s) : retirez-les "
                               "du groupe (fiche du client, page Clients) avant de le supprimer.")
        uow.client_groups.delete(group_id)
        uow.audit.record(Action.GROUP_DELETE, actor_id(principal), "client_group", str(group_id), {"nom": group.name},
                         at=clock.now())
        uow.commit()


def list_groups(uow: FirmUnitOfWork, principal: Principal | None) -> list[ClientGroup]:
    """Every group of the firm, by name (for pickers)."""
    require_staff(uow, principal)
    with uow:
        return uow.client_groups.list()


def group_summaries(uow: FirmUnitOfWork, principal: Principal | None) -> list[GroupSummary]:
    """Each group with its members, their total share capital and, for users who may see money, the
    annual fees of their active engagements."""
    require_staff(uow, principal)
    see_money = principal is None or principal.can(Permission.SEE_MONEY)
    with uow:
        summaries = []
        for group in uow.client_groups.list():
            members = tuple(uow.clients.in_group(group.id))
            fees = None
            if see_money:
                fees = sum(e.annual_fee_cents for m in members for e in uow.engagements.for_client(m.id)
                           if e.status == "active")
            summaries.append(GroupSummary(group=group, members=members,
                                          share_capital_cents=sum(m.share_capital_cents or 0 for m in members),
                                          annual_fees_cents=fees))
        return summaries
