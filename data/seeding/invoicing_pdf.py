"""The EN 16931 XML of every seeded invoice, and the Factur-X PDF of the recent ones, over the CPU cores.

Each document is produced exactly as the issuing service produces it: the CII XML of data/integrations/facturx.py,
the sheet of domain/invoicing/document.py drawn in PDF/A-3b (data/pdf/invoice_layout.py), that same XML embedded
byte for byte. The sheet is built in the parent (it needs the firm's letterhead); the XML (about 2 ms an invoice,
mostly French amount formatting), the drawing and the embedding (about 15 ms together) run in worker processes. Workers are spawned, not forked: the parent holds an open database connection that a forked
child must never share. For a few dozen documents the pool costs more than it saves and the work stays here.
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context

from domain.firm.model import FirmIdentity
from domain.invoicing import document
from domain.invoicing.model import Invoice
from domain.invoicing.sheet import InvoiceSheet

IN_PROCESS_BELOW = 200
CHUNK = 50  # documents per task: few round trips, still an even spread


def _produce(job: tuple[Invoice, InvoiceSheet | None]) -> tuple[bytes, bytes | None]:
    """(XML, Factur-X PDF or None when no sheet is given)."""
    from data.integrations.facturx import facturx_pdf, invoice_xml

    invoice, sheet = job
    xml = invoice_xml(invoice)
    if sheet is None:
        return xml, None
    from data.pdf.invoice_layout import invoice_pdf

    pdf = facturx_pdf(invoice_pdf(sheet), xml, title=f"{invoice.kind.label} {invoice.number}",
                      author=invoice.seller.name)
    return xml, pdf


def produce_all(items: list[tuple[Invoice, bool]], firm: FirmIdentity, logo: tuple[bytes, str] | None,
                workers: int | None = None) -> list[tuple[bytes, bytes | None]]:
    """For each (issued invoice, render its PDF?), in order: its XML and its Factur-X PDF (None when not
    rendered). `workers`: processes (default: the machine's cores); 1 keeps everything in this process."""
    jobs = [(invoice, document.invoice_sheet(invoice, firm, logo) if render else None) for invoice, render in items]
    workers = workers or os.cpu_count() or 1
    if workers <= 1 or len(jobs) < IN_PROCESS_BELOW:
        return [_produce(job) for job in jobs]
    # Rendered documents first, in small tasks, so that no worker is left with a tail of PDFs to render alone.
    order = sorted(range(len(jobs)), key=lambda i: jobs[i][1] is None)
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as pool:
        done = list(pool.map(_produce, [jobs[i] for i in order], chunksize=CHUNK))
    results: list = [None] * len(jobs)
    for position, index in enumerate(order):
        results[index] = done[position]
    return results
