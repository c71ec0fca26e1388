"""Posting to the ledger (inside the transaction of the event) and the FEC export of the sales journal.

`post_invoice` and `post_payment` run inside a unit of work the caller opened, and never commit: an invoice is
issued with its entry or not at all, a payment is recorded with its entry or not at all.
"""

from collections.abc import Sequence
from datetime import date, datetime

from domain.access.model import Permission, Principal
from domain.accounting import fec, posting
from domain.accounting.model import Journal, LedgerEntry
from domain.audit import Action
from domain.clock import Clock
from domain.errors import InvalidInput, NotFound
from domain.firm.guards import actor_id, require_staff
from domain.formatting import eur_cents
from domain.invoicing.records import StoredInvoice
from domain.ports import FirmUnitOfWork

FIRST_YEAR, LAST_YEAR = 2000, 2100


def post_invoice(uow: FirmUnitOfWork, invoice: StoredInvoice, at: datetime) -> LedgerEntry | None:
    """The VE entry of an invoice or credit note being issued (its number and issue date already set). A credit
    note carrying deposits (a total credit of an invoice that deducted them) reverses that invoice's deposits,
    read before they are released."""
    posted = post_invoices(uow, [invoice], at)
    return posted[0] if posted else None


def post_invoices(uow: FirmUnitOfWork, invoices: Sequence[StoredInvoice], at: datetime) -> list[LedgerEntry]:
    """`post_invoice` of several invoices at once, numbered in their order (a billing run's batch)."""
    entries = [entry for invoice in invoices if (entry := _invoice_entry(uow, invoice)) is not None]
    return uow.ledger.post_many(entries, at)


def _invoice_entry(uow: FirmUnitOfWork, invoice: StoredInvoice) -> LedgerEntry | None:
    deducting = invoice.credited_invoice_id if invoice.document.is_credit_note else invoice.id
    deducted = uow.deposits.deducted_by(deducting) if invoice.document.prepaid_cents and deducting else []
    return posting.invoice_entry(invoice.document, invoice_id=invoice.id, client_id=invoice.client_id,
                                 deposits_ht_cents=sum(d.ht_cents for d in deducted),
                                 deposits_vat_cents=sum(d.vat_cents for d in deducted))


def post_payment(uow: FirmUnitOfWork, *, payment_id: int, client_id: int, amount_cents: int, paid_on: date,
                 posted_on: date, at: datetime, reference: str = "", invoice_id: int | None = None,
                 method: str = "", cancelled: bool = False) -> LedgerEntry | None:
    """The BQ entry of a payment being recorded: debit 512 bank, credit the client's 411 account, dated the day
    it is recorded (`posted_on`, the caller's clock.today()); `paid_on` is the document's date (PieceDate).
    `cancelled`: the payment is being cancelled; its entry is reversed by a new one (entries never change)."""
    client = uow.clients.get(client_id)
    if client is None:
        raise NotFound("Client introuvable dans ce cabinet.")
    number = ""
    if invoice_id is not None:
        invoice = uow.invoices.get(invoice_id)
        number = invoice.document.number if invoice is not None else ""
    entries = posting.payment_entries(payment_id=payment_id, client_id=client_id, client_name=client.name,
                                      amount_cents=amount_cents, paid_on=paid_on, posted_on=posted_on,
                                      reference=reference, invoice_id=invoice_id, invoice_number=number, method=method,
                                      cancelled=cancelled)
    posted = [uow.ledger.post(entry, at) for entry in entries]
    return posted[0] if posted else None


def _checked_year(year: int) -> int:
    if not isinstance(year, int) or not FIRST_YEAR <= year <= LAST_YEAR:
        raise InvalidInput(f"Exercice « {year} » invalide : une année entre {FIRST_YEAR} et {LAST_YEAR}.")
    return year


def journal(uow: FirmUnitOfWork, principal: Principal | None, year: int,
            journal_code: Journal | None = None) -> list[LedgerEntry]:
    """The entries of a calendar year, in posting order."""
    require_staff(uow, principal, Permission.INVOICE)
    year = _checked_year(year)
    with uow:
        return fec.ordered(uow.ledger.entries(date(year, 1, 1), date(year, 12, 31), journal_code))


def export_fec(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, year: int,
               encoding: fec.FecEncoding = fec.FecEncoding.LATIN9) -> fec.FecFile:
    """The year's sales and bank journals as a FEC file and its description; the export is audited."""
    require_staff(uow, principal, Permission.INVOICE)
    year = _checked_year(year)
    with uow:
        identity = uow.firm.get().identity
        if not identity.siren:
            raise InvalidInput("Le SIREN du cabinet est requis pour nommer le fichier FEC.")
        entries = uow.ledger.entries(date(year, 1, 1), date(year, 12, 31))
        result = fec.fec_file(identity.siren, identity.name, year, entries, encoding)
        uow.audit.record(Action.LEDGER_EXPORT, actor_id(principal), "ledger", str(year),
                         {"fichier": result.name, "écritures": result.entries, "lignes": result.lines,
                          "total débit": eur_cents(result.debit_cents), "encodage": encoding.label}, at=clock.now())
        uow.commit()
    return result
