"""Commands on invoices: drafts, issue, credit notes. Each needs Permission.INVOICE in the unit of work's firm
(principal None: the trusted command line) and is audited.

Issuing happens in one transaction: French checks → next number of the series (row lock, so gapless) →
CII XML → XSD and both schematrons → PDF → Factur-X embedding → exact bytes stored → audit → mail queued.
Any failure rolls everything back, the number included: the series never skips one. The XML is checked
before the PDF is rendered (a refused invoice costs no rendering); the bytes checked are the bytes stored.
"""

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, replace

from domain.access.model import Permission, Principal
from domain.accounting import services as accounting
from domain.audit import Action, AuditEntry
from domain.clients.model import Client
from domain.clock import Clock
from domain.errors import InvalidInput, NotFound
from domain.firm.guards import actor_id, require_staff
from domain.firm.model import DocType, Firm, NumberingSeries
from domain.formatting import eur_cents
from domain.invoicing import credited_deposits, document, drafting, rules
from domain.invoicing.model import Invoice, InvoiceKind, Seller
from domain.invoicing.records import InvoiceDraft, InvoiceFilter, InvoiceStatus, Issuance, StoredInvoice
from domain.invoicing.sheet import InvoiceSheet
from domain.ports import DocumentRenderer, EInvoicing, FirmUnitOfWork

SERIES = {InvoiceKind.INVOICE: DocType.INVOICE, InvoiceKind.CREDIT_NOTE: DocType.CREDIT_NOTE}


@dataclass(frozen=True, slots=True)
class Issued:
    invoice: StoredInvoice
    mailed_to: str  # "" when the client has no address: the firm sends the PDF another way
    warnings: tuple[str, ...] = ()  # non-blocking findings of the schematrons


def _get(uow: FirmUnitOfWork, invoice_id: int) -> StoredInvoice:
    invoice = uow.invoices.get(invoice_id)
    if invoice is None:
        raise NotFound("Facture introuvable dans ce cabinet.")
    return invoice


def _billable(client: Client | None) -> Client:
    if client is None:
        raise NotFound("Client introuvable dans ce cabinet.")
    if client.archived:
        raise InvalidInput(f"Le client « {client.name} » est archivé : restaurez-le avant de le facturer.")
    return client


@dataclass(frozen=True, slots=True)
class _Named:
    """What drafts name, read once for all of them: their clients with their contacts, engagements with their
    letters, missions."""

    clients: dict[int, Client]
    contacts: dict
    engagements: dict
    letters: dict
    missions: dict

    @classmethod
    def read(cls, uow: FirmUnitOfWork, drafts: Sequence[InvoiceDraft]) -> "_Named":
        client_ids = {draft.client_id for draft in drafts}
        engagements = uow.engagements.many(d.engagement_id for d in drafts if d.engagement_id is not None)
        missions = uow.missions.many(d.mission_id for d in drafts if d.mission_id is not None)
        return cls(uow.clients.many(client_ids), uow.contacts.for_clients(client_ids), engagements,
                   uow.letters.many(e.letter_id for e in engagements.values()), {m.id: m for m in missions})

    def contract_reference(self, draft: InvoiceDraft) -> str:
        """The engagement letter the invoice bills (BT-12); the engagement and mission must be the client's."""
        reference = ""
        if draft.engagement_id is not None:
            engagement = self.engagements.get(draft.engagement_id)
            if engagement is None or engagement.client_id != draft.client_id:
                raise InvalidInput("Cette lettre de mission n'est pas celle de ce client.")
            letter = self.letters.get(engagement.letter_id)
            reference = letter.reference if letter else ""
        if draft.mission_id is not None:
            mission = self.missions.get(draft.mission_id)
            if mission is None or mission.client_id != draft.client_id:
                raise InvalidInput("Cette mission n'est pas une mission de ce client.")
        return reference


def draft_documents(uow: FirmUnitOfWork, drafts: Sequence[InvoiceDraft], on) -> list[Invoice]:
    """The documents of these drafts (checked already), in their order, as of `on`: what they name read once
    for all (a billing run's drafts). NotFound or InvalidInput for an unknown or archived client, or an
    engagement or mission that is not the client's."""
    named = _Named.read(uow, drafts)
    seller = Seller.of_firm(uow.firm.get().identity)
    documents = []
    for draft in drafts:
        client = _billable(named.clients.get(draft.client_id))
        email = drafting.billing_email(client, named.contacts.get(client.id, ()))
        documents.append(Invoice(
            kind=InvoiceKind.INVOICE, number="", issue_date=on, seller=seller,
            buyer=drafting.buyer_of(client, email, named.engagements.get(draft.engagement_id)), lines=draft.lines,
            due_date=draft.due_date, period_start=draft.period_start, period_end=draft.period_end,
            contract_reference=named.contract_reference(draft), payment_terms=draft.payment_terms,
            late_penalty_rate=draft.late_penalty_rate))
    return documents


def audit_summary(invoice: StoredInvoice) -> dict:
    """What the audit log says of an invoice."""
    totals = invoice.document.totals
    return {"référence": invoice.reference, "client": invoice.document.buyer.name,
            "total HT": eur_cents(totals.ht_cents), "total TTC": eur_cents(totals.ttc_cents),
            "lignes": len(invoice.document.lines)}


# --- drafts ----------------------------------------------------------------------------------------------

def create_draft(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, draft: InvoiceDraft) -> StoredInvoice:
    """A draft invoice for a client: no number yet (it is given at issue), nothing written on bad input."""
    require_staff(uow, principal, Permission.INVOICE)
    today = clock.today()
    draft = drafting.checked_draft(draft, today)
    with uow:
        [document] = draft_documents(uow, [draft], today)
        stored = uow.invoices.add_draft(StoredInvoice(
            id=0, status=InvoiceStatus.DRAFT, client_id=draft.client_id, document=document, created_on=today,
            engagement_id=draft.engagement_id, mission_id=draft.mission_id, created_by=actor_id(principal)),
            at=clock.now())
        uow.audit.record(Action.INVOICE_DRAFT_CREATE, actor_id(principal), "invoice", str(stored.id),
                         audit_summary(stored), at=clock.now())
        uow.commit()
        return stored


def update_draft(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, invoice_id: int,
                 draft: InvoiceDraft) -> StoredInvoice:
    """Replace a draft's client, terms and lines; an issued invoice is refused (credit it instead)."""
    require_staff(uow, principal, Permission.INVOICE)
    draft = drafting.checked_draft(draft, clock.today())
    with uow:
        before = _get(uow, invoice_id)
        if not before.is_draft:
            raise InvalidInput(f"La facture {before.reference} est émise : elle ne peut plus être modifiée. "
                               "Pour la corriger, établissez un avoir.")
        [document] = draft_documents(uow, [draft], before.created_on)
        document = replace(document,  # deposits stay deducted
                           prepaid_cents=before.document.prepaid_cents, prepaid_note=before.document.prepaid_note)
        after = replace(before, client_id=draft.client_id, engagement_id=draft.engagement_id,
                        mission_id=draft.mission_id, document=document)
        uow.invoices.update_draft(after)
        uow.audit.record(Action.INVOICE_DRAFT_UPDATE, actor_id(principal), "invoice", str(invoice_id),
                         dict(audit_summary(after), avant=eur_cents(before.document.totals.ttc_cents)), at=clock.now())
        uow.commit()
        return _get(uow, invoice_id)


def delete_draft(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, invoice_id: int) -> None:
    require_staff(uow, principal, Permission.INVOICE)
    with uow:
        invoice = _get(uow, invoice_id)
        uow.invoices.delete_draft(invoice_id)  # refuses an issued invoice
        uow.audit.record(Action.INVOICE_DRAFT_DELETE, actor_id(principal), "invoice", str(invoice_id),
                         audit_summary(invoice), at=clock.now())
        uow.commit()


# --- issue ------------------------------------------------------------------------------------------------

def issue_invoice(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, documents: DocumentRenderer,
                  einvoicing: EInvoicing, invoice_id: int) -> Issued:
    """Issue a draft: number, Factur-X PDF checked and stored, mail queued. Nothing is written when it fails."""
    require_staff(uow, principal, Permission.INVOICE)
    with uow:
        draft = _get(uow, invoice_id)
        if not draft.is_draft:
            raise InvalidInput(f"La facture {draft.reference} est déjà émise.")
        issued = _issue_in_transaction(uow, actor_id(principal), clock, documents, einvoicing, draft)
        uow.commit()
    return issued


def _conformity_refusal(label: str, problems) -> InvalidInput:
    listed = "\n".join(f"- {problem.text}" for problem in problems)
    return InvalidInput(f"{label} n'a pas été émise : le fichier Factur-X ne passe pas les contrôles "
                        f"({len(problems)} anomalie{'s' if len(problems) > 1 else ''}). Aucun numéro n'a été "
                        f"consommé.\n{listed}")


@dataclass(frozen=True, slots=True)
class PendingIssue:
    """An invoice about to be issued: firm and client snapshots retaken today, due date set, and the number it
    will carry (the series' next one as a placeholder until `allocate_number`)."""

    draft: StoredInvoice
    invoice: Invoice
    email: str
    firm: Firm
    series: NumberingSeries

    @property
    def label(self) -> str:
        return f"{self.draft.kind.label} {self.draft.reference}"

    @property
    def title(self) -> str:
        return f"{self.invoice.title} {self.invoice.number}"


def prepare_issue(uow: FirmUnitOfWork, clock: Clock, draft: StoredInvoice,
                  firm: Firm | None = None) -> tuple[PendingIssue, list[str]]:
    """The invoice as it would be issued today and the French problems that forbid it ([] when none). Inside an
    open unit of work; allocates nothing. Snapshots are taken again now: an issued invoice states the firm and
    the client as they are on its issue date."""
    return prepare_issues(uow, clock, [draft], firm)[0]


def prepare_issues(uow: FirmUnitOfWork, clock: Clock, drafts: Sequence[StoredInvoice],
                   firm: Firm | None = None) -> list[tuple[PendingIssue, list[str]]]:
    """`prepare_issue` of several drafts, in their order, reading clients, contacts, engagements and series once
    for all (a billing run's batch: a few queries instead of a few per draft)."""
    if not drafts:
        return []
    today = clock.today()
    firm = firm or uow.firm.get()
    client_ids = {draft.client_id for draft in drafts}
    clients, contacts = uow.clients.many(client_ids), uow.contacts.for_clients(client_ids)
    engagements = uow.engagements.many(d.engagement_id for d in drafts if d.engagement_id is not None)
    series = {kind: uow.numbering.get(SERIES[kind]) for kind in dict.fromkeys(draft.kind for draft in drafts)}
    prepared = []
    for draft in drafts:
        client = clients.get(draft.client_id)
        if client is None:
            raise NotFound("Client introuvable dans ce cabinet.")
        email = drafting.billing_email(client, contacts.get(client.id, ()))
        buyer = drafting.buyer_of(client, email, engagements.get(draft.engagement_id))  # Chorus Pro codes
        prepared.append(_as_issued_today(today, draft, firm, buyer, series[draft.kind]))
    return prepared


def _as_issued_today(today, draft: StoredInvoice, firm: Firm, buyer,
                     series: NumberingSeries) -> tuple[PendingIssue, list[str]]:
    base = draft.document
    invoice = replace(base, seller=Seller.of_firm(firm.identity), buyer=buyer,
                      issue_date=today, number=series.format(series.next_number, today.year),
                      due_date=base.due_date or (None if base.is_credit_note else rules.default_due_date(today)))
    return PendingIssue(draft, invoice, buyer.email, firm, series), rules.validate(invoice)


def allocate_number(uow: FirmUnitOfWork, pending: PendingIssue) -> PendingIssue:
    """The next number of the series, under its row lock (held until the transaction ends: gapless)."""
    number = uow.numbering.allocate(SERIES[pending.draft.kind])
    return replace(pending, invoice=replace(pending.invoice,
                                            number=pending.series.format(number, pending.invoice.issue_date.year)))


def invoice_sheet(uow: FirmUnitOfWork, pending: PendingIssue, logo=None) -> InvoiceSheet:
    firm = pending.firm
    logo = logo if logo is not None else (uow.firm.logo() if firm.has_logo else None)
    return document.invoice_sheet(pending.invoice, firm.identity, logo)


@dataclass(frozen=True, slots=True)
class Made:
    """An invoice ready to be stored: as issued (number allocated), its checked XML and its Factur-X PDF."""

    pending: PendingIssue
    xml: bytes
    facturx: bytes
    findings: tuple = ()  # non-blocking findings of the schematrons


def complete_issue(uow: FirmUnitOfWork, actor: int | None, clock: Clock, pending: PendingIssue, *, xml: bytes,
                   facturx: bytes, findings=()) -> Issued:
    return complete_issues(uow, actor, clock, [Made(pending, xml, facturx, tuple(findings))])[0]


def complete_issues(uow: FirmUnitOfWork, actor: int | None, clock: Clock, made: Sequence[Made], *,
                    reread: bool = True) -> list[Issued]:
    """THE one place where invoices become issued, whatever the path (one invoice, a credit note, a billing
    run's batch): the mail queued with the PDF, the exact bytes stored, the sales-journal entries numbered in
    this order, the audit. A few statements whatever their number. Inside the open unit of work of the numbers'
    allocation; no commit: one refusal (a draft issued meanwhile) and the caller rolls them all back."""
    now = clock.now()
    mailed = [m for m in made if m.pending.email]
    outbox_ids = dict(zip((m.pending.draft.id for m in mailed), uow.outbox.enqueue_many([
        document.invoice_mail(m.pending.invoice, m.pending.firm.identity, m.pending.email, m.facturx)
        for m in mailed], at=now), strict=True))
    issuances = [Issuance(m.pending.draft.id, m.pending.invoice, pdf=m.facturx, xml=m.xml,
                          sha256=hashlib.sha256(m.facturx).hexdigest(), mailed_to=m.pending.email,
                          mail_outbox_id=outbox_ids.get(m.pending.draft.id)) for m in made]
    uow.invoices.issue_many(issuances, at=now, by=actor)
    stored = [replace(m.pending.draft, status=InvoiceStatus.ISSUED, document=i.document, mailed_to=i.mailed_to,
                      mail_outbox_id=i.mail_outbox_id, pdf_sha256=i.sha256, issued_at=now, issued_by=actor,
                      problems=())
              for m, i in zip(made, issuances, strict=True)]
    accounting.post_invoices(uow, stored, at=now)  # their sales-journal entries, in the same transaction
    uow.audit.record_many([AuditEntry(
        Action.INVOICE_CREDIT if s.document.is_credit_note else Action.INVOICE_ISSUE, "invoice", str(s.id),
        dict(audit_summary(s), numéro=s.document.number, sha256=s.pdf_sha256, destinataire=s.mailed_to or "aucun"))
        for s in stored], actor, at=now)
    # A batch skips reading the rows back (it only counts what was issued).
    final = uow.invoices.many(s.id for s in stored) if reread else {s.id: s for s in stored}
    return [Issued(final[s.id], s.mailed_to, tuple(f.text for f in m.findings))
            for s, m in zip(stored, made, strict=True)]


def _issue_in_transaction(uow: FirmUnitOfWork, actor: int | None, clock: Clock, documents: DocumentRenderer,
                          einvoicing: EInvoicing, draft: StoredInvoice) -> Issued:
    """One invoice, inside an open unit of work, no commit: checks, number, XML checked before rendering (a
    refused invoice costs no PDF), PDF, embedding, then `complete_issue`."""
    pending, problems = prepare_issue(uow, clock, draft)
    if problems:
        raise InvalidInput(f"{pending.label} ne peut pas être émise : " + " ; ".join(problems))
    pending = allocate_number(uow, pending)
    xml = einvoicing.xml(pending.invoice)
    findings = einvoicing.validate(xml)
    if blocking := [f for f in findings if f.blocking]:
        raise _conformity_refusal(pending.label, blocking)
    pdf = documents.invoice_pdf(invoice_sheet(uow, pending))
    facturx = einvoicing.embed(pdf, xml, title=pending.title, author=pending.firm.identity.name)
    return complete_issue(uow, actor, clock, pending, xml=xml, facturx=facturx, findings=findings)


# --- credit notes -----------------------------------------------------------------------------------------

def credit_invoice(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, documents: DocumentRenderer,
                   einvoicing: EInvoicing, invoice_id: int, positions: Sequence[int] | None = None) -> Issued:
    """Issue a credit note on an issued invoice, of all its lines (positions None) or of the lines at the
    given 1-based positions, in the credit-note series and referencing the invoice (BT-25). The credit notes
    of an invoice never exceed its total."""
    require_staff(uow, principal, Permission.INVOICE)
    today = clock.today()
    with uow:
        invoice = _get(uow, invoice_id)
        if invoice.is_draft or invoice.kind is not InvoiceKind.INVOICE:
            raise InvalidInput("Seule une facture émise peut faire l'objet d'un avoir (un brouillon se modifie ou "
                               "se supprime).")
        lines = _credited_lines(invoice, positions)
        _refuse_deducted_deposit(uow, invoice)
        deducted = uow.deposits.deducted_by(invoice.id) if invoice.document.prepaid_cents else []
        prepaid, prepaid_note = credited_deposits.credit_terms(invoice, deducted, positions)
        note = replace(invoice.document, kind=InvoiceKind.CREDIT_NOTE, number="", issue_date=today, lines=lines,
                       due_date=None, prepaid_cents=prepaid, prepaid_note=prepaid_note, payment_terms="",
                       preceding_number=invoice.document.number, preceding_date=invoice.document.issue_date)
        earlier = sum(s.ttc_cents for s in uow.invoices.list(InvoiceFilter(credited_invoice_id=invoice.id)))
        remaining = invoice.document.totals.ttc_cents - earlier
        if note.totals.ttc_cents > remaining:
            raise InvalidInput(f"L'avoir ({eur_cents(note.totals.ttc_cents)} TTC) dépasse ce qui reste à créditer "
                               f"sur la facture {invoice.reference} ({eur_cents(max(remaining, 0))} TTC).")
        draft = uow.invoices.add_draft(StoredInvoice(
            id=0, status=InvoiceStatus.DRAFT, client_id=invoice.client_id, document=note, created_on=today,
            engagement_id=invoice.engagement_id, mission_id=invoice.mission_id, credited_invoice_id=invoice.id,
            created_by=actor_id(principal)), at=clock.now())
        issued = _issue_in_transaction(uow, actor_id(principal), clock, documents, einvoicing, draft)
        if deducted:  # after the posting, which reverses them from the credited invoice's deposits
            uow.deposits.release(invoice.id)
            uow.audit.record(Action.INVOICE_CREDIT, actor_id(principal), "invoice", str(invoice.id),
                             {"facture": invoice.reference, "acomptes remis à disposition": prepaid_note},
                             at=clock.now())
        uow.commit()
    return issued


def _refuse_deducted_deposit(uow: FirmUnitOfWork, invoice: StoredInvoice) -> None:
    """A deposit deducted by another invoice is part of that invoice's settlement: crediting the deposit alone
    would count the same money twice. That invoice is credited first (which releases the deposit)."""
    if not invoice.document.is_deposit:
        return
    holder = uow.deposits.holder_of(invoice.id)
    if holder is not None:
        raise InvalidInput(f"L'acompte {invoice.reference} est déduit par la facture {holder} : créditez d'abord "
                           "celle-ci (un avoir total la remet à disposition), ou supprimez le brouillon.")


def _credited_lines(invoice: StoredInvoice, positions: Sequence[int] | None):
    lines = invoice.document.lines
    if positions is None:
        return lines
    chosen = sorted(set(positions))
    if not chosen:
        raise InvalidInput("Choisissez au moins une ligne de la facture à créditer.")
    if chosen[0] < 1 or chosen[-1] > len(lines):
        raise InvalidInput(f"La facture {invoice.reference} n'a que {len(lines)} ligne(s).")
    return tuple(lines[p - 1] for p in chosen)
