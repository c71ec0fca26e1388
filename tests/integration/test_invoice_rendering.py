"""The billing run's renderer (data/integrations/facturx_pool.py): stylesheets parsed once, a scoped user-agent
sheet; it must print what the plain renderer prints, every mandatory mention included (no database)."""

import io
from importlib import resources

import pypdf
import pytest
import weasyprint

from data.documents import WeasyPrintRenderer
from data.integrations.facturx_pool import CachedStylesRenderer, _html_class, _scoped_ua_text
from domain.firm.model import FirmIdentity
from domain.invoicing.document import invoice_html
from tests.invoicing_support import credit_note, monthly_invoice, public_invoice

FIRM = FirmIdentity(name="Cabinet Verger & Associés", legal_form="SAS", siren="552008443", siret="55200844300012",
                    vat_number="FR19552008443", rcs_city="Lyon", share_capital_cents=5_000_000,
                    ordre_number="13-123456", address_line="8 quai Saint-Vincent", postal_code="69001", city="Lyon",
                    email="contact@verger-associes.fr", iban="FR7630006000011234567890189", bic="AGRIFRPP")


def text(pdf: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture(scope="module")
def renderer():
    return CachedStylesRenderer()


@pytest.mark.parametrize("invoice", [monthly_invoice(), credit_note(), public_invoice()],
                         ids=["invoice", "credit note", "public buyer"])
def test_the_run_renderer_prints_the_same_text_as_the_plain_renderer(renderer, invoice):
    html = invoice_html(invoice, FIRM)

    assert text(renderer.pdf(html)) == text(WeasyPrintRenderer().pdf(html))


def test_the_run_renderer_keeps_every_mandatory_mention_of_the_invoice(renderer):
    printed = text(renderer.pdf(invoice_html(monthly_invoice(), FIRM)))

    # 450 + 12 × 25 + 2.5 × 130 = 1,075.00 at 20 % (215.00), plus 51.90 of débours: 1,341.90 TTC.
    for mention in ("Facture n° F2026-00042", "SIREN 552008443", "N° de TVA intracommunautaire FR19552008443",
                    "RCS Lyon", "au capital de 50 000,00", "Boulangerie Dupain SARL", "SIREN 732829320",
                    "30/12/2026", "du 01/11/2026 au", "Prestations de", "Bulletins de paie", "12 unités", "25,00",
                    "1 075,00", "215,00", "1 341,90", "40,00", "10,00 %", "Débours", "FR7630006000011234567890189",
                    "Page 1 / 1"):
        assert mention.replace("\u202f", " ") in printed.replace("\u202f", " ").replace("\xa0", " "), mention


def test_the_user_agent_sheet_is_scoped_on_the_installed_weasyprint():
    stock = (resources.files("weasyprint") / "css" / "html5_ua.css").read_text(encoding="utf-8")
    scoped = _scoped_ua_text(stock)

    assert scoped is not None and _html_class() is not weasyprint.HTML  # an upgrade moved the rules: look again
    assert "\n::marker {" not in scoped and "li::marker, summary::marker {" in scoped
    assert "\n::footnote-call {" not in scoped and "[data-eexpi-note]::footnote-call {" in scoped


def test_a_user_agent_sheet_without_the_expected_rules_is_left_alone():
    assert _scoped_ua_text("html { display: block }\n::marker { white-space: pre }\n") is None
