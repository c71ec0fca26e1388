"""Helpers of the invoice tests on a database: a firm whose identity allows invoicing, clients, drafts, the
real Factur-X adapter, and the independent checks every issued invoice goes through."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

import facturx
from drafthorse.models.document import Document

from data.documents import WeasyPrintRenderer
from data.integrations.facturx import FacturX, validate
from domain.clients.services import create_client
from domain.firm.model import FirmIdentity
from domain.identifiers import vat_number_for
from domain.invoicing import services
from domain.invoicing.records import InvoiceDraft, InvoiceFilter, StoredInvoice
from tests.conftest import FirmFixture, random_siren
from tests.invoicing_support import EXTRA, FORFAIT, GREFFE, PAYSLIPS

LINES = (FORFAIT, PAYSLIPS, EXTRA, GREFFE)  # 1 075,00 € at 20 % and 51,90 € of débours: 1 341,90 € TTC


class OnePageRenderer:
    """Renders one small real PDF/A-3b once and hands it out again (numbering tests need a valid PDF to
    embed into, not a faithful one); remembers the HTML or the invoice's sheet of each call."""

    _pdf: bytes | None = None

    def __init__(self) -> None:
        self.html: list[str] = []
        self.sheets: list = []

    def pdf(self, html: str) -> bytes:
        self.html.append(html)
        return self._one_page()

    def invoice_pdf(self, sheet) -> bytes:
        self.sheets.append(sheet)
        return self._one_page()

    @staticmethod
    def _one_page() -> bytes:
        if OnePageRenderer._pdf is None:
            OnePageRenderer._pdf = WeasyPrintRenderer().pdf("<html lang='fr'><body><p>Facture</p></body></html>")
        return OnePageRenderer._pdf


class DroppingNote(FacturX):
    """The real adapter, but the XML loses the note of the 40 € indemnity: the French rules must refuse it."""

    def xml(self, invoice):
        return super().xml(invoice).replace(b"<ram:SubjectCode>PMT</ram:SubjectCode>", b"")


def uow(firm: FirmFixture):
    return firm.container.firm_uow(firm.firm_id)


def ready_to_invoice(firm: FirmFixture, **changes) -> FirmIdentity:
    """Give the firm every mention an invoice needs (the fixture's firm has only a name and a SIREN)."""
    with uow(firm) as u:
        complete = {"legal_form": "SAS", "vat_number": vat_number_for(firm.siren), "rcs_city": "Lyon",
                    "share_capital_cents": 5_000_000, "address_line": "8 quai Saint-Vincent", "postal_code": "69001",
                    "city": "Lyon", "email": "contact@cabinet-test.fr", "iban": "FR7630006000011234567890189",
                    "bic": "AGRIFRPP"}
        identity = replace(u.firm.get().identity, **{**complete, **changes})
        u.firm.update_identity(identity)
        u.commit()
    return identity


def add_client(firm: FirmFixture, name: str = "Boulangerie Dupain", email: str = "compta@dupain.fr",
               siren: str | None = None):
    form = {"name": name, "siren": siren or random_siren(), "legal_form": "SARL", "address_line": "3 rue des Fours",
            "postal_code": "69003", "city": "Lyon", "email": email}
    return create_client(uow(firm), None, firm.container.clock, form)


def draft_for(client_id: int, lines=LINES, **fields) -> InvoiceDraft:
    fields.setdefault("period_start", date(2026, 10, 1))
    fields.setdefault("period_end", date(2026, 10, 31))
    return InvoiceDraft(client_id=client_id, lines=tuple(lines), **fields)


def new_draft(firm: FirmFixture, client_id: int, principal=None, **fields) -> StoredInvoice:
    return services.create_draft(uow(firm), principal, firm.container.clock, draft_for(client_id, **fields))


def issue(firm: FirmFixture, invoice_id: int, *, principal=None, renderer=None, einvoicing=None):
    return services.issue_invoice(uow(firm), principal, firm.container.clock, renderer or WeasyPrintRenderer(),
                                  einvoicing or FacturX(), invoice_id)


def cents(value) -> int:
    return int(Decimal(str(value)) * 100)


def check_issued(firm: FirmFixture, invoice_id: int) -> tuple[StoredInvoice, Document, bytes]:
    """What every issued invoice must pass: the XML re-extracted from the stored PDF passes the XSD and both
    schematrons, and an independent reader (drafthorse) finds the number and the totals that the database
    holds, both in its total columns and from its stored lines."""
    with uow(firm) as u:
        stored, pdf = u.invoices.get(invoice_id), u.invoices.pdf(invoice_id)
        [row] = [s for s in u.invoices.list(InvoiceFilter()) if s.id == invoice_id]
    name, xml = facturx.get_xml_from_pdf(pdf, check_xsd=True)
    assert name == "factur-x.xml"
    problems = validate(xml)
    assert problems == [], "\n".join(p.text for p in problems)
    parsed = Document.parse(xml)
    summation, totals = parsed.trade.settlement.monetary_summation, stored.document.totals
    assert parsed.header.id._text == stored.document.number == row.number
    assert cents(summation.line_total._value) == totals.lines_cents == row.ht_cents
    assert cents(summation.tax_basis_total._amount) == totals.ht_cents
    vat = sum(cents(t.calculated_amount._value) for t in parsed.trade.settlement.trade_tax.children)
    assert vat == totals.vat_cents == row.vat_cents
    assert cents(summation.grand_total._amount) == totals.ttc_cents == row.ttc_cents
    assert cents(summation.due_amount._value) == totals.due_cents
    return stored, parsed, pdf
