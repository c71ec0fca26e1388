"""Time to render a quote's PDF (Jinja2 HTML → WeasyPrint PDF/A-3b), by number of lines.

Usage: .venv/bin/python bench/bench_quote_pdf.py [--lines 3 10 40] [--runs 5]
No database: the quote, firm and recipient are built in memory, with hours on five grades and the
extras and hourly rates block. The first rendering of the process (fonts loaded) is shown apart.
Prints one table: machine, lines, median of the runs, every run, PDF size.
"""

import argparse
import os
import platform
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from data.documents import WeasyPrintRenderer
from domain.catalogue.model import BillingMode
from domain.firm.model import FirmIdentity, Grade
from domain.quotes.building import extra_line, positioned
from domain.quotes.document import Recipient, quote_html
from domain.quotes.model import GradeHours, Quote, QuoteLine, QuoteStatus

GRADES = [Grade(n, code, label, n) for n, (code, label) in enumerate(
    [("associe", "Associé"), ("manager", "Manager"), ("chef_mission", "Chef de mission"),
     ("collaborateur", "Collaborateur"), ("assistant", "Assistant")], start=1)]
RATES = {1: 18000, 2: 13000, 3: 10500, 4: 8000, 5: 5500}
FIRM = FirmIdentity(name="Cabinet Verger & Associés", legal_form="SAS", siren="552008443", vat_number="FR44552008443",
                    rcs_city="Lyon", share_capital_cents=5_000_000, ordre_number="12345", address_line="8 quai Saint-Vincent",
                    postal_code="69001", city="Lyon", email="contact@verger-associes.fr", phone="04 78 00 00 00")
RECIPIENT = Recipient(name="Boulangerie Dupain", legal_form="SARL", siren="732829320", contact="Paul Dupain",
                      address_line="3 rue des Fours", postal_code="69003", city="Lyon", email="contact@dupain.fr")


def quote(lines: int) -> Quote:
    priced = [QuoteLine(0, f"Mission n° {n + 1} : tenue, révision et établissement des comptes annuels",
                        BillingMode.MONTHLY if n % 2 else BillingMode.ANNUAL, mission_type_id=n + 1,
                        hours=tuple(GradeHours(g.id, 60 * (n % 7 + g.id), RATES[g.id]) for g in GRADES),
                        fee_cents=150_000 + 10_000 * n) for n in range(lines)]
    extras = [extra_line("Assistance en cas de contrôle fiscal"), extra_line("Situation intermédiaire")]
    return Quote(id=1, number="D2026-00042", status=QuoteStatus.SENT, created_on=date(2026, 11, 20),
                 valid_until=date(2026, 12, 20), sent_on=date(2026, 11, 20), title="Proposition d'honoraires",
                 fiscal_year_start=date(2027, 1, 1), monthly=True, discount_cents=25_000,
                 lines=positioned(priced + extras))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, nargs="+", default=[3, 10, 40])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    renderer = WeasyPrintRenderer()
    started = time.perf_counter()
    renderer.pdf(quote_html(quote(1), FIRM, RECIPIENT, grades=GRADES, rates=RATES))
    cold = time.perf_counter() - started
    machine = f"{platform.processor() or platform.machine()}, {os.cpu_count()} cœurs, Python {platform.python_version()}"
    print(f"Premier rendu du processus (polices chargées) : {cold:.2f} s\n")
    print("| machine | lines | median (s) | runs (s) | PDF (Ko) |\n|---|---|---|---|---|")
    for count in args.lines:
        times, size = [], 0
        for _ in range(args.runs):
            started = time.perf_counter()
            html = quote_html(quote(count), FIRM, RECIPIENT, grades=GRADES, rates=RATES, show_hours=True)
            size = len(renderer.pdf(html))
            times.append(time.perf_counter() - started)
        print(f"| {machine} | {count} | {statistics.median(times):.2f} | {', '.join(f'{t:.2f}' for t in times)} | "
              f"{size // 1024} |")


if __name__ == "__main__":
    main()
