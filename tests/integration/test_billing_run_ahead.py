"""Bulk issue renders the next batch ahead (domain/invoicing/bulk_issue.py), on SQLite and PostgreSQL: each draft is
checked once and rendered once when nothing changes; when another issuer takes a number between two batches,
what was rendered ahead with the numbers that are no longer theirs is rendered again, so every stored PDF
carries its own number. The same with the real process pool."""

import pytest

from data.integrations.facturx import FacturX
from data.integrations.facturx_pool import PooledFacturXBatch
from domain.firm.model import DocType
from domain.invoicing import runs
from domain.invoicing.billing import parse_period
from tests.integration.billing_support import monthly_clients
from tests.integration.invoices_support import OnePageRenderer, add_client, check_issued, issue, new_draft, uow

NOVEMBER = parse_period("2026-11")


class CountingFacturX(FacturX):
    def __init__(self) -> None:
        self.validated: list[bytes] = []

    def validate(self, xml):
        self.validated.append(xml)
        return super().validate(xml)


def first_number(firm) -> tuple[int, object]:
    with uow(firm) as u:
        series = u.numbering.get(DocType.INVOICE)
    return series.next_number, series


def hand_invoice_after_first_batch(firm, taken: list[str]):
    """A progress callback that issues one invoice by hand once the run's first issue batch is committed."""
    def progress(done, steps, text):
        if text.startswith("Émission") and not taken:
            client = add_client(firm, "Client à la main", "main@client.fr")
            taken.append(issue(firm, new_draft(firm, client.id).id, renderer=OnePageRenderer()).invoice.document.number)
    return progress


def test_unchanged_drafts_are_checked_once_and_rendered_once(firm):
    monthly_clients(firm, 5)
    prepared = runs.prepare_run(uow(firm), None, firm.container.clock, NOVEMBER)
    start, series = first_number(firm)
    renderer, einvoicing = OnePageRenderer(), CountingFacturX()

    report = runs.issue_run(uow(firm), None, firm.container.clock, runs.InProcessBatch(renderer, einvoicing),
                            prepared.invoice_ids, batch_size=2)

    numbers = [series.format(start + n, 2026) for n in range(5)]
    assert [number for _, number in report.issued] == numbers
    # Checked once each, although from the second batch on the series' next number is no longer the one the
    # check saw; rendered once each, each PDF with its own number.
    assert len(einvoicing.validated) == 5
    assert len(renderer.sheets) == 5
    assert [[n for n in numbers if n in sheet.title] for sheet in renderer.sheets] == [[n] for n in numbers]
    for invoice_id, _ in report.issued:
        check_issued(firm, invoice_id)


def test_a_number_taken_between_two_batches_renders_the_next_batch_again(firm):
    monthly_clients(firm, 5)
    prepared = runs.prepare_run(uow(firm), None, firm.container.clock, NOVEMBER)
    start, series = first_number(firm)
    renderer, taken = OnePageRenderer(), []

    report = runs.issue_run(uow(firm), None, firm.container.clock, runs.InProcessBatch(renderer, FacturX()),
                            prepared.invoice_ids, batch_size=2, progress=hand_invoice_after_first_batch(firm, taken))

    # The first batch took start and start + 1, the hand invoice start + 2; the run goes on after it.
    assert taken == [series.format(start + 2, 2026)]
    assert [number for _, number in report.issued] == [series.format(start + n, 2026) for n in (0, 1, 3, 4, 5)]
    run_sheets = [sheet for sheet in renderer.sheets if "Client à la main" not in sheet.buyer_name]
    assert [[n for _, n in report.issued if n in sheet.title] for sheet in run_sheets] == [[n] for _, n in report.issued]
    for invoice_id, _ in report.issued:
        check_issued(firm, invoice_id)


@pytest.mark.parametrize("interrupted", [False, True], ids=["unchanged", "number-taken"])
def test_the_process_pool_issues_the_run_with_each_invoice_its_own_number(firm, interrupted):
    monthly_clients(firm, 5)
    prepared = runs.prepare_run(uow(firm), None, firm.container.clock, NOVEMBER)
    start, series = first_number(firm)
    taken = []
    pool = PooledFacturXBatch(workers=1)
    try:
        report = runs.issue_run(uow(firm), None, firm.container.clock, pool, prepared.invoice_ids, batch_size=2,
                                progress=hand_invoice_after_first_batch(firm, taken) if interrupted else None)
    finally:
        pool.close()

    expected = (0, 1, 3, 4, 5) if interrupted else (0, 1, 2, 3, 4)
    assert [number for _, number in report.issued] == [series.format(start + n, 2026) for n in expected]
    for invoice_id, number in report.issued:
        _, parsed, _ = check_issued(firm, invoice_id)  # the embedded XML's number is the stored one
        assert parsed.header.id._text == number
