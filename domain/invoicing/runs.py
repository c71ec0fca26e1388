"""Billing runs: prepare the month's drafts, adjust the time they bill; issuing a selection in bulk is in
`bulk_issue` (re-exported here: `runs.issue_run`, `runs.InProcessBatch`, `runs.RunReport`)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace

from domain.access.model import Permission, Principal
from domain.audit import Action, AuditEntry
from domain.clock import Clock
from domain.errors import InvalidInput, NotFound
from domain.firm.guards import actor_id, require_staff
from domain.formatting import eur_cents
from domain.invoicing import billing, deposits, drafting, services
from domain.invoicing.billing import BillingPeriod, Proposal
from domain.invoicing.bulk_issue import (  # noqa: F401 (re-exported: the run's public face)
    BATCH_SIZE,
    FRENCH_RULES,
    InProcessBatch,
    Progress,
    RunReport,
    issue_run,
)
from domain.invoicing.model import ConformityProblem
from domain.invoicing.records import InvoiceDraft, InvoiceFilter, InvoiceStatus, InvoiceSummary, StoredInvoice
from domain.ports import FirmUnitOfWork
from domain.ports.billing import TimeBilling

# --- proposal and drafts ---------------------------------------------------------------------------------

def propose_run(uow: FirmUnitOfWork, principal: Principal | None, period: BillingPeriod) -> Proposal:
    """What the month's run would draft; nothing is written."""
    require_staff(uow, principal, Permission.INVOICE)
    with uow:
        return _proposal(uow, period)


def _proposal(uow: FirmUnitOfWork, period: BillingPeriod) -> Proposal:
    instalments = uow.billing.due_instalments(period.first, period.last)
    time = uow.billing.unbilled_time(period.last)
    units = uow.billing.unbilled_units()
    client_ids = sorted({i.client_id for i in instalments} | {t.client_id for t in time}
                        | {u.client_id for u in units})
    names = uow.clients.names(client_ids) if client_ids else {}
    return billing.propose(period, instalments=instalments, time=time, units=units, client_names=names,
                           grades={g.id: g.label for g in uow.grades.list()}, rates=uow.grades.rates(),
                           archived=uow.billing.archived_clients(client_ids))


@dataclass(frozen=True, slots=True)
class Prepared:
    proposal: Proposal
    invoice_ids: tuple[int, ...]


def prepare_run(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, period: BillingPeriod) -> Prepared:
    """Create the proposal's drafts, each reserving what it bills, in one transaction (all or nothing)."""
    require_staff(uow, principal, Permission.INVOICE)
    today, actor = clock.today(), actor_id(principal)
    with uow:
        proposal = _proposal(uow, period)
        paid_deposits = defaultdict(list)  # client → deposits a draft of theirs may deduct
        for deposit in uow.deposits.deductible(None):
            paid_deposits[deposit.client_id].append(deposit)
        drafts = [drafting.checked_draft(InvoiceDraft(
            client_id=proposed.client_id, lines=proposed.lines, period_start=proposed.period_start,
            period_end=proposed.period_end, engagement_id=proposed.engagement_id, mission_id=proposed.mission_id),
            today) for proposed in proposal.drafts]
        created = uow.invoices.add_drafts([StoredInvoice(
            id=0, status=InvoiceStatus.DRAFT, client_id=draft.client_id, document=document, created_on=today,
            engagement_id=draft.engagement_id, mission_id=draft.mission_id, created_by=actor,
            billing_period=period.key) for draft, document in zip(
                drafts, services.draft_documents(uow, drafts, today), strict=True)], at=clock.now())
        for proposed, stored in zip(proposal.drafts, created, strict=True):
            uow.billing.reserve(stored.id, instalment_ids=proposed.instalment_ids, entry_ids=proposed.entry_ids,
                                units=proposed.units, time=proposed.time)
            if paid_deposits.get(stored.client_id):
                deposits.apply_deposits(uow, stored, set(proposed.mission_ids), paid_deposits[stored.client_id],
                                        fresh=True)
        uow.audit.record_many([AuditEntry(Action.INVOICE_DRAFT_CREATE, "invoice", str(stored.id),
                                          dict(services.audit_summary(stored), facturation=period.key))
                               for stored in created], actor, at=clock.now())
        uow.commit()
    return Prepared(proposal, tuple(stored.id for stored in created))


@dataclass(frozen=True, slots=True)
class RunRow:
    invoice: InvoiceSummary
    problems: tuple[ConformityProblem, ...] = ()
    time: tuple[TimeBilling, ...] = ()


def run_rows(uow: FirmUnitOfWork, principal: Principal | None, period: BillingPeriod) -> list[RunRow]:
    """The drafts and invoices of the month's run, by client; refusal problems and time billed with each."""
    require_staff(uow, principal, Permission.INVOICE)
    with uow:
        summaries = uow.invoices.list(InvoiceFilter(billing_period=period.key))
        problems = uow.invoices.problems_of([s.id for s in summaries if s.status is InvoiceStatus.DRAFT])
        time: dict[int, list[TimeBilling]] = {}
        for item in uow.billing.time_billings([s.id for s in summaries]):
            time.setdefault(item.invoice_id, []).append(item)
    rows = [RunRow(s, problems.get(s.id, ()), tuple(time.get(s.id, ()))) for s in summaries]
    return sorted(rows, key=lambda r: (r.invoice.status is not InvoiceStatus.DRAFT, r.invoice.buyer_name.casefold(),
                                       r.invoice.id))


def adjust_time(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, invoice_id: int, mission_id: int,
                billed_cents: int, reason: str) -> StoredInvoice:
    """Bill another amount than the time's value for a mission of a draft: its time lines become one line of
    that amount, and the write-up/write-down (boni/mali) is recorded with its reason and audited."""
    require_staff(uow, principal, Permission.INVOICE)
    with uow:
        draft = services._get(uow, invoice_id)
        if not draft.is_draft:
            raise InvalidInput(f"La facture {draft.reference} est émise : elle ne peut plus être modifiée.")
        block = next((t for t in uow.billing.time_billings([invoice_id]) if t.mission_id == mission_id), None)
        if block is None:
            raise NotFound("Ce brouillon ne facture pas de temps passé sur cette mission.")
        reason = billing.check_adjustment(block.valued_cents, billed_cents, reason)
        lines = billing.adjusted_lines(draft.document.lines, block.mission_label, block.minutes, billed_cents)
        uow.invoices.update_draft(replace(draft, document=replace(draft.document, lines=lines)))
        uow.billing.set_billed(invoice_id, mission_id, billed_cents, reason, at=clock.now(), by=actor_id(principal))
        uow.audit.record(Action.INVOICE_DRAFT_UPDATE, actor_id(principal), "invoice", str(invoice_id),
                         {"mission": block.mission_label, "temps valorisé": eur_cents(block.valued_cents),
                          "facturé": eur_cents(billed_cents),
                          "boni/mali": eur_cents(billed_cents - block.valued_cents), "motif": reason},
                         at=clock.now())
        uow.commit()
        return services._get(uow, invoice_id)
