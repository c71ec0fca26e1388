"""PDF rendering at the edge: HTML (from Jinja2 templates) → PDF/A-3b with WeasyPrint; invoices and credit notes
are drawn directly (data/pdf/invoice_layout.py: twenty times cheaper, for billing runs of a thousand)."""

import weasyprint

from data.pdf.invoice_layout import invoice_pdf
from data.settings import ROOT
from domain.invoicing.sheet import InvoiceSheet

TEMPLATES = ROOT / "templates"


class WeasyPrintRenderer:
    """Relative URLs in the HTML (stylesheets, fonts) resolve against `templates/`."""

    def pdf(self, html: str) -> bytes:
        return weasyprint.HTML(string=html, base_url=str(TEMPLATES)).write_pdf(pdf_variant="pdf/a-3b")

    def invoice_pdf(self, sheet: InvoiceSheet) -> bytes:
        return invoice_pdf(sheet)
