"""Issued invoices whose PDF is rendered on first request, then stored like any other.

The demo's history (invoices older than a few months, see data/seeding/invoicing.py) is stored issued with
its number, snapshots, lines and the exact EN 16931 XML, but without PDF: rendering thousands of PDFs would
keep `make run` waiting for minutes. Such a row carries the explicit marker `pdf_deferred` (the database
refuses an issued row without PDF otherwise). The first time anything needs the bytes (a download, an
export, a Chorus Pro deposit), `ensure_pdf` renders the invoice from its stored snapshot with the same
template and renderer as at issue, embeds the stored XML byte for byte (never a regenerated one: the XML is
what was "issued"), stores the Factur-X bytes and their SHA-256, and audits it. From then on the invoice is
like any other: the same bytes every time.

Every path that hands out an invoice's PDF must go through `ensure_pdf` (or `pdf_for_download`):
`InvoiceRepo.pdf` alone returns None for a deferred invoice.
"""

import hashlib
from collections.abc import Callable

from domain.access.model import Permission, Principal
from domain.audit import Action
from domain.clock import Clock, SystemClock
from domain.errors import InvalidInput, NotFound
from domain.firm.guards import require_staff
from domain.invoicing import document
from domain.invoicing.model import InvoiceExportError
from domain.ports import DocumentRenderer, EInvoicing, FacturXBatch, FirmUnitOfWork
from domain.ports.billing import FacturXJob

CHUNK = 50  # invoices rendered per transaction by `render_pending`


def _job(uow: FirmUnitOfWork, invoice_id: int, firm, logo) -> FacturXJob | None:
    """What the pool needs to make one deferred invoice's Factur-X, None if it is no longer pending."""
    stored, xml = uow.invoices.get(invoice_id), uow.invoices.xml(invoice_id)
    if stored is None or not xml or not uow.deferred_pdfs.is_pending(invoice_id):
        return None
    invoice = stored.document
    return FacturXJob(sheet=document.invoice_sheet(invoice, firm.identity, logo), xml=xml,
                      title=f"{invoice.kind.label} {invoice.number}", author=invoice.seller.name)


def render_pending(uow: FirmUnitOfWork, batch: FacturXBatch, invoice_ids: list[int] | None = None,
                   clock: Clock | None = None, progress: Callable[[int, int], None] | None = None) -> int:
    """Render and store the PDFs still deferred (all of the firm's, or those of `invoice_ids`), spread over the
    cores by `batch`, one transaction per chunk: a stop loses at most the chunk in progress, which the next call
    renders. Trusted callers (exports, the command line). Returns how many were rendered here."""
    clock = clock or SystemClock()
    with uow:
        pending = uow.deferred_pdfs.pending_ids()
    if invoice_ids is not None:
        wanted = set(invoice_ids)
        pending = [i for i in pending if i in wanted]
    rendered = 0
    for start in range(0, len(pending), CHUNK):
        with uow:
            firm = uow.firm.get()
            logo = uow.firm.logo() if firm.has_logo else None
            jobs = {i: job for i in pending[start:start + CHUNK] if (job := _job(uow, i, firm, logo))}
            for invoice_id, facturx in zip(jobs, batch.make_many(list(jobs.values())), strict=True):
                digest = hashlib.sha256(facturx).hexdigest()
                if uow.deferred_pdfs.store(invoice_id, facturx, digest):
                    rendered += 1
                    uow.audit.record(Action.INVOICE_PDF_RENDER, None, "invoice", str(invoice_id),
                                     {"document": jobs[invoice_id].title, "sha256": digest, "octets": len(facturx)},
                                     at=clock.now())
            uow.commit()
        if progress:
            progress(min(start + CHUNK, len(pending)), len(pending))
    return rendered


def ensure_pdf(uow: FirmUnitOfWork, documents: DocumentRenderer, einvoicing: EInvoicing, invoice_id: int,
               clock: Clock | None = None) -> bytes:
    """The Factur-X PDF of an issued invoice or credit note, rendered and stored first if it was deferred.

    Trusted callers only (the command line, exports, services that checked the permission already). When it
    renders, it commits its own write: call it outside any transaction with pending writes of yours.
    InvalidInput for a draft (no PDF before issue), NotFound for an invoice of another firm."""
    clock = clock or SystemClock()
    with uow:
        pdf = uow.invoices.pdf(invoice_id)
        if pdf is not None:
            return pdf
        stored = uow.invoices.get(invoice_id)
        if stored is None:
            raise NotFound("Facture introuvable dans ce cabinet.")
        if stored.is_draft:
            raise InvalidInput(f"La facture {stored.reference} est un brouillon : elle n'a pas encore de PDF.")
        if not uow.deferred_pdfs.is_pending(invoice_id):  # issued without PDF and without the marker: impossible
            raise InvoiceExportError(f"{stored.kind.label} {stored.reference} n'a pas de PDF enregistré.")
        xml = uow.invoices.xml(invoice_id)
        if not xml:
            raise InvoiceExportError(f"{stored.kind.label} {stored.reference} n'a pas de XML enregistré.")
        invoice = stored.document
        firm = uow.firm.get()
        sheet = document.invoice_sheet(invoice, firm.identity, uow.firm.logo() if firm.has_logo else None)
        facturx = einvoicing.embed(documents.invoice_pdf(sheet), xml, title=f"{invoice.kind.label} {invoice.number}",
                                   author=invoice.seller.name)
        digest = hashlib.sha256(facturx).hexdigest()
        if not uow.deferred_pdfs.store(invoice_id, facturx, digest):
            uow.rollback()  # another request stored it between our read and our write: theirs are the bytes
            pdf = uow.invoices.pdf(invoice_id)
            assert pdf is not None
            return pdf
        uow.audit.record(Action.INVOICE_PDF_RENDER, None, "invoice", str(invoice_id),
                         {"numéro": invoice.number, "sha256": digest, "octets": len(facturx)}, at=clock.now())
        uow.commit()
        return facturx


def pdf_for_download(uow: FirmUnitOfWork, principal: Principal | None, documents: DocumentRenderer,
                     einvoicing: EInvoicing, invoice_id: int, clock: Clock | None = None) -> bytes | None:
    """What the invoices page offers to download: the stored bytes, rendered first if deferred; None for a
    draft. Needs Permission.INVOICE, like `queries.stored_pdf`."""
    require_staff(uow, principal, Permission.INVOICE)
    with uow:
        stored = uow.invoices.get(invoice_id)
        if stored is None or stored.is_draft:
            return None
    return ensure_pdf(uow, documents, einvoicing, invoice_id, clock)
