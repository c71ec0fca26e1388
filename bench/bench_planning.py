"""Planning on a seeded firm: the Gantt data of one team for 13 weeks and the workload heat map of every person
for 13 weeks (issue 4's target on the large firm on PostgreSQL: each under 1 s).

Usage: DATABASE_URL=postgresql+psycopg://… .venv/bin/python bench/bench_planning.py [--runs 5] [--firm SIREN]
       (after `manage.py seed-demo --scale large` on that database; the main demo firm by default).
"Cold" runs start with an empty cache (a write in the firm, or the first visit after a restart: the firm's
tables are loaded again); "warm" runs reuse the tables loaded by the previous run. Prints one table: machine,
database, data size, median of the runs, every run.
"""

import argparse
import os
import platform
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select

from data.analytics import freshness
from data.analytics.sources import SOURCES
from data.container import default_container
from data.db import engine_for
from data.models.engagements import MissionTaskRow
from data.models.production import TimeEntryRow
from data.seed import MAIN, REFERENCE_DATE
from domain.planning import queries
from domain.planning.model import GanttFilter

ALL_TABLES = [source.table for source in SOURCES.values()]


def timed(work: Callable[[], object], runs: int, cold: bool, database: str, firm_id: int) -> tuple[list[float], object]:
    times, result = [], None
    for _ in range(runs):
        if cold:
            freshness.note_write(database, firm_id, ALL_TABLES)  # as if the firm wrote everywhere: all reload
        started = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - started)
    return times, result


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
        assert firm is not None, f"no firm {args.firm}: run manage.py seed-demo --scale large first"
        tasks = platform_uow.session.scalar(select(func.count()).select_from(MissionTaskRow)
                                            .where(MissionTaskRow.firm_id == firm.id))
        entries = platform_uow.session.scalar(select(func.count()).select_from(TimeEntryRow)
                                              .where(TimeEntryRow.firm_id == firm.id))
    uow = lambda: container.firm_uow(firm.id)
    with uow() as u:
        staff = [x for x in u.users.list() if x.role.is_staff and x.is_active]
    team_id, team_size = Counter(x.team_id for x in staff if x.team_id).most_common(1)[0]
    today = REFERENCE_DATE
    start = today - timedelta(days=today.weekday())
    quarter = GanttFilter(start, start + timedelta(days=7 * 13 - 1), team_id=team_id)
    database = engine_for(container.settings.database_url).url.render_as_string(hide_password=False)

    cases = {
        f"Gantt, une équipe ({team_size} pers.), 13 semaines": lambda: queries.gantt(uow(), None, today, quarter),
        f"Carte de charge, {len(staff)} pers. × 13 semaines": lambda: queries.heatmap(uow(), None, today),
    }
    backend = engine_for(database).url.get_backend_name()
    machine = f"{platform.processor() or platform.machine()}, {os.cpu_count()} cœurs, Python {platform.python_version()}"
    print(f"Machine : {machine} — base {backend} — {len(staff)} personnes, {thousands(tasks)} tâches, "
          f"{thousands(entries)} saisies de temps")
    print("| calcul | cache | lignes | médiane (s) | essais (s) |\n|---|---|---|---|---|")
    for label, work in cases.items():
        for cold in (True, False):
            times, result = timed(work, args.runs, cold, database, firm.id)
            size = len(result.rows) * len(result.weeks) if hasattr(result, "rows") else len(result)
            print(f"| {label} | {'froid' if cold else 'chaud'} | {size} | {statistics.median(times):.3f} | "
                  f"{', '.join(f'{t:.3f}' for t in times)} |")


if __name__ == "__main__":
    main()
