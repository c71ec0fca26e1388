"""The invoice or credit note as a French document: the HTML of its PDF (templates/invoices/invoice.html)
and the mail that carries it.

The legal data come from the invoice's own snapshots (seller, buyer, terms), so the PDF says what the XML
says; the firm's letterhead (logo, phone, Ordre number) is the firm's at the moment of issue.
"""

from decimal import Decimal

from domain.access.mails import Attachment, Mail
from domain.firm.model import FirmIdentity
from domain.formatting import day, eur_cents, number
from domain.invoicing import mentions
from domain.invoicing.model import Invoice, InvoiceLine, LineKind, Unit
from domain.invoicing.totals import VatCategory
from domain.letterhead import address_lines, firm_mentions, logo_data_uri
from domain.templating import render_file

CATEGORY_OF_OPERATION = "Prestations de services"  # décret 2022-1299: goods, services or both


def quantity_text(quantity: Decimal) -> str:
    """Decimal("2.5000") → "2,5", Decimal("12") → "12"."""
    text = f"{quantity:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return number(Decimal(text), len(text.split(".")[1]) if "." in text else 0)


def unit_text(line: InvoiceLine) -> str:
    """"unité" → "unités" from 2 on ("h" and "mois" do not change)."""
    plural = line.quantity >= 2 and line.unit in (Unit.PIECE, Unit.FLAT)
    return line.unit.label + ("s" if plural else "")


def _line_row(line: InvoiceLine) -> dict:
    disbursement = line.kind is LineKind.DISBURSEMENT
    return {"label": line.label, "kind": line.kind.label if line.kind is not LineKind.FEE else "",
            "quantity": quantity_text(line.quantity), "unit": unit_text(line),
            "unit_price": eur_cents(line.unit_price_cents),
            "vat": "Débours" if disbursement else mentions.percent(line.vat_rate),
            "amount": eur_cents(line.amount_cents)}


def _party_mentions(invoice: Invoice) -> list[str]:
    """The seller's identity as its papers state it (from the snapshot: what the XML says too)."""
    seller = invoice.seller
    return firm_mentions(FirmIdentity(name=seller.name, legal_form=seller.legal_form, siren=seller.siren,
                                      vat_number=seller.vat_number, rcs_city=seller.rcs_city,
                                      share_capital_cents=seller.share_capital_cents))


def invoice_html(invoice: Invoice, firm: FirmIdentity, logo: tuple[bytes, str] | None = None) -> str:
    """The HTML of the PDF of an invoice or credit note about to be issued (its number is set)."""
    totals, seller, buyer = invoice.totals, invoice.seller, invoice.buyer
    groups = [{"label": "Débours (hors champ)" if g.category is VatCategory.OUT_OF_SCOPE
               else f"TVA {mentions.percent(g.rate)}", "basis": eur_cents(g.basis_cents),
               "vat": eur_cents(g.vat_cents) if g.category is VatCategory.STANDARD else "—"} for g in totals.groups]
    notes = [mentions.payment_terms(invoice)]
    if not invoice.is_credit_note:
        notes += [mentions.early_payment(invoice), mentions.late_penalties(invoice),
                  mentions.recovery_indemnity(invoice)]
    if seller.vat_on_debits:
        notes.append(mentions.VAT_ON_DEBITS + ".")
    if invoice.has_disbursements:
        notes.append(mentions.DISBURSEMENTS)
    notes += mentions.deposit_notes(invoice)
    period = (f"du {day(invoice.period_start)} au {day(invoice.period_end)}"
              if invoice.period_start and invoice.period_end else "")
    return render_file(
        "invoices/invoice.html", invoice=invoice, title=f"{invoice.title} n° {invoice.number}",
        firm=firm, seller=seller, buyer=buyer, logo_uri=logo_data_uri(logo), firm_mentions=_party_mentions(invoice),
        ordre_number=firm.ordre_number, seller_address=address_lines(seller.address.line, seller.address.postal_code,
                                                                     seller.address.city),
        buyer_address=address_lines(buyer.address.line, buyer.address.postal_code, buyer.address.city),
        issue_date=day(invoice.issue_date), due_date=day(invoice.due_date), period=period,
        service_date=day(invoice.period_end or invoice.issue_date), category=CATEGORY_OF_OPERATION,
        preceding=(f"{invoice.preceding_number} du {day(invoice.preceding_date)}" if invoice.preceding_date
                   else invoice.preceding_number),
        lines=[_line_row(line) for line in invoice.lines], groups=groups,
        totals={"ht": eur_cents(totals.ht_cents), "vat": eur_cents(totals.vat_cents),
                "ttc": eur_cents(totals.ttc_cents), "prepaid": eur_cents(totals.prepaid_cents),
                "due": eur_cents(totals.due_cents), "has_prepaid": bool(totals.prepaid_cents)},
        notes=[n for n in notes if n])


def pdf_filename(invoice: Invoice) -> str:
    return f"{invoice.kind.label}-{invoice.number}.pdf"


def invoice_mail(invoice: Invoice, firm: FirmIdentity, email: str, pdf: bytes) -> Mail:
    """The mail to the client's billing address, with the Factur-X PDF attached."""
    totals = invoice.totals
    if invoice.is_credit_note:
        what = (f"notre avoir n° {invoice.number} du {day(invoice.issue_date)}, d'un montant de "
                f"{eur_cents(totals.ttc_cents)} TTC, sur la facture n° {invoice.preceding_number}.")
        closing = "Ce montant viendra en déduction de votre prochain règlement, ou vous sera remboursé."
    else:
        what = (f"notre {invoice.title.lower()} n° {invoice.number} du {day(invoice.issue_date)}, d'un montant de "
                f"{eur_cents(totals.due_cents)} TTC, payable au plus tard le {day(invoice.due_date)}.")
        closing = f"Règlement par virement{f' (IBAN {invoice.seller.iban})' if invoice.seller.iban else ''}, " \
                  f"en rappelant la référence {invoice.number}."
    body = f"""Bonjour,

Veuillez trouver ci-joint {what}

{closing}

Le fichier joint est une facture électronique au format Factur-X : votre logiciel comptable peut l'importer \
directement.

Bien cordialement,

{firm.name}
{firm.phone or firm.email}
"""
    return Mail(email, f"{invoice.title} {invoice.number} – {firm.name}", body.rstrip() + "\n",
                attachments=(Attachment(pdf_filename(invoice), "application/pdf", pdf),))
