"""Factur-X EN 16931 with the real libraries (no database): XML, XSD + both schematrons offline, PDF/A-3.

Each generated XML must pass the XSD and the EN 16931 and French CTC schematrons with no finding at all,
and be read back by an independent parser (drafthorse) with the totals of the domain.
"""

import threading
from dataclasses import replace
from decimal import Decimal

import facturx
import pytest
from drafthorse.models.document import Document
from lxml import etree

from data.documents import WeasyPrintRenderer
from data.integrations import schematron
from data.integrations.facturx import facturx_pdf, invoice_xml, validate, xml_from_pdf
from domain.firm.model import FirmIdentity
from domain.invoicing.document import invoice_sheet
from domain.invoicing.model import Buyer, Invoice, InvoiceExportError, InvoiceLine
from tests.invoicing_support import CLIENT, FORFAIT, GREFFE, SELLER, credit_note, monthly_invoice, public_invoice

NS = {"rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
      "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"}


def values(xml: bytes, path: str) -> list[str]:
    return [node.text if isinstance(node, etree._Element) else str(node)
            for node in etree.fromstring(xml).xpath(path, namespaces=NS)]


def assert_conform(xml: bytes) -> None:
    problems = validate(xml)
    assert problems == [], "\n".join(p.text for p in problems)


def test_the_monthly_invoice_of_a_firm_passes_the_xsd_and_both_schematrons():
    invoice = monthly_invoice()
    xml = invoice_xml(invoice)

    assert_conform(xml)
    assert facturx.get_level(etree.fromstring(xml)) == "en16931"
    assert values(xml, "//ram:GuidelineSpecifiedDocumentContextParameter/ram:ID") == ["urn:cen.eu:en16931:2017"]
    assert values(xml, "//ram:BusinessProcessSpecifiedDocumentContextParameter/ram:ID") == ["S1"]
    assert values(xml, "//rsm:ExchangedDocument/ram:TypeCode") == ["380"]
    assert values(xml, "//ram:SellerTradeParty/ram:SpecifiedLegalOrganization/ram:ID[@schemeID='0002']") == [
        "552008443"]
    assert values(xml, "//ram:SellerTradeParty/ram:SpecifiedTaxRegistration/ram:ID[@schemeID='VA']") == [
        "FR19552008443"]
    assert values(xml, "//ram:BuyerTradeParty/ram:SpecifiedLegalOrganization/ram:ID") == ["732829320"]
    assert values(xml, "//ram:IncludedNote/ram:SubjectCode") == ["PMT", "PMD", "AAB"]
    assert values(xml, "//ram:PayeePartyCreditorFinancialAccount/ram:IBANID") == ["FR7630006000011234567890189"]
    assert values(xml, "//ram:ContractReferencedDocument/ram:IssuerAssignedID") == ["LM2026-00007"]
    assert values(xml, "//ram:SpecifiedTradePaymentTerms/ram:DueDateDateTime/*") == ["20261230"]
    # The totals are the domain's: 1 075,00 € at 20 % and 51,90 € of débours outside VAT.
    assert values(xml, "//ram:ApplicableHeaderTradeSettlement/ram:ApplicableTradeTax/ram:BasisAmount") == [
        "1075.00", "51.90"]
    assert values(xml, "//ram:GrandTotalAmount") == ["1341.90"]
    assert values(xml, "//ram:DuePayableAmount") == [f"{Decimal(invoice.totals.due_cents) / 100:.2f}"]


def test_a_credit_note_references_the_invoice_it_corrects_and_passes():
    xml = invoice_xml(credit_note())

    assert_conform(xml)
    assert values(xml, "//rsm:ExchangedDocument/ram:TypeCode") == ["381"]
    assert values(xml, "//ram:InvoiceReferencedDocument/ram:IssuerAssignedID") == ["F2026-00042"]
    assert values(xml, "//ram:InvoiceReferencedDocument/ram:FormattedIssueDateTime/*") == ["20261130"]
    assert values(xml, "//ram:GrandTotalAmount") == ["390.00"]


def test_a_public_sector_invoice_carries_the_service_code_and_the_commitment_number():
    xml = invoice_xml(public_invoice())

    assert_conform(xml)
    assert values(xml, "//ram:ApplicableHeaderTradeAgreement/ram:BuyerReference") == ["DFA-COMPTA"]
    assert values(xml, "//ram:BuyerOrderReferencedDocument/ram:IssuerAssignedID") == ["EJ-2026-004512"]
    assert values(xml, "//ram:BuyerTradeParty/ram:GlobalID[@schemeID='0009']") == ["21750001600019"]
    assert values(xml, "//ram:BuyerTradeParty/ram:URIUniversalCommunication/ram:URIID") == [
        "217500016_21750001600019"]


@pytest.mark.parametrize("variant", [
    pytest.param(lambda: monthly_invoice(seller=replace(SELLER, vat_on_debits=True)), id="vat-on-debits"),
    pytest.param(lambda: monthly_invoice(buyer=Buyer(name="M. Paul Martin", address=CLIENT.address,
                                                     email="paul.martin@example.fr")), id="buyer-without-siren"),
    pytest.param(lambda: monthly_invoice(lines=(GREFFE,)), id="only-disbursements"),
    pytest.param(lambda: monthly_invoice(prepaid_cents=50_000), id="deposit-deducted"),
    pytest.param(lambda: monthly_invoice(lines=(
        FORFAIT, InvoiceLine("Formation", Decimal(1), 10_010, Decimal("5.50")),
        InvoiceLine("Abonnement", Decimal(1), 12_000, Decimal("10.00")), GREFFE)), id="several-rates"),
])
def test_other_cases_of_the_trade_pass_too(variant):
    assert_conform(invoice_xml(variant()))


def test_vat_on_debits_is_declared_in_the_breakdown_and_the_notes():
    xml = invoice_xml(monthly_invoice(seller=replace(SELLER, vat_on_debits=True)))
    assert values(xml, "//ram:ApplicableHeaderTradeSettlement/ram:ApplicableTradeTax/ram:DueDateTypeCode") == ["5"]
    assert "TXD" in values(xml, "//ram:IncludedNote/ram:SubjectCode")
    assert values(invoice_xml(monthly_invoice()),
                  "//ram:ApplicableHeaderTradeSettlement/ram:ApplicableTradeTax/ram:DueDateTypeCode") == ["72"]


def rules(xml: bytes) -> set[str]:
    return {problem.rule for problem in validate(xml)}


def test_a_seller_without_vat_number_breaks_the_european_rules():
    assert {"BR-S-02", "BR-E-02"} <= rules(invoice_xml(monthly_invoice(seller=replace(SELLER, vat_number=""))))


def test_wrong_totals_injected_in_the_xml_are_found():
    xml = invoice_xml(monthly_invoice()).replace(b"<ram:GrandTotalAmount>1341.90<", b"<ram:GrandTotalAmount>1342.90<")
    assert {"BR-CO-15", "BR-CO-16"} <= rules(xml)


def test_a_missing_french_mention_is_found_by_the_french_rules():
    xml = invoice_xml(monthly_invoice()).replace(b"<ram:SubjectCode>PMT</ram:SubjectCode>", b"")
    problems = validate(xml)
    assert [(p.check, p.rule) for p in problems] == [("France (CTC)", "BR-FR-05_BT-22_PMT")]
    assert "frais de recouvrement (code PMT) est absente" in problems[0].message


def test_a_code_outside_the_code_lists_is_found():
    # The currency list is read from the code list parsed once per process, not from the file each time.
    xml = invoice_xml(monthly_invoice()).replace(b"<ram:InvoiceCurrencyCode>EUR<", b"<ram:InvoiceCurrencyCode>EUX<")
    assert "FX-SCH-A-000595" in rules(xml)


def test_a_schema_error_is_reported_before_the_rules():
    xml = invoice_xml(monthly_invoice()).replace(b"<ram:TypeCode>380</ram:TypeCode>", b"")
    [problem] = validate(xml)
    assert (problem.check, problem.rule) == ("Schéma XML", "XSD")
    assert "Element 'ram:IssueDateTime': This element is not expected" in problem.message
    assert validate(b"<pas du xml")[0].message.startswith("XML illisible")


def test_the_schematrons_are_compiled_once_and_serve_every_thread(monkeypatch):
    xml = invoice_xml(monthly_invoice())
    validate(xml)  # compiles, if no earlier test did
    compiled = []
    original = schematron._SAXON._compile
    monkeypatch.setattr(schematron._SAXON, "_compile", lambda stylesheet: compiled.append(stylesheet) or
                        original(stylesheet))
    broken = xml.replace(b"<ram:SubjectCode>PMT</ram:SubjectCode>", b"")
    results = {}
    threads = [threading.Thread(target=lambda n=n: results.__setitem__(n, rules(broken if n % 2 else xml)))
               for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert compiled == []
    assert results == {0: set(), 1: {"BR-FR-05_BT-22_PMT"}, 2: set(), 3: {"BR-FR-05_BT-22_PMT"}}


def cents(value) -> int:
    return int(Decimal(value) * 100)


def invoice_pdf(invoice: Invoice) -> bytes:
    """The invoice's own PDF/A-3b, as issuing draws it."""
    return WeasyPrintRenderer().invoice_pdf(invoice_sheet(invoice, FirmIdentity(name=invoice.seller.name)))


@pytest.mark.parametrize("make", [monthly_invoice, credit_note, public_invoice])
def test_the_pdf_embeds_the_xml_and_an_independent_reader_finds_the_same_totals(make):
    invoice = make()
    xml = invoice_xml(invoice)
    pdf = facturx_pdf(invoice_pdf(invoice), xml, title=f"{invoice.kind.label} {invoice.number}",
                      author=invoice.seller.name)

    assert pdf.startswith(b"%PDF")
    name, embedded = facturx.get_xml_from_pdf(pdf, check_xsd=True)
    assert name == "factur-x.xml" and embedded == xml == xml_from_pdf(pdf)
    assert_conform(embedded)
    document = Document.parse(embedded)
    summation, totals = document.trade.settlement.monetary_summation, invoice.totals
    assert document.header.id._text == invoice.number
    assert cents(summation.line_total._value) == totals.lines_cents
    assert cents(summation.tax_basis_total._amount) == totals.ht_cents
    assert sum(cents(tax.calculated_amount._value) for tax in document.trade.settlement.trade_tax.children) \
        == totals.vat_cents
    assert cents(summation.grand_total._amount) == totals.ttc_cents
    assert cents(summation.due_amount._value) == totals.due_cents
    assert [cents(item.settlement.monetary_summation.total_amount._value) for item in document.trade.items.children] \
        == [line.amount_cents for line in invoice.lines]


def test_library_errors_become_french_export_errors():
    with pytest.raises(InvoiceExportError, match="Le PDF Factur-X n'a pas pu être produit"):
        facturx_pdf(b"pas un PDF", invoice_xml(monthly_invoice()))
    with pytest.raises(InvoiceExportError, match="Ce PDF ne contient pas de facture Factur-X valide"):
        xml_from_pdf(invoice_pdf(monthly_invoice()))
