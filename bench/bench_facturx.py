"""Time to build and validate one Factur-X EN 16931 invoice, with the schematrons compiled once per process.

Usage: .venv/bin/python bench/bench_facturx.py [--runs 50]
No database: November's invoice of tests/invoicing_support.py (forfait, payslips, an extra, a
disbursement). The one-off compilation of the two schematrons is shown apart; then each step runs
`--runs` times on the same process. Prints one table: machine, step, runs, median and fastest run.
"""

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import facturx

from data.documents import WeasyPrintRenderer
from data.integrations import schematron
from data.integrations.facturx import SCHEMATRONS, facturx_pdf, invoice_xml, preload_schematrons, validate
from tests.invoicing_support import monthly_invoice


def timed(step, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        step()
        times.append(time.perf_counter() - started)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    invoice = monthly_invoice()
    xml = invoice_xml(invoice)
    pdf = WeasyPrintRenderer().pdf(f"<html lang='fr'><body><h1>Facture {invoice.number}</h1></body></html>")
    started = time.perf_counter()
    preload_schematrons()
    compile_seconds = time.perf_counter() - started
    assert validate(xml) == [], "the benchmark invoice must be valid"
    (en16931, en_sheet), (ctc, ctc_sheet) = SCHEMATRONS
    steps = {
        "XML (lxml)": lambda: invoice_xml(invoice),
        "XSD": lambda: facturx.xml_check_xsd(xml, flavor="factur-x", level="en16931"),
        f"schematron {en16931}": lambda: schematron.check(en_sheet, xml),
        f"schematron {ctc}": lambda: schematron.check(ctc_sheet, xml),
        "validate() = XSD + 2 schematrons": lambda: validate(xml),
        "PDF/A-3 embedding (factur-x)": lambda: facturx_pdf(pdf, xml),
    }
    machine = f"{platform.processor() or platform.machine()}, {os.cpu_count()} cœurs, Python {platform.python_version()}"
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"Compilation of both schematrons (once per process): {compile_seconds * 1000:.0f} ms; "
          f"load average at start: {load:.2f}\n")
    print("| machine | step | runs | median (ms) | fastest (ms) |\n|---|---|---|---|---|")
    for name, step in steps.items():
        step()  # warm-up
        times = timed(step, args.runs)
        print(f"| {machine} | {name} | {args.runs} | {statistics.median(times) * 1000:.1f} | {min(times) * 1000:.1f} |")


if __name__ == "__main__":
    main()
