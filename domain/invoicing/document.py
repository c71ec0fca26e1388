"""The invoice or credit note as a French document: what its PDF prints (an `InvoiceSheet`, drawn by
data/pdf/invoice_layout.py) and the mail that carries it.

The legal data come from the invoice's own snapshots (seller, buyer, terms), so the PDF says what the XML
says; the firm's letterhead (logo, phone, Ordre number) is the firm's at the moment of issue.
"""

from decimal import Decimal

from domain.access.mails import Attachment, Mail
from domain.firm.model import FirmIdentity
from domain.formatting import day, eur_cents, number
from domain.invoicing import mentions
from domain.invoicing.model import Invoice, InvoiceLine, LineKind, Unit
from domain.invoicing.sheet import Fact, InvoiceSheet, SheetLine, Total
from domain.invoicing.totals import VatCategory
from domain.letterhead import address_lines, firm_mentions

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


def _line_row(line: InvoiceLine) -> SheetLine:
    disbursement = line.kind is LineKind.DISBURSEMENT
    return SheetLine(label=line.label, detail=line.kind.label if line.kind is not LineKind.FEE else "",
                     quantity=f"{quantity_text(line.quantity)} {unit_text(line)}",
                     unit_price=eur_cents(line.unit_price_cents),
                     vat="Débours" if disbursement else mentions.percent(line.vat_rate),
                     amount=eur_cents(line.amount_cents))


def _party_mentions(invoice: Invoice) -> list[str]:
    """The seller's identity as its papers state it (from the snapshot: what the XML says too)."""
    seller = invoice.seller
    return firm_mentions(FirmIdentity(name=seller.name, legal_form=seller.legal_form, siren=seller.siren,
                                      vat_number=seller.vat_number, rcs_city=seller.rcs_city,
                                      share_capital_cents=seller.share_capital_cents))


def _notes(invoice: Invoice) -> tuple[str, ...]:
    notes = [mentions.payment_terms(invoice)]
    if not invoice.is_credit_note:
        notes += [mentions.early_payment(invoice), mentions.late_penalties(invoice),
                  mentions.recovery_indemnity(invoice)]
    if invoice.seller.vat_on_debits:
        notes.append(mentions.VAT_ON_DEBITS + ".")
    if invoice.has_disbursements:
        notes.append(mentions.DISBURSEMENTS)
    notes += mentions.deposit_notes(invoice)
    return tuple(n for n in notes if n)


def _facts(invoice: Invoice) -> tuple[tuple[Fact, ...], ...]:
    """Issue and due dates, the service's period or date, the category of operation, the letter of engagement,
    the public buyer's commitment and service code: two to a row, as the page sets them."""
    buyer = invoice.buyer
    first = [Fact("Date d'émission", day(invoice.issue_date))]
    if invoice.due_date:
        first.append(Fact("Date d'échéance", day(invoice.due_date)))
    service = (Fact("Période de prestation", f"du {day(invoice.period_start)} au {day(invoice.period_end)}")
               if invoice.period_start and invoice.period_end
               else Fact("Date de la prestation", day(invoice.period_end or invoice.issue_date)))
    rows = [tuple(first), (service, Fact("Catégorie d'opération", CATEGORY_OF_OPERATION))]
    if invoice.contract_reference:
        rows.append((Fact("Lettre de mission", invoice.contract_reference),))
    if buyer.commitment_number:
        rows.append((Fact("N° d'engagement", buyer.commitment_number),
                     *((Fact("Code service", buyer.service_code),) if buyer.service_code else ())))
    return tuple(rows)


def _totals(invoice: Invoice) -> tuple[Total, ...]:
    totals = invoice.totals
    rows = [Total("Total HT", eur_cents(totals.ht_cents)), Total("Total TVA", eur_cents(totals.vat_cents)),
            Total("Total TTC", eur_cents(totals.ttc_cents), strong=True)]
    if totals.prepaid_cents:
        rows += [Total("Acomptes déjà versés", f"− {eur_cents(totals.prepaid_cents)}"),
                 Total("Net à payer", eur_cents(totals.due_cents), strong=True)]
    return tuple(rows)


def _seller_blocks(invoice: Invoice, firm: FirmIdentity) -> tuple[tuple[str, ...], tuple[str, ...]]:
    seller = invoice.seller
    lines = [*address_lines(seller.address.line, seller.address.postal_code, seller.address.city),
             *([f"Tél. {firm.phone}"] if firm.phone else []), *([seller.email] if seller.email else [])]
    ids = [f"SIREN {seller.siren}" + (f" – SIRET {seller.siret}" if seller.siret else ""),
           f"N° de TVA intracommunautaire {seller.vat_number}"]
    return tuple(lines), tuple(ids)


def _buyer_ids(invoice: Invoice) -> tuple[str, ...]:
    buyer = invoice.buyer
    return tuple(text for value, text in ((buyer.siren, f"SIREN {buyer.siren}"), (buyer.siret, f"SIRET {buyer.siret}"),
                                          (buyer.vat_number, f"N° de TVA {buyer.vat_number}")) if value)


def invoice_sheet(invoice: Invoice, firm: FirmIdentity, logo: tuple[bytes, str] | None = None) -> InvoiceSheet:
    """What the PDF of an invoice or credit note about to be issued (its number is set) prints."""
    seller, buyer = invoice.seller, invoice.buyer
    groups = tuple(("Débours (hors champ)" if g.category is VatCategory.OUT_OF_SCOPE else f"TVA {mentions.percent(g.rate)}",
                    eur_cents(g.basis_cents), eur_cents(g.vat_cents) if g.category is VatCategory.STANDARD else "—")
                   for g in invoice.totals.groups)
    preceding = (f"{invoice.preceding_number} du {day(invoice.preceding_date)}" if invoice.preceding_date
                 else invoice.preceding_number)
    footer = " – ".join(_party_mentions(invoice))
    if firm.ordre_number:
        footer += f" – Inscrit au tableau de l'Ordre des experts-comptables, n° {firm.ordre_number}"
    bank = ""
    if seller.iban and not invoice.is_credit_note:
        bank = (f"IBAN {seller.iban}" + (f" – BIC {seller.bic}" if seller.bic else "")
                + f" – référence à rappeler : {invoice.number}")
    seller_lines, seller_ids = _seller_blocks(invoice, firm)
    return InvoiceSheet(
        title=f"{invoice.title} n° {invoice.number}", seller_name=seller.name, seller_lines=seller_lines,
        seller_ids=seller_ids, buyer_name=buyer.name,
        buyer_lines=tuple(address_lines(buyer.address.line, buyer.address.postal_code, buyer.address.city)),
        buyer_ids=_buyer_ids(invoice),
        subject=f"Avoir sur la facture n° {preceding}" if invoice.is_credit_note else "",
        facts=_facts(invoice), lines=tuple(_line_row(line) for line in invoice.lines), vat_groups=groups,
        totals=_totals(invoice), conditions_title="Modalités" if invoice.is_credit_note else "Conditions de paiement",
        notes=_notes(invoice), bank=bank, footer=footer, logo=logo)


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
