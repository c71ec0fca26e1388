"""Commands on payments and bank statements. Each needs Permission.INVOICE in the unit of work's firm
(principal None: the trusted command line), runs in one transaction and is audited.

`record_payment` is the one way a payment enters the books (typed by hand or confirmed from a bank line);
the accounting ledger hooks its posting (debit 512 bank / credit 411 client) there, inside the same
transaction, through `_record_in_transaction`.
"""

from dataclasses import replace

from domain.access.model import Permission, Principal
from domain.accounting import services as accounting
from domain.audit import Action
from domain.clock import Clock
from domain.collections import allocation, statement
from domain.collections.model import (
    BankLineStatus,
    BankMapping,
    ImportReport,
    Payment,
    PaymentInput,
    PaymentMethod,
    Receivable,
)
from domain.errors import InvalidInput, NotFound
from domain.firm.guards import actor_id, require_staff
from domain.formatting import day, eur_cents
from domain.ports import FirmUnitOfWork
from domain.text import single_line


def _checked(payment: PaymentInput, today) -> PaymentInput:
    if payment.amount_cents <= 0:
        raise InvalidInput("Le montant du paiement doit être positif.")
    if payment.paid_on > today:
        raise InvalidInput(f"La date du paiement ({day(payment.paid_on)}) est dans le futur.")
    if not isinstance(payment.method, PaymentMethod):
        raise InvalidInput("Choisissez le mode de paiement.")
    return replace(payment, reference=single_line(payment.reference, "Référence", 140))


def _record_in_transaction(uow: FirmUnitOfWork, actor: int | None, clock: Clock, payment: PaymentInput) -> Payment:
    """Inside an open unit of work, no commit: the invoice is locked, the payment checked against what it
    still asks for, stored and audited."""
    receivable = uow.collections.receivable(payment.invoice_id, lock=True)
    if receivable is None:
        raise NotFound("Facture émise introuvable dans ce cabinet (un brouillon ou un avoir ne se règle pas).")
    if payment.paid_on < receivable.issue_date:
        raise InvalidInput(f"La date du paiement ({day(payment.paid_on)}) précède l'émission de la facture "
                           f"{receivable.number} ({day(receivable.issue_date)}).")
    outstanding = receivable.outstanding_cents
    if outstanding <= 0:
        raise InvalidInput(f"La facture {receivable.number} est déjà soldée.")
    if payment.amount_cents > outstanding:
        raise InvalidInput(f"Le paiement ({eur_cents(payment.amount_cents)}) dépasse le reste dû sur la facture "
                           f"{receivable.number} ({eur_cents(outstanding)}). Enregistrez le surplus sur une autre "
                           "facture du client.")
    stored = uow.collections.add_payment(payment, receivable.client_id, at=clock.now(), by=actor)
    accounting.post_payment(uow, payment_id=stored.id, client_id=receivable.client_id, amount_cents=stored.amount_cents,
                            paid_on=stored.paid_on, posted_on=clock.today(), at=clock.now(), reference=stored.reference,
                            invoice_id=stored.invoice_id, method=stored.method.label)  # debit 512, credit 411
    uow.audit.record(Action.PAYMENT_RECORD, actor, "payment", str(stored.id),
                     {"facture": receivable.number, "client": receivable.client_name,
                      "montant": eur_cents(payment.amount_cents), "date": day(payment.paid_on),
                      "mode": payment.method.label, "reste dû": eur_cents(outstanding - payment.amount_cents)},
                     at=clock.now())
    return stored


def record_payment(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, payment: PaymentInput) -> Payment:
    """A payment (full or partial) on an issued invoice; more than the outstanding amount is refused."""
    require_staff(uow, principal, Permission.INVOICE)
    payment = _checked(payment, clock.today())
    with uow:
        stored = _record_in_transaction(uow, actor_id(principal), clock, payment)
        uow.commit()
        return stored


def cancel_payment(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, payment_id: int) -> Payment:
    """Cancel a payment (kept, stamped): the invoice owes that amount again; a bank line it came from goes
    back to the queue of lines to match."""
    require_staff(uow, principal, Permission.INVOICE)
    with uow:
        payment = uow.collections.payment(payment_id)
        if payment is None:
            raise NotFound("Paiement introuvable dans ce cabinet.")
        if not uow.collections.cancel_payment(payment_id, at=clock.now(), by=actor_id(principal)):
            raise InvalidInput("Ce paiement est déjà annulé.")
        accounting.post_payment(uow, payment_id=payment_id, client_id=payment.client_id,
                                amount_cents=payment.amount_cents, paid_on=payment.paid_on, posted_on=clock.today(),
                                at=clock.now(), reference=payment.reference, invoice_id=payment.invoice_id,
                                method=payment.method.label, cancelled=True)  # the payment's entry reversed
        line = uow.collections.bank_line_of_payment(payment_id)
        if line is not None:  # its amount is unallocated again: the line is back in the queue with that rest
            uow.collections.move_bank_line(line.id, line.status, BankLineStatus.TO_MATCH,
                                           uow.collections.first_payment_of_line(line.id))
        receivable = uow.collections.receivable(payment.invoice_id)
        uow.audit.record(Action.PAYMENT_CANCEL, actor_id(principal), "payment", str(payment_id),
                         {"facture": receivable.number if receivable else str(payment.invoice_id),
                          "montant": eur_cents(payment.amount_cents), "date": day(payment.paid_on),
                          "ligne de relevé": "remise à rapprocher" if line else "aucune"}, at=clock.now())
        uow.commit()
        return uow.collections.payment(payment_id)


# --- bank statements --------------------------------------------------------------------------------------

def import_statement(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, content: bytes,
                     mapping: BankMapping) -> ImportReport:
    """Read the whole CSV (a bad line refuses the file), remember the mapping for this bank, keep the credit
    lines not imported before for matching."""
    require_staff(uow, principal, Permission.INVOICE)
    mapping = replace(mapping, bank_name=single_line(mapping.bank_name, "Nom de la banque", 80, required=True))
    lines = statement.parse_statement(content, mapping)
    credits = [line for line in lines if line.amount_cents > 0]
    with uow:
        known = uow.collections.known_hashes(line.line_hash for line in credits)
        fresh = [line for line in credits if line.line_hash not in known]
        uow.collections.save_mapping(mapping)
        uow.collections.add_bank_lines(mapping.bank_name, fresh, at=clock.now(), by=actor_id(principal))
        report = ImportReport(mapping.bank_name, len(fresh), len(credits) - len(fresh), len(lines) - len(credits))
        uow.audit.record(Action.BANK_IMPORT, actor_id(principal), "bank_statement", mapping.bank_name,
                         {"banque": mapping.bank_name, "lignes ajoutées": report.added,
                          "doublons": report.duplicates, "débits": report.debits_skipped,
                          "total ajouté": eur_cents(sum(line.amount_cents for line in fresh))}, at=clock.now())
        uow.commit()
    return report


MAX_INVOICES_PER_LINE = 50


def _locked_receivables(uow: FirmUnitOfWork, invoice_ids: list[int]) -> list[Receivable]:
    """The chosen invoices, locked in id order (two allocations at once never wait on each other in a
    circle); `allocation.split_line` puts them oldest first, the order in which a line pays them."""
    found = []
    for invoice_id in sorted(invoice_ids):
        receivable = uow.collections.receivable(invoice_id, lock=True)
        if receivable is None:
            raise NotFound("Facture émise introuvable dans ce cabinet (un brouillon ou un avoir ne se règle pas).")
        found.append(receivable)
    return found


def allocate_bank_line(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, line_id: int,
                       invoice_ids: list[int], method: PaymentMethod = PaymentMethod.TRANSFER,
                       confirmed: dict[int, int] | None = None) -> list[Payment]:
    """The user confirms which invoices a bank credit pays: one payment per invoice (the line's date, method
    and reference), all in one transaction, shared by `allocation.split_line`: oldest invoice first, each for
    its whole outstanding amount, the last one reached for what remains of the line (a partial payment).

    `confirmed` is the split the user saw and accepted (invoice id → cents). Several invoices whose total
    exceeds what the line has left are paid in part only when confirmed, and a confirmed split that no longer
    matches (another payment meanwhile) is refused: the books then hold exactly what was shown. A single
    invoice larger than the line gets a partial payment of the line, as before. An invoice the line cannot
    reach is refused by name. What the chosen invoices leave of the line stays in the queue as its rest."""
    require_staff(uow, principal, Permission.INVOICE)
    chosen = list(dict.fromkeys(invoice_ids))
    if not chosen:
        raise InvalidInput("Choisissez au moins une facture réglée par cette ligne.")
    if len(chosen) > MAX_INVOICES_PER_LINE:
        raise InvalidInput(f"Une ligne de relevé règle au plus {MAX_INVOICES_PER_LINE} factures à la fois.")
    with uow:
        line = uow.collections.bank_line(line_id, lock=True)
        if line is None:
            raise NotFound("Ligne de relevé introuvable dans ce cabinet.")
        if line.status is not BankLineStatus.TO_MATCH:
            raise InvalidInput(f"Cette ligne de relevé est déjà {line.status.label.lower()}.")
        shares = allocation.split_line(line.unallocated_cents, _locked_receivables(uow, chosen))
        _check_confirmed(shares, line.unallocated_cents, confirmed)
        payments = []
        for share in shares:
            payment = _checked(PaymentInput(share.invoice_id, line.booked_on, share.amount_cents, method,
                                            (line.reference or line.label)[:140], bank_line_id=line.id), clock.today())
            payments.append(_record_in_transaction(uow, actor_id(principal), clock, payment))
        rest = line.unallocated_cents - sum(p.amount_cents for p in payments)
        status = BankLineStatus.MATCHED if rest == 0 else BankLineStatus.TO_MATCH
        if not uow.collections.move_bank_line(line_id, BankLineStatus.TO_MATCH, status,
                                              line.payment_id or payments[0].id):
            raise InvalidInput("Cette ligne vient d'être traitée par quelqu'un d'autre : rechargez la page.")
        uow.commit()
        return payments


def _check_confirmed(shares: list[allocation.Share], available: int, confirmed: dict[int, int] | None) -> None:
    if confirmed is not None and confirmed != allocation.amounts(shares):
        raise InvalidInput("La répartition a changé depuis son affichage (un autre paiement entre-temps) : "
                           f"{allocation.preview(shares)} Vérifiez-la et confirmez à nouveau.")
    partial = allocation.partial_share(shares)
    if confirmed is None and partial is not None and len(shares) > 1:
        total = sum(share.outstanding_cents for share in shares)
        raise InvalidInput(f"Le total des factures choisies ({eur_cents(total)}) dépasse le montant à affecter de "
                           f"la ligne ({eur_cents(available)}) : confirmez le paiement partiel de {partial.number} "
                           "ou retirez une facture.")


def match_bank_line(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, line_id: int,
                    invoice_id: int, method: PaymentMethod = PaymentMethod.TRANSFER) -> Payment:
    """The user confirms that a bank credit pays one invoice (see `allocate_bank_line`)."""
    return allocate_bank_line(uow, principal, clock, line_id, [invoice_id], method)[0]


def ignore_bank_line(uow: FirmUnitOfWork, principal: Principal | None, clock: Clock, line_id: int) -> None:
    """A credit that pays no invoice (a refund, a capital contribution): out of the queue, audited."""
    require_staff(uow, principal, Permission.INVOICE)
    with uow:
        line = uow.collections.bank_line(line_id)
        if line is None:
            raise NotFound("Ligne de relevé introuvable dans ce cabinet.")
        if not uow.collections.move_bank_line(line_id, BankLineStatus.TO_MATCH, BankLineStatus.IGNORED, None):
            raise InvalidInput(f"Cette ligne de relevé est déjà {line.status.label.lower()}.")
        uow.audit.record(Action.BANK_LINE_IGNORE, actor_id(principal), "bank_line", str(line_id),
                         {"date": day(line.booked_on), "libellé": line.label,
                          "montant": eur_cents(line.amount_cents),
                          "déjà affecté": eur_cents(line.allocated_cents)}, at=clock.now())
        uow.commit()
