"""Time and size of the planning page's Gantt figure, for 2,000 tasks by default.

Usage: .venv/bin/python bench/bench_gantt_figure.py [--tasks 2000] [--people 25] [--runs 7]
No database: the tasks are made in memory (fixed seed) over 13 weeks from Monday 16/11/2026, one to fifteen days
long, with French labels of the length of the catalogue's programmes, spread over `--people` collaborators, one
mission per five tasks and one client per two missions. For each grouping the table gives the rows (lanes), the
pages, then, for the whole set drawn as one figure and for the first page, the median time to build the figure
(`pages/_ui/gantt.py`: rows, lanes and traces), the median time st.plotly_chart takes to serialise it (it
validates the figure again, then `plotly.io.to_json`) and the JSON size, raw and gzipped. The first build of the
process (plotly's lazy imports) is shown apart.
"""

import argparse
import gzip
import os
import platform
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import plotly.io as pio
import plotly.tools

from domain.engagements.model import TaskStatus
from domain.planning.model import GanttTask, GroupBy
from pages._ui import gantt

START = date(2026, 11, 16)
END = START + timedelta(weeks=13, days=-1)
TODAY = date(2026, 11, 20)
LABELS = ["Travaux d'inventaire et écritures de clôture", "Révision des comptes de tiers",
          "Établissement de la liasse fiscale", "Déclaration de TVA CA3", "Revue analytique et dossier de travail",
          "Rapprochements bancaires", "Préparation de l'approbation des comptes", "Bilan et annexe"]
FIRST = ["Claire", "Thomas", "Léa", "Hugo", "Chloé", "Nicolas", "Camille", "Julien", "Manon", "Étienne"]
LAST = ["Verger", "Martin", "Dubois", "Lefèvre", "Moreau", "Fournier", "Girard", "Bonnet", "Rousseau", "Mercier"]


def tasks(count: int, people: int, seed: int = 20261116) -> list[GanttTask]:
    rnd = random.Random(seed)
    names = [f"{FIRST[n % 10]} {LAST[(n // 10 + n) % 10]}" for n in range(people)]
    found = []
    for n in range(count):
        start = START + timedelta(days=rnd.randint(-14, 88))
        end = start + timedelta(days=rnd.randint(0, 14))
        person = rnd.randrange(people + 1)  # one slot in people+1: unassigned
        status = rnd.choice([TaskStatus.TODO, TaskStatus.TODO, TaskStatus.IN_PROGRESS, TaskStatus.DONE,
                             TaskStatus.BLOCKED])
        due = end + timedelta(days=rnd.randint(-5, 20))
        found.append(GanttTask(
            task_id=100_000 + n, label=rnd.choice(LABELS), status=status, planned_start=start, planned_end=end,
            due_on=due, estimated_minutes=rnd.choice([120, 240, 420, 900, 1500]),
            assignee_id=None if person == people else person + 1,
            assignee_name="Non affectée" if person == people else names[person], team_id=None, team_name="",
            mission_id=n // 5, mission_label=f"Comptes annuels {2026 - (n // 5) % 2}", client_id=n // 10,
            client_name=f"Boulangerie Dupain & Fils n° {n // 10}", overdue=due < TODAY and status is not
            TaskStatus.DONE, blocked=status is TaskStatus.BLOCKED))
    return found


def measure(rows: list[gantt.Group], runs: int) -> tuple[float, float, int, int]:
    builds, dumps, text = [], [], ""
    for _ in range(runs):
        started = time.perf_counter()
        fig = gantt.figure(rows, TODAY, START, END)
        builds.append(time.perf_counter() - started)
        started = time.perf_counter()  # what st.plotly_chart does with the figure: validate it again, then dump it
        text = pio.to_json(plotly.tools.return_figure_from_figure_or_data(fig, validate_figure=True), validate=False)
        dumps.append(time.perf_counter() - started)
    raw = text.encode()
    return statistics.median(builds), statistics.median(dumps), len(raw), len(gzip.compress(raw))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=2000)
    parser.add_argument("--people", type=int, default=25)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    data = tasks(args.tasks, args.people)
    started = time.perf_counter()
    gantt.figure(gantt.groups(data[:10], GroupBy.COLLABORATOR), TODAY, START, END)
    cold = time.perf_counter() - started
    machine = f"{platform.processor() or platform.machine()}, {os.cpu_count()} cœurs, Python {platform.python_version()}"
    print(f"Premier graphique du processus (imports de plotly) : {cold:.2f} s ; {args.tasks} tâches, "
          f"{args.people} collaborateurs\n")
    print("| machine | group by | rows (lanes) | pages | figure | build (s) | serialise (s) | JSON (Ko) | gzip (Ko) |\n"
          "|---|---|---|---|---|---|---|---|---|")
    for by in GroupBy:
        started = time.perf_counter()
        rows = gantt.groups(data, by)
        chunks = gantt.pages(rows)
        grouping = time.perf_counter() - started
        lanes = sum(g.lanes for g in rows)
        for name, part in (("all tasks", rows), (f"page 1 ({sum(len(g.placed) for g in chunks[0])} tasks)",
                                                 chunks[0])):
            build, dump, size, zipped = measure(part, args.runs)
            print(f"| {machine} | {by.label} | {lanes} | {len(chunks)} | {name} | {grouping + build:.3f} | "
                  f"{dump:.3f} | {size / 1024:.0f} | {zipped / 1024:.0f} |")


if __name__ == "__main__":
    main()
