"""The Chorus Pro codes of one engagement (DOMAIN.md §2c): a public buyer often gives each market its own
service code (BT-10) and legal commitment number (BT-13); the invoices of that engagement then carry them
instead of the client's (`drafting.buyer_of`). Empty: the client's codes apply."""

from domain.access.model import Permission, Principal
from domain.audit import Action
from domain.clients.public_sector import commitment_number, service_code
from domain.clock import Clock
from domain.engagements.model import Engagement
from domain.errors import InvalidInput, NotFound
from domain.firm.guards import actor_id, require_staff
from domain.ports import FirmUnitOfWork


def set_engagement_codes(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, engagement_id: int,
                         service_text: str | None, commitment_text: str | None) -> Engagement:
    """Store the engagement's own codes ("" for either: the client's); audited with the values before. Only a
    public-sector client's engagement has any; bad input changes nothing."""
    require_staff(uow, principal, Permission.INVOICE)
    code, commitment = service_code(service_text), commitment_number(commitment_text)
    with uow:
        engagement = uow.engagements.get(engagement_id)
        if engagement is None:
            raise NotFound("Mission introuvable dans ce cabinet.")
        client = uow.clients.get(engagement.client_id)
        if (code or commitment) and (client is None or client.public is None):
            raise InvalidInput("Ce client n'est pas un acheteur public : ses factures ne passent pas par Chorus Pro. "
                               "Cochez d'abord « Client public » dans sa fiche.")
        before = (engagement.chorus_service_code, engagement.chorus_commitment_number)
        if before == (code, commitment):
            return engagement
        uow.engagements.set_chorus_codes(engagement_id, code, commitment)
        uow.audit.record(Action.ENGAGEMENT_CHORUS_CODES, actor_id(principal), "engagement", str(engagement_id),
                         {"client": client.name if client else "", "code service": code or "celui du client",
                          "numéro d'engagement": commitment or "celui du client",
                          "avant": " / ".join(value or "celui du client" for value in before)}, at=clock.now())
        uow.commit()
        return uow.engagements.get(engagement_id)
