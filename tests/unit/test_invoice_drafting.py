"""From the typed lines table to invoice lines, and who the invoice is mailed to (pure domain)."""

from datetime import date
from decimal import Decimal

import pytest

from domain.clients.model import Client, ClientKind, Contact, ContactRole
from domain.errors import InvalidInput
from domain.invoicing.document import quantity_text
from domain.invoicing.drafting import billing_email, checked_draft, lines_from_rows, rows_of
from domain.invoicing.model import InvoiceLine, LineKind, Unit
from domain.invoicing.records import InvoiceDraft


def test_typed_rows_become_lines_the_french_way_and_blank_rows_are_skipped():
    lines = lines_from_rows([
        {"label": "  Forfait   novembre ", "quantity": "1", "unit": "forfait", "unit_price": "1 234,56", "vat": "20 %"},
        {"label": None, "quantity": None, "unit": None, "unit_price": None, "vat": None},
        {"label": "Formation", "quantity": "2,5", "unit": "h", "unit_price": "80", "vat": "5,5 %"},
        {"label": "Greffe", "quantity": "1", "unit_price": "51.90", "vat": "Débours (hors TVA)"},
    ])
    assert lines == (
        InvoiceLine("Forfait novembre", Decimal(1), 123_456, Decimal("20.00")),
        InvoiceLine("Formation", Decimal("2.5"), 8_000, Decimal("5.50"), Unit.HOUR),
        InvoiceLine("Greffe", Decimal(1), 5_190, Decimal("0.00"), kind=LineKind.DISBURSEMENT))
    assert lines_from_rows(rows_of(lines)) == lines  # a draft reopens in the editor as it was saved


def test_every_problem_of_every_row_is_reported_with_its_line_number():
    with pytest.raises(InvalidInput) as refused:
        lines_from_rows([{"label": "", "quantity": "1,23456", "unit_price": "12,345", "vat": "19,6 %"},
                         {"label": "Forfait", "quantity": "0", "unit_price": "0"}])
    assert refused.value.message.split(" ; ") == [
        "Ligne 1 : prix unitaire HT : au plus deux décimales.", "Ligne 1 : taux de TVA « 19,6 % » inconnu.",
        "Ligne 1 : le libellé manque.", "Ligne 1 : la quantité a au plus 4 décimales.",
        "Ligne 2 : la quantité doit être positive.", "Ligne 2 : le prix unitaire HT doit être positif."]
    with pytest.raises(InvalidInput, match="Ajoutez au moins une ligne"):
        lines_from_rows([{"label": "", "quantity": "", "unit_price": "", "vat": ""}])


def test_a_draft_refuses_a_due_date_already_past_or_beyond_the_legal_term():
    draft = InvoiceDraft(client_id=1, lines=(InvoiceLine("Forfait", Decimal(1), 45_000),))
    today = date(2026, 11, 20)
    assert checked_draft(draft, today) == draft
    with pytest.raises(InvalidInput, match="est déjà passée"):
        checked_draft(InvoiceDraft(1, draft.lines, due_date=date(2026, 11, 19)), today)
    assert checked_draft(InvoiceDraft(1, draft.lines, due_date=date(2027, 1, 31)), today).due_date == date(2027, 1, 31)
    with pytest.raises(InvalidInput, match="dépasse le délai légal"):
        checked_draft(InvoiceDraft(1, draft.lines, due_date=date(2027, 2, 1)), today)


def contact(role: ContactRole, email: str, signatory: bool = False) -> Contact:
    return Contact(id=0, client_id=1, last_name="X", role=role, email=email, is_signatory=signatory)


def test_the_invoice_goes_to_the_internal_accountant_then_the_client_then_the_signatory():
    client = Client(id=1, kind=ClientKind.COMPANY, name="Dupain", email="contact@dupain.fr")
    boss = contact(ContactRole.EXECUTIVE, "boss@dupain.fr", signatory=True)
    accountant = contact(ContactRole.INTERNAL_ACCOUNTANT, "compta@dupain.fr")
    assert billing_email(client, [boss, accountant]) == "compta@dupain.fr"
    assert billing_email(client, [boss]) == "contact@dupain.fr"
    assert billing_email(Client(id=1, kind=ClientKind.COMPANY, name="Dupain"), [boss]) == "boss@dupain.fr"
    assert billing_email(Client(id=1, kind=ClientKind.COMPANY, name="Dupain"), []) == ""


@pytest.mark.parametrize("quantity, text", [("1", "1"), ("12.0000", "12"), ("2.5000", "2,5"), ("1234.125", "1\u202f234,125")])
def test_quantities_print_without_useless_decimals(quantity, text):
    assert quantity_text(Decimal(quantity)) == text
