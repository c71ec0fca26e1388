"""Time of the collections rules on a large firm's receivables (pure domain, no database): the aged balance,
the matching suggestions of one bank line, the penalties of every late invoice (what the Relances page does).

Usage: .venv/bin/python bench/bench_collections.py [--invoices 20000] [--runs 5]
Synthetic receivables: 2,000 clients, invoices spread over two years, one in three partly paid. Prints one
table: machine, step, data size, runs, median and fastest run.
"""

import argparse
import os
import platform
import random
import statistics
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from domain.collections import aging, matching
from domain.collections.model import BankLine, BankLineStatus, Movement, Receivable
from domain.collections.penalties import DEFAULT_LEGAL_RATES, penalties

ON = date(2026, 11, 20)


def receivables(count: int) -> list[Receivable]:
    rng = random.Random(42)
    found = []
    for n in range(count):
        issued = ON - timedelta(days=rng.randint(0, 700))
        due_cents = rng.randint(20_000, 500_000)
        paid = (Movement(issued + timedelta(days=20), due_cents // 3, "paiement"),) if n % 3 == 0 else ()
        found.append(Receivable(n, f"F{issued.year}-{n:05d}", n % 2000, f"Client {n % 2000} SARL", issued,
                                issued + timedelta(days=30), due_cents, Decimal("12.15"), 4_000, paid))
    return found


def timed(step, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        step()
        times.append(time.perf_counter() - started)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--invoices", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    items = receivables(args.invoices)
    line = BankLine(1, "BNP", ON, f"VIR SEPA CLIENT 17 SARL {items[17].number}", items[17].due_cents, "",
                    BankLineStatus.TO_MATCH)
    prepared = matching.candidates(items)
    late = [r for r in items if r.due_date < ON and r.outstanding_on(ON) > 0]
    steps = {
        "balance âgée": lambda: aging.aged_balance(items, ON),
        "suggestions d'une ligne (indices préparés)": lambda: matching.suggest(line, prepared),
        "préparation des indices (une fois par file)": lambda: matching.candidates(items),
        f"pénalités ({len(late)} factures en retard)": lambda: [penalties(r, ON, DEFAULT_LEGAL_RATES) for r in late],
    }
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cœurs, Python "
          f"{platform.python_version()}; {args.invoices} factures, {args.runs} passes")
    print(f"{'étape':<42} {'médiane (s)':>12} {'meilleure (s)':>14}")
    for name, step in steps.items():
        times = timed(step, args.runs)
        print(f"{name:<42} {statistics.median(times):>12.3f} {min(times):>14.3f}")


if __name__ == "__main__":
    main()
