"""The French texts an invoice prints and carries in its e-invoice notes (DOMAIN.md §2a)."""

from decimal import Decimal

from domain.formatting import day, eur_cents, number
from domain.invoicing.model import Invoice

VAT_ON_DEBITS = "Option pour le paiement de la taxe d'après les débits"
DEPOSIT = "Facture d'acompte : ce montant sera déduit de la facture définitive."
DEPOSIT_VAT_ON_RECEIPT = ("TVA exigible à l'encaissement de l'acompte (prestations de services, "
                          "art. 269 2 c du CGI).")
DISBURSEMENTS = ("Débours : sommes payées au nom et pour le compte du client, hors champ de la TVA "
                 "(art. 267 II 2° du CGI).")


def percent(rate: Decimal) -> str:
    """Decimal("10.5") → "10,50 %"."""
    return f"{number(rate, 2)}\u00a0%"


def late_penalties(invoice: Invoice) -> str:
    return (f"En cas de retard de paiement, des pénalités sont dues dès le lendemain de la date d'échéance, "
            f"sans qu'un rappel soit nécessaire, au taux annuel de {percent(invoice.late_penalty_rate)}.")


def recovery_indemnity(invoice: Invoice) -> str:
    return (f"Tout retard de paiement rend le client professionnel débiteur de plein droit d'une indemnité "
            f"forfaitaire pour frais de recouvrement de {eur_cents(invoice.recovery_indemnity_cents)} "
            f"(art. L441-10 et D441-5 du Code de commerce).")


def early_payment(invoice: Invoice) -> str:
    return invoice.early_payment_discount


def payment_terms(invoice: Invoice) -> str:
    """The terms as typed, else what the due date and the IBAN say."""
    if invoice.payment_terms.strip():
        return invoice.payment_terms.strip()
    if invoice.is_credit_note:
        return "Montant à déduire de votre prochain règlement ou à rembourser par virement."
    by_transfer = " par virement" if invoice.seller.iban else ""
    return f"Paiement{by_transfer} au plus tard le {day(invoice.due_date)}." if invoice.due_date else ""


def deposit_notes(invoice: Invoice) -> list[str]:
    """What a deposit invoice says of itself, and the deposits a later invoice deducts (PDF and XML alike)."""
    notes = []
    if invoice.is_deposit:
        notes.append(DEPOSIT)
        if not invoice.seller.vat_on_debits:
            notes.append(DEPOSIT_VAT_ON_RECEIPT)
    if invoice.prepaid_note:
        notes.append(invoice.prepaid_note)
    return notes
