"""The three dashboards on a seeded firm, cold and warm (issue 6's target on the large firm on PostgreSQL: the
partner dashboard under 1.5 s cold, load included, and under 0.3 s warm).

Usage: DATABASE_URL=postgresql+psycopg://… .venv/bin/python bench/bench_dashboards.py [--runs 5] [--firm SIREN]
       (after `manage.py seed-demo [--scale large]` on that database; the main demo firm by default).
"Cold" runs start with an empty cache (as after a write in the firm everywhere, or the first visit after a
restart: every table the views read is loaded again); "warm" runs reuse the tables loaded by the previous run.
The period is the year to date. Prints one table: machine, database, data size, median of the runs, every run,
and the process's peak memory.
"""

import argparse
import os
import platform
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select

from data.analytics import freshness
from data.analytics.sources import SOURCES
from data.container import default_container
from data.db import engine_for
from data.models.invoicing import InvoiceRow
from data.models.production import TimeEntryRow
from data.seed import MAIN, REFERENCE_DATE
from domain.access.model import Principal
from domain.dashboards import queries
from domain.dashboards.model import PeriodChoice

ALL_TABLES = [source.table for source in SOURCES.values()]


def timed(work: Callable[[], object], runs: int, cold: bool, database: str, firm_id: int) -> list[float]:
    times = []
    for _ in range(runs):
        if cold:
            freshness.note_write(database, firm_id, ALL_TABLES)  # as if the firm wrote everywhere: all reload
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return times


def thousands(n: int) -> str:
    return f"{n:,}".replace(",", "\u202f")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--firm", default=MAIN.siren)
    args = parser.parse_args()
    container = default_container()
    with container.platform_uow() as platform_uow:
        firm = platform_uow.firms.find_by_siren(args.firm)
        assert firm is not None, f"no firm {args.firm}: run manage.py seed-demo first"
        count = lambda row: platform_uow.session.scalar(select(func.count()).select_from(row)
                                                        .where(row.firm_id == firm.id))
        entries, invoices = count(TimeEntryRow), count(InvoiceRow)
    uow = lambda: container.firm_uow(firm.id)
    with uow() as u:
        staff = [x for x in u.users.list() if x.role.is_staff and x.is_active]
    me = next(x for x in staff if x.role.value == "collaborator")
    today, year = REFERENCE_DATE, PeriodChoice.YEAR
    database = engine_for(container.settings.database_url).url.render_as_string(hide_password=False)
    cases = {
        "Associé (cabinet)": lambda: queries.partner(uow(), None, today, year),
        "Manager (toutes les équipes)": lambda: queries.manager(uow(), None, today, year),
        "Collaborateur (son activité)": lambda: queries.collaborator(uow(), Principal(me), today, year),
    }
    backend = engine_for(database).url.get_backend_name()
    machine = f"{platform.processor() or platform.machine()}, {os.cpu_count()} cœurs, Python {platform.python_version()}"
    print(f"Machine : {machine} — base {backend} — {len(staff)} personnes, {thousands(entries)} saisies de temps, "
          f"{thousands(invoices)} factures et avoirs")
    print("| tableau de bord | cache | médiane (s) | essais (s) |\n|---|---|---|---|")
    for label, work in cases.items():
        for cold in (True, False):
            times = timed(work, args.runs, cold, database, firm.id)
            print(f"| {label} | {'froid' if cold else 'chaud'} | {statistics.median(times):.3f} | "
                  f"{', '.join(f'{t:.3f}' for t in times)} |")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"Mémoire maximale du processus : {peak:.0f} Mo")


if __name__ == "__main__":
    main()
