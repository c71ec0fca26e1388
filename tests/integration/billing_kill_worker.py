"""Issues the drafts of a billing run slowly, in batches of 3, so that a test can kill it mid-run (SIGKILL).

Usage: python -m tests.integration.billing_kill_worker DATABASE_URL FIRM_ID PERIOD
Prints "ready" once started; each rendering sleeps a little so that a kill lands inside a batch.
"""

import sys
import time
from dataclasses import replace

from data.container import Container
from data.integrations.facturx import FacturX
from data.settings import load_settings
from domain.invoicing import runs
from domain.invoicing.billing import parse_period
from domain.invoicing.records import InvoiceStatus
from tests.integration.invoices_support import OnePageRenderer


class SlowRenderer(OnePageRenderer):
    def invoice_pdf(self, sheet) -> bytes:
        time.sleep(0.15)
        return super().invoice_pdf(sheet)


def main(url: str, firm_id: int, period_text: str) -> None:
    container = Container(replace(load_settings(), database_url=url, secret_key="test-secret-key"))
    period = parse_period(period_text)
    drafts = [r.invoice.id for r in runs.run_rows(container.firm_uow(firm_id), None, period)
              if r.invoice.status is InvoiceStatus.DRAFT]
    print("ready", flush=True)
    runs.issue_run(container.firm_uow(firm_id), None, container.clock, runs.InProcessBatch(SlowRenderer(), FacturX()),
                   drafts, batch_size=3)
    print("done", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3])
