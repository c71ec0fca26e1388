"""Retention of a client's LCB-FT records: recording the end of the business relationship, and
`purge-compliance`, which removes the records of the clients whose 5 years are over (rule:
domain.compliance.retention).

The purge is one transaction: every expired client's records go, with one audit event each, or nothing does.
A dry run lists what would go (and what is still kept, with the date it may go) and writes nothing. A client
whose relationship has no recorded end is never purged. `principal=None` is the trusted command line.
"""

from dataclasses import dataclass, field
from datetime import date

from domain.access.model import Permission, Principal
from domain.audit import Action
from domain.clock import Clock
from domain.compliance.retention import (
    PurgeCandidate,
    RelationshipEnd,
    check_end_date,
    check_purgeable,
    kept_until,
    purgeable,
)
from domain.errors import InvalidInput, NotFound
from domain.firm.guards import actor_id, require_admin, require_staff
from domain.ports import FirmUnitOfWork
from domain.text import single_line

_TARGET = "client"


@dataclass(frozen=True, slots=True)
class PurgeReport:
    expired: list[PurgeCandidate] = field(default_factory=list)  # removed (or, in a dry run, to remove)
    kept: list[PurgeCandidate] = field(default_factory=list)  # relationship ended, retention still running
    dry_run: bool = True
    deleted: dict[str, int] = field(default_factory=dict)  # table → rows removed, all clients together


def _client(uow: FirmUnitOfWork, client_id: int):
    client = uow.clients.get(client_id)
    if client is None:
        raise NotFound("Ce client n'existe pas (ou plus) dans ce cabinet.")
    return client


def _not_purged(end: RelationshipEnd | None, name: str) -> None:
    if end is not None and end.purged_at is not None:
        raise InvalidInput(f"Les données LCB-FT de « {name} » ont déjà été supprimées le {end.purged_at:%d/%m/%Y} "
                           "au terme de leur conservation : une nouvelle relation commence par une nouvelle "
                           "évaluation.")


def record_relationship_end(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, client_id: int,
                            ended_on: date, reason: str = "") -> RelationshipEnd:
    """The relationship with the client ended on `ended_on` (not in the future): its LCB-FT records are kept
    5 years from then. Recording it again corrects the date."""
    require_staff(uow, principal, Permission.MANAGE_COMPLIANCE)
    check_end_date(ended_on, clock.today())
    reason = single_line(reason, "Motif", 300)
    with uow:
        client = _client(uow, client_id)
        before = uow.retention.end_of(client_id)
        _not_purged(before, client.name)
        uow.retention.record_end(client_id, ended_on, reason, clock.now(), actor_id(principal))
        details = {"client": client.name, "fin de relation": f"{ended_on:%d/%m/%Y}",
                   "conservé jusqu'au": f"{kept_until(ended_on):%d/%m/%Y}"}
        if before is not None:
            details["date précédente"] = f"{before.ended_on:%d/%m/%Y}"
        if reason:
            details["motif"] = reason
        uow.audit.record(Action.RELATIONSHIP_END, actor_id(principal), _TARGET, str(client_id), details,
                         at=clock.now())
        uow.commit()
        return uow.retention.end_of(client_id)


def resume_relationship(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, client_id: int) -> None:
    """The client came back before the purge: its records are kept again with no end date."""
    require_staff(uow, principal, Permission.MANAGE_COMPLIANCE)
    with uow:
        client = _client(uow, client_id)
        end = uow.retention.end_of(client_id)
        if end is None:
            raise NotFound(f"Aucune fin de relation n'est enregistrée pour « {client.name} ».")
        _not_purged(end, client.name)
        uow.retention.clear_end(client_id)
        uow.audit.record(Action.RELATIONSHIP_RESUME, actor_id(principal), _TARGET, str(client_id),
                         {"client": client.name, "fin annulée": f"{end.ended_on:%d/%m/%Y}"}, at=clock.now())
        uow.commit()


def relationship_end(uow: FirmUnitOfWork, principal: Principal | None, client_id: int) -> RelationshipEnd | None:
    require_staff(uow, principal, Permission.MANAGE_COMPLIANCE)
    with uow:
        return uow.retention.end_of(client_id)


def ended_relationships(uow: FirmUnitOfWork, principal: Principal | None) -> list[PurgeCandidate]:
    """The clients whose relationship ended and whose records are not purged yet, oldest end first."""
    require_staff(uow, principal, Permission.MANAGE_COMPLIANCE)
    with uow:
        return _candidates(uow)


def _candidates(uow: FirmUnitOfWork) -> list[PurgeCandidate]:
    return [PurgeCandidate(client_id=end.client_id, client_name=name, siren=siren, ended_on=end.ended_on,
                           kept_until=kept_until(end.ended_on),
                           records=sum(uow.retention.count_records(end.client_id).values()))
            for end, name, siren in uow.retention.ends() if end.purged_at is None]


def purge_compliance(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, *,
                     dry_run: bool = True) -> PurgeReport:
    """List (dry run) or remove the LCB-FT records whose retention is over, in one transaction."""
    if principal is not None:
        require_admin(uow, principal)
    today = clock.today()
    with uow:
        candidates = _candidates(uow)
        expired = [c for c in candidates if purgeable(c.ended_on, today)]
        kept = [c for c in candidates if not purgeable(c.ended_on, today)]
        deleted: dict[str, int] = {}
        if not dry_run:
            for candidate in expired:
                check_purgeable(candidate.client_name, candidate.ended_on, today)  # the lock, checked again
                removed = uow.retention.delete_records(candidate.client_id, clock.now())
                for table, rows in removed.items():
                    deleted[table] = deleted.get(table, 0) + rows
                uow.audit.record(Action.COMPLIANCE_PURGE, actor_id(principal), _TARGET, str(candidate.client_id),
                                 {"client": candidate.client_name, "fin de relation": f"{candidate.ended_on:%d/%m/%Y}",
                                  "conservé jusqu'au": f"{candidate.kept_until:%d/%m/%Y}",
                                  "lignes supprimées": sum(removed.values())}, at=clock.now())
            uow.commit()
    return PurgeReport(expired=expired, kept=kept, dry_run=dry_run, deleted=deleted)


def purge_client(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, client_id: int) -> dict[str, int]:
    """Remove one client's LCB-FT records; RetentionLocked (French) before the end of the 5 years."""
    if principal is not None:
        require_admin(uow, principal)
    with uow:
        client = _client(uow, client_id)
        end = uow.retention.end_of(client_id)
        _not_purged(end, client.name)
        check_purgeable(client.name, end.ended_on if end else None, clock.today())
        removed = uow.retention.delete_records(client_id, clock.now())
        uow.audit.record(Action.COMPLIANCE_PURGE, actor_id(principal), _TARGET, str(client_id),
                         {"client": client.name, "fin de relation": f"{end.ended_on:%d/%m/%Y}",
                          "lignes supprimées": sum(removed.values())}, at=clock.now())
        uow.commit()
        return removed
