"""What the Charge de travail page itself costs on each run, by number of people (the heat map's SQL is apart).

Usage: .venv/bin/python bench/bench_workload_page.py [--people 25 100 500] [--weeks 13] [--runs 5]
No database: a Heatmap of random loads (a fifth of the cells over-allocated, some weeks without capacity) is built
in memory, then timed step by step: sort by peak, counters, the plotly figure of one page of people (what the page
draws) and of everyone at once (what paging avoids) with the size of its JSON sent to the browser, the table rows,
the CSV and the Excel workbook. Prints one table: machine, people, step, median of the runs.
"""

import argparse
import os
import platform
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from domain.planning import heat
from domain.planning.model import HeatCell, Heatmap, HeatRow
from pages._ui import workload_chart
from pages._ui.exports import csv_bytes, xlsx_bytes

FIRST = date(2026, 11, 23)


def heatmap(people: int, weeks: int, rng: random.Random) -> Heatmap:
    mondays = tuple(FIRST + timedelta(days=7 * n) for n in range(weeks))
    rows = []
    for n in range(people):
        cells = []
        for week in mondays:
            capacity = 0 if rng.random() < 0.04 else rng.choice([2100, 1680, 1260])
            load = int(capacity * rng.choice([0, 0.3, 0.6, 0.85, 0.95, 1.2, 1.5])) if capacity else rng.choice([0, 120])
            cells.append(HeatCell(week, capacity, load, rng.randint(0, 6)))
        rows.append(HeatRow(n + 1, f"Collaborateur {n:03d} Nom", n % 8 + 1, 2100, tuple(cells)))
    return Heatmap(mondays, tuple(rows))


def timed(step: Callable[[], object], runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = step()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, nargs="+", default=[25, 100, 500])
    parser.add_argument("--weeks", type=int, default=13)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    machine = f"{platform.processor() or platform.machine()}, {os.cpu_count()} cœurs, Python {platform.python_version()}"
    teams = {n: f"Équipe {n}" for n in range(1, 9)}
    print(f"{args.weeks} semaines, {heat.PAGE_SIZE} personnes par page de la carte\n")
    print("| machine | people | step | median (ms) | note |\n|---|---|---|---|---|")
    for people in args.people:
        view = heatmap(people, args.weeks, random.Random(people))
        steps = {
            "sort by peak": lambda v=view: heat.arrange(v.rows, sort_by=heat.SortBy.PEAK),
            "counters": lambda v=view: heat.summarize(v.rows),
            "figure, one page": lambda v=view: workload_chart.figure(heat.page(v.rows, 1), v.weeks, teams).to_json(),
            "figure, everyone": lambda v=view: workload_chart.figure(v.rows, v.weeks, teams).to_json(),
            "table rows": lambda v=view: heat.table_rows(v.rows, teams),
            "CSV": lambda v=view: csv_bytes(heat.export_rows(v.rows, teams)),
            "Excel": lambda v=view: xlsx_bytes(heat.export_rows(v.rows, teams, for_excel=True), "Charge"),
        }
        for name, step in steps.items():
            median, result = timed(step, args.runs)
            note = f"{len(result) // 1024} Ko" if isinstance(result, str | bytes) else ""
            print(f"| {machine} | {people} | {name} | {median * 1000:.0f} | {note} |")


if __name__ == "__main__":
    main()
