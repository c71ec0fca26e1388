"""The invoice repository on SQLite and PostgreSQL: round trip of drafts (lines, snapshots, totals), filters,
the immutability of issued rows, and firm isolation; who may run the invoice commands."""

import inspect
from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from data.repositories.invoices import InvoiceRepository
from domain.access.model import Permission, Role
from domain.errors import InvalidInput, NotFound, PermissionDenied
from domain.firm.users import set_user_permissions
from domain.invoicing import queries, services
from domain.invoicing.model import InvoiceKind, InvoiceLine, LineKind, Unit
from domain.invoicing.records import InvoiceFilter, InvoiceStatus, StoredInvoice
from tests.integration.invoices_support import (
    OnePageRenderer,
    add_client,
    draft_for,
    issue,
    new_draft,
    ready_to_invoice,
    uow,
)
from tests.integration.support import invite
from tests.invoicing_support import CITY_HALL, SELLER, monthly_invoice

AT = datetime(2026, 11, 20, 9, tzinfo=UTC)
ODD = InvoiceLine("Saisie des pièces", Decimal("3.1416"), 3_333, Decimal("5.50"), unit=Unit.HOUR,
                  kind=LineKind.EXTRA)


def stored_draft(firm, client_id: int, **document) -> StoredInvoice:
    invoice = monthly_invoice(number="", buyer=CITY_HALL, **document)
    with uow(firm) as u:
        stored = u.invoices.add_draft(StoredInvoice(id=0, status=InvoiceStatus.DRAFT, client_id=client_id,
                                                    document=invoice, created_on=date(2026, 11, 20)), at=AT)
        u.commit()
    return stored


def test_a_draft_comes_back_exactly_as_stored(firm):
    client = add_client(firm)
    lines = monthly_invoice().lines + (ODD,)
    stored = stored_draft(firm, client.id, lines=lines, prepaid_cents=10_000, late_penalty_rate=Decimal("12.15"))
    with uow(firm) as u:
        again = u.invoices.get(stored.id)

    expected = monthly_invoice(number="", buyer=CITY_HALL, lines=lines, prepaid_cents=10_000,
                               late_penalty_rate=Decimal("12.15"), issue_date=date(2026, 11, 20))
    assert again.document == expected  # snapshots (Chorus codes too), lines, terms, dates
    assert again.document.seller == SELLER and again.document.buyer == CITY_HALL
    assert again.document.lines[-1].quantity == Decimal("3.1416") and again.document.lines[-1].unit is Unit.HOUR
    assert again.status is InvoiceStatus.DRAFT and again.document.number == "" and again.client_id == client.id


def test_the_list_filters_by_status_client_and_period_with_the_stored_totals(firm):
    ready_to_invoice(firm)
    alpha, beta = add_client(firm), add_client(firm, name="Garage Martin", email="garage@martin.fr")
    issued = issue(firm, new_draft(firm, alpha.id).id, renderer=OnePageRenderer()).invoice
    draft = new_draft(firm, beta.id)

    def ids(**criteria) -> list[int]:
        return [s.id for s in queries.list_invoices(uow(firm), None, InvoiceFilter(**criteria))]

    assert sorted(ids()) == sorted([issued.id, draft.id])
    assert ids(status=InvoiceStatus.ISSUED) == [issued.id]
    assert ids(status=InvoiceStatus.DRAFT, client_id=beta.id) == [draft.id]
    assert ids(client_id=alpha.id, kind=InvoiceKind.CREDIT_NOTE) == []
    assert sorted(ids(period_from=date(2026, 11, 20), period_to=date(2026, 11, 20))) == sorted([issued.id, draft.id])
    assert ids(period_from=date(2026, 11, 21)) == [] and ids(period_to=date(2026, 11, 19)) == []
    [row] = [s for s in queries.list_invoices(uow(firm), None) if s.id == issued.id]
    assert (row.number, row.buyer_name, row.ht_cents, row.vat_cents, row.ttc_cents) == (
        "F2026-00001", "Boulangerie Dupain", 112_690, 21_500, 134_190)


# --- an issued row never changes ---------------------------------------------------------------------------

WRITES = {"add_draft", "add_drafts", "update_draft", "delete_draft", "issue", "issue_many", "record_mail",
          "set_problems"}


def test_the_repository_has_no_other_write_than_those_guarded():
    public = {name for name, _ in inspect.getmembers(InvoiceRepository, inspect.isfunction) if not name.startswith("_")}
    assert public - {"get", "many", "list", "pdf", "xml", "problems_of"} == WRITES


def test_an_issued_row_refuses_every_write_but_recording_its_mail_once(firm):
    ready_to_invoice(firm)
    issued = issue(firm, new_draft(firm, add_client(firm, email="").id).id, renderer=OnePageRenderer()).invoice
    with uow(firm) as u:
        pdf = u.invoices.pdf(issued.id)
        attempts = (lambda: u.invoices.update_draft(replace(issued, document=replace(issued.document, lines=()))),
                    lambda: u.invoices.delete_draft(issued.id),
                    lambda: u.invoices.issue(issued.id, issued.document, pdf=b"%PDF", xml=b"<x/>", sha256="0", at=AT,
                                             by=None),
                    lambda: u.invoices.set_problems(issued.id, ()))
        for attempt in attempts:
            with pytest.raises(InvalidInput, match="elle ne peut être ni modifiée ni supprimée"):
                attempt()
        u.invoices.record_mail(issued.id, "compta@dupain.fr", 42)
        with pytest.raises(InvalidInput, match="déjà enregistré"):
            u.invoices.record_mail(issued.id, "autre@dupain.fr", 43)
        u.commit()
    with uow(firm) as u:
        again = u.invoices.get(issued.id)
        assert again.document == issued.document and u.invoices.pdf(issued.id) == pdf
        assert (again.mailed_to, again.mail_outbox_id) == ("compta@dupain.fr", 42)


def test_the_database_refuses_an_issued_row_without_its_bytes_or_two_invoices_with_one_number(firm):
    from data.models.invoicing import InvoiceRow

    client = add_client(firm)
    first, second = stored_draft(firm, client.id), stored_draft(firm, client.id)
    with uow(firm) as u, pytest.raises(IntegrityError):  # issued, but no PDF, XML nor issue date
        u.session.execute(update(InvoiceRow).where(InvoiceRow.id == first.id).values(status="emise", number="F1"))
    with uow(firm) as u, pytest.raises(IntegrityError):
        u.session.execute(update(InvoiceRow).where(InvoiceRow.id.in_([first.id, second.id])).values(number="F1"))


# --- firms and permissions ---------------------------------------------------------------------------------

def test_another_firm_neither_sees_nor_touches_the_invoices(make_firm):
    mine, other = make_firm(), make_firm("Cabinet Voisin")
    ready_to_invoice(mine)
    ready_to_invoice(other)
    client = add_client(mine)
    draft = new_draft(mine, client.id)
    c = other.container

    assert queries.list_invoices(uow(other), None) == [] and queries.get_invoice(uow(other), None, draft.id) is None
    with pytest.raises(NotFound):
        new_draft(other, client.id)
    for command in (lambda: issue(other, draft.id, renderer=OnePageRenderer()),
                    lambda: services.delete_draft(uow(other), None, c.clock, draft.id),
                    lambda: services.update_draft(uow(other), None, c.clock, draft.id, draft_for(client.id))):
        with pytest.raises(NotFound):
            command()
    assert queries.stored_pdf(uow(other), None, draft.id) is None
    assert queries.get_invoice(uow(mine), None, draft.id).is_draft
    with pytest.raises(PermissionDenied):  # a principal of one firm on the other firm's unit of work
        queries.list_invoices(uow(other), mine.principal())


def test_invoicing_needs_the_invoice_permission(firm):
    ready_to_invoice(firm)
    client = add_client(firm)
    member = invite(firm, Role.COLLABORATOR)
    principal = firm.principal(member.email)
    draft = new_draft(firm, client.id)
    c = firm.container
    refused = (lambda: new_draft(firm, client.id, principal=principal),
               lambda: issue(firm, draft.id, principal=principal, renderer=OnePageRenderer()),
               lambda: services.credit_invoice(uow(firm), principal, c.clock, OnePageRenderer(), None, draft.id),
               lambda: services.delete_draft(uow(firm), principal, c.clock, draft.id),
               lambda: queries.list_invoices(uow(firm), principal),
               lambda: queries.stored_pdf(uow(firm), principal, draft.id))
    for command in refused:
        with pytest.raises(PermissionDenied):
            command()
    assert queries.get_invoice(uow(firm), None, draft.id).is_draft

    set_user_permissions(uow(firm), firm.principal(), c.clock, member.user.id, {Permission.INVOICE})
    granted = firm.principal(member.email)
    issued = issue(firm, draft.id, principal=granted, renderer=OnePageRenderer()).invoice
    assert issued.issued_by == member.user.id and issued.document.number == "F2026-00001"
