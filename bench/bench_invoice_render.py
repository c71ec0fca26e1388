"""CPU time of one invoice's PDF in one warm process: the sheet, the drawing (data/pdf/), the embedding.

Usage: .venv/bin/python bench/bench_invoice_render.py [--invoices 50]
No database: November's invoice of tests/invoicing_support.py (four lines, a disbursement), each copy with its own
number, drawn by `data/pdf/invoice_layout.py`. CPU time (time.process_time) rather than wall time, so
that other work on the machine weighs less; the first three renders warm the process and are not counted. Prints
one table: machine, step, invoices, median and fastest, in ms of CPU per invoice.
"""

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from data.integrations.facturx import facturx_pdf, invoice_xml
from data.pdf.fonts import preload_fonts
from data.pdf.invoice_layout import invoice_pdf
from domain.firm.model import FirmIdentity
from domain.invoicing.document import invoice_sheet
from tests.invoicing_support import monthly_invoice

FIRM = FirmIdentity(name="Cabinet Verger & Associés", legal_form="SAS", siren="552008443", siret="55200844300012",
                    vat_number="FR19552008443", rcs_city="Lyon", share_capital_cents=5_000_000,
                    ordre_number="13-123456", address_line="8 quai Saint-Vincent", postal_code="69001", city="Lyon",
                    phone="04 78 00 00 00", email="contact@verger-associes.fr", iban="FR7630006000011234567890189",
                    bic="AGRIFRPP")
WARM_UP = 3


def cpu_times(step, inputs) -> list[float]:
    times = []
    for position, value in enumerate(inputs):
        started = time.process_time()
        step(value)
        if position >= WARM_UP:
            times.append(time.process_time() - started)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--invoices", type=int, default=50)
    args = parser.parse_args()
    invoices = [monthly_invoice(number=f"F2026-{n:05d}") for n in range(args.invoices + WARM_UP)]
    documents = [(invoice_sheet(invoice, FIRM), invoice_xml(invoice)) for invoice in invoices]
    preload_fonts()  # as a billing run's worker does before its first invoice
    pdf = invoice_pdf(documents[0][0])
    steps = {
        "sheet (domain/invoicing/document.py)": cpu_times(lambda invoice: invoice_sheet(invoice, FIRM), invoices),
        "drawing (data/pdf/invoice_layout.py)": cpu_times(lambda doc: invoice_pdf(doc[0]), documents),
        "Factur-X embedding (factur-x, pypdf)": cpu_times(lambda doc: facturx_pdf(pdf, doc[1]), documents),
    }
    machine = f"{platform.processor() or platform.machine()}, {os.cpu_count()} cœurs, Python {platform.python_version()}"
    print(f"load average at the end: {os.getloadavg()[0]:.2f}\n")
    print("| machine | step | invoices | median (ms CPU) | fastest (ms CPU) |\n|---|---|---|---|---|")
    for name, times in steps.items():
        print(f"| {machine} | {name} | {len(times)} | {statistics.median(times) * 1000:.1f} | {min(times) * 1000:.1f} |")


if __name__ == "__main__":
    main()
