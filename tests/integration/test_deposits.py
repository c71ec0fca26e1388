"""Deposits (acomptes) on SQLite and PostgreSQL: a deposit invoice is issued as TypeCode 386 and passes every check;
once paid in full, the next billing run's draft of its client (and of its mission) deducts it as prepaid (BT-113)
with a note naming it; unpaid deposits, deposits of a mission the draft does not bill and deposits larger than
what is left are not deducted; deleting the draft releases it; the books count the work's revenue and VAT once."""

from datetime import date

import pytest

from data.documents import WeasyPrintRenderer
from data.integrations.facturx import FacturX
from domain.collections.model import PaymentInput
from domain.collections.services import record_payment
from domain.errors import InvalidInput
from domain.invoicing import deposits, runs, services
from domain.invoicing.billing import parse_period
from tests.integration.billing_support import billing_firm
from tests.integration.invoices_support import check_issued, uow
from tests.integration.test_billing_runs import batch

NOVEMBER = parse_period("2026-11")
TODAY = "20/11/2026"  # the fixtures' clock


def deposit(firm, client_id, amount, *, mission_id=None, paid=True):
    """A deposit invoice issued (and paid in full): its id and number."""
    c = firm.container
    draft = deposits.create_deposit(uow(firm), None, c.clock, client_id, amount, mission_id=mission_id)
    issued = services.issue_invoice(uow(firm), None, c.clock, WeasyPrintRenderer(), FacturX(), draft.id).invoice
    if paid:
        record_payment(uow(firm), None, c.clock, PaymentInput(issued.id, date(2026, 11, 20),
                                                              issued.document.totals.ttc_cents))
    return issued.id, issued.document.number


def run_drafts(firm):
    runs.prepare_run(uow(firm), None, firm.container.clock, NOVEMBER)
    return {r.invoice.buyer_name: r.invoice.id for r in runs.run_rows(uow(firm), None, NOVEMBER)}


def ledger(firm, invoice_id):
    """account → (debit, credit) of the invoice's sales entry."""
    with uow(firm) as u:
        [entry] = [e for e in u.ledger.for_invoice(invoice_id) if e.journal.value == "VE"]
    found: dict[str, tuple[int, int]] = {}
    for line in entry.lines:
        debit, credit = found.get(line.account, (0, 0))
        found[line.account] = (debit + line.debit_cents, credit + line.credit_cents)
    return found


def test_a_deposit_invoice_is_type_386_says_what_it_is_and_is_no_revenue(firm):
    f = billing_firm(firm)
    invoice_id, number = deposit(firm, f.forfaits, "1 000", paid=False)
    stored, parsed, _ = check_issued(firm, invoice_id)  # XSD, both schematrons, totals re-read
    assert parsed.header.type_code._text == "386"
    assert stored.document.title == "Facture d'acompte"
    assert (stored.document.totals.ht_cents, stored.document.totals.ttc_cents) == (100_000, 120_000)
    notes = [n.content._text for n in parsed.header.notes.children]
    assert "Facture d'acompte : ce montant sera déduit de la facture définitive." in notes
    assert any(n.startswith("TVA exigible à l'encaissement de l'acompte") for n in notes)
    assert ledger(firm, invoice_id) == {"411000": (120_000, 0), "419100": (0, 100_000), "445710": (0, 20_000)}
    with pytest.raises(InvalidInput, match="positif"):
        deposits.create_deposit(uow(firm), None, firm.container.clock, f.forfaits, "0")
    assert number.startswith("F")  # the invoices' own series


def test_the_run_deducts_paid_deposits_of_the_client_and_mission_that_fit(firm):
    f = billing_firm(firm)
    with uow(firm) as u:
        later_payroll = next(m.id for m in u.missions.for_client(f.units) if m.label == "Paie 2027")
    alpha, alpha_number = deposit(firm, f.forfaits, "1 000")  # 1 200 € TTC, no mission: deducted
    deposit(firm, f.forfaits, "300", paid=False)  # not paid: waits
    bravo, bravo_number = deposit(firm, f.time, "100", mission_id=f.time_mission)  # 120 € TTC, the mission billed
    deposit(firm, f.time, "1 000", mission_id=f.time_mission)  # 1 200 € TTC > what is left of 612 € TTC
    deposit(firm, f.units, "50", mission_id=later_payroll)  # a mission the run does not bill
    drafts = run_drafts(firm)

    with uow(firm) as u:
        alpha_draft, bravo_draft, charlie_draft = (u.invoices.get(drafts[n]).document
                                                   for n in ("Alpha Forfaits", "Bravo Temps", "Charlie Paie"))
    # 4 600 € HT + 20 % = 5 520 € TTC, minus the 1 200 € deposit.
    assert (alpha_draft.totals.ttc_cents, alpha_draft.prepaid_cents, alpha_draft.totals.due_cents) == (
        552_000, 120_000, 432_000)
    assert alpha_draft.prepaid_note == f"Acompte déduit : {alpha_number} du {TODAY} (1\u202f200,00\u00a0€ TTC)."
    assert (bravo_draft.totals.ttc_cents, bravo_draft.prepaid_cents) == (61_200, 12_000)
    assert bravo_number in bravo_draft.prepaid_note
    assert charlie_draft.prepaid_cents == 0 and charlie_draft.prepaid_note == ""

    report = runs.issue_run(uow(firm), None, firm.container.clock, batch(),
                            [drafts["Alpha Forfaits"], drafts["Bravo Temps"]])
    assert len(report.issued) == 2 and not report.refused
    stored, parsed, _ = check_issued(firm, drafts["Alpha Forfaits"])
    summation = parsed.trade.settlement.monetary_summation
    assert summation.prepaid_total._value * 100 == 120_000 and summation.due_amount._value * 100 == 432_000
    assert alpha_draft.prepaid_note in [n.content._text for n in parsed.header.notes.children]
    # Revenue and VAT of the work counted once: the deposit's 419100 and VAT reversed, the client owes the rest.
    assert ledger(firm, drafts["Alpha Forfaits"]) == {
        "411000": (432_000, 0), "419100": (100_000, 0), "445710": (20_000, 92_000), "706100": (0, 460_000)}
    with uow(firm) as u:
        assert [d.id for d in u.deposits.deducted_by(drafts["Alpha Forfaits"])] == [alpha]
        assert [d.id for d in u.deposits.deducted_by(drafts["Bravo Temps"])] == [bravo]
        # still waiting: the 1 200 € deposit of Bravo, the deposit on Charlie's payroll of 2027
        assert sorted(d.client_id for d in u.deposits.deductible(None)) == sorted([f.time, f.units])


def test_deleting_the_draft_releases_its_deposit_and_an_edit_keeps_it(firm):
    f = billing_firm(firm)
    alpha, _ = deposit(firm, f.forfaits, "1 000")
    drafts = run_drafts(firm)
    draft_id = drafts["Alpha Forfaits"]
    with uow(firm) as u:
        assert u.deposits.deductible(f.forfaits) == []
        document = u.invoices.get(draft_id).document
    edited = services.update_draft(uow(firm), None, firm.container.clock, draft_id, services.InvoiceDraft(
        client_id=f.forfaits, lines=document.lines[:1], period_start=document.period_start,
        period_end=document.period_end))
    assert edited.document.prepaid_cents == 120_000 and edited.document.totals.due_cents == 0

    services.delete_draft(uow(firm), None, firm.container.clock, draft_id)
    with uow(firm) as u:
        assert [d.id for d in u.deposits.deductible(f.forfaits)] == [alpha]
    again = run_drafts(firm)["Alpha Forfaits"]
    with uow(firm) as u:
        assert [d.id for d in u.deposits.deducted_by(again)] == [alpha]
