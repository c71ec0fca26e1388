"""Invoice services on SQLite and PostgreSQL: drafts, issue (number, Factur-X bytes checked again from the
database, mail with the PDF), refusals that write nothing and consume no number, credit notes."""

import hashlib
import io
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pypdf
import pytest

from data.integrations.facturx import FacturX
from domain.audit import Action, AuditFilter
from domain.clients.contacts import add_contact
from domain.clients.services import archive_client
from domain.errors import InvalidInput, NotFound
from domain.firm.model import DocType
from domain.invoicing import queries, services
from domain.invoicing.model import InvoiceLine, LineKind
from domain.invoicing.records import InvoiceFilter, InvoiceStatus
from tests.integration.invoices_support import (
    EXTRA,
    FORFAIT,
    GREFFE,
    DroppingNote,
    OnePageRenderer,
    add_client,
    check_issued,
    draft_for,
    issue,
    new_draft,
    ready_to_invoice,
    uow,
)
from tests.integration.support import audit_of, outbox_of

TODAY = date(2026, 11, 20)  # the test clock's day in Paris


@pytest.fixture
def billing(firm):
    ready_to_invoice(firm)
    return firm


def state(firm) -> dict:
    """Everything an issue may write, to prove that a refused one wrote nothing."""
    with uow(firm) as u:
        return {"series": [(s.doc_type, s.next_number, s.last_allocated) for s in u.numbering.list()],
                "invoices": u.invoices.list(InvoiceFilter()), "outbox": len(u.outbox.list()),
                "audit": len(u.audit.search(AuditFilter()))}


def pdf_text(pdf: bytes) -> str:
    return " ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


# --- drafts -----------------------------------------------------------------------------------------------

def test_a_draft_keeps_its_lines_and_the_client_as_buyer_but_no_number(billing):
    client = add_client(billing)
    stored = new_draft(billing, client.id)

    assert stored.status is InvoiceStatus.DRAFT and stored.document.number == ""
    assert stored.reference == f"brouillon n° {stored.id}"
    assert stored.document.lines == (FORFAIT, *draft_for(client.id).lines[1:])
    assert stored.document.buyer.name == "Boulangerie Dupain"
    assert stored.document.buyer.email == "compta@dupain.fr"
    assert stored.document.totals.ttc_cents == 134_190
    assert [e.target_id for e in audit_of(billing.container, billing.firm_id, Action.INVOICE_DRAFT_CREATE)] == [
        str(stored.id)]


def test_bad_lines_and_dates_are_all_refused_and_nothing_is_written(billing):
    client = add_client(billing)
    bad = (InvoiceLine("Forfait", Decimal(0), 45_000), InvoiceLine("", Decimal(1), 1_000, Decimal("19.60")))
    with pytest.raises(InvalidInput) as refused:
        new_draft(billing, client.id, lines=bad, period_start=date(2026, 10, 31), period_end=date(2026, 10, 1),
                  due_date=TODAY + timedelta(days=90))

    assert refused.value.message.split(" ; ") == [
        "Ligne 1 : la quantité doit être positive.", "Ligne 2 : le libellé manque.",
        "Ligne 2 : taux de TVA 19,60\u00a0% inconnu (20 %, 10 %, 5,5 %, 2,1 % ou 8,5 %).",
        "La période de prestation finit avant de commencer.",
        "L'échéance du 18/02/2027 dépasse le délai légal : au plus tard le 31/01/2027 (60 jours, ou 45 jours fin de mois)."]
    assert queries.list_invoices(uow(billing), None) == []


def test_an_archived_or_unknown_client_cannot_be_invoiced(billing):
    client = add_client(billing)
    archive_client(uow(billing), None, billing.container.clock, client.id)
    with pytest.raises(InvalidInput, match="est archivé"):
        new_draft(billing, client.id)
    with pytest.raises(NotFound):
        new_draft(billing, 999_999)


def test_a_draft_is_edited_then_deleted(billing):
    client, other = add_client(billing), add_client(billing, name="Garage Martin", email="garage@martin.fr")
    stored = new_draft(billing, client.id)
    edited = services.update_draft(uow(billing), None, billing.container.clock, stored.id,
                                   draft_for(other.id, lines=(EXTRA,), payment_terms="Paiement à réception."))

    assert (edited.client_id, edited.document.buyer.name, edited.document.lines) == (other.id, "Garage Martin", (EXTRA,))
    assert edited.document.payment_terms == "Paiement à réception."
    services.delete_draft(uow(billing), None, billing.container.clock, stored.id)
    assert queries.get_invoice(uow(billing), None, stored.id) is None
    assert {e.action for e in audit_of(billing.container, billing.firm_id)} >= {
        Action.INVOICE_DRAFT_UPDATE, Action.INVOICE_DRAFT_DELETE}


# --- issue ------------------------------------------------------------------------------------------------

def test_issuing_numbers_checks_and_stores_the_factur_x_and_mails_it(billing):
    client = add_client(billing)
    first, second = new_draft(billing, client.id), new_draft(billing, client.id, lines=(FORFAIT,))

    issued = [issue(billing, first.id), issue(billing, second.id)]

    assert [i.invoice.document.number for i in issued] == ["F2026-00001", "F2026-00002"]
    for result in issued:
        stored, _, pdf = check_issued(billing, result.invoice.id)
        assert stored.status is InvoiceStatus.ISSUED and stored.issued_at is not None
        assert (stored.document.issue_date, stored.document.due_date) == (TODAY, TODAY + timedelta(days=30))
        assert stored.pdf_sha256 == hashlib.sha256(pdf).hexdigest()
        assert stored.mailed_to == "compta@dupain.fr" and stored.mail_outbox_id is not None
        text = pdf_text(pdf)
        for mention in (stored.document.number, "Date d'échéance 20/12/2026", billing.siren, "Pas d'escompte",
                        "40,00\xa0€", "12,15", "Prestations de services", "FR7630006000011234567890189"):
            assert mention in text
    mails = outbox_of(billing.container, billing.firm_id)
    invoice_mails = [m for m in mails if m["subject"].startswith("Facture F2026-")]
    assert [m["recipient"] for m in invoice_mails] == ["compta@dupain.fr"] * 2
    with uow(billing) as u:
        [attachment] = u.outbox.attachments(issued[0].invoice.mail_outbox_id)
        assert attachment.content == u.invoices.pdf(first.id)
    assert attachment.filename == "Facture-F2026-00001.pdf"
    assert len(audit_of(billing.container, billing.firm_id, Action.INVOICE_ISSUE)) == 2


def test_the_mail_goes_to_the_clients_internal_accountant_when_there_is_one(billing):
    client = add_client(billing)
    add_contact(uow(billing), None, billing.container.clock, client.id,
                {"last_name": "Comptable", "first_name": "Anne", "role": "comptable_interne",
                 "email": "anne@dupain.fr"})
    result = issue(billing, new_draft(billing, client.id).id, renderer=OnePageRenderer())
    assert result.mailed_to == "anne@dupain.fr"


def test_a_client_without_any_address_gets_the_invoice_issued_without_mail(billing):
    client = add_client(billing, email="")
    mails = len(outbox_of(billing.container, billing.firm_id))
    result = issue(billing, new_draft(billing, client.id).id, renderer=OnePageRenderer())

    assert result.mailed_to == "" and result.invoice.status is InvoiceStatus.ISSUED
    assert len(outbox_of(billing.container, billing.firm_id)) == mails


def test_a_failing_xml_check_consumes_no_number_and_writes_nothing(billing):
    client = add_client(billing)
    draft = new_draft(billing, client.id)
    before = state(billing)

    with pytest.raises(InvalidInput) as refused:
        issue(billing, draft.id, einvoicing=DroppingNote(), renderer=OnePageRenderer())

    assert "Aucun numéro n'a été consommé" in refused.value.message
    assert "- [France (CTC)] BR-FR-05_BT-22_PMT : " in refused.value.message
    assert state(billing) == before
    assert issue(billing, draft.id, renderer=OnePageRenderer()).invoice.document.number == "F2026-00001"


def test_a_firm_missing_a_mention_cannot_issue_and_no_number_is_taken(firm):
    ready_to_invoice(firm, iban="")
    draft = new_draft(firm, add_client(firm).id)
    before = state(firm)
    with pytest.raises(InvalidInput, match="l'IBAN manque"):
        issue(firm, draft.id, renderer=OnePageRenderer())
    assert state(firm) == before


def test_an_issued_invoice_is_never_edited_deleted_or_issued_again(billing):
    client = add_client(billing)
    issued = issue(billing, new_draft(billing, client.id).id, renderer=OnePageRenderer()).invoice
    before = state(billing)
    c = billing.container
    for command in (lambda: services.update_draft(uow(billing), None, c.clock, issued.id, draft_for(client.id)),
                    lambda: services.delete_draft(uow(billing), None, c.clock, issued.id),
                    lambda: issue(billing, issued.id, renderer=OnePageRenderer())):
        with pytest.raises(InvalidInput):
            command()
    assert state(billing) == before


# --- credit notes -----------------------------------------------------------------------------------------

def credit(firm, invoice_id, positions=None):
    return services.credit_invoice(uow(firm), None, firm.container.clock, OnePageRenderer(), FacturX(), invoice_id,
                                   positions)


def test_a_credit_note_has_its_own_series_and_references_the_invoice(billing):
    client = add_client(billing)
    invoice = issue(billing, new_draft(billing, client.id).id, renderer=OnePageRenderer()).invoice

    partial = credit(billing, invoice.id, [3])
    note, parsed, _ = check_issued(billing, partial.invoice.id)

    assert note.document.number == "AV2026-00001" and note.credited_invoice_id == invoice.id
    assert note.document.lines == (EXTRA,) and note.document.totals.ttc_cents == 39_000
    assert parsed.header.type_code._text == "381"
    assert parsed.trade.settlement.invoice_referenced_document.issuer_assigned_id._text == "F2026-00001"
    assert len(audit_of(billing.container, billing.firm_id, Action.INVOICE_CREDIT)) == 1
    assert [n.number for n in queries.credit_notes_of(uow(billing), None, invoice.id)] == ["AV2026-00001"]
    with uow(billing) as u:
        assert u.numbering.get(DocType.INVOICE).last_allocated == 1


def test_credit_notes_never_exceed_the_invoice_and_a_refused_one_writes_nothing(billing):
    invoice = issue(billing, new_draft(billing, add_client(billing).id).id, renderer=OnePageRenderer()).invoice
    credit(billing, invoice.id, [1, 4])
    before = state(billing)

    with pytest.raises(InvalidInput, match=r"dépasse ce qui reste à créditer sur la facture F2026-00001 \(750,00\xa0€ TTC\)"):
        credit(billing, invoice.id)
    with pytest.raises(InvalidInput, match="n'a que 4 ligne"):
        credit(billing, invoice.id, [5])
    assert state(billing) == before
    assert credit(billing, invoice.id, [2, 3]).invoice.document.totals.ttc_cents == 75_000  # exactly what remained


def test_only_an_issued_invoice_can_be_credited(billing):
    draft = new_draft(billing, add_client(billing).id)
    with pytest.raises(InvalidInput, match="Seule une facture émise"):
        credit(billing, draft.id)
    note = credit(billing, issue(billing, new_draft(billing, add_client(billing).id).id,
                                 renderer=OnePageRenderer()).invoice.id)
    with pytest.raises(InvalidInput, match="Seule une facture émise"):
        credit(billing, note.invoice.id)


def test_a_disbursement_only_invoice_is_issued_too(billing):
    result = issue(billing, new_draft(billing, add_client(billing).id, lines=(GREFFE,)).id,
                   renderer=OnePageRenderer())
    stored, _, _ = check_issued(billing, result.invoice.id)
    assert stored.document.lines[0].kind is LineKind.DISBURSEMENT and stored.document.totals.vat_cents == 0


def test_the_snapshots_are_taken_again_at_issue(billing):
    client = add_client(billing)
    draft = new_draft(billing, client.id)
    with uow(billing) as u:
        u.clients.update(replace(u.clients.get(client.id), address_line="5 avenue Foch"))
        u.commit()
    issued = issue(billing, draft.id, renderer=OnePageRenderer()).invoice
    assert issued.document.buyer.address.line == "5 avenue Foch"
