"""Helpers of the collections tests on a database: an issued invoice of 1 341,90 € TTC for a client, fast
(one small real PDF/A reused), and the state a refused command must leave untouched."""

from domain.audit import AuditFilter
from tests.integration.invoices_support import OnePageRenderer, add_client, issue, new_draft, ready_to_invoice, uow


def issued_invoice(firm, client=None):
    """(client, issued StoredInvoice); the invoice is issued on the clock's day, due 30 days later."""
    client = client or add_client(firm)
    draft = new_draft(firm, client.id)
    return client, issue(firm, draft.id, renderer=OnePageRenderer()).invoice


def collections_state(firm) -> dict:
    with uow(firm) as u:
        return {"payments": u.collections.payments(), "lines": u.collections.bank_lines(),
                "mappings": u.collections.mappings(), "reminders": u.collections.reminders(),
                "outbox": len(u.outbox.list()), "audit": len(u.audit.search(AuditFilter()))}


__all__ = ["add_client", "collections_state", "issued_invoice", "ready_to_invoice", "uow"]
