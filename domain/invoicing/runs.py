"""Billing runs: prepare the month's drafts, adjust the time they bill, issue a selection in bulk.

Issuing in bulk is built for speed and for being killed at any moment:

1. **check** every selected draft (French rules, CII XML, XSD and both schematrons) with the number it would
   get; a refused draft stays a draft with its rule ids and messages stored (`invoices.problems`), the others
   have theirs cleared. The checks are spread over the cores by the `FacturXBatch` adapter. Commit per chunk.
2. **issue** the passing drafts in batches, one transaction per batch: each draft's snapshots are taken again
   and must be those checked (else it is checked again); then the numbers are allocated (the series row stays
   locked until the commit), the PDFs rendered and embedded over the cores, and each invoice goes through
   `services.complete_issue` (bytes, sales journal, audit, mail), then commit.

A kill rolls back the open batch only: its drafts are still drafts, their numbers were never consumed, and the
batches before are complete. Running again picks up the drafts still to issue, so numbers stay gapless and
in the order of issue.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from domain.access.model import Permission, Principal
from domain.audit import Action
from domain.clock import Clock
from domain.errors import InvalidInput, NotFound
from domain.firm.guards import actor_id, require_staff
from domain.formatting import eur_cents
from domain.invoicing import billing, deposits, drafting, services
from domain.invoicing.billing import BillingPeriod, Proposal
from domain.invoicing.model import ConformityProblem, Invoice
from domain.invoicing.records import InvoiceDraft, InvoiceFilter, InvoiceStatus, InvoiceSummary, StoredInvoice
from domain.ports import DocumentRenderer, EInvoicing, FirmUnitOfWork
from domain.ports.billing import FacturXBatch, FacturXJob, TimeBilling

Progress = Callable[[int, int, str], None]  # (steps done, steps in all, French message)
BATCH_SIZE = 50
FRENCH_RULES = "Règles françaises"


class InProcessBatch:
    """`FacturXBatch` without a pool: the ordinary adapters called one invoice after the other (tests, small
    runs, or where no pool is wired)."""

    def __init__(self, documents: DocumentRenderer, einvoicing: EInvoicing) -> None:
        self.documents, self.einvoicing = documents, einvoicing

    def check_many(self, invoices: Sequence[Invoice]) -> list[tuple[bytes, list[ConformityProblem]]]:
        return [(xml, self.einvoicing.validate(xml)) for xml in (self.einvoicing.xml(i) for i in invoices)]

    def xml(self, invoice: Invoice) -> bytes:
        return self.einvoicing.xml(invoice)

    def make_many(self, jobs: Sequence[FacturXJob]) -> list[bytes]:
        return [self.einvoicing.embed(self.documents.pdf(job.html), job.xml, title=job.title, author=job.author)
                for job in jobs]


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
        created = []
        for proposed in proposal.drafts:
            draft = drafting.checked_draft(InvoiceDraft(
                client_id=proposed.client_id, lines=proposed.lines, period_start=proposed.period_start,
                period_end=proposed.period_end, engagement_id=proposed.engagement_id,
                mission_id=proposed.mission_id), today)
            client = services._client(uow, draft.client_id)
            stored = uow.invoices.add_draft(StoredInvoice(
                id=0, status=InvoiceStatus.DRAFT, client_id=client.id,
                document=services._draft_document(uow, draft, client, today), created_on=today,
                engagement_id=draft.engagement_id, mission_id=draft.mission_id, created_by=actor,
                billing_period=period.key), at=clock.now())
            uow.billing.reserve(stored.id, instalment_ids=proposed.instalment_ids, entry_ids=proposed.entry_ids,
                                units=proposed.units, time=proposed.time)
            if paid_deposits.get(client.id):
                deposits.apply_deposits(uow, stored, set(proposed.mission_ids), paid_deposits[client.id], fresh=True)
            uow.audit.record(Action.INVOICE_DRAFT_CREATE, actor, "invoice", str(stored.id),
                             dict(services._summary(stored), facturation=period.key), at=clock.now())
            created.append(stored.id)
        uow.commit()
    return Prepared(proposal, tuple(created))


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


# --- bulk issue ----------------------------------------------------------------------------------------

@dataclass
class RunReport:
    issued: list[tuple[int, str]] = field(default_factory=list)  # (invoice id, number), in the order of issue
    refused: dict[int, tuple[ConformityProblem, ...]] = field(default_factory=dict)
    skipped: list[int] = field(default_factory=list)  # already issued, or no longer there


def _chunks(items: Sequence, size: int):
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _french(problems: list[str]) -> tuple[ConformityProblem, ...]:
    return tuple(ConformityProblem(FRENCH_RULES, "", problem) for problem in problems)


def issue_run(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, batch: FacturXBatch,
              invoice_ids: Sequence[int], progress: Progress | None = None,
              batch_size: int = BATCH_SIZE) -> RunReport:
    """Check, then issue, the selected drafts (module docstring). Restartable: an invoice already issued is
    skipped. Raises only on a failure of the machinery (the open batch is then rolled back)."""
    require_staff(uow, principal, Permission.INVOICE)
    if batch_size < 1:
        raise InvalidInput("La taille des lots doit être d'au moins 1.")
    report, ids = RunReport(), list(dict.fromkeys(invoice_ids))
    steps, done = 2 * len(ids), 0
    tell = progress or (lambda *_: None)
    with uow:
        firm = uow.firm.get()
        checked: list[tuple[int, Invoice]] = []
        for chunk in _chunks(ids, batch_size):
            checked += _check(uow, clock, batch, firm, chunk, report)
            uow.commit()
            done += len(chunk)
            tell(done, steps, f"Contrôle des brouillons : {done} / {len(ids)}")
        done = len(ids) + len(ids) - len(checked)  # refused or skipped drafts have nothing left to do
        logo = uow.firm.logo() if firm.has_logo else None
        for chunk in _chunks(checked, batch_size):
            try:
                _issue_batch(uow, actor_id(principal), clock, batch, firm, logo, chunk, report)
                uow.commit()
            except BaseException:
                uow.rollback()
                raise
            done += len(chunk)
            tell(done, steps, f"Émission : {len(report.issued)} facture(s) émise(s)")
    return report


def _check(uow: FirmUnitOfWork, clock: Clock, batch: FacturXBatch, firm, ids: Sequence[int],
           report: RunReport) -> list[tuple[int, Invoice]]:
    pending, passing = [], []
    for invoice_id in ids:
        draft = uow.invoices.get(invoice_id)
        if draft is None or not draft.is_draft:
            report.skipped.append(invoice_id)
            continue
        prepared, problems = services.prepare_issue(uow, clock, draft, firm)
        if problems:
            report.refused[invoice_id] = _french(problems)
        else:
            pending.append(prepared)
    for prepared, (_xml, findings) in zip(pending, batch.check_many([p.invoice for p in pending]), strict=True):
        blocking = tuple(f for f in findings if f.blocking)
        if blocking:
            report.refused[prepared.draft.id] = blocking
        else:
            passing.append((prepared.draft.id, prepared.invoice))
        if blocking or prepared.draft.problems:
            uow.invoices.set_problems(prepared.draft.id, blocking)
    for invoice_id, problems in report.refused.items():
        if invoice_id in ids:
            uow.invoices.set_problems(invoice_id, problems)
    return passing


def _issue_batch(uow: FirmUnitOfWork, actor: int | None, clock: Clock, batch: FacturXBatch, firm, logo,
                 chunk: Sequence[tuple[int, Invoice]], report: RunReport) -> None:
    """One transaction: everything checked before any number is taken, so a refusal never leaves a gap."""
    ready = []
    for invoice_id, checked in chunk:
        draft = uow.invoices.get(invoice_id)
        if draft is None or not draft.is_draft:  # issued by someone else since the check
            report.skipped.append(invoice_id)
            continue
        pending, problems = services.prepare_issue(uow, clock, draft, firm)
        refusal = _french(problems)
        if not refusal and pending.invoice != checked:  # changed since the check: check it again
            refusal = tuple(f for f in batch.check_many([pending.invoice])[0][1] if f.blocking)
        if refusal:
            report.refused[invoice_id] = refusal
            uow.invoices.set_problems(invoice_id, refusal)
            continue
        ready.append(pending)
    numbered = [services.allocate_number(uow, pending) for pending in ready]
    jobs, xmls = [], []
    for pending in numbered:
        # The content was checked with the placeholder number; only the number (same series format, checked by
        # the French rules) differs, so the XML is written again without running the schematrons twice.
        xml = batch.xml(pending.invoice)
        xmls.append(xml)
        jobs.append(FacturXJob(services.invoice_html(uow, pending, logo), xml, pending.title, firm.identity.name))
    for pending, xml, facturx in zip(numbered, xmls, batch.make_many(jobs), strict=True):
        services.complete_issue(uow, actor, clock, pending, xml=xml, facturx=facturx, reread=False)
        report.issued.append((pending.draft.id, pending.invoice.number))
