"""The invoice's PDF drawn directly (data/pdf/): every mandatory mention printed and searchable, long invoices on
several pages, any character of a client's name, the logo, and what PDF/A-3 asks of the file (no database)."""

import io
import re
from dataclasses import replace
from decimal import Decimal

import pypdf
import pytest
from fontTools.ttLib import TTFont
from PIL import Image

from data.integrations.facturx import facturx_pdf, invoice_xml, xml_from_pdf
from data.pdf.fonts import COMMON
from data.pdf.invoice_layout import invoice_pdf
from domain.firm.model import FirmIdentity
from domain.invoicing.document import invoice_sheet
from domain.invoicing.model import InvoiceLine, LineKind, Unit
from tests.invoicing_support import CLIENT, credit_note, monthly_invoice, public_invoice

FIRM = FirmIdentity(name="Cabinet Verger & Associés", legal_form="SAS", siren="552008443", siret="55200844300012",
                    vat_number="FR19552008443", rcs_city="Lyon", share_capital_cents=5_000_000,
                    ordre_number="13-123456", address_line="8 quai Saint-Vincent", postal_code="69001", city="Lyon",
                    email="contact@verger-associes.fr", iban="FR7630006000011234567890189", bic="AGRIFRPP")


def pages_text(pdf: bytes) -> list[str]:
    spaces = str.maketrans({"\u202f": " ", "\xa0": " "})
    return [" ".join(page.extract_text().translate(spaces).split()) for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def text(pdf: bytes) -> str:
    return " ".join(pages_text(pdf))


def test_every_mandatory_mention_of_the_invoice_is_printed():
    printed = text(invoice_pdf(invoice_sheet(monthly_invoice(), FIRM)))

    # 450 + 12 × 25 + 2.5 × 130 = 1,075.00 at 20 % (215.00), plus 51.90 of débours: 1,341.90 TTC.
    for mention in ("Facture n° F2026-00042", "SIREN 552008443", "N° de TVA intracommunautaire FR19552008443",
                    "RCS Lyon", "au capital de 50 000,00", "Boulangerie Dupain SARL", "SIREN 732829320",
                    "30/12/2026", "du 01/11/2026 au", "Prestations de services", "Bulletins de paie", "12 unités",
                    "25,00", "1 075,00", "215,00", "1 341,90", "40,00", "10,00 %", "Débours",
                    "FR7630006000011234567890189", "Ordre des experts-comptables, n° 13-123456", "Page 1 / 1"):
        assert mention in printed, mention


def test_a_credit_note_names_the_invoice_it_credits_and_asks_for_no_payment():
    printed = text(invoice_pdf(invoice_sheet(credit_note(), FIRM)))

    assert "Avoir n°" in printed and "Avoir sur la facture n° F2026-00042" in printed
    assert "Modalités" in printed and "IBAN" not in printed and "Conditions de paiement" not in printed


def test_a_public_buyer_gets_its_commitment_number_and_service_code():
    invoice = public_invoice()
    printed = text(invoice_pdf(invoice_sheet(invoice, FIRM)))

    assert f"N° d'engagement {invoice.buyer.commitment_number}" in printed
    assert f"Code service {invoice.buyer.service_code}" in printed


def _long_invoice(count: int):
    label = "Mission de révision des comptes annuels et établissement de la liasse fiscale, exercice n° {}"
    lines = tuple(InvoiceLine(label.format(n), Decimal(1), 10_000 + n, Decimal("20.00"), Unit.FLAT, LineKind.FEE)
                  for n in range(1, count + 1))
    return monthly_invoice(lines=lines)


def test_a_long_invoice_goes_on_over_pages_with_the_table_head_on_each():
    pages = pages_text(invoice_pdf(invoice_sheet(_long_invoice(60), FIRM)))

    assert len(pages) >= 3
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} / {len(pages)}" in page
        if "exercice n°" in page:  # a page of the table repeats its head
            assert "Désignation Quantité Prix unitaire HT TVA Montant HT" in page
        assert "SIREN 552008443 – RCS Lyon" in page  # the legal mentions at the foot of every page
    whole = " ".join(pages)
    for n in range(1, 61):  # every line printed once, none lost at a page break
        assert len(re.findall(rf"exercice n° {n}(?!\d)", whole)) == 1, n
    assert "Conditions de paiement" in pages[-1] and "Total TTC" in whole


def test_characters_beyond_latin_1_are_printed_with_a_wider_subset():
    invoice = monthly_invoice(buyer=replace(CLIENT, name="Łukasz Wójcik – Ørsted & Šťastný s.r.o."))
    pdf = invoice_pdf(invoice_sheet(invoice, FIRM))

    assert "Łukasz Wójcik – Ørsted & Šťastný s.r.o." in text(pdf)
    assert not set("ŁŠť") <= COMMON  # else this test would not reach the wider subset


def _logo(mode: str, fmt: str) -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, (120, 40), (31, 59, 92, 128) if mode == "RGBA" else (31, 59, 92)).save(buffer, fmt)
    return buffer.getvalue()


@pytest.mark.parametrize(("logo", "masked"), [((_logo("RGBA", "PNG"), "image/png"), True),
                                              ((_logo("RGB", "JPEG"), "image/jpeg"), False)], ids=["png", "jpeg"])
def test_the_firm_logo_is_drawn_with_its_transparency(logo, masked):
    pdf = invoice_pdf(invoice_sheet(monthly_invoice(), FIRM, logo))

    images = pypdf.PdfReader(io.BytesIO(pdf)).pages[0]["/Resources"]["/XObject"]
    (image,) = [ref.get_object() for ref in images.values()]
    assert (image["/Width"], image["/Height"]) == (120, 40)
    assert ("/SMask" in image) is masked
    assert image["/Filter"] == ("/FlateDecode" if masked else "/DCTDecode")


def _fonts(pdf: bytes):
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    for font in reader.pages[0]["/Resources"]["/Font"].values():
        yield font.get_object()


def test_each_font_is_embedded_with_the_widths_of_its_own_glyphs():
    """PDF/A: fonts embedded, and the widths the PDF declares are the font program's (a validator checks it)."""
    pdf = invoice_pdf(invoice_sheet(monthly_invoice(), FIRM))

    fonts = list(_fonts(pdf))
    assert len(fonts) == 2  # regular and bold
    for font in fonts:
        cid = font["/DescendantFonts"][0].get_object()
        program = TTFont(io.BytesIO(cid["/FontDescriptor"]["/FontFile2"].get_object().get_data()))
        scale, order = 1000 / program["head"].unitsPerEm, program.getGlyphOrder()
        declared = cid["/W"]
        assert len(declared) >= 20
        for gid, (width,) in zip(declared[::2], declared[1::2], strict=True):
            assert width == round(program["hmtx"][order[gid]][0] * scale)
        assert font["/ToUnicode"] is not None and re.fullmatch(r"[A-Z]{6}\+.+", font["/BaseFont"][1:])


def test_the_pdf_declares_pdf_a_3_and_carries_the_xml_once_embedded():
    invoice = monthly_invoice()
    pdf = invoice_pdf(invoice_sheet(invoice, FIRM))
    catalog = pypdf.PdfReader(io.BytesIO(pdf)).trailer["/Root"]

    (intent,) = catalog["/OutputIntents"]
    assert intent.get_object()["/S"] == "/GTS_PDFA1"
    assert b'pdfaid:part="3"' in catalog["/Metadata"].get_object().get_data()
    xml = invoice_xml(invoice)
    assert xml_from_pdf(facturx_pdf(pdf, xml, title="Facture F2026-00042", author=FIRM.name)) == xml
