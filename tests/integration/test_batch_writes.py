"""The batch reads and writes a billing run issues through, on SQLite and PostgreSQL: each says the same as
its one-at-a-time counterpart, keeps the order it is given, and refuses all or nothing."""

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from domain.access.mails import Attachment, Mail
from domain.accounting.model import Journal
from domain.accounting.posting import invoice_entry
from domain.audit import Action, AuditEntry, AuditFilter
from domain.clients.model import Contact, ContactRole
from domain.errors import InvalidInput
from domain.invoicing.records import InvoiceStatus, Issuance
from tests.integration.invoices_support import OnePageRenderer, add_client, issue, new_draft, ready_to_invoice, uow
from tests.unit.test_accounting_posting import two_rates_invoice

AT = datetime(2026, 11, 20, 9, tzinfo=UTC)


def test_many_invoices_are_those_get_reads_one_by_one_unknown_ids_left_out(firm):
    ready_to_invoice(firm)
    client = add_client(firm)
    drafts = [new_draft(firm, client.id) for _ in range(3)]
    issued = issue(firm, drafts[1].id, renderer=OnePageRenderer()).invoice
    with uow(firm) as u:
        found = u.invoices.many([d.id for d in drafts] + [999_999])
        assert set(found) == {d.id for d in drafts}
        assert all(found[d.id] == u.invoices.get(d.id) for d in drafts)
    assert found[issued.id].status is InvoiceStatus.ISSUED and found[drafts[0].id].is_draft


def test_drafts_added_together_come_back_in_their_order_each_as_get_reads_it(firm):
    ready_to_invoice(firm)
    ann, bob = add_client(firm, "Ann SARL"), add_client(firm, "Bob SAS")
    model = new_draft(firm, ann.id)  # its lines: forfait, payslips, extra at 20 %, greffe outside VAT
    drafts = [replace(model, id=0, client_id=client.id,
                      document=replace(model.document, lines=model.document.lines[n:]))
              for n, client in enumerate((bob, ann, bob))]
    with uow(firm) as u:
        added = u.invoices.add_drafts(drafts, at=AT)
        u.commit()
    with uow(firm) as u:
        assert added == [u.invoices.get(a.id) for a in added]
    assert [(a.client_id, len(a.document.lines)) for a in added] == [(bob.id, 4), (ann.id, 3), (bob.id, 2)]
    assert len({a.id for a in added} | {model.id}) == 4
    assert [a.document.totals for a in added] == [d.document.totals for d in drafts]


def test_issuing_several_drafts_refuses_them_all_when_one_is_issued_already(firm):
    ready_to_invoice(firm)
    client = add_client(firm)
    first, second = new_draft(firm, client.id), new_draft(firm, client.id)
    issued = issue(firm, second.id, renderer=OnePageRenderer()).invoice
    numbered = replace(first.document, number="F2026-99999", issue_date=date(2026, 11, 20))
    with uow(firm) as u:
        with pytest.raises(InvalidInput, match="ni modifiée ni supprimée"):
            u.invoices.issue_many([Issuance(first.id, numbered, pdf=b"%PDF-1", xml=b"<a/>", sha256="1"),
                                   Issuance(second.id, numbered, pdf=b"%PDF-2", xml=b"<b/>", sha256="2")],
                                  at=AT, by=None)
        u.rollback()
    with uow(firm) as u:
        assert u.invoices.get(first.id).is_draft
        assert u.invoices.get(second.id).document.number == issued.document.number


def test_issuing_several_drafts_stores_each_its_bytes_and_its_mail(firm):
    ready_to_invoice(firm)
    client = add_client(firm)
    drafts = [new_draft(firm, client.id) for _ in range(2)]
    with uow(firm) as u:
        u.invoices.issue_many([
            Issuance(d.id, replace(d.document, number=f"F2026-9000{n}", issue_date=date(2026, 11, 20)),
                     pdf=f"%PDF-{n}".encode(), xml=f"<x{n}/>".encode(), sha256=str(n),
                     mailed_to="compta@dupain.fr" if n else "", mail_outbox_id=7 if n else None)
            for n, d in enumerate(drafts)], at=AT, by=None)
        u.commit()
    with uow(firm) as u:
        stored = [u.invoices.get(d.id) for d in drafts]
        assert [(s.document.number, s.mailed_to, s.mail_outbox_id) for s in stored] == [
            ("F2026-90000", "", None), ("F2026-90001", "compta@dupain.fr", 7)]
        assert [u.invoices.pdf(d.id) for d in drafts] == [b"%PDF-0", b"%PDF-1"]


def test_contacts_of_several_clients_come_each_in_the_order_of_one_client(firm):
    ann, bob = add_client(firm, "Ann SARL"), add_client(firm, "Bob SAS")
    with uow(firm) as u:
        for client, last_name, signatory in ((ann, "Zola", False), (ann, "Martin", False), (ann, "Roux", True),
                                             (bob, "Abel", False)):
            u.contacts.add(Contact(id=0, client_id=client.id, last_name=last_name, is_signatory=signatory,
                                   role=ContactRole.OTHER))
        u.commit()
    with uow(firm) as u:
        together = u.contacts.for_clients([ann.id, bob.id, 999_999])
        assert together == {ann.id: u.contacts.for_client(ann.id), bob.id: u.contacts.for_client(bob.id)}
    assert [c.last_name for c in together[ann.id]] == ["Roux", "Martin", "Zola"]  # signatory, then by name


def test_clients_and_engagements_read_together_are_those_read_one_by_one(firm):
    ann, bob = add_client(firm, "Ann SARL"), add_client(firm, "Bob SAS")
    with uow(firm) as u:
        assert u.clients.many([bob.id, ann.id, 999_999]) == {ann.id: u.clients.get(ann.id),
                                                              bob.id: u.clients.get(bob.id)}
        assert u.engagements.many([999_999]) == {}


def test_entries_posted_together_are_numbered_on_in_their_order_and_refused_all_when_one_is_posted(firm):
    client = add_client(firm)
    template = invoice_entry(two_rates_invoice(), invoice_id=None, client_id=client.id)
    entry = lambda n: replace(template, source_id=n, piece_ref=f"F2026-{n:05d}")
    with uow(firm) as u:
        first = u.ledger.post(entry(1), AT)
        posted = u.ledger.post_many([entry(3), entry(2)], AT)
        u.commit()
    assert [(e.piece_ref, e.number) for e in posted] == [("F2026-00003", first.number + 1),
                                                        ("F2026-00002", first.number + 2)]
    with uow(firm) as u:
        with pytest.raises(InvalidInput, match="F2026-00002 est déjà comptabilisée"):
            u.ledger.post_many([entry(4), entry(2)], AT)
        u.rollback()
    with uow(firm) as u:
        stored = {e.piece_ref: e for e in u.ledger.entries(date(2000, 1, 1), date(2100, 1, 1), Journal.SALES)}
    assert sorted(stored) == ["F2026-00001", "F2026-00002", "F2026-00003"]  # F2026-00004 rolled back
    assert all(stored[e.piece_ref].lines == template.lines and stored[e.piece_ref].id == e.id for e in posted)


def test_mails_queued_together_get_their_ids_in_order_with_their_own_attachments(firm):
    mails = [Mail(f"client{n}@exemple.fr", f"Facture {n}", "Bonjour",
                  attachments=(Attachment(f"F{n}.pdf", "application/pdf", f"%PDF-{n}".encode()),)) for n in range(3)]
    with uow(firm) as u:
        ids = u.outbox.enqueue_many(mails, at=AT)
        u.commit()
    with uow(firm) as u:
        assert len(set(ids)) == 3
        queued = {row["id"]: row["recipient"] for row in u.outbox.list()}
        assert [queued[i] for i in ids] == [m.recipient for m in mails]
        assert [u.outbox.attachments(i)[0].content for i in ids] == [b"%PDF-0", b"%PDF-1", b"%PDF-2"]


def test_audit_entries_recorded_together_are_each_found_with_their_details(firm):
    with uow(firm) as u:
        u.audit.record_many([AuditEntry(Action.INVOICE_ISSUE, "invoice", str(n), {"numéro": f"F{n}"})
                             for n in (11, 12)], None, at=AT)
        u.commit()
    with uow(firm) as u:
        events = u.audit.search(AuditFilter(action=Action.INVOICE_ISSUE))
    assert sorted((e.target_id, e.details["numéro"]) for e in events) == [("11", "F11"), ("12", "F12")]
