"""Ports of documents and analytics: invoices, e-invoicing, PDF rendering, secrets, the `sql/` views."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Protocol

from domain.invoicing.model import ConformityProblem, Invoice
from domain.invoicing.records import InvoiceFilter, InvoiceSummary, Issuance, StoredInvoice
from domain.invoicing.sheet import InvoiceSheet


class InvoiceRepo(Protocol):
    """Invoices and credit notes (domain.invoicing). An issued invoice is immutable: every write but
    `record_mail` applies to drafts only and raises InvalidInput on an issued one."""

    def get(self, invoice_id: int) -> StoredInvoice | None: ...  # with its lines
    def many(self, invoice_ids: Iterable[int]) -> dict[int, StoredInvoice]: ...  # by id, unknown ids left out
    def list(self, criteria: InvoiceFilter) -> list[InvoiceSummary]: ...  # newest first
    def pdf(self, invoice_id: int) -> bytes | None: ...  # the Factur-X PDF exactly as issued
    def xml(self, invoice_id: int) -> bytes | None: ...
    def add_draft(self, invoice: StoredInvoice, at: datetime) -> StoredInvoice: ...
    def add_drafts(self, invoices: Sequence[StoredInvoice], at: datetime) -> list[StoredInvoice]: ...  # in order
    def update_draft(self, invoice: StoredInvoice) -> None: ...  # terms, snapshots, lines
    def delete_draft(self, invoice_id: int) -> None: ...  # releases what it billed (instalments, time, units)
    def set_problems(self, invoice_id: int, problems: tuple[ConformityProblem, ...]) -> None: ...  # draft only
    def problems_of(self, invoice_ids: list[int]) -> dict[int, tuple[ConformityProblem, ...]]: ...  # drafts refused
    def issue(self, invoice_id: int, document: Invoice, *, pdf: bytes, xml: bytes, sha256: str, at: datetime,
              by: int | None) -> None: ...  # the draft becomes `document`, with the bytes sent
    def issue_many(self, issuances: Sequence[Issuance], *, at: datetime, by: int | None) -> None: ...  # all or none
    def record_mail(self, invoice_id: int, recipient: str, outbox_id: int) -> None: ...  # once


class EInvoicing(Protocol):
    """Factur-X EN 16931 at the edge: the XML of an invoice, its offline checks, its PDF/A-3 embedding."""

    def xml(self, invoice: Invoice) -> bytes: ...
    def validate(self, xml: bytes) -> list[ConformityProblem]: ...  # [] when the XSD and schematrons pass
    def embed(self, pdf: bytes, xml: bytes, *, title: str, author: str) -> bytes: ...


class DocumentRenderer(Protocol):
    """PDF/A-3b bytes: the firm's letters and quotes from HTML (WeasyPrint), invoices drawn from their sheet."""

    def pdf(self, html: str) -> bytes: ...
    def invoice_pdf(self, sheet: InvoiceSheet) -> bytes: ...


class SecretCipher(Protocol):
    """Symmetric encryption of integration secrets at rest."""

    def encrypt(self, plaintext: str) -> str: ...
    def decrypt(self, token: str) -> str: ...


class Analytics(Protocol):
    """Runs a view of `sql/` (by file name) over the firm's committed data; rows as dicts column → value."""

    def rows(self, view: str, **params: object) -> list[dict[str, object]]: ...

    def load(self, *views: str, **params: object) -> None:
        """Reads ahead the tables these views will read, all at once (the parameters of their narrowed sources)."""
        ...

    def loaded_at(self, *views: str) -> datetime | None:
        """When the data these views last ran on was read (UTC), None before any run."""
        ...
