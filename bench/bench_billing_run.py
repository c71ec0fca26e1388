"""A month's billing run of N invoices issued in bulk: check (XSD + both schematrons), number, render, embed,
store, audit, sales-journal entry, mail queued — over a process pool of one worker per core.

Usage: .venv/bin/python bench/bench_billing_run.py [--invoices 1000] [--runs 3] [--batch 50] [--workers N]
                                                   [--database URL]
By default a PostgreSQL database `eexpi_bench_billing` on 127.0.0.1 (dropped and created again, migrated); another
--database is only migrated (create it first, e.g. `createdb -h 127.0.0.1 -U postgres eexpi_bench_billing_mine`).
Each run uses a new firm of N clients, each with a forfait mensualisé (one instalment due in November 2026):
`prepare_run` drafts them (timed apart), then `issue_run` issues them. The pool is started and warmed (fonts
loaded, schematrons compiled in each worker) before the clock starts, as in a long-lived server or command.
Prints one table: machine, database, N, median of the runs and invoices/s; the CPU time of the main process and
of the pool's workers (what the run costs whatever else the machine does) and the load averages; then where the
time of the last run went (wall time waiting on the pool for checks and for rendering, the rest in the main
process: database, snapshots, XML, audit, mail).
"""

import argparse
import os
import platform
import statistics
import sys
import time
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from data.container import Container
from data.integrations.facturx_pool import PooledFacturXBatch
from data.migrate import upgrade
from data.settings import load_settings
from domain.catalogue.model import BillingMode
from domain.clients.model import Client, ClientKind
from domain.clock import FixedClock
from domain.engagements.model import Engagement, Mission
from domain.engagements.schedule import instalments_for
from domain.firm.setup import create_firm
from domain.identifiers import vat_number_for
from domain.invoicing import runs
from domain.invoicing.billing import parse_period
from domain.letters.model import EngagementLetter, LetterStatus
from tests.conftest import random_siren

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/eexpi_bench_billing"
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
YEAR = (date(2026, 1, 1), date(2026, 12, 31))


class Timed:
    """Wraps the batch adapter, adding the wall time of each call to `spent[method]`; for the `start_*` methods,
    the time the caller then waits on each result (the pool still busy) is added too."""

    def __init__(self, inner, spent: dict[str, float]) -> None:
        self.inner, self.spent = inner, spent

    def _add(self, method: str, started: float) -> None:
        self.spent[method] = self.spent.get(method, 0.0) + time.perf_counter() - started

    def __getattr__(self, method: str):
        call = getattr(self.inner, method)

        def timed(*args, **kwargs):
            started = time.perf_counter()
            try:
                result = call(*args, **kwargs)
                return [TimedLater(later, self, method) for later in result] if method.startswith("start_") else result
            finally:
                self._add(method, started)

        return timed


class TimedLater:
    def __init__(self, inner, timed: Timed, method: str) -> None:
        self.inner, self.timed, self.method = inner, timed, method

    def result(self):
        started = time.perf_counter()
        try:
            return self.inner.result()
        finally:
            self.timed._add(self.method, started)


def cpu_seconds(pool: PooledFacturXBatch) -> tuple[float, float]:
    """CPU time (user + system) used so far by this process and by the pool's workers: what the run costs
    whatever else the machine is doing (wall times on a shared machine are not)."""
    ticks = os.sysconf("SC_CLK_TCK")
    workers = 0.0
    for pid in list(pool._executor()._processes or {}):
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        workers += (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
    own = os.times()
    return own.user + own.system, workers


def recreate_postgres(url: str) -> None:
    import psycopg
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    admin = parsed.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{parsed.database}"')


def firm_with_clients(container: Container, count: int) -> int:
    siren = random_siren()
    firm = create_firm(container.platform_uow(), container.hasher, container.clock, "Cabinet Banc d'Essai", siren,
                       f"bench.{siren}@example.fr", container.login_url, "Bench Admin")
    with container.firm_uow(firm.firm_id) as uow:
        identity = replace(uow.firm.get().identity, legal_form="SAS", vat_number=vat_number_for(siren),
                           rcs_city="Lyon", share_capital_cents=5_000_000, address_line="8 quai Saint-Vincent",
                           postal_code="69001", city="Lyon", iban="FR7630006000011234567890189", bic="AGRIFRPP")
        uow.firm.update_identity(identity)
        for n in range(count):
            client = uow.clients.add(Client(
                id=0, kind=ClientKind.COMPANY, name=f"Client {n:05d} SARL", siren=random_siren(),
                address_line=f"{n + 1} rue des Fours",
                postal_code="69003", city="Lyon", email=f"compta{n}@client.fr"))
            letter = uow.letters.add(EngagementLetter(
                id=0, number=f"LM-2026-{n:05d}", status=LetterStatus.SIGNED, client_id=client.id,
                fiscal_year_start=YEAR[0], fiscal_year_end=YEAR[1], created_on=YEAR[0], signatory_name="Gérant"),
                "<p>Lettre</p>")
            engagement = uow.engagements.add(Engagement(id=0, client_id=client.id, letter_id=letter.id,
                                                        fiscal_year_start=YEAR[0], fiscal_year_end=YEAR[1],
                                                        activated_on=YEAR[0]))
            mission = uow.missions.add(Mission(id=0, client_id=client.id, label="Tenue et révision",
                                               fiscal_year_start=YEAR[0], fiscal_year_end=YEAR[1],
                                               billing_mode=BillingMode.MONTHLY, created_on=YEAR[0],
                                               engagement_id=engagement.id, fee_cents=540_000))
            uow.engagements.add_instalments(instalments_for(mission, engagement.id, monthly=True))
        uow.commit()
    return firm.firm_id


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--invoices", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--batch", type=int, default=runs.BATCH_SIZE)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--database", default=DEFAULT_URL)
    args = parser.parse_args()
    if args.database == DEFAULT_URL:
        recreate_postgres(args.database)
    upgrade(args.database)
    container = Container(replace(load_settings(), database_url=args.database), clock=FixedClock(NOW))
    period = parse_period("2026-11")
    load_at_start = os.getloadavg()
    pool = PooledFacturXBatch(args.workers)
    pool.warm_up()
    totals, prepares, spent, cpus = [], [], {}, []
    try:
        for run in range(args.runs):
            firm_id = firm_with_clients(container, args.invoices)
            started = time.perf_counter()
            prepared = runs.prepare_run(container.firm_uow(firm_id), None, container.clock, period)
            prepares.append(time.perf_counter() - started)
            spent = {}
            cpu_before, load_before = cpu_seconds(pool), os.getloadavg()[0]
            started = time.perf_counter()
            report = runs.issue_run(container.firm_uow(firm_id), None, container.clock, Timed(pool, spent),
                                    prepared.invoice_ids, batch_size=args.batch)
            totals.append(time.perf_counter() - started)
            cpu_after = cpu_seconds(pool)
            cpus.append(tuple(after - before for after, before in zip(cpu_after, cpu_before, strict=True)))
            assert len(report.issued) == args.invoices, (len(report.issued), report.refused)
            print(f"run {run + 1}: {len(report.issued)} issued in {totals[-1]:.1f} s (load average {load_before:.1f} "
                  f"→ {os.getloadavg()[0]:.1f}; CPU main {cpus[-1][0]:.1f} s, workers {cpus[-1][1]:.1f} s)",
                  file=sys.stderr)
    finally:
        pool.close()
    machine = f"{platform.processor() or platform.machine()}, {os.cpu_count()} cœurs, Python {platform.python_version()}"
    database = args.database.split(":", 1)[0].split("+")[0]
    median = statistics.median(totals)
    print("\n| machine | database | invoices | workers | batch | runs | prepare drafts, median (s) "
          "| issue, median (s) | fastest (s) | invoices/s |\n|---|---|---|---|---|---|---|---|---|---|")
    print(f"| {machine} | {database} | {args.invoices} | {args.workers} | {args.batch} | {len(totals)} "
          f"| {statistics.median(prepares):.1f} | {median:.1f} | {min(totals):.1f} | {args.invoices / median:.1f} |")
    print(f"\nCPU of the issue (median): main process {statistics.median(c[0] for c in cpus):.1f} s, pool workers "
          f"{statistics.median(c[1] for c in cpus):.1f} s (PostgreSQL's own not counted)")
    last = totals[-1]
    checks = sum(spent.get(method, 0.0) for method in ("check_many", "start_checks"))
    making = sum(spent.get(method, 0.0) for method in ("make_many", "start_making"))
    pool_time = checks + making
    print(f"\nload average (1, 5, 15 min) at the start: {load_at_start}, at the end: {os.getloadavg()}")
    print("\nWhere the last run's time went (wall clock, the main process waiting on the pool or working):\n\n"
          "| step | s | share |\n|---|---|---|")
    for step, seconds in (("waiting for the checks (XML + XSD + 2 schematrons)", checks),
                          ("waiting for render + embed (drawing, factur-x)", making),
                          ("XML with the number (main process)", spent.get("xml", 0.0)),
                          ("main process: database, snapshots, sheet, audit, journal, mail",
                           last - pool_time - spent.get("xml", 0.0))):
        print(f"| {step} | {seconds:.1f} | {seconds / last:.0%} |")


if __name__ == "__main__":
    main()
