"""What the PDF of an invoice or credit note prints, block by block, as text already worded and formatted in French
(domain/invoicing/document.py words it). The PDF adapter (data/pdf/invoice_layout.py) only places it on the page,
so every mention is decided here, where it can be tested without a PDF."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Fact:
    label: str  # "Date d'émission"
    value: str


@dataclass(frozen=True)
class SheetLine:
    label: str
    detail: str  # the kind of line under its label ("Débours"), or ""
    quantity: str  # "12 unités"
    unit_price: str
    vat: str  # "20,00 %" or "Débours"
    amount: str


@dataclass(frozen=True)
class Total:
    label: str
    amount: str
    strong: bool = False


@dataclass(frozen=True)
class InvoiceSheet:
    title: str  # "Facture n° F2026-00042"
    seller_name: str
    seller_lines: tuple[str, ...]  # address, phone, e-mail
    seller_ids: tuple[str, ...]  # SIREN/SIRET, VAT number (smaller type)
    buyer_name: str
    buyer_lines: tuple[str, ...]
    buyer_ids: tuple[str, ...]
    subject: str  # "Avoir sur la facture n° …", or ""
    facts: tuple[tuple[Fact, ...], ...]  # rows of one or two facts
    lines: tuple[SheetLine, ...]
    vat_groups: tuple[tuple[str, str, str], ...]  # rate, basis, VAT
    totals: tuple[Total, ...]
    conditions_title: str
    notes: tuple[str, ...]
    bank: str  # the IBAN line, or ""
    footer: str  # the seller's legal mentions, at the foot of every page
    logo: tuple[bytes, str] | None = None  # content, MIME type

    def texts(self) -> list[str]:
        """Every text the sheet prints (the PDF chooses its font subset from their characters)."""
        fixed = [self.title, self.seller_name, self.buyer_name, self.subject, self.conditions_title, self.bank,
                 self.footer, *self.seller_lines, *self.seller_ids, *self.buyer_lines, *self.buyer_ids, *self.notes]
        facts = [text for row in self.facts for fact in row for text in (fact.label, fact.value)]
        lines = [text for line in self.lines for text in (line.label, line.detail, line.quantity, line.unit_price,
                                                           line.vat, line.amount)]
        groups = [text for group in self.vat_groups for text in group]
        totals = [text for total in self.totals for text in (total.label, total.amount)]
        return fixed + facts + lines + groups + totals
