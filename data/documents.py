"""PDF rendering at the edge: HTML (from Jinja2 templates) → PDF/A-3b with WeasyPrint."""

import weasyprint

from data.settings import ROOT

TEMPLATES = ROOT / "templates"


class WeasyPrintRenderer:
    """Relative URLs in the HTML (stylesheets, fonts) resolve against `templates/`."""

    def pdf(self, html: str) -> bytes:
        return weasyprint.HTML(string=html, base_url=str(TEMPLATES)).write_pdf(pdf_variant="pdf/a-3b")
