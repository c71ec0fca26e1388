"""Commands on the sales pipeline: create, update, move a prospect between stages, convert a won
prospect into a client without retyping. Fees are shown everywhere in the pipeline, so every command
needs a staff member of the firm who may see money (the command line passes no principal). Every
command is audited; every stage change is kept for the conversion statistics.

`convert_in_transaction` and `advance_on_quote_sent` run inside a unit of work the caller already
opened (the quotes module calls them when a prospect's quote is accepted or sent) and never commit.
"""

from dataclasses import replace

from domain.access.model import Permission, Principal
from domain.audit import Action
from domain.clients.model import Client, ClientKind, Contact, ContactRole
from domain.clients.services import require_staff
from domain.clients.validation import validate_client
from domain.clock import Clock
from domain.errors import InvalidInput, NotFound, PermissionDenied
from domain.firm.guards import actor_id
from domain.formatting import eur_cents
from domain.pipeline.model import Prospect, Stage, StageChange, check_transition
from domain.pipeline.validation import as_form, clean_text, validate_prospect
from domain.ports import FirmUnitOfWork


def require_pipeline(uow: FirmUnitOfWork, principal: Principal | None) -> None:
    """A staff member of this firm allowed to see fees; None is the trusted command line."""
    require_staff(uow, principal)
    if principal is not None and not principal.can(Permission.SEE_MONEY):
        raise PermissionDenied()


def _get(uow: FirmUnitOfWork, prospect_id: int) -> Prospect:
    prospect = uow.prospects.get(prospect_id)
    if prospect is None:
        raise NotFound("Prospect introuvable dans ce cabinet.")
    return prospect


def _check_owner(uow: FirmUnitOfWork, owner_id: int | None) -> None:
    if owner_id is not None:
        owner = uow.users.get(owner_id)
        if owner is None or not owner.role.is_staff or not owner.is_active:
            raise InvalidInput("Le responsable choisi n'est pas un utilisateur actif du cabinet.")


def _record_stage(uow: FirmUnitOfWork, actor_id: int | None, clock: Clock, prospect: Prospect, stage: Stage, *,
                  lost_reason: str = "", client_id: int | None = None) -> None:
    today = clock.today()
    uow.prospects.set_stage(prospect.id, stage, on=today, lost_reason=lost_reason,
                            closed_on=today if stage.is_closed else None,
                            client_id=client_id if client_id is not None else prospect.client_id)
    uow.prospects.record_stage_change(StageChange(prospect.id, prospect.stage, stage, today, clock.now(), actor_id))


def create_prospect(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, form: dict[str, object],
                    owner_id: int | None = None) -> Prospect:
    require_pipeline(uow, principal)
    today = clock.today()
    blank = Prospect(id=0, name="", owner_id=owner_id, created_on=today, stage_changed_on=today)
    draft = validate_prospect(form, blank)
    with uow:
        _check_owner(uow, owner_id)
        prospect = uow.prospects.add(draft)
        creation = StageChange(prospect.id, None, Stage.NEW, today, clock.now(), actor_id(principal))
        uow.prospects.record_stage_change(creation)
        uow.audit.record(Action.PROSPECT_CREATE, actor_id(principal), "prospect", str(prospect.id),
                         {"nom": prospect.name, "honoraires espérés": eur_cents(prospect.expected_fees_cents)},
                         at=clock.now())
        uow.commit()
        return prospect


def update_prospect(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, prospect_id: int,
                    form: dict[str, object], owner_id: int | None = None) -> None:
    """Change the descriptive fields and the owner (the stage moves through `move_stage`)."""
    require_pipeline(uow, principal)
    with uow:
        before = _get(uow, prospect_id)
        after = validate_prospect(form, replace(before, owner_id=owner_id))
        _check_owner(uow, owner_id)
        old, new = as_form(before), as_form(after)
        changes = {k: f"{old[k] or '—'} → {new[k] or '—'}" for k in new if old[k] != new[k]}
        if before.owner_id != after.owner_id:
            changes["responsable"] = f"{before.owner_id} → {after.owner_id}"
        if not changes:
            return
        uow.prospects.update(after)
        uow.audit.record(Action.PROSPECT_UPDATE, actor_id(principal), "prospect", str(prospect_id),
                         {k: str(v) for k, v in changes.items()}, at=clock.now())
        uow.commit()


def move_stage(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, prospect_id: int, stage: Stage,
               reason: str = "") -> None:
    """Move a prospect to `stage`; "Perdu" needs `reason`; reopening a lost prospect clears its reason."""
    require_pipeline(uow, principal)
    stage = Stage(stage)
    reason = clean_text(reason, "lost_reason") if stage is Stage.LOST else ""
    with uow:
        prospect = _get(uow, prospect_id)
        if prospect.stage is stage:
            return
        check_transition(prospect.stage, stage, reason)
        _record_stage(uow, actor_id(principal), clock, prospect, stage, lost_reason=reason)
        details = {"nom": prospect.name, "étape": f"{prospect.stage.label} → {stage.label}"}
        if reason:
            details["raison"] = reason
        uow.audit.record(Action.PROSPECT_STAGE, actor_id(principal), "prospect", str(prospect_id), details,
                         at=clock.now())
        uow.commit()


def advance_on_quote_sent(uow: FirmUnitOfWork, actor_id: int | None, clock: Clock, prospect_id: int) -> None:
    """Inside an open unit of work, no commit: a quote was sent to this prospect, so a Nouveau or
    Qualifié prospect moves to "Devis envoyé"; any other stage is left as it is."""
    prospect = _get(uow, prospect_id)
    if prospect.stage not in (Stage.NEW, Stage.QUALIFIED):
        return
    _record_stage(uow, actor_id, clock, prospect, Stage.QUOTE_SENT)
    uow.audit.record(Action.PROSPECT_STAGE, actor_id, "prospect", str(prospect_id),
                     {"nom": prospect.name, "étape": f"{prospect.stage.label} → {Stage.QUOTE_SENT.label}",
                      "raison": "devis envoyé"}, at=clock.now())


def _client_form(prospect: Prospect) -> dict[str, str]:
    return {"kind": prospect.kind.value, "name": prospect.name, "siren": prospect.siren or "",
            "legal_form": prospect.legal_form, "address_line": prospect.address_line,
            "postal_code": prospect.postal_code, "city": prospect.city, "email": prospect.email,
            "phone": prospect.phone, "notes": prospect.notes}


def _client_for(uow: FirmUnitOfWork, prospect: Prospect) -> tuple[Client, bool]:
    """The client a prospect becomes: the firm's client with the same SIREN if there is one (linked,
    not duplicated), else a new client from the prospect's fields. Returns (client, created)."""
    if prospect.client_id is not None and (linked := uow.clients.get(prospect.client_id)) is not None:
        return linked, False
    if prospect.kind is ClientKind.COMPANY and not prospect.siren:
        raise InvalidInput(f"Renseignez le SIREN de « {prospect.name} » avant de le convertir en client "
                           "(une société est identifiée par son SIREN).")
    if prospect.siren and (holder := uow.clients.find_by_siren(prospect.siren)) is not None:
        return holder, False
    owner = uow.users.get(prospect.owner_id) if prospect.owner_id is not None else None
    partner_id = owner.id if owner is not None and owner.role.is_staff and owner.is_active else None
    return uow.clients.add(validate_client(_client_form(prospect), partner_id=partner_id)), True


def signatory_contact(prospect: Prospect, client: Client) -> Contact | None:
    """The person the firm dealt with becomes the new company client's executive contact, who signs the
    engagement letter: nobody retypes them. None for an individual (who signs personally) or no name."""
    name = prospect.contact_name.split()
    if client.kind is not ClientKind.COMPANY or not name:
        return None
    first, last = (name[0], " ".join(name[1:])) if len(name) > 1 else ("", name[0])
    return Contact(id=0, client_id=client.id, first_name=first, last_name=last, role=ContactRole.EXECUTIVE,
                   email=prospect.email, phone=prospect.phone, is_signatory=True)


def convert_in_transaction(uow: FirmUnitOfWork, actor_id: int | None, clock: Clock, prospect_id: int) -> Client:
    """Inside an open unit of work, no commit: the prospect becomes (or is linked to) a client and is
    marked won. A lost prospect must be reopened first. Converting twice returns the same client."""
    prospect = _get(uow, prospect_id)
    if prospect.stage is Stage.LOST:
        raise InvalidInput(f"« {prospect.name} » est perdu : rouvrez-le avant de le convertir en client.")
    client, created = _client_for(uow, prospect)
    if prospect.stage is Stage.WON and prospect.client_id == client.id:
        return client
    if prospect.stage is Stage.WON:
        uow.prospects.set_stage(prospect.id, Stage.WON, on=prospect.stage_changed_on, lost_reason="",
                                closed_on=prospect.closed_on, client_id=client.id)
    else:
        _record_stage(uow, actor_id, clock, prospect, Stage.WON, client_id=client.id)
    if created:
        uow.audit.record(Action.CLIENT_CREATE, actor_id, "client", str(client.id),
                         {"nom": client.name, "SIREN": client.siren or "", "origine": "prospect"}, at=clock.now())
        if (contact := signatory_contact(prospect, client)) is not None:
            contact = uow.contacts.add(contact)
            uow.audit.record(Action.CONTACT_CREATE, actor_id, "contact", str(contact.id),
                             {"client": client.name, "nom": contact.full_name, "signataire": "oui"}, at=clock.now())
    uow.audit.record(Action.PROSPECT_CONVERT, actor_id, "prospect", str(prospect.id),
                     {"nom": prospect.name, "client": client.name, "client_id": str(client.id),
                      "client existant": "non" if created else "oui"}, at=clock.now())
    return client


def convert_to_client(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, prospect_id: int) -> Client:
    """"Convertir en client": a won or open prospect becomes a client of the firm (or is linked to the
    client that already has its SIREN) and is marked won."""
    require_pipeline(uow, principal)
    with uow:
        client = convert_in_transaction(uow, actor_id(principal), clock, prospect_id)
        uow.commit()
        return client

