"""The billing run from the command line and killed mid-run, on SQLite and PostgreSQL: `run-billing` prints the
proposal and writes nothing without --issue, issues with progress lines with it, refuses bad input in French;
a run killed with SIGKILL leaves every invoice a draft or complete, numbers gapless, and a rerun finishes it."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from data.integrations.facturx import FacturX
from domain.firm.model import DocType
from domain.invoicing import runs
from domain.invoicing.billing import parse_period
from domain.invoicing.records import InvoiceFilter, InvoiceStatus
from tests.integration.billing_support import billing_firm, monthly_clients
from tests.integration.invoices_support import OnePageRenderer, check_issued, uow
from tests.integration.support import outbox_of

NOVEMBER = parse_period("2026-11")
ROOT = Path(__file__).resolve().parents[2]


def invoices(firm):
    with uow(firm) as u:
        return u.invoices.list(InvoiceFilter(billing_period="2026-11"))


def invoice_mails(firm) -> int:
    return sum(m["subject"].startswith("Facture ") for m in outbox_of(firm.container, firm.firm_id))


def test_without_issue_the_command_prints_the_proposal_and_writes_nothing(firm, run_manage):
    billing_firm(firm)

    done = run_manage("run-billing", "--firm", firm.siren, "--period", "2026-11")

    assert done.returncode == 0, done.stderr
    assert "3 brouillon(s) à préparer" in done.stdout and "5 710,00" in done.stdout.replace("\u202f", " ")
    assert "Alpha Forfaits" in done.stdout and "Rien n'a été écrit" in done.stdout
    assert invoices(firm) == []


def test_with_issue_the_command_issues_the_month_with_progress_lines(firm, run_manage):
    billing_firm(firm)

    done = run_manage("run-billing", "--firm", firm.siren, "--period", "2026-11", "--issue")

    assert done.returncode == 0, done.stderr
    assert "[6/6]" in done.stdout and "3 facture(s) émise(s)" in done.stdout
    issued = invoices(firm)
    assert sorted(i.ht_cents for i in issued) == [51_000, 60_000, 460_000]
    for invoice in issued:
        check_issued(firm, invoice.id)
    assert invoice_mails(firm) == 3
    again = run_manage("run-billing", "--firm", firm.siren, "--period", "2026-11", "--issue")
    assert again.returncode == 0 and "0 brouillon(s) à préparer" in again.stdout
    assert len(invoices(firm)) == 3


@pytest.mark.parametrize(("args", "message"), [
    (("--period", "2026-13"), "Période « 2026-13 » invalide"),
    (("--period", "novembre"), "attendu AAAA-MM"),
])
def test_a_bad_period_is_refused_in_french(firm, run_manage, args, message):
    done = run_manage("run-billing", "--firm", firm.siren, *args)
    assert done.returncode == 2 and message in done.stderr


def test_an_unknown_firm_is_refused_in_french(run_manage):
    done = run_manage("run-billing", "--firm", "552008443", "--period", "2026-11")
    assert done.returncode != 0 and "Aucun cabinet avec le SIREN 552008443" in done.stderr


def test_a_run_killed_mid_batch_leaves_drafts_or_complete_invoices_and_a_rerun_finishes_it(firm, db_url):
    monthly_clients(firm, 14)
    prepared = runs.prepare_run(uow(firm), None, firm.container.clock, NOVEMBER)
    assert len(prepared.invoice_ids) == 14
    with uow(firm) as u:
        series = u.numbering.get(DocType.INVOICE)
    first = series.next_number
    env = {k: v for k, v in os.environ.items() if not k.startswith("EEXPI_")}
    worker = subprocess.Popen([sys.executable, "-m", "tests.integration.billing_kill_worker", db_url,
                               str(firm.firm_id), "2026-11"], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:  # wait for the first batches, then kill inside a later one
            issued = [i for i in invoices(firm) if i.status is InvoiceStatus.ISSUED]
            if len(issued) >= 4:
                time.sleep(0.2)  # inside the next batch (each rendering sleeps 0.15 s)
                break
            assert worker.poll() is None, "the worker ended before it could be killed"
            time.sleep(0.05)
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            worker.kill()
    assert worker.returncode == -signal.SIGKILL

    after_kill = invoices(firm)
    issued = sorted((i for i in after_kill if i.status is InvoiceStatus.ISSUED), key=lambda i: i.number)
    assert 4 <= len(issued) < 14
    with uow(firm) as u:
        for invoice in after_kill:
            if invoice.status is InvoiceStatus.DRAFT:
                assert invoice.number == "" and u.invoices.pdf(invoice.id) is None
            else:
                assert u.invoices.pdf(invoice.id) and u.invoices.xml(invoice.id)
        # No number consumed by the killed batch: the next one follows the last issued.
        assert u.numbering.get(DocType.INVOICE).next_number == first + len(issued)
    assert [i.number for i in issued] == [series.format(first + n, 2026) for n in range(len(issued))]
    assert invoice_mails(firm) == len(issued)

    drafts = [i.id for i in after_kill if i.status is InvoiceStatus.DRAFT]
    report = runs.issue_run(uow(firm), None, firm.container.clock,
                            runs.InProcessBatch(OnePageRenderer(), FacturX()), drafts, batch_size=5)
    assert len(report.issued) == len(drafts)
    final = sorted(invoices(firm), key=lambda i: i.number)
    assert all(i.status is InvoiceStatus.ISSUED for i in final)
    assert [i.number for i in final] == [series.format(first + n, 2026) for n in range(14)]
    for invoice in final:
        check_issued(firm, invoice.id)
