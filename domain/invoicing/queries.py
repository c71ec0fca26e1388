"""What the invoices page reads: the list with its filters, one invoice, its credit notes, the stored PDF."""

from domain.access.model import Permission, Principal
from domain.clients.model import ClientFilter
from domain.firm.guards import require_staff
from domain.formatting import day
from domain.invoicing.records import Deposit, InvoiceFilter, InvoiceSummary, StoredInvoice
from domain.ports import FirmUnitOfWork


def list_invoices(uow: FirmUnitOfWork, principal: Principal | None,
                  criteria: InvoiceFilter | None = None) -> list[InvoiceSummary]:
    require_staff(uow, principal, Permission.INVOICE)
    with uow:
        return uow.invoices.list(criteria or InvoiceFilter())


def get_invoice(uow: FirmUnitOfWork, principal: Principal | None, invoice_id: int) -> StoredInvoice | None:
    require_staff(uow, principal, Permission.INVOICE)
    with uow:
        return uow.invoices.get(invoice_id)


def credit_notes_of(uow: FirmUnitOfWork, principal: Principal | None, invoice_id: int) -> list[InvoiceSummary]:
    return list_invoices(uow, principal, InvoiceFilter(credited_invoice_id=invoice_id))


def stored_pdf(uow: FirmUnitOfWork, principal: Principal | None, invoice_id: int) -> bytes | None:
    """The Factur-X PDF exactly as issued and mailed (None for a draft): downloads are these bytes."""
    require_staff(uow, principal, Permission.INVOICE)
    with uow:
        return uow.invoices.pdf(invoice_id)


def clients(uow: FirmUnitOfWork, principal: Principal | None) -> dict[int, str]:
    """The clients that may be invoiced (not archived), id → name, by name."""
    require_staff(uow, principal, Permission.INVOICE)
    with uow:
        return {c.id: c.name for c in uow.clients.search(ClientFilter())}


def missions_of(uow: FirmUnitOfWork, principal: Principal | None, client_id: int) -> dict[int, str]:
    """The client's missions a deposit may name, id → "label (exercice clos le …)", latest year first."""
    require_staff(uow, principal, Permission.INVOICE)
    with uow:
        missions = sorted(uow.missions.for_client(client_id), key=lambda m: (-m.fiscal_year_end.toordinal(), m.id))
        return {m.id: f"{m.label} (exercice clos le {day(m.fiscal_year_end)})" for m in missions}


def deposits_deducted(uow: FirmUnitOfWork, principal: Principal | None, invoice_id: int) -> list[Deposit]:
    require_staff(uow, principal, Permission.INVOICE)
    with uow:
        return uow.deposits.deducted_by(invoice_id)
