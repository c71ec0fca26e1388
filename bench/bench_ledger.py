"""Sales journal: posting invoice entries (numbered under the journal's row lock) and the FEC export of a year.

Usage: .venv/bin/python bench/bench_ledger.py [--entries 1000] [--runs 3] [--postgres URL]
Each run posts `entries` invoice entries of 5 lines (two VAT rates, an extra, a disbursement: the shape of
tests/unit/test_accounting_posting.py) in one transaction, as a billing-run batch would, into a fresh firm,
then exports the year as a FEC file (ISO-8859-15). Prints one table: machine, database, entries, median of the
runs for posting (total and per entry) and for the export, every run.
"""

import argparse
import os
import statistics
import sys
import time
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from stdnum import luhn

from bench.bench_client_import import DEFAULT_PG
from bench.harness import machine as harness_machine
from bench.harness import on_both_databases
from data.container import Container
from data.migrate import upgrade
from data.passwords import Argon2Hasher
from data.settings import load_settings
from domain.accounting import services as accounting
from domain.accounting.posting import invoice_entry
from domain.clients.services import create_client
from domain.firm.setup import create_firm
from tests.unit.test_accounting_posting import two_rates_invoice


def one_run(container: Container, entries: int, run: int) -> tuple[float, float]:
    base = f"{40_000_000 + run * 1000 + os.getpid() % 1000}"
    new = create_firm(container.platform_uow(), container.hasher, container.clock, f"Cabinet bench {run}",
                      base + luhn.calc_check_digit(base), f"ledger{run}.{os.getpid()}@exemple.fr", "")
    client = create_client(container.firm_uow(new.firm_id), None, container.clock,
                           {"name": "Boulangerie Dupain", "siren": "732829320"})
    at = datetime(2026, 11, 20, 9, tzinfo=UTC)
    template = invoice_entry(two_rates_invoice(), invoice_id=1, client_id=client.id)
    started = time.perf_counter()
    with container.firm_uow(new.firm_id) as uow:
        for n in range(entries):
            uow.ledger.post(replace(template, source_id=n + 1, invoice_id=None, piece_ref=f"F2026-{n + 1:05d}",
                                    entry_date=date(2026, 1 + n % 12, 1 + n % 28)), at)
        uow.commit()
    posted = time.perf_counter() - started
    started = time.perf_counter()
    result = accounting.export_fec(container.firm_uow(new.firm_id), None, container.clock, 2026)
    exported = time.perf_counter() - started
    assert result.entries == entries and result.debit_cents == result.credit_cents
    return posted, exported


def measure(url: str, entries: int, runs: int) -> list[tuple[float, float]]:
    upgrade(url)
    container = Container(replace(load_settings(), database_url=url, secret_key="bench"), hasher=Argon2Hasher(fast=True))
    return [one_run(container, entries, run) for run in range(runs)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--postgres", default=os.environ.get("BENCH_POSTGRES_URL", DEFAULT_PG))
    args = parser.parse_args()
    results = on_both_databases(lambda url: measure(url, args.entries, args.runs), args.postgres)
    machine = harness_machine()
    print("| machine | database | entries | posting median (s) | per entry (ms) | FEC export median (s) | runs "
          "post/export (s) |\n|---|---|---|---|---|---|---|")
    for database, times in results.items():
        post = statistics.median(t[0] for t in times)
        export = statistics.median(t[1] for t in times)
        print(f"| {machine} | {database} | {args.entries} | {post:.2f} | {post / args.entries * 1000:.2f} | "
              f"{export:.2f} | {', '.join(f'{p:.2f}/{e:.2f}' for p, e in times)} |")


if __name__ == "__main__":
    main()
