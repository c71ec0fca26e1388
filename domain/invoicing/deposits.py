"""Deposits (acomptes): a deposit invoice asked before the work, deducted by a later invoice once paid.

Rules (recorded in the README's design notes):

- A **deposit invoice** (facture d'acompte, Factur-X TypeCode 386) is an invoice of the normal series whose only
  line is of kind "acompte", HT at a VAT rate: for services the VAT is due when the deposit is received (the PDF
  and the XML say so, unless the firm opted for VAT on debits). It may name one of the client's missions. It is
  drafted from the Factures page and issued like any invoice; in the books it credits 419100 (advances received),
  not revenue.
- A deposit is **deductible** once issued, paid in full (payments not cancelled reach its TTC) and not yet
  deducted. A deposit naming a mission is deducted by an invoice billing that mission; a deposit without mission
  by any invoice of the client. Deposits are deducted whole, oldest first, as long as their sum stays within
  the invoice's TTC (a larger one waits for a larger invoice): the invoice keeps its full lines and VAT, and
  deducts their TTC as `prepaid_cents` (BT-113) with a note naming them ("Acomptes déduits : F2026-00012 du …").
- The billing run deducts them from each draft it prepares; a draft typed by hand deducts them on request
  ("Déduire les acomptes payés"). The draft reserves its deposits (`invoices.deducted_by_id`); deleting the draft
  releases them; an issued invoice keeps them for good.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from decimal import Decimal

from domain.access.model import Permission, Principal
from domain.audit import Action
from domain.clock import Clock
from domain.errors import InvalidInput
from domain.firm.guards import actor_id, require_staff
from domain.formatting import day, eur_cents
from domain.invoicing import services
from domain.invoicing.model import InvoiceLine, LineKind, Unit
from domain.invoicing.records import Deposit, InvoiceDraft, StoredInvoice
from domain.money import parse_amount, to_cents
from domain.ports import FirmUnitOfWork
from domain.text import single_line

DEPOSIT_LABEL = "Acompte sur honoraires"


def deposit_line(label: str, ht_cents: int, vat_rate: Decimal = Decimal("20.00")) -> InvoiceLine:
    return InvoiceLine(label, Decimal(1), ht_cents, vat_rate, Unit.FLAT, LineKind.DEPOSIT)


def choose(available: Iterable[Deposit], ttc_cents: int, mission_ids: set[int] | None) -> list[Deposit]:
    """The deposits an invoice of `ttc_cents` deducts: those of its missions (`mission_ids`; None: any) or of no
    mission, oldest first, whole, while their sum stays within its TTC."""
    chosen, total = [], 0
    for deposit in sorted(available, key=lambda d: (d.issue_date, d.number)):
        if deposit.mission_id is not None and mission_ids is not None and deposit.mission_id not in mission_ids:
            continue
        if total + deposit.ttc_cents <= ttc_cents:
            chosen.append(deposit)
            total += deposit.ttc_cents
    return chosen


def note(deposits: Iterable[Deposit]) -> str:
    named = [f"{d.number} du {day(d.issue_date)} ({eur_cents(d.ttc_cents)} TTC)" for d in deposits]
    if not named:
        return ""
    return f"Acompte{'s' if len(named) > 1 else ''} déduit{'s' if len(named) > 1 else ''} : " + ", ".join(named) + "."


def apply_deposits(uow: FirmUnitOfWork, draft: StoredInvoice, mission_ids: set[int] | None,
                   available: Iterable[Deposit] | None = None, *, fresh: bool = False) -> list[Deposit]:
    """Inside an open unit of work: the draft deducts the client's deductible deposits (rules above; `available`:
    read already by the caller) on top of those it already deducts (`fresh`: none, it was just created); returns
    the deposits added."""
    if draft.document.is_deposit:
        return []
    already = [] if fresh else uow.deposits.deducted_by(draft.id)
    room = draft.document.totals.ttc_cents - sum(d.ttc_cents for d in already)
    if available is None:
        available = uow.deposits.deductible(draft.client_id)
    chosen = choose(available, room, mission_ids)
    if chosen:
        uow.deposits.reserve(draft.id, [d.id for d in chosen])
        every = [*already, *chosen]
        document = replace(draft.document, prepaid_cents=sum(d.ttc_cents for d in every), prepaid_note=note(every))
        uow.invoices.update_draft(replace(draft, document=document))
    return chosen


def create_deposit(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, client_id: int | None,
                   amount_ht: str, *, mission_id: int | None = None, label: str = DEPOSIT_LABEL,
                   due_date: date | None = None) -> StoredInvoice:
    """A draft deposit invoice for the client (and one of its missions): one line of `amount_ht` at 20 %."""
    if client_id is None:
        raise InvalidInput("Choisissez le client de l'acompte.")
    amount = parse_amount(amount_ht, "Montant HT de l'acompte")
    if amount <= 0:
        raise InvalidInput("Montant HT de l'acompte : il doit être positif.")
    label = single_line(label or DEPOSIT_LABEL, "Libellé", 300) or DEPOSIT_LABEL
    draft = InvoiceDraft(client_id=client_id, lines=(deposit_line(label, to_cents(amount)),), mission_id=mission_id,
                         due_date=due_date)
    return services.create_draft(uow, principal, clock, draft)


def deduct_deposits(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, invoice_id: int) -> list[Deposit]:
    """A draft typed by hand deducts the client's paid deposits (of its mission, or all when it names none)."""
    require_staff(uow, principal, Permission.INVOICE)
    with uow:
        draft = services._get(uow, invoice_id)
        if not draft.is_draft or draft.document.is_credit_note or draft.document.is_deposit:
            raise InvalidInput("Seul un brouillon de facture (ni avoir, ni facture d'acompte) déduit des acomptes.")
        chosen = apply_deposits(uow, draft, {draft.mission_id} if draft.mission_id is not None else None)
        if chosen:
            uow.audit.record(Action.INVOICE_DRAFT_UPDATE, actor_id(principal), "invoice", str(invoice_id),
                             {"référence": draft.reference, "acomptes déduits": note(chosen)}, at=clock.now())
        uow.commit()
        return chosen
