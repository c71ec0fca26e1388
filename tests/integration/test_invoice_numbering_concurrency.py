"""Gapless numbering under concurrency, on PostgreSQL (SQLite serialises every writer, so it proves nothing
there): threads issue drafts of one firm at the same time, some issues fail their Factur-X check and roll
back; the numbers given are exactly 1..N, each once, and the series stops at N."""

import threading

import pytest

from domain.errors import InvalidInput
from domain.firm.model import DocType
from domain.invoicing.records import InvoiceFilter, InvoiceStatus
from tests.integration.invoices_support import (
    DroppingNote,
    OnePageRenderer,
    add_client,
    issue,
    new_draft,
    ready_to_invoice,
    uow,
)

THREADS, PER_THREAD = 6, 4


@pytest.mark.parametrize("db_url", ["postgres"], indirect=True)
def test_concurrent_issues_give_every_number_once_and_skip_none(firm):
    ready_to_invoice(firm)
    client = add_client(firm)
    drafts = [[new_draft(firm, client.id).id for _ in range(PER_THREAD)] for _ in range(THREADS)]
    start, failures, refused = threading.Barrier(THREADS), [], []

    def run(index: int) -> None:
        failing = index == 0  # this thread's invoices fail the French rules once numbered: rolled back
        start.wait()
        for invoice_id in drafts[index]:
            try:
                issue(firm, invoice_id, renderer=OnePageRenderer(), einvoicing=DroppingNote() if failing else None)
            except InvalidInput:
                refused.append(invoice_id)
            except Exception as err:  # noqa: BLE001 - any other error fails the test below
                failures.append(repr(err))

    threads = [threading.Thread(target=run, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    assert sorted(refused) == sorted(drafts[0])
    with uow(firm) as u:
        issued = u.invoices.list(InvoiceFilter(status=InvoiceStatus.ISSUED))
        series = u.numbering.get(DocType.INVOICE)
    expected = (THREADS - 1) * PER_THREAD
    assert sorted(s.number for s in issued) == [f"F2026-{n:05d}" for n in range(1, expected + 1)]
    assert (series.last_allocated, series.next_number) == (expected, expected + 1)
