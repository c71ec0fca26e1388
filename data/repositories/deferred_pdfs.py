"""Issued invoices whose Factur-X PDF waits to be rendered (seeded history, `pdf_deferred`).

Such a row already holds its number, snapshots, lines and the exact XML; only the PDF is missing. `store`
writes the bytes once and clears the marker in the same UPDATE, conditioned on the marker still being set,
so two requests racing on the same invoice cannot both store (the second finds nothing to change and reads
the first one's bytes instead)."""

from __future__ import annotations

from data.models.invoicing import InvoiceRow
from data.repositories.base import FirmScoped


class DeferredPdfRepository(FirmScoped):
    def is_pending(self, invoice_id: int) -> bool:
        """True when the invoice is issued and its PDF is still to be rendered."""
        return bool(self.session.scalar(self._select(InvoiceRow, InvoiceRow.pdf_deferred)
                                        .where(InvoiceRow.id == invoice_id)))

    def pending_ids(self) -> list[int]:
        """Every invoice of the firm still waiting for its PDF, oldest number first."""
        statement = (self._select(InvoiceRow, InvoiceRow.id).where(InvoiceRow.pdf_deferred.is_(True))
                     .order_by(InvoiceRow.issue_date, InvoiceRow.id))
        return list(self.session.scalars(statement))

    def store(self, invoice_id: int, pdf: bytes, sha256: str) -> bool:
        """The rendered bytes, once: False when another transaction stored them first (nothing changed)."""
        changed = self._update(InvoiceRow, InvoiceRow.id == invoice_id, InvoiceRow.pdf_deferred.is_(True),
                               InvoiceRow.pdf.is_(None), pdf=pdf, pdf_sha256=sha256, pdf_deferred=False)
        return changed == 1
