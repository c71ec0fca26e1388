"""Saving one time entry on the large firm: the save of the time-entry page (`save_week`), N times per round.

Usage: DATABASE_URL=postgresql+psycopg://…/eexpi_large .venv/bin/python bench/bench_time_entry.py
       [--saves 200] [--rounds 5] [--firm SIREN]
       (after `manage.py seed-demo --scale large`; issue 4: p95 < 100 ms on the large firm on PostgreSQL).
Each save is a different staff member (drawn with a fixed seed among those with an open task on an open mission)
adding one entry, a quarter of an hour on that task, to their current week: the page sends the whole week back,
so the save replaces the week's entries with the same ones plus the new one, and commits. Only the save is
timed; afterwards the week is put back as it was (untimed), so the database is left as the seed made it.
Prints one table: machine, database and data size, then per round the saves, median, 95th percentile and
maximum, and the median of the rounds' 95th percentiles.
"""

import argparse
import os
import platform
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select

from data.container import default_container
from data.db import engine_for
from data.models.clients import ClientRow
from data.models.engagements import MissionRow, MissionTaskRow
from data.models.production import TimeEntryRow
from data.seed import MAIN, REFERENCE_DATE
from domain.access.services import load_principal
from domain.clock import FixedClock
from domain.engagements.model import MissionStatus, TaskStatus
from domain.timesheets import services
from domain.timesheets.model import Activity, TimeEntry, week_start
from domain.timesheets.services import GridRow

WARM_UP = 10


def p95(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def thousands(n: int) -> str:
    return f"{n:,}".replace(",", "\u202f")


def week_rows(entries: list[TimeEntry], monday) -> list[GridRow]:
    """The week's entries as the grid sends them back: one row per destination, a cell per day."""
    cells: dict[tuple, list[str]] = {}
    for e in entries:
        key = (e.activity, e.client_id, e.mission_id, e.task_id, e.billable, e.comment)
        row = cells.setdefault(key, [""] * 7)
        row[(e.day - monday).days] = f"{e.minutes} min"
    return [GridRow(activity=a, client_id=c, mission_id=m, task_id=t, billable=b, comment=note, days=tuple(days))
            for (a, c, m, t, b, note), days in cells.items()]


def candidates(container, firm_id: int, count: int, seed: int) -> list[tuple[int, int, int, int]]:
    """(person, client, mission, task): an open task of an open mission for `count` different people."""
    with container.platform_uow() as uow:
        found = uow.session.execute(
            select(MissionTaskRow.assignee_id, MissionRow.client_id, MissionRow.id, MissionTaskRow.id)
            .join(MissionRow, (MissionRow.firm_id == MissionTaskRow.firm_id) & (MissionRow.id == MissionTaskRow.mission_id))
            .where(MissionTaskRow.firm_id == firm_id, MissionTaskRow.status != TaskStatus.DONE.value,
                   MissionRow.status != MissionStatus.DONE.value, MissionTaskRow.planned_start <= REFERENCE_DATE)
            .order_by(MissionTaskRow.id)).all()
    by_person: dict[int, list[tuple]] = {}
    for row in found:
        by_person.setdefault(row[0], []).append(tuple(row))
    rng = random.Random(seed)
    people = rng.sample(sorted(by_person), min(count, len(by_person)))
    return [rng.choice(by_person[p]) for p in people]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--firm", default=MAIN.siren)
    args = parser.parse_args()
    container = default_container()
    clock = FixedClock(datetime.combine(REFERENCE_DATE, datetime.min.time(), UTC) + timedelta(hours=17))
    monday = week_start(REFERENCE_DATE)
    with container.platform_uow() as uow:
        firm = uow.firms.find_by_siren(args.firm)
        assert firm is not None, f"no firm {args.firm}: run manage.py seed-demo --scale large first"
        count = lambda row: uow.session.scalar(select(func.count()).select_from(row).where(row.firm_id == firm.id))
        sizes = (count(ClientRow), count(MissionRow), count(TimeEntryRow))
        repos = uow.scoped(firm.id)
        staff = {u.id: u for u in repos.users.list()}
        picks = candidates(container, firm.id, args.saves, seed=2026)
        principals = {p: load_principal(repos, staff[p]) for p, _, _, _ in picks}
    assert picks, "no open task on an open mission: is this the seeded firm?"

    def save_one(person: int, client: int, mission: int, task: int, day_offset: int) -> float:
        with container.firm_uow(firm.id) as uow:
            before = uow.time_entries.for_user(person, monday, monday + timedelta(days=6))
        rows = week_rows(before, monday)
        cells = [""] * 7
        cells[day_offset] = "0,25"
        added = GridRow(activity=Activity.PRODUCTION, client_id=client, mission_id=mission, task_id=task,
                        billable=True, comment="Saisie du banc d'essai", days=tuple(cells))
        started = time.perf_counter()
        services.save_week(container.firm_uow(firm.id), principals[person], clock, person, monday, [*rows, added])
        elapsed = time.perf_counter() - started
        services.save_week(container.firm_uow(firm.id), principals[person], clock, person, monday, rows)  # put back
        return elapsed

    for n, pick in enumerate(picks[:WARM_UP]):
        save_one(*pick, n % 5)
    backend = engine_for(container.settings.database_url).url.get_backend_name()
    machine = f"{platform.processor() or platform.machine()}, {os.cpu_count()} cœurs, Python {platform.python_version()}"
    print(f"Machine : {machine} — base {backend} — {len(staff)} utilisateurs, {thousands(sizes[0])} clients, "
          f"{thousands(sizes[1])} missions, {thousands(sizes[2])} saisies de temps — semaine du {monday:%d/%m/%Y}")
    print("| tour | enregistrements | médiane (ms) | p95 (ms) | max (ms) |\n|---|---|---|---|---|")
    nineties = []
    for round_number in range(1, args.rounds + 1):
        times = [save_one(*pick, n % 5) for n, pick in enumerate(picks)]
        nineties.append(p95(times))
        print(f"| {round_number} | {len(times)} | {statistics.median(times) * 1000:.1f} | {p95(times) * 1000:.1f} | "
              f"{max(times) * 1000:.1f} |")
    print(f"\nMédiane des p95 : {statistics.median(nineties) * 1000:.1f} ms (objectif : < 100 ms)")


if __name__ == "__main__":
    main()
