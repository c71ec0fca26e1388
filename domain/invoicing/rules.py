"""What an invoice must hold before it may be issued, as a list of French problems (DOMAIN.md §2a).

Payment terms (C. com. L441-10): 30 days by default; never beyond 60 days from the issue date, or
45 days end of month. The administration accepts two ways of counting "45 jours fin de mois" (45 days
then the end of that month, or the end of the issue month then 45 days), so the latest date allowed is
the latest of the three.
"""

import calendar
import re
from datetime import date, timedelta
from decimal import Decimal

from domain.errors import InvalidInput
from domain.formatting import day
from domain.identifiers import validate_siren, validate_siret, validate_vat_number
from domain.invoicing.mentions import percent
from domain.invoicing.model import RECOVERY_INDEMNITY_CENTS, Buyer, Invoice, InvoiceLine, LineKind

DEFAULT_PAYMENT_DAYS = 30
MAX_PAYMENT_DAYS = 60
END_OF_MONTH_DAYS = 45
# Rates of French VAT a firm's services may bear: normal, intermediate, reduced, and the rates of the
# overseas departments (Guadeloupe, Martinique, Réunion).
FRENCH_VAT_RATES = frozenset(Decimal(r) for r in ("20.00", "10.00", "5.50", "2.10", "8.50"))
MAX_NUMBER_LENGTH = 35
_NUMBER = re.compile(r"^[A-Za-z0-9+\-_/]+$")  # what e-invoicing accepts in a document number
MAX_QUANTITY_DECIMALS = 4


def end_of_month(value: date) -> date:
    return value.replace(day=calendar.monthrange(value.year, value.month)[1])


def default_due_date(issue: date) -> date:
    return issue + timedelta(days=DEFAULT_PAYMENT_DAYS)


def latest_due_date(issue: date) -> date:
    """The latest due date the law allows: 60 days, or 45 days end of month counted either way."""
    return max(issue + timedelta(days=MAX_PAYMENT_DAYS),
               end_of_month(issue + timedelta(days=END_OF_MONTH_DAYS)),
               end_of_month(issue) + timedelta(days=END_OF_MONTH_DAYS))


def validate(invoice: Invoice, minimum_penalty_rate: Decimal | None = None) -> list[str]:
    """Every reason, in French, why this invoice may not be issued; [] when it may.

    `minimum_penalty_rate` is 3 × the legal interest rate of the half-year (an administrator's table):
    a contractual late-penalty rate below it is refused."""
    problems = _number_problems(invoice) + _seller_problems(invoice) + _buyer_problems(invoice)
    problems += _date_problems(invoice) + _line_problems(invoice) + _amount_problems(invoice)
    problems += _penalty_problems(invoice, minimum_penalty_rate)
    return problems


def _number_problems(invoice: Invoice) -> list[str]:
    label = invoice.kind.label
    if not invoice.number:
        return [f"{label} sans numéro."]
    if len(invoice.number) > MAX_NUMBER_LENGTH or not _NUMBER.match(invoice.number):
        return [f"Numéro « {invoice.number} » : au plus {MAX_NUMBER_LENGTH} caractères, lettres, chiffres et + - _ /."]
    return []


def _checked(check, *args) -> str:
    """The French message of a failed identifier check, or ""."""
    try:
        check(*args)
    except InvalidInput as err:
        return err.message
    return ""


def _seller_problems(invoice: Invoice) -> list[str]:
    seller, problems = invoice.seller, []
    if not seller.name.strip():
        problems.append("Cabinet : la raison sociale manque.")
    if not seller.siren:
        problems.append("Cabinet : le SIREN manque (mention obligatoire).")
    elif problem := _checked(validate_siren, seller.siren):
        problems.append(f"Cabinet : {problem}")
    if seller.siret and (problem := _checked(validate_siret, seller.siret, seller.siren)):
        problems.append(f"Cabinet : {problem}")
    if not seller.vat_number:
        problems.append("Cabinet : le numéro de TVA intracommunautaire manque (mention obligatoire).")
    elif problem := _checked(validate_vat_number, seller.vat_number, seller.siren or None):
        problems.append(f"Cabinet : {problem}")
    if not seller.address.is_complete:
        problems.append("Cabinet : l'adresse est incomplète (rue, code postal, ville).")
    if not seller.iban:
        problems.append("Cabinet : l'IBAN manque (paiement par virement).")
    return problems


def _buyer_problems(invoice: Invoice) -> list[str]:
    buyer, problems = invoice.buyer, []
    if not buyer.name.strip():
        problems.append("Client : le nom manque.")
    if not buyer.address.is_complete:
        problems.append("Client : l'adresse est incomplète (rue, code postal, ville).")
    if buyer.siren and (problem := _checked(validate_siren, buyer.siren)):
        problems.append(f"Client : {problem}")
    if buyer.siret and (problem := _checked(validate_siret, buyer.siret, buyer.siren or None)):
        problems.append(f"Client : {problem}")
    if not buyer.siren and not buyer.email:
        problems.append("Client : ni SIREN ni adresse électronique, la facture électronique ne peut pas l'adresser.")
    if buyer.public_sector:
        problems += _public_buyer_problems(buyer)
    return problems


def _public_buyer_problems(buyer: Buyer) -> list[str]:
    """What Chorus Pro would reject: no recipient SIRET, or a code the recipient structure requires."""
    problems = []
    if not buyer.siret:
        problems.append("Client public : le SIRET du destinataire Chorus Pro manque.")
    if buyer.service_code_required and not buyer.service_code:
        problems.append("Client public : le code service Chorus Pro est obligatoire pour ce destinataire ; "
                        "renseignez-le sur la fiche du client ou sur la lettre de mission.")
    if buyer.commitment_required and not buyer.commitment_number:
        problems.append("Client public : le numéro d'engagement juridique (bon de commande) est obligatoire pour ce "
                        "destinataire ; renseignez-le sur la fiche du client ou sur la lettre de mission.")
    return problems


def _date_problems(invoice: Invoice) -> list[str]:
    problems, issue = [], invoice.issue_date
    if invoice.due_date is None:
        if not invoice.is_credit_note:
            problems.append("La date d'échéance manque (mention obligatoire).")
    elif invoice.due_date < issue:
        problems.append(f"L'échéance du {day(invoice.due_date)} précède la date d'émission du {day(issue)}.")
    elif invoice.due_date > latest_due_date(issue):
        problems.append(f"L'échéance du {day(invoice.due_date)} dépasse le délai légal : au plus tard le "
                        f"{day(latest_due_date(issue))} (60 jours, ou 45 jours fin de mois).")
    if (invoice.period_start is None) != (invoice.period_end is None):
        problems.append("La période de prestation doit avoir un début et une fin.")
    elif invoice.period_start and invoice.period_end and invoice.period_end < invoice.period_start:
        problems.append("La période de prestation finit avant de commencer.")
    if invoice.is_credit_note and not invoice.preceding_number:
        problems.append("Un avoir doit citer le numéro de la facture qu'il corrige.")
    return problems


def _line_problems(invoice: Invoice) -> list[str]:
    if not invoice.lines:
        return [f"{invoice.kind.label} sans ligne."]
    problems = []
    for number, line in enumerate(invoice.lines, start=1):
        problems += [f"Ligne {number} : {problem}" for problem in line_problems(line)]
    return problems


def line_problems(line: InvoiceLine) -> list[str]:
    """What is wrong with one line (French, without its number); [] when it may be invoiced."""
    problems = []
    if not line.label.strip():
        problems.append("le libellé manque.")
    if line.quantity <= 0:
        problems.append("la quantité doit être positive.")
    elif line.quantity != line.quantity.quantize(Decimal(1).scaleb(-MAX_QUANTITY_DECIMALS)):
        problems.append(f"la quantité a au plus {MAX_QUANTITY_DECIMALS} décimales.")
    if line.unit_price_cents <= 0:
        problems.append("le prix unitaire HT doit être positif.")
    if line.kind is LineKind.DISBURSEMENT:
        if line.vat_rate != 0:
            problems.append("un débours est hors champ de la TVA : taux 0 %.")
    elif line.vat_rate not in FRENCH_VAT_RATES:
        problems.append(f"taux de TVA {percent(line.vat_rate)} inconnu (20 %, 10 %, 5,5 %, 2,1 % ou 8,5 %).")
    return problems


def _amount_problems(invoice: Invoice) -> list[str]:
    totals, problems = invoice.totals, []
    if invoice.lines and totals.ttc_cents <= 0:
        subject = "de l'avoir" if invoice.is_credit_note else "de la facture"
        problems.append(f"Le total TTC {subject} doit être positif.")
    if invoice.prepaid_cents < 0:
        problems.append("Les acomptes déduits ne peuvent pas être négatifs.")
    elif invoice.prepaid_cents > max(totals.ttc_cents, 0):
        problems.append("Les acomptes déduits dépassent le total TTC.")
    deposits = [line for line in invoice.lines if line.kind is LineKind.DEPOSIT]
    if deposits and not invoice.is_credit_note:
        if len(deposits) != len(invoice.lines):
            problems.append("Une facture d'acompte ne porte que des lignes d'acompte (facturez le reste à part).")
        if invoice.prepaid_cents:
            problems.append("Une facture d'acompte ne déduit pas d'autres acomptes.")
    return problems


def _penalty_problems(invoice: Invoice, minimum_rate: Decimal | None) -> list[str]:
    problems = []
    if invoice.late_penalty_rate <= 0:
        problems.append("Le taux des pénalités de retard manque (mention obligatoire).")
    elif minimum_rate is not None and invoice.late_penalty_rate < minimum_rate:
        problems.append(f"Le taux des pénalités de retard ({percent(invoice.late_penalty_rate)}) est inférieur au "
                        f"minimum légal de {percent(minimum_rate)} (trois fois le taux d'intérêt légal).")
    if invoice.recovery_indemnity_cents < RECOVERY_INDEMNITY_CENTS:
        problems.append("L'indemnité forfaitaire pour frais de recouvrement est d'au moins 40 €.")
    return problems
