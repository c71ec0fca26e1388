"""Port of the invoices whose PDF is rendered on first request (domain/invoicing/deferred.py)."""

from __future__ import annotations

from typing import Protocol


class DeferredPdfRepo(Protocol):
    """Issued invoices stored with their XML but no PDF yet (seeded history, explicitly marked)."""

    def is_pending(self, invoice_id: int) -> bool: ...
    def pending_ids(self) -> list[int]: ...  # oldest first
    def store(self, invoice_id: int, pdf: bytes, sha256: str) -> bool: ...  # False: stored by another meanwhile
