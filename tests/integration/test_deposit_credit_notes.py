"""A credit note of an invoice that deducted deposits, on SQLite and PostgreSQL: a total one credits what the
invoice asked for, reverses the deposits' 419100/445710 movements and releases them for the client's next
invoice; a partial one is refused; a deposit deducted by an invoice cannot be credited alone, and a credited
deposit is deducted by nothing. Every document issued passes the Factur-X checks (check_issued).

Figures (tests/integration/billing_support, test_deposits): Alpha's November invoice bills 4 600 € HT + 920 €
VAT = 5 520 € TTC and deducts its paid deposit of 1 000 € HT + 200 € VAT = 1 200 € TTC: it asks 4 320 €."""

from datetime import date

import pytest

from data.documents import WeasyPrintRenderer
from data.integrations.facturx import FacturX
from domain.accounting.model import Journal
from domain.collections import queries as collections
from domain.errors import InvalidInput
from domain.invoicing import deposits, runs, services
from domain.invoicing.records import InvoiceFilter
from tests.integration.billing_support import billing_firm
from tests.integration.invoices_support import check_issued, new_draft, uow
from tests.integration.test_billing_runs import batch
from tests.integration.test_deposits import deposit, ledger, run_drafts


def credit(firm, invoice_id, positions=None):
    c = firm.container
    return services.credit_invoice(uow(firm), None, c.clock, WeasyPrintRenderer(), FacturX(), invoice_id,
                                   positions).invoice


def final_invoice(firm, client_id) -> int:
    """The client's November invoice, issued, deducting its paid deposits."""
    draft_id = run_drafts(firm)["Alpha Forfaits"]
    report = runs.issue_run(uow(firm), None, firm.container.clock, batch(), [draft_id])
    assert len(report.issued) == 1 and not report.refused
    return draft_id


def balances(firm) -> dict[str, int]:
    """account → debit minus credit over every entry of 2026 (sales and bank journals)."""
    found: dict[str, int] = {}
    with uow(firm) as u:
        for entry in u.ledger.entries(date(2026, 1, 1), date(2026, 12, 31)):
            for line in entry.lines:
                found[line.account] = found.get(line.account, 0) + line.debit_cents - line.credit_cents
    return {account: cents for account, cents in found.items() if cents}


def test_a_total_credit_note_credits_what_was_asked_and_gives_the_deposit_back(firm):
    f = billing_firm(firm)
    alpha, alpha_number = deposit(firm, f.forfaits, "1 000")  # paid: 1 200 € in the bank
    final = final_invoice(firm, f.forfaits)

    note = credit(firm, final)
    stored, parsed, _ = check_issued(firm, note.id)  # XSD, both schematrons, totals re-read
    assert parsed.header.type_code._text == "381"
    totals = stored.document.totals
    assert (totals.ttc_cents, totals.prepaid_cents, totals.due_cents) == (552_000, 120_000, 432_000)
    assert alpha_number in stored.document.prepaid_note
    assert stored.document.prepaid_note in [n.content._text for n in parsed.header.notes.children]
    # The final invoice's entry reversed: the client is credited the 4 320 € asked, 419100 and 445710 get the
    # deposit's 1 000 € and 200 € back, revenue and VAT of the work are cancelled.
    assert ledger(firm, note.id) == {"411000": (0, 432_000), "419100": (0, 100_000), "445710": (92_000, 20_000),
                                     "706100": (460_000, 0)}
    assert collections.receivable(uow(firm), None, final).outstanding_cents == 0  # 4 320 − 4 320
    # The books: the 1 200 € received sit as an advance (1 000 €) and its VAT collected (200 €); the client
    # owes nothing; no revenue.
    assert balances(firm) == {"512000": 120_000, "419100": -100_000, "445710": -20_000}

    with uow(firm) as u:
        assert u.deposits.deducted_by(final) == []
        assert [d.id for d in u.deposits.deductible(f.forfaits)] == [alpha]
    corrected = new_draft(firm, f.forfaits)  # 1 341,90 € TTC: the deposit of 1 200 € fits
    assert [d.id for d in deposits.deduct_deposits(uow(firm), None, firm.container.clock, corrected.id)] == [alpha]


def test_a_partial_credit_note_of_an_invoice_that_deducted_deposits_is_refused_and_writes_nothing(firm):
    f = billing_firm(firm)
    alpha, alpha_number = deposit(firm, f.forfaits, "1 000")
    final = final_invoice(firm, f.forfaits)
    with uow(firm) as u:
        entries = len(u.ledger.entries(date(2026, 1, 1), date(2026, 12, 31), Journal.SALES))
    with pytest.raises(InvalidInput, match=f"a déduit des acomptes \\({alpha_number}\\) : un avoir partiel"):
        credit(firm, final, positions=[1])
    with uow(firm) as u:
        assert [d.id for d in u.deposits.deducted_by(final)] == [alpha]
        assert u.invoices.list(InvoiceFilter(credited_invoice_id=final)) == []
        assert len(u.ledger.entries(date(2026, 1, 1), date(2026, 12, 31), Journal.SALES)) == entries


def test_a_deducted_deposit_cannot_be_credited_alone_and_a_credited_deposit_is_never_deducted(firm):
    f = billing_firm(firm)
    alpha, alpha_number = deposit(firm, f.forfaits, "1 000")
    final = final_invoice(firm, f.forfaits)
    with pytest.raises(InvalidInput, match=f"L'acompte {alpha_number} est déduit par la facture"):
        credit(firm, alpha)

    bravo, _ = deposit(firm, f.time, "100")  # paid, deductible, then credited (given back to the client)
    note = credit(firm, bravo)
    check_issued(firm, note.id)
    with uow(firm) as u:
        assert u.deposits.deductible(f.time) == []
        assert [d.id for d in u.deposits.deducted_by(final)] == [alpha]
