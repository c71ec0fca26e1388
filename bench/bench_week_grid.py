"""Saisie des temps on a seeded firm: what the page reads on each run (`week_grid`), the search of a mission by
client name, saving one week (`save_week`) and, for an approver, the weeks to approve, for a few people of the
firm (issue 4: saving one entry p95 < 100 ms on the large firm on PostgreSQL).

Usage: DATABASE_URL=… .venv/bin/python bench/bench_week_grid.py [--runs 20] [--firm SIREN] [--dry-run]
       (after `manage.py seed-demo`, at either scale; the main demo firm by default).
The people: the demo collaborator, the demo administrator, and the staff member with the most open tasks. The
week is the one of the seed's reference date. Saving writes back the week's own entries (the same rows, typed
as the grid shows them); `--dry-run` rolls the save back instead of committing (for a database to keep as is).
Prints one table: machine, database, data size, per case the median, the 95th percentile and the size read.
"""

import argparse
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select

from data.container import default_container
from data.db import engine_for
from data.models.clients import ClientRow
from data.models.engagements import MissionRow, MissionTaskRow
from data.models.production import TimeEntryRow
from data.seed import MAIN, MAIN_ADMIN, MAIN_COLLABORATOR, REFERENCE_DATE
from data.uow import SqlFirmUnitOfWork
from domain.access.model import Permission
from domain.access.services import load_principal
from domain.engagements.model import TaskStatus
from domain.timesheets import queries, services
from domain.timesheets.model import week_start
from domain.timesheets.services import GridRow
from domain.timesheets.validation import minutes_text


class DryRunUnitOfWork(SqlFirmUnitOfWork):
    """Rolls back where the service commits: the timings include every statement but the final COMMIT."""

    def commit(self) -> None:
        self.rollback()


def timed(work: Callable[[], object], runs: int) -> tuple[list[float], object]:
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - started)
    return times, result


def p95(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def thousands(n: int) -> str:
    return f"{n:,}".replace(",", "\u202f")


def rows_of(grid) -> list[GridRow]:
    """The grid's lines as the page sends them back on "Enregistrer"."""
    return [GridRow(activity=line.activity, client_id=line.client_id, mission_id=line.mission_id,
                    task_id=line.task_id, billable=line.billable, comment=line.comment,
                    days=tuple(minutes_text(m) for m in line.minutes)) for line in grid.lines]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--firm", default=MAIN.siren)
    parser.add_argument("--dry-run", action="store_true")
    args = parser.parse_args()
    container = default_container()
    with container.platform_uow() as platform_uow:
        firm = platform_uow.firms.find_by_siren(args.firm)
        assert firm is not None, f"no firm {args.firm}: run manage.py seed-demo first"
        session = platform_uow.session
        count = lambda row: session.scalar(select(func.count()).select_from(row).where(row.firm_id == firm.id))
        sizes = (count(ClientRow), count(MissionRow), count(TimeEntryRow))
        busiest = session.scalar(
            select(MissionTaskRow.assignee_id).where(MissionTaskRow.firm_id == firm.id,
                                                     MissionTaskRow.assignee_id.is_not(None),
                                                     MissionTaskRow.status != TaskStatus.DONE.value)
            .group_by(MissionTaskRow.assignee_id).order_by(func.count().desc()).limit(1))
    factory = container.firm_uow(firm.id)._factory
    uow = (lambda: DryRunUnitOfWork(factory, firm.id)) if args.dry_run else (lambda: container.firm_uow(firm.id))
    monday = week_start(REFERENCE_DATE)
    with uow() as u:
        staff = [x for x in u.users.list() if x.role.is_staff and x.is_active]
        by_email = {x.email: x for x in staff}
        people = {"collaborateur de la démo": by_email[MAIN_COLLABORATOR], "administratrice": by_email[MAIN_ADMIN],
                  "le plus de tâches ouvertes": next(x for x in staff if x.id == busiest)}
        principals = {f"{person.full_name} ({label})": load_principal(u, person) for label, person in people.items()}

    backend = engine_for(container.settings.database_url).url.get_backend_name()
    machine = f"{platform.processor() or platform.machine()}, {os.cpu_count()} cœurs, Python {platform.python_version()}"
    print(f"Machine : {machine} — base {backend} — {len(staff)} personnes, {thousands(sizes[0])} clients, "
          f"{thousands(sizes[1])} missions, {thousands(sizes[2])} saisies de temps — semaine du {monday:%d/%m/%Y}"
          + (" — enregistrement annulé (--dry-run)" if args.dry_run else ""))
    print("| personne | calcul | taille | médiane (ms) | p95 (ms) |\n|---|---|---|---|---|")
    for label, principal in principals.items():
        grid = queries.week_grid(uow(), principal, monday)
        cases = {"week_grid": lambda p=principal: queries.week_grid(uow(), p, monday)}
        if hasattr(queries, "searchable_missions"):
            cases["searchable_missions « sa »"] = lambda p=principal: queries.searchable_missions(uow(), p, "sa")
        if principal.can(Permission.APPROVE_TIME):
            cases["weeks_to_approve"] = lambda p=principal: queries.weeks_to_approve(uow(), p)
        rows = rows_of(grid)
        if not grid.locked:
            cases["save_week"] = lambda p=principal, r=rows: services.save_week(
                uow(), p, container.clock, p.user.id, monday, r)
        for case, work in cases.items():
            times, result = timed(work, args.runs)
            if case == "week_grid":
                size = f"{len(result.lines)} lignes, {len(result.choices)} missions au choix"
            elif case == "save_week":
                size = f"{result} saisies"
            elif case == "weeks_to_approve":
                size = f"{len(result)} semaines soumises"
            else:
                size = f"{len(result)} missions"
            print(f"| {label} | {case} | {size} | {statistics.median(times) * 1000:.0f} | {p95(times) * 1000:.0f} |")


if __name__ == "__main__":
    main()
