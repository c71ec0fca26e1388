"""Invoices of an accounting firm, built in memory for the invoicing tests (no database)."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

from domain.invoicing.model import Buyer, Invoice, InvoiceKind, InvoiceLine, LineKind, PostalAddress, Seller, Unit

SELLER = Seller(name="Cabinet Verger & Associés", siren="552008443", siret="55200844300012",
                vat_number="FR19552008443", legal_form="SAS", rcs_city="Lyon", share_capital_cents=5_000_000,
                address=PostalAddress("8 quai Saint-Vincent", "69001", "Lyon"), email="contact@verger-associes.fr",
                iban="FR7630006000011234567890189", bic="AGRIFRPP")
CLIENT = Buyer(name="Boulangerie Dupain SARL", address=PostalAddress("3 rue des Fours", "69003", "Lyon"),
               siren="732829320", vat_number="FR44732829320", email="contact@boulangerie-dupain.fr")
CITY_HALL = Buyer(name="Ville de Paris – Direction des finances",
                  address=PostalAddress("9 place de l'Hôtel de Ville", "75004", "Paris"),
                  siren="217500016", siret="21750001600019", public_sector=True, service_code="DFA-COMPTA",
                  commitment_number="EJ-2026-004512")

FORFAIT = InvoiceLine("Forfait mensuel – tenue et révision des comptes (novembre 2026)", Decimal(1), 45_000)
PAYSLIPS = InvoiceLine("Bulletins de paie", Decimal(12), 2_500, unit=Unit.PIECE)
EXTRA = InvoiceLine("Assistance au contrôle fiscal", Decimal("2.5"), 13_000, unit=Unit.HOUR, kind=LineKind.EXTRA)
GREFFE = InvoiceLine("Frais de greffe (dépôt des comptes)", Decimal(1), 5_190, Decimal(0),
                     kind=LineKind.DISBURSEMENT)


def monthly_invoice(**changes) -> Invoice:
    """November's invoice: the forfait, payslips, an extra at time spent and a disbursement."""
    invoice = Invoice(kind=InvoiceKind.INVOICE, number="F2026-00042", issue_date=date(2026, 11, 30),
                      due_date=date(2026, 12, 30), period_start=date(2026, 11, 1), period_end=date(2026, 11, 30),
                      seller=SELLER, buyer=CLIENT, lines=(FORFAIT, PAYSLIPS, EXTRA, GREFFE),
                      contract_reference="LM2026-00007", late_penalty_rate=Decimal("10.00"),
                      payment_terms="Paiement à 30 jours par virement.")
    return replace(invoice, **changes)


def credit_note(**changes) -> Invoice:
    """A partial credit note on November's invoice: the extra was billed by mistake."""
    note = monthly_invoice(kind=InvoiceKind.CREDIT_NOTE, number="AV2026-00003", issue_date=date(2026, 12, 5),
                           due_date=None, lines=(EXTRA,), preceding_number="F2026-00042",
                           preceding_date=date(2026, 11, 30), payment_terms="")
    return replace(note, **changes)


def public_invoice(**changes) -> Invoice:
    """An invoice to a public-sector client, deposited on Chorus Pro."""
    return monthly_invoice(**{"number": "F2026-00043", "buyer": CITY_HALL, "lines": (FORFAIT, EXTRA), **changes})
