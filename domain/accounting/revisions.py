"""Fee indexation commands: the table shown to the partner, then the revisions applied (rules in indexation.py).

Applying recomputes everything inside its transaction from the database (never from what the page showed),
so an index or an instalment changed meanwhile is taken into account; an engagement that is no longer
revisable is refused with the reason, and nothing is written.
"""

from datetime import date

from domain.access.model import Permission, Principal
from domain.accounting.indexation import FeeRevision, RevisionProposal, calculation, index_text, propose
from domain.audit import Action
from domain.clock import Clock
from domain.errors import InvalidInput
from domain.firm.guards import actor_id, require_staff
from domain.formatting import eur_cents
from domain.ports import FirmUnitOfWork


def _proposals(uow: FirmUnitOfWork, revision_date: date) -> list[RevisionProposal]:
    engagements = uow.fee_revisions.active_engagements()
    instalments = uow.fee_revisions.open_instalments([e.id for e, _ in engagements])
    last = uow.fee_revisions.last_revisions()
    indices = uow.syntec.list()
    return [propose(engagement, name, instalments.get(engagement.id, []), indices, revision_date,
                    last.get(engagement.id)) for engagement, name in engagements]


def revision_table(uow: FirmUnitOfWork, principal: Principal | None, revision_date: date) -> list[RevisionProposal]:
    """Every active engagement with its current fee, S0, S1 and the revised fee (or why it cannot be revised)."""
    require_staff(uow, principal, Permission.INVOICE)
    with uow:
        return _proposals(uow, revision_date)


def apply_revisions(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, revision_date: date,
                    engagement_ids: list[int]) -> list[FeeRevision]:
    """Revise the chosen engagements and their instalments from `revision_date`; recorded and audited."""
    require_staff(uow, principal, Permission.INVOICE)
    if not engagement_ids:
        raise InvalidInput("Choisissez au moins une lettre de mission à réviser.")
    with uow:
        by_id = {p.engagement.id: p for p in _proposals(uow, revision_date)}
        chosen = []
        for engagement_id in dict.fromkeys(engagement_ids):
            proposal = by_id.get(engagement_id)
            if proposal is None:
                raise InvalidInput("Lettre de mission introuvable ou terminée : rien n'a été révisé.")
            if not proposal.revisable:
                raise InvalidInput(f"{proposal.client_name} : {proposal.blocked}. Rien n'a été révisé.")
            chosen.append(proposal)
        applied = [_apply(uow, principal, clock, revision_date, p) for p in chosen]
        uow.commit()
    return applied


def _apply(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, revision_date: date,
           proposal: RevisionProposal) -> FeeRevision:
    assert proposal.s0 is not None and proposal.s1 is not None
    engagement = proposal.engagement
    uow.fee_revisions.set_annual_fee(engagement.id, proposal.new_fee_cents)
    for item in proposal.instalments:
        uow.fee_revisions.revise_instalment(item.instalment.id, item.new_amount_cents, item.new_label)
    revision = uow.fee_revisions.record(FeeRevision(
        engagement_id=engagement.id, revision_date=revision_date, s0=proposal.s0, s1=proposal.s1,
        old_fee_cents=engagement.annual_fee_cents, new_fee_cents=proposal.new_fee_cents,
        applied_by=actor_id(principal), applied_at=clock.now()))
    uow.audit.record(Action.FEE_REVISION, actor_id(principal), "engagement", str(engagement.id), {
        "client": proposal.client_name, "date de révision": f"{revision_date:%d/%m/%Y}",
        "S0": f"{index_text(proposal.s0.value)} ({proposal.s0.month:%m/%Y})",
        "S1": f"{index_text(proposal.s1.value)} ({proposal.s1.month:%m/%Y})",
        "calcul": calculation(engagement.annual_fee_cents, proposal.s0, proposal.s1),
        "avant": eur_cents(engagement.annual_fee_cents), "après": eur_cents(proposal.new_fee_cents),
        "échéances révisées": len(proposal.instalments)}, at=clock.now())
    return revision
