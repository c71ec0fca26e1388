"""What the Encaissements and Relances pages read: open invoices, payments, the bank queue with its
suggestions, remembered mappings, the aged balance."""

from dataclasses import dataclass
from datetime import date

from domain.access.model import Permission, Principal
from domain.collections import aging, groups, matching
from domain.collections.model import (
    BankLine,
    BankLineStatus,
    BankMapping,
    GroupSuggestion,
    Payment,
    Receivable,
    Suggestion,
)
from domain.firm.guards import require_staff
from domain.ports import FirmUnitOfWork


@dataclass(frozen=True, slots=True)
class QueuedLine:
    line: BankLine
    suggestions: tuple[Suggestion, ...]
    groups: tuple[GroupSuggestion, ...] = ()  # several invoices of one client adding up to the line

    @property
    def proposed_invoice_ids(self) -> tuple[int, ...]:
        """What the page preselects: the best group when it scores above the best single invoice (a single
        invoice of the line's amount is the simpler reading), else that invoice, else nothing."""
        best_single = self.suggestions[0] if self.suggestions else None
        best_group = self.groups[0] if self.groups else None
        if best_group and (best_single is None or best_group.score > best_single.score):
            return best_group.invoice_ids
        return (best_single.invoice_id,) if best_single else ()


def open_invoices(uow: FirmUnitOfWork, principal: Principal | None, client_id: int | None = None) -> list[Receivable]:
    """Issued invoices with something left to pay, the oldest due date first."""
    require_staff(uow, principal, Permission.INVOICE)
    with uow:
        return [r for r in uow.collections.receivables(client_id) if r.outstanding_cents > 0]


def receivables(uow: FirmUnitOfWork, principal: Principal | None, client_id: int | None = None) -> list[Receivable]:
    """Every issued invoice, settled or not, with its payments and credit notes."""
    require_staff(uow, principal, Permission.INVOICE)
    with uow:
        return uow.collections.receivables(client_id)


def receivable(uow: FirmUnitOfWork, principal: Principal | None, invoice_id: int) -> Receivable | None:
    require_staff(uow, principal, Permission.INVOICE)
    with uow:
        return uow.collections.receivable(invoice_id)


def payments(uow: FirmUnitOfWork, principal: Principal | None, *, invoice_id: int | None = None,
             client_id: int | None = None) -> list[Payment]:
    require_staff(uow, principal, Permission.INVOICE)
    with uow:
        return uow.collections.payments(invoice_id=invoice_id, client_id=client_id)


def bank_mappings(uow: FirmUnitOfWork, principal: Principal | None) -> list[BankMapping]:
    require_staff(uow, principal, Permission.INVOICE)
    with uow:
        return uow.collections.mappings()


def bank_lines(uow: FirmUnitOfWork, principal: Principal | None, status: BankLineStatus | None = None) -> list[BankLine]:
    require_staff(uow, principal, Permission.INVOICE)
    with uow:
        return uow.collections.bank_lines(status)


def matching_queue(uow: FirmUnitOfWork, principal: Principal | None) -> list[QueuedLine]:
    """The credit lines still to match (or with a rest to allocate), each with the invoices and the groups of
    invoices it may pay (best first)."""
    require_staff(uow, principal, Permission.INVOICE)
    with uow:
        lines = uow.collections.bank_lines(BankLineStatus.TO_MATCH)
        receivables = [r for r in uow.collections.receivables() if r.outstanding_cents > 0] if lines else []
    prepared = matching.candidates(receivables)  # the clues of each invoice, once for the whole queue
    clients = groups.by_client(prepared)
    return [QueuedLine(line, tuple(matching.suggest(line, prepared)), tuple(groups.suggest_groups(line, clients)))
            for line in lines]


def aged_balance(uow: FirmUnitOfWork, principal: Principal | None, on: date) -> list[aging.ClientBalance]:
    require_staff(uow, principal, Permission.INVOICE)
    with uow:
        receivables = uow.collections.receivables()
    return aging.aged_balance(receivables, on)
