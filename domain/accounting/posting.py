"""Posting rules (pure): the entry an issued invoice, a credit note or a payment writes in the firm's books.

Invoice (journal VE), dated its issue date:
    debit  411 client (auxiliary account of the client)   total TTC
    credit 706100 Honoraires                              fee lines HT
    credit 706200 Travaux complémentaires                 extra lines HT
    credit 445710 TVA collectée                           VAT of each rate, one line per rate
    credit 467100 Débours refacturés                      disbursements (outside VAT)
    credit 419100 Clients - avances et acomptes reçus     deposit lines HT (a facture d'acompte is no revenue yet)
An invoice deducting paid deposits (prepaid, BT-113) debits the client only with what it still asks for, and
reverses the deposits: debit 419100 their HT and debit 445710 their VAT (already collected on the deposit), so
the revenue and the VAT of the work are counted once, on the final invoice.
Credit note: the same lines on the opposite sides. Payment (journal BQ): debit 512000 Banque, credit the client's
411 auxiliary account. The VAT amounts are the invoice's own (computed per rate on the base, domain/invoicing/
totals.py), so the entry equals the invoice to the cent and balances by construction: TTC = lines + VAT.
Lines of zero are left out; a document of zero posts nothing.
"""

from datetime import date
from decimal import Decimal

from domain.accounting.model import DEFAULT_CHART, ChartOfAccounts, Journal, LedgerEntry, LedgerLine, Source, line
from domain.invoicing.model import Invoice, LineKind
from domain.invoicing.totals import VatCategory


def rate_label(rate: Decimal) -> str:
    """20.00 → "20 %", 5.50 → "5,5 %" (French decimal comma, no trailing zeros)."""
    text = f"{rate.normalize():f}".replace(".", ",")
    return f"{text} %"


def _kind_amount(invoice: Invoice, kind: LineKind) -> int:
    return sum(item.amount_cents for item in invoice.lines if item.kind is kind)


def invoice_entry(invoice: Invoice, *, invoice_id: int, client_id: int, chart: ChartOfAccounts = DEFAULT_CHART,
                  deposits_ht_cents: int = 0, deposits_vat_cents: int = 0) -> LedgerEntry | None:
    """The VE entry of an issued invoice or credit note; None when every amount is zero. `deposits_*`: the HT and
    VAT of the deposits it deducts (their sum is its prepaid amount)."""
    reverse = invoice.is_credit_note  # a credit note credits the client and debits revenue and VAT
    totals = invoice.totals
    label = f"{invoice.kind.label} {invoice.number} – {invoice.buyer.name}"
    lines: list[LedgerLine] = [
        line(chart.clients, chart.clients_label, totals.ttc_cents - deposits_ht_cents - deposits_vat_cents,
             debit=not reverse, aux_account=chart.client_account(client_id), aux_label=invoice.buyer.name),
        line(chart.deposits, chart.deposits_label, deposits_ht_cents, debit=not reverse,
             label=f"{label} – acomptes déduits"),
        line(chart.vat, chart.vat_label, deposits_vat_cents, debit=not reverse,
             label=f"{label} – TVA des acomptes déduits"),
        line(chart.fees, chart.fees_label, _kind_amount(invoice, LineKind.FEE), debit=reverse),
        line(chart.extras, chart.extras_label, _kind_amount(invoice, LineKind.EXTRA), debit=reverse),
        *(line(chart.vat, chart.vat_label, group.vat_cents, debit=reverse,
               label=f"{label} – TVA {rate_label(group.rate)}")
          for group in totals.groups if group.category is VatCategory.STANDARD),
        line(chart.disbursements, chart.disbursements_label, totals.disbursements_cents, debit=reverse),
        line(chart.deposits, chart.deposits_label, _kind_amount(invoice, LineKind.DEPOSIT), debit=reverse),
    ]
    lines = [item for item in lines if item.debit_cents or item.credit_cents]
    if not lines:
        return None
    return LedgerEntry(journal=Journal.SALES, entry_date=invoice.issue_date, piece_ref=invoice.number,
                       piece_date=invoice.issue_date, label=label, lines=tuple(lines), source=Source.INVOICE,
                       source_id=invoice_id, invoice_id=invoice_id, client_id=client_id)


def payment_entries(*, payment_id: int, client_id: int, client_name: str, amount_cents: int, paid_on: date,
                    posted_on: date, reference: str, invoice_id: int | None = None, invoice_number: str = "",
                    method: str = "", cancelled: bool = False,
                    chart: ChartOfAccounts = DEFAULT_CHART) -> tuple[LedgerEntry, ...]:
    """The BQ entry of a payment received (a negative amount, a refund, reverses it). `reference` is the
    payment's own reference (bank label, cheque number); the invoice it settles, when known, names the entry.
    `cancelled`: the entry that reverses the payment's, when the payment is cancelled."""
    if amount_cents == 0:
        return ()
    settles = f" {invoice_number}" if invoice_number else ""
    how = f" ({method})" if method else ""
    label = f"{'Annulation du règlement' if cancelled else 'Règlement'}{settles}{how} – {client_name}"
    amount_cents = -amount_cents if cancelled else amount_cents
    lines = (line(chart.bank, chart.bank_label, amount_cents, debit=True),
             line(chart.clients, chart.clients_label, amount_cents, debit=False,
                  aux_account=chart.client_account(client_id), aux_label=client_name))
    return (LedgerEntry(journal=Journal.BANK, entry_date=posted_on, piece_ref=reference or invoice_number or
                        f"PAIEMENT-{payment_id}", piece_date=paid_on, label=label, lines=lines,
                        source=Source.PAYMENT_CANCEL if cancelled else Source.PAYMENT, source_id=payment_id,
                        invoice_id=invoice_id, client_id=client_id),)
