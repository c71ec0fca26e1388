"""Export of every issued invoice and credit note: `<number>.pdf` (the stored Factur-X bytes, exactly as sent)
and `<number>.json` (its data), for the firm's own archive or a move to another tool (CGV annex 4).

The JSON holds the document as issued (seller, buyer, lines, VAT breakdown, totals, dates, status), the invoice
a credit note corrects, and the payments posted to the bank journal against it. Amounts are decimal strings in
euros with two decimals ("1341.90"), rates percent strings ("20.00"), dates ISO 8601: exact and unambiguous for
any reader. Numbers may contain characters a file system refuses ("/"): they are replaced by "_" in file names.
"""

import json
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass
from decimal import Decimal

from domain.access.model import Permission, Principal
from domain.accounting.model import Journal, LedgerEntry
from domain.audit import Action
from domain.clock import Clock
from domain.firm.guards import actor_id, require_staff
from domain.invoicing import deferred
from domain.invoicing.model import Invoice
from domain.invoicing.records import InvoiceFilter, InvoiceStatus, StoredInvoice
from domain.ports import FacturXBatch, FirmUnitOfWork

FORMAT = "eexpi-facture/1"


@dataclass(frozen=True, slots=True)
class ExportedFile:
    name: str
    content: bytes


@dataclass(frozen=True, slots=True)
class InvoiceExport:
    files: tuple[ExportedFile, ...]
    documents: int  # invoices and credit notes exported
    without_pdf: tuple[str, ...] = ()  # numbers whose PDF is not rendered yet (deferred rendering): JSON only


def euros(cents: int) -> str:
    return f"{Decimal(cents) / 100:.2f}"


def safe_name(number: str) -> str:
    return re.sub(r"[^0-9A-Za-z._-]", "_", number) or "sans-numero"


def _party(party) -> dict:
    return asdict(party)


def _lines(invoice: Invoice) -> list[dict]:
    return [{"position": position, "label": item.label, "kind": item.kind.value, "quantity": str(item.quantity),
             "unit": item.unit.value, "unit_price_ht": euros(item.unit_price_cents),
             "vat_rate": f"{item.effective_rate:.2f}", "amount_ht": euros(item.amount_cents)}
            for position, item in enumerate(invoice.lines, start=1)]


def _payments(entries: list[LedgerEntry]) -> list[dict]:
    """Payments received for the invoice, as posted in the bank journal (a refund is negative)."""
    out = []
    for entry in entries:
        if entry.journal is not Journal.BANK:
            continue
        bank = sum(item.debit_cents - item.credit_cents for item in entry.lines if item.account.startswith("512"))
        out.append({"date": entry.piece_date.isoformat(), "amount": euros(bank), "reference": entry.piece_ref,
                    "label": entry.label, "ledger_entry": entry.reference})
    return out


def invoice_data(stored: StoredInvoice, payments: list[LedgerEntry] | None = None) -> dict:
    doc, totals = stored.document, stored.document.totals
    return {
        "format": FORMAT, "kind": doc.kind.value, "number": doc.number, "status": stored.status.value,
        "issue_date": doc.issue_date.isoformat(), "due_date": doc.due_date.isoformat() if doc.due_date else None,
        "period": {"start": doc.period_start.isoformat() if doc.period_start else None,
                   "end": doc.period_end.isoformat() if doc.period_end else None},
        "currency": "EUR", "seller": _party(doc.seller), "buyer": _party(doc.buyer),
        "credited_invoice": ({"number": doc.preceding_number,
                              "date": doc.preceding_date.isoformat() if doc.preceding_date else None}
                             if doc.preceding_number else None),
        "contract_reference": doc.contract_reference, "payment_terms": doc.payment_terms,
        "late_penalty_rate": f"{doc.late_penalty_rate:.2f}", "recovery_indemnity": euros(doc.recovery_indemnity_cents),
        "early_payment_discount": doc.early_payment_discount, "lines": _lines(doc),
        "vat_breakdown": [{"category": g.category.value, "rate": f"{g.rate:.2f}", "basis": euros(g.basis_cents),
                           "vat": euros(g.vat_cents)} for g in totals.groups],
        "totals": {"lines_ht": euros(totals.lines_cents), "ht": euros(totals.ht_cents), "vat": euros(totals.vat_cents),
                   "ttc": euros(totals.ttc_cents), "prepaid": euros(totals.prepaid_cents),
                   "due": euros(totals.due_cents)},
        "issued_at": stored.issued_at.isoformat() if stored.issued_at else None,
        "pdf_sha256": stored.pdf_sha256, "mailed_to": stored.mailed_to,
        "payments": _payments(payments or []),
    }


def invoice_json(stored: StoredInvoice, payments: list[LedgerEntry] | None = None) -> bytes:
    return json.dumps(invoice_data(stored, payments), ensure_ascii=False, indent=2, default=str).encode("utf-8")


def export_invoices(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, batch: FacturXBatch | None = None,
                    progress: Callable[[int, int], None] | None = None) -> InvoiceExport:
    """Every issued invoice and credit note of the firm, oldest first, two files each; the export is audited.
    With `batch`, the PDFs still deferred (seeded history) are rendered and stored first, so that every PDF
    exported is a complete Factur-X; without it they are listed in `without_pdf` (JSON only)."""
    require_staff(uow, principal, Permission.INVOICE)
    if batch is not None:
        deferred.render_pending(uow, batch, clock=clock, progress=progress)
    files: list[ExportedFile] = []
    without_pdf: list[str] = []
    with uow:
        summaries = sorted(uow.invoices.list(InvoiceFilter(status=InvoiceStatus.ISSUED)),
                           key=lambda s: (s.issue_date, s.number))
        for summary in summaries:
            stored, pdf = uow.invoices.get(summary.id), uow.invoices.pdf(summary.id)
            assert stored is not None
            name = safe_name(stored.document.number)
            if pdf is None:
                without_pdf.append(stored.document.number)
            else:
                files.append(ExportedFile(f"{name}.pdf", pdf))
            files.append(ExportedFile(f"{name}.json", invoice_json(stored, uow.ledger.for_invoice(summary.id))))
        uow.audit.record(Action.INVOICES_EXPORT, actor_id(principal), "invoice", "export",
                         {"factures et avoirs": len(summaries), "sans PDF": len(without_pdf)}, at=clock.now())
        uow.commit()
    return InvoiceExport(tuple(files), len(summaries), tuple(without_pdf))
