"""Time to issue one invoice through the service: checks, number, XML + XSD + both schematrons, PDF, Factur-X
embedding, storage of the bytes, audit and mail, committed.

Usage: .venv/bin/python bench/bench_invoice_issue.py [--runs 20] [--database URL]
By default a fresh SQLite file in a temporary folder (migrated); with --database, a PostgreSQL database
that is migrated first (a new firm is created in it each run of the script). November's invoice of
tests/invoicing_support.py (forfait, payslips, an extra, a disbursement) is drafted `--runs` times, then each
draft is issued one after the other; the adapters are wrapped to time their share. The first issue of the
process (fonts loaded, schematrons compiled) is shown apart. Prints one table: machine, database, step,
runs, median, fastest.
"""

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from data.container import Container
from data.documents import WeasyPrintRenderer
from data.integrations.facturx import FacturX
from data.migrate import upgrade
from data.settings import load_settings
from domain.clients.services import create_client
from domain.firm.setup import create_firm
from domain.identifiers import vat_number_for
from domain.invoicing import services
from domain.invoicing.records import InvoiceDraft
from tests.conftest import random_siren
from tests.invoicing_support import monthly_invoice

STEPS = ("render (data/pdf drawing)", "xml", "validate (XSD + 2 schematrons)", "embed (factur-x)")


class Timed:
    """Wraps an adapter, adding each call's duration to `spent[step]`."""

    def __init__(self, inner, spent: dict[str, float], names: dict[str, str]) -> None:
        self.inner, self.spent, self.names = inner, spent, names

    def __getattr__(self, method: str):
        call = getattr(self.inner, method)

        def timed(*args, **kwargs):
            started = time.perf_counter()
            try:
                return call(*args, **kwargs)
            finally:
                step = self.names[method]
                self.spent[step] = self.spent.get(step, 0.0) + time.perf_counter() - started

        return timed


def firm_and_drafts(container: Container, runs: int) -> tuple[int, list[int]]:
    siren = random_siren()
    firm = create_firm(container.platform_uow(), container.hasher, container.clock, "Cabinet Banc d'Essai", siren,
                       f"bench.{siren}@example.fr", container.login_url, "Bench Admin")
    uow = container.firm_uow(firm.firm_id)
    with uow:
        identity = replace(uow.firm.get().identity, legal_form="SAS", vat_number=vat_number_for(siren),
                           rcs_city="Lyon", share_capital_cents=5_000_000, address_line="8 quai Saint-Vincent",
                           postal_code="69001", city="Lyon", iban="FR7630006000011234567890189", bic="AGRIFRPP")
        uow.firm.update_identity(identity)
        uow.commit()
    client = create_client(container.firm_uow(firm.firm_id), None, container.clock,
                           {"name": "Boulangerie Dupain", "siren": random_siren(), "address_line": "3 rue des Fours",
                            "postal_code": "69003", "city": "Lyon", "email": "compta@dupain.fr"})
    lines = monthly_invoice().lines
    drafts = [services.create_draft(container.firm_uow(firm.firm_id), None, container.clock,
                                    InvoiceDraft(client_id=client.id, lines=lines)).id for _ in range(runs + 1)]
    return firm.firm_id, drafts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--database", default="")
    args = parser.parse_args()
    url = args.database or f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    upgrade(url)
    container = Container(replace(load_settings(), database_url=url))
    firm_id, drafts = firm_and_drafts(container, args.runs)
    rows: dict[str, list[float]] = {step: [] for step in ("issue, total", *STEPS, "the rest (database, audit, mail)")}
    first = 0.0
    for n, draft_id in enumerate(drafts):
        spent: dict[str, float] = {}
        renderer = Timed(WeasyPrintRenderer(), spent, {"invoice_pdf": STEPS[0]})
        einvoicing = Timed(FacturX(), spent, {"xml": STEPS[1], "validate": STEPS[2], "embed": STEPS[3]})
        started = time.perf_counter()
        services.issue_invoice(container.firm_uow(firm_id), None, container.clock, renderer, einvoicing, draft_id)
        total = time.perf_counter() - started
        if n == 0:
            first = total
            continue
        rows["issue, total"].append(total)
        for step in STEPS:
            rows[step].append(spent[step])
        rows["the rest (database, audit, mail)"].append(total - sum(spent.values()))
    machine = f"{platform.processor() or platform.machine()}, {os.cpu_count()} cœurs, Python {platform.python_version()}"
    database = url.split(":", 1)[0].split("+")[0]
    print(f"First issue of the process (fonts, schematrons compiled): {first:.2f} s\n")
    print("| machine | database | step | runs | median (ms) | fastest (ms) |\n|---|---|---|---|---|---|")
    for step, times in rows.items():
        print(f"| {machine} | {database} | {step} | {len(times)} | {statistics.median(times) * 1000:.1f} "
              f"| {min(times) * 1000:.1f} |")


if __name__ == "__main__":
    main()
